"""Start, talk to and kill learner workers: the trusted side of the process boundary.

Learner code is untrusted. It runs only in a worker process (`checker.worker`) that is:

- started in a fresh temporary folder (the "cell") holding a copy of the learner's file,
  with Python's isolated mode (`-I`) and a minimal environment (none of the caller's
  variables except the locale and OpenBLAS's processor hints; MPLBACKEND=Agg; one BLAS
  thread), in its own session and process group, never through a shell;
- limited: CPU time, address space, file size, open files, core dumps, and, when it runs
  as a dedicated uid, the number of processes (RLIMIT_NPROC counts per uid, and root
  ignores it); a wall-clock timeout per call and a budget per topic (`LearnerSession`);
  its stdout and stderr are drained and capped;
- when the checker runs as root (grading, CI): switched to a dedicated unprivileged uid and
  gid, chosen at random for each cell from a range no account uses and locked for the
  cell's life by an abstract Unix socket (so parallel checkers never share one), with no
  supplementary groups and PR_SET_NO_NEW_PRIVS (no setuid program gives root back). Before
  the switch, where the kernel allows (root with CAP_SYS_ADMIN), the worker enters a new
  network namespace (no interface but a loopback that is down: no connection anywhere,
  abstract Unix sockets of the host unreachable) and a new mount namespace in which every
  disk-like mount is read-only, /tmp, /var/tmp and /dev/shm are fresh small tmpfs, the
  cell is the one writable place, every top-level folder that is not the operating
  system's (/home, /root, /srv, /mnt, /opt, ...: other learners' submissions), the
  reference solutions, the learner's original folder and its parent are covered by empty
  folders, and the folders Python needs there or that the unprivileged uid could not
  reach (a pyenv under /root, a venv under a 0700 mktemp folder, the libraries the
  checker has loaded) are bind-mounted back read-only at their own paths. The cell itself
  is a tmpfs of `Limits.disk_bytes`, so a learner cannot fill the disk either.
- Unprivileged (a learner's own machine): the same process, environment and limits; where
  the kernel allows a user namespace, the worker makes one of its own (mapping only its own
  uid and gid) and inside it the same network and mount namespaces as root's workers, with
  /proc covered too, since /proc/PID/root of any other process of the same user would lead
  out of the view (the probe falls back to the network namespace alone where this fails or
  would leave Python unreachable); no uid switch, no disk quota.

Ending a worker, however it ends: its process group is killed with SIGKILL; when it ran as a
dedicated uid, every process of that uid is killed too (a helper forked from the checker
switches to the uid and calls kill(-1, SIGKILL) when the topic ends, and each new worker
of the cell does the same before it reads the learner's file): this catches what escaped
with setsid() or a double fork, and a dedicated uid cannot be dodged. A worker also dies
with the checker (PR_SET_PDEATHSIG), and cells of a checker killed outright are removed by
the next one (`clean_stale_cells`). Unprivileged
runs kill, in addition to the process group, every process of the checker's user whose
environment still carries the cell's random marker (best effort: learner code can clear it).
We chose the uid sweep over a cgroup (needs a writable cgroup tree and differs between v1 and
v2) and over a PR_SET_CHILD_SUBREAPER supervisor (one more process per worker, and a
supervisor that learner code running as the same uid could kill).

What machine offers what is probed once per process (`protections()`), by forking a child
that applies the real plan and checks Python is still reachable; `checker.doctor` reports
it. A plan step that then fails in a worker stops that worker before any learner code runs.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from checker import codec, protocol
from checker import worker as worker_module
from checker.environment import MARKER_VARIABLE, worker_environment
from checker.limits import Limits, not_kept_marker
from checker.paths import PACKAGE_DIR, solutions_dir

# Dedicated uids (and gids of the same number): a range that no distribution, systemd
# dynamic user or container sub-uid allocation uses by default.
UID_BASE = 0x6B000000
UID_COUNT = 1 << 20
SCRATCH_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")
# Top-level folders of the operating system, left visible (read-only) to workers; every
# other one (/home, /root, /srv, /mnt, /opt, /work...: where submissions, solutions and
# other people's files live) is covered, and only what Python needs in it shown again.
OS_FOLDERS = frozenset({
    "bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "sbin", "usr", "var",
    "proc", "sys", "run", "tmp", "nix", "gnu", "snap", "lost+found",
})
MAX_VALUES = 1_000_000  # separate values in one answer (an array counts as one)


class WorkerCrashed(RuntimeError):
    """The worker ended without answering; `detail` says how."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class WorkerTimeout(TimeoutError):
    """The worker did not answer within the wall-clock limit."""


