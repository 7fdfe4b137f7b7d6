"""The pytest plugin that runs the hidden suites against a learner's files.

It gives suites their fixtures (`learner`, `learner_session`, `rng`), keeps each topic's
worker, and collects one record per test, keyed by node id, from `pytest_runtest_logreport`
(as pytest's junitxml plugin does). Nothing is written until the session ends, when every
worker is dead; `checker.results` then builds the document from these records.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np
import pytest

from checker.environment import resume_garbage_collection
from checker.learner import LearnerBroken, LearnerProxy, LearnerSession
from checker.manifest import Course, Topic
from checker.outcomes import STOPPING_STATUSES, ExerciseNotRun, classify
from checker.sandbox import Limits, Spawner

if TYPE_CHECKING:
    from checker.parallel import Deck

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


def records_to_data(records: RunRecords) -> dict[str, Any]:
    """Plain data (for JSON) that `records_from_data` turns back into `records`."""
    return asdict(records)


def records_from_data(data: dict[str, Any]) -> RunRecords:
    return RunRecords(
        tests={node: TestRecord(**fields) for node, fields in data["tests"].items()},
        broken=dict(data["broken"]), unavailable=dict(data["unavailable"]),
        output=dict(data["output"]), authoring_problems=list(data["authoring_problems"]))


def merge_records(into: RunRecords, part: RunRecords) -> None:
    """Add the records of other topics' suites (another checker process's) to `into`."""
    into.tests.update(part.tests)
    into.broken.update(part.broken)
    into.unavailable.update(part.unavailable)
    into.output.update(part.output)
    into.authoring_problems.extend(part.authoring_problems)


def topic_of_path(path: Path) -> str:
    return path.stem[len(SUITE_PREFIX):]


class CoursePlugin:
    """`processes` above 1: after collection, that many checker processes (this one and
    forked helpers) share the topics (see `checker.parallel`).

    With `stop_early`, once a test of an exercise ends "todo" or "timeout", that
    exercise's later tests are not run but recorded with the same status (see
    `ExerciseNotRun`): the document is the same as with every test run
    (`run_check(..., every_test=True)` runs them all), but for a function that both loops
    and raises NotImplementedError.
    """

    def __init__(self, course: Course, topics: tuple[Topic, ...], learner_dir: Path,
                 limits: Limits, seed: int, spawner: Spawner | None = None,
                 processes: int = 1, stop_early: bool = True) -> None:
        self.course = course
        self.spawner = spawner
        self.processes = processes
        self.topics = {topic.id: topic for topic in topics}
        self.learner_dir = learner_dir
        self.limits = limits
        self.seed = seed
        self.records = RunRecords()
        self._sessions: dict[str, LearnerSession] = {}
        self._closing: list[threading.Thread] = []
        self._order: list[str] = []
        self.stop_early = stop_early
        # exercise id -> the status that stopped it; a topic runs in one process
        self._stopped: dict[str, str] = {}

    # -- sessions -------------------------------------------------------------------------

    def session_for(self, topic_id: str) -> LearnerSession:
        if topic_id not in self._sessions:
            topic = self.topics[topic_id]
            session = LearnerSession(self.learner_dir / topic.file, self.limits,
                                     spawner=self.spawner)
            session.start()
            self._sessions[topic_id] = session
        return self._sessions[topic_id]

    def prefetch_after(self, topic_id: str) -> None:
        # Workers import NumPy and SciPy while the checker runs the topic before theirs.
        # (Sharing topics between processes, the next topic is known when it is taken.)
        if self.processes <= 1 and topic_id in self._order:
            position = self._order.index(topic_id)
            for upcoming in self._order[position + 1: position + 1 + PREFETCH]:
                self.session_for(upcoming)

    def close_topic(self, topic_id: str) -> None:
        """End a topic's worker and cell in the background: the kernel takes 15-20 ms to
        tear down a killed worker, which the next topic need not wait for. Its output is
        in the records once `finish_closing` returns."""
        session = self._sessions.pop(topic_id, None)
        if session is not None:
            closer = threading.Thread(target=self._close_session, args=(topic_id, session),
                                      name=f"close-{topic_id}", daemon=True)
            closer.start()
            self._closing.append(closer)

    def _close_session(self, topic_id: str, session: LearnerSession) -> None:
        try:
            session.close()
        except Exception as exc:  # noqa: BLE001 - reported like any fault of ours
            self.records.authoring_problems.append(
                f"cleaning up after topic {topic_id} failed: {type(exc).__name__}: {exc}")
        output = "".join(session.output).strip()
        if output:
            self.records.output[topic_id] = output

    def finish_closing(self) -> None:
        for topic_id in list(self._sessions):
            self.close_topic(topic_id)
        while self._closing:
            self._closing.pop().join()

    # -- hooks ----------------------------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[PLUGIN] = self
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
        if self.processes <= 1:  # never before a fork: a helper would inherit the workers
            for topic_id in self._order[:PREFETCH]:
                self.session_for(topic_id)

    # -- sharing the topics between processes ---------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool | None:
        resume_garbage_collection()  # collection is over: what is imported now stays
        if self.processes <= 1 or len(self._order) <= 1 or session.config.option.collectonly:
            return None  # pytest's own loop
        from checker.forkserver import ForkServer
        from checker.parallel import Deck, Helper

        by_topic: dict[str, list[pytest.Item]] = {}
        for item in session.items:
            by_topic.setdefault(topic_of_path(item.path), []).append(item)
        order = list(by_topic)
        deck = Deck(len(order))
        helpers: list[Helper] = []
        try:
            for _ in range(min(self.processes, len(order)) - 1):
                client = (self.spawner.attach() if isinstance(self.spawner, ForkServer)
                          else None)
                helpers.append(Helper(lambda: self._helper_work(deck, order, by_topic),
                                      before=lambda client=client: self._adopt(client)))
                if client is not None:
                    client.close()  # the helper's end now; this process keeps its own
            ran = self._run_from_deck(deck, order, by_topic)
            for helper in helpers:
                payload = helper.result()
                if payload is not None:
                    merge_records(self.records, records_from_data(payload["records"]))
                    ran.update(payload["ran"])
            for topic_id in order:
                if topic_id not in ran:  # taken by a helper that died: run it here
                    self._run_topic(by_topic[topic_id])
        finally:
            for helper in helpers:
                helper.stop()
            deck.close()
        return True

    def _adopt(self, client: Any) -> None:
        if client is not None:
            from checker.forkserver import adopt

            adopt(client)
            self.spawner = client

    def _run_topic(self, items: list[pytest.Item]) -> None:
        for position, item in enumerate(items):
            # No next item at the end: the topic's module fixtures (its worker) end with it.
            following = items[position + 1] if position + 1 < len(items) else None
            item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)

    def _run_from_deck(self, deck: Deck, order: list[str],
                       by_topic: dict[str, list[pytest.Item]]) -> set[str]:
        ran: set[str] = set()
        current = deck.take()
        while current is not None:
            upcoming = deck.take()
            if upcoming is not None:
                self.session_for(order[upcoming])  # its worker starts while this topic runs
            self._run_topic(by_topic[order[current]])
            ran.add(order[current])
            current = upcoming
        return ran

    def _helper_work(self, deck: Deck, order: list[str],
                     by_topic: dict[str, list[pytest.Item]]) -> dict[str, Any]:
        """In a helper: run topics from the deck; their records, as plain data."""
        inherited_problems = len(self.records.authoring_problems)  # the first process has them
        try:
            ran = self._run_from_deck(deck, order, by_topic)
        finally:
            self.finish_closing()
        records = RunRecords(
            tests={node: record for node, record in self.records.tests.items()
                   if topic_of_path(Path(node.split("::")[0])) in ran},
            broken={t: why for t, why in self.records.broken.items() if t in ran},
            output={t: text for t, text in self.records.output.items() if t in ran},
            authoring_problems=self.records.authoring_problems[inherited_problems:])
        return {"ran": sorted(ran), "records": records_to_data(records)}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]
                                  ) -> pytest.TestReport:
        # Our own report, so that pytest never renders a traceback for a failed test: the
        # message comes from `classify`, and pytest's rendering (it parses the source of
        # every frame) took 30 ms a failure, most of a first check of the stubs.
        exc = call.excinfo.value if call.excinfo is not None else None
        status, message = classify(exc)
        if isinstance(exc, LearnerBroken):
            status = "broken"
        longrepr: Any = None
        if call.excinfo is None:
            outcome = "passed"
        elif isinstance(exc, pytest.skip.Exception):
            outcome, status = "skipped", "passed"
            longrepr = (str(item.path), item.location[1], str(exc))
        else:
            outcome, longrepr = "failed", message
        report = pytest.TestReport(
            item.nodeid, item.location, dict.fromkeys(item.keywords, 1), outcome, longrepr,
            call.when, duration=call.duration, start=call.start, stop=call.stop,
            user_properties=item.user_properties)
        report.course_status = status  # type: ignore[attr-defined]
        report.course_message = message  # type: ignore[attr-defined]
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        # Before pytest sets up the test's fixtures, which compute its inputs.
        record = self.records.tests.get(item.nodeid)
        if record is not None and record.exercise_id in self._stopped:
            raise ExerciseNotRun(record.exercise_id, self._stopped[record.exercise_id])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.records.tests.get(report.nodeid)
        status = getattr(report, "course_status", None)
        if record is None or status is None:
            return
        # Setup and call decide; a teardown only speaks when it failed after a pass.
        if report.when == "teardown" and (status == "passed" or record.status != "passed"):
            return
        record.status, record.message = status, getattr(report, "course_message", "")
        if status in STOPPING_STATUSES and self.stop_early:
            self._stopped.setdefault(record.exercise_id, status)

    def pytest_sessionfinish(self) -> None:
        self.finish_closing()


# -- fixtures (module functions: pytest deprecates scoped fixtures on instances) ----------

PLUGIN = pytest.StashKey["CoursePlugin"]()


@pytest.fixture(scope="module")
def learner_session(request: pytest.FixtureRequest) -> Iterator[LearnerSession]:
    plugin = request.config.stash[PLUGIN]
    topic_id = topic_of_path(Path(request.module.__file__))
    session = plugin.session_for(topic_id)
    plugin.prefetch_after(topic_id)
    try:
        session.check_imports()
    except LearnerBroken as exc:
        plugin.records.broken[topic_id] = str(exc)
        plugin.close_topic(topic_id)
        raise
    yield session
    plugin.close_topic(topic_id)


@pytest.fixture(scope="module")
def learner(learner_session: LearnerSession) -> LearnerProxy:
    return LearnerProxy(learner_session)


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    # New numbers every run (the seed is per run), the same for every test of a run.
    seed = request.config.stash[PLUGIN].seed
    return np.random.default_rng([seed, *request.node.nodeid.encode()])
