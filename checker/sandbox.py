"""Start, talk to and kill learner workers: the trusted side of the process boundary.

A worker runs in a new, empty temporary folder holding only a copy of the learner's file,
under Python's isolated mode (`-I`), with a minimal environment, in its own session and
process group, under resource limits. Every call has a wall-clock timeout; when a call
times out or the worker dies, the whole process group is killed and the next call starts
a fresh worker.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker import codec, protocol
from checker.paths import PACKAGE_DIR

# Variables that change results or let OpenBLAS run at all on some processors; nothing else
# of the caller's environment (tokens, paths, proxies) reaches learner code.
_PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one learner worker; the defaults suit every topic of the course."""

    call_seconds: float = 10.0
    import_seconds: float = 30.0
    cpu_seconds: int = 120
    memory_bytes: int = 2 * 1024**3
    file_bytes: int = 64 * 1024**2
    open_files: int = 256
    output_bytes: int = 64 * 1024


class WorkerCrashed(RuntimeError):
    """The worker ended without answering; `detail` says how."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class WorkerTimeout(TimeoutError):
    """The worker did not answer within the wall-clock limit."""


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
        return text + (f"\n[... {self.dropped} more bytes]" if self.dropped else "")


def worker_environment(home: Path) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update({key: os.environ[key] for key in _PASSED_THROUGH if key in os.environ})
    return env


def _limit_resources(limits: Limits) -> None:
    def apply(kind: int, value: int) -> None:
        try:
            soft, hard = resource.getrlimit(kind)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(kind, (cap, cap))
        except (ValueError, OSError):
            pass  # a limit this OS does not enforce is reported by `course doctor`

    apply(resource.RLIMIT_CPU, limits.cpu_seconds)
    apply(resource.RLIMIT_AS, limits.memory_bytes)
    apply(resource.RLIMIT_FSIZE, limits.file_bytes)
    apply(resource.RLIMIT_NOFILE, limits.open_files)
    apply(resource.RLIMIT_CORE, 0)


def _worker_command(learner_name: str, fd_in: int, fd_out: int) -> list[str]:
    # -I keeps PYTHONPATH, the user's site and the current folder out of sys.path; the
    # package's own folder is put back so a source checkout works as an install does.
    bootstrap = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); "
        "from checker.worker import main; main(sys.argv[1:])"
    )
    return [
        sys.executable, "-I", "-c", bootstrap, str(PACKAGE_DIR.parent),
        learner_name, str(fd_in), str(fd_out),
    ]


class Worker:
    """One running worker process for one learner file."""

    def __init__(self, learner_file: Path, limits: Limits, home: Path) -> None:
        self.limits = limits
        self.home = home
        shutil.copyfile(learner_file, self.home / learner_file.name)
        request_read, self._request_write = os.pipe()
        self._response_read, response_write = os.pipe()
        output_read, output_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                _worker_command(learner_file.name, request_read, response_write),
                cwd=self.home,
                env=worker_environment(self.home),
                stdin=subprocess.DEVNULL,
                stdout=output_write,
                stderr=output_write,
                pass_fds=(request_read, response_write),
                start_new_session=True,
                preexec_fn=lambda: _limit_resources(limits),
            )
        finally:
            for fd in (request_read, response_write, output_write):
                os.close(fd)
        self.output = _OutputDrain(output_read, limits.output_bytes)
        self.output.start()
        self._next_id = 0
        self.ready: dict[str, Any] | None = None

    def wait_ready(self) -> dict[str, Any]:
        """The worker's first message: {"status": "ready"} or {"status": "broken", ...}."""
        if self.ready is None:
            self.ready = self._receive(self.limits.import_seconds)
        return self.ready

    def _receive(self, seconds: float) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        try:
            return json.loads(protocol.receive(self._response_read, deadline))
        except protocol.ChannelTimeout:
            self.kill()
            raise WorkerTimeout() from None
        except protocol.ChannelClosed:
            raise WorkerCrashed(self._death()) from None
        except (protocol.MessageTooLarge, ValueError) as exc:
            self.kill()
            raise WorkerCrashed(f"the worker sent data the checker refuses ({exc})") from None

    def _death(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return "the worker stopped answering"
        self.kill()
        if code < 0:
            name = signal.Signals(-code).name
            why = {
                "SIGXCPU": f"it used more than {self.limits.cpu_seconds} s of CPU time",
                "SIGKILL": "it was killed (often: out of memory)",
                "SIGSEGV": "it crashed (segmentation fault; deep recursion can do this)",
                "SIGXFSZ": f"it wrote a file larger than {self.limits.file_bytes} bytes",
            }.get(name, f"it got {name}")
            return f"the learner's process ended: {why}"
        return f"the learner's process ended with exit code {code}"

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
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
        reply = self._receive(self.limits.call_seconds)
        if reply.get("id") != self._next_id:
            self.kill()
            raise WorkerCrashed("the worker answered out of turn")
        return reply

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill the worker's whole process group, however it ended."""
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
