"""Quizzes: question banks, per-learner variants, grading, and the learner's answers file.

This module returns data and never prints: `run_quiz` talks through the `ask`/`tell`
callbacks it is given, so the CLI decides how questions look on a terminal.

Question banks (`checker/quizzes/<topic id>.toml`), format 1::

    format = 1
    title = "Statistics"              # optional, shown when the quiz starts

    [[questions]]
    id = "pvalue_meaning"             # lowercase identifier, unique in the bank
    kind = "choice"                   # choice | choices | number | text
    points = 1                        # optional, a positive integer (default 1)
    prompt = "What does ...?"
    options = ["...", "..."]          # choice, choices: 2 to 10 distinct texts
    shuffle = true                    # optional (choice, choices): options in a per-learner order
    answer = "..."                    # choice: one option's text; choices: a list of option texts;
                                      # number: a float; text: a string or a list of them
    abs_tol = 0.01                    # number: an absolute and/or a relative tolerance;
    rel_tol = 1e-3                    #   the answer counts when within either of them
    values = "stats_ttest_decision"   # optional: a function computing this question's numbers
    explanation = "Shown after answering, right or wrong."

`values` names a function of `checker/quiz_values.py` (or "package.module:function") taking a
`numpy.random.Generator` and returning a dict of str keys. With it, `prompt`, `options`,
`explanation` and a string `answer` are `str.format` templates filled from that dict (write
`{{` for a literal brace), and `answer` may be left out: then the dict's "answer" key gives it
(a float for number, a string or list of strings for text, an option's text - or its index
in `options` - for choice, a list of these for choices). That is how numbers that come from
SciPy (a CODATA constant, a p-value) are computed at run time, never typed into a bank.

Prompts and explanations may be wrapped at any width: the lines of a paragraph are joined
(see `reflow`); a blank line separates paragraphs, and an indented line keeps its own line.

Variants: with
    seed = int.from_bytes(sha256(f"{learner}\\x1f{topic}\\x1f{question}".encode()).digest()[:8],
                          "big")
the values function gets numpy.random.default_rng(seed) and shuffled options take the order
of default_rng([seed, 1]).permutation(n), so every learner id gets its own numbers and
option order, and grading reproduces exactly what was shown.

Answers: a learner's answers file is `quiz_answers.toml` in the folder holding the topic
files (so it is submitted with the code)::

    learner = "9f3c0a..."             # random hex, created on the first save
    [stats]
    pvalue_meaning = "b"              # exactly what the learner answered, as text

A choice is answered by its letter (or the option's text), several choices by letters
("a, c", "a c" or "ac"), a number in Python's float syntax, a short answer as text compared
ignoring case, surrounding spaces, quotes or backticks and a trailing "()". A several-choices
question scores only when exactly right. Writes are atomic (temporary file + os.replace);
answers of other topics and questions are kept. A file that cannot be read as an answers
file is never overwritten: `AnswersFileError` (a CourseError: one line, exit 1) says where it
is broken, and the learner fixes or moves it. A file with answers but no `learner` line uses
the learner id "" (stable, so grading stays reproducible).
"""

from __future__ import annotations

import hashlib
import importlib
import math
import re
import secrets
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from checker.errors import AuthoringError, CourseError, UsageProblem
from checker.files import atomic_write_text
from checker.paths import QUIZZES_DIR

BANK_FORMAT = 1
ANSWERS_FILE = "quiz_answers.toml"
KINDS = ("choice", "choices", "number", "text")
VALUES_MODULE = "checker.quiz_values"
MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MAX_ATTEMPTS = 3            # unreadable answers in a row before run_quiz moves on
SELF_CHECK_LEARNERS = tuple(f"self-check-{n}" for n in range(6))

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_LETTERS = string.ascii_lowercase
_BANK_KEYS: dict[str, type | tuple[type, ...]] = {"format": int, "title": str, "questions": list}
_QUESTION_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str, "kind": str, "points": int, "prompt": str, "options": list, "shuffle": bool,
    "answer": (str, list, int, float), "abs_tol": (int, float), "rel_tol": (int, float),
    "values": str, "explanation": str,
}
_REQUIRED = ("id", "kind", "prompt", "explanation")
_HOW_TO_ANSWER = {
    "choice": "Type the letter of one option.",
    "choices": "Type the letters of ALL the correct options, e.g. a, c.",
    "number": "Type a number (like 0.25 or 1.5e-3).",
    "text": "Type a short answer (like a function name).",
}


