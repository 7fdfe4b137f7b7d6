"""Progress per topic, from the learner's state and the manifest: as rows, and as a picture."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.manifest import Course
from checker.state import State


@dataclass(frozen=True)
class TopicProgress:
    id: str
    file: str
    status: str
    passed: int
    exercises: int
    points: int
    max_points: int
    quiz_points: float = 0.0
    quiz_max_points: float = 0.0


def topic_progress(course: Course, state: State,
                   quizzes: Mapping[str, Mapping[str, Any] | None] | None = None
                   ) -> list[TopicProgress]:
    """A row per topic: exercises from the last check (`state`), quiz points from the
    answers file (`quizzes`: topic id -> `checker.quiz.quiz_summary`), as `course check`
    counts them."""
    rows = []
    for topic in course.topics:
        passed = [e for e in topic.exercises if state.exercises.get(e.id) == "passed"]
        quiz = (quizzes or {}).get(topic.id) or {}
        rows.append(TopicProgress(topic.id, topic.file, state.topics.get(topic.id, "not checked"),
                                  len(passed), len(topic.exercises),
                                  sum(e.points for e in passed), topic.max_points,
                                  float(quiz.get("score", 0.0)),
                                  float(quiz.get("max_score", 0.0))))
    return rows


def plot_progress(rows: list[TopicProgress], path: Path) -> None:
    """A horizontal bar per topic: the share of its points earned, topics in course order."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 0.35 * len(rows) + 1.5), layout="constrained")
    axes = figure.subplots()
    shares = [100 * row.points / row.max_points if row.max_points else 0 for row in rows]
    colours = ["#55a868" if share == 100 else "#dd8452" if share else "#cccccc"
               for share in shares]
    axes.barh(range(len(rows)), [100] * len(rows), color="#eeeeee")
    axes.barh(range(len(rows)), shares, color=colours)
    axes.set_yticks(range(len(rows)), [f"{row.file[:2]} {row.id}" for row in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("points earned (%)")
    earned = sum(row.points for row in rows)
    total = sum(row.max_points for row in rows)
    axes.set_title(f"SciPy course progress: {earned} of {total} points of the exercises "
                   "(quizzes not drawn)")
    for position, row in enumerate(rows):
        axes.text(101, position, f"{row.passed}/{row.exercises}", va="center", fontsize=8)
    figure.savefig(path, format="png", dpi=100)
