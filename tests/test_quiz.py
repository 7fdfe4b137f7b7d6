"""Quizzes: bank validation, the shipped banks, variants, grading, answers files, the loop."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker import quiz, quiz_answers, quiz_bank
from checker.errors import AuthoringError, CourseError, UsageProblem

REPO = Path(__file__).resolve().parent.parent
TOPIC_IDS = ("getting_started", "io", "datasets", "constants", "stats", "cluster", "optimize",
             "interpolate", "integrate", "linalg", "fft", "odr", "sparse", "spatial", "signal",
             "ndimage", "special", "misc")


def demo_values(rng: np.random.Generator) -> dict[str, Any]:
    """The demo bank's variant question: a sum of two numbers drawn per learner."""
    a, b = (int(v) for v in rng.integers(0, 10**6, size=2))
    return {"a": a, "b": b, "answer": float(a + b)}


def failing_values(rng: np.random.Generator) -> dict[str, Any]:
    raise RuntimeError("a bug in the values function")


DEMO_BANK = '''
format = 1
title = "Demo"

[[questions]]
id = "pick"
kind = "choice"
points = 2
shuffle = false
prompt = """Pick the
right one."""
options = ["right", "wrong", "also wrong"]
answer = "right"
explanation = "Because it is right."

[[questions]]
id = "several"
kind = "choices"
shuffle = false
prompt = "Pick all the right ones."
options = ["r1", "w1", "r2", "w2"]
answer = ["r1", "r2"]
explanation = "Both r options."

[[questions]]
id = "num"
kind = "number"
prompt = "How much?"
answer = 2.5
abs_tol = 0.01
explanation = "It is 2.5."

[[questions]]
id = "rel"
kind = "number"
prompt = "How big?"
answer = 1e6
rel_tol = 1e-3
explanation = "A million."

[[questions]]
id = "name"
kind = "text"
prompt = "Which function?"
answer = ["gammaln", "scipy.special.gammaln"]
explanation = "gammaln does not overflow."

[[questions]]
id = "varied"
kind = "number"
values = "tests.test_quiz:demo_values"
prompt = "What is {a} + {b}?"
abs_tol = 1e-9
explanation = "{a} + {b} = {answer:g}."

[[questions]]
id = "shuffled"
kind = "choice"
prompt = "Which letter comes first?"
options = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
answer = "alpha"
explanation = "alpha is first."
'''


@pytest.fixture
def quizzes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "demo.toml").write_text(DEMO_BANK, encoding="utf-8")
    return folder


@pytest.fixture
def bank(quizzes_dir: Path) -> quiz_bank.Bank:
    loaded = quiz_bank.load_bank("demo", quizzes_dir)
    assert loaded is not None
    return loaded


@pytest.fixture
def learner_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    return folder


def write_bank(folder: Path, text: str, topic: str = "bad") -> None:
    (folder / f"{topic}.toml").write_text(textwrap.dedent(text), encoding="utf-8")


