"""`course grade` on a class of mixed submissions: safe, resumable, every output well formed."""

from __future__ import annotations

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

from checker import archive as archive_module
from checker.archive import SubmissionRefused, copy_submission_folder, extract_submission
from checker.cli import cli
from checker.paths import exercises_dir, solutions_dir
from tests.conftest import ctrl_c_reaches_it, read_sheet

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


def learners_answers(learner_id: str = "ada-0001", wrong: tuple[str, ...] = ()) -> bytes:
    """A quiz answers file of a learner's own id (the course's reference answers file,
    learner "reference", is refused by grading), every answer right but those of the
    question ids in `wrong`."""
    from checker.quiz import reference_answers
    from checker.quiz_answers import save_answers

    answers = reference_answers([TOPIC], learner_id=learner_id)
    for question_id in wrong:
        right = answers.get(TOPIC, question_id)
        answers.set(TOPIC, question_id, "b" if right == "a" else "a" if len(right) == 1
                    else "-1e9")
    with tempfile.TemporaryDirectory() as folder:
        save_answers(Path(folder), answers)
        return (Path(folder) / ANSWERS).read_bytes()


def hand_edited_answers() -> bytes:
    """A learner's answers file edited by hand: every answer right but one whose letter the
    question does not have, and answers under a misspelt question id and topic."""
    from checker.quiz import reference_answers
    from checker.quiz_answers import dump_answers

    answers = reference_answers([TOPIC], learner_id="ada-0001")
    answers.set(TOPIC, "no_scipy_arra", "a")
    answers.set(TOPIC, "import_forms", "a, z")
    answers.set("getting_strted", "installing", "a")
    return dump_answers(answers).encode()


def make_class(folder: Path) -> dict[str, str]:
    """A class of submissions; returns the status each must get."""
    solution = (solutions_dir() / FILE).read_bytes()
    answers = learners_answers()
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
    # Names a cleaned-up name must not steal, or lose letters of, or smuggle a formula in.
    (folder / "Doe Jane").mkdir()
    (folder / "Doe Jane" / FILE).write_bytes(stub)
    (folder / "Doe_Jane").mkdir()
    (folder / "Doe_Jane" / FILE).write_bytes(solution)
    (folder / "Zoë Müller").mkdir()
    (folder / "Zoë Müller" / FILE).write_bytes(stub)
    (folder / "=1+2").mkdir()
    (folder / "=1+2" / "notes.txt").write_text("empty")
    # Not submissions: macOS's zip litter.
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / FILE).write_bytes(solution)
    # The stubs as handed out at the root, the work in exercises/.
    (folder / "stubs_at_root" / "exercises").mkdir(parents=True)
    (folder / "stubs_at_root" / FILE).write_bytes(stub)
    (folder / "stubs_at_root" / "exercises" / FILE).write_bytes(solution)
    # Graded, but without the topic's file: only another topic's.
    (folder / "other_topic").mkdir()
    (folder / "other_topic" / "01_io.py").write_bytes((exercises_dir() / "01_io.py").read_bytes())
    # Quiz answers: two wrong ones, and a file that is not an answers file.
    (folder / "wrong_answers").mkdir()
    (folder / "wrong_answers" / FILE).write_bytes(stub)
    (folder / "wrong_answers" / ANSWERS).write_bytes(
        learners_answers(wrong=("solve_value", "installing")))
    (folder / "bad_answers").mkdir()
    (folder / "bad_answers" / FILE).write_bytes(stub)
    (folder / "bad_answers" / ANSWERS).write_text("learner = 5\n")
    # Hand-edited: a misspelt question id, a letter no question has, a misspelt topic.
    (folder / "hand_edited").mkdir()
    (folder / "hand_edited" / FILE).write_bytes(stub)
    (folder / "hand_edited" / ANSWERS).write_bytes(hand_edited_answers())
    # Two versions side by side: which one was meant cannot be known.
    _zip(folder / "two_versions.zip", {f"draft/{FILE}": stub, f"final/{FILE}": solution})
    return {"two_versions": "ambiguous", "complete": "graded", "stubs": "graded",
            "broken": "graded", "empty": "empty", "partial": "graded", "nested": "graded",
            "slip": "refused", "absolute": "refused",
            "bomb": "refused", "link": "refused", "garbage": "corrupt", "linked": "refused",
            "Doe_Jane": "graded", "Doe_Jane~2": "graded", "Zoë_Müller": "graded",
            "1_2": "empty", "stubs_at_root": "graded", "other_topic": "graded",
            "wrong_answers": "graded", "bad_answers": "graded", "hand_edited": "graded"}


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
    rows = read_sheet(out)
    assert {row["submission"]: row["status"] for row in rows} == expected
    scores = {row["submission"]: float(row["score"]) for row in rows}
    maximum = float(rows[0]["max_score"])
    assert scores["complete"] == scores["nested"] == maximum > 0
    assert 0 < scores["partial"] < maximum
    for name in ("stubs", "broken", "empty", "slip", "bomb", "link", "garbage", "linked"):
        assert scores[name] == 0, name


def test_grade_sheet_columns(graded):
    _, out, _, _ = graded
    header = (out / "grades.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header == ["submission", "status", "score", "max_score", TOPIC, f"{TOPIC}_quiz",
                      "source", "learner", "flags"]


