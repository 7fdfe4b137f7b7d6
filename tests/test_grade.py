"""`course grade` on a class of mixed submissions: safe, resumable, every output well formed."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.archive import SubmissionRefused, extract_submission
from checker.cli import cli
from checker.paths import exercises_dir, solutions_dir

TOPIC = "getting_started"
FILE = "00_getting_started.py"
ANSWERS = "quiz_answers.toml"


def _zip(path: Path, entries: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            bundle.writestr(info, target)
    return path


def make_class(folder: Path) -> dict[str, str]:
    """A class of submissions; returns the status each must get."""
    solution = (solutions_dir() / FILE).read_bytes()
    answers = (solutions_dir() / ANSWERS).read_bytes()
    stub = (exercises_dir() / FILE).read_bytes()
    partial = solution + (b"\n\ndef make_array(values):\n    print('partial was here')\n"
                          b"    raise NotImplementedError\n")
    (folder / "complete").mkdir()
    (folder / "complete" / FILE).write_bytes(solution)
    (folder / "complete" / ANSWERS).write_bytes(answers)
    (folder / "stubs" / "exercises").mkdir(parents=True)
    (folder / "stubs" / "exercises" / FILE).write_bytes(stub)
    (folder / "broken").mkdir()
    (folder / "broken" / FILE).write_bytes(b"def broken(:\n")
    (folder / "empty").mkdir()
    (folder / "empty" / "notes.txt").write_text("I did not do it")
    _zip(folder / "partial.zip", {f"partial/exercises/{FILE}": partial})
    _zip(folder / "nested.zip", {f"2024-alice-submission/{FILE}": solution,
                                 f"2024-alice-submission/{ANSWERS}": answers,
                                 "2024-alice-submission/README.txt": b"hi"})
    _zip(folder / "slip.zip", {f"../../{FILE}": solution})
    _zip(folder / "absolute.zip", {f"/tmp/{FILE}": solution})
    _zip(folder / "bomb.zip", {FILE: solution + b"#" * (60 * 1024 * 1024)})
    _zip(folder / "link.zip", {"x.txt": b"x"}, links={FILE: "/etc/passwd"})
    (folder / "garbage.zip").write_bytes(os.urandom(4096))
    (folder / "linked").mkdir()
    (folder / "linked" / FILE).symlink_to(solutions_dir() / FILE)
    (folder / "not-a-submission.txt").write_text("ignored")
    return {"complete": "graded", "stubs": "graded", "broken": "graded", "empty": "empty",
            "partial": "graded", "nested": "graded", "slip": "refused", "absolute": "refused",
            "bomb": "refused", "link": "refused", "garbage": "corrupt", "linked": "refused"}


def grade(submissions: Path, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["grade", str(submissions), "--out", str(out),
                                    "--topic", TOPIC, "--jobs", "2", "--seed", "7", *extra])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("class")
    expected = make_class(submissions)
    out = tmp_path_factory.mktemp("graded")
    result = grade(submissions, out)
    return submissions, out, expected, result


def test_every_submission_gets_a_record_and_the_batch_exits_0(graded):
    _, out, expected, result = graded
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text())))
    assert {row["submission"]: row["status"] for row in rows} == expected
    scores = {row["submission"]: float(row["score"]) for row in rows}
    maximum = float(rows[0]["max_score"])
    assert scores["complete"] == scores["nested"] == maximum > 0
    assert 0 < scores["partial"] < maximum
    for name in ("stubs", "broken", "empty", "slip", "bomb", "link", "garbage", "linked"):
        assert scores[name] == 0, name


def test_grade_sheet_columns(graded):
    _, out, _, _ = graded
    header = (out / "grades.csv").read_text().splitlines()[0].split(",")
    assert header == ["submission", "status", "score", "max_score", TOPIC, f"{TOPIC}_quiz"]


def test_refused_archives_say_why_and_write_nothing_outside(graded, tmp_path):
    submissions, out, _, _ = graded
    records = {r["submission"]: r for r in json.loads((out / "grades.json").read_text())}
    assert records["slip"]["status"] == "refused"
    record = json.loads((out / "slip" / "record.json").read_text())
    assert "climbs out" in record["message"]
    assert "link" in json.loads((out / "link" / "record.json").read_text())["message"]
    assert not (out.parent / FILE).exists() and not Path(f"/tmp/{FILE}").exists()
    assert not (out / ".work" / "slip").exists()


def test_feedback_shows_what_the_code_printed(graded):
    out = graded[1]
    feedback = (out / "partial" / "feedback.md").read_text()
    assert "What your code printed:" in feedback and "partial was here" in feedback
    assert "What your code printed:" not in (out / "complete" / "feedback.md").read_text()
    results = json.loads((out / "partial" / "results.json").read_text())
    # Once: make_array's first test finds it to do, and its other tests are not run.
    assert results["output"].endswith(f"What your code printed in {FILE}:\npartial was here")


def test_broken_topic_feedback_names_the_line(graded):
    _, out, _, _ = graded
    feedback = (out / "broken" / "feedback.md").read_text()
    assert "does not import at line 1" in feedback


GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                  "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
                   "output_format", "tags", "visibility", "extra_data"}


def validate_gradescope(results: dict) -> None:
    """Gradescope's documented results.json fields and types."""
    assert set(results) <= GRADESCOPE_TOP
    assert isinstance(results["score"], (int, float))
    assert results.get("visibility", "visible") in ("hidden", "after_due_date",
                                                    "after_published", "visible")
    assert results.get("stdout_visibility", "hidden") in ("hidden", "after_due_date",
                                                          "after_published", "visible")
    for test in results["tests"]:
        assert set(test) <= GRADESCOPE_TEST
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float)) and test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert isinstance(test.get("output", ""), str)
    assert results["score"] == sum(t["score"] for t in results["tests"])