def question(**fields: Any) -> str:
    """One [[questions]] table in TOML, from a valid text question with `fields` changed."""
    table: dict[str, Any] = {"id": "q1", "kind": "text", "prompt": "P?", "answer": "x",
                             "explanation": "E."}
    table.update(fields)
    lines = ["[[questions]]"]
    for key, value in table.items():
        if value is None:                       # None leaves the key out
            continue
        if isinstance(value, str) and value.startswith("RAW:"):     # TOML written as is
            lines.append(f"{key} = {value[4:]}")
        else:                                   # str, number and list reprs are TOML here
            lines.append(f"{key} = {value!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- validation


QUESTION_PROBLEMS = [
    (question(colour="red"), "unknown key 'colour'"),
    (question(points="RAW:\"two\""), "'points' must be int"),
    (question(points="RAW:true"), "'points' must be int, not bool"),
    (question(kind="essay"), "kind must be one of"),
    (question(explanation=None), "missing key 'explanation'"),
    (question(answer=None), "missing key 'answer'"),
    (question(kind="choice", options=["a", "b"], answer="c"),
     "the answer 'c' is not among the options"),
    (question(kind="choices", options=["a", "b"], answer=["a", "z"]),
     "the answer 'z' is not among the options"),
    (question(kind="choice", options=["a", "a"], answer="a"), "two options are the same"),
    (question(kind="choice", answer="a"), "needs 'options'"),
    (question(kind="number", answer=1.5), "needs 'abs_tol' and/or 'rel_tol'"),
    (question(kind="number", answer="RAW:\"1.5\"", abs_tol=0.1),
     "a number answer must be a finite number"),
    (question(options=["a", "b"]), "'options' is only for choice"),
    (question(abs_tol=0.1), "only for number questions"),
    (question(id="Bad Id"), "id must be a lowercase identifier"),
    (question(values="no_such_function"), "no function 'no_such_function'"),
    (question(values="tests.test_quiz:demo_values", prompt="{a"), "bad template"),
]
BANK_PROBLEMS = [
    ("format = 1\n" + question() + question(), "question 'q1' appears twice"),
    ("format = 2\n" + question(), "format 2 is not supported"),
    ("format = 1\ncolour = 1\n" + question(), "unknown key 'colour'"),
    ("format = 1\nquestions = []\n", "no questions"),
    ("format = 1\n[[questions\n", "not valid TOML"),
]


@pytest.mark.parametrize("body, message", QUESTION_PROBLEMS)
def test_question_errors_name_the_file_and_the_question(tmp_path: Path, body: str,
                                                        message: str) -> None:
    write_bank(tmp_path, "format = 1\n" + body)
    with pytest.raises(AuthoringError) as caught:
        quiz_bank.load_bank("bad", tmp_path)
    assert caught.value.message.startswith(f"{tmp_path / 'bad.toml'}: question #1")
    assert message in caught.value.message


@pytest.mark.parametrize("body, message", BANK_PROBLEMS)
def test_bank_errors_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    write_bank(tmp_path, body)
    with pytest.raises(AuthoringError) as caught:
        quiz_bank.load_bank("bad", tmp_path)
    assert caught.value.message.startswith(f"{tmp_path / 'bad.toml'}: ")
    assert message in caught.value.message


def test_a_failing_values_function_is_an_authoring_error_naming_the_question(
        tmp_path: Path) -> None:
    write_bank(tmp_path, "format = 1\n" + question(kind="number", answer=None, abs_tol=0.1,
                                                   values="tests.test_quiz:failing_values"))
    bank = quiz_bank.load_bank("bad", tmp_path)
    assert bank is not None
    with pytest.raises(AuthoringError, match=r"bad\.toml: question 'q1'.*a bug"):
        quiz.render(bank, "q1", "someone")
    assert any("a bug" in p for p in quiz.self_check("bad", tmp_path))


def test_missing_bank_is_none_and_bad_topic_id_is_refused(tmp_path: Path) -> None:
    assert quiz_bank.load_bank("nothing_here", tmp_path) is None
    assert quiz.quiz_summary("nothing_here", tmp_path, quizzes_dir=tmp_path) is None
    with pytest.raises(UsageProblem):
        quiz_bank.load_bank("../etc/passwd", tmp_path)


def test_self_check_reports_a_bank_of_the_wrong_size_and_a_missing_bank(
        quizzes_dir: Path, tmp_path: Path) -> None:
    write_bank(quizzes_dir, "format = 1\n" + question(), topic="small")
    assert any("5 to 8 questions" in p for p in quiz.self_check("small", quizzes_dir))
    assert any("no quiz bank" in p for p in quiz.self_check("absent", quizzes_dir))


# --------------------------------------------------------------------------- shipped banks


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_topic_has_a_bank_that_self_checks(topic_id: str) -> None:
    bank = quiz_bank.load_bank(topic_id)
    assert bank is not None, f"no quiz bank for {topic_id}"
    assert quiz.MIN_QUESTIONS <= len(bank.questions) <= quiz.MAX_QUESTIONS
    assert quiz.self_check(topic_id) == []
    kinds = {q.kind for q in bank.questions}
    assert len(kinds) >= 3, f"{topic_id} uses only {kinds}"


def test_shipped_banks_are_for_curriculum_topics_only() -> None:
    assert quiz_bank.orphan_banks(TOPIC_IDS) == []
    assert quiz_bank.orphan_banks(TOPIC_IDS[:-1]) != []


def test_every_manifest_topic_has_a_bank() -> None:
    from checker.manifest import load_manifest

    topic_ids = [t.id for t in load_manifest().topics]
    assert [t for t in topic_ids if quiz_bank.load_bank(t) is None] == []
    assert quiz_bank.orphan_banks(topic_ids) == []


def test_shipped_banks_use_every_kind_and_variants() -> None:
    questions = [q for t in TOPIC_IDS for q in quiz_bank.load_bank(t).questions]  # type: ignore
    assert {q.kind for q in questions} == set(quiz_bank.KINDS)
    assert sum(q.values is not None for q in questions) >= 18


# --------------------------------------------------------------------------- variants


def test_variant_seed_is_a_stable_hash_not_pythons() -> None:
    import hashlib

    seed = quiz.variant_seed("abc", "stats", "q")
    digest = hashlib.sha256(b"abc\x1fstats\x1fq").digest()
    assert seed == int.from_bytes(digest[:8], "big")
    assert quiz.variant_seed("abc", "stats", "q2") != seed
    assert quiz.variant_seed("abd", "stats", "q") != seed


def test_variants_differ_between_learners(bank: quiz_bank.Bank) -> None:
    prompts = {quiz.render(bank, "varied", f"learner-{n}").prompt for n in range(5)}
    assert len(prompts) == 5
    orders = {quiz.render(bank, "shuffled", f"learner-{n}").options for n in range(8)}
    assert len(orders) > 1


def test_a_variant_is_reproduced_exactly_when_grading(bank: quiz_bank.Bank) -> None:
    view = quiz.render(bank, "varied", "ada")
    a, b = (int(part) for part in view.prompt.removeprefix("What is ").rstrip("?").split(" + "))
    quiz._variant_cached.cache_clear()          # recomputed from the seed, not remembered
    assert quiz.render(bank, "varied", "ada") == view
    assert quiz.grade(bank, "varied", str(a + b), "ada").correct
    assert not quiz.grade(bank, "varied", str(a + b), "bob").correct
    shuffled = quiz.render(bank, "shuffled", "ada")
    letter = shuffled.letters[shuffled.options.index("alpha")]
    assert quiz.grade(bank, "shuffled", letter, "ada").correct


def test_variants_do_not_depend_on_the_python_process() -> None:
    code = ("from checker import quiz, quiz_bank; b = quiz_bank.load_bank('constants'); "
            "v = quiz.render(b, 'length_in_metres', 'ada'); print(v.prompt); "
            "v = quiz.render(b, 'planck_value', 'ada'); print(v.options)")
    outputs = set()
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=environment,
                              capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    bank = quiz_bank.load_bank("constants")
    assert bank is not None
    here = (quiz.render(bank, "length_in_metres", "ada").prompt + "\n"
            + str(quiz.render(bank, "planck_value", "ada").options) + "\n")
    assert outputs == {here}


# --------------------------------------------------------------------------- grading


@pytest.mark.parametrize("answer, correct", [
    ("a", True), ("A", True), ("  a ", True), ("(a)", True), ("a)", True),
    ("RIGHT", True), ("  right ", True), ("b", False), ("wrong", False),
])
def test_grading_one_choice(bank: quiz_bank.Bank, answer: str, correct: bool) -> None:
    result = quiz.grade(bank, "pick", answer, "x")
    assert result.correct is correct
    assert result.score == (2.0 if correct else 0.0)
    assert result.max_score == 2.0
    assert result.expected == "a) right"
    assert result.explanation == "Because it is right."


def test_one_choice_refuses_two_letters_and_unknown_letters(bank: quiz_bank.Bank) -> None:
    for answer in ("a, b", "z", "", "ab"):
        result = quiz.grade(bank, "pick", answer, "x")
        assert not result.correct and result.problem


@pytest.mark.parametrize("answer, correct", [
    ("a, c", True), ("c,a", True), ("A C", True), ("ac", True), ("a;c", True),
    ("a", False), ("a, b, c", False), ("a, c, d", False), ("b, d", False),
])
def test_several_choices_score_only_when_exactly_right(bank: quiz_bank.Bank, answer: str,
                                                       correct: bool) -> None:
    result = quiz.grade(bank, "several", answer, "x")
    assert result.correct is correct
    assert result.score == (1.0 if correct else 0.0)


@pytest.mark.parametrize("question_id, answer, correct", [
    ("num", "2.5", True), ("num", " 2.509 ", True), ("num", "2.49", True),
    ("num", "2.52", False), ("num", "-2.5", False), ("num", "25e-1", True),
    ("rel", "1000999", True), ("rel", "1e6", True), ("rel", "1002000", False),
])
def test_grading_numbers_with_tolerance(bank: quiz_bank.Bank, question_id: str, answer: str,
                                        correct: bool) -> None:
    assert quiz.grade(bank, question_id, answer, "x").correct is correct


@pytest.mark.parametrize("answer, correct", [
    ("1040.7368375", True), ("1040.74", True), ("1040.7", True), ("1041", True),
    ("1.041e3", True), ("1040.7368", True), ("\u22121040.74", False),
    ("1040.73", False), ("1040.736", False),  # rounded wrongly; cut, not rounded
    ("1041.0", False), ("1040", False),       # a figure too many that is wrong; too few
    ("1.04e3", False), ("1e3", False),        # 3 significant figures, 1
    ("not a number", False), ("nan", False),
])
def test_an_answer_rounded_correctly_to_4_or_more_figures_is_right(answer: str,
                                                                  correct: bool) -> None:
    assert quiz._rounded_correctly(answer, 1040.7368375) is correct


def test_a_tie_rounds_either_way_but_no_further() -> None:
    assert quiz._rounded_correctly("0.351562", 0.3515625)
    assert quiz._rounded_correctly("0.351563", 0.3515625)
    assert not quiz._rounded_correctly("0.351561", 0.3515625)


def test_a_typographic_minus_reads_as_a_minus(bank: quiz_bank.Bank) -> None:
    result = quiz.grade(bank, "num", "\u22122.5", "x")  # "−2.5", as pasted from a web page
    assert result.problem is None and result.given == "-2.5" and not result.correct


@pytest.mark.parametrize("answer", ["two and a half", "2,5", "nan", "inf", ""])
def test_an_unreadable_number_says_why(bank: quiz_bank.Bank, answer: str) -> None:
    result = quiz.grade(bank, "num", answer, "x")
    assert not result.correct
    assert result.problem
    assert result.expected.startswith("2.5")


def test_a_decimal_comma_is_told_to_be_a_dot(bank: quiz_bank.Bank) -> None:
    result = quiz.grade(bank, "num", "2,5", "x")
    assert not result.correct and result.problem is not None and "dot" in result.problem


@pytest.mark.parametrize("answer, correct", [
    ("gammaln", True), ("  GammaLn  ", True), ("gammaln()", True), ("`gammaln`", True),
    ("Scipy.Special.Gammaln", True), ("gamma", False), ("gamma ln", False),
    # A module alias from SciPy's documentation means its module; any other prefix does not.
    ("sp.special.gammaln", True), ("np.special.gammaln", False), ("sp.gammaln", False),
    # A call names its function.
    ("scipy.special.gammaln(x + 1)", True), ("sp.special.gammaln(5)", True),
    ("gamma(x + 1)", False), ("log(gammaln(x))", False),
])
def test_grading_short_answers(bank: quiz_bank.Bank, answer: str, correct: bool) -> None:
    assert quiz.grade(bank, "name", answer, "x").correct is correct


def test_views_and_feedback_are_plain_text(bank: quiz_bank.Bank) -> None:
    view = quiz.render(bank, "pick", "x", previous="b")
    assert view.prompt == "Pick the right one."          # wrapped lines are joined
    assert view.labelled_options == ("a) right", "b) wrong", "c) also wrong")
    assert (view.number, view.total, view.points, view.kind) == (1, 7, 2, "choice")
    text = quiz.format_question(view)
    assert "Question 1/7 (2 points)" in text and "Your saved answer: b" in text
    feedback = quiz.format_feedback(quiz.grade(bank, "pick", "b", "x"))
    assert feedback.startswith("Not quite. The answer: a) right")
    assert "Because it is right." in feedback
    assert quiz.format_feedback(quiz.grade(bank, "pick", "a", "x")).startswith("Correct")


# --------------------------------------------------------------------------- answers file


def test_answers_round_trip_any_text(learner_dir: Path) -> None:
    odd = 'quote " backslash \\ newline \n tab \t bell \x07 del \x7f snowman \u2603 \U0001F600'
    answers = quiz_answers.Answers(learner="abc123", topics={"stats": {"q1": odd, "q2": "b"},
                                                     "odd topic": {"q": "x"}})
    quiz_answers.save_answers(learner_dir, answers)
    assert quiz_answers.load_answers(learner_dir) == answers


def test_learner_id_is_created_on_first_save_and_kept(learner_dir: Path) -> None:
    first = quiz_answers.load_answers(learner_dir)
    assert len(first.learner) == 16 and int(first.learner, 16) >= 0
    assert quiz_answers.load_answers(learner_dir).learner != first.learner   # not saved yet
    quiz_answers.save_answers(learner_dir, first)
    assert quiz_answers.load_answers(learner_dir).learner == first.learner
    text = (learner_dir / quiz_answers.ANSWERS_FILE).read_text(encoding="utf-8")
    assert f'learner = "{first.learner}"' in text


def test_a_file_with_answers_but_no_learner_uses_a_stable_id(learner_dir: Path) -> None:
    (learner_dir / quiz_answers.ANSWERS_FILE).write_text('[stats]\nq1 = "a"\n', encoding="utf-8")
    assert quiz_answers.load_answers(learner_dir).learner == ""


@pytest.mark.parametrize("text, reason", [
    ("learner = \n", "not TOML"),
    ("learner = 5\n", "'learner' must be a string"),
    ("learner = \"x\"\nstats = 3\n", "'stats' must be a table"),
    ("learner = \"x\"\n[stats]\nq1 = 3\n", "must be a string, not int"),
    ("learner = \"x\"\n[stats.q1]\nz = \"a\"\n", "must be a string, not dict"),
])
def test_a_corrupt_answers_file_is_a_clear_error_and_is_never_overwritten(
        learner_dir: Path, quizzes_dir: Path, text: str, reason: str) -> None:
    path = learner_dir / quiz_answers.ANSWERS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(quiz_answers.AnswersFileError) as caught:
        quiz_answers.load_answers(learner_dir)
    assert isinstance(caught.value, CourseError) and caught.value.exit_code == 1
    assert reason in caught.value.message and str(path) in caught.value.message
    assert "\n" not in caught.value.message
    with pytest.raises(quiz_answers.AnswersFileError):
        quiz.run_quiz("demo", learner_dir, ask=lambda view: "a", tell=lambda text: None,
                      quizzes_dir=quizzes_dir)
    with pytest.raises(quiz_answers.AnswersFileError):
        quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)
    lenient = quiz.quiz_summary("demo", learner_dir, lenient=True, quizzes_dir=quizzes_dir)
    assert lenient is not None and lenient["answered"] == 0 and reason in lenient["message"]
    # For a learner's feedback: which file, in their words, and none of a grader's folders.
    assert lenient["message"].startswith(f"your {quiz_answers.ANSWERS_FILE} could not be read: ")
    assert lenient["message"].endswith("; your quiz answers were not graded")
    assert str(learner_dir) not in lenient["message"]
    assert path.read_text(encoding="utf-8") == text