def test_each_row_names_what_was_submitted_and_no_cell_is_a_formula(graded):
    _, out, _, _ = graded
    rows = {row["submission"]: row
            for row in read_sheet(out)}
    # The folder already named Doe_Jane keeps its name; "Doe Jane" gets the ~2.
    assert rows["Doe_Jane"]["source"] == "Doe_Jane"
    assert float(rows["Doe_Jane"]["score"]) > 0
    assert rows["Doe_Jane~2"]["source"] == "Doe Jane"
    assert float(rows["Doe_Jane~2"]["score"]) == 0
    assert rows["Zoë_Müller"]["source"] == "Zoë Müller"
    assert (out / "Zoë_Müller" / "feedback.md").is_file()
    assert rows["1_2"]["source"] == "'=1+2"
    assert rows["garbage"]["source"] == "garbage.zip"
    documents = {d["submission"]: d for d in json.loads((out / "grades.json").read_text())}
    assert documents["Doe_Jane~2"]["source"] == "Doe Jane"
    assert json.loads((out / "1_2" / "record.json").read_text())["source"] == "=1+2"


def test_macos_litter_and_hidden_folders_are_not_submissions(graded):
    _, out, expected, _ = graded
    rows = read_sheet(out)
    assert sorted(row["submission"] for row in rows) == sorted(expected)
    assert not (out / "__MACOSX").exists() and not (out / "MACOSX").exists()


def test_work_in_exercises_beats_untouched_stubs_at_the_root(graded):
    _, out, _, _ = graded
    document = json.loads((out / "stubs_at_root" / "record.json").read_text())["document"]
    assert document["topics"][0]["status"] == "complete"


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


def test_topic_files_in_two_folders_are_named_not_guessed_between(graded):
    _, out, _, _ = graded
    feedback = (out / "two_versions" / "feedback.md").read_text()
    assert ("your submission holds topic files in 2 folders (draft/, final/) and only one "
            "can be graded") in feedback
    assert json.loads((out / "two_versions" / "record.json").read_text())["document"][
        "score"] == 0


def test_quiz_feedback_says_which_answers_are_wrong_not_what_is_right(graded):
    _, out, _, _ = graded
    feedback = (out / "wrong_answers" / "feedback.md").read_text()
    assert "5 of 7 questions right, 7 answered" in feedback
    assert "- solve_value: wrong" in feedback and "- installing: wrong" in feedback
    assert "- no_scipy_array: right" in feedback
    assert f"(`course quiz {TOPIC} --only ID` answers question ID again)" in feedback
    from checker.quiz import right_answer
    from checker.quiz_bank import load_bank

    right = right_answer(load_bank(TOPIC), "solve_value", "ada-0001")
    assert right not in feedback  # the right answer stays the learner's to find
    assert right not in (out / "wrong_answers" / "results.json").read_text()


def quiz_tests(out: Path, name: str) -> dict[str, dict]:
    """The Gradescope tests of a submission's quiz questions, by question id."""
    tests = json.loads((out / name / "results.json").read_text())["tests"]
    prefix = f"{TOPIC} quiz: "
    return {t["name"][len(prefix):]: t for t in tests if t["name"].startswith(prefix)}


def test_gradescope_shows_each_quiz_question_right_or_wrong(graded):
    _, out, _, _ = graded
    from checker.quiz_bank import load_bank

    bank = load_bank(TOPIC)
    wrong = quiz_tests(out, "wrong_answers")
    assert list(wrong) == list(bank.question_ids)
    assert {q for q, t in wrong.items() if t["status"] == "failed"} == {"solve_value",
                                                                      "installing"}
    assert wrong["solve_value"]["score"] == 0 and wrong["solve_value"]["max_score"] == 1
    assert wrong["installing"]["output"].splitlines()[1] == (
        f"(`course quiz {TOPIC} --only installing` answers it again)")
    right = wrong["no_scipy_array"]
    assert right["score"] == right["max_score"] == 1 and right["status"] == "passed"
    assert right["output"].startswith("no_scipy_array: right — An older tutorial writes")
    unanswered = quiz_tests(out, "stubs")["installing"]
    assert unanswered["output"] == ("installing: not answered — Which statement about SciPy "
                                    f"is true?\n(`course quiz {TOPIC} --only installing` "
                                    "answers it)")
    assert all(t["status"] == "passed" and "--only" not in t["output"]
               for t in quiz_tests(out, "complete").values())


def test_answers_that_score_nothing_are_noted_once_and_the_rest_is_graded(graded):
    _, out, _, _ = graded
    notes = ["These answers in your quiz_answers.toml score nothing:",  # in the file's order
             "- getting_started.import_forms: 'z' is not one of this question's choices "
             "(a, b, c, d, e)",
             "- the getting_started quiz has no question 'no_scipy_arra'; did you mean "
             "'no_scipy_array'?",
             "- [getting_strted] is not a topic of the course; did you mean "
             "[getting_started]?"]
    feedback = (out / "hand_edited" / "feedback.md").read_text()
    assert f"{notes[0]}\n\n" + "\n".join(notes[1:]) + "\n" in feedback
    results = json.loads((out / "hand_edited" / "results.json").read_text())
    assert results["output"].endswith("\n\n" + "\n".join(notes))
    assert quiz_tests(out, "hand_edited")["import_forms"]["status"] == "failed"
    rows = {row["submission"]: row for row in read_sheet(out)}
    assert float(rows["hand_edited"][f"{TOPIC}_quiz"]) == 6  # 7 right but import_forms
    assert all("score nothing" not in (out / name / "feedback.md").read_text()
               for name in ("complete", "wrong_answers", "stubs"))


def test_feedback_gives_each_quiz_questions_text_on_one_line(graded):
    _, out, _, _ = graded
    from checker.quiz import question_line

    feedback = (out / "wrong_answers" / "feedback.md").read_text()
    text = question_line(TOPIC, "solve_value", "ada-0001")
    assert text.startswith("A = [[") and len(text) <= 80 and "\n" not in text
    assert f"- solve_value: wrong — {text}\n" in feedback
    assert "- installing: wrong — Which statement about SciPy is true?\n" in feedback


