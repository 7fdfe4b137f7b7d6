"""Quizzes: each learner's variant of a question, reading and grading answers, the quiz
itself, and the authoring check of a bank.

This module returns data and never prints: `run_quiz` talks through the `ask`/`tell`
callbacks it is given, so the CLI decides how questions look on a terminal. Banks are
parsed by `checker.quiz_bank`; answers are kept by `checker.quiz_answers`.

Variants: with
    seed = int.from_bytes(sha256(f"{learner}\\x1f{topic}\\x1f{question}".encode()).digest()[:8],
                          "big")
the values function gets numpy.random.default_rng(seed) and shuffled options take the order
of default_rng([seed, 1]).permutation(n), so every learner id gets its own numbers and
option order, and grading reproduces exactly what was shown.

Reading answers: a choice is answered by its letter (or the option's text), several choices
by letters ("a, c", "a c" or "ac"), a number in Python's float syntax, a short answer as
text compared ignoring case, surrounding spaces, quotes or backticks and a trailing "()"
(`checker.quiz_bank.normalise_text`), with a module alias such as `sp.` read as its module
and a call such as `linalg.lstsq(A, b)` as the function it calls.
A several-choices question scores only when exactly right. A number is right within the
question's tolerance, or when it is the answer correctly rounded to the places typed, to 4
significant figures or more.
"""

from __future__ import annotations

import hashlib
import math
import re
import string
import textwrap
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from checker.errors import AuthoringError, Interrupted, UsageProblem
from checker.manifest import load_manifest
from checker.quiz_answers import (
    ANSWERS_FILE,
    REFERENCE_LEARNER,
    Answers,
    AnswersFileError,
    answers_path,
    answers_to_add_to,
    load_answers,
    not_graded_summary,
    save_answers,
)
from checker.quiz_bank import (
    Bank,
    Question,
    bank_path,
    closest,
    load_bank,
    normalise_text,
    require_bank,
    resolve_values,
    text_answer_readings,
)
from checker.wording import plural

MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MAX_ATTEMPTS = 3            # unreadable answers in a row before run_quiz moves on
SELF_CHECK_LEARNERS = tuple(f"self-check-{n}" for n in range(6))

_LETTERS = string.ascii_lowercase
_HOW_TO_ANSWER = {
    "choice": "Type the letter of one option.",
    "choices": "Type the letters of ALL the correct options, e.g. a, c.",
    "number": ("Type a number (like 0.25 or 1.5e-3); rounded to 4 significant figures or "
               "more is right."),
    "text": "Type a short answer (like a function name).",
}




@dataclass(frozen=True)
class QuestionView:
    """What the display shows for one question, as this learner's variant."""

    topic_id: str
    question_id: str
    number: int                   # 1-based position among the questions asked
    total: int
    kind: str
    prompt: str
    options: tuple[str, ...]      # in the order shown, labelled by `letters`
    letters: tuple[str, ...]
    points: int
    how_to_answer: str
    previous: str | None = None   # the answer saved earlier, if any

    @property
    def labelled_options(self) -> tuple[str, ...]:
        return tuple(f"{letter}) {text}" for letter, text in zip(self.letters, self.options))


@dataclass(frozen=True)
class GradeResult:
    question_id: str
    kind: str
    correct: bool
    score: float
    max_score: float
    given: str                    # the answer as understood ("" when unreadable)
    expected: str                 # the right answer, as text
    explanation: str
    problem: str | None = None    # why the answer could not be read, if it could not


@dataclass(frozen=True)
class _Variant:
    prompt: str
    options: tuple[str, ...]      # in the order shown
    correct: Any                  # choice(s): frozenset of shown indices; number: float;
    explanation: str              # text: tuple of normalised accepted answers
    expected: str


# --------------------------------------------------------------------------- variants