def test_saving_is_atomic(learner_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"stats": {"q1": "a"}}))
    before = (learner_dir / quiz_answers.ANSWERS_FILE).read_text(encoding="utf-8")

    def crash(source: Any, destination: Any) -> None:
        raise OSError("disk full")

    import checker.files

    monkeypatch.setattr(checker.files.os, "replace", crash)
    with pytest.raises(OSError):
        quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"stats": {"q1": "b"}}))
    assert (learner_dir / quiz_answers.ANSWERS_FILE).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in learner_dir.iterdir()) == [quiz_answers.ANSWERS_FILE]


def test_saving_into_a_missing_folder_is_a_usage_problem(tmp_path: Path) -> None:
    with pytest.raises(UsageProblem, match="no folder"):
        quiz_answers.save_answers(tmp_path / "nope", quiz_answers.Answers("abc"))


# --------------------------------------------------------------------------- answer files


def write_answer_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_answers.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_an_answer_file_gives_answer_texts(tmp_path: Path, quizzes_dir: Path) -> None:
    path = write_answer_file(tmp_path, '''
        pick = "A"
        several = ["a", "c"]
        num = 2.5
        rel = "1e6"
        name = "gammaln"
    ''')
    assert quiz.load_answer_file(path, "demo", quizzes_dir) == {
        "pick": "A", "several": "a, c", "num": "2.5", "rel": "1e6", "name": "gammaln"}


