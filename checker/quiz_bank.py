"""Quiz question banks: their format, how they are checked, and loading them.

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
"""

from __future__ import annotations

import difflib
import importlib
import math
import re
import string
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.errors import AuthoringError, UsageProblem
from checker.paths import QUIZZES_DIR

BANK_FORMAT = 1
KINDS = ("choice", "choices", "number", "text")
VALUES_MODULE = "checker.quiz_values"

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_BANK_KEYS: dict[str, type | tuple[type, ...]] = {"format": int, "title": str, "questions": list}
_QUESTION_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str, "kind": str, "points": int, "prompt": str, "options": list, "shuffle": bool,
    "answer": (str, list, int, float), "abs_tol": (int, float), "rel_tol": (int, float),
    "values": str, "explanation": str,
}
_REQUIRED = ("id", "kind", "prompt", "explanation")


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
        raise UsageProblem(self.unknown_question(question_id))

    def unknown_question(self, question_id: str) -> str:
        """What to say of a question id this bank does not have: the id it most likely
        means, or else every id it has."""
        said = f"the {self.topic_id} quiz has no question {question_id!r}"
        if close := closest(question_id, self.question_ids):
            return f"{said}; did you mean {close!r}?"
        return f"{said}; it has: {', '.join(self.question_ids)}"


def closest(name: str, known: Iterable[str]) -> str | None:
    """The one of `known` that `name` most likely misspells, if any is close."""
    return next(iter(difflib.get_close_matches(name, list(known), n=1)), None)


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


def resolve_values(name: str, path: Path, where: str) -> Callable[..., Any]:
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


def normalise_text(text: str) -> str:
    """Case, surrounding spaces, quotes/backticks and a trailing "()" do not matter."""
    text = text.strip().strip("`'\"").strip()
    if text.endswith("()"):
        text = text[:-2].rstrip()
    return " ".join(text.split()).casefold()


# The names SciPy's and NumPy's documentation import modules as (`import scipy.io as
# sio`): a text answer written with one means the module's full name. Banks list the full
# forms they accept; an alias is read as its module, so no bank has to list every alias.
MODULE_ALIASES = {"sp": "scipy", "np": "numpy", "sio": "scipy.io", "sc": "scipy.constants",
                  "spo": "scipy.optimize", "ndi": "scipy.ndimage", "sps": "scipy.sparse",
                  "spla": "scipy.sparse.linalg", "plt": "matplotlib.pyplot"}


def text_answer_readings(normalised: str) -> set[str]:
    """What a normalised short answer may mean: itself; a name called with arguments, read
    as the name (`linalg.lstsq(a, b)`, for the questions that ask which function); and
    either with a module alias read as its module (`sp.__version__`). Only for text
    answers: two choice options may differ in their arguments alone."""
    readings = {normalised}
    called = re.fullmatch(r"([a-z_][\w.]*)\s*\(.*\)", normalised, flags=re.DOTALL)
    if called:
        readings.add(called.group(1))
    for reading in list(readings):
        head, dot, rest = reading.partition(".")
        if dot and head in MODULE_ALIASES:
            readings.add(f"{MODULE_ALIASES[head]}.{rest}")
    return readings


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
        resolve_values(values, path, where)
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


def require_bank(topic_id: str, quizzes_dir: Path | None) -> Bank:
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

