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