class AnswersFileError(CourseError):
    """The learner's quiz answers file cannot be read; it is left untouched."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    explanation: str
    points: int = 1
    options: tuple[str, ...] = ()
    shuffle: bool = True
    answer: Any = None            # as written in the bank (None: from `values`)
    abs_tol: float = 0.0
    rel_tol: float = 0.0
    values: str | None = None


@dataclass(frozen=True)
class Bank:
    topic_id: str
    path: Path
    title: str
    questions: tuple[Question, ...]

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise UsageProblem(f"the {self.topic_id} quiz has no question {question_id!r}; "
                           f"it has: {', '.join(self.question_ids)}")


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


@dataclass
class Answers:
    learner: str
    topics: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, topic_id: str, question_id: str) -> str | None:
        return self.topics.get(topic_id, {}).get(question_id)

    def set(self, topic_id: str, question_id: str, answer: str) -> None:
        self.topics.setdefault(topic_id, {})[question_id] = answer


@dataclass(frozen=True)
class _Variant:
    prompt: str
    options: tuple[str, ...]      # in the order shown
    correct: Any                  # choice(s): frozenset of shown indices; number: float;
    explanation: str              # text: tuple of normalised accepted answers
    expected: str


# --------------------------------------------------------------------------- bank loading


def _fail(path: Path, where: str, message: str) -> AuthoringError:
    return AuthoringError(f"{path}: {where}: {message}")


def _check_type(value: Any, kind: type | tuple[type, ...], key: str, path: Path,
                where: str) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    else:
        ok = isinstance(value, kinds)
    if not ok:
        names = " or ".join(k.__name__ for k in kinds)
        raise _fail(path, where, f"{key!r} must be {names}, not {type(value).__name__}")


def _template_fields(text: str, path: Path, where: str) -> None:
    try:
        list(string.Formatter().parse(text))
    except ValueError as exc:
        raise _fail(path, where, f"bad template {text[:40]!r}: {exc} "
                                 "(write {{ and }} for literal braces)") from None


def _resolve_values(name: str, path: Path, where: str) -> Callable[..., Any]:
    module_name, _, function_name = name.rpartition(":")
    module_name = module_name or VALUES_MODULE
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise _fail(path, where, f"values module {module_name!r} cannot be imported: {exc}") \
            from None
    function = getattr(module, function_name, None)
    if not callable(function):
        raise _fail(path, where, f"no function {function_name!r} in {module_name}")
    return function


def reflow(text: str) -> str:
    """Join the wrapped lines of each paragraph, so banks can be written at 100 columns.

    Paragraphs are separated by a blank line; a line that starts with a space (code, a list)
    keeps its own line."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not line[:1].isspace():
                lines[-1] = lines[-1].rstrip() + " " + line.strip()
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _parse_question(table: Any, index: int, path: Path) -> Question:
    where = f"question #{index + 1}"
    if not isinstance(table, dict):
        raise _fail(path, where, "each question must be a table ([[questions]])")
    if isinstance(table.get("id"), str):
        where = f"question #{index + 1} ({table['id']!r})"
    unknown = sorted(set(table) - set(_QUESTION_KEYS))
    if unknown:
        raise _fail(path, where, f"unknown key {unknown[0]!r} "
                                 f"(allowed: {', '.join(sorted(_QUESTION_KEYS))})")
    for key in _REQUIRED:
        if key not in table:
            raise _fail(path, where, f"missing key {key!r}")
    for key, value in table.items():
        _check_type(value, _QUESTION_KEYS[key], key, path, where)
    question_id, kind = table["id"], table["kind"]
    if not _IDENTIFIER.match(question_id):
        raise _fail(path, where, "id must be a lowercase identifier")
    if kind not in KINDS:
        raise _fail(path, where, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    points = table.get("points", 1)
    if points <= 0:
        raise _fail(path, where, "points must be positive")
    for key in ("prompt", "explanation"):
        if not table[key].strip():
            raise _fail(path, where, f"{key!r} is empty")
    values = table.get("values")
    if values is not None:
        _resolve_values(values, path, where)
        for key in ("prompt", "explanation"):
            _template_fields(table[key], path, where)
    has_answer = "answer" in table
    if not has_answer and values is None:
        raise _fail(path, where, "missing key 'answer' (or 'values' computing it)")
    answer = table.get("answer")
    options: tuple[str, ...] = ()

    if kind in ("choice", "choices"):
        for key in ("abs_tol", "rel_tol"):
            if key in table:
                raise _fail(path, where, f"{key!r} is only for number questions")
        raw_options = table.get("options")
        if raw_options is None:
            raise _fail(path, where, f"a {kind} question needs 'options'")
        if not all(isinstance(o, str) and o.strip() for o in raw_options):
            raise _fail(path, where, "options must be non-empty strings")
        if not 2 <= len(raw_options) <= 10:
            raise _fail(path, where, "a question has 2 to 10 options")
        if len(set(raw_options)) != len(raw_options):
            raise _fail(path, where, "two options are the same")
        options = tuple(raw_options)
        if values is not None:
            for option in options:
                _template_fields(option, path, where)
        if has_answer:
            wanted = [answer] if kind == "choice" else answer
            if kind == "choice" and not isinstance(answer, str):
                raise _fail(path, where, "a choice answer must be the text of one option")
            if kind == "choices" and not (isinstance(answer, list) and answer
                                          and all(isinstance(a, str) for a in answer)):
                raise _fail(path, where, "a choices answer must be a non-empty list of "
                                         "option texts")
            for item in wanted:
                if item not in options:
                    raise _fail(path, where, f"the answer {item!r} is not among the options")
            if kind == "choices" and len(set(wanted)) != len(wanted):
                raise _fail(path, where, "the answer lists an option twice")
    else:
        for key in ("options", "shuffle"):
            if key in table:
                raise _fail(path, where, f"{key!r} is only for choice questions")
    if kind == "number":
        if has_answer and (isinstance(answer, (str, list)) or not math.isfinite(answer)):
            raise _fail(path, where, "a number answer must be a finite number")
        if "abs_tol" not in table and "rel_tol" not in table:
            raise _fail(path, where, "a number question needs 'abs_tol' and/or 'rel_tol'")
        for key in ("abs_tol", "rel_tol"):
            if key in table and not (math.isfinite(table[key]) and table[key] >= 0):
                raise _fail(path, where, f"{key!r} must be a non-negative number")
        if table.get("abs_tol", 0) == 0 and table.get("rel_tol", 0) == 0:
            raise _fail(path, where, "a tolerance must be positive")
    elif "abs_tol" in table or "rel_tol" in table:
        raise _fail(path, where, "'abs_tol' and 'rel_tol' are only for number questions")
    if kind == "text" and has_answer:
        accepted = [answer] if isinstance(answer, str) else answer
        if not (isinstance(accepted, list) and accepted
                and all(isinstance(a, str) and normalise_text(a) for a in accepted)):
            raise _fail(path, where, "a text answer must be a non-empty string or a list of them")
    if has_answer and isinstance(answer, str) and values is not None:
        _template_fields(answer, path, where)
    return Question(
        id=question_id, kind=kind, prompt=reflow(table["prompt"]),
        explanation=reflow(table["explanation"]),
        points=points, options=options, shuffle=table.get("shuffle", True),
        answer=tuple(answer) if isinstance(answer, list) else answer,
        abs_tol=float(table.get("abs_tol", 0.0)), rel_tol=float(table.get("rel_tol", 0.0)),
        values=values)


def parse_bank(text: str, path: Path, topic_id: str) -> Bank:
    """Parse and validate one bank; AuthoringError naming the file and question otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AuthoringError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(_BANK_KEYS))
    if unknown:
        raise AuthoringError(f"{path}: unknown key {unknown[0]!r} "
                             f"(allowed: {', '.join(sorted(_BANK_KEYS))})")
    for key in ("format", "questions"):
        if key not in data:
            raise AuthoringError(f"{path}: missing key {key!r}")
    for key, value in data.items():
        _check_type(value, _BANK_KEYS[key], key, path, "bank")
    if data["format"] != BANK_FORMAT:
        raise AuthoringError(f"{path}: format {data['format']} is not supported "
                             f"(expected {BANK_FORMAT})")
    if not data["questions"]:
        raise AuthoringError(f"{path}: the bank has no questions")
    questions = tuple(_parse_question(t, i, path) for i, t in enumerate(data["questions"]))
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise AuthoringError(f"{path}: question {question.id!r} appears twice")
        seen.add(question.id)
    return Bank(topic_id=topic_id, path=path, title=data.get("title", topic_id),
                questions=questions)


def bank_path(topic_id: str, quizzes_dir: Path | None = None) -> Path:
    if not _IDENTIFIER.match(topic_id):
        raise UsageProblem(f"{topic_id!r} is not a topic id")
    return (quizzes_dir or QUIZZES_DIR) / f"{topic_id}.toml"


def load_bank(topic_id: str, quizzes_dir: Path | None = None) -> Bank | None:
    """The topic's question bank, or None when it has none. Raises AuthoringError when the
    bank is malformed."""
    path = bank_path(topic_id, quizzes_dir)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return _load_bank_cached(path, topic_id, stat.st_mtime_ns, stat.st_size)


@cache
def _load_bank_cached(path: Path, topic_id: str, _mtime: int, _size: int) -> Bank:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthoringError(f"{path}: cannot be read: {exc}") from None
    return parse_bank(text, path, topic_id)


def _require_bank(topic_id: str, quizzes_dir: Path | None) -> Bank:
    bank = load_bank(topic_id, quizzes_dir)
    if bank is None:
        raise UsageProblem(f"topic {topic_id!r} has no quiz yet")
    return bank


def orphan_banks(topic_ids: Iterable[str], quizzes_dir: Path | None = None) -> list[str]:
    """Problems for bank files whose name is no topic id (for `course verify`)."""
    known = set(topic_ids)
    folder = quizzes_dir or QUIZZES_DIR
    return [f"{path}: a quiz bank for no topic of the manifest"
            for path in sorted(folder.glob("*.toml")) if path.stem not in known]


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
        function = _resolve_values(question.values, bank.path, f"question {question.id!r}")
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


def format_question(view: QuestionView) -> str:
    """Plain text of a question, for a display that wants no layout of its own."""
    points = f"{view.points} point" + ("s" if view.points != 1 else "")
    lines = [f"Question {view.number}/{view.total} ({points})", view.prompt.rstrip()]
    lines += [f"  {option}" for option in view.labelled_options]
    lines.append(view.how_to_answer)
    if view.previous is not None:
        lines.append(f"Your saved answer: {view.previous} (press Enter to keep it)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading answers


def normalise_text(text: str) -> str:
    """Case, surrounding spaces, quotes/backticks and a trailing "()" do not matter."""
    text = text.strip().strip("`'\"").strip()
    if text.endswith("()"):
        text = text[:-2].rstrip()
    return " ".join(text.split()).casefold()


def _parse_letters(answer: str, count: int, several: bool) -> tuple[frozenset[int] | None,
                                                                       str | None]:
    text = answer.strip().lower()
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    parts = [p.strip("().") for p in parts]
    if several and len(parts) == 1 and len(parts[0]) > 1 and parts[0].isalpha():
        parts = list(parts[0])
    valid = _LETTERS[:count]
    if not parts or not all(len(p) == 1 and p in valid for p in parts):
        return None, f"answer with letter{'s' if several else ''} from a to {valid[-1]}"
    if not several and len(parts) != 1:
        return None, "this question has one right option: answer with a single letter"
    return frozenset(valid.index(p) for p in parts), None


def _parse_number(answer: str) -> tuple[float | None, str | None]:
    text = answer.strip()
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
                             abs_tol=question.abs_tol)
        return result(close, format_number(number))
    given = normalise_text(answer)
    if not given:
        return result(False, "", "the answer is empty")
    return result(given in variant.correct, answer.strip())


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


# --------------------------------------------------------------------------- answers file


def new_learner_id() -> str:
    return secrets.token_hex(8)


def answers_path(folder: Path) -> Path:
    return Path(folder) / ANSWERS_FILE


def load_answers(folder: Path) -> Answers:
    """The answers saved in `folder` (a fresh learner id when there is no file yet).

    Raises AnswersFileError, leaving the file as it is, when it is not a readable answers
    file."""
    path = answers_path(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Answers(learner=new_learner_id())
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswersFileError(f"{path}: cannot be read ({exc}); fix or move it aside") \
            from None
    return parse_answers(text, path)


def parse_answers(text: str, path: Path) -> Answers:
    def broken(reason: str) -> AnswersFileError:
        return AnswersFileError(f"{path} is not a valid quiz answers file: {reason}. It was "
                                "left as it is: fix it, or move it aside to start afresh")

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise broken(f"not TOML ({exc})") from None
    learner = data.pop("learner", None)
    if learner is not None and not isinstance(learner, str):
        raise broken("'learner' must be a string")
    topics: dict[str, dict[str, str]] = {}
    for topic_id, table in data.items():
        if not isinstance(table, dict):
            raise broken(f"{topic_id!r} must be a table of answers ([{topic_id}])")
        for question_id, answer in table.items():
            if not isinstance(answer, str):
                raise broken(f"the answer to {topic_id}.{question_id} must be a string, "
                             f"not {type(answer).__name__}")
        topics[topic_id] = dict(table)
    if learner is None:
        # A file with answers but no id (edited by hand): a stable id keeps grading
        # reproducible; a file without answers gets a fresh one.
        learner = "" if any(topics.values()) else new_learner_id()
    return Answers(learner=learner, topics=topics)


def _toml_string(text: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
               "\r": "\\r"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def dump_answers(answers: Answers) -> str:
    lines = ["# Your quiz answers for the SciPy course, written by `course quiz`.",
             "# Keep this file with your topic files: it is submitted and graded with them.",
             "# `learner` fixes the numbers in your questions; do not change it.",
             f"learner = {_toml_string(answers.learner)}"]
    for topic_id, table in answers.topics.items():
        if not table:
            continue
        lines += ["", f"[{_toml_key(topic_id)}]"]
        lines += [f"{_toml_key(q)} = {_toml_string(a)}" for q, a in table.items()]
    return "\n".join(lines) + "\n"


def save_answers(folder: Path, answers: Answers) -> None:
    """Write all of `answers` atomically: readers see the old file or the new one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageProblem(f"no folder {folder} (use --path to point at your topic files)")
    atomic_write_text(answers_path(folder), dump_answers(answers))


def record_answers(topic_id: str, folder: Path, given: Mapping[str, str],
                   quizzes_dir: Path | None = None) -> list[GradeResult]:
    """Save several answers to one topic in one write (re-reading the file first, so
    nothing saved meanwhile is lost) and grade them, in bank order."""
    bank = _require_bank(topic_id, quizzes_dir)
    for question_id, answer in given.items():
        problem = answer_problem(bank.question(question_id), answer)
        if problem is not None:
            raise UsageProblem(f"{topic_id}.{question_id}: {problem}")
    answers = load_answers(folder)
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
    """Answers from a TOML file of `question_id = answer` lines (`course quiz TOPIC
    --answers FILE`), checked against the bank: returns {question id: answer text}.

    A choice takes "b"; several choices "a, c" or ["a", "c"]; a number 0.25 or "0.25"; a
    short answer a string. Any problem raises UsageProblem (one line, exit 2) before
    anything is saved."""
    path = Path(path)
    bank = _require_bank(topic_id, quizzes_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageProblem(f"no answers file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageProblem(f"cannot read {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageProblem(f"{path} is not TOML: {exc} (write lines like: "
                           f"{bank.question_ids[0]} = \"b\")") from None
    if not data:
        raise UsageProblem(f"{path} holds no answers (write lines like: "
                           f"{bank.question_ids[0]} = \"b\")")
    answers: dict[str, str] = {}
    for question_id, value in data.items():
        if question_id not in bank.question_ids:
            raise UsageProblem(f"{path}: the {topic_id} quiz has no question {question_id!r}; "
                               f"it has: {', '.join(bank.question_ids)}")
        question = bank.question(question_id)
        answer = _answer_file_text(value, question)
        if answer is None:
            wanted = {"choice": 'a letter string like "b"',
                      "choices": 'letters like "a, c" or ["a", "c"]',
                      "number": "a number", "text": "a string"}[question.kind]
            raise UsageProblem(f"{path}: {question_id} must be {wanted}, "
                               f"not {type(value).__name__}")
        problem = answer_problem(question, answer)
        if problem is not None:
            raise UsageProblem(f"{path}: {question_id}: {problem}")
        answers[question_id] = answer
    return answers


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
    counts as nothing answered and the summary gains a "message" saying why."""
    bank = load_bank(topic_id, quizzes_dir)
    if bank is None:
        return None
    try:
        answers = load_answers(Path(folder))
    except AnswersFileError as exc:
        if not lenient:
            raise
        return {"score": 0.0, "max_score": bank.max_score, "answered": 0,
                "questions": len(bank.questions), "message": exc.message}
    return summarise(bank, answers)


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
    EOFError from `ask` ends the quiz early. Every answer read is saved before its feedback is
    told, so stopping half way loses nothing. Returns the topic's summary (see quiz_summary).
    """
    bank = _require_bank(topic_id, quizzes_dir)
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageProblem(f"no folder {folder} (use --path to point at your topic files)")
    selected = list(bank.question_ids) if only is None else list(dict.fromkeys(only))
    for question_id in selected:
        bank.question(question_id)
    if not selected:
        raise UsageProblem(f"no questions selected; the {topic_id} quiz has: "
                           f"{', '.join(bank.question_ids)}")
    answers = load_answers(folder)
    if not answers_path(folder).is_file():
        save_answers(folder, answers)       # fixes the learner id, hence the variants shown
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


def reference_answers(topic_ids: Iterable[str], learner_id: str = "reference",
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