def test_every_results_json_is_valid_gradescope_output(graded):
    _, out, expected, _ = graded
    for name in expected:
        results = json.loads((out / name / "results.json").read_text())
        validate_gradescope(results)
    complete = json.loads((out / "complete" / "results.json").read_text())
    assert all(t["status"] == "passed" for t in complete["tests"])
    partial = json.loads((out / "partial" / "results.json").read_text())
    failing = [t for t in partial["tests"] if t["status"] == "failed"]
    assert [t["name"] for t in failing] == [f"{TOPIC}.make_array", f"{TOPIC} quiz"]
    assert "todo" in failing[0]["output"]


def test_summary_files(graded):
    _, out, expected, _ = graded
    png = (out / "summary.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    summary = (out / "summary.md").read_text()
    assert f"submissions: {len(expected)}" in summary
    assert f"| {TOPIC}.make_array |" in summary
    documents = json.loads((out / "grades.json").read_text())
    assert all(d["schema"] == "course-results/1" for d in documents)


def test_a_second_run_grades_nothing_new_and_a_changed_submission_again(graded):
    submissions, out, expected, _ = graded
    again = grade(submissions, out)
    assert f"0 graded now, {len(expected)} already done" in again.output
    stub = (exercises_dir() / FILE).read_bytes()
    (submissions / "complete" / FILE).write_bytes(stub)
    changed = grade(submissions, out)
    assert f"1 graded now, {len(expected) - 1} already done" in changed.output
    row = next(r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))
               if r["submission"] == "complete")
    assert float(row[TOPIC]) == 0  # the code is now all stubs; the quiz answers still count
    assert float(row["score"]) == float(row[f"{TOPIC}_quiz"]) > 0


def test_a_batch_killed_half_way_resumes_and_loses_nothing(tmp_path):
    submissions, out = tmp_path / "class", tmp_path / "out"
    submissions.mkdir()
    solution = (solutions_dir() / FILE).read_bytes()
    names = [f"learner{i:02d}" for i in range(8)]
    for name in names:
        (submissions / name).mkdir()
        (submissions / name / FILE).write_bytes(solution)
    command = [sys.executable, "-m", "checker", "grade", str(submissions), "--out", str(out),
               "--topic", TOPIC, "--jobs", "1"]
    # A killed batch cannot remove its temporary folders (multiprocessing's among them):
    # they go to a folder of this test's, in /tmp where workers can reach their cells.
    scratch = Path(tempfile.mkdtemp(prefix="course-test-killed-"))
    scratch.chmod(0o755)
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True,
                                   env={**os.environ, "TMPDIR": str(scratch)})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("*/record.json")):
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        deadline = time.monotonic() + 10  # the killed batch's fork server may still be leaving
        while scratch.exists() and time.monotonic() < deadline:
            shutil.rmtree(scratch, ignore_errors=True)
            time.sleep(0.1)
    done_before = {p.parent.name for p in out.glob("*/record.json")}
    assert done_before, "no submission was graded before the kill"
    for record in out.glob("*/record.json"):
        json.loads(record.read_text())  # every record on disk is whole
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{len(done_before)} already done" in result.stdout
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text())))
    assert sorted(r["submission"] for r in rows) == names
    assert {r["status"] for r in rows} == {"graded"}
    assert len({r["score"] for r in rows}) == 1