@pytest.mark.parametrize("text, message", [
    ('pick = "a"\nnope = "b"\n', "has no question 'nope'"),
    ("pick = true\n", "pick must be a letter"),
    ('pick = ["a"]\n', "pick must be a letter"),
    ("num = [1]\n", "num must be a number"),
    ("name = 3\n", "name must be a string"),
    ('num = "lots"\n', "num: 'lots' is not a number"),
    ('pick = "q"\n', "demo.pick: 'q' is not one of this question's choices (a, b, c)"),
    ('pik = "a"\n', "the demo quiz has no question 'pik'; did you mean 'pick'?"),
    ("[other]\npick = \"a\"\n", "has no [demo] table, only [other]"),
    ('pick = "a"\n[demo]\nnum = 3\n', "has answers at the top (pick) and tables ([demo])"),
    ("pick = \n", "is not TOML"),
    ("", "holds no answers"),
])
def test_a_bad_answer_file_is_a_one_line_usage_problem_and_saves_nothing(
        tmp_path: Path, quizzes_dir: Path, learner_dir: Path, text: str, message: str) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"demo": {"pick": "a"}}))
    before = (learner_dir / quiz_answers.ANSWERS_FILE).read_text(encoding="utf-8")
    path = write_answer_file(tmp_path, text)
    with pytest.raises(UsageProblem) as caught:
        answers = quiz.load_answer_file(path, "demo", quizzes_dir)
        quiz.record_answers("demo", learner_dir, answers, quizzes_dir)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert (learner_dir / quiz_answers.ANSWERS_FILE).read_text(encoding="utf-8") == before


