"""The trusted side's handle on the learner-side fork server (`checker.zygote`).

`ForkServer.start()` launches the zygote at once, so that its imports of NumPy and SciPy
run on one core while the checker imports pytest and the suites on the other. Every
`spawn` then costs a fork (about 10 ms) instead of a new interpreter and its imports.
When the zygote cannot serve (it died, or was killed by learner code that reached it),
`spawn` returns None and the caller starts a worker from scratch.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from checker.environment import worker_environment
from checker.paths import PACKAGE_DIR
from checker.zygote import HOME_PREFIX


class ZygoteChild:
    """A worker forked by the zygote: enough of Popen's interface for `sandbox.Worker`."""

    def __init__(self, server: "ForkServer", pid: int) -> None:
        self.server, self.pid = server, pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self._pidfd = None

    def _ended(self, timeout: float) -> bool:
        if self._pidfd is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return True
            return False
        ready, _, _ = select.select([self._pidfd], [], [], timeout)
        return bool(ready)

    def poll(self) -> int | None:
        if self.returncode is None and self._ended(0):
            self._collect()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not self._ended(10.0 if timeout is None else timeout):
                raise subprocess.TimeoutExpired("zygote child", timeout or 10.0)
            self._collect()
        assert self.returncode is not None
        return self.returncode

    def _collect(self) -> None:
        status = self.server.wait_status(self.pid)
        if status is None:
            self.returncode = -9
        elif os.WIFSIGNALED(status):
            self.returncode = -os.WTERMSIG(status)
        else:
            self.returncode = os.WEXITSTATUS(status)
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None


