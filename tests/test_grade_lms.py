"""`course grade` on submissions as LMS exports and learners' own tools shape them: each is
graded, or its row says plainly why not; none is skipped in silence."""

from __future__ import annotations

import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.archive import (
    SubmissionRefused,
    copy_submission_folder,
    extract_submission,
    submitted_names,
)
from checker.cli import cli
from checker.errors import UsageProblem
from checker.paths import exercises_dir, solutions_dir
from tests.conftest import read_sheet

TOPIC = "getting_started"
FILE = "00_getting_started.py"


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return path


def _locked_zip(path: Path, name: str, data: bytes) -> Path:
    """A zip whose entry is marked encrypted, as `zip -P` leaves it (zipfile writes no such
    zip, so the flag is set in its local and central headers by hand)."""
    _zip(path, {name: data})
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")
    raw[6] |= 0x1  # general purpose flags of the local header
    raw[central + 8] |= 0x1  # and of the central directory's
    path.write_bytes(bytes(raw))
    return path


def _grade(submissions: Path, out: Path) -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(cli, ["grade", str(submissions), "--out", str(out),
                                      "--topic", TOPIC, "--jobs", "2", "--seed", "7"])
    assert result.exit_code == 0, result.output
    rows = read_sheet(out)
    return {row["source"]: row for row in rows}


def _feedback(out: Path, name: str) -> str:
    return (out / name / "feedback.md").read_text()


@pytest.fixture(scope="module")
def lms_class(tmp_path_factory):
    solution = (solutions_dir() / FILE).read_bytes()
    submissions = tmp_path_factory.mktemp("lms")
    # Moodle's "download all submissions": a folder per learner holding what they uploaded.
    moodle = submissions / "Jane Doe_12345_assignsubmission_file_"
    moodle.mkdir()
    _zip(moodle / "jane.zip", {f"work/{FILE}": solution})
    # Learners' own archivers: a password, a format that is no zip, a folder two deep.
    _locked_zip(submissions / "locked.zip", FILE, solution)
    (submissions / "seven.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(32))
    (submissions / "tarred.tar.gz").write_bytes(b"\x1f\x8b" + bytes(32))
    _zip(submissions / "deep.zip", {f"Downloads/scipy/exercises/{FILE}": solution})
    _zip(submissions / "renamed.zip", {"Getting_Started.py": solution})
    out = tmp_path_factory.mktemp("lms-graded")
    return submissions, out, _grade(submissions, out)


def test_a_moodle_folder_holding_a_zip_is_graded(lms_class):
    _, _, rows = lms_class
    row = rows["Jane Doe_12345_assignsubmission_file_"]
    assert row["status"] == "graded"
    assert float(row[TOPIC]) > 0


def test_a_zip_inside_a_folder_is_graded_again_when_it_changes(lms_class):
    submissions, out, before = lms_class
    assert float(before["Jane Doe_12345_assignsubmission_file_"][TOPIC]) > 0
    _zip(submissions / "Jane Doe_12345_assignsubmission_file_" / "jane.zip",
         {f"work/{FILE}": (exercises_dir() / FILE).read_bytes()})
    rows = _grade(submissions, out)
    assert float(rows["Jane Doe_12345_assignsubmission_file_"][TOPIC]) == 0


def test_a_zip_with_a_password_says_so(lms_class):
    _, out, rows = lms_class
    assert rows["locked.zip"]["status"] == "corrupt"
    assert "password" in _feedback(out, "locked")


@pytest.mark.parametrize(("source", "name", "kind"), [("seven.7z", "seven", ".7z"),
                                                       ("tarred.tar.gz", "tarred.tar", ".tar.gz")])
def test_an_archive_that_is_no_zip_gets_a_row_that_says_so(lms_class, source, name, kind):
    _, out, rows = lms_class
    assert rows[source]["status"] == "corrupt"
    text = _feedback(out, name)
    assert f"your {kind} archive could not be read" in text and "send your files as a .zip" in text
    results = json.loads((out / name / "results.json").read_text())
    assert kind in results["output"]


@pytest.mark.parametrize(("name", "found"), [("deep", f"Downloads/scipy/exercises/{FILE}"),
                                              ("renamed", "Getting_Started.py")])
def test_an_empty_submission_names_the_files_it_holds(lms_class, name, found):
    _, out, rows = lms_class
    assert rows[f"{name}.zip"]["status"] == "empty"
    assert found in _feedback(out, name)


def test_loose_course_files_at_the_top_are_refused_not_skipped(tmp_path):
    """Canvas and Blackboard downloads put every learner's files side by side, each name
    starting with its learner's: graded as they are, they would be skipped in silence."""
    from checker.grading import discover

    (tmp_path / "alice").mkdir()
    (tmp_path / f"doejane_12345_67890_{FILE}").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a course file")
    with pytest.raises(UsageProblem, match=f"doejane_12345_67890_{FILE}"):
        discover(tmp_path)


def test_extracting_a_locked_zip_is_refused_as_corrupt(tmp_path):
    _locked_zip(tmp_path / "locked.zip", FILE, b"x = 1\n")
    with pytest.raises(SubmissionRefused) as caught:
        extract_submission(tmp_path / "locked.zip", tmp_path / "out")
    assert caught.value.status == "corrupt" and "password" in caught.value.message


def test_gradescope_results_under_a_file_says_so_before_grading(tmp_path):
    (tmp_path / "submission").mkdir()
    (tmp_path / "results").write_text("a file, not a folder")
    result = CliRunner().invoke(cli, ["gradescope", "--submission", str(tmp_path / "submission"),
                                      "--results", str(tmp_path / "results" / "results.json"),
                                      "--topic", TOPIC])
    assert result.exit_code != 0
    assert f"{tmp_path / 'results'} is a file" in result.output


def test_a_pipe_named_like_a_zip_is_refused_without_being_opened(tmp_path):
    """Opening a named pipe blocks until a writer comes: a grading runner would hang."""
    submission = tmp_path / "mallory"
    submission.mkdir()
    os.mkfifo(submission / "upload.zip")
    outcome: dict[str, object] = {}

    def copy() -> None:
        try:
            copy_submission_folder(submission, tmp_path / "copy")
        except SubmissionRefused as exc:
            outcome["refused"] = (exc.status, exc.message)
        outcome["names"] = submitted_names(submission)

    worker = threading.Thread(target=copy, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "blocked on the pipe"
    assert outcome["refused"] == ("refused", "upload.zip is not a plain file")
    assert outcome["names"] == ["upload.zip"]
