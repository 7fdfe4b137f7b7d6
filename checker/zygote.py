"""The learner-side fork server: imports NumPy and SciPy once, then forks one fresh worker
per learner file on request, so no topic pays for those imports again.

Started by `checker.forkserver` as ``python -I -c ... FD`` in the worker's minimal
environment. It runs no learner code itself. For each request on its control socket
(a JSON header and three file descriptors: requests in, answers out, output out) it forks
a child that leaves its session, moves into the learner's folder, takes the worker's
environment, and then is confined and serves the learner's file exactly as a worker started
from scratch is (`checker.worker.run` with the sandbox's plan).

It must stay single-threaded, so that every fork is a whole, consistent copy.

Requests: {"op": "spawn", "file": NAME, "home": DIR, "env": {...}, "plan": {...}}
            -> {"pid": N}
          {"op": "wait", "pid": N} -> {"status": waitpid status or null}
          {"op": "attach"} with one socket -> {"attached": true}: a further control socket,
            for a checker process forked from the first one (a shard of `course check`).
          {"op": "preload"} -> {"preloaded": true} once every idle import is done, for a
            long run (`course grade`, `course watch`) whose requests could leave no quiet
            spell for them.
It serves until the first control socket closes. When another one closes (a grading runner
that ended or died), the children asked for through it that still run are killed.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

# SciPy submodules the course's suites and solutions use; the checker imports them too
# (`checker.runner.warm_imports`). Kept here because this module imports only the standard
# library, so both sides can read the list cheaply.
SCIPY_SUBMODULES = (
    "cluster", "constants", "datasets", "fft", "integrate", "interpolate", "io", "linalg",
    "ndimage", "optimize", "signal", "sparse", "spatial", "special", "stats",
)

# Imported before the first request is served: what every worker needs.
PRELOAD = ("numpy", "scipy")

# Imported one at a time while the zygote is idle: from its start until the first request
# (a check's collection, about a second), and later only after QUIET_SECONDS without a
# request. An import cannot be interrupted, so one under way when a check starts asking for
# workers delays every one of them; once requests come, the workers import what their files
# need themselves. So the big ones go in pieces of at most about 50 ms: matplotlib.pyplot
# whole took 0.25 s, and a full check's first worker waited 0.18 s for it (both checker
# processes idle). A long check, `course watch` or a batch finds all of these loaded.
# "module:function" also calls a function of ours that fills a cache (the datasets suite's
# stand-in data, for every worker of that topic otherwise).
# Never a module whose import warns (scipy.odr, scipy.misc): the warning is the learner's to see.
PYPLOT_IN_PIECES = (
    "pyparsing", "PIL.Image", "matplotlib", "matplotlib.patches", "matplotlib.textpath",
    "matplotlib.text", "matplotlib.collections", "matplotlib.widgets",
    "matplotlib.backend_bases", "matplotlib.image", "matplotlib.axes._base", "matplotlib.axes",
    "mpl_toolkits.mplot3d", "matplotlib.figure", "matplotlib.pyplot",
)
IDLE_PRELOAD = (
    *(f"scipy.{name}" for name in SCIPY_SUBMODULES),
    "checker.callables.datasets:make_all",
    *PYPLOT_IN_PIECES, "scipy.differentiate",
)
QUIET_SECONDS = 2.0
# Of the temporary folder each zygote is started in.
HOME_PREFIX = "course-zygote-"


def _import_quietly(name: str) -> None:
    import warnings

    module_name, _, function = name.partition(":")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = importlib.import_module(module_name)
            if function:
                getattr(module, function)()
    except Exception:  # noqa: BLE001 - a module this SciPy lacks is simply not preloaded
        pass


class _DocstringKept(dict):  # type: ignore[type-arg]
    """Stands in for numpydoc's `FunctionDoc` inside SciPy's docstring-rewriting decorators:
    every section reads as empty, what they add to one is dropped, and the text comes back
    as it was."""

    def __init__(self, function: Any) -> None:
        super().__init__()
        self._doc = getattr(function, "__doc__", None) or ""

    def __missing__(self, section: str) -> list[str]:
        return self.setdefault(section, [])

    def __str__(self) -> str:
        return "signature\n" + self._doc


def _probe() -> None:
    """Probe.

    Parameters
    ----------
    a : array
    """


def _docstring_rewriters() -> list[tuple[Any, Callable[[Callable[..., Any]], Any]]]:
    """SciPy's modules whose decorators rewrite docstrings with `FunctionDoc`, each with a
    way to apply one of its decorators; a SciPy without that decorator (older than the one
    this was written for, 1.17) leaves its module out."""
    found: list[tuple[Any, Callable[[Callable[..., Any]], Any]]] = []
    try:
        from scipy._lib import _array_api
    except ImportError:
        return found

    def with_capabilities(function: Callable[..., Any]) -> Any:
        table: dict[Any, Any] = {}
        decorated = _array_api.xp_capabilities(capabilities_table=table)(function)
        return decorated if function in table else None  # SciPy's bookkeeping still done

    found.append((_array_api, with_capabilities))
    try:
        from scipy._lib import _util, deprecation
    except ImportError:
        return found
    if hasattr(_util, "_apply_over_batch"):
        found.append((_util, lambda function: _util._apply_over_batch(("a", 1))(function)))
    if hasattr(deprecation, "_deprecate_positional_args"):
        found.append((deprecation, lambda function: deprecation._deprecate_positional_args(
            version="99.0")(function)))
    return found


def skip_scipy_docstring_notes() -> tuple[str, ...]:
    """Stop SciPy (1.15 and later) from parsing and rewriting the docstrings of the
    functions its decorators wrap, as its modules are imported; the names of the modules
    whose decorators now keep docstrings as they are.

    Those decorators parse each docstring with numpydoc's `FunctionDoc`, add to it (an
    "array API support" table, notes on batching, a deprecation warning) and write it back:
    0.3 s of the 0.8 s that importing the submodules the course uses takes, paid by the
    checker and by the fork server alike, and nothing here reads those additions. Call it
    before those submodules are imported. Each module's stand-in is tried on a function of
    our own first and left out when that module's decorator does not work with it, so a
    SciPy that changed a decorator only loses that part of the saving.
    """
    skipped: list[str] = []
    for module, decorate in _docstring_rewriters():
        original = getattr(module, "FunctionDoc", None)
        if original is None:
            continue
        module.FunctionDoc = _DocstringKept
        try:
            wrapped = decorate(_probe)
            if (getattr(wrapped, "__doc__", None) or "").startswith("Probe."):
                skipped.append(module.__name__)
                continue
        except Exception:  # noqa: BLE001 - any surprise: keep SciPy's own behaviour
            pass
        module.FunctionDoc = original
    return tuple(skipped)


def preload() -> None:
    for name in PRELOAD:
        _import_quietly(name)
    skip_scipy_docstring_notes()


def _child(controls: list[socket.socket], request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become a confined worker and serve; never returns."""
    code = 70
    try:
        gc.enable()  # learner code may make cyclic garbage
        for control in controls:
            control.close()
        request_read, response_write, output_write = fds
        os.setsid()
        os.dup2(output_write, 1)
        os.dup2(output_write, 2)
        os.close(output_write)
        home = request["home"]
        os.chdir(home)
        os.environ.clear()
        os.environ.update(request["env"])
        from checker import worker

        worker.run(os.path.join(home, request["file"]), request_read, response_write,
                   request["plan"])
    except BaseException:  # noqa: BLE001 - the trusted side sees the pipe close and reports it
        code = 70
    finally:
        try:
            sys.stdout.flush()
        except BaseException:  # noqa: BLE001
            pass
        os._exit(code)