def test_an_answer_file_names_each_problem_on_a_line_of_its_own(
        tmp_path: Path, quizzes_dir: Path) -> None:
    path = write_answer_file(tmp_path, '''
        pik = "a"
        several = "a, e, f"
        num = "lots"
        shuffled = "b"
    ''')
    with pytest.raises(UsageProblem) as caught:
        quiz.load_answer_file(path, "demo", quizzes_dir)
    assert caught.value.exit_code == 2
    assert caught.value.message.splitlines() == [
        f"{path}: the demo quiz has no question 'pik'; did you mean 'pick'?",
        f"{path}: demo.several: 'e', 'f' are not among this question's choices (a, b, c, d)",
        f"{path}: demo.num: 'lots' is not a number (write e.g. 0.25 or 1.5e-3)",
    ]


def test_an_answer_file_laid_out_as_quiz_answers_toml_gives_its_topics_table(
        tmp_path: Path, quizzes_dir: Path, learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("mine", {"demo": {"num": "1"}}))
    path = write_answer_file(tmp_path, '''
        learner = "someone else"
        [other]
        q = "x"
        [demo]
        pick = "a"
        several = ["a", "c"]
    ''')
    given = quiz.load_answer_file(path, "demo", quizzes_dir)
    assert given == {"pick": "a", "several": "a, c"}
    quiz.record_answers("demo", learner_dir, given, quizzes_dir)
    saved = quiz_answers.load_answers(learner_dir)
    assert saved.learner == "mine"  # the workspace's own id, not the file's
    assert saved.topics == {"demo": {"num": "1", "pick": "a", "several": "a, c"}}


