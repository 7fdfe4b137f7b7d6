"""Run the hidden suites against a folder of learner files and return the results document.

Pytest runs in this (trusted) process, on the suites shipped inside the package, with an
explicit ini file and conftest search cut off at the suites' folder: nothing from the
learner's folder (conftest.py, pytest.ini, plugins) is ever loaded. Learner code runs only
in the workers that `checker.plugin` starts.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import warnings
from pathlib import Path
from typing import Any

import pytest

import checker.plugin
from checker.errors import AuthoringError, Interrupted, UsageProblem
from checker.forkserver import default_spawner
from checker.manifest import Course, Topic
from checker.parallel import usable_cpus
from checker.paths import SUITES_DIR
from checker.plugin import SUITE_PREFIX, CoursePlugin, RunRecords
from checker.results import build_document
from checker.sandbox import Limits, Spawner, protections
from checker.workspace import topics_to_run
from checker.zygote import SCIPY_SUBMODULES, skip_scipy_docstring_notes


def warm_imports() -> None:
    """Import the SciPy submodules the suites use, so a long-lived checker (course grade,
    course watch) pays for them once."""
    import importlib

    skip_scipy_docstring_notes()
    for name in SCIPY_SUBMODULES:
        try:
            importlib.import_module(f"scipy.{name}")
        except ImportError:
            pass


def suite_path(topic: Topic) -> Path:
    return SUITES_DIR / f"{SUITE_PREFIX}{topic.id}.py"


def _pytest_arguments(suites: list[Path]) -> list[str]:
    return [
        *map(str, suites),
        "-c", str(SUITES_DIR / "pytest.ini"),
        "--rootdir", str(SUITES_DIR),
        "--confcutdir", str(SUITES_DIR),
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        "-p", "no:stepwise",
        "-p", "no:junitxml",
        "-p", "no:pastebin",
        "-p", "no:nose",
        "-p", "no:doctest",
        # Per-test machinery the suites do not use (learner output arrives through the
        # workers' pipes, never on this process's stdout): about 1 ms a test.
        "--capture=no",
        "-p", "no:logging",
        "-p", "no:warnings",
        # Both collect garbage at session end (0.2 s each run) to report what suites never
        # raise: learner code runs in workers, whose errors come back as data.
        "-p", "no:unraisableexception",
        "-p", "no:threadexception",
        # Suites state what they expect through checker.expect, whose messages teach; a bare
        # assert in a suite is an authoring check. Without rewriting, the suites import as
        # ordinary modules from their cached bytecode instead of being parsed and compiled
        # again at every check.
        "--assert=plain",
    ]


@contextlib.contextmanager
def _no_plugin_autoload():
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous


def _run_pytest(suites: list[Path], plugin: CoursePlugin) -> tuple[int, str]:
    """pytest.main on `suites` with `plugin`; its exit code and what it printed."""
    noise = io.StringIO()
    # Warnings raised in this process (a suite computing an expected value) reach nobody:
    # pytest's warnings plugin is off, and the learner's own arrive through the worker.
    with _no_plugin_autoload(), contextlib.redirect_stdout(noise), \
            contextlib.redirect_stderr(noise), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # The plugin's hooks, and the fixtures its module defines.
        code = pytest.main(_pytest_arguments(suites), plugins=[plugin, checker.plugin])
    return int(code), noise.getvalue()[-2000:]


def _finished(code: int, records: RunRecords) -> bool:
    # No test collected is fine when every selected suite skipped itself (unavailable).
    return code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or (
        code == pytest.ExitCode.NO_TESTS_COLLECTED and bool(records.unavailable))


def default_processes() -> int:
    """Checker processes for a check of several topics: one per CPU this process may use,
    at most four (COURSE_CHECK_PROCESSES overrides; 1 runs everything here)."""
    wanted = os.environ.get("COURSE_CHECK_PROCESSES", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(usable_cpus(), 4))


def run_check(course: Course, topics: tuple[Topic, ...], learner_dir: Path, *,
              limits: Limits | None = None, seed: int | None = None,
              submission: str | None = None, spawner: Spawner | None = None,
              processes: int = 1, every_test: bool = False) -> dict[str, Any]:
    """Check `topics` against the files in `learner_dir`; the results document.

    Workers come from `spawner` (default: this process's fork server). With `processes`
    above 1, that many checker processes share the topics (see `checker.parallel`).
    Unless `every_test`: a topic whose file is the untouched stub is not run (every
    exercise in it is to do; see `checker.workspace.topics_to_run`), and an exercise's
    tests stop at its first "todo" or "timeout" (the document is the same; see
    `CoursePlugin`).
    """
    if not learner_dir.is_dir():
        raise UsageProblem(f"no folder {learner_dir}")
    learner_dir = learner_dir.resolve()
    seed = secrets.randbits(32) if seed is None else seed
    skip_scipy_docstring_notes()  # before the suites import SciPy's submodules
    present = [t for t in topics if (learner_dir / t.file).is_file()]
    running = present if every_test else topics_to_run(present, learner_dir)
    not_started = {t.id for t in present} - {t.id for t in running}
    suites = [suite_path(t) for t in running]
    if processes > 1 and len(suites) > 1:
        protections()  # probed once, before helpers fork, for all of them
    if suites and spawner is None:
        spawner = default_spawner()
    plugin = CoursePlugin(course, topics, learner_dir, limits or Limits(), seed, spawner,
                          processes, stop_early=not every_test)
    if suites:
        missing = [str(s) for s in suites if not s.is_file()]
        if missing:
            raise AuthoringError(f"no suite for: {', '.join(missing)}")
        code, noise = _run_pytest(suites, plugin)
        if code == pytest.ExitCode.INTERRUPTED:
            raise Interrupted("interrupted: the check stopped before it finished, and "
                              "nothing of it was saved")
        if plugin.records.authoring_problems:
            raise AuthoringError("\n".join(plugin.records.authoring_problems))
        if not _finished(code, plugin.records):
            raise AuthoringError(f"the suites could not run (pytest exit {code}):\n" + noise)
    return build_document(course, topics, plugin.records, learner_dir, submission,
                          not_started)
