"""Reading and replacing one function of a topic file: for `course solution` and
`course reset TOPIC.EXERCISE`."""

from __future__ import annotations

import ast
import io
import shutil
import tokenize
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checker.errors import CourseError
from checker.manifest import Exercise, Topic
from checker.paths import exercises_dir, solutions_dir
from checker.state import STATE_DIR, workspace_of
from checker.workspace import is_untouched_stub


@dataclass(frozen=True)
class SourceFile:
    """A Python file's text as Python reads it, and how to write it back as it was saved:
    in its encoding (a BOM kept by "utf-8-sig") and with its line endings."""

    text: str
    encoding: str
    newline: str

    def lines(self) -> list[str]:
        # Lines as Python counts them (ast's line numbers): str.splitlines also breaks at a
        # form feed or U+2028, which misplaced every line after one.
        return io.StringIO(self.text, newline="").readlines()


def decode_source(data: bytes) -> tuple[str, str]:
    """The text of Python source `data` and its encoding, read as Python reads it (its
    encoding declaration or BOM, else UTF-8); ValueError saying where, when it cannot be."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        start = getattr(exc, "start", None)
        where = f" (line {data[:start].count(10) + 1})" if start is not None else ""
        raise ValueError(f"not saved as UTF-8{where}") from None


def read_source(path: Path) -> SourceFile:
    """Read `path` as Python would, to write it back as it was saved."""
    try:
        text, encoding = decode_source(path.read_bytes())
    except ValueError as exc:
        raise CourseError(f"{path.name} is {exc}: save it as UTF-8 in your editor, then try "
                          "again") from None
    return SourceFile(text, encoding, "\r\n" if "\r\n" in text else "\n")


def _function_node(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    # The last definition is the one Python keeps, and so the one the checker runs.
    return next((node for node in reversed(tree.body)
                 if isinstance(node, ast.FunctionDef) and node.name == name), None)


def function_source(path: Path, name: str) -> str:
    """The source of top-level function `name` in `path`, decorators included."""
    source = read_source(path)
    try:
        tree = ast.parse(source.text)
    except SyntaxError as exc:
        raise CourseError(f"{path.name} does not parse (line {exc.lineno}): fix it first, or "
                          "reset the whole topic") from None
    node = _function_node(tree, name)
    if node is None:
        raise CourseError(f"{path.name} has no function {name}")
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    text = "".join(source.lines()[start - 1:node.end_lineno]).replace("\r\n", "\n")
    return text.rstrip("\n") + "\n"


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


def is_stub(topic: Topic, exercise: Exercise | None, learner_dir: Path) -> bool:
    """Whether the learner's file for `topic` (or, given `exercise`, that function in it)
    is already the stub, so that a reset would change nothing."""
    if exercise is None:
        return is_untouched_stub(topic, learner_dir)
    try:
        return (function_source(learner_dir / topic.file, exercise.name)
                == function_source(exercises_dir() / topic.file, exercise.name))
    except (CourseError, OSError):  # no file, no such function, a file that does not parse
        return False


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
    source = read_source(learner_file)
    try:
        tree = ast.parse(source.text)
    except SyntaxError as exc:
        raise CourseError(f"{topic.file} does not parse (line {exc.lineno}); reset the whole "
                          f"topic with `course reset {topic.id}`") from None
    node = _function_node(tree, exercise.name)
    lines = source.lines()
    stub = function_source(exercises_dir() / topic.file, exercise.name)
    if node is None:
        # Deleted (the check suggests this command for it): the stub goes back at the end.
        ending = "" if not lines or lines[-1].endswith(("\n", "\r")) else source.newline
        text = ("".join(lines) + ending + source.newline * 2
                + stub.replace("\n", source.newline))
    else:
        start = min([node.lineno] + [d.lineno for d in node.decorator_list])
        text = "".join(lines[:start - 1]) + stub.replace("\n", source.newline) + "".join(
            lines[node.end_lineno:])
    try:
        data = text.encode(source.encoding)
    except UnicodeEncodeError:
        raise CourseError(f"the stub of {exercise.name} cannot be written in {topic.file}'s "
                          f"encoding ({source.encoding}): save it as UTF-8, then try "
                          "again") from None
    saved = backup(learner_file)
    learner_file.write_bytes(data)
    return saved