# -- what this machine allows ---------------------------------------------------------------


@dataclass(frozen=True)
class Protections:
    """Which protections workers get on this machine, probed once per process."""

    root: bool
    dedicated_uid: bool = False
    network_namespace: bool = False
    mount_namespace: bool = False
    disk_quota: bool = False
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def namespaces(self) -> tuple[str, ...]:
        if not self.root:  # both made inside a user namespace of the worker's own
            return tuple(name for name, on in (("user-net", self.network_namespace),
                                               ("mount", self.mount_namespace)) if on)
        return tuple(name for name, on in (("mount", self.mount_namespace),
                                           ("net", self.network_namespace)) if on)


_protections: Protections | None = None
_protections_lock = threading.Lock()


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.fspath(path))


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mapped_library_folders() -> set[str]:
    """Folders of the shared libraries this process has loaded (NumPy's, SciPy's...)."""
    folders = set()
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip() if line.count(" ") >= 5 else ""
                if path.startswith("/") and (".so" in path or path == sys.executable):
                    folders.add(os.path.dirname(path))
    except OSError:
        pass
    return folders


_needed_cache: tuple[tuple[int, int], list[str]] | None = None


def needed_paths() -> list[str]:
    """Folders a worker's Python reads: the interpreter's, the libraries', this package's.

    Remembered until this process imports another module or changes sys.path (either may
    load a library from a new folder): reading /proc/self/maps costs milliseconds, and
    every worker's plan asks."""
    global _needed_cache
    key = (len(sys.modules), hash(tuple(sys.path)))
    if _needed_cache is None or _needed_cache[0] != key:
        _needed_cache = (key, _find_needed_paths())
    return list(_needed_cache[1])


def _find_needed_paths() -> list[str]:
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  str(PACKAGE_DIR.parent), os.path.dirname(_real(sys.executable))}
    candidates.update(path for path in sysconfig.get_paths().values())
    # Not the current folder, which `python -m checker` puts on sys.path (a grader's
    # submissions folder, /tmp or / itself): workers run `python -I`, which never reads
    # from it, and kept readable it would show them what the plan hides, or, as / or /tmp,
    # leave nothing to hide or no private /tmp to make.
    not_libraries = {"/", *_scratch_folders()}
    with contextlib.suppress(OSError):
        not_libraries.add(_real(os.getcwd()))
    candidates.update(path for path in sys.path
                      if path and _real(path) not in not_libraries)
    candidates.update(_mapped_library_folders())
    real = sorted({_real(path) for path in candidates if path and os.path.isdir(path)})
    # A folder inside another one on the list comes along with it.
    return [path for path in real
            if not any(other != path and _under(path, other) for other in real)]


def _others_can_enter(path: str) -> bool:
    try:
        return bool(os.stat(path).st_mode & 0o001)
    except OSError:
        return False


def others_can_reach(path: str) -> bool:
    """Whether users other than the owners could open files in the folder `path`: every
    folder on the way, `path` itself included, lets others enter."""
    return _blocked_ancestor(path) is None and _others_can_enter(path)


def _blocked_ancestor(path: str) -> str | None:
    """The top-most folder on the way to `path` that other users cannot enter."""
    parts = Path(path).parts
    for depth in range(2, len(parts) + 1):
        ancestor = os.path.join(*parts[:depth])
        if not _others_can_enter(ancestor):
            return ancestor if ancestor != path else None
    return None


def _scratch_folders() -> list[str]:
    found = []
    for folder in SCRATCH_FOLDERS:
        if os.path.isdir(folder) and not os.path.islink(folder) and _real(folder) not in found:
            found.append(_real(folder))
    return found


def private_top_folders() -> list[str]:
    """Top-level folders that are not the operating system's (see OS_FOLDERS)."""
    try:
        names = sorted(os.listdir("/"))
    except OSError:
        return []
    return [f"/{name}" for name in names if name not in OS_FOLDERS
            and os.path.isdir(f"/{name}") and not os.path.islink(f"/{name}")]


