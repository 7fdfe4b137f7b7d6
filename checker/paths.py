"""Where the course's files live, installed from a wheel or run from a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST_PATH = PACKAGE_DIR / "course.toml"
SUITES_DIR = PACKAGE_DIR / "suites"
QUIZZES_DIR = PACKAGE_DIR / "quizzes"


def _content_dir(name: str) -> Path:
    # A wheel carries the content under checker/_content; a checkout (editable install or
    # plain source tree) keeps it at the repository root beside the package.
    installed = PACKAGE_DIR / "_content" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def exercises_dir() -> Path:
    return _content_dir("exercises")


def solutions_dir() -> Path:
    return _content_dir("solutions")
