"""`course init`: a fresh learner workspace with the stubs and nothing else."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path
from typing import Iterable

from checker.errors import CourseError
from checker.manifest import Course, Topic
from checker.paths import exercises_dir


def init_workspace(course: Course, target: Path) -> Path:
    """Copy every topic's stub into `target`/exercises; refuse to overwrite a learner's work."""
    destination = target / "exercises"
    if destination.exists() and any(destination.iterdir()):
        raise CourseError(f"{destination} already holds files; choose an empty folder")
    if target.exists() and not target.is_dir():
        raise CourseError(f"{target} is a file, not a folder")
    destination.mkdir(parents=True, exist_ok=True)
    for topic in course.topics:
        shutil.copyfile(exercises_dir() / topic.file, destination / topic.file)
    return destination


def is_untouched_stub(topic: Topic, learner_dir: Path) -> bool:
    """Whether the learner's file for `topic` is, byte for byte, the stub `course init`
    copied: every function in it still raises NotImplementedError, so a check could only
    find each exercise still to do. (A changed course's new stub differs, and runs.)"""
    learner_file, stub = learner_dir / topic.file, exercises_dir() / topic.file
    try:
        return (learner_file.stat().st_size == stub.stat().st_size
                and learner_file.read_bytes() == stub.read_bytes())
    except OSError:
        return False


def is_empty(topic: Topic, learner_dir: Path) -> bool:
    """Whether the learner's file for `topic` holds nothing but white space (or a BOM):
    a check could only find every function missing."""
    try:
        return not (learner_dir / topic.file).read_bytes().removeprefix(codecs.BOM_UTF8).strip()
    except OSError:
        return False


def topics_to_run(topics: Iterable[Topic], learner_dir: Path) -> list[Topic]:
    """Of `topics`, those whose files a check runs: present, not empty, and not the
    untouched stub."""
    return [topic for topic in topics if (learner_dir / topic.file).is_file()
            and not is_empty(topic, learner_dir) and not is_untouched_stub(topic, learner_dir)]