def filesystem_plan(home: str, hide: list[str], needed: list[str] | None = None,
                    tops: list[str] | None = None) -> dict[str, Any]:
    """Which folders a worker's mount namespace hides, covers and shows again.

    `hide`: folders covered by an empty one (unless they hold something kept). Covered
    too: the private top-level folders `tops` and any folder on the way to a needed path
    that other users cannot enter; the needed paths under a cover or a scratch folder are
    bind-mounted back, read-only, at their own paths.
    """
    needed = needed_paths() if needed is None else needed
    scratch = _scratch_folders()
    cover = [top for top in (private_top_folders() if tops is None else tops)
             if not any(_under(top, folder) for folder in scratch)]
    reveal = []
    for path in needed:
        if any(_under(path, folder) for folder in [*scratch, *cover]):
            reveal.append(path)
            continue
        blocked = _blocked_ancestor(path)
        if blocked is not None:
            reveal.append(path)
            if blocked not in cover:
                cover.append(blocked)
    kept = [*needed, home, *scratch]
    hidden: list[str] = []
    # Outermost first: a folder inside one already hidden, or inside a cover or scratch
    # folder and not shown again by a reveal, is gone from the view; covering it again
    # would fail (as when a wheel's solutions sit beside its stubs).
    for path in sorted(dict.fromkeys(_real(p) for p in hide), key=len):
        if not os.path.isdir(path) or path == "/" or any(_under(keep, path) for keep in kept):
            continue
        if any(_under(path, outer) for outer in hidden):
            continue
        if any(_under(path, outer) for outer in [*cover, *scratch]) and \
                not any(_under(path, shown) for shown in reveal):
            continue
        hidden.append(path)
    return {"home": home, "scratch": scratch, "cover": cover, "reveal": reveal,
            "hide": hidden}


def _rlimits(limits: Limits, dedicated_uid: bool) -> dict[str, int]:
    values = {
        "RLIMIT_CPU": int(limits.cpu_seconds),
        "RLIMIT_AS": int(limits.memory_bytes),
        "RLIMIT_FSIZE": int(limits.file_bytes),
        "RLIMIT_NOFILE": int(limits.open_files),
        "RLIMIT_CORE": 0,
    }
    if dedicated_uid:
        values["RLIMIT_NPROC"] = int(limits.processes)
    return values


