"""The author's check behind `course verify`: manifest, stubs, solutions, suites, quizzes agree,
every solution passes its suite and every stub is all "to do"."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.manifest import Course, Topic
from checker.paths import SUITES_DIR, exercises_dir, solutions_dir
from checker.runner import default_processes, run_check, suite_path


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    solutions: dict[str, Any] | None = None
    stubs: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {node.name: node for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


def _signature(function: ast.FunctionDef) -> str:
    return ast.dump(function.args) + "->" + (ast.dump(function.returns)
                                             if function.returns else "")


def _is_todo_body(function: ast.FunctionDef, source: str) -> bool:
    body = [node for node in function.body
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    raises = (len(body) == 1 and isinstance(body[0], ast.Raise)
              and "NotImplementedError" in ast.unparse(body[0]))
    segment = "\n".join(source.splitlines()[function.lineno - 1:function.end_lineno])
    return raises and "# TODO" in segment


def check_files(topic: Topic) -> list[str]:
    """Static problems of one topic's stub, solution and suite, against the manifest."""
    problems: list[str] = []
    stub_path, solution_path = exercises_dir() / topic.file, solutions_dir() / topic.file
    for path in (stub_path, solution_path, suite_path(topic)):
        if not path.is_file():
            problems.append(f"{topic.id}: missing {path}")
    if problems:
        return problems
    try:
        stubs, solutions = _functions(stub_path), _functions(solution_path)
    except SyntaxError as exc:
        return [f"{topic.id}: {exc.filename} does not parse: line {exc.lineno}: {exc.msg}"]
    stub_source = stub_path.read_text(encoding="utf-8")
    for exercise in topic.exercises:
        name = exercise.name
        if name not in stubs or name not in solutions:
            problems.append(f"{exercise.id}: no function {name} in the "
                            + ("stub" if name not in stubs else "solution"))
            continue
        if _signature(stubs[name]) != _signature(solutions[name]):
            problems.append(f"{exercise.id}: the stub's signature differs from the solution's")
        if ast.get_docstring(stubs[name]) != ast.get_docstring(solutions[name]):
            problems.append(f"{exercise.id}: the stub's docstring differs from the solution's")
        if not ast.get_docstring(stubs[name]):
            problems.append(f"{exercise.id}: no docstring")
        if not _is_todo_body(stubs[name], stub_source):
            problems.append(f"{exercise.id}: the stub's body must be '# TODO' lines and "
                            "`raise NotImplementedError`")
    extra = set(stubs) - {e.name for e in topic.exercises}
    if extra:
        problems.append(f"{topic.id}: stub functions not in the manifest: {sorted(extra)}")
    marked = _suite_exercise_ids(suite_path(topic))
    for exercise in topic.exercises:
        if exercise.id not in marked:
            problems.append(f"{exercise.id}: no suite test carries @exercise({exercise.id!r})")
    for unknown in sorted(marked - {e.id for e in topic.exercises}):
        problems.append(f"{topic.id}: the suite checks {unknown!r}, not in the manifest")
    return problems


def _suite_exercise_ids(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ids = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "exercise" and node.args
                and isinstance(node.args[0], ast.Constant)):
            ids.add(node.args[0].value)
    return ids


def _orphan_files(course: Course) -> list[str]:
    known = {t.file for t in course.topics}
    problems = []
    for folder in (exercises_dir(), solutions_dir()):
        for path in sorted(folder.glob("*.py")):
            if path.name not in known:
                problems.append(f"{path}: not a topic of the manifest")
    topic_ids = {t.id for t in course.topics}
    for path in sorted(SUITES_DIR.glob("test_*.py")):
        if path.stem.removeprefix("test_") not in topic_ids:
            problems.append(f"{path}: a suite for no topic of the manifest")
    return problems


def write_reference_answers(course: Course) -> Path:
    """Write solutions/quiz_answers.toml: the right answer to every quiz question."""
    from checker.quiz import reference_answers
    from checker.quiz_answers import answers_path, save_answers

    save_answers(solutions_dir(), reference_answers([t.id for t in course.topics]))
    return answers_path(solutions_dir())


def verify(course: Course, topics: tuple[Topic, ...], seed: int | None = None) -> Verification:
    from checker.quiz import self_check
    from checker.quiz_bank import orphan_banks

    result = Verification()
    if len(topics) == len(course.topics):
        result.problems.extend(_orphan_files(course))
        result.problems.extend(orphan_banks([t.id for t in course.topics]))
    for topic in topics:
        result.problems.extend(check_files(topic))
        result.problems.extend(self_check(topic.id))
    runnable = tuple(t for t in topics if suite_path(t).is_file())
    processes = default_processes()
    result.solutions = run_check(course, runnable, solutions_dir(), seed=seed,
                                 processes=processes)
    # Every test of every stub runs: this is what proves the stubs are all "to do".
    result.stubs = run_check(course, runnable, exercises_dir(), seed=seed, processes=processes,
                             every_test=True)
    for topic in result.solutions["topics"]:
        for exercise in topic["exercises"]:
            if exercise["status"] != "passed" and topic["status"] != "unavailable":
                first_line = (exercise["message"].splitlines() or [""])[0]
                result.problems.append(
                    f"{exercise['id']}: the solution is {exercise['status']}: {first_line}")
    for topic in result.solutions["topics"]:
        quiz = topic.get("quiz")
        if quiz and quiz["score"] != quiz["max_score"]:
            result.problems.append(
                f"{topic['id']}: the reference quiz answers score {quiz['score']:g}/"
                f"{quiz['max_score']:g}; run `course verify --write-answers`")
    for topic in result.stubs["topics"]:
        for exercise in topic["exercises"]:
            if exercise["status"] != "todo":
                result.problems.append(f"{exercise['id']}: the stub is {exercise['status']}, "
                                       "not todo")
    return result