@dataclass
class _Served:
    """What the serve loop keeps: its control sockets (the first one's owner started the
    zygote), the status of children reaped before anyone asked, the imports still to do,
    and which control socket asked for each child not yet reaped."""

    controls: list[socket.socket]
    exited: dict[int, int] = field(default_factory=dict)
    idle: list[str] = field(default_factory=lambda: list(IDLE_PRELOAD))
    spawned_by: dict[int, socket.socket] = field(default_factory=dict)

    def reaped(self, pid: int) -> None:
        self.spawned_by.pop(pid, None)

    def hang_up(self, control: socket.socket) -> None:
        """A client left (a grading runner that ended or died): kill what it spawned that
        still runs, as its own fork server's end used to. Only children not yet reaped,
        whose pids no other process can have taken."""
        for pid, owner in list(self.spawned_by.items()):
            if owner is control:
                del self.spawned_by[pid]
                try:
                    os.killpg(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.controls.remove(control)
        control.close()


def _answer(served: _Served, control: socket.socket) -> bool:
    """Serve one request that waits on `control`; False when that socket has closed."""
    controls, exited, idle = served.controls, served.exited, served.idle
    try:
        message, fds, _, _ = socket.recv_fds(control, 1 << 16, 3)
    except OSError:
        return False
    if not message:
        return False
    request = json.loads(message)
    if request.get("op") == "spawn" and len(fds) == 3:
        # What the zygote holds stays out of the collector's walks in the child, whose
        # marks would otherwise copy every page of it (collection is off here: `main`).
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            _child(controls, request, fds)
        for fd in fds:
            os.close(fd)
        served.spawned_by[pid] = control
        reply: dict[str, Any] = {"pid": pid}
    elif request.get("op") == "wait":
        pid = int(request["pid"])
        status = exited.pop(pid, None)
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = None
        served.reaped(pid)
        reply = {"status": status}
    elif request.get("op") == "attach" and len(fds) == 1:
        controls.append(socket.socket(fileno=fds[0]))
        reply = {"attached": True}
    elif request.get("op") == "preload" and not fds:
        while idle:
            _import_quietly(idle.pop(0))
        reply = {"preloaded": True}
    else:
        for fd in fds:
            os.close(fd)
        reply = {"error": "unknown request"}
    try:
        control.sendall(json.dumps(reply).encode() + b"\n")
    except OSError:
        return False
    return True


def _reap(served: _Served) -> None:
    """Collect children nobody asked about, so none lingers as a zombie."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        served.exited[pid] = status
        served.reaped(pid)


def wait_before_idle_work(last_request: float | None, now: float) -> float:
    """Seconds until an idle import may start: none before the first request, and
    QUIET_SECONDS after the latest one."""
    if last_request is None:
        return 0.0
    return max(0.0, QUIET_SECONDS - (now - last_request))


def serve(control_fd: int) -> None:
    served = _Served([socket.socket(fileno=control_fd)])
    controls, idle = served.controls, served.idle
    last_request: float | None = None
    while True:
        while (idle and wait_before_idle_work(last_request, time.monotonic()) == 0
               and not select.select(controls, [], [], 0)[0]):
            _import_quietly(idle.pop(0))
        wait = wait_before_idle_work(last_request, time.monotonic()) if idle else None
        ready, _, _ = select.select(controls, [], [], wait)
        if not ready:
            continue
        last_request = time.monotonic()
        for control in ready:
            if not _answer(served, control):
                if control is controls[0]:
                    return
                served.hang_up(control)
        _reap(served)


def _remove_home() -> None:
    """The folder the zygote was started in (its client made it), even when that client
    was killed and could not remove it itself."""
    import shutil

    home = os.getcwd()
    if os.path.basename(home).startswith(HOME_PREFIX):
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str]) -> None:
    # Imports only here, whose objects live as long as the zygote: a collection would only
    # walk them again (about 10% of the imports' time).
    gc.disable()
    preload()
    serve(int(argv[0]))
    _remove_home()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