def _trial(plan: dict[str, Any], needed: list[str], seconds: float = 20.0) -> dict[str, Any]:
    """Apply `plan` in a forked child; what took effect and what it could not reach."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            report: dict[str, Any] = {"error": None}
            try:
                report["done"] = worker_module.confine(plan)
                report["unreachable"] = [
                    path for path in needed
                    if not (os.access(path, os.R_OK | os.X_OK) and _listable(path))]
                report["home_writable"] = os.access(plan.get("home", "."), os.W_OK)
            except BaseException as exc:  # noqa: BLE001
                report["error"] = str(exc) or type(exc).__name__
            os.write(write_end, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    data, deadline = b"", time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read_end], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(read_end, 65536) if ready else b""
            if not chunk:
                break
            data += chunk
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    try:
        return json.loads(data)
    except ValueError:
        return {"error": "the probe did not answer"}


def _listable(path: str) -> bool:
    try:
        os.listdir(path)
        return True
    except OSError:
        return False


def _probe() -> Protections:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        why = "needs Linux"
        return Protections(root=hasattr(os, "geteuid") and os.geteuid() == 0, notes={
            "dedicated_uid": why, "network_namespace": why, "mount_namespace": why,
            "disk_quota": why})
    needed = needed_paths()
    if os.geteuid() != 0:
        return _probe_unprivileged(needed)
    clean_stale_cells()
    uid, lock = allocate_uid()
    home = tempfile.mkdtemp(prefix="course-probe-")
    notes: dict[str, str] = {}
    try:
        os.chown(home, uid, uid)
        quota = _mount_quota(home, uid, 1024 * 1024)
        if quota is not None:
            notes["disk_quota"] = quota
        attempts = [("mount", "net"), ("net",), ()]
        for namespaces in attempts:
            plan = {"namespaces": list(namespaces), "uid": uid, "gid": uid,
                    **filesystem_plan(home, [], needed), "scratch_bytes": 1024 * 1024}
            result = _trial(plan, needed)
            if result.get("error"):
                notes.setdefault("mount_namespace" if "mount" in namespaces else
                                 "network_namespace", result["error"])
                continue
            if result.get("unreachable") or not result.get("home_writable"):
                notes.setdefault("dedicated_uid", "the unprivileged uid cannot read "
                                 + ", ".join(result.get("unreachable") or [home]))
                continue
            notes.pop("dedicated_uid", None)
            return Protections(
                root=True, dedicated_uid=True,
                network_namespace="net" in namespaces,
                mount_namespace="mount" in namespaces,
                disk_quota=quota is None, notes=notes)
        # Without a uid of its own, a worker running as root gains nothing from namespaces
        # it could leave; say why and run with the limits alone.
        notes.setdefault("dedicated_uid", "no working plan for an unprivileged uid")
        notes.setdefault("network_namespace", "only used together with a dedicated uid")
        notes.setdefault("mount_namespace", "only used together with a dedicated uid")
        return Protections(root=True, notes=notes)
    finally:
        _unmount(home)
        shutil.rmtree(home, ignore_errors=True)
        lock.close()


def _probe_unprivileged(needed: list[str]) -> Protections:
    """Without root: a user namespace of the worker's own, in which it makes its network
    namespace and, where that works and leaves Python reachable, the mount namespace that
    root's workers get (read-only file system, private /tmp, private folders hidden)."""
    notes = {"dedicated_uid": "the checker is not root, so workers run as your user",
             "disk_quota": "needs root"}
    home = tempfile.mkdtemp(prefix="course-probe-")
    try:
        with_mount = {"namespaces": ["user-net", "mount"], "scratch_bytes": 1024 * 1024,
                      "cover_proc": True, **filesystem_plan(home, [], needed)}
        result = _trial(with_mount, needed)
        if not (result.get("error") or result.get("unreachable")) \
                and result.get("home_writable"):
            return Protections(root=False, network_namespace=True, mount_namespace=True,
                               notes=notes)
        notes["mount_namespace"] = (
            f"not in a user namespace here ({result['error']})" if result.get("error") else
            "in a user namespace here it would hide what Python needs")
        result = _trial({"namespaces": ["user-net"]}, [])
        if result.get("error"):
            notes["network_namespace"] = f"no user namespace here ({result['error']})"
        return Protections(root=False, network_namespace=not result.get("error"), notes=notes)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def protections() -> Protections:
    """What workers get on this machine (probed on first use, then remembered)."""
    global _protections
    with _protections_lock:
        if _protections is None:
            _protections = _probe()
        return _protections


# -- dedicated uids -------------------------------------------------------------------------


def _lock_uid(uid: int) -> socket.socket | None:
    # An abstract socket: released by the kernel when its holder dies, leaves no file.
    lock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        lock.bind(f"\0course-sandbox-uid-{uid}")
    except OSError:
        lock.close()
        return None
    return lock


def allocate_uid() -> tuple[int, socket.socket]:
    """A uid no other cell on this machine holds, and the lock that holds it."""
    for _ in range(200):
        uid = UID_BASE + secrets.randbelow(UID_COUNT)
        lock = _lock_uid(uid)
        if lock is not None:
            return uid, lock
    raise RuntimeError("no free sandbox uid")


def clean_stale_cells() -> list[str]:
    """Remove the cells of checkers that died without cleaning up (root only).

    A cell whose uid nobody holds any more (its checker was killed outright) may still be
    mounted and have processes: kill them, unmount and remove it. Returns their folders.
    """
    cleaned = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as info:
            lines = info.read().splitlines()
    except OSError:
        return cleaned
    for line in lines:
        fields, _, right = line.partition(" - ")
        parts, source = fields.split(), right.split()
        if len(source) < 3 or source[:2] != ["tmpfs", "course-cell"]:
            continue
        folder = worker_module._unescape_mount_path(parts[4])
        options = dict(item.split("=", 1) for item in source[2].split(",") if "=" in item)
        uid = int(options.get("uid", "-1"))
        if not (UID_BASE <= uid < UID_BASE + UID_COUNT) or \
                not os.path.basename(folder).startswith(("course-worker-", "course-probe-")):
            continue
        lock = _lock_uid(uid)
        if lock is None:
            continue  # a live checker holds it
        try:
            kill_uid(uid)
            _unmount(folder)
            shutil.rmtree(folder, ignore_errors=True)
            cleaned.append(folder)
        finally:
            lock.close()
    return cleaned


