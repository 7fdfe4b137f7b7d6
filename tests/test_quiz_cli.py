"""Quizzes through the CLI: answered on stdin or from a file, scored in course check."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.paths import exercises_dir
from checker.quiz import render, right_answer
from checker.quiz_answers import load_answers
from checker.quiz_bank import load_bank

TOPIC = "getting_started"
FILE = "00_getting_started.py"


def setup_workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copyfile(exercises_dir() / FILE, folder / FILE)
    return folder


def skip_every_question(bank):
    """`course quiz` with Enter for every question: the answers file made, nothing answered."""
    return CliRunner().invoke(cli, ["quiz", TOPIC], input="\n" * len(bank.questions))


def test_a_quiz_taken_on_stdin_is_saved_and_scored_by_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    bank = load_bank(TOPIC)
    first = skip_every_question(bank)
    assert first.exit_code == 0, first.output
    learner = load_answers(folder).learner
    assert learner
    replies = "".join(right_answer(bank, q.id, learner) + "\n" for q in bank.questions)
    result = CliRunner().invoke(cli, ["quiz", TOPIC], input=replies)
    assert result.exit_code == 0, result.output
    assert f"{len(bank.questions)}/{len(bank.questions)} answered" in result.output
    document = json.loads(CliRunner().invoke(cli, ["check", TOPIC, "--json"]).output)
    quiz = document["topics"][0]["quiz"]
    assert quiz["answered"] == quiz["questions"] == len(bank.questions)
    assert quiz["score"] == quiz["max_score"] > 0
    assert document["score"] == quiz["score"]  # the code is all to do
    assert "quiz" in CliRunner().invoke(cli, ["list"]).output


def test_an_answer_can_be_changed_and_others_are_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    bank = load_bank(TOPIC)
    skip_every_question(bank)
    learner = load_answers(folder).learner
    first, second = bank.questions[0], bank.questions[1]
    replies = right_answer(bank, first.id, learner) + "\n" + \
        right_answer(bank, second.id, learner) + "\n"
    CliRunner().invoke(cli, ["quiz", TOPIC, "--only", first.id, "--only", second.id],
                       input=replies)
    view = render(bank, first.id, learner)
    wrong = next(letter for letter in view.letters
                 if letter != right_answer(bank, first.id, learner)) if view.letters else "zzz"
    CliRunner().invoke(cli, ["quiz", TOPIC, "--only", first.id], input=wrong + "\n")
    answers = load_answers(folder).topics[TOPIC]
    assert answers[first.id] == wrong
    assert answers[second.id] == right_answer(bank, second.id, learner)


def test_answers_from_a_file_and_bad_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    setup_workspace(tmp_path)
    question = load_bank(TOPIC).questions[0]
    good = tmp_path / "answers.toml"
    good.write_text(f'{question.id} = "a"\n')
    assert CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", str(good)]).exit_code == 0
    for text, complaint in [("not = [toml", "TOML"), ('no_such_question = "a"', "no_such"),
                            (f"{question.id} = [1, 2]", question.id)]:
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        result = CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", str(bad)])
        assert result.exit_code != 0 and complaint in result.output
        assert "Traceback" not in result.output
    assert load_answers(tmp_path / "exercises").topics[TOPIC][question.id] == "a"


def test_a_read_only_answers_file_is_refused_before_a_question_and_left_alone(tmp_path,
                                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    bank = load_bank(TOPIC)
    skip_every_question(bank)
    path = folder / "quiz_answers.toml"
    before = path.read_text()
    path.chmod(0o444)
    first = bank.questions[0].id
    right = right_answer(bank, first, load_answers(folder).learner)
    asked = CliRunner().invoke(cli, ["quiz", TOPIC, "--only", first], input=right + "\n")
    assert asked.exit_code == 1
    assert "read-only" in asked.output and "Question 1" not in asked.output
    (tmp_path / "mine.toml").write_text(f'{first} = "{right}"\n')
    from_file = CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", "mine.toml"])
    assert from_file.exit_code == 1 and "read-only" in from_file.output
    assert path.read_text() == before and path.stat().st_mode & 0o777 == 0o444


def test_saving_answers_keeps_the_file_permissions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    bank = load_bank(TOPIC)
    old_mask = os.umask(0o022)
    try:
        skip_every_question(bank)
        path = folder / "quiz_answers.toml"
        assert path.stat().st_mode & 0o777 == 0o644  # as `open` makes it, not 0600
        path.chmod(0o640)
        first = bank.questions[0].id
        CliRunner().invoke(cli, ["quiz", TOPIC, "--only", first],
                           input=right_answer(bank, first, load_answers(folder).learner) + "\n")
        assert load_answers(folder).get(TOPIC, first) is not None
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old_mask)


def test_ctrl_c_in_a_quiz_keeps_the_answers_and_exits_130(tmp_path, monkeypatch):
    # Ctrl-D ends a quiz as finished (exit 0); Ctrl-C stops it, as a shell reports.
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    bank = load_bank(TOPIC)
    skip_every_question(bank)
    learner = load_answers(folder).learner
    replies = iter([right_answer(bank, bank.questions[0].id, learner)])

    def typed(prompt: str = "") -> str:
        for reply in replies:
            return reply
        raise KeyboardInterrupt

    with monkeypatch.context() as typing:
        typing.setattr("builtins.input", typed)
        result = CliRunner().invoke(cli, ["quiz", TOPIC])
    assert result.exit_code == 130, result.output
    assert "Quiz stopped by Ctrl-C; the answers given so far are saved." in result.output
    assert "\nError:" not in result.output and "Traceback" not in result.output
    saved = load_answers(folder).get(TOPIC, bank.questions[0].id)
    assert saved == right_answer(bank, bank.questions[0].id, learner)
    ended = CliRunner().invoke(cli, ["quiz", TOPIC], input="")
    assert ended.exit_code == 0 and "Quiz stopped; the answers" in ended.output


def hand_edited(folder: Path) -> None:
    """A quiz_answers.toml edited by hand: a misspelt question id, a letter the question
    does not have, a misspelt topic, and one answer that counts."""
    bank = load_bank(TOPIC)
    first = bank.questions[0]
    right = right_answer(bank, first.id, "ada")
    (folder / "quiz_answers.toml").write_text(
        f'learner = "ada"\n[{TOPIC}]\n{first.id} = "{right}"\n{first.id[:-1]} = "a"\n'
        f'import_forms = "a, z"\n[getting_strted]\ninstalling = "a"\n')


NOTES = [
    "These answers in your quiz_answers.toml score nothing:",
    "  - the getting_started quiz has no question 'no_scipy_arra'; did you mean "
    "'no_scipy_array'?",
    "  - getting_started.import_forms: 'z' is not one of this question's choices "
    "(a, b, c, d, e)",
    "  - [getting_strted] is not a topic of the course; did you mean [getting_started]?",
]


def test_check_list_and_progress_note_answers_that_score_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hand_edited(setup_workspace(tmp_path))
    for command in (["check", TOPIC], ["list"], ["progress"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == (1 if command[0] == "check" else 0), result.output
        assert "Traceback" not in result.output
        lines = result.output.splitlines()
        start = lines.index(NOTES[0])
        assert lines[start:start + len(NOTES)] == NOTES, command
    document = json.loads(CliRunner().invoke(cli, ["check", TOPIC, "--json"]).output)
    quiz = document["topics"][0]["quiz"]
    assert (quiz["score"], quiz["answered"]) == (1.0, 2)  # the answer that counts counts
    assert quiz["notes"] == [note[4:] for note in NOTES[1:]]


def test_a_bad_answers_file_is_refused_with_exit_2_a_line_per_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    (tmp_path / "mine.toml").write_text('no_scipy_arra = "a"\nimport_forms = "a, z"\n')
    result = CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", "mine.toml"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: mine.toml: the getting_started quiz has no question 'no_scipy_arra'; did you "
        "mean 'no_scipy_array'?",
        "mine.toml: getting_started.import_forms: 'z' is not one of this question's choices "
        "(a, b, c, d, e)"]
    assert not (folder / "quiz_answers.toml").exists()


def test_an_answers_file_may_be_another_quiz_answers_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = setup_workspace(tmp_path)
    (tmp_path / "theirs.toml").write_text(
        f'learner = "someone"\n[stats]\npvalue_decision = "a"\n[{TOPIC}]\ninstalling = "b"\n')
    result = CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", "theirs.toml"])
    assert result.exit_code == 0, result.output
    saved = load_answers(folder)
    assert saved.topics == {TOPIC: {"installing": "b"}} and saved.learner != "someone"
    (tmp_path / "other.toml").write_text('learner = "x"\n[stats]\npvalue_decision = "a"\n')
    refused = CliRunner().invoke(cli, ["quiz", TOPIC, "--answers", "other.toml"])
    assert refused.exit_code == 2
    assert refused.output == (f"Error: other.toml has no [{TOPIC}] table, only [stats]: add "
                              f"[{TOPIC}] with its answers, or write them at the top as "
                              "question_id = answer lines\n")
    assert load_answers(folder).topics == saved.topics


def test_the_quiz_help_shows_both_layouts_of_an_answers_file():
    result = CliRunner().invoke(cli, ["quiz", "--help"])
    assert 'pvalue_decision = "b"            learner = "9f3c0a..."' in result.output
    assert "[TOPIC] table" in result.output