def test_a_hand_edited_answers_file_scores_what_it_can_and_notes_the_rest(
        quizzes_dir: Path, learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {
        "demo": {"pick": "a", "pikc": "a", "several": "a, x", "shuffled": "g"},
        "dmeo": {"pick": "a"}}))
    summary = quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)
    assert summary is not None
    assert (summary["score"], summary["answered"]) == (2.0, 3)
    assert summary["notes"] == [
        "the demo quiz has no question 'pikc'; did you mean 'pick'?",
        "demo.several: 'x' is not one of this question's choices (a, b, c, d)",
        "demo.shuffled: 'g' is not one of this question's choices (a, b, c, d, e, f)",
        "[dmeo] is not a topic of the course; did you mean [demo]?",
    ]


def test_a_table_of_no_topic_is_noted_on_every_summary_and_said_once(
        learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {
        "stats": {"pvalue_decision": "a"}, "getting_strted": {"installing": "a"},
        "nonsense": {"q": "a"}}))
    summaries = [quiz.quiz_summary(topic, learner_dir) for topic in ("stats", "io")]
    said = ["[getting_strted] is not a topic of the course; did you mean [getting_started]?",
            "[nonsense] is not a topic of the course (`course list` names them)"]
    assert [s["notes"] for s in summaries if s] == [said, said]
    assert quiz_answers.answer_notes([*summaries, None]) == said


def test_a_choice_named_by_its_options_text_is_no_problem(quizzes_dir: Path,
                                                         learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {
        "demo": {"shuffled": "Alpha", "pick": "right"}}))
    summary = quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)
    assert summary is not None and "notes" not in summary and summary["score"] == 3.0


def test_a_missing_answer_file_and_a_topic_without_quiz(tmp_path: Path,
                                                        quizzes_dir: Path) -> None:
    with pytest.raises(UsageProblem, match="no answers file"):
        quiz.load_answer_file(tmp_path / "absent.toml", "demo", quizzes_dir)
    with pytest.raises(UsageProblem, match="has no quiz"):
        quiz.load_answer_file(tmp_path / "absent.toml", "nothing", quizzes_dir)


def test_recording_an_answer_file_keeps_other_answers(tmp_path: Path, quizzes_dir: Path,
                                                      learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"demo": {"name": "gamma"},
                                                        "other": {"q": "x"}}))
    path = write_answer_file(tmp_path, 'pick = "a"\nnum = 3\n')
    results = quiz.record_answers("demo", learner_dir,
                                  quiz.load_answer_file(path, "demo", quizzes_dir), quizzes_dir)
    assert [(r.question_id, r.correct) for r in results] == [("pick", True), ("num", False)]
    saved = quiz_answers.load_answers(learner_dir)
    assert saved.topics == {"demo": {"name": "gamma", "pick": "a", "num": "3"},
                            "other": {"q": "x"}}
    assert saved.learner == "abc"


# --------------------------------------------------------------------------- the loop


class Script:
    """Scripted ask/tell callbacks: answers by question id, in order, and what was told."""

    def __init__(self, replies: dict[str, list[str]]) -> None:
        self.replies = {k: list(v) for k, v in replies.items()}
        self.asked: list[quiz.QuestionView] = []
        self.told: list[str] = []

    def ask(self, view: quiz.QuestionView) -> str:
        self.asked.append(view)
        replies = self.replies.get(view.question_id)
        if replies is None:
            raise EOFError
        return replies.pop(0)

    def tell(self, text: str) -> None:
        self.told.append(text)


def varied_answer(bank: quiz_bank.Bank, learner: str) -> str:
    prompt = quiz.render(bank, "varied", learner).prompt
    a, b = prompt.removeprefix("What is ").rstrip("?").split(" + ")
    return str(int(a) + int(b))


