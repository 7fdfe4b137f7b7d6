"""The pytest plugin that runs the hidden suites against a learner's files.

It gives suites their fixtures (`learner`, `learner_session`, `rng`), keeps each topic's
worker, and collects one record per test, keyed by node id, from `pytest_runtest_logreport`
(as pytest's junitxml plugin does). Nothing is written until the session ends, when every
worker is dead; `checker.results` then builds the document from these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pytest

from checker.learner import LearnerBroken, LearnerProxy, LearnerSession
from checker.manifest import Course, Topic
from checker.outcomes import classify
from checker.sandbox import Limits, Spawner

SUITE_PREFIX = "test_"
PREFETCH = 2


@dataclass
class TestRecord:
    exercise_id: str
    status: str = "passed"
    message: str = ""


@dataclass
class RunRecords:
    """What the plugin learned: one record per test, and what happened per topic."""

    tests: dict[str, TestRecord] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    output: dict[str, str] = field(default_factory=dict)
    authoring_problems: list[str] = field(default_factory=list)


def topic_of_path(path: Path) -> str:
    return path.stem[len(SUITE_PREFIX):]


class CoursePlugin:
    def __init__(self, course: Course, topics: tuple[Topic, ...], learner_dir: Path,
                 limits: Limits, seed: int, spawner: Spawner | None = None) -> None:
        self.course = course
        self.spawner = spawner
        self.topics = {topic.id: topic for topic in topics}
        self.learner_dir = learner_dir
        self.limits = limits
        self.seed = seed
        self.records = RunRecords()
        self._sessions: dict[str, LearnerSession] = {}
        self._order: list[str] = []

    # -- sessions -------------------------------------------------------------------------

    def _session(self, topic_id: str) -> LearnerSession:
        if topic_id not in self._sessions:
            topic = self.topics[topic_id]
            session = LearnerSession(self.learner_dir / topic.file, self.limits,
                                     spawner=self.spawner)
            session.start()
            self._sessions[topic_id] = session
        return self._sessions[topic_id]

    def _prefetch_after(self, topic_id: str) -> None:
        # Workers import NumPy and SciPy while the checker runs the topic before theirs.
        if topic_id in self._order:
            position = self._order.index(topic_id)
            for upcoming in self._order[position + 1: position + 1 + PREFETCH]:
                self._session(upcoming)

    def _close(self, topic_id: str) -> None:
        session = self._sessions.pop(topic_id, None)
        if session is not None:
            session.close()
            output = "".join(session.output).strip()
            if output:
                self.records.output[topic_id] = output

    # -- fixtures -------------------------------------------------------------------------

    @pytest.fixture(scope="module")
    def learner_session(self, request: pytest.FixtureRequest) -> Iterator[LearnerSession]:
        topic_id = topic_of_path(Path(request.module.__file__))
        session = self._session(topic_id)
        self._prefetch_after(topic_id)
        try:
            session.check_imports()
        except LearnerBroken as exc:
            self.records.broken[topic_id] = str(exc)
            self._close(topic_id)
            raise
        yield session
        self._close(topic_id)

    @pytest.fixture(scope="module")
    def learner(self, learner_session: LearnerSession) -> LearnerProxy:
        return LearnerProxy(learner_session)

    @pytest.fixture
    def rng(self, request: pytest.FixtureRequest) -> np.random.Generator:
        # New numbers every run (the seed is per run), the same for every test of a run.
        return np.random.default_rng([self.seed, *request.node.nodeid.encode()])

    # -- hooks ----------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "exercise(id): the manifest exercise a test checks")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.skipped and report.nodeid:
            reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
            topic_id = topic_of_path(Path(report.nodeid.split("::")[0]))
            self.records.unavailable[topic_id] = str(reason).removeprefix("Skipped: ")
        elif report.failed:
            self.records.authoring_problems.append(
                f"a suite does not load: {report.nodeid}\n{report.longrepr}")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            topic_id = topic_of_path(item.path)
            marker = item.get_closest_marker("exercise")
            exercise_id = marker.args[0] if marker is not None and marker.args else None
            if exercise_id not in {e.id for e in self.topics[topic_id].exercises}:
                self.records.authoring_problems.append(
                    f"{item.nodeid}: @exercise({exercise_id!r}) does not name an exercise "
                    f"of topic {topic_id!r}")
                continue
            self.records.tests[item.nodeid] = TestRecord(exercise_id, status="failed",
                                                         message="no result: the run ended first")
            if topic_id not in self._order:
                self._order.append(topic_id)
        for topic_id in self._order[:PREFETCH]:
            self._session(topic_id)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]
                                  ) -> Iterator[None]:
        report = yield
        exc = call.excinfo.value if call.excinfo is not None else None
        status, message = classify(exc)
        if isinstance(exc, LearnerBroken):
            status = "broken"
        report.course_status = status  # type: ignore[attr-defined]
        report.course_message = message  # type: ignore[attr-defined]
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.records.tests.get(report.nodeid)
        status = getattr(report, "course_status", None)
        if record is None or status is None:
            return
        # Setup and call decide; a teardown only speaks when it failed after a pass.
        if report.when == "teardown" and (status == "passed" or record.status != "passed"):
            return
        record.status, record.message = status, getattr(report, "course_message", "")

    def pytest_sessionfinish(self) -> None:
        for topic_id in list(self._sessions):
            self._close(topic_id)
