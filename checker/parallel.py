"""Several checker processes sharing one pytest session's topics.

After collection the checker forks helpers (`Helper`); each process, the first one too,
takes topics one at a time from a `Deck` until none is left, so a process that drew a heavy
topic simply takes fewer. A helper runs its topics' tests with the collected items it
inherited, then sends its records back as JSON through a pipe. Forking after collection
means NumPy, SciPy, pytest and the suites are imported once, and the helpers start in
milliseconds. A helper that dies without its records costs nothing but time: the first
process runs the topics it had taken again (see `checker.plugin`).
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, which containers and `taskset`
    narrow), not the machine's count: more processes than that only take turns."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Deck:
    """Topic numbers in a pipe: reading one byte takes one topic, atomically, whichever
    process reads; an empty pipe means every topic is taken."""

    def __init__(self, count: int) -> None:
        if count > 255:
            raise ValueError("a deck holds at most 255 topics")
        self._read, write = os.pipe()
        os.write(write, bytes(range(count)))
        os.close(write)
        os.set_blocking(self._read, False)

    def take(self) -> int | None:
        try:
            data = os.read(self._read, 1)
        except BlockingIOError:
            return None
        return data[0] if data else None

    def close(self) -> None:
        os.close(self._read)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when `parent`, the process that forked it, dies;
    exit now if it already has."""
    import signal

    from checker.worker import PR_SET_PDEATHSIG, ConfinementFailed, Libc

    try:
        Libc().prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (ConfinementFailed, OSError):
        pass  # not Linux: a helper outliving its checker still ends with its deck
    if os.getppid() != parent:
        os._exit(1)


class Helper:
    """A forked checker process that runs `work()` and sends back what it returns."""

    def __init__(self, work: Callable[[], dict[str, Any]],
                 before: Callable[[], None] | None = None) -> None:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child; its records are what is tested
            code = 1
            try:
                os.close(read_end)
                die_with_parent(parent)
                if before is not None:
                    before()
                payload = json.dumps(work()).encode()
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._read_end = read_end

    def result(self) -> dict[str, Any] | None:
        """What the helper sent, once it has ended; None when it died without sending."""
        with os.fdopen(self._read_end, "rb") as pipe:
            data = pipe.read()
        self._reap()
        try:
            payload = json.loads(data)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None

    def stop(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self._reap()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0