def test_the_sheets_open_in_excel_and_give_each_columns_maximum(graded):
    _, out, _, _ = graded
    for sheet in ("grades.csv", "maxima.csv"):
        assert (out / sheet).read_bytes().startswith(b"\xef\xbb\xbfsubmission,"), sheet
    assert "Zoë_Müller" in (out / "grades.csv").read_bytes().decode("utf-8-sig")
    grades, maxima = read_sheet(out), read_sheet(out, "maxima.csv")
    assert [row["submission"] for row in maxima] == ["(maximum)"]
    assert list(maxima[0]) == list(grades[0])  # the same columns, to paste above
    document = json.loads((out / "grades.json").read_text())[0]
    topic = document["topics"][0]
    assert {k: v for k, v in maxima[0].items() if v} == {
        "submission": "(maximum)", "score": f"{document['max_score']:g}",
        "max_score": f"{document['max_score']:g}", TOPIC: f"{topic['max_score']:g}",
        f"{TOPIC}_quiz": f"{topic['quiz']['max_score']:g}"}
    assert all(row["max_score"] == maxima[0]["max_score"] for row in grades)


def test_an_unreadable_answers_file_is_explained_once(graded):
    _, out, _, _ = graded
    said = f"your {ANSWERS} could not be read: 'learner' must be a string; your quiz " \
           "answers were not graded"
    feedback = (out / "bad_answers" / "feedback.md").read_text()
    assert feedback.count(said) == 1
    results = json.loads((out / "bad_answers" / "results.json").read_text())
    assert results["output"].count(said) == 1
    quiz = next(t for t in results["tests"] if t["name"] == f"{TOPIC} quiz")
    assert quiz["output"] == f"not graded: your {ANSWERS} could not be read"
    assert ".work" not in json.dumps(results) + feedback


def test_messages_say_why_in_the_learners_words_and_show_no_folder_of_ours(graded):
    _, out, expected, _ = graded
    for name in expected:
        for text in ((out / name / "results.json").read_text(),
                     (out / name / "feedback.md").read_text(),
                     (out / name / "record.json").read_text()):
            assert ".work" not in text and str(out) not in text, name
    garbage = json.loads((out / "garbage" / "results.json").read_text())
    assert garbage["output"].startswith("Your zip could not be read: ")
    assert all(t["output"].startswith("todo: your zip could not be read: ")
               for t in garbage["tests"] if "quiz" not in t["name"])
    documents = {d["submission"]: d for d in json.loads((out / "grades.json").read_text())}
    assert documents["slip"]["topics"][0]["message"].startswith(
        "your submission was refused as unsafe: entry")
    assert "climbs out" in documents["slip"]["topics"][0]["message"]
    empty = json.loads((out / "empty" / "results.json").read_text())
    assert empty["output"].startswith("No topic file")
    assert "no topic file" in empty["tests"][0]["output"]
    other = json.loads((out / "other_topic" / "results.json").read_text())
    assert other["tests"][0]["output"] == f"todo: no file {FILE} in your submission"
    complete = json.loads((out / "complete" / "results.json").read_text())
    assert complete["output"] == (f"Score {complete['score']:g}/{complete['score']:g}: "
                                  "1 of 1 topic complete")


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
    # Each test stands apart: a quiz is one test per question, none counted twice.
    assert len({t["name"] for t in results["tests"]}) == len(results["tests"])
    assert len({t["number"] for t in results["tests"]}) == len(results["tests"])


def test_every_results_json_is_valid_gradescope_output(graded):
    _, out, expected, _ = graded
    for name in expected:
        results = json.loads((out / name / "results.json").read_text())
        validate_gradescope(results)
    complete = json.loads((out / "complete" / "results.json").read_text())
    assert all(t["status"] == "passed" for t in complete["tests"])
    # Numbered within each topic, its quiz last: 00.1, 00.2, ..., then 01.1, ...
    by_topic: dict[str, list[str]] = {}
    for test in complete["tests"]:
        topic_number, _, position = test["number"].partition(".")
        by_topic.setdefault(topic_number, []).append(position)
    assert all(positions == [str(n) for n in range(1, len(positions) + 1)]
               for positions in by_topic.values()), by_topic
    assert complete["tests"][-1]["name"].startswith(f"{TOPIC} quiz: ")
    partial = json.loads((out / "partial" / "results.json").read_text())
    failing = [t for t in partial["tests"] if t["status"] == "failed"]
    assert [t["name"] for t in failing] == [f"{TOPIC}.make_array"] + [
        f"{TOPIC} quiz: {q}" for q in quiz_tests(out, "partial")]
    assert "todo" in failing[0]["output"]


