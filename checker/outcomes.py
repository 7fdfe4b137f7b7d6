"""Outcomes: from what a suite test raised to a status per test, exercise and topic."""

from __future__ import annotations

from typing import Iterable

from checker.learner import (
    LearnerBadValue,
    LearnerBroken,
    LearnerCrashed,
    LearnerFileProblem,
    LearnerRaised,
    LearnerTimedOut,
)

EXERCISE_STATUSES = ("passed", "failed", "todo", "error", "timeout")
TOPIC_STATUSES = ("complete", "partial", "todo", "broken", "missing", "unavailable")
# When an exercise's tests disagree, the one that best tells the learner what to do wins.
_PRECEDENCE = ("todo", "timeout", "error", "failed", "passed")


# After one of these, an exercise's later tests are not run (see `ExerciseNotRun`).
STOPPING_STATUSES = ("todo", "timeout")
_NOT_RUN_BECAUSE = {
    "todo": "an earlier test found {} not done yet",
    "timeout": "an earlier test of {} ran out of time",
}


class ExerciseNotRun(Exception):
    """Raised in place of a test whose exercise an earlier test of the run found still to
    do, or out of time.

    "todo" outranks every other status, and the first test's message is the one shown, so
    no later test of an exercise found to do could change its status, score or message.
    "timeout" is outranked only by "todo": a later test could change the status only if
    the same function raised NotImplementedError for another input. Not running them
    spares a learner's check most of the work for an unfinished exercise, and the time
    limit of every further call of a function that loops."""

    def __init__(self, exercise_id: str, status: str) -> None:
        super().__init__("not run: " + _NOT_RUN_BECAUSE[status].format(exercise_id))
        self.status = status


def classify(exc: BaseException | None) -> tuple[str, str]:
    """(status, message) for one test, from the exception it ended with (None: passed)."""
    if exc is None:
        return "passed", ""
    if isinstance(exc, ExerciseNotRun):
        return exc.status, str(exc)
    if isinstance(exc, LearnerRaised):
        if exc.is_todo:
            return "todo", f"not done yet: {exc.function}() still raises NotImplementedError"
        return "error", exc.describe()
    if isinstance(exc, LearnerTimedOut):
        return "timeout", str(exc)
    if isinstance(exc, LearnerBroken):
        return "error", str(exc)
    if isinstance(exc, LearnerCrashed):
        return "error", str(exc)
    if isinstance(exc, (LearnerBadValue, LearnerFileProblem)):
        return "failed", str(exc)
    if isinstance(exc, AssertionError):
        return "failed", str(exc).strip() or "a check failed"
    # A value of an unexpected shape (None where a tuple belongs) breaks the suite's own
    # code before a check could say so: still the learner's value, so still "failed".
    return "failed", f"the checker could not use the value returned ({type(exc).__name__}: {exc})"


def exercise_status(statuses: Iterable[str]) -> str:
    seen = set(statuses)
    if not seen:
        return "failed"
    return next(status for status in _PRECEDENCE if status in seen)


def topic_status(exercise_statuses: list[str]) -> str:
    if all(status == "passed" for status in exercise_statuses):
        return "complete"
    if all(status == "todo" for status in exercise_statuses):
        return "todo"
    return "partial"
