"""Everything the course prints to the terminal; every other module returns data.

Colour follows click: off when the output is not a terminal, and off when NO_COLOR is set.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from checker.hints import HintShown
from checker.limits import NOT_KEPT
from checker.manifest import Course
from checker.state import State
from checker.wording import plural

BAR_WIDTH = 30
OUTPUT_LINES = 8  # of what a topic's code printed, without --verbose
_MARKS = {
    "passed": ("✓", "green"), "failed": ("✗", "red"), "todo": ("·", "bright_black"),
    "error": ("!", "red"), "timeout": ("⧗", "yellow"),
}
_TOPIC_COLOURS = {
    "complete": "green", "partial": "yellow", "todo": "bright_black", "broken": "red",
    "missing": "bright_black", "unavailable": "bright_black",
}


def _colour_enabled() -> bool | None:
    return False if os.environ.get("NO_COLOR") else None


def echo(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err, color=_colour_enabled())


def style(text: str, colour: str | None, bold: bool = False) -> str:
    return click.style(text, fg=colour, bold=bold) if colour else text


def progress_bar(done: float, total: float, width: int = BAR_WIDTH) -> str:
    fraction = done / total if total else 0.0
    filled = round(fraction * width)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {fraction:4.0%}"


def print_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2))


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def print_results(document: dict[str, Any], verbose: bool = False) -> None:
    """The check table: a line per topic, a line per exercise, messages for what failed."""
    # As wide as the longest exercise name, so that every status lines up.
    name_width = max([28] + [len(e["id"].split(".", 1)[1]) for t in document["topics"]
                             for e in t["exercises"]])
    for topic in document["topics"]:
        colour = _TOPIC_COLOURS.get(topic["status"], None)
        score = f"{topic['score']:g}/{topic['max_score']:g}"
        echo(style(f"{topic['file']:<26}", None, bold=True)
             + style(f" {topic['status']:<11}", colour) + f" {score:>7}"
             + _quiz_column(topic.get("quiz")))
        if topic.get("message"):  # why none of its exercises could be checked
            echo(_indent(topic["message"], "    "))
        else:
            for exercise in topic["exercises"]:
                mark, mark_colour = _MARKS.get(exercise["status"], ("?", None))
                name = exercise["id"].split(".", 1)[1]
                echo(f"  {style(mark, mark_colour)} {name:<{name_width}} "
                     f"{exercise['status']:<8} {exercise['score']:g}/{exercise['max_score']:g}")
                if exercise["message"] and (exercise["status"] != "todo" or verbose):
                    echo(_indent(exercise["message"]))
        if verbose or topic["status"] != "complete":
            _print_output(topic["file"], topic.get("output", ""), verbose)
    print_summary(document)


def _print_output(file_name: str, output: str, verbose: bool) -> None:
    """What the topic's code printed while it was checked, so that print debugging works
    (for a complete topic only with --verbose: there it is mostly warnings seen before).
    It is the whole topic's, so it stands at the exercises' level, not under the last one:
    a warning that correct code gives (savemat's about ignored names) is not that
    exercise's fault."""
    if not output:
        return
    lines = output.splitlines()
    not_kept = lines.pop() if NOT_KEPT.search("\n" + lines[-1]) else None
    shown = lines if verbose else lines[:OUTPUT_LINES]
    echo(style(f"  your code printed while {file_name} was checked (all its exercises):",
               "bright_black"))
    echo(_indent("\n".join(shown), "  | "))
    if len(shown) < len(lines):
        echo(style(f"  | ... {len(lines) - len(shown)} more lines (course check -v shows "
                   "them)", "bright_black"))
    if not_kept is not None:
        echo(style(f"  | {not_kept}", "bright_black"))


def _quiz_column(quiz: dict[str, Any] | None, short: bool = False) -> str:
    if not quiz:
        return ""
    score = f"   quiz {quiz['score']:g}/{quiz['max_score']:g}"
    return score if short else f"{score} ({quiz['answered']}/{quiz['questions']} answered)"


def totals(document: dict[str, Any]) -> tuple[float, float, int, int]:
    """(points, max points, exercises passed, exercises) including quizzes."""
    points = max_points = 0.0
    passed = count = 0
    for topic in document["topics"]:
        points += topic["score"]
        max_points += topic["max_score"]
        quiz = topic.get("quiz")
        if quiz:
            points += quiz["score"]
            max_points += quiz["max_score"]
        for exercise in topic["exercises"]:
            count += 1
            passed += exercise["status"] == "passed"
    return points, max_points, passed, count


def _answers_file_problem(quizzes: Any) -> None:
    """Once, when the quiz answers file could not be read (its quizzes then score 0), or
    what in it scores nothing: a line per problem."""
    from checker.quiz_answers import NOTES_HEADING, answer_notes, unreadable_answers

    quizzes = list(quizzes)
    if problem := unreadable_answers(quizzes):
        echo(style(problem, "yellow"))
    if notes := answer_notes(quizzes):
        echo(style(NOTES_HEADING, "yellow"))
        for note in notes:
            echo(style(f"  - {note}", "yellow"))


def print_summary(document: dict[str, Any]) -> None:
    _answers_file_problem(topic.get("quiz") for topic in document["topics"])
    points, max_points, passed, count = totals(document)
    echo()
    echo(f"{progress_bar(points, max_points)}  {passed}/{count} exercises, "
         f"{points:g}/{max_points:g} points")
    if count and passed == count:
        quiz_left = [t for t in document["topics"]
                     if t.get("quiz") and t["quiz"]["score"] < t["quiz"]["max_score"]]
        if not quiz_left:
            echo(style("Everything passes. Well done!", "green", bold=True))
            return
        # The bar counts quiz points too: say where the rest of it is.
        quiz_points = sum(t["quiz"]["max_score"] - t["quiz"]["score"] for t in quiz_left)
        echo(style("Every exercise passes. Well done!", "green", bold=True)
             + f" {quiz_points:g} quiz point{'' if quiz_points == 1 else 's'} to go: "
               f"`course quiz {quiz_left[0]['id']}`"
             + _and_more(len(quiz_left) - 1, "topic"))


def _and_more(count: int, noun: str) -> str:
    return "" if count == 0 else f" (and {count} more {noun}{'s' if count > 1 else ''})"


def terminal_columns() -> int | None:
    """The terminal's width (COLUMNS when set), or None when output goes to no terminal."""
    import shutil

    columns = shutil.get_terminal_size((0, 0)).columns
    return columns or None


def _fitted_title(title: str, room: int) -> str:
    """`title` cut to `room` characters, or left out when too little of it would show."""
    if room >= len(title):
        return title
    return title[:room - 1].rstrip() + "…" if room >= 12 else ""


def print_course_list(course: Course, state: State, quizzes: dict[str, Any]) -> None:
    # The title gives way on a narrow terminal: a row of about 120 characters wrapped
    # across three lines at 40 columns.
    columns = terminal_columns()
    for topic in course.topics:
        done = sum(state.exercises.get(e.id) == "passed" for e in topic.exercises)
        status = state.topics.get(topic.id, "not checked")
        colour = _TOPIC_COLOURS.get(status)
        bar = progress_bar(done, len(topic.exercises), width=10)
        head = f"{topic.file:<26} {style(f'{status:<11}', colour)} {bar} "
        count = f"{done}/{len(topic.exercises)}"
        quiz = _quiz_column(quizzes.get(topic.id))
        title = topic.title
        if columns is not None:
            fixed = len(click.unstyle(head)) + len(count) + 2
            if fixed + len(quiz) + 12 >= columns:
                quiz = _quiz_column(quizzes.get(topic.id), short=True)
            title = _fitted_title(title, columns - 1 - fixed - len(quiz))
        echo(f"{head}{count}{'  ' + title if title else ''}{quiz}")
    _answers_file_problem(quizzes.values())


def print_hint(hint: HintShown | None) -> None:
    if hint is None:
        echo(style("Every exercise passes: no hint needed.", "green"))
        return
    echo(style(f"{hint.exercise.id}", None, bold=True)
         + f"  hint {hint.level} of {hint.levels}")
    echo(_indent(hint.text, "  "))
    if hint.level < hint.levels:
        echo(style("  (run the same command again for the next hint)", "bright_black"))


def print_verification(problems: list[str], solutions: dict[str, Any] | None,
                       stubs: dict[str, Any] | None) -> None:
    if solutions is not None and stubs is not None:
        s_points, s_max, s_passed, s_count = totals_without_quiz(solutions)
        todo = sum(e["status"] == "todo" for t in stubs["topics"] for e in t["exercises"])
        echo(f"solutions: {s_passed}/{s_count} exercises pass ({s_points:g}/{s_max:g} points)")
        echo(f"stubs:     {todo}/{s_count} exercises are to do")
    for problem in problems:
        echo(style("✗ ", "red") + problem, err=True)
    if problems:
        echo(style(f"{len(problems)} problem(s)", "red", bold=True), err=True)
    else:
        echo(style("course verified: manifest, stubs, solutions, suites and quizzes agree",
                   "green"))


def totals_without_quiz(document: dict[str, Any]) -> tuple[float, float, int, int]:
    stripped = {"topics": [{**t, "quiz": None} for t in document["topics"]]}
    return totals(stripped)


def print_init(workspace: Path) -> None:
    """`workspace` absolute: a relative one meant nothing once the learner was elsewhere."""
    echo(f"Created {workspace} with one file per topic.")
    echo("Next: go there and run your first check, then open "
         "exercises/00_getting_started.py:")
    echo(f"  cd {shlex.quote(str(workspace))} && course check")


def warn(text: str) -> None:
    echo(style("warning: ", "yellow") + text, err=True)


def warn_progress_reset(unreadable: Path, kept_as: Path | None) -> None:
    kept = (f"the old file was kept as {kept_as}" if kept_as is not None
            else "the old file could not be moved aside")
    warn(f"your progress file {unreadable} could not be read, so your progress starts "
         f"afresh; {kept}")


class GradeProgress:
    """A progress line for `course grade`: redrawn in place on a terminal, one line per
    submission elsewhere (a log stays readable)."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty()
        self.line_open = False

    def close(self) -> None:
        """End a line drawn in place, so that what follows (an interruption) starts afresh."""
        if self.line_open:
            click.echo(err=True)
            self.line_open = False

    def __call__(self, done: int, total: int, record: dict[str, Any] | None) -> None:
        bar = progress_bar(done, total, width=20)
        if record is None:
            line = f"{bar} {done}/{total} already graded"
        else:
            document = record["document"]
            line = (f"{bar} {done}/{total} {record['submission']}: {record['status']} "
                    f"{document['score']:g}/{document['max_score']:g}")
        if self.interactive:
            click.echo("\r\033[K" + line, nl=False, err=True)
            self.line_open = True
            if done == total:
                self.close()
        else:
            echo(line, err=True)


def warn_grading_gaps(gaps: list[str]) -> None:
    """Before a batch starts, while it can still be stopped: what learner code could do on
    this machine (`checker.doctor.grading_gaps`)."""
    warn("learner code is not fully confined on this machine (`course doctor` says why):")
    for gap in gaps:
        echo(f"  - {gap}", err=True)
    echo("  For grades no submission can forge, grade as root on Linux where mount and "
         "network namespaces are allowed (a VM, or a container allowed to create them).",
         err=True)


def print_grade_summary(records: list[dict[str, Any]], graded_now: int, skipped: int,
                        out: str, departed: list[str] | None = None) -> None:
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    count = plural(len(records), "submission")
    echo(f"{count} ({graded_now} graded now, {skipped} already done): "
         + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    echo(f"wrote {out}/grades.csv, maxima.csv, grades.json, summary.md, summary.png and per "
         "submission results.json, feedback.md")
    if unconfined := sum(1 for record in records if record.get("sandbox_gaps")):
        warn(f"{unconfined} of {count} {'was' if unconfined == 1 else 'were'} graded where "
             "learner code is not fully confined: summary.md says what it could do")
    if departed:
        shown = ", ".join(departed[:5]) + (f" and {len(departed) - 5} more"
                                           if len(departed) > 5 else "")
        warn(f"{len(departed)} folder(s) in {out} hold the grades of a submission no longer "
             f"in the submissions folder ({shown}): the sheets leave them out; remove them "
             "before uploading every results.json")


def print_solution(exercise_id: str, source: str) -> None:
    echo(style(f"Reference solution of {exercise_id}", None, bold=True)
         + " (yours passes too; compare the two)")
    echo()
    echo(source.rstrip())


def confirm(question: str) -> bool:
    """Ask yes or no (no by default). End of input or Ctrl-C means no: click's "Aborted!"
    ended the prompt's line with exit status 1, as if something had failed."""
    try:
        return click.confirm(question)
    except click.Abort:
        echo()  # end the prompt's line
        return False


def print_nothing_changed() -> None:
    echo("Nothing changed.")


def print_already_stub(what: str) -> None:
    echo(f"{what} is already the stub: nothing to put back, nothing changed.")


def print_reset(what: str, backup: Any) -> None:
    echo(f"Put back the stub of {what}.")
    if backup is not None:
        echo(f"Your version is saved as {backup}")


def print_progress(rows: list[Any], plot: Any, quizzes: list[Any] | None = None) -> None:
    _answers_file_problem(quizzes or [])
    for row in rows:
        bar = progress_bar(row.points, row.max_points, width=15)
        quiz = f", quiz {row.quiz_points:g}/{row.quiz_max_points:g}" if row.quiz_max_points else ""
        echo(f"{row.file:<26} {style(f'{row.status:<11}', _TOPIC_COLOURS.get(row.status))} "
             f"{bar} {row.passed}/{row.exercises} exercises, {row.points}/{row.max_points} "
             f"points{quiz}")
    earned = sum(row.points + row.quiz_points for row in rows)
    total = sum(row.max_points + row.quiz_max_points for row in rows)
    echo()
    echo(f"{progress_bar(earned, total)}  {earned:g}/{total:g} points, exercises and quizzes")
    if plot is not None:
        echo(f"drew {plot}")


def print_watch_checking(file_name: str) -> None:
    """Shown while a check runs (keys wait until it ends; a looping function can take the
    call time limit, 10 s)."""
    # Said on screen: q pressed during a looping function's check waited up to the call
    # limit with no word of why, and Ctrl-C is the way out at once.
    echo(style(f"checking {file_name} ... (keys wait until it ends; Ctrl-C stops it)",
               "bright_black"))


def print_watch(document: dict[str, Any], topic_id: str) -> None:
    if sys.stdout.isatty():
        click.clear()
    else:
        echo("-" * 60)
    print_results(document)
    echo(style(f"watching {topic_id}: save the file to re-check; q quits, h hint, "
               "n next topic", "bright_black"))


def print_nothing_to_watch() -> None:
    echo(style("Every exercise passes: nothing left to watch.", "green")
         + " (`course watch TOPIC` watches one anyway.)")


def print_no_next_topic(unfinished: str | None) -> None:
    """`n` in the watch found no other topic to do; `unfinished` is the watched topic when
    it is still to finish."""
    if unfinished is None:
        echo(style("Every topic passes: nothing left to watch.", "green"))
    else:
        echo(f"Every other topic passes: {unfinished} is the one left to finish.")


def ask_question(view: Any) -> str:
    """Show one quiz question and read the answer. End of input (Ctrl-D) raises EOFError and
    Ctrl-C KeyboardInterrupt: `input`, not `click.prompt`, which turns both into one Abort."""
    from checker.quiz import format_question

    echo()
    echo(format_question(view))
    try:
        return input("> ")
    except (EOFError, KeyboardInterrupt):
        echo()  # end the prompt's line: what is told next starts a line of its own
        raise


def print_quiz_feedback(results: list[Any]) -> None:
    from checker.quiz import format_feedback

    for result in results:
        echo(format_feedback(result))
        echo()
    right = sum(r.score for r in results)
    echo(f"{right:g}/{sum(r.max_score for r in results):g} points for these answers")


def print_doctor(rows: list[tuple[str, bool, str]]) -> None:
    for name, active, detail in rows:
        mark = style("on ", "green") if active else style("off", "yellow")
        echo(f"[{mark}] {style(name, None, bold=True)}")
        echo(_indent(detail, "      "))
