"""Reading and replacing one function of a topic file: for `course solution` and
`course reset TOPIC.EXERCISE`."""

from __future__ import annotations

import ast
import shutil
from datetime import datetime
from pathlib import Path

from checker.errors import CourseError
from checker.manifest import Exercise, Topic
from checker.paths import exercises_dir, solutions_dir
from checker.state import STATE_DIR, workspace_of


def function_source(path: Path, name: str) -> str:
    """The source of top-level function `name` in `path`, decorators included."""
    text = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise CourseError(f"{path.name} does not parse (line {exc.lineno}): fix it first, or "
                          "reset the whole topic") from None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            return "\n".join(text.splitlines()[start - 1:node.end_lineno]) + "\n"
    raise CourseError(f"{path.name} has no function {name}")


def reference_solution(exercise: Exercise, topic: Topic) -> str:
    return function_source(solutions_dir() / topic.file, exercise.name)


def backup(learner_file: Path) -> Path:
    """Keep a copy of the learner's file in .course/backups before it is changed."""
    folder = workspace_of(learner_file.parent) / STATE_DIR / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{learner_file.name}.{stamp}"
    shutil.copyfile(learner_file, target)
    return target


def reset_topic(topic: Topic, learner_dir: Path) -> Path | None:
    """Put the topic's stub back; returns the backup of the learner's file, if any."""
    learner_file = learner_dir / topic.file
    saved = backup(learner_file) if learner_file.is_file() else None
    learner_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(exercises_dir() / topic.file, learner_file)
    return saved


def reset_exercise(topic: Topic, exercise: Exercise, learner_dir: Path) -> Path:
    """Put one function's stub back in the learner's file; returns the backup."""
    learner_file = learner_dir / topic.file
    if not learner_file.is_file():
        raise CourseError(f"no file {learner_file}")
    text = learner_file.read_text(encoding="utf-8")
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise CourseError(f"{topic.file} does not parse (line {exc.lineno}); reset the whole "
                          f"topic with `course reset {topic.id}`") from None
    node = next((n for n in tree.body
                 if isinstance(n, ast.FunctionDef) and n.name == exercise.name), None)
    if node is None:
        raise CourseError(f"{topic.file} has no function {exercise.name}")
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    lines = text.splitlines(keepends=True)
    stub = function_source(exercises_dir() / topic.file, exercise.name)
    saved = backup(learner_file)
    learner_file.write_text("".join(lines[:start - 1]) + stub + "".join(lines[node.end_lineno:]),
                            encoding="utf-8")
    return saved
