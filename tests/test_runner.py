"""Running the suites in several checker processes gives the document one process gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from checker import plugin
from checker.manifest import load_manifest
from checker.parallel import Deck
from checker.paths import exercises_dir, solutions_dir
from checker.runner import run_check
from checker.sandbox import Limits

# Five topics of every kind: complete, all to do, partial, broken and missing.
TOPICS = ("getting_started", "io", "constants", "fft", "special")


def mixed_folder(folder: Path) -> Path:
    course = load_manifest()
    topic = {t.id: t for t in course.topics}
    folder.mkdir()
    shutil.copy(solutions_dir() / topic["getting_started"].file, folder)
    shutil.copy(exercises_dir() / topic["io"].file, folder)
    partial = (solutions_dir() / topic["constants"].file).read_text(encoding="utf-8")
    first = topic["constants"].exercises[0].id.split(".")[1]
    partial += (f"\n\ndef {first}(*args, **kwargs):\n    print('constants printed this')\n"
                "    raise NotImplementedError\n")
    (folder / topic["constants"].file).write_text(partial, encoding="utf-8")
    (folder / topic["fft"].file).write_text("def broken(:\n", encoding="utf-8")
    return folder  # no file for `special`


def outcome(document: dict[str, Any]) -> dict[str, Any]:
    return {t["id"]: (t["status"], [(e["id"], e["status"], e["message"], e["score"])
                                    for e in t["exercises"]], t["output"])
            for t in document["topics"]}


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    folder = mixed_folder(tmp_path_factory.mktemp("mixed") / "learner")
    course = load_manifest()
    return folder, run_check(course, course.select(TOPICS), folder, seed=7, processes=1)


def test_the_mixed_folder_has_every_kind_of_topic(one_process):
    _, document = one_process
    assert {t: status for t, (status, _, _) in outcome(document).items()} == {
        "getting_started": "complete", "io": "todo", "constants": "partial",
        "fft": "broken", "special": "missing"}
    assert "constants printed this" in outcome(document)["constants"][2]


def test_a_failed_clean_up_in_any_process_is_reported(one_process, monkeypatch):
    from checker.errors import AuthoringError
    from checker.learner import LearnerSession

    folder, _ = one_process
    original = LearnerSession.close

    def close(self):
        original(self)
        raise OSError("the cell would not go")

    monkeypatch.setattr(LearnerSession, "close", close)
    course = load_manifest()
    for processes in (1, 2):  # with 2, the helper reports those of the topics it took
        with pytest.raises(AuthoringError) as raised:
            run_check(course, course.select(TOPICS), folder, seed=7, processes=processes)
        reported = {line.split()[4] for line in str(raised.value).splitlines()
                    if line.startswith("cleaning up after topic")}
        # Every topic with a file that runs: io is the untouched stub, not run at all.
        assert reported == {"getting_started", "constants", "fft"}


@pytest.mark.parametrize("processes", [2, 3])
def test_several_processes_give_the_same_document(one_process, processes):
    folder, expected = one_process
    course = load_manifest()
    document = run_check(course, course.select(TOPICS), folder, seed=7, processes=processes)
    assert outcome(document) == outcome(expected)
    assert document["score"] == expected["score"]


def test_a_process_that_dies_has_its_topics_checked_again(one_process, monkeypatch):
    folder, expected = one_process

    def die(records):  # only the forked helpers send their records
        raise SystemExit(3)

    monkeypatch.setattr(plugin, "records_to_data", die)
    course = load_manifest()
    document = run_check(course, course.select(TOPICS), folder, seed=7, processes=2)
    assert outcome(document) == outcome(expected)


# Constants with one exercise to do and one right once, then to do, then wrong: both are
# "todo" whichever of their later tests run. Each prints, so the output shows every call.
PARTLY_DONE_CONSTANTS = """
def photon_energy(*args, **kwargs):
    print("photon_energy called")
    raise NotImplementedError


_solved_weight_newtons = weight_newtons
_weight_calls = 0


def weight_newtons(*args, **kwargs):
    global _weight_calls
    _weight_calls += 1
    print(f"weight_newtons call {_weight_calls}")
    if _weight_calls == 1:
        return _solved_weight_newtons(*args, **kwargs)
    if _weight_calls == 2:
        raise NotImplementedError
    return -1.0
"""


@pytest.mark.parametrize("processes", [1, 2])
def test_an_exercise_found_to_do_runs_no_more_tests_and_reports_the_same(tmp_path, processes):
    from tests.conftest import write_variant

    folder = write_variant(tmp_path / "learner", "constants", PARTLY_DONE_CONSTANTS)
    course = load_manifest()
    topics = course.select(["constants", "getting_started"])
    stub = (exercises_dir() / course.topic("getting_started").file).read_bytes()
    (folder / course.topic("getting_started").file).write_bytes(stub + b"\n")  # so it runs
    stopped = run_check(course, topics, folder, seed=7, processes=processes)
    every = run_check(course, topics, folder, seed=7, processes=processes, every_test=True)

    def without_output(document: dict[str, Any]) -> dict[str, Any]:
        return {topic: found[:2] for topic, found in outcome(document).items()}

    assert without_output(stopped) == without_output(every)
    assert stopped["score"] == every["score"]
    statuses = {e["id"]: e["status"] for t in stopped["topics"] for e in t["exercises"]}
    assert statuses["constants.photon_energy"] == statuses["constants.weight_newtons"] == "todo"
    assert {statuses[e.id] for e in course.topic("getting_started").exercises} == {"todo"}
    constants = course.topic("constants").exercises
    assert list(statuses.values()).count("passed") == len(constants) - 2

    ran, all_ran = (next(t["output"] for t in document["topics"] if t["id"] == "constants")
                    for document in (stopped, every))
    assert ran.count("photon_energy called") == 1  # its first test found it to do
    assert all_ran.count("photon_energy called") > 1
    assert "weight_newtons call 2" in ran and "weight_newtons call 3" not in ran
    assert "weight_newtons call 3" in all_ran


LOOPING_CONSTANTS = """
def photon_energy(*args, **kwargs):
    print("photon_energy called", flush=True)
    while True:
        pass