def test_zip_bomb_with_a_lying_header_is_refused_while_unpacking(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", {FILE: b"0" * (6 * 1024 * 1024)})
    data = bytearray(archive.read_bytes())
    # Shrink the declared sizes in both headers; the stream still unpacks to 6 MiB.
    with zipfile.ZipFile(archive) as bundle:
        info = bundle.infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    data = data.replace(real, (100).to_bytes(4, "little"))
    archive.write_bytes(bytes(data))
    with pytest.raises(SubmissionRefused) as refused:
        extract_submission(archive, tmp_path / "out")
    assert refused.value.status in ("refused", "corrupt")


def test_no_submissions_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["grade", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "no submissions" in result.output
    missing = CliRunner().invoke(cli, ["grade", str(tmp_path / "nope"), "--out", "o"])
    assert missing.exit_code == 2 and "no folder" in missing.output


def test_default_jobs_are_the_cpus_this_process_may_use(tmp_path, monkeypatch):
    # Not the machine's count: in a container limited to one CPU, a second runner would
    # only take turns with the first.
    from checker import grading, parallel

    for index in range(3):
        shutil.copytree(exercises_dir(), tmp_path / "class" / f"learner{index}")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    runners: list[int] = []

    def grade_nothing(pending, out, jobs, seed, topic_ids, limits):
        runners.append(jobs)
        for submission in pending:
            yield grading._crashed(submission, out, topic_ids)

    monkeypatch.setattr(grading, "_run_pending", grade_nothing)
    grading.grade_batch(tmp_path / "class", tmp_path / "out")
    assert runners == [1]
    assert parallel.usable_cpus() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    grading.grade_batch(tmp_path / "class", tmp_path / "out2")
    assert runners == [1, 3]


def grade_or_die(submission, out, seed=None, topic_ids=(), limits=None):
    """A runner's task that dies on the submission named "crasher", as a runner the
    kernel's out-of-memory killer picked would (imported by the runners, by name)."""
    from checker import grading

    if submission.name == "crasher":
        os._exit(1)
    return grading.grade_one(submission, out, seed, topic_ids, limits)


def test_a_runner_that_dies_costs_only_the_submission_it_was_grading(tmp_path):
    # The dead runner breaks the pool, and every submission not finished yet fails with
    # it: those are graded again, and only the one that kills a runner on its own is blamed.
    from checker import grading

    names = ["alice", "bob", "crasher", "dave", "erin"]
    for name in names:
        shutil.copytree(solutions_dir(), tmp_path / "class" / name)
    out = tmp_path / "out"
    (out / grading.WORK_DIR).mkdir(parents=True)
    submissions = grading.discover(tmp_path / "class")
    records = {record["submission"]: record for record in grading._run_pending(
        submissions, out, 2, 1, ("getting_started",), None, grade=grade_or_die)}
    assert sorted(records) == names
    assert records["crasher"]["status"] == "error"
    assert "crashed" in records["crasher"]["message"]
    for name in names:
        if name != "crasher":
            assert records[name]["status"] == "graded", records[name]["message"]
            assert records[name]["document"]["score"] == records[name]["document"]["max_score"]


def test_gradescope_entry_point(tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(solutions_dir() / FILE, submission / FILE)
    shutil.copyfile(solutions_dir() / ANSWERS, submission / ANSWERS)
    results = tmp_path / "results" / "results.json"
    result = CliRunner().invoke(cli, ["gradescope", "--submission", str(submission),
                                      "--results", str(results), "--topic", TOPIC])
    assert result.exit_code == 0, result.output
    document = json.loads(results.read_text())
    validate_gradescope(document)
    assert document["score"] == sum(t["max_score"] for t in document["tests"]) > 0


def test_printed_output_cannot_break_out_of_its_code_block():
    from checker.reports import feedback_markdown

    forged = "```\n**Total: 278 / 278**\n```"
    record = {"submission": "mallory", "status": "graded", "document": {
        "score": 0.0, "max_score": 2.0, "topics": [{
            "title": "Getting started", "status": "partial", "score": 0.0, "max_score": 2.0,
            "quiz": None, "output": forged,
            "exercises": [{"id": "getting_started.make_array", "status": "failed",
                           "message": "got '````'"}]}]}}
    lines = feedback_markdown(record).splitlines()
    printed = lines.index("What your code printed:")
    assert lines[printed + 2: printed + 7] == ["````", "```", "**Total: 278 / 278**", "```",
                                               "````"]  # the forged lines stay inside
    assert "  `````" in lines  # a message with four backticks gets a fence of five
