"""`course doctor`: which protections learner workers get on this machine, and why not.

`report()` returns one row per protection: (name, active, detail); `grading_gaps()` what a
hostile submission could still do here, for `course grade` to say. The sandbox probes the
machine once per process (`checker.sandbox.protections`), so this costs a few
milliseconds of forked children and nothing else.
"""

from __future__ import annotations

import sys

from checker.paths import solutions_dir
from checker.sandbox import Limits, Protections, others_can_reach, protections

Row = tuple[str, bool, str]


def _size(count: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:g} {unit}" if unit == "bytes" else f"{count:.3g} {unit}"
        count /= 1024
    return str(count)


def report(limits: Limits | None = None) -> list[Row]:
    """(protection, active, detail) for every protection the sandbox knows of."""
    limits = limits or Limits()
    found = protections()
    notes = found.notes
    linux = sys.platform.startswith("linux")
    rows: list[Row] = [
        ("separate process", True,
         "learner code runs only in a worker process, never in the checker; results are "
         "decided by the checker after the worker is dead"),
        ("own session and process group", True,
         "killed as a whole when a topic ends, a call times out or the worker crashes"),
        ("isolated Python and minimal environment", True,
         "python -I in a fresh temporary folder; no variables of yours are passed on "
         "(tokens, proxies, paths); MPLBACKEND=Agg, one BLAS thread"),
        ("resource limits", True,
         f"CPU {limits.cpu_seconds} s, memory {_size(limits.memory_bytes)}, files up to "
         f"{_size(limits.file_bytes)}, {limits.open_files} open files, no core dumps"),
        ("wall-clock timeouts", True,
         f"{limits.call_seconds:g} s per call, {limits.import_seconds:g} s per import, "
         f"{limits.topic_seconds:g} s per topic; output capped at "
         f"{_size(limits.output_bytes)}"),
        ("unprivileged user", found.dedicated_uid,
         "each topic's worker runs as its own unprivileged uid, without groups, and "
         "cannot gain privileges (no_new_privs)" if found.dedicated_uid else
         notes.get("dedicated_uid", "needs the checker to run as root")),
        ("process limit", found.dedicated_uid,
         f"at most {limits.processes} processes and threads" if found.dedicated_uid else
         "RLIMIT_NPROC counts every process of a user, so it is only set for a dedicated "
         "uid"),
        ("stray processes killed", True,
         "every process of the worker's uid is killed, including ones that left the "
         "session (setsid, double fork)" if found.dedicated_uid else
         "the process group, and processes that still carry the worker's marker "
         "variable (a process that escapes and clears its environment survives)"),
        ("no network", found.network_namespace,
         ("a network namespace of its own, with no interface up"
          + ("" if found.root else " (inside a user namespace)"))
         if found.network_namespace else notes.get(
             "network_namespace", "needs Linux network namespaces" if linux else
             "needs Linux")),
        ("read-only file system and private /tmp", found.mount_namespace,
         ("a mount namespace: everything read-only except the worker's folder; private "
          "/tmp, /var/tmp and /dev/shm; home folders, reference solutions and the "
          "submission's folder hidden" + ("" if found.root else " (inside a user namespace)"))
         if found.mount_namespace else notes.get(
             "mount_namespace", "needs root and Linux mount namespaces")),
        ("disk quota", found.disk_quota,
         f"the worker's folder is a tmpfs of {_size(limits.disk_bytes)}"
         if found.disk_quota else notes.get(
             "disk_quota", f"only the per-file limit ({_size(limits.file_bytes)}) applies")),
        ("warm workers (fork server)", _fork_server_works(),
         "workers are forked from a process that imported NumPy and SciPy once, then "
         "confined exactly as a fresh worker is" if _fork_server_works() else
         "unavailable here: every worker starts a fresh interpreter (slower, as safe)"),
    ]
    return rows


def grading_gaps(found: Protections | None = None) -> list[str]:
    """What a hostile submission could still do on this machine that a grader running as
    root on Linux, with mount and network namespaces allowed, stops: one sentence each,
    empty when nothing. `course grade` says them before it starts and summary.md keeps
    them, since a grade made where they apply can be forged by the code it grades.

    Reading what any user may read (the course's own files among them) is left out where
    the workers have a uid of their own: every learner installs the same package, so grades
    measure work and do not proctor it (README). Running the reference solutions at run time
    is another matter: the token comparison behind grades.csv's flags cannot see it. The
    mount namespace hides them, and so does a folder that only its owner may enter (the
    README's Gradescope setup.sh makes it so), as workers of a uid of their own are not
    its owner."""
    found = found or protections()
    gaps: list[str] = []
    if not found.dedicated_uid and found.mount_namespace:
        # Inside its own user namespace it cannot trace a process outside it either: Linux
        # asks for CAP_SYS_PTRACE in the target's namespace.
        gaps.append("learner code runs as your own user: it can change none of your files, "
                    "but a submission could still stop the grading, since it may signal "
                    "any process of yours")
    elif not found.dedicated_uid:
        gaps.append("learner code runs as your own user, so a submission could change any "
                    "file you can, these grades included, or stop the grading")
    elif not found.mount_namespace and others_can_reach(str(solutions_dir())):
        gaps.append(f"learner code can read the reference solutions installed with the "
                    f"course, so a topic file could run them instead of its own code "
                    f"(grades.csv's flags do not catch that); `chmod 700 "
                    f"{solutions_dir()}` stops that")
    if not found.network_namespace:
        gaps.append("learner code can use the network")
    return gaps


def _fork_server_works() -> bool:
    import os

    if os.environ.get("COURSE_FORK_SERVER", "1") == "0":
        return False
    try:
        import socket

        return hasattr(socket, "send_fds") and hasattr(os, "fork")
    except ImportError:
        return False
