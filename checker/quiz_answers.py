"""The learner's quiz answers file: reading it, and writing it without losing anything.

A learner's answers file is `quiz_answers.toml` in the folder holding the topic files (so it
is submitted with the code)::

    learner = "9f3c0a..."             # random hex, created on the first save
    [stats]
    pvalue_meaning = "b"              # exactly what the learner answered, as text

Writes are atomic (temporary file + os.replace); answers of other topics and questions are
kept. A file that cannot be read as an answers file is never overwritten: `AnswersFileError`
(a CourseError: one line, exit 1) says where it is broken, and the learner fixes or moves
it. A file with answers but no `learner` line uses the learner id "" (stable, so grading
stays reproducible).
"""

from __future__ import annotations

import re
import secrets
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import CourseError, UsageProblem
from checker.files import atomic_write_text, create_text, read_only

ANSWERS_FILE = "quiz_answers.toml"


# The learner id of the reference answers (solutions/quiz_answers.toml): `course verify` and
# a check of the solutions score them; `course grade` refuses them
# (`checker.grading.refuse_reference_answers`).
REFERENCE_LEARNER = "reference"


class AnswersFileError(CourseError):
    """The learner's quiz answers file cannot be read; it is left untouched. `reason` says
    what is wrong without naming the file's folder (for a grader's feedback)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = message if reason is None else reason


@dataclass
class Answers:
    learner: str
    topics: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, topic_id: str, question_id: str) -> str | None:
        return self.topics.get(topic_id, {}).get(question_id)

    def set(self, topic_id: str, question_id: str, answer: str) -> None:
        self.topics.setdefault(topic_id, {})[question_id] = answer


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
        # An OSError's text names the path: its strerror alone does not.
        reason = f"{exc.strerror if isinstance(exc, OSError) else exc}"
        raise AnswersFileError(f"{path}: cannot be read ({exc}); fix or move it aside",
                               reason) from None
    return parse_answers(text, path)


# The last file parsed: a check reads the answers twice for each of 18 topics, and parsing
# them each time took 60 ms of a full check's results. Keyed by the text, so an edited file
# is parsed again; each caller gets its own copy to change.
_last_parsed: tuple[tuple[str, str], Answers] | None = None


def parse_answers(text: str, path: Path) -> Answers:
    global _last_parsed
    key = (str(path), text)
    if _last_parsed is None or _last_parsed[0] != key:
        _last_parsed = (key, _parse_answers(text, path))
    parsed = _last_parsed[1]
    return Answers(parsed.learner, {topic: dict(table) for topic, table in parsed.topics.items()})


def _parse_answers(text: str, path: Path) -> Answers:
    def broken(reason: str) -> AnswersFileError:
        return AnswersFileError(f"{path} is not a valid quiz answers file: {reason}. It was "
                                "left as it is: fix it, or move it aside to start afresh",
                                reason)

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


def create_answers(folder: Path, answers: Answers) -> Answers:
    """The answers file as it is once created: `answers` when this call made it, or the
    one another process made first (a second quiz started at the same moment), whose
    learner id then holds for both."""
    if create_text(answers_path(folder), dump_answers(answers)):
        return answers
    return load_answers(folder)


def answers_to_add_to(folder: Path) -> Answers:
    """The answers saved in `folder`, about to gain more: refused at once when the file is
    read-only (`require_writable`), and the file made when there is none yet, so that its
    learner id, which decides the variants shown and graded, is fixed before any answer
    (`create_answers`: whichever of two quizzes started together makes it first)."""
    answers = load_answers(folder)
    require_writable(folder)
    if answers_path(folder).is_file():
        return answers
    return create_answers(folder, answers)


def require_writable(folder: Path) -> None:
    """Refuse a read-only answers file before any question is asked: found at the first
    answer's save, it ended the quiz with a bare "Permission denied" after the learner had
    answered."""
    path = answers_path(folder)
    if read_only(path):
        raise CourseError(f"{path} is read-only, so no answer can be saved in it: make it "
                          f"writable (chmod u+w {path}) to answer")


def not_graded_summary(max_score: float, questions: int, why: str) -> dict[str, Any]:
    """A topic's quiz summary that scores nothing, and `why` as its message (the message
    `unreadable_answers` finds)."""
    return {"score": 0.0, "max_score": max_score, "answered": 0, "questions": questions,
            "message": why}


def unreadable_answers(summaries: Iterable[Mapping[str, Any] | None]) -> str:
    """Why the answers file could not be read, from the topics' quiz summaries (one file
    serves every topic, so one message), or "" when it could."""
    return next((s["message"] for s in summaries if s and s.get("message")), "")


# Said once above the notes of `answer_notes`, so that each note is the problem alone.
NOTES_HEADING = f"These answers in your {ANSWERS_FILE} score nothing:"


def answer_notes(summaries: Iterable[Mapping[str, Any] | None]) -> list[str]:
    """Every note of the topics' quiz summaries (answers that score nothing, see
    `checker.quiz.answers_file_notes`) once, in order: a note on the whole file rides on every
    topic's summary."""
    return list(dict.fromkeys(note for s in summaries if s for note in s.get("notes", ())))
