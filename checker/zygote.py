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
It serves until the first control socket closes.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import socket
import sys
from typing import Any

# SciPy submodules the course's suites and solutions use; the checker imports them too
# (`checker.runner.warm_imports`). Kept here because this module imports only the standard
# library, so both sides can read the list cheaply.
SCIPY_SUBMODULES = (
    "cluster", "constants", "datasets", "fft", "integrate", "interpolate", "io", "linalg",
    "ndimage", "optimize", "signal", "sparse", "spatial", "special", "stats",
)

# Imported before the first request is served: what every worker needs.
PRELOAD = ("numpy", "scipy")

# Imported only while no request waits, one at a time, so that a check of one topic gets its
# worker at once (the worker imports what its file needs) while a long check or a batch
# finds all of these loaded. "module:function" also calls a function of ours that fills a
# cache (the datasets suite's stand-in data takes 0.16 s to make, in every worker of that
# topic otherwise).
# Never a module whose import warns (scipy.odr, scipy.misc): the warning is the learner's to see.
IDLE_PRELOAD = (
    *(f"scipy.{name}" for name in SCIPY_SUBMODULES),
    "matplotlib", "matplotlib.pyplot", "scipy.differentiate",
    "checker.callables.datasets:make_all",
)


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


def preload() -> None:
    for name in PRELOAD:
        _import_quietly(name)


def _child(controls: list[socket.socket], request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become a confined worker and serve; never returns."""
    code = 70
    try:
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


def _answer(controls: list[socket.socket], control: socket.socket, exited: dict[int, int]
            ) -> bool:
    """Serve one request that waits on `control`; False when that socket has closed."""
    try:
        message, fds, _, _ = socket.recv_fds(control, 1 << 16, 3)
    except OSError:
        return False
    if not message:
        return False
    request = json.loads(message)
    if request.get("op") == "spawn" and len(fds) == 3:
        pid = os.fork()
        if pid == 0:
            _child(controls, request, fds)
        for fd in fds:
            os.close(fd)
        reply: dict[str, Any] = {"pid": pid}
    elif request.get("op") == "wait":
        pid = int(request["pid"])
        status = exited.pop(pid, None)
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = None
        reply = {"status": status}
    elif request.get("op") == "attach" and len(fds) == 1:
        controls.append(socket.socket(fileno=fds[0]))
        reply = {"attached": True}
    else:
        for fd in fds:
            os.close(fd)
        reply = {"error": "unknown request"}
    try:
        control.sendall(json.dumps(reply).encode() + b"\n")
    except OSError:
        return False
    return True


def _reap(exited: dict[int, int]) -> None:
    """Collect children nobody asked about, so none lingers as a zombie."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        exited[pid] = status


def serve(control_fd: int) -> None:
    controls = [socket.socket(fileno=control_fd)]
    exited: dict[int, int] = {}
    idle = list(IDLE_PRELOAD)
    while True:
        while idle and not select.select(controls, [], [], 0)[0]:
            _import_quietly(idle.pop(0))
        ready, _, _ = select.select(controls, [], [])
        for control in ready:
            if not _answer(controls, control, exited):
                if control is controls[0]:
                    return
                controls.remove(control)
                control.close()
        _reap(exited)


def main(argv: list[str]) -> None:
    preload()
    serve(int(argv[0]))
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
