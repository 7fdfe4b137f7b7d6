"""Shared helpers for the project's own tests."""

from __future__ import annotations

import csv
import io
import os
import secrets
import signal
import textwrap
from pathlib import Path
from typing import Any

import pytest

from checker.manifest import load_manifest
from checker.paths import exercises_dir, solutions_dir
from checker.runner import run_check

REPO = Path(__file__).resolve().parent.parent


def suite_seed() -> int:
    """The suites' seed for this test run: COURSE_TEST_SEED to replay one, else random."""
    return int(os.environ.get("COURSE_TEST_SEED") or secrets.randbits(32))


def write_variant(folder: Path, topic_id: str, overrides: str, base: str = "solution") -> Path:
    """A learner folder holding topic_id's solution (or stub) with `overrides` appended.

    Functions defined in `overrides` replace the ones of the same name, since a module's
    later definition wins: a wrong or alternative solution is written as just the
    functions that differ.
    """
    topic = load_manifest().topic(topic_id)
    source_dir = solutions_dir() if base == "solution" else exercises_dir()
    text = (source_dir / topic.file).read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / topic.file).write_text(text + "\n\n" + textwrap.dedent(overrides),
                                     encoding="utf-8")
    return folder


def check_topic(folder: Path, topic_id: str, seed: int | None = None) -> dict[str, Any]:
    """Run topic_id's suite on `folder`: {exercise id: (status, message)} and the document."""
    course = load_manifest()
    document = run_check(course, course.select([topic_id]), folder,
                         seed=suite_seed() if seed is None else seed)
    return document


def exercise_statuses(document: dict[str, Any]) -> dict[str, str]:
    return {e["id"]: e["status"] for t in document["topics"] for e in t["exercises"]}


def assert_loses_points(tmp_path: Path, exercise_id: str, overrides: str) -> str:
    """The overridden solution must fail `exercise_id`; returns the teaching message."""
    topic_id = exercise_id.split(".")[0]
    seed = suite_seed()
    document = check_topic(write_variant(tmp_path, topic_id, overrides), topic_id, seed)
    entry = next(e for t in document["topics"] for e in t["exercises"] if e["id"] == exercise_id)
    assert entry["status"] != "passed", (
        f"a wrong solution passed {exercise_id} (seed {seed}): the suite has a hole")
    assert entry["score"] == 0.0
    return entry["message"]


def assert_passes(tmp_path: Path, exercise_id: str, overrides: str) -> None:
    """The overridden (alternative but correct) solution must pass `exercise_id`."""
    topic_id = exercise_id.split(".")[0]
    seed = suite_seed()
    document = check_topic(write_variant(tmp_path, topic_id, overrides), topic_id, seed)
    entry = next(e for t in document["topics"] for e in t["exercises"] if e["id"] == exercise_id)
    assert entry["status"] == "passed", (
        f"a correct alternative failed {exercise_id} (seed {seed}): {entry['message']}")


@pytest.fixture
def repo() -> Path:
    return REPO


def variant_tests(wrong: dict[str, tuple[str, str]], alternatives: dict[str, tuple[str, str]]):
    """The two tests every content file runs: each wrong solution in `wrong` loses its
    exercise's points, each correct one in `alternatives` passes. Both dicts map a name to
    (exercise id, the functions that replace the reference solution's)."""

    @pytest.mark.parametrize("name", sorted(wrong))
    def test_wrong_solution_loses_points(tmp_path: Path, name: str) -> None:
        exercise_id, source = wrong[name]
        assert_loses_points(tmp_path, exercise_id, source)

    @pytest.mark.parametrize("name", sorted(alternatives))
    def test_alternative_solution_passes(tmp_path: Path, name: str) -> None:
        exercise_id, source = alternatives[name]
        assert_passes(tmp_path, exercise_id, source)

    return test_wrong_solution_loses_points, test_alternative_solution_passes


def advice_test(wrong: dict[str, tuple[str, str]], told: dict[str, str],
                not_told: dict[str, str] | None = None):
    """A test that each wrong solution named in `told` hears that advice in its message,
    and each one in `not_told` does not (advice meant for another mistake)."""
    cases = [(name, text, True) for name, text in told.items()] + [
        (name, text, False) for name, text in (not_told or {}).items()]

    @pytest.mark.parametrize("name, advice, expected", cases,
                             ids=[f"{name}-{'told' if expected else 'not told'}"
                                  for name, _, expected in cases])
    def test_wrong_solution_hears_the_advice_that_fits(tmp_path: Path, name: str, advice: str,
                                                       expected: bool) -> None:
        message = assert_loses_points(tmp_path, *wrong[name])
        assert (advice in message) == expected, message

    return test_wrong_solution_hears_the_advice_that_fits


def read_sheet(out: Path, name: str = "grades.csv") -> list[dict[str, str]]:
    """The rows of a sheet `course grade` wrote, read as the README tells a script to: with
    encoding="utf-8-sig", which drops the byte-order mark written for Excel."""
    return list(csv.DictReader(io.StringIO((out / name).read_text(encoding="utf-8-sig"))))


def ctrl_c_reaches_it() -> None:
    """A `preexec_fn` for a command a test stops with SIGINT: Ctrl-C's default disposition.
    A shell starts a background job (`pytest &`, a CI script run with `&`) with SIGINT
    ignored, the command inherits that, and Python then installs no handler for it: the
    test's Ctrl-C did nothing and the check ran to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