_SETPRIV = next((path for path in ("/usr/bin/setpriv", "/bin/setpriv")
                 if os.access(path, os.X_OK)), None)


def kill_uid(uid: int) -> None:
    """SIGKILL every process of `uid` (root only).

    A helper switches to the uid and calls kill(-1, SIGKILL), which the kernel delivers to
    every process the caller may signal while holding the task list lock, so a process
    forking at that moment cannot slip through; its return value says nothing (it is 0
    whenever other processes exist), hence no loop on it. The helper is util-linux's
    setpriv running the shell's kill when this system has it: spawning it costs 1.7 ms
    where forking this process (SciPy and all) costs 5 ms, once per topic.
    """
    if _SETPRIV is not None:
        try:
            pid = os.posix_spawn(_SETPRIV, [
                _SETPRIV, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
                "/bin/sh", "-c", "kill -KILL -1 2>/dev/null; kill -KILL -1 2>/dev/null; exit 0",
            ], {})
            _, status = os.waitpid(pid, 0)
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
                return
        except OSError:
            pass
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            for _ in range(2):
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is `uid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as handle:
                status = handle.read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1 0").split()[0]) == uid and \
                not fields.get("State", "").strip().startswith(("Z", "X")):
            found.append(int(entry))
    return found


def _kill_marked(marker: str) -> None:
    """Kill processes of this user whose environment carries `marker` (best effort)."""
    needle = f"{MARKER_VARIABLE}={marker}".encode()
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle in handle.read().split(b"\0"):
                    os.kill(int(entry), signal.SIGKILL)
        except OSError:
            continue


_libc = None


def _libc_call(name: str, *args: Any) -> int:
    global _libc
    import ctypes

    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    result = getattr(_libc, name)(*args)
    return 0 if result == 0 else ctypes.get_errno()


def _mount_quota(home: str, uid: int, size: int) -> str | None:
    """Make `home` a tmpfs of `size` bytes owned by uid; None, or why it could not."""
    error = _libc_call("mount", b"course-cell", os.fsencode(home), b"tmpfs",
                       worker_module.MS_NOSUID | worker_module.MS_NODEV,
                       f"size={int(size)},mode=0700,uid={uid},gid={uid}".encode())
    return None if error == 0 else f"cannot mount a tmpfs: {os.strerror(error)}"


def _unmount(home: str) -> None:
    if os.path.ismount(home):
        _libc_call("umount2", os.fsencode(home), 2)  # MNT_DETACH


_open_cells: "weakref.WeakSet[Cell]" = weakref.WeakSet()


@atexit.register
def _close_open_cells() -> None:
    # A checker that exits without closing its sessions still leaves nothing behind
    # (killed outright, it leaves a cell that `clean_stale_cells` removes next time).
    for cell in list(_open_cells):
        if cell.owner == os.getpid():  # never a parent's cells, from a forked child
            cell.close()


class Cell:
    """A learner's folder and identity for one topic, kept across worker restarts.

    As root: a dedicated uid (locked), the folder a tmpfs of `disk_bytes` owned by it.
    """

    def __init__(self, limits: Limits, learner_file: Path) -> None:
        self.limits = limits
        self.learner_file = learner_file
        self.protections = protections()
        self.marker = secrets.token_hex(8)
        self.used = False
        self.uid: int | None = None
        self._lock: socket.socket | None = None
        self.owner = os.getpid()
        self.home = Path(tempfile.mkdtemp(prefix="course-worker-"))
        _open_cells.add(self)
        try:
            if self.protections.dedicated_uid:
                self.uid, self._lock = allocate_uid()
                if self.protections.disk_quota:
                    _mount_quota(str(self.home), self.uid, limits.disk_bytes)
                os.chown(self.home, self.uid, self.uid)
        except BaseException:
            self.close()
            raise

    def plan(self, parent_pid: int | None = None) -> dict[str, Any]:
        """The worker's instructions to itself (see `checker.worker.confine`).

        `parent_pid`: the process that forks the worker when it is not this one (a fork
        server); the worker dies with it. Started from here, it dies with this process
        when the calling thread is the main thread (the signal follows the thread).
        """
        protections = self.protections
        plan: dict[str, Any] = {
            "namespaces": list(protections.namespaces),
            "rlimits": _rlimits(self.limits, self.uid is not None),
            "uid": self.uid, "gid": self.uid, "sweep": self.uid is not None,
            "scratch_bytes": self.limits.scratch_bytes,
            "parent_death": parent_pid is not None
            or threading.current_thread() is threading.main_thread(),
            "parent_pid": os.getpid() if parent_pid is None else parent_pid,
        }
        if protections.mount_namespace:
            learner_dir = self.learner_file.resolve().parent
            hide = [str(learner_dir), str(learner_dir.parent), str(solutions_dir()),
                    str(PACKAGE_DIR.parent / ".git")]
            plan.update(filesystem_plan(str(self.home), hide))
            # Without a uid of its own, /proc would lead out of this view (`confine`).
            plan["cover_proc"] = not protections.dedicated_uid
        return plan

    def copy_in(self, source: Path) -> None:
        """Put a copy of `source` in the folder, never through a link learner code left."""
        self.write(source.name, source.read_bytes())

    def write(self, name: str, data: bytes) -> None:
        """Create the plain file `name` in the folder, replacing whatever had that name."""
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
        target = self.home / name
        try:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        except FileNotFoundError:
            pass
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | os.O_CLOEXEC, 0o644)
        try:
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
            if self.uid is not None:
                os.fchown(fd, self.uid, self.uid)
        finally:
            os.close(fd)

    def read(self, name: str, limit: int) -> bytes | None:
        """The bytes of the plain file `name` in the folder; None when there is none."""
        if Path(name).name != name or name in ("", ".", ".."):
            return None
        try:
            fd = os.open(self.home / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(limit + 1)
        finally:
            os.close(fd)

    def sweep(self) -> None:
        """Kill every process left from this cell's workers.

        (Between workers, each new worker of a dedicated uid does this itself before it
        reads the learner's file: see `checker.worker.confine`.)
        """
        if not self.used:
            return
        if self.uid is not None:
            kill_uid(self.uid)
        elif os.path.isdir("/proc"):
            _kill_marked(self.marker)
        self.used = False

    def close(self) -> None:
        _open_cells.discard(self)
        self.sweep()
        _unmount(str(self.home))
        shutil.rmtree(self.home, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None


# -- one worker process ---------------------------------------------------------------------


class _OutputDrain(threading.Thread):
    """Reads a worker's stdout and stderr so it never blocks, keeping only the first bytes."""

    def __init__(self, fd: int, keep: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.keep, self.kept = fd, keep, bytearray()
        self.dropped = 0

    def run(self) -> None:
        try:
            while chunk := os.read(self.fd, 65536):
                room = self.keep - len(self.kept)
                self.kept += chunk[: max(room, 0)]
                self.dropped += max(len(chunk) - max(room, 0), 0)
        except OSError:
            pass
        finally:
            os.close(self.fd)

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        return text + (not_kept_marker(self.dropped) if self.dropped else "")



def _worker_command(learner_name: str, fd_in: int, fd_out: int, plan: dict[str, Any]
                    ) -> list[str]:
    # -I keeps PYTHONPATH, the user's site and the current folder out of sys.path; the
    # package's own folder is put back so a source checkout works as an install does.
    bootstrap = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); "
        "from checker.worker import main; main(sys.argv[1:])"
    )
    return [
        sys.executable, "-I", "-c", bootstrap, str(PACKAGE_DIR.parent),
        learner_name, str(fd_in), str(fd_out), json.dumps(plan),
    ]


# A fork server's hook: spawn(learner_name, home, env, cell, [request_read, response_write,
# output_write]) -> a started worker with Popen's pid/poll/wait, or None to fall back to a
# new interpreter. Its child must call `checker.worker.confine(cell.plan(parent_pid=<the
# fork server's pid>))` before it reads the learner's file, then `checker.worker.serve`.
Spawner = Callable[[str, Path, dict[str, str], Cell, list[int]], Any]


class Worker:
    """One running worker process for one learner file, in `cell`."""

    def __init__(self, learner_file: Path, limits: Limits, cell: Cell,
                 spawner: Spawner | None = None) -> None:
        self.limits = limits
        self.cell = cell
        self.home = cell.home
        cell.copy_in(learner_file)
        cell.used = True
        request_read, self._request_write = os.pipe()
        self._response_read, response_write = os.pipe()
        output_read, output_write = os.pipe()
        env = worker_environment(self.home, cell.marker)
        try:
            process = None
            if spawner is not None:
                process = spawner(learner_file.name, self.home, env, cell,
                                  [request_read, response_write, output_write])
            if process is None:
                process = subprocess.Popen(
                    _worker_command(learner_file.name, request_read, response_write,
                                    cell.plan()),
                    cwd=self.home,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=output_write,
                    stderr=output_write,
                    pass_fds=(request_read, response_write),
                    start_new_session=True,
                )
            self.process = process
        finally:
            for fd in (request_read, response_write, output_write):
                os.close(fd)
        self.output = _OutputDrain(output_read, limits.output_bytes)
        self.output.start()
        self._next_id = 0
        self.ready: dict[str, Any] | None = None

    def wait_ready(self, seconds: float | None = None) -> dict[str, Any]:
        """The worker's first message: {"status": "ready"} or {"status": "broken", ...}."""
        if self.ready is None:
            ready = self._receive(self.limits.import_seconds if seconds is None else seconds)
            if ready.get("status") == "sandbox":
                self.kill()
                raise WorkerCrashed(
                    f"the checker could not set up its sandbox ({ready.get('detail')}); "
                    "no learner code ran. `course doctor` shows what this machine allows")
            self.ready = ready
        return self.ready

    def _receive(self, seconds: float) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        try:
            payload = protocol.receive(self._response_read, deadline)
            # Arrays travel as one string each; a flood of separate values would cost the
            # checker far more memory than the message's size.
            if payload.count(b",") > MAX_VALUES:
                raise ValueError(f"more than {MAX_VALUES} separate values; return a NumPy "
                                 "array instead")
            message = json.loads(payload)
            if not isinstance(message, dict):
                raise ValueError("not a message")
            return message
        except protocol.ChannelTimeout:
            self.kill()
            raise WorkerTimeout() from None
        except protocol.ChannelClosed:
            raise WorkerCrashed(self._death()) from None
        except (protocol.MessageTooLarge, ValueError, RecursionError) as exc:
            self.kill()
            raise WorkerCrashed(f"the worker sent data the checker refuses ({exc})") from None

    def _death(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return "it stopped answering"
        self.kill()
        if code < 0:
            name = signal.Signals(-code).name
            why = {
                "SIGXCPU": f"it used more than {self.limits.cpu_seconds} s of CPU time",
                "SIGKILL": "it was killed (often: out of memory, or it killed itself)",
                "SIGSEGV": "it crashed (segmentation fault; deep recursion can do this)",
                "SIGXFSZ": f"it wrote a file larger than {self.limits.file_bytes} bytes",
            }.get(name, f"it got {name}")
            return f"the process running your code ended: {why}"
        return f"the process running your code ended with exit code {code}"

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             seconds: float | None = None) -> dict[str, Any]:
        self._next_id += 1
        request = {
            "id": self._next_id,
            "name": name,
            "args": codec.encode(tuple(args), allow_callables=True)["__tuple__"],
            "kwargs": codec.encode(dict(kwargs), allow_callables=True),
        }
        try:
            protocol.send(self._request_write, json.dumps(request, allow_nan=False).encode())
        except (BrokenPipeError, OSError):
            raise WorkerCrashed(self._death()) from None
        reply = self._receive(self.limits.call_seconds if seconds is None else seconds)
        if reply.get("id") != self._next_id:
            self.kill()
            raise WorkerCrashed("the worker answered out of turn")
        return reply

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill the worker's process group (the cell kills what escaped it: `Cell.sweep`)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> str:
        """Kill the worker and return what it printed."""
        self.kill()
        for fd in (self._request_write, self._response_read):
            try:
                os.close(fd)
            except OSError:
                pass
        self.output.join(timeout=2)
        return self.output.text()