class ForkServer:
    def __init__(self) -> None:
        self.owner = os.getpid()
        self._socket: socket.socket | None = None
        # The zygote's Popen in the process that started it; an attached client (a forked
        # checker process) knows only its pid.
        self._process: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None
        self._home: str | None = None
        self._lock = threading.Lock()
        self._buffer = b""

    def start(self) -> None:
        if self._process is not None:
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._home = tempfile.mkdtemp(prefix=HOME_PREFIX)
        environment = worker_environment(Path(self._home))
        environment["MPLCONFIGDIR"] = str(_matplotlib_cache(Path(self._home)))
        bootstrap = ("import sys; sys.path.insert(0, sys.argv.pop(1)); "
                     "from checker.zygote import main; main(sys.argv[1:])")
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-c", bootstrap, str(PACKAGE_DIR.parent),
             str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), cwd=self._home,
            env=environment, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        theirs.close()
        self._socket = ours
        self._pid = self._process.pid

    def _alive(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        if self._pid is None or self._socket is None:
            return False
        try:
            os.kill(self._pid, 0)
        except ProcessLookupError:
            return False
        return True

    def attach(self) -> "ForkServer | None":
        """A second client of the same zygote, on a socket of its own, for a process this
        one is about to fork (see `adopt`); None when the zygote cannot take one."""
        with self._lock:
            if not self._alive():
                return None
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                reply = self._ask({"op": "attach"}, [theirs.fileno()])
            except (OSError, ConnectionError, ValueError):
                ours.close()
                return None
            finally:
                theirs.close()
        if not reply.get("attached"):
            ours.close()
            return None
        client = ForkServer()
        client._socket, client._pid = ours, self._pid
        return client

    def finish_preloading(self) -> bool:
        """Wait until the zygote has imported everything it preloads (see
        `checker.zygote.IDLE_PRELOAD`); False when it cannot serve."""
        with self._lock:
            if not self._alive():
                return False
            try:
                return bool(self._ask({"op": "preload"}).get("preloaded"))
            except (OSError, ConnectionError, ValueError):
                return False

    def _ask(self, request: dict[str, Any], fds: list[int] | None = None) -> dict[str, Any]:
        assert self._socket is not None
        payload = json.dumps(request).encode()
        if fds:
            socket.send_fds(self._socket, [payload], fds)
        else:
            self._socket.sendall(payload)
        while b"\n" not in self._buffer:
            chunk = self._socket.recv(65536)
            if not chunk:
                raise ConnectionError("the fork server closed its socket")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def __call__(self, learner_name: str, home: Path, env: dict[str, str], cell: Any,
                 fds: list[int]) -> ZygoteChild | None:
        """Fork a worker that uses `fds` (requests in, answers out, output out); a
        `checker.sandbox.Spawner`. None when the fork server cannot serve."""
        with self._lock:
            if not self._alive():
                return None
            assert self._pid is not None
            try:
                plan = cell.plan(parent_pid=self._pid)
                reply = self._ask({"op": "spawn", "file": learner_name, "home": str(home),
                                   "env": env, "plan": plan}, fds)
            except (OSError, ConnectionError, ValueError):
                self.close()
                return None
            pid = reply.get("pid")
            return ZygoteChild(self, int(pid)) if isinstance(pid, int) else None

    def wait_status(self, pid: int) -> int | None:
        with self._lock:
            try:
                return self._ask({"op": "wait", "pid": pid}).get("status")
            except (OSError, ConnectionError, ValueError, AssertionError):
                return None

    def forget(self) -> None:
        """In a forked child holding a copy of its parent's handle: close that copy of the
        socket, and leave the zygote, its folder and the parent's socket alone."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._process = None
        self._home = None

    def close(self) -> None:
        """Stop the zygote, or for an attached client, just hang up."""
        import shutil

        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._process is not None:
            # The folder goes first: this process may be killed at any moment now (`course
            # grade`'s fork server, on its way out, dies with its parent, and was seen to
            # die after the kill below, leaving the folder), while a zygote that outlives
            # it removes the folder itself.
            if self._home is not None:
                shutil.rmtree(self._home, ignore_errors=True)
            try:
                os.killpg(self._process.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
            self._process.wait()
            self._process = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None


def _matplotlib_cache(fallback: Path) -> Path:
    """Matplotlib's folder for the zygote: one kept between runs, so that its font list
    (0.13 s to build from 22 fonts, much longer from many) is built once, not at every
    start. Workers inherit the loaded list; as root they cannot write this folder (homes
    are hidden from them)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    if not base.is_absolute():  # unset, or relative, which the XDG rules say to ignore
        base = Path.home() / ".cache"
    folder = base / "scipy-course" / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return fallback / ".matplotlib"
    return folder if os.access(folder, os.W_OK) else fallback / ".matplotlib"


def default_spawner() -> ForkServer | None:
    """This process's fork server, unless COURSE_FORK_SERVER=0 asks for a fresh interpreter
    per worker (slower; the same confinement either way)."""
    if os.environ.get("COURSE_FORK_SERVER", "1") == "0":
        return None
    return shared()


def preload_everything() -> None:
    """For a long run (`course grade`, `course watch`): wait until this process's
    fork server has imported all it preloads, which a run that keeps asking for workers
    would otherwise never leave it idle long enough to do."""
    spawner = default_spawner()
    if spawner is not None:
        spawner.finish_preloading()


_shared: ForkServer | None = None


def shared() -> ForkServer:
    """This process's fork server, started on first use and stopped at exit. A forked
    child never uses its parent's (the socket belongs to the parent) unless it `adopt`s a
    client attached for it."""
    global _shared
    if _shared is None or _shared.owner != os.getpid():
        import atexit

        _shared = ForkServer()
        _shared.start()
        atexit.register(_shared.close)
    return _shared


def adopt(client: ForkServer) -> None:
    """In a forked child: make `client` (from `attach` in the parent) this process's own."""
    global _shared
    client.owner = os.getpid()
    _shared = client


# A file whose POSIX lock (held per process, unlike flock's, which forked children share)
# lets one forked child at a time attach through the parent's socket.
_attach_lock: IO[bytes] | None = None


def share_with_forked_children() -> None:
    """Start this process's fork server now, for the children it will fork to ask for
    workers (the grading pool's multiprocessing server, which forks runners): each attaches
    a client of its own with `attach_inherited`, so one zygote, started while this process
    is still importing, serves every runner instead of each starting and loading its own.

    The zygote outlives a runner that dies; it kills the workers that runner asked for when
    the runner's socket closes (see `checker.zygote`)."""
    global _attach_lock
    if default_spawner() is not None and _attach_lock is None:
        import atexit

        _attach_lock = tempfile.TemporaryFile()
        atexit.register(_attach_lock.close)


def attach_inherited() -> bool:
    """In a child forked from a process that called `share_with_forked_children`: attach
    to that process's fork server and make the client this process's own. False (and this
    process will start a fork server of its own) when there is none to attach to."""
    global _shared
    inherited = _shared
    if _attach_lock is None or inherited is None or inherited.owner == os.getpid():
        return False
    # The zygote is not this process's child: Popen would take it for dead.
    inherited._process = None
    fcntl.lockf(_attach_lock, fcntl.LOCK_EX)
    try:
        client = inherited.attach()
    finally:
        fcntl.lockf(_attach_lock, fcntl.LOCK_UN)
    inherited.forget()
    _shared = None
    if client is None:
        return False
    adopt(client)
    return True