def variant_seed(learner_id: str, topic_id: str, question_id: str) -> int:
    """The stable seed of one learner's variant of one question (not Python's hash())."""
    key = "\x1f".join((learner_id, topic_id, question_id)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def _format(template: str, values: Mapping[str, Any] | None, bank: Bank,
            question: Question) -> str:
    if values is None:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise AuthoringError(f"{bank.path}: question {question.id!r}: cannot fill "
                             f"{template[:40]!r} from values: {exc!r}") from None


def format_number(value: float) -> str:
    return f"{value:.6g}"


@lru_cache(maxsize=4096)       # bounded: `course grade` renders variants for many learners
def _variant_cached(bank: Bank, question_id: str, learner_id: str) -> _Variant:
    question = bank.question(question_id)
    seed = variant_seed(learner_id, bank.topic_id, question.id)

    def fail(message: str) -> AuthoringError:
        return AuthoringError(f"{bank.path}: question {question.id!r}: {message}")

    values: dict[str, Any] | None = None
    if question.values is not None:
        function = resolve_values(question.values, bank.path, f"question {question.id!r}")
        try:
            values = function(np.random.default_rng(seed))
        except Exception as exc:  # an authoring bug: say where, never a learner's traceback
            raise fail(f"values function {question.values!r} failed: {exc!r}") from None
        if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
            raise fail(f"values function {question.values!r} must return a dict with str keys")
    if question.answer is not None and values is not None and "answer" in values:
        raise fail("the answer is given both in the bank and by the values function")
    raw_answer = question.answer if question.answer is not None else (values or {}).get("answer")
    if raw_answer is None:
        raise fail(f"values function {question.values!r} returned no 'answer'")
    prompt = _format(question.prompt, values, bank, question)
    explanation = _format(question.explanation, values, bank, question)

    if question.kind in ("choice", "choices"):
        options = [_format(o, values, bank, question) for o in question.options]
        if len(set(options)) != len(options):
            raise fail(f"two options are the same once filled in: {options}")
        wanted = [raw_answer] if question.kind == "choice" else raw_answer
        if not isinstance(wanted, (list, tuple)) or not wanted:
            raise fail(f"a choices answer must be a non-empty list of options, "
                       f"not {raw_answer!r}")
        indices = set()
        for item in wanted:
            if isinstance(item, (int, np.integer)) and not isinstance(item, bool) \
                    and 0 <= item < len(options):
                indices.add(int(item))
            elif isinstance(item, str):
                filled = _format(item, values, bank, question) if question.answer is not None \
                    else item
                if filled not in options:
                    raise fail(f"the answer {filled!r} is not among the options {options}")
                indices.add(options.index(filled))
            else:
                raise fail(f"the answer {item!r} is not an option's text or index")
        order = list(range(len(options)))
        if question.shuffle:
            order = [int(i) for i in np.random.default_rng([seed, 1]).permutation(len(options))]
        shown = tuple(options[i] for i in order)
        correct = frozenset(order.index(i) for i in indices)
        expected = "; ".join(f"{_LETTERS[i]}) {shown[i]}" for i in sorted(correct))
        return _Variant(prompt, shown, correct, explanation, expected)
    if question.kind == "number":
        if isinstance(raw_answer, (bool, str)) or not isinstance(raw_answer,
                                                                 (int, float, np.number)):
            raise fail(f"a number answer must be a number, not {raw_answer!r}")
        number = float(raw_answer)
        if not math.isfinite(number):
            raise fail(f"the answer {number!r} is not finite")
        return _Variant(prompt, (), number, explanation, format_number(number))
    accepted = [raw_answer] if isinstance(raw_answer, str) else raw_answer
    if not isinstance(accepted, (list, tuple)) or not accepted \
            or not all(isinstance(a, str) for a in accepted):
        raise fail(f"a text answer must be a string or a list of strings, not {raw_answer!r}")
    filled = [_format(a, values, bank, question) if question.answer is not None else a
              for a in accepted]
    normalised = tuple(normalise_text(a) for a in filled)
    if not all(normalised):
        raise fail("an accepted answer is empty")
    return _Variant(prompt, (), normalised, explanation, filled[0].strip())


def _variant(bank: Bank, question_id: str, learner_id: str) -> _Variant:
    return _variant_cached(bank, question_id, learner_id)


def render(bank: Bank, question_id: str, learner_id: str, *, previous: str | None = None,
           number: int | None = None, total: int | None = None) -> QuestionView:
    """This learner's variant of one question, ready for the display."""
    question = bank.question(question_id)
    variant = _variant(bank, question_id, learner_id)
    position = bank.question_ids.index(question_id) + 1
    return QuestionView(
        topic_id=bank.topic_id, question_id=question.id,
        number=position if number is None else number,
        total=len(bank.questions) if total is None else total,
        kind=question.kind, prompt=variant.prompt, options=variant.options,
        letters=tuple(_LETTERS[:len(variant.options)]), points=question.points,
        how_to_answer=_HOW_TO_ANSWER[question.kind], previous=previous)


# A question's text beside its id in what grading writes, on one line (an id alone, such as
# `pvalue_decision`, did not say which question it was).
QUESTION_LINE_WIDTH = 80


def question_line(topic_id: str, question_id: str, learner_id: str) -> str:
    """The question's prompt as `learner_id` was shown it, cut to one short line."""
    prompt = _variant(require_bank(topic_id, None), question_id, learner_id).prompt
    return textwrap.shorten(prompt, QUESTION_LINE_WIDTH, placeholder=" …")


def format_question(view: QuestionView) -> str:
    """Plain text of a question, for a display that wants no layout of its own."""
    lines = [f"Question {view.number}/{view.total} ({plural(view.points, 'point')})",
             view.prompt.rstrip()]
    lines += [f"  {option}" for option in view.labelled_options]
    lines.append(view.how_to_answer)
    if view.previous is not None:
        lines.append(f"Your saved answer: {view.previous} (press Enter to keep it)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading answers


def _parse_letters(answer: str, count: int, several: bool) -> tuple[frozenset[int] | None,
                                                                       str | None]:
    text = answer.strip().lower()
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    parts = [p.strip("().") for p in parts]
    if several and len(parts) == 1 and len(parts[0]) > 1 and parts[0].isalpha():
        parts = list(parts[0])
    valid = _LETTERS[:count]
    choices = ", ".join(valid)
    wrong = list(dict.fromkeys(p for p in parts if not (len(p) == 1 and p in valid)))
    if not parts or any(len(p) != 1 for p in wrong):
        return None, (f"answer with {'letters' if several else 'a letter'} of this question's "
                      f"choices ({choices})")
    if wrong:
        # Named, with the letters there are: "answer with letters from a to e" left a
        # hand-edited "f" for the learner to find.
        named = ", ".join(repr(p) for p in wrong)
        verb = "is not one of" if len(wrong) == 1 else "are not among"
        return None, f"{named} {verb} this question's choices ({choices})"
    if not several and len(parts) != 1:
        return None, "this question has one right option: answer with a single letter"
    return frozenset(valid.index(p) for p in parts), None


# A number answer is also right when it is the answer correctly rounded to the digits typed,
# given at least this many significant figures: a learner copying 6 figures from a
# calculator or rounding to 4 should not depend on how tight a question's tolerance is.
MIN_SIGNIFICANT_FIGURES = 4


def _rounded_correctly(text: str, expected: float) -> bool:
    """Whether `text` (a number as typed) is `expected` rounded to the places it shows, with
    at least MIN_SIGNIFICANT_FIGURES significant figures: 1040.74 for 1040.7368, and
    0.351562 or 0.351563 for 0.3515625; not 46.6 for 46.5517 (3 figures)."""
    try:
        typed = Decimal(_number_text(text))
    except InvalidOperation:
        return False
    if not typed.is_finite():
        return False
    digits = typed.as_tuple().digits
    significant = len(digits) - next((i for i, d in enumerate(digits) if d), len(digits))
    if significant < MIN_SIGNIFICANT_FIGURES:
        return False
    half_unit = Decimal(5).scaleb(typed.as_tuple().exponent - 1)
    # Exact decimal arithmetic on the expected float, so that a tie is a tie.
    return abs(typed - Decimal(expected)) <= half_unit


def _number_text(answer: str) -> str:
    return answer.strip().replace("\u2212", "-")  # a typographic minus, pasted from a page


def _parse_number(answer: str) -> tuple[float | None, str | None]:
    text = _number_text(answer)
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        return None, "write the decimal point as a dot, e.g. 0.25"
    try:
        number = float(text)
    except ValueError:
        return None, f"{text!r} is not a number (write e.g. 0.25 or 1.5e-3)"
    if not math.isfinite(number):
        return None, "answer with a finite number"
    return number, None


def answer_problem(view_or_question: QuestionView | Question, answer: str) -> str | None:
    """Why `answer` cannot be read for this question (None when it can): for re-asking."""
    kind = view_or_question.kind
    if not answer.strip():
        return "the answer is empty"
    if kind in ("choice", "choices"):
        count = len(view_or_question.options)
        if _parse_letters(answer, count, kind == "choices")[1] is None:
            return None
        if kind == "choice" and isinstance(view_or_question, QuestionView) and any(
                normalise_text(answer) == normalise_text(o) for o in view_or_question.options):
            return None
        return _parse_letters(answer, count, kind == "choices")[1]
    if kind == "number":
        return _parse_number(answer)[1]
    return None


def answer_problems(bank: Bank, given: Mapping[str, str],
                    learner_id: str | None = None) -> list[str]:
    """One line per answer of `given` (question id -> answer as typed) that cannot count: an
    id the bank does not have (with the one it most likely means), a letter that is not one
    of the question's choices (naming those it has), a number that is none. The one check of
    answers that did not come from `run_quiz`: an answers file given to `course quiz
    --answers`, and a hand-edited quiz_answers.toml (`answers_file_notes`).

    With `learner_id`, a choice is read against that learner's variant, whose options' text
    may answer it; without, against the bank's question, as before the answers are saved."""
    problems = []
    for question_id, answer in given.items():
        if question_id not in bank.question_ids:
            problems.append(bank.unknown_question(question_id))
            continue
        asked = (bank.question(question_id) if learner_id is None
                 else render(bank, question_id, learner_id))
        if (problem := answer_problem(asked, answer)) is not None:
            problems.append(f"{bank.topic_id}.{question_id}: {problem}")
    return problems


def grade(bank: Bank, question_id: str, answer: str, learner_id: str) -> GradeResult:
    """Grade one answer against the learner's own variant of the question."""
    question = bank.question(question_id)
    variant = _variant(bank, question_id, learner_id)

    def result(correct: bool, given: str, problem: str | None = None) -> GradeResult:
        expected = variant.expected
        if question.kind == "number":
            expected += _tolerance_text(question, variant.correct)
        return GradeResult(question_id=question.id, kind=question.kind, correct=correct,
                           score=float(question.points) if correct else 0.0,
                           max_score=float(question.points), given=given, expected=expected,
                           explanation=variant.explanation, problem=problem)

    if question.kind in ("choice", "choices"):
        chosen, problem = _parse_letters(answer, len(variant.options),
                                         question.kind == "choices")
        if chosen is None and question.kind == "choice":
            matches = [i for i, o in enumerate(variant.options)
                       if normalise_text(o) == normalise_text(answer)]
            if matches:
                chosen, problem = frozenset(matches[:1]), None
        if chosen is None:
            return result(False, "", problem)
        given = ", ".join(_LETTERS[i] for i in sorted(chosen))
        return result(chosen == variant.correct, given)
    if question.kind == "number":
        number, problem = _parse_number(answer)
        if number is None:
            return result(False, "", problem)
        expected = variant.correct
        close = math.isclose(number, expected, rel_tol=question.rel_tol,
                             abs_tol=question.abs_tol) or _rounded_correctly(answer, expected)
        return result(close, format_number(number))
    given = normalise_text(answer)
    if not given:
        return result(False, "", "the answer is empty")
    return result(not text_answer_readings(given).isdisjoint(variant.correct), answer.strip())


def _tolerance_text(question: Question, expected: float) -> str:
    allowed = max(question.abs_tol, question.rel_tol * abs(expected))
    return f" (± {allowed:.2g})"


def format_feedback(result: GradeResult) -> str:
    """Plain text telling the learner how an answer went, then the explanation."""
    if result.problem is not None:
        head = f"Could not read that answer: {result.problem}."
    elif result.correct:
        head = f"Correct (+{result.score:g})."
    else:
        head = f"Not quite. The answer: {result.expected}"
    return f"{head}\n{result.explanation.strip()}"



def record_answers(topic_id: str, folder: Path, given: Mapping[str, str],
                   quizzes_dir: Path | None = None) -> list[GradeResult]:
    """Save several answers to one topic in one write (re-reading the file first, so
    nothing saved meanwhile is lost) and grade them, in bank order."""
    bank = require_bank(topic_id, quizzes_dir)
    if problems := answer_problems(bank, given):
        raise UsageProblem("\n".join(problems))
    answers = answers_to_add_to(folder)
    for question_id, answer in given.items():
        answers.set(topic_id, question_id, answer)
    save_answers(folder, answers)
    return [grade(bank, q, given[q], answers.learner) for q in bank.question_ids if q in given]


# --------------------------------------------------------------------------- answer files


def _answer_file_text(value: Any, question: Question) -> str | None:
    """The answer text for one value of an answers file, None when its type is wrong."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if question.kind == "number" and isinstance(value, (int, float)):
        return repr(value)
    if question.kind == "choices" and isinstance(value, list) and value \
            and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value)
    return None


def load_answer_file(path: Path, topic_id: str,
                     quizzes_dir: Path | None = None) -> dict[str, str]:
    """Answers to `topic_id`'s quiz from a TOML file (`course quiz TOPIC --answers FILE`),
    checked against the bank: returns {question id: answer text}.

    Two layouts: `question_id = answer` lines at the top, or that of quiz_answers.toml,
    whose `[TOPIC]` table is taken (other topics' tables and its `learner` line are left
    alone: the answers are saved under this workspace's learner id). A choice takes "b";
    several choices "a, c" or ["a", "c"]; a number 0.25 or "0.25"; a short answer a string.
    Any problem raises UsageProblem (exit 2), a line per problem, before anything is
    saved."""
    path = Path(path)
    bank = require_bank(topic_id, quizzes_dir)
    example = f'{bank.question_ids[0]} = "b"'
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageProblem(f"no answers file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageProblem(f"cannot read {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageProblem(f"{path} is not TOML: {exc} (write lines like: {example})") from None
    table = _topic_table(data, topic_id, path)
    if not table:
        raise UsageProblem(f"{path} holds no answers (write lines like: {example})")
    answers: dict[str, str] = {}
    problems: list[str] = []
    for question_id, value in table.items():
        if question_id not in bank.question_ids:
            answers[question_id] = ""  # answer_problems names the unknown id
            continue
        question = bank.question(question_id)
        answer = _answer_file_text(value, question)
        if answer is None:
            wanted = {"choice": 'a letter string like "b"',
                      "choices": 'letters like "a, c" or ["a", "c"]',
                      "number": "a number", "text": "a string"}[question.kind]
            problems.append(f"{topic_id}.{question_id} must be {wanted}, "
                            f"not {type(value).__name__}")
        else:
            answers[question_id] = answer
    problems += answer_problems(bank, answers)
    if problems:
        raise UsageProblem("\n".join(f"{path}: {problem}" for problem in problems))
    return answers


def _topic_table(data: dict[str, Any], topic_id: str, path: Path) -> dict[str, Any]:
    """The answers of `data` (a parsed answers file) to `topic_id`'s quiz: all of it in the
    flat layout; its [topic_id] table in quiz_answers.toml's."""
    tables = [name for name, value in data.items() if isinstance(value, dict)]
    if not tables:
        return data
    loose = [name for name, value in data.items()
             if not isinstance(value, dict) and name != "learner"]
    if loose:
        raise UsageProblem(f"{path} has answers at the top ({', '.join(loose)}) and tables "
                           f"({_tables(tables)}): write the {topic_id} answers in one layout")
    if topic_id not in tables:
        raise UsageProblem(f"{path} has no [{topic_id}] table, only {_tables(tables)}: add "
                           f"[{topic_id}] with its answers, or write them at the top as "
                           "question_id = answer lines")
    return data[topic_id]


def _tables(names: Iterable[str]) -> str:
    return ", ".join(f"[{name}]" for name in names)


# --------------------------------------------------------------------------- scores and loop


def summarise(bank: Bank, answers: Answers) -> dict[str, Any]:
    score, answered = 0.0, 0
    for question in bank.questions:
        given = answers.get(bank.topic_id, question.id)
        if given is None:
            continue
        answered += 1
        score += grade(bank, question.id, given, answers.learner).score
    return {"score": score, "max_score": bank.max_score, "answered": answered,
            "questions": len(bank.questions)}


def quiz_summary(topic_id: str, folder: Path, *, lenient: bool = False,
                 quizzes_dir: Path | None = None) -> dict[str, Any] | None:
    """{"score", "max_score", "answered", "questions"} of the answers in `folder`, or None
    when the topic has no bank. A missing folder or file counts as nothing answered.

    A corrupt answers file raises AnswersFileError; with lenient=True (batch grading) it
    counts as nothing answered and the summary gains a "message" saying why, in words for
    the learner that name no folder (a grader's scratch folder means nothing to them)."""
    bank = load_bank(topic_id, quizzes_dir)
    if bank is None:
        return None
    try:
        answers = load_answers(Path(folder))
    except AnswersFileError as exc:
        if not lenient:
            raise
        return not_graded_summary(bank.max_score, len(bank.questions),
                                  f"your {ANSWERS_FILE} could not be read: {exc.reason}; "
                                  "your quiz answers were not graded")
    summary = summarise(bank, answers)
    if notes := answers_file_notes(answers, bank):
        summary["notes"] = notes
    return summary


def answers_file_notes(answers: Answers, bank: Bank) -> list[str]:
    """What in a learner's answers file scores nothing, a line each, for the summary of
    `bank`'s topic: answers of its table that cannot count (`answer_problems`), then tables
    named after no topic of the course. Those concern every topic (one file serves them
    all), so every summary carries them; `checker.quiz_answers.answer_notes` says each once.
    Answers that cannot count score nothing rather than stop a check or a grade."""
    problems = answer_problems(bank, answers.topics.get(bank.topic_id, {}), answers.learner)
    return problems + _unknown_topic_notes(answers, bank.topic_id)


def _unknown_topic_notes(answers: Answers, topic_id: str) -> list[str]:
    known = sorted({topic.id for topic in load_manifest().topics} | {topic_id})
    notes = []
    for name, table in answers.topics.items():
        if table and name not in known:
            close = closest(name, known)
            guess = f"; did you mean [{close}]?" if close else " (`course list` names them)"
            notes.append(f"[{name}] is not a topic of the course{guess}")
    return notes


def question_results(topic_id: str, folder: Path,
                     quizzes_dir: Path | None = None) -> list[dict[str, Any]] | None:
    """Per question of the bank, how the saved answer scores (for feedback to a learner or
    an instructor): id, answered, correct, score, max_score, given, expected. None when the
    topic has no bank; a corrupt answers file raises AnswersFileError."""
    bank = load_bank(topic_id, quizzes_dir)
    if bank is None:
        return None
    answers = load_answers(Path(folder))
    rows = []
    for question in bank.questions:
        given = answers.get(topic_id, question.id)
        if given is None:
            rows.append({"id": question.id, "answered": False, "correct": False, "score": 0.0,
                         "max_score": float(question.points), "given": None,
                         "expected": None})
            continue
        result = grade(bank, question.id, given, answers.learner)
        rows.append({"id": question.id, "answered": True, "correct": result.correct,
                     "score": result.score, "max_score": result.max_score, "given": given,
                     "expected": result.expected})
    return rows


def run_quiz(topic_id: str, folder: Path, ask: Callable[[QuestionView], str],
             tell: Callable[[str], None], only: Iterable[str] | None = None,
             quizzes_dir: Path | None = None) -> dict[str, Any]:
    """Ask the topic's questions (or the `only` ones) and save each answer at once.

    `ask(view)` returns the learner's answer; an empty answer keeps the saved one (or skips),
    an unreadable one is explained through `tell` and asked again (up to MAX_ATTEMPTS), and
    EOFError from `ask` ends the quiz early, KeyboardInterrupt too but as `Interrupted`
    (exit 130). Every answer read is saved before its feedback is
    told, so stopping half way loses nothing. Returns the topic's summary (see quiz_summary).
    """
    bank = require_bank(topic_id, quizzes_dir)
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageProblem(f"no folder {folder} (use --path to point at your topic files)")
    selected = list(bank.question_ids) if only is None else list(dict.fromkeys(only))
    for question_id in selected:
        bank.question(question_id)
    if not selected:
        raise UsageProblem(f"no questions selected; the {topic_id} quiz has: "
                           f"{', '.join(bank.question_ids)}")
    answers = answers_to_add_to(folder)
    learner = answers.learner
    tell(f"{bank.title}: {len(selected)} question{'s' if len(selected) != 1 else ''}. "
         f"Press Enter to skip one (a saved answer stays); answers are saved in "
         f"{answers_path(folder)}.")
    for number, question_id in enumerate(selected, start=1):
        view = render(bank, question_id, learner, previous=answers.get(topic_id, question_id),
                      number=number, total=len(selected))
        for _attempt in range(MAX_ATTEMPTS):
            try:
                reply = ask(view)
            except EOFError:
                tell("Quiz stopped; the answers given so far are saved.")
                return _final(bank, folder, tell)
            except KeyboardInterrupt:
                _final(bank, folder, tell)
                raise Interrupted("Quiz stopped by Ctrl-C; the answers given so far are "
                                  "saved.") from None
            if not reply.strip():
                tell("Skipped." if view.previous is None else "Kept your saved answer.")
                break
            problem = answer_problem(view, reply)
            if problem is not None:
                tell(f"Could not read that answer: {problem}.")
                continue
            fresh = load_answers(folder)
            if fresh.learner != learner:
                raise AnswersFileError(f"{answers_path(folder)} changed while the quiz ran "
                                       "(another learner id); run the quiz again")
            fresh.set(topic_id, question_id, reply.strip())
            save_answers(folder, fresh)
            answers = fresh
            tell(format_feedback(grade(bank, question_id, reply, learner)))
            break
        else:
            tell("Moving on; this question keeps its saved answer, if any.")
    return _final(bank, folder, tell)


def _final(bank: Bank, folder: Path, tell: Callable[[str], None]) -> dict[str, Any]:
    summary = summarise(bank, load_answers(folder))
    tell(f"Quiz score for {bank.topic_id}: {summary['score']:g}/{summary['max_score']:g} "
         f"({summary['answered']}/{summary['questions']} answered).")
    return summary


# --------------------------------------------------------------------------- authoring check


def right_answer(bank: Bank, question_id: str, learner_id: str) -> str:
    """The reply that a learner `learner_id` would type to get `question_id` right."""
    return _right_answer(_variant(bank, question_id, learner_id),
                         bank.question(question_id).kind)


def reference_answers(topic_ids: Iterable[str], learner_id: str = REFERENCE_LEARNER,
                      quizzes_dir: Path | None = None) -> Answers:
    """Right answers to every question of the topics' banks, as one answers file."""
    answers = Answers(learner=learner_id, topics={})
    for topic_id in topic_ids:
        bank = load_bank(topic_id, quizzes_dir)
        if bank is None:
            continue
        for question in bank.questions:
            answers.set(topic_id, question.id, right_answer(bank, question.id, learner_id))
    return answers


def _right_answer(variant: _Variant, kind: str) -> str:
    if kind in ("choice", "choices"):
        return ", ".join(_LETTERS[i] for i in sorted(variant.correct))
    if kind == "number":
        return repr(variant.correct)
    return variant.expected


def _wrong_answers(variant: _Variant, question: Question) -> list[str]:
    kind = question.kind
    if kind in ("choice", "choices"):
        letters = _LETTERS[:len(variant.options)]
        right = [letters[i] for i in sorted(variant.correct)]
        others = [letter for letter in letters if letter not in right]
        if kind == "choice":
            return others
        wrong = [", ".join(right + others[:1])] if others else []
        if len(right) > 1:
            wrong.append(", ".join(right[:-1]))
        return wrong + others[:1]
    if kind == "number":
        allowed = max(question.abs_tol, question.rel_tol * abs(variant.correct))
        step = max(3 * allowed, 0.5 * abs(variant.correct), 1e-300)
        return [repr(variant.correct + step), repr(variant.correct - step)]
    return ["not " + variant.expected, variant.expected + "x"]


def self_check(topic_id: str, quizzes_dir: Path | None = None) -> list[str]:
    """Authoring problems of one topic's bank (for `course verify`): it loads, has 5 to 8
    questions, and for several learner ids every variant accepts its own right answer (as
    letters, and as option text for one choice) and refuses wrong ones."""
    path = bank_path(topic_id, quizzes_dir)
    try:
        bank = load_bank(topic_id, quizzes_dir)
    except AuthoringError as exc:
        return [exc.message]
    if bank is None:
        return [f"{topic_id}: no quiz bank ({path})"]
    problems: list[str] = []
    if not MIN_QUESTIONS <= len(bank.questions) <= MAX_QUESTIONS:
        problems.append(f"{path}: a quiz has {MIN_QUESTIONS} to {MAX_QUESTIONS} questions, "
                        f"not {len(bank.questions)}")
    for question in bank.questions:
        where = f"{path}: question {question.id!r}"
        for learner in SELF_CHECK_LEARNERS:
            try:
                variant = _variant(bank, question.id, learner)
                right = _right_answer(variant, question.kind)
                if not grade(bank, question.id, right, learner).correct:
                    problems.append(f"{where}: its right answer {right!r} is refused "
                                    f"(learner {learner!r})")
                if question.kind == "choice":
                    text = variant.options[min(variant.correct)]
                    if not grade(bank, question.id, f"  {text.upper()} ", learner).correct:
                        problems.append(f"{where}: the right option's text is refused")
                for wrong in _wrong_answers(variant, question):
                    if grade(bank, question.id, wrong, learner).correct:
                        problems.append(f"{where}: the wrong answer {wrong!r} is accepted "
                                        f"(learner {learner!r})")
                if question.kind == "choices" and len(variant.correct) == len(variant.options):
                    problems.append(f"{where}: every option is right")
                if question.kind == "number" and question.rel_tol >= 0.5:
                    problems.append(f"{where}: rel_tol {question.rel_tol} accepts nearly "
                                    "anything")
            except AuthoringError as exc:
                problems.append(exc.message)
                break
    return list(dict.fromkeys(problems))