def test_summary_files(graded):
    _, out, expected, _ = graded
    png = (out / "summary.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    summary = (out / "summary.md").read_text()
    graded_count = sum(status == "graded" for status in expected.values())
    assert f"- {len(expected)} submissions: " in summary
    assert f"- mean total of the {graded_count} graded submissions: " in summary
    assert f"| {TOPIC}.make_array |" in summary
    documents = json.loads((out / "grades.json").read_text())
    assert all(d["schema"] == "course-results/1" for d in documents)


def test_records_and_summary_say_where_learner_code_was_not_fully_confined(graded):
    from checker.doctor import grading_gaps

    _, out, expected, result = graded
    gaps = grading_gaps()  # this machine's: none as root with namespaces, some otherwise
    for name, status in expected.items():
        record = json.loads((out / name / "record.json").read_text())
        # Only where learner code could run: an empty or refused submission ran none.
        assert record["sandbox_gaps"] == (gaps if status == "graded" else []), name
    summary = (out / "summary.md").read_text()
    assert ("## Not fully confined" in summary) == bool(gaps)
    assert ("not fully confined on this machine" in result.output) == bool(gaps)


def test_the_summary_counts_the_submissions_graded_without_full_confinement():
    from checker.manifest import load_manifest
    from checker.reports import class_summary, summary_markdown

    topics = load_manifest().select((TOPIC,))
    records = _summary_records(["graded", "graded", "corrupt"], topics)
    records[0]["sandbox_gaps"] = ["learner code can use the network"]
    records[1]["sandbox_gaps"] = ["learner code can use the network", "other gap"]
    text = summary_markdown(class_summary(topics, records))
    assert "## Not fully confined" in text and "`course doctor` says why" in text
    assert "- learner code can use the network (2 of 3 submissions)" in text
    assert "- other gap (1 of 3 submissions)" in text
    assert "## Not fully confined" not in summary_markdown(
        class_summary(topics, _summary_records(["graded"], topics)))


def test_grade_warns_before_learner_code_runs_where_it_is_not_fully_confined(
        tmp_path, monkeypatch):
    import checker.grading

    gap = "learner code runs as your own user, so a submission could change any file"
    monkeypatch.setattr(checker.grading, "grading_gaps", lambda: [gap])
    submissions, out = tmp_path / "class", tmp_path / "out"
    (submissions / "alice").mkdir(parents=True)
    shutil.copyfile(solutions_dir() / FILE, submissions / "alice" / FILE)
    first = grade(submissions, out)
    assert first.exit_code == 0, first.output
    assert "warning: learner code is not fully confined on this machine" in first.output
    assert f"  - {gap}" in first.output and "grade as root on Linux" in first.output
    assert "1 submission (1 graded now, 0 already done)" in first.output
    # Nothing left to grade: no learner code runs, so there is nothing to warn of.
    again = grade(submissions, out)
    assert again.exit_code == 0 and "not fully confined on this machine" not in again.output


def test_gradescope_tells_the_instructor_where_learner_code_was_not_fully_confined(
        tmp_path, monkeypatch):
    import checker.grading

    monkeypatch.setattr(checker.grading, "grading_gaps",
                        lambda: ["learner code can use the network"])
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(solutions_dir() / FILE, submission / FILE)
    results = tmp_path / "results" / "results.json"
    result = CliRunner().invoke(cli, ["gradescope", "--submission", str(submission),
                                      "--results", str(results), "--topic", TOPIC])
    assert result.exit_code == 0, result.output
    assert "not fully confined" in result.output and "can use the network" in result.output
    # The learner's results say nothing of it: they are about the work.
    assert "confined" not in results.read_text()


def test_a_second_run_grades_nothing_new_and_a_changed_submission_again(graded):
    submissions, out, expected, _ = graded
    # What `course check --path` leaves in a submission, and files grading never reads.
    (submissions / "complete" / ".course").mkdir()
    (submissions / "complete" / ".course" / "state.json").write_text("{}")
    (submissions / "complete" / "notes.txt").write_text("a change grading does not read")
    again = grade(submissions, out)
    assert f"0 graded now, {len(expected)} already done" in again.output
    stub = (exercises_dir() / FILE).read_bytes()
    (submissions / "complete" / FILE).write_bytes(stub)
    changed = grade(submissions, out)
    assert f"1 graded now, {len(expected) - 1} already done" in changed.output
    row = next(r for r in read_sheet(out)
               if r["submission"] == "complete")
    assert float(row[TOPIC]) == 0  # the code is now all stubs; the quiz answers still count
    assert float(row["score"]) == float(row[f"{TOPIC}_quiz"]) > 0


def test_a_second_run_names_what_the_sheets_no_longer_hold(tmp_path):
    submissions, out = tmp_path / "class", tmp_path / "out"
    for name, source in (("alice", solutions_dir()), ("bob", exercises_dir())):
        (submissions / name).mkdir(parents=True)
        (submissions / name / FILE).write_bytes((source / FILE).read_bytes())
    assert grade(submissions, out).exit_code == 0
    shutil.rmtree(submissions / "bob")
    again = grade(submissions, out)
    assert again.exit_code == 0
    assert "1 folder(s) in" in again.output and "(bob)" in again.output
    rows = read_sheet(out)
    assert [r["submission"] for r in rows] == ["alice"]
    assert (out / "bob" / "results.json").is_file()  # an instructor's files stay
    sheet = (out / "grades.csv").read_bytes()
    other = CliRunner().invoke(cli, ["grade", str(submissions), "--out", str(out),
                                     "--topic", "io", "--jobs", "1", "--seed", "7"])
    # Another assignment's topics into the same --out: refused before any work, nothing
    # of the earlier grades replaced.
    assert other.exit_code == 2, other.output
    assert (f"{out} holds grades of 1 submission(s) for other topics ({TOPIC}, for alice); "
            "grading io there would replace them") in other.output
    assert (out / "grades.csv").read_bytes() == sheet
    assert json.loads((out / "alice" / "record.json").read_text())["topics"] == [TOPIC]


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
    shutil.rmtree(scratch, ignore_errors=True)  # again: the last of the killed batch is gone
    assert result.returncode == 0, result.stderr
    assert f"{len(done_before)} already done" in result.stdout
    rows = read_sheet(out)
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


def test_a_zip_holding_one_file_twice_is_not_guessed_at(tmp_path):
    archive = tmp_path / "twice.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(f"exercises/{FILE}", (solutions_dir() / FILE).read_bytes())
        with pytest.warns(UserWarning, match="Duplicate name"):
            bundle.writestr(f"exercises/{FILE}", (exercises_dir() / FILE).read_bytes())
    with pytest.raises(SubmissionRefused) as refused:
        extract_submission(archive, tmp_path / "out")
    assert refused.value.status == "corrupt"
    assert f"exercises/{FILE} twice" in refused.value.message
    assert not (tmp_path / "out" / "exercises" / FILE).exists()


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
        (tmp_path / "class" / name / ANSWERS).write_bytes(learners_answers())
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
    (submission / ANSWERS).write_bytes(learners_answers())
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


def test_gradescope_with_an_empty_upload_shows_no_folder_of_ours(tmp_path):
    submission = tmp_path / "submission"
    submission.mkdir()
    results = tmp_path / "results" / "results.json"
    result = CliRunner().invoke(cli, ["gradescope", "--submission", str(submission),
                                      "--results", str(results), "--topic", TOPIC])
    assert result.exit_code == 0, result.output
    text = results.read_text()
    assert "course-gradescope" not in text and ".work" not in text and "/tmp" not in text
    document = json.loads(text)
    assert document["output"].startswith("No topic file")
    validate_gradescope(document)


def test_gradescope_without_a_submission_folder_still_writes_results(tmp_path):
    # Gradescope shows a learner only "the autograder failed" when results.json is missing.
    results_folder = tmp_path / "results"
    results_folder.mkdir()
    result = CliRunner().invoke(cli, ["gradescope", "--submission", str(tmp_path / "none"),
                                      "--results", str(results_folder / "results.json")])
    assert result.exit_code == 2 and "no folder" in result.output
    document = json.loads((results_folder / "results.json").read_text())
    validate_gradescope(document)
    assert document["score"] == 0 and "instructor" in document["output"]
    # Nowhere to write (not on Gradescope): the usage error alone.
    elsewhere = CliRunner().invoke(cli, ["gradescope", "--submission", str(tmp_path / "none"),
                                         "--results", str(tmp_path / "no" / "r.json")])
    assert elsewhere.exit_code == 2 and not (tmp_path / "no").exists()


def test_discover_keeps_clean_names_and_letters_of_any_script(tmp_path):
    from checker.grading import discover

    for name in ("Doe Jane", "Doe_Jane", "李雷", "韩梅梅", "Zoë Müller", "=1+2", "__MACOSX",
                 ".hidden", "grades.csv", "a\tb", "Dave_Brown", "dave_brown"):
        (tmp_path / name).mkdir()
    _zip(tmp_path / "Doe_Jane.zip", {FILE: b""})
    (tmp_path / "Zoe\u0308.zip").write_bytes(b"")  # as macOS spells Zoë: e + a combining mark
    found = {s.source.name: s.name for s in discover(tmp_path)}
    # Clean names first (the zip's is clean too, and second in order), cleaned-up ones after.
    assert found == {"Doe Jane": "Doe_Jane~3", "Doe_Jane": "Doe_Jane",
                     "Doe_Jane.zip": "Doe_Jane~2", "李雷": "李雷", "韩梅梅": "韩梅梅",
                     "Zoë Müller": "Zoë_Müller", "=1+2": "1_2", "grades.csv": "grades.csv~2",
                     "a\tb": "a_b", "Zoe\u0308.zip": "Zoë",
                     # One folder on macOS's and Windows' file systems: told apart.
                     "Dave_Brown": "Dave_Brown", "dave_brown": "dave_brown~2"}


def test_an_output_folder_inside_the_submissions_is_not_graded(tmp_path):
    submissions = tmp_path / "class"
    (submissions / "learner").mkdir(parents=True)
    (submissions / "learner" / FILE).write_bytes((solutions_dir() / FILE).read_bytes())
    for _ in range(2):  # `course grade . --out graded`, run twice
        result = grade(submissions, submissions / "graded")
        assert result.exit_code == 0, result.output
    rows = read_sheet(submissions / "graded")
    assert [row["submission"] for row in rows] == ["learner"]
    # A folder holding an earlier run's output is no submission either.
    from checker.grading import discover

    shutil.move(submissions / "graded", submissions / "results" / "week3")
    assert [s.name for s in discover(submissions)] == ["learner"]
    # An --out folder made by hand, still empty, is no submission on the first run.
    (submissions / "made_by_hand").mkdir()
    assert [s.name for s in discover(submissions, submissions / "made_by_hand")] == ["learner"]
    assert [s.name for s in discover(submissions, submissions / "made_by_hand" / "x")] == [
        "learner"]


def test_a_fingerprint_covers_only_what_grading_reads(tmp_path):
    from checker.grading import fingerprint

    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / FILE).write_bytes((solutions_dir() / FILE).read_bytes())
    before = fingerprint(tmp_path)
    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "state.json").write_text('{"topics": {}}')
    (tmp_path / "notes.txt").write_text("not read by grading")
    (tmp_path / "exercises" / "__pycache__").mkdir()
    (tmp_path / "exercises" / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert fingerprint(tmp_path) == before
    (tmp_path / "exercises" / ANSWERS).write_bytes(learners_answers())
    with_answers = fingerprint(tmp_path)
    assert with_answers != before
    (tmp_path / "exercises" / FILE).write_bytes((exercises_dir() / FILE).read_bytes())
    assert fingerprint(tmp_path) not in (before, with_answers)


def test_the_learner_dir_is_where_the_work_is(tmp_path):
    from checker.archive import find_learner_dir
    from checker.manifest import load_manifest

    course = load_manifest()
    stub, solution = (exercises_dir() / FILE).read_bytes(), (solutions_dir() / FILE).read_bytes()
    (tmp_path / "exercises").mkdir()
    (tmp_path / FILE).write_bytes(stub)
    (tmp_path / "exercises" / FILE).write_bytes(stub)
    assert find_learner_dir(tmp_path, course) == tmp_path  # a tie: the root, as before
    (tmp_path / "exercises" / FILE).write_bytes(solution)
    assert find_learner_dir(tmp_path, course) == tmp_path / "exercises"
    (tmp_path / FILE).write_bytes(solution)
    assert find_learner_dir(tmp_path, course) == tmp_path


def _summary_records(statuses: list[str], topics) -> list[dict]:
    records = []
    for index, status in enumerate(statuses):
        graded = status == "graded"
        records.append({"submission": f"s{index}", "status": status, "document": {
            "score": 10.0 * (index + 1) if graded else 0.0, "max_score": 100.0,
            "topics": [{"id": t.id, "exercises": [
                {"id": e.id, "status": "passed" if graded else "todo"}
                for e in t.exercises]} for t in topics]}})
    return records


def test_the_summary_figures_count_the_graded_submissions_and_say_so():
    from checker.manifest import load_manifest
    from checker.reports import class_summary, summary_markdown

    topics = load_manifest().select((TOPIC,))
    records = _summary_records(["graded", "graded", "corrupt", "empty", "refused"], topics)
    summary = class_summary(topics, records)
    assert summary["mean"] == 15.0 and summary["median"] == 15.0
    assert all(rate == 1.0 for rate in summary["pass_rates"].values())
    text = summary_markdown(summary)
    assert "- 5 submissions: 1 corrupt, 1 empty, 2 graded, 1 refused" in text
    assert "- mean total of the 2 graded submissions: 15.0 / 100" in text
    assert "- median total of the 2 graded submissions: 15 / 100" in text
    one = summary_markdown(class_summary(topics, _summary_records(["graded"], topics)))
    assert "- 1 submission: 1 graded" in one and "of the graded submission:" in one
    assert "1 submissions" not in one


def test_the_summary_picture_grows_with_the_exercises_only(tmp_path):
    from PIL import Image

    from checker.manifest import load_manifest
    from checker.reports import class_summary, draw_summary

    course = load_manifest()
    heights = {}
    for label, topics in (("one", course.select((TOPIC,))), ("all", course.topics)):
        records = _summary_records(["graded"] * 3 + ["corrupt"], topics)
        draw_summary(class_summary(topics, records), tmp_path / f"{label}.png")
        with Image.open(tmp_path / f"{label}.png") as image:
            heights[label] = image.size[1]
    exercises = {label: sum(len(t.exercises) for t in topics) for label, topics in
                 (("one", course.select((TOPIC,))), ("all", course.topics))}
    assert heights["one"] < 900  # a histogram of a fixed height, not stretched
    # Each more exercise adds its bar (0.22 in at 100 dpi), and nothing else grows.
    assert heights["all"] - heights["one"] == round(22 * (exercises["all"] - exercises["one"]))


def _processes_of(token: str, scratch: Path) -> list[int]:
    """Every live process of a `course grade` started with `token` in its environment: those
    that kept it (the command, multiprocessing's fork server and resource tracker, the
    runners) and those that run in its temporary folder (the zygote, the workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            environment = (entry / "environ").read_bytes()
            folder = os.readlink(entry / "cwd")
        except (OSError, IndexError):
            continue
        if state != "Z" and (token.encode() in environment
                             or folder.startswith(str(scratch))):
            found.append(int(entry.name))
    return found


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


class _StartedGrade:
    """`course grade` in a process of its own (and a session of its own, as a terminal's
    command has its process group), marked so that every process it starts can be found."""

    def __init__(self, tmp_path: Path, names: list[str]) -> None:
        self.submissions, self.out = tmp_path / "class", tmp_path / "out"
        self.submissions.mkdir()
        solution = (solutions_dir() / FILE).read_bytes()
        for name in names:
            (self.submissions / name).mkdir()
            (self.submissions / name / FILE).write_bytes(solution)
        # Its temporary folders go to one of the test's, in /tmp where workers reach them.
        self.scratch = Path(tempfile.mkdtemp(prefix="course-test-stopped-"))
        self.scratch.chmod(0o755)
        self.token = f"COURSE_TEST_GRADE_{os.getpid()}_{time.monotonic_ns()}"
        self.environment = {**os.environ, "TMPDIR": str(self.scratch), self.token: "1"}
        self.command = [sys.executable, "-m", "checker", "grade", str(self.submissions),
                        "--out", str(self.out), "--topic", TOPIC, "--jobs", "2"]
        # Files, not pipes: a process it left behind would hold a pipe open for ever.
        self.stderr = tmp_path / "stderr"
        with open(tmp_path / "stdout", "wb") as stdout, open(self.stderr, "wb") as stderr:
            self.process = subprocess.Popen(self.command, stdout=stdout, stderr=stderr,
                                            start_new_session=True, env=self.environment,
                                            preexec_fn=ctrl_c_reaches_it)

    def records(self) -> set[str]:
        return {path.parent.name for path in self.out.glob("*/record.json")}

    def left(self) -> list[int]:
        return _processes_of(self.token, self.scratch)

    def clean_up(self) -> None:
        for pid in self.left():  # only if the test failed: this grade's processes, by pid
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        _wait_until(lambda: not self.left(), 10)
        shutil.rmtree(self.scratch, ignore_errors=True)


def test_grade_killed_outright_leaves_no_process_and_the_next_run_finishes(tmp_path):
    # Runners hold multiprocessing's fork server open, which holds the zygote open: each
    # must die with its parent, or they grade on for nobody and then wait forever.
    names = [f"learner{i:02d}" for i in range(8)]
    started = _StartedGrade(tmp_path, names)
    try:
        assert _wait_until(lambda: started.records() or started.process.poll() is not None,
                           120)
        assert started.process.poll() is None, "the batch ended before it could be killed"
        assert len(started.left()) > 1  # its fork servers and runners, found by the marker
        started.process.kill()
        started.process.wait()
        assert _wait_until(lambda: not started.left(), 15), \
            f"left running: {started.left()}"
        done_before = started.records()
        again = subprocess.run(started.command, capture_output=True, text=True, timeout=300,
                               env=started.environment)
        assert again.returncode == 0, again.stderr
        assert f"{len(done_before)} already done" in again.stdout
        rows = read_sheet(started.out)
        assert sorted(r["submission"] for r in rows) == names
        assert {r["status"] for r in rows} == {"graded"}
        # The killed run's temporary folders are gone: the zygote's with the zygote, and
        # multiprocessing's, which only the killed process could remove, with the next run.
        assert not list(started.scratch.glob("course-zygote-*"))
        assert not list(started.scratch.glob("pymp-*"))
    finally:
        started.clean_up()


def test_ctrl_c_stops_the_batch_and_writes_the_sheets_of_what_was_graded(tmp_path):
    # "a_slow" is graded first and loops until its call times out, so the batch is still
    # running when Ctrl-C comes, however fast or slow this machine is.
    names = ["a_slow", *(f"learner{i:02d}" for i in range(8))]
    started = _StartedGrade(tmp_path, names)
    looping = (solutions_dir() / FILE).read_bytes() + (
        b"\n\ndef make_array(values):\n    while True:\n        pass\n")
    (started.submissions / "a_slow" / FILE).write_bytes(looping)
    try:
        assert _wait_until(lambda: started.records() or started.process.poll() is not None,
                           120)
        os.killpg(started.process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C
        started.process.wait(timeout=120)
        stderr = started.stderr.read_text()
        assert started.process.returncode == 130, stderr
        graded = started.records()
        assert "a_slow" not in graded  # abandoned, not given a record of a half-run suite
        assert f"interrupted: {len(graded)} of {len(names)} graded; run the same command " \
               "again" in stderr
        rows = read_sheet(started.out)
        assert {r["submission"] for r in rows} == graded
        assert len(json.loads((started.out / "grades.json").read_text())) == len(graded)
        assert (started.out / "summary.md").exists() and (started.out / "summary.png").exists()
        assert _wait_until(lambda: not started.left(), 15), \
            f"left running: {started.left()}"
    finally:
        started.clean_up()


def test_a_record_written_as_ctrl_c_came_counts_in_the_sheets(tmp_path, monkeypatch):
    # A runner may write its record just before it is killed, its result still on the way:
    # the next run counts that submission as graded, so the sheets and the count must too.
    from checker import grading
    from checker.errors import Interrupted

    submissions = tmp_path / "submissions"
    for name in ("first", "second"):
        (submissions / name).mkdir(parents=True)
        shutil.copyfile(exercises_dir() / FILE, submissions / name / FILE)
    out = tmp_path / "out"

    def interrupted_after_one(pending, out, jobs, seed, topic_ids, limits):
        grading.grade_one(pending[0], out, seed, topic_ids, limits)  # its record is on disk
        raise KeyboardInterrupt
        yield  # a generator, as the real one is

    monkeypatch.setattr(grading, "_run_pending", interrupted_after_one)
    with pytest.raises(Interrupted, match="interrupted: 1 of 2 graded"):
        grading.grade_batch(submissions, out, jobs=1, topic_ids=(TOPIC,))
    rows = read_sheet(out)
    assert [r["submission"] for r in rows] == ["first"]


def test_one_file_over_its_cap_is_refused_while_unpacking(tmp_path):
    # Honest headers under the total cap: only the count taken while writing refuses it.
    # (A header that lies about a size stops zipfile itself, at the size it declares.)
    archive = _zip(tmp_path / "big.zip", {FILE: b"0" * (archive_module.MAX_FILE_BYTES + 1)})
    with pytest.raises(SubmissionRefused, match="more than the cap") as refused:
        extract_submission(archive, tmp_path / "out")
    assert refused.value.status == "refused"


def test_a_zip_of_too_many_entries_is_refused(tmp_path):
    entries = {f"notes/{n}.txt": b"" for n in range(archive_module.MAX_ENTRIES + 1)}
    archive = _zip(tmp_path / "many.zip", {FILE: b"x = 1\n", **entries})
    with pytest.raises(SubmissionRefused, match="entries") as refused:
        extract_submission(archive, tmp_path / "out")
    assert refused.value.status == "refused"
    assert not (tmp_path / "out" / FILE).exists()


def test_a_submitted_folder_with_a_file_over_the_cap_is_refused(tmp_path):
    source = tmp_path / "submission"
    source.mkdir()
    (source / FILE).write_bytes(b"#" * (archive_module.MAX_FILE_BYTES + 1))
    with pytest.raises(SubmissionRefused, match="larger than") as refused:
        copy_submission_folder(source, tmp_path / "out")
    assert refused.value.status == "refused"
    assert not (tmp_path / "out" / FILE).exists()


def test_a_link_in_a_submitted_folder_is_refused_as_a_link(tmp_path):
    source = tmp_path / "submission"
    source.mkdir()
    (source / FILE).symlink_to(solutions_dir() / FILE)
    with pytest.raises(SubmissionRefused, match="is a link"):
        copy_submission_folder(source, tmp_path / "out")


def test_the_seed_of_each_submission_is_kept_so_a_grade_can_be_reproduced(tmp_path):
    submissions, out = tmp_path / "class", tmp_path / "out"
    (submissions / "alice").mkdir(parents=True)
    (submissions / "alice" / FILE).write_bytes((solutions_dir() / FILE).read_bytes())
    result = CliRunner().invoke(cli, ["grade", str(submissions), "--out", str(out),
                                      "--topic", TOPIC, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    seed = json.loads((out / "alice" / "record.json").read_text())["seed"]
    assert isinstance(seed, int)
    assert json.loads((out / "grades.json").read_text())[0]["seed"] == seed
    replay = CliRunner().invoke(cli, ["grade", str(submissions), "--out", str(tmp_path / "again"),
                                      "--topic", TOPIC, "--jobs", "1", "--seed", str(seed)])
    assert replay.exit_code == 0, replay.output
    assert json.loads((tmp_path / "again" / "alice" / "record.json").read_text())["seed"] == seed


def test_the_reference_answers_file_scores_no_quiz(tmp_path):
    # solutions/quiz_answers.toml ships with the package every learner installs.
    submissions, out = tmp_path / "class", tmp_path / "out"
    for name, answers in (("copied", (solutions_dir() / ANSWERS).read_bytes()),
                          ("own", learners_answers())):
        (submissions / name).mkdir(parents=True)
        (submissions / name / FILE).write_bytes((solutions_dir() / FILE).read_bytes())
        (submissions / name / ANSWERS).write_bytes(answers)
    assert grade(submissions, out).exit_code == 0
    rows = {row["submission"]: row
            for row in read_sheet(out)}
    assert float(rows["own"][f"{TOPIC}_quiz"]) > 0
    assert float(rows["copied"][f"{TOPIC}_quiz"]) == 0
    assert float(rows["copied"]["score"]) == float(rows["own"]["score"]) - float(
        rows["own"][f"{TOPIC}_quiz"])
    feedback = (out / "copied" / "feedback.md").read_text()
    assert "is the course's reference answers (learner = \"reference\"), not yours" in feedback


def test_copies_are_flagged_for_a_look_and_keep_their_grades(tmp_path):
    submissions, out = tmp_path / "class", tmp_path / "out"
    solution = (solutions_dir() / FILE).read_text()
    own = solution.replace("def make_array(", "# mine\ndef make_array(", 1) + "\nX = 1\n"
    reformatted = "# my work\n" + solution.replace("\n\n\n", "\n\n") + "\n# the end\n"
    files = {"alice": (own, learners_answers("alice-id")),
             "zack": (own, learners_answers("alice-id")),          # alice's, to the byte
             "carol": (reformatted, learners_answers("carol-id")),  # the reference, reworded
             "dan": ((exercises_dir() / FILE).read_text(), None),
             "erin": ((exercises_dir() / FILE).read_text(), None)}  # stubs alike: no flag
    for name, (code, answers) in files.items():
        (submissions / name).mkdir(parents=True)
        (submissions / name / FILE).write_text(code)
        if answers:
            (submissions / name / ANSWERS).write_bytes(answers)
    assert grade(submissions, out).exit_code == 0
    rows = {row["submission"]: row
            for row in read_sheet(out)}
    assert rows["alice"]["flags"] == "same files as zack; same quiz learner id as zack"
    assert rows["zack"]["flags"] == "same files as alice; same quiz learner id as alice"
    assert rows["carol"]["flags"] == f"the reference solution for {TOPIC}"
    assert rows["dan"]["flags"] == rows["erin"]["flags"] == ""
    assert rows["alice"]["learner"] == "alice-id" and rows["dan"]["learner"] == ""
    assert rows["alice"]["score"] == rows["zack"]["score"] == rows["carol"]["score"]
    summary = (out / "summary.md").read_text()
    assert "## Worth a look" in summary and "- carol: the reference solution for" in summary
    documents = {d["submission"]: d for d in json.loads((out / "grades.json").read_text())}
    assert documents["zack"]["flags"] == ["same files as alice", "same quiz learner id as alice"]


def test_feedback_gives_topics_and_quizzes_not_begun_one_line_each():
    from checker.reports import feedback_markdown

    def topic(title, status, exercise_statuses, answered):
        return {"id": title.lower(), "title": title, "status": status, "score": 0.0,
                "max_score": 2.0, "output": "",
                "exercises": [{"id": f"{title.lower()}.f{n}", "status": s, "message": ""}
                              for n, s in enumerate(exercise_statuses)],
                "quiz": {"score": 0.0, "max_score": 3.0, "answered": answered, "questions": 3,
                         "results": [{"id": "q1", "result": "wrong"}] if answered else []}}

    record = {"submission": "ada", "status": "graded", "document": {
        "score": 0.0, "max_score": 15.0, "topics": [
            topic("Begun", "partial", ["failed", "todo"], 1),
            topic("Later", "todo", ["todo", "todo"], 0),
            topic("Last", "todo", ["todo"], 0)]}}
    text = feedback_markdown(record)
    assert "Not begun (every exercise still to do): Later; Last." in text
    assert "Quizzes not answered: Later; Last." in text
    assert "## Begun" in text and "- **begun.f1** (todo)" in text  # a begun topic in full
    assert "## Later" not in text and "later.f0" not in text
    assert "## Quiz: Begun" in text and "## Quiz: Later" not in text


def test_hardest_first_counts_those_who_tried_and_names_what_nobody_tried():
    from checker.manifest import load_manifest
    from checker.reports import class_summary, hardest_first, summary_markdown

    topics = load_manifest().select((TOPIC,))
    first, second, third, *rest = [e.id for e in topics[0].exercises]
    # Four graded submissions: all tried the first (one passed); one tried the second and
    # failed; nobody tried the third or the rest.
    outcomes = [{first: "passed", second: "failed"}, {first: "failed"}, {first: "error"},
                {first: "failed"}]
    records = [{"submission": f"s{n}", "status": "graded", "document": {
        "score": 1.0, "max_score": 10.0, "topics": [{"id": TOPIC, "exercises": [
            {"id": e.id, "status": outcome.get(e.id, "todo")} for e in topics[0].exercises]}]}}
        for n, outcome in enumerate(outcomes)]
    summary = class_summary(topics, records)
    assert hardest_first(summary) == [(second, 0, 1), (first, 1, 4)]
    text = summary_markdown(summary)
    assert f"| {second} | 0 / 1 | 0% | 0% |" in text
    assert f"| {first} | 1 / 4 | 25% | 25% |" in text
    assert f"Attempted by no graded submission ({len(rest) + 1}): {third}" in text
