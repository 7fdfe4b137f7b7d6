"""The course manifest (`course.toml`): the single source of truth for what exists.

Format 1::

    format = 1
    [[topics]]
    id = "constants"                    # stable name used by every command and sheet
    title = "Physical constants: scipy.constants"
    file = "03_constants.py"            # the same name in exercises/ and solutions/
    section = "scipy.constants"         # the tutorial section it follows
    [[topics.exercises]]
    name = "speed_of_light"             # the function's name; id "constants.speed_of_light"
    points = 2
    hints = ["first level", "second level, closer to the answer"]

Loading validates strictly: unknown keys, wrong types, duplicate ids, bad file names and
(when asked) files missing from a content folder are errors that say where they are.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.errors import ManifestError, UsageProblem
from checker.paths import MANIFEST_PATH

FORMAT_VERSION = 1
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_TOPIC_KEYS = {"id": str, "title": str, "file": str, "section": str, "exercises": list}
_EXERCISE_KEYS = {"name": str, "points": int, "hints": list}


@dataclass(frozen=True)
class Exercise:
    topic: str
    name: str
    points: int
    hints: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.topic}.{self.name}"


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    file: str
    section: str
    exercises: tuple[Exercise, ...]

    @property
    def max_points(self) -> int:
        return sum(exercise.points for exercise in self.exercises)

    def exercise(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        raise UsageProblem(
            f"topic {self.id!r} has no exercise {name!r}; it has: "
            + ", ".join(e.name for e in self.exercises)
        )


@dataclass(frozen=True)
class Course:
    topics: tuple[Topic, ...]

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(e for topic in self.topics for e in topic.exercises)

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise UsageProblem(
            f"unknown topic {topic_id!r}; topics are: " + ", ".join(t.id for t in self.topics)
        )

    def select(self, topic_ids: tuple[str, ...] | list[str]) -> tuple[Topic, ...]:
        """The named topics in course order (all of them when none are named)."""
        if not topic_ids:
            return self.topics
        wanted = {self.topic(topic_id).id for topic_id in topic_ids}
        return tuple(topic for topic in self.topics if topic.id in wanted)

    def exercise(self, exercise_id: str) -> Exercise:
        topic_id, _, name = exercise_id.partition(".")
        return self.topic(topic_id).exercise(name)

    def resolve(self, target: str) -> tuple[Topic, Exercise | None]:
        """TOPIC or TOPIC.EXERCISE as (topic, exercise or None). An unknown one is a usage
        problem that names what there is and, for a slip of the keyboard, the closest
        names: the lists alone left the learner to spot `getting_startd` among 18 topics."""
        topic_id, _, name = target.partition(".")
        try:
            topic = self.topic(topic_id)
            return topic, topic.exercise(name) if name else None
        except UsageProblem as exc:
            raise UsageProblem(exc.message + self._did_you_mean(target)) from None

    def _did_you_mean(self, target: str) -> str:
        # Each part is matched among names of its own kind: matched whole, every exercise of
        # a topic looked alike through the topic's name. An exercise's bare name
        # (`make_arry`) is matched when no topic is close.
        topic_id, _, name = target.partition(".")
        topics = {t.id: t for t in self.topics}
        close_topics = ([topic_id] if topic_id in topics
                        else difflib.get_close_matches(topic_id, list(topics), n=3))
        if not name:
            close = close_topics or [
                e.id for match in difflib.get_close_matches(
                    target, [e.name for e in self.exercises], n=3)
                for e in self.exercises if e.name == match]
        else:
            close = [f"{t}.{match}" for t in close_topics[:1]
                     for match in difflib.get_close_matches(
                         name, [e.name for e in topics[t].exercises], n=3)]
            if not close and topic_id not in topics:
                close = close_topics
        return f"; did you mean {' or '.join(close)}?" if close else ""

    def missing_files(self, folder: Path) -> list[str]:
        return [t.file for t in self.topics if not (folder / t.file).is_file()]


def _check_keys(table: dict[str, Any], allowed: dict[str, type], where: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ManifestError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )
    for key, kind in allowed.items():
        if key not in table:
            raise ManifestError(f"{where}: missing key {key!r}")
        value = table[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ManifestError(
                f"{where}: {key!r} must be {kind.__name__}, not {type(value).__name__}"
            )


def _parse_exercise(table: Any, topic_id: str, where: str) -> Exercise:
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: each exercise must be a table")
    _check_keys(table, _EXERCISE_KEYS, where)
    name = table["name"]
    if not _IDENTIFIER.match(name):
        raise ManifestError(f"{where}: exercise name {name!r} is not a lowercase identifier")
    if table["points"] <= 0:
        raise ManifestError(f"{where}: points must be positive")
    hints = table["hints"]
    if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        raise ManifestError(f"{where}: hints must be a non-empty list of non-empty strings")
    return Exercise(topic=topic_id, name=name, points=table["points"], hints=tuple(hints))


def _parse_topic(table: Any, position: int) -> Topic:
    where = f"topic #{position + 1}"
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: each topic must be a table")
    if isinstance(table.get("id"), str):
        where = f"topic {table['id']!r}"
    _check_keys(table, _TOPIC_KEYS, where)
    topic_id = table["id"]
    if not _IDENTIFIER.match(topic_id):
        raise ManifestError(f"{where}: id must be a lowercase identifier")
    if not re.fullmatch(rf"\d\d_{topic_id}\.py", table["file"]):
        raise ManifestError(f"{where}: file must be named NN_{topic_id}.py, not {table['file']!r}")
    if not 1 <= len(table["exercises"]) <= 8:
        raise ManifestError(f"{where}: a topic has 1 to 8 exercises")
    exercises = tuple(
        _parse_exercise(item, topic_id, f"{where}, exercise #{i + 1}")
        for i, item in enumerate(table["exercises"])
    )
    names = [e.name for e in exercises]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ManifestError(f"{where}: exercise {duplicate!r} appears twice")
    return Topic(
        id=topic_id,
        title=table["title"],
        file=table["file"],
        section=table["section"],
        exercises=exercises,
    )


def parse_manifest(text: str, source: str = "course.toml") -> Course:
    """Parse and validate manifest text; raise ManifestError naming the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{source}: not valid TOML: {exc}") from None
    _check_keys(data, {"format": int, "topics": list}, source)
    if data["format"] != FORMAT_VERSION:
        raise ManifestError(
            f"{source}: format {data['format']} is not supported (expected {FORMAT_VERSION})"
        )
    topics = tuple(_parse_topic(table, i) for i, table in enumerate(data["topics"]))
    numbers = [int(t.file[:2]) for t in topics]
    if numbers != sorted(set(numbers)):
        raise ManifestError(f"{source}: topic file numbers must increase in course order")
    ids = [t.id for t in topics]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise ManifestError(f"{source}: topic {duplicate!r} appears twice")
    return Course(topics=topics)


def load_manifest(path: Path | None = None) -> Course:
    """The course described by `path` (default: the manifest shipped with the package)."""
    if path is None:
        return _load_default()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"cannot read {path}: {exc.strerror}") from None
    return parse_manifest(text, source=str(path))


@cache
def _load_default() -> Course:
    from checker.paths import exercises_dir, solutions_dir

    course = parse_manifest(MANIFEST_PATH.read_text(encoding="utf-8"), source=str(MANIFEST_PATH))
    # A topic without its stub or reference solution is a broken install, named at once.
    check_content_files(course, exercises_dir())
    check_content_files(course, solutions_dir())
    return course


def check_content_files(course: Course, folder: Path) -> None:
    """Raise ManifestError when a topic's file is missing from `folder`."""
    missing = course.missing_files(folder)
    if missing:
        raise ManifestError(f"{folder}: missing topic files: {', '.join(missing)}")
