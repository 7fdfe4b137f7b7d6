"""`course watch`: re-check the current topic whenever its file changes.

Changes are found by polling the file's modification time and size four times a second:
it costs next to nothing, needs no extra package, and works on every file system
(network drives and containers included, where change events often never arrive). The
checker stays imported between checks, so a re-check pays only for the suite itself.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

from checker.hints import first_unfinished
from checker.manifest import Course, Topic
from checker.runner import run_check
from checker.state import load_state, record_results, save_state, workspace_of

POLL_SECONDS = 0.25


class Watcher:
    def __init__(self, course: Course, learner_dir: Path, topic_id: str | None,
                 seed: int | None = None) -> None:
        self.course, self.learner_dir, self.seed = course, learner_dir, seed
        self.workspace = workspace_of(learner_dir)
        if topic_id:
            self.topic: Topic = course.topic(topic_id)
        else:
            self.topic = self._first_unfinished() or course.topics[0]
        self._seen: tuple[int, int] | None = None
        # An empty or missing file seen at the last poll, and its stamp (see `changed`).
        self._waiting = False
        self._waited_for: tuple[int, int] | None = None
        # Why the last check's progress could not be saved (a read-only disk), if it could
        # not: the watch goes on, and says so.
        self.unsaved: OSError | None = None

    def _first_unfinished(self, after: Topic | None = None) -> Topic | None:
        state = load_state(self.workspace)
        topics = list(self.course.topics)
        start = topics.index(after) + 1 if after else 0
        for topic in topics[start:] + topics[:start]:
            if first_unfinished(self.course, state, topic.id) is not None and topic != after:
                return topic
        return None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.learner_dir / self.topic.file)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def changed(self) -> bool:
        stamp = self._stamp()
        if stamp == self._seen:
            return False
        if stamp is None or stamp[1] == 0:
            # An empty or missing file is mostly an editor half way through a save (truncate,
            # then write; delete, then rename): checked at once, it showed every function
            # missing, with advice to reset them, until the next poll. It is checked once it
            # has stayed so for a poll.
            settled = self._waiting and stamp == self._waited_for
            self._waiting, self._waited_for = True, stamp
            return settled
        self._waiting = False
        return True

    def check(self) -> dict[str, Any]:
        self._seen, self._waiting = self._stamp(), False
        document = run_check(self.course, (self.topic,), self.learner_dir, seed=self.seed)
        state = load_state(self.workspace)
        record_results(state, document)
        try:
            save_state(self.workspace, state)
            self.unsaved = None
        except OSError as exc:
            self.unsaved = exc
        return document

    def warm_up(self) -> None:
        """Have the fork server import the rest of what it preloads (about a second), so
        that no re-check waits for it: call it after the first check is shown, while the
        learner reads it."""
        from checker.forkserver import preload_everything

        preload_everything()

    def unfinished(self) -> bool:
        """Whether the watched topic still has an exercise that does not pass."""
        state = load_state(self.workspace)
        return first_unfinished(self.course, state, self.topic.id) is not None

    def next_topic(self) -> bool:
        """Move to the next unfinished topic; False when no other topic is unfinished."""
        upcoming = self._first_unfinished(after=self.topic)
        if upcoming is None:
            return False
        self.topic = upcoming
        return True


def keys(stream: Any = None) -> Iterator[str | None]:
    """Keys pressed, one at a time; None every POLL_SECONDS when nothing was pressed.

    On a terminal the keys arrive without Enter (cbreak mode, restored on exit); from a
    pipe they arrive as the characters of each line. At the end of input the watch goes
    on (Ctrl-C stops it), since a closed standard input is no request to quit.
    """
    stream = stream or sys.stdin
    pressed: queue.Queue[str] = queue.Queue()

    def read() -> None:
        while True:
            character = stream.read(1)
            if not character:
                return
            pressed.put(character)

    restore = None
    if hasattr(stream, "isatty") and stream.isatty():
        import termios
        import tty

        descriptor = stream.fileno()
        saved = termios.tcgetattr(descriptor)
        tty.setcbreak(descriptor)
        restore = lambda: termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)  # noqa: E731
    threading.Thread(target=read, daemon=True).start()
    try:
        while True:
            try:
                yield pressed.get(timeout=POLL_SECONDS)
            except queue.Empty:
                yield None
    finally:
        if restore:
            restore()