def test_run_quiz_asks_grades_and_saves(bank: quiz_bank.Bank, quizzes_dir: Path,
                                        learner_dir: Path) -> None:
    learner = quiz_answers.load_answers(learner_dir)
    quiz_answers.save_answers(learner_dir, learner)       # so the variant is known in advance
    script = Script({"pick": ["a"], "several": ["a"], "num": ["2.5"], "rel": ["5"],
                     "name": [" GAMMALN "], "varied": [varied_answer(bank, learner.learner)],
                     "shuffled": [""]})
    summary = quiz.run_quiz("demo", learner_dir, script.ask, script.tell,
                            quizzes_dir=quizzes_dir)
    assert summary == {"score": 5.0, "max_score": 8.0, "answered": 6, "questions": 7}
    assert [v.question_id for v in script.asked] == list(bank.question_ids)
    assert [v.number for v in script.asked] == list(range(1, 8))
    assert script.told[0].startswith("Demo: 7 questions")
    assert any(t.startswith("Correct (+2)") for t in script.told)
    assert any("Both r options." in t for t in script.told)
    assert "Skipped." in script.told
    assert script.told[-1] == "Quiz score for demo: 5/8 (6/7 answered)."
    assert quiz_answers.load_answers(learner_dir).topics["demo"]["name"] == "GAMMALN"
    assert quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir) == summary


def test_answering_again_changes_that_answer_only(quizzes_dir: Path,
                                                  learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"other": {"q": "keep"}}))
    first = Script({"pick": ["b"], "num": ["2.5"]})
    quiz.run_quiz("demo", learner_dir, first.ask, first.tell, only=["pick", "num"],
                  quizzes_dir=quizzes_dir)
    assert quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)["score"] == 1.0
    again = Script({"pick": ["a"]})
    summary = quiz.run_quiz("demo", learner_dir, again.ask, again.tell, only=["pick"],
                            quizzes_dir=quizzes_dir)
    assert again.asked[0].previous == "b" and again.asked[0].total == 1
    assert summary["score"] == 3.0 and summary["answered"] == 2
    saved = quiz_answers.load_answers(learner_dir)
    assert saved.learner == "abc"
    assert saved.topics == {"other": {"q": "keep"}, "demo": {"pick": "a", "num": "2.5"}}


def test_an_empty_reply_keeps_the_saved_answer(quizzes_dir: Path, learner_dir: Path) -> None:
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"demo": {"pick": "a"}}))
    script = Script({"pick": ["   "]})
    quiz.run_quiz("demo", learner_dir, script.ask, script.tell, only=["pick"],
                  quizzes_dir=quizzes_dir)
    assert "Kept your saved answer." in script.told
    assert quiz_answers.load_answers(learner_dir).topics["demo"] == {"pick": "a"}


def test_an_unreadable_reply_is_asked_again(quizzes_dir: Path, learner_dir: Path) -> None:
    script = Script({"num": ["lots", "2,5", "2.5"], "pick": ["x", "y", "z"]})
    summary = quiz.run_quiz("demo", learner_dir, script.ask, script.tell,
                            only=["num", "pick"], quizzes_dir=quizzes_dir)
    assert [v.question_id for v in script.asked] == ["num"] * 3 + ["pick"] * 3
    assert sum(t.startswith("Could not read that answer") for t in script.told) == 5
    assert "Moving on; this question keeps its saved answer, if any." in script.told
    assert summary["answered"] == 1 and summary["score"] == 1.0


def test_end_of_input_stops_the_quiz_and_keeps_what_was_answered(
        quizzes_dir: Path, learner_dir: Path) -> None:
    script = Script({"pick": ["a"]})                  # EOFError at the second question
    summary = quiz.run_quiz("demo", learner_dir, script.ask, script.tell,
                            quizzes_dir=quizzes_dir)
    assert len(script.asked) == 2
    assert "Quiz stopped; the answers given so far are saved." in script.told
    assert summary["answered"] == 1 and summary["score"] == 2.0


def test_run_quiz_usage_problems(quizzes_dir: Path, learner_dir: Path, tmp_path: Path) -> None:
    script = Script({})
    with pytest.raises(UsageProblem, match="has no question 'nope'"):
        quiz.run_quiz("demo", learner_dir, script.ask, script.tell, only=["nope"],
                      quizzes_dir=quizzes_dir)
    with pytest.raises(UsageProblem, match="has no quiz"):
        quiz.run_quiz("nothing", learner_dir, script.ask, script.tell,
                      quizzes_dir=quizzes_dir)
    with pytest.raises(UsageProblem, match="no folder"):
        quiz.run_quiz("demo", tmp_path / "absent", script.ask, script.tell,
                      quizzes_dir=quizzes_dir)
    assert not (learner_dir / quiz_answers.ANSWERS_FILE).exists()


