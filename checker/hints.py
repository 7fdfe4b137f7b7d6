"""Which hint to show next: levels per exercise, remembered in the learner's state."""

from __future__ import annotations

from dataclasses import dataclass

from checker.errors import UsageProblem
from checker.manifest import Course, Exercise
from checker.state import State


@dataclass(frozen=True)
class HintShown:
    exercise: Exercise
    level: int  # 1-based
    levels: int
    text: str


def first_unfinished(course: Course, state: State, topic_id: str | None = None) -> Exercise | None:
    topics = course.select([topic_id] if topic_id else [])
    for topic in topics:
        for exercise in topic.exercises:
            if state.exercises.get(exercise.id) != "passed":
                return exercise
    return None


def next_hint(course: Course, state: State, target: str | None) -> HintShown | None:
    """The next level of hint for `target` (a topic, topic.exercise, or the first unfinished
    exercise when None), recorded in `state`; None when everything is done."""
    if target and "." in target:
        exercise = course.exercise(target)
    else:
        exercise = first_unfinished(course, state, target)
        if exercise is None:
            if target:
                course.topic(target)  # an unknown topic is a usage problem
            return None
    levels = len(exercise.hints)
    if not levels:
        raise UsageProblem(f"{exercise.id} has no hints")
    level = min(state.hints.get(exercise.id, 0) + 1, levels)
    state.hints[exercise.id] = level
    return HintShown(exercise, level, levels, exercise.hints[level - 1])