"""


def test_an_exercise_that_ran_out_of_time_runs_no_more_tests_and_reports_the_same(tmp_path):
    from tests.conftest import write_variant

    folder = write_variant(tmp_path / "learner", "constants", LOOPING_CONSTANTS)
    course = load_manifest()
    topics = course.select(["constants"])
    limits = Limits(call_seconds=1.0)
    stopped = run_check(course, topics, folder, seed=7, limits=limits)
    every = run_check(course, topics, folder, seed=7, limits=limits, every_test=True)

    def scored(document: dict[str, Any]) -> list[Any]:
        return [(e["id"], e["status"], e["score"], e["message"])
                for t in document["topics"] for e in t["exercises"]]

    assert scored(stopped) == scored(every)
    statuses = {e["id"]: e["status"] for t in stopped["topics"] for e in t["exercises"]}
    assert statuses.pop("constants.photon_energy") == "timeout"
    assert set(statuses.values()) == {"passed"}  # the other exercises keep their points
    ran, all_ran = (document["topics"][0]["output"] for document in (stopped, every))
    assert ran.count("photon_energy called") == 1
    assert all_ran.count("photon_energy called") > 1


def test_an_untouched_stub_is_not_run_and_scores_what_running_it_scores(tmp_path):
    from checker.workspace import is_untouched_stub

    course = load_manifest()
    topics = course.select(["getting_started", "constants"])
    untouched, touched = topics
    folder = tmp_path / "learner"
    folder.mkdir()
    for topic in topics:
        shutil.copy(exercises_dir() / topic.file, folder)
    (folder / touched.file).write_bytes((folder / touched.file).read_bytes() + b"\n")
    assert is_untouched_stub(untouched, folder) and not is_untouched_stub(touched, folder)
    assert not is_untouched_stub(course.topic("io"), folder)  # no file

    fast = run_check(course, topics, folder, seed=7)
    every = run_check(course, topics, folder, seed=7, every_test=True)

    def scored(document: dict[str, Any]) -> list[Any]:
        return [(t["id"], t["status"], t["score"], [(e["id"], e["status"], e["score"])
                                                    for e in t["exercises"]])
                for t in document["topics"]]

    assert scored(fast) == scored(every)
    assert fast["score"] == every["score"] == 0
    messages = {t["id"]: {e["message"].split(":")[0] for e in t["exercises"]}
                for t in fast["topics"]}
    assert messages == {untouched.id: {"not started"}, touched.id: {"not done yet"}}
    assert {e["message"].split(":")[0] for t in every["topics"] for e in t["exercises"]} == {
        "not done yet"}  # every_test runs the stub too, as `course verify` must


def test_every_topic_is_taken_from_the_deck_exactly_once():
    deck = Deck(40)
    readers = []
    for _ in range(3):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - a child taking topics as fast as it can
            taken = []
            while (number := deck.take()) is not None:
                taken.append(number)
            os.write(write_end, bytes(taken))
            os._exit(0)
        os.close(write_end)
        readers.append((pid, read_end))
    taken_here = []
    while (number := deck.take()) is not None:
        taken_here.append(number)
    everything = list(taken_here)
    for pid, read_end in readers:
        with os.fdopen(read_end, "rb") as pipe:
            everything.extend(pipe.read())
        os.waitpid(pid, 0)
    deck.close()
    assert sorted(everything) == list(range(40))


def test_course_check_jobs_shares_the_topics_and_reports_the_same(one_process):
    import json

    from click.testing import CliRunner

    from checker.cli import cli

    folder, expected = one_process
    result = CliRunner().invoke(cli, ["check", *TOPICS, "--path", str(folder), "--json",
                                      "--seed", "7", "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 1  # not every exercise passes
    document = json.loads(result.stdout)
    assert outcome(document) == outcome(expected)


def test_a_helper_dies_with_the_checker_that_forked_it():
    import subprocess
    import sys
    import time

    from checker.paths import PACKAGE_DIR

    script = (
        "import os, sys, time\n"
        "from checker.parallel import Helper\n"
        "helper = Helper(lambda: time.sleep(60) or {})\n"
        "print(helper.pid, flush=True)\n"
        "os._exit(0)\n"  # the checker dies without stopping its helper
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=PACKAGE_DIR.parent, check=True)
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as status:
                if "State:\tZ" in status.read():
                    break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        pytest.fail("the helper outlived the checker that forked it")
