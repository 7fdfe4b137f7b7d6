"""The results document (schema `course-results/1`, see DESIGN.md), built from run records.

A topic's `score` counts its exercises; its `quiz` (null where the topic has no quiz) counts
the learner's answers in `quiz_answers.toml`. The document's `score` and `max_score` are the
whole grade: every topic's exercises and quizzes together. A topic's `output` (a key added
to the schema, as DESIGN.md allows) is what its code printed while it was checked; its quiz's
`results` (added too) says which answers are right, wrong or missing, and its `notes` (added
too, only when there are any) which answers of a hand-edited answers file score nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection

from checker.limits import NOT_KEPT, not_kept_marker
from checker.manifest import Course, Topic
from checker.outcomes import exercise_status, topic_status
from checker.plugin import RunRecords, TestRecord
from checker.worker import NO_SUCH_FUNCTION
from checker.workspace import is_empty

SCHEMA = "course-results/1"
# What a topic's code printed (stdout and stderr, workers keep up to 64 KiB) is kept in the
# document up to this many characters: enough to debug with print, small in a grade record.
OUTPUT_KEPT = 4000


def _exercise_entry(exercise_id: str, points: int, status: str, message: str) -> dict[str, Any]:
    return {
        "id": exercise_id,
        "status": status,
        "score": float(points if status == "passed" else 0),
        "max_score": float(points),
        "message": message,
    }


def _kept_output(text: str) -> str:
    """The first OUTPUT_KEPT characters, then how many bytes were printed beyond them
    (those the worker's drain did not keep included)."""
    found = NOT_KEPT.search(text)
    dropped = int(found.group(1)) if found else 0
    body = text[:found.start()] if found else text
    if len(body) > OUTPUT_KEPT:
        dropped += len(body[OUTPUT_KEPT:].encode("utf-8", "replace"))
        body = body[:OUTPUT_KEPT]
    return body + (not_kept_marker(dropped) if dropped else "")


def _topic_entry(topic: Topic, status: str, exercises: list[dict[str, Any]],
                 message: str = "", output: str = "") -> dict[str, Any]:
    return {
        "id": topic.id,
        "title": topic.title,
        "file": topic.file,
        "status": status,
        "score": sum(e["score"] for e in exercises),
        "max_score": float(topic.max_points),
        "message": message,
        "exercises": exercises,
        "quiz": None,
        "output": _kept_output(output),
    }


def _not_run(topic: Topic, status: str, reason: str, message: str = "") -> dict[str, Any]:
    """The entry of a topic whose file was not run: every exercise to do, for `reason`;
    `message`, when set, stands for the topic instead of its exercises."""
    return _topic_entry(topic, status, [
        _exercise_entry(e.id, e.points, "todo", reason) for e in topic.exercises], message)


def tests_by_exercise(records: RunRecords) -> dict[str, list[TestRecord]]:
    """The test records of each exercise id, in the order they ran."""
    grouped: dict[str, list[TestRecord]] = {}
    for record in records.tests.values():
        grouped.setdefault(record.exercise_id, []).append(record)
    return grouped


def topic_result(topic: Topic, records: RunRecords, learner_dir: Path,
                 not_started: bool = False,
                 tests_of: dict[str, list[TestRecord]] | None = None) -> dict[str, Any]:
    """One topic's entry: from its tests' records, or why none ran (missing, broken, empty,
    or `not_started`: its file is the untouched stub, whose every exercise is to do).
    `tests_of`: the records grouped by exercise id (`tests_by_exercise`), when at hand."""
    if not (learner_dir / topic.file).is_file():
        # The way back is said with the loss: a deleted file left the learner to guess.
        reason = f"{topic.file} is not in {learner_dir}: `course reset {topic.id}` brings it back"
        if (learner_dir / topic.file).is_dir():
            reason = f"{topic.file} in {learner_dir} is a folder, not a file"
        return _not_run(topic, "missing", reason, reason)
    if is_empty(topic, learner_dir):
        # To do, not "partial" with every function missing: nothing in it was begun.
        reason = f"{topic.file} is empty: `course reset {topic.id}` puts the stub back"
        return _not_run(topic, "todo", reason, reason)
    if not_started:
        return _not_run(topic, "todo", f"not started: {topic.file} is still the stub as "
                                       "handed out")
    output = records.output.get(topic.id, "")
    for status, reasons in (("broken", records.broken), ("unavailable", records.unavailable)):
        if topic.id in reasons:
            exercise_state = "error" if status == "broken" else "todo"
            return _topic_entry(topic, status, [
                _exercise_entry(e.id, e.points, exercise_state, reasons[topic.id])
                for e in topic.exercises], reasons[topic.id], output)
    exercises = []
    tests_of = tests_by_exercise(records) if tests_of is None else tests_of
    for exercise in topic.exercises:
        tests = tests_of.get(exercise.id, [])
        status = exercise_status(r.status for r in tests)
        if not tests:
            message = "no test checks this exercise"
        else:
            message = next((r.message for r in tests if r.status == status), "")
        if status != "passed":
            help_ = (f"deleted it? `course reset {exercise.id}` puts its stub back"
                     if NO_SUCH_FUNCTION in message else f"stuck? `course hint {exercise.id}`")
            message = f"{message}\n  ({help_})".strip()
        exercises.append(_exercise_entry(exercise.id, exercise.points, status,
                                         "" if status == "passed" else message))
    return _topic_entry(topic, topic_status([e["status"] for e in exercises]), exercises,
                        output=output)


def _quiz_entry(topic_id: str, learner_dir: Path) -> dict[str, Any] | None:
    """The topic's quiz summary and, when the answers file could be read, a `results` list:
    per question its id, `right`, `wrong` or `not answered`, and its score and max_score,
    never the right answer (a learner may submit again). A summary's `notes`: answers of
    a hand-edited file that score nothing (`checker.quiz.answers_file_notes`)."""
    from checker.quiz import question_results, quiz_summary

    summary = quiz_summary(topic_id, learner_dir, lenient=True)
    if summary is None or "message" in summary:
        return summary
    rows = question_results(topic_id, learner_dir) or []
    summary["results"] = [
        {"id": row["id"], "result": ("right" if row["correct"] else "wrong")
         if row["answered"] else "not answered", "score": row["score"],
         "max_score": row["max_score"]} for row in rows]
    return summary


def add_question_texts(document: dict[str, Any], learner_id: str) -> None:
    """Each quiz result's question, on one line as `learner_id` was shown it, for what
    grading writes (feedback.md, results.json). Not in `course check`'s document: rendering
    every variant imports SciPy modules that a check of untouched stubs never needs."""
    from checker.quiz import question_line

    for topic in document["topics"]:
        for result in (topic.get("quiz") or {}).get("results", []):
            result["question"] = question_line(topic["id"], result["id"], learner_id)


def build_document(course: Course, topics: tuple[Topic, ...], records: RunRecords,
                   learner_dir: Path, submission: str | None = None,
                   not_started: Collection[str] = ()) -> dict[str, Any]:
    """The results document; `not_started`: ids of the topics whose files are the untouched
    stubs, which were not run."""
    tests_of = tests_by_exercise(records)  # once: per exercise it was 129 x 550 comparisons
    entries = [topic_result(topic, records, learner_dir, topic.id in not_started, tests_of)
               for topic in topics]
    for entry in entries:
        entry["quiz"] = _quiz_entry(entry["id"], learner_dir)
    quizzes = [t["quiz"] for t in entries if t["quiz"]]
    return {
        "schema": SCHEMA,
        "submission": submission,
        "path": str(learner_dir),
        "score": sum(t["score"] for t in entries) + sum(q["score"] for q in quizzes),
        "max_score": sum(t["max_score"] for t in entries) + sum(q["max_score"] for q in quizzes),
        "topics": entries,
    }


def all_passed(document: dict[str, Any]) -> bool:
    return all(e["status"] == "passed" for t in document["topics"] for e in t["exercises"])