def test_the_learner_id_is_saved_before_the_first_question(quizzes_dir: Path,
                                                           learner_dir: Path) -> None:
    script = Script({})                                  # stops at once
    quiz.run_quiz("demo", learner_dir, script.ask, script.tell, quizzes_dir=quizzes_dir)
    learner = quiz_answers.load_answers(learner_dir).learner
    assert learner and quiz_answers.load_answers(learner_dir).learner == learner
    bank = quiz_bank.load_bank("demo", quizzes_dir)
    assert bank is not None
    assert script.asked[0] == quiz.render(bank, "pick", learner, number=1, total=7)


# --------------------------------------------------------------------------- summaries


def test_quiz_summary_figures(quizzes_dir: Path, learner_dir: Path, tmp_path: Path) -> None:
    empty = quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)
    assert empty == {"score": 0.0, "max_score": 8.0, "answered": 0, "questions": 7}
    assert quiz.quiz_summary("demo", tmp_path / "absent", quizzes_dir=quizzes_dir) == empty
    quiz_answers.save_answers(learner_dir, quiz_answers.Answers("abc", {"demo": {
        "pick": "a", "several": "a, c", "num": "9", "name": "nonsense!", "gone": "x"}}))
    summary = quiz.quiz_summary("demo", learner_dir, quizzes_dir=quizzes_dir)
    assert summary == {"score": 3.0, "max_score": 8.0, "answered": 4, "questions": 7,
                       "notes": ["the demo quiz has no question 'gone'; it has: pick, "
                                 "several, num, rel, name, varied, shuffled"]}
    assert all(isinstance(summary[k], float) for k in ("score", "max_score"))
    rows = quiz.question_results("demo", learner_dir, quizzes_dir)
    assert rows is not None
    assert [(r["id"], r["answered"], r["correct"]) for r in rows][:4] == [
        ("pick", True, True), ("several", True, True), ("num", True, False),
        ("rel", False, False)]


def test_quiz_summary_of_a_shipped_bank(learner_dir: Path) -> None:
    summary = quiz.quiz_summary("stats", learner_dir)
    bank = quiz_bank.load_bank("stats")
    assert bank is not None
    assert summary == {"score": 0.0, "max_score": bank.max_score, "answered": 0,
                       "questions": len(bank.questions)}


def test_answers_parsed_again_only_when_the_text_changes_and_never_shared(tmp_path):
    path = tmp_path / quiz_answers.ANSWERS_FILE
    text = 'learner = "abc"\n[stats]\nq1 = "a"\n'
    first = quiz_answers.parse_answers(text, path)
    first.set("stats", "q2", "b")  # a caller changing its copy (the quiz loop does)
    second = quiz_answers.parse_answers(text, path)
    assert second.topics == {"stats": {"q1": "a"}} and second.learner == "abc"
    edited = quiz_answers.parse_answers(text.replace('"a"', '"c"'), path)
    assert edited.get("stats", "q1") == "c"
    with pytest.raises(quiz_answers.AnswersFileError):
        quiz_answers.parse_answers("learner = 5\n", path)
    assert quiz_answers.parse_answers(text, path).get("stats", "q1") == "a"


def test_two_quizzes_begun_at_once_agree_on_the_learner_id(learner_dir: Path) -> None:
    # The file is created only if absent: the later of two new workspaces' quizzes reads the
    # id the first one saved instead of replacing it (or stopping, as it did before).
    from checker.quiz_answers import Answers, create_answers

    first = create_answers(learner_dir, Answers(learner="first-id"))
    second = create_answers(learner_dir, Answers(learner="second-id"))
    assert first.learner == second.learner == "first-id"
    assert quiz_answers.load_answers(learner_dir).learner == "first-id"
    assert [p.name for p in learner_dir.iterdir()] == ["quiz_answers.toml"]  # no leftovers


def test_the_answers_file_is_created_where_hard_links_are_refused(
        learner_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.quiz_answers import Answers, create_answers

    def refused(*args: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    assert create_answers(learner_dir, Answers(learner="first-id")).learner == "first-id"
    assert create_answers(learner_dir, Answers(learner="second-id")).learner == "first-id"
    assert [p.name for p in learner_dir.iterdir()] == ["quiz_answers.toml"]


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_the_answer_feedback_shows_and_4_figures_of_it_are_right(topic_id: str) -> None:
    # The feedback shows format_number(answer): typed back, it must be right, whatever the
    # question's own tolerance.
    bank = quiz_bank.require_bank(topic_id, None)
    for question in bank.questions:
        if question.kind != "number":
            continue
        for learner in (f"learner-{n}" for n in range(40)):
            expected = quiz._variant(bank, question.id, learner).correct
            for shown in (quiz.format_number(expected), f"{expected:#.4g}"):
                assert quiz.grade(bank, question.id, shown, learner).correct, (
                    f"{topic_id}.{question.id} for {learner}: {shown} for {expected!r}")
