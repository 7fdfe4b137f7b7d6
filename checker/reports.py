"""What `course grade` writes: Gradescope's results.json, feedback.md, the grade sheets and
the class summary (summary.md and summary.png). Data in, files out; nothing printed."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

from checker.files import atomic_write_text
from checker.manifest import Topic
from checker.quiz_answers import ANSWERS_FILE, NOTES_HEADING, answer_notes, unreadable_answers
from checker.wording import plural

SUBMISSION_STATUSES = {
    "graded": "graded",
    "empty": "no topic file found in the submission",
    "ambiguous": "topic files in more than one folder: which to grade cannot be known",
    "corrupt": "the archive could not be read",
    "refused": "the archive was refused as unsafe",
    "error": "grading failed; see the message",
}


def _quiz_problem(document: dict[str, Any]) -> str:
    return unreadable_answers(topic.get("quiz") for topic in document["topics"])


def _answer_notes(document: dict[str, Any]) -> list[str]:
    """The answers of a hand-edited answers file that score nothing: a heading, then a line
    each; none when there are none."""
    notes = answer_notes(topic.get("quiz") for topic in document["topics"])
    return [NOTES_HEADING, *(f"- {note}" for note in notes)] if notes else []


def _result_line(result: dict[str, Any]) -> str:
    """One question's id and result, then its text (an id alone did not say which question
    it was; records graded before the text was kept have none)."""
    line = f"{result['id']}: {result['result']}"
    return f"{line} — {result['question']}" if result.get("question") else line


def _quiz_lines(quiz: dict[str, Any], topic_id: str) -> list[str]:
    """The quiz's score in words, then one line per question: right, wrong, not answered,
    and how to answer one again (`course quiz` asks by number; --only takes these ids)."""
    results = quiz.get("results") or []
    right = sum(r["result"] == "right" for r in results)
    lines = [f"{right} of {plural(quiz['questions'], 'question')} right, "
             f"{quiz['answered']} answered"]
    lines += [f"- {_result_line(r)}" for r in results]
    if right < len(results):
        lines.append(f"(`course quiz {topic_id} --only ID` answers question ID again)")
    return lines


def _quiz_tests(quiz: dict[str, Any], topic_id: str) -> list[dict[str, Any]]:
    """Gradescope tests of one topic's quiz: one per question, right or wrong, so that the
    learner sees which; one for the whole quiz when its answers could not be read (there
    is nothing to say per question then)."""
    if quiz.get("message") or not quiz.get("results"):
        return [{"name": f"{topic_id} quiz", "score": quiz["score"],
                 "max_score": quiz["max_score"], "status": "failed",
                 "output": f"not graded: your {ANSWERS_FILE} could not be read"}]
    return [{"name": f"{topic_id} quiz: {r['id']}", "score": r["score"],
             "max_score": r["max_score"],
             "status": "passed" if r["result"] == "right" else "failed",
             "output": _result_line(r) + _how_to_answer(r, topic_id)}
            for r in quiz["results"]]


def _how_to_answer(result: dict[str, Any], topic_id: str) -> str:
    """How to answer a question that is not right yet, on a line of its own."""
    if result["result"] == "right":
        return ""
    again = " again" if result["result"] == "wrong" else ""
    return f"\n(`course quiz {topic_id} --only {result['id']}` answers it{again})"


def _summary_line(record: dict[str, Any]) -> str:
    """The top line a learner reads: their score, or why there is none."""
    document = record["document"]
    if record["status"] != "graded":
        why = record.get("message") or SUBMISSION_STATUSES.get(record["status"], "")
        return why[:1].upper() + why[1:]
    complete = sum(t["status"] == "complete" for t in document["topics"])
    return (f"Score {document['score']:g}/{document['max_score']:g}: {complete} of "
            f"{plural(len(document['topics']), 'topic')} complete")


def gradescope_results(record: dict[str, Any]) -> dict[str, Any]:
    """Gradescope's results format: one test per exercise and one per quiz question."""
    document = record["document"]
    tests: list[dict[str, Any]] = []
    for topic in document["topics"]:
        # Numbered within the topic, as Gradescope groups "01.1", "01.2", ...; the quiz last.
        numbers = (f"{topic['file'][:2]}.{n}" for n in itertools.count(1))
        for exercise in topic["exercises"]:
            tests.append({
                "name": exercise["id"],
                "number": next(numbers),
                "score": exercise["score"],
                "max_score": exercise["max_score"],
                "status": "passed" if exercise["status"] == "passed" else "failed",
                "output": f"{exercise['status']}: {exercise['message']}".strip(": "),
                "visibility": "visible",
            })
        if quiz := topic.get("quiz"):
            tests += [{**test, "number": next(numbers), "visibility": "visible"}
                      for test in _quiz_tests(quiz, topic["id"])]
    output = _summary_line(record)
    if quiz_problem := _quiz_problem(document):
        output += f"\n\nQuiz: {quiz_problem}."
    if notes := _answer_notes(document):
        output += "\n\n" + "\n".join(notes)
    for topic in document["topics"]:  # as `course check` shows it: unfinished topics only
        if topic.get("output") and topic["status"] != "complete":
            output += f"\n\nWhat your code printed in {topic['file']}:\n{topic['output']}"
    return {
        "score": document["score"],
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _fenced(text: str, indent: str = "") -> list[str]:
    """`text` as a Markdown code block that nothing in it can close: learner code decides
    what it prints, and a line of backticks must not let it write the feedback around it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [indent + fence, *(indent + line for line in text.splitlines()), indent + fence]


def feedback_markdown(record: dict[str, Any]) -> str:
    document = record["document"]
    lines = [f"# Feedback: {record['submission']}", "",
             f"**Total: {document['score']:g} / {document['max_score']:g}**", ""]
    if record["status"] != "graded":
        lines += [f"Status: **{record['status']}**: {record.get('message', '')}", ""]
    if quiz_problem := _quiz_problem(document):
        lines += [f"Quiz: {quiz_problem}.", ""]
    if notes := _answer_notes(document):
        lines += [notes[0], "", *notes[1:], ""]
    lines += ["| topic | status | code | quiz |", "|---|---|---|---|"]
    for topic in document["topics"]:
        quiz = topic.get("quiz")
        quiz_text = f"{quiz['score']:g}/{quiz['max_score']:g}" if quiz else "-"
        lines.append(f"| {topic['title']} | {topic['status']} | "
                     f"{topic['score']:g}/{topic['max_score']:g} | {quiz_text} |")
    lines.append("")
    # A topic not begun is one line, not a heading over every one of its exercises.
    if not_begun := [t["title"] for t in document["topics"]
                     if t["status"] == "todo" and not t.get("output")]:
        lines += [f"Not begun (every exercise still to do): {'; '.join(not_begun)}.", ""]
    for topic in document["topics"]:
        unfinished = [e for e in topic["exercises"] if e["status"] != "passed"]
        if (not unfinished or topic["status"] == "missing"
                or topic["title"] in not_begun):
            continue
        lines += [f"## {topic['title']}", ""]
        if topic["status"] in ("broken", "unavailable"):
            lines += [*_fenced(topic["message"]), ""]
        else:
            for exercise in unfinished:
                lines.append(f"- **{exercise['id']}** ({exercise['status']})")
                if exercise["message"] and exercise["status"] != "todo":
                    lines += ["", *_fenced(exercise["message"], "  ")]
            lines.append("")
        if topic.get("output"):
            lines += ["What your code printed:", "", *_fenced(topic["output"]), ""]
    # Questions of an imperfect quiz only, like unfinished exercises; a quiz that was not
    # graded is explained once, at the top, and quizzes not begun share one line.
    imperfect = [t for t in document["topics"] if t.get("quiz") and not t["quiz"].get("message")
                 and t["quiz"]["score"] < t["quiz"]["max_score"]]
    if unanswered := [t["title"] for t in imperfect if not t["quiz"]["answered"]]:
        lines += [f"Quizzes not answered: {'; '.join(unanswered)}.", ""]
    for topic in imperfect:
        if topic["quiz"]["answered"]:
            lines += [f"## Quiz: {topic['title']}", "", *_quiz_lines(topic["quiz"], topic["id"]),
                      ""]
    return "\n".join(lines) + "\n"


def write_submission_files(folder: Path, record: dict[str, Any]) -> None:
    atomic_write_text(folder / "results.json",
                      json.dumps(gradescope_results(record), indent=2) + "\n")
    atomic_write_text(folder / "feedback.md", feedback_markdown(record))


def _quiz_score(topic: dict[str, Any] | None) -> str:
    quiz = (topic or {}).get("quiz")
    return f"{quiz['score']:g}" if quiz else ""


def _names(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def integrity_flags(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What is worth an instructor's look, per submission: the same files as another
    submission (of one with some work: untouched stubs are all alike), the same quiz
    learner id as another, topic files that are the reference solution (which ships with
    the course). Flags, not verdicts: no score changes for them."""
    flags: dict[str, list[str]] = {r["submission"]: [] for r in records}
    alike: dict[tuple[str, str], list[str]] = {}
    for record in records:
        if record["status"] == "graded" and record["document"]["score"] > 0:
            alike.setdefault(("same files as", record["fingerprint"]), []).append(
                record["submission"])
        if record.get("learner"):
            alike.setdefault(("same quiz learner id as", record["learner"]), []).append(
                record["submission"])
    for (what, _), names in alike.items():
        for name in names if len(names) > 1 else ():
            flags[name].append(f"{what} {_names([n for n in names if n != name])}")
    for record in records:
        if copies := record.get("reference_copies"):
            flags[record["submission"]].append(
                f"the reference solution for {_names(copies)}")
    return flags


def grade_rows(topics: tuple[Topic, ...], records: list[dict[str, Any]],
               flags: dict[str, list[str]]) -> tuple[list[str], list[list[Any]]]:
    """The grade sheet: `submission` is the folder under --out, `source` the file or folder
    name as it was submitted (the one to attribute a grade by). DESIGN.md fixes the first
    columns (submission, status, score, max_score, then the topics), so `source` comes
    after the quizzes, then the quiz `learner` id and the `flags` (`integrity_flags`)."""
    header = ["submission", "status", "score", "max_score"]
    header += [t.id for t in topics] + [f"{t.id}_quiz" for t in topics]
    header += ["source", "learner", "flags"]
    rows = []
    for record in records:
        document = record["document"]
        by_id = {t["id"]: t for t in document["topics"]}
        row: list[Any] = [record["submission"], record["status"],
                          f"{document['score']:g}", f"{document['max_score']:g}"]
        row += [f"{by_id[t.id]['score']:g}" if t.id in by_id else "" for t in topics]
        row += [_quiz_score(by_id.get(t.id)) for t in topics]
        row += [record.get("source", ""), record.get("learner", ""),
                "; ".join(flags[record["submission"]])]
        rows.append(row)
    return header, rows


# A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(...)` in
# a submission's name); a leading apostrophe makes it text again.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """`cell`, as a spreadsheet shows it as text when it could be read as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


# What the one row of maxima.csv has in its `submission` column.
MAXIMA_LABEL = "(maximum)"


def maxima_row(topics: tuple[Topic, ...], header: list[str]) -> list[str]:
    """The most each numeric column of the grade sheet can hold, under `header`
    (`grade_rows`'): the same figures as `max_score` in grades.json."""
    from checker.quiz_bank import load_bank

    figures = {t.id: float(t.max_points) for t in topics}
    for topic in topics:
        if bank := load_bank(topic.id):
            figures[f"{topic.id}_quiz"] = bank.max_score
    figures["score"] = figures["max_score"] = sum(figures.values())
    return [MAXIMA_LABEL if column == "submission" else
            f"{figures[column]:g}" if column in figures else "" for column in header]


def _csv_text(rows: list[list[Any]]) -> str:
    """Rows as CSV text that a spreadsheet opens as written: a byte-order mark first, so
    that Excel reads it as UTF-8 (a double click showed `Müller` as `MÃ¼ller`), and no cell
    it would take for a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def write_sheets(out: Path, topics: tuple[Topic, ...], records: list[dict[str, Any]]) -> None:
    """grades.csv, maxima.csv, grades.json, summary.md and summary.png of `records`.

    grades.csv holds one row per submission and nothing else: the maxima are a file of their
    own, maxima.csv (grades.csv's header, then one row: `(maximum)` and each column's
    maximum), not a row of grades.csv, where an LMS import or a column's average would take
    it for a learner, nor in the headers (`stats (18)`), which would rename the columns by
    topic id that DESIGN.md fixes, and which Canvas reads as an assignment's id. Both files
    start with a UTF-8 byte-order mark, for Excel (`_csv_text`); Moodle's CSV import drops
    it, and Python reads them with encoding="utf-8-sig"."""
    records = sorted(records, key=lambda r: r["submission"])
    flags = integrity_flags(records)
    header, rows = grade_rows(topics, records, flags)
    atomic_write_text(out / "grades.csv", _csv_text([header, *rows]))
    atomic_write_text(out / "maxima.csv", _csv_text([header, maxima_row(topics, header)]))
    documents = [{**r["document"], "submission": r["submission"],
                  "source": r.get("source", ""), "status": r["status"],
                  "seed": r.get("seed"), "learner": r.get("learner", ""),
                  "flags": flags[r["submission"]]} for r in records]
    atomic_write_text(out / "grades.json", json.dumps(documents, indent=2) + "\n")
    summary = class_summary(topics, records)
    summary["flags"] = {name: found for name, found in flags.items() if found}  # in order
    atomic_write_text(out / "summary.md", summary_markdown(summary))
    draw_summary(summary, out / "summary.png")


def class_summary(topics: tuple[Topic, ...], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures of the class. Totals, mean, median and pass rates are all of the graded
    submissions: an empty, corrupt or refused one has no score to speak of, and counting
    its 0 would pull the figures down by how many files could not be read."""
    graded = [r for r in records if r["status"] == "graded"]
    totals = [r["document"]["score"] for r in graded]
    max_score = max((r["document"]["max_score"] for r in records), default=0.0)
    statuses_of = [{e["id"]: e["status"] for t in r["document"]["topics"]
                    for e in t["exercises"]} for r in graded]
    pass_rates, passed, attempted = {}, {}, {}
    for exercise in (e for topic in topics for e in topic.exercises):
        found = [statuses.get(exercise.id, "todo") for statuses in statuses_of]
        passed[exercise.id] = found.count("passed")
        # Attempted: anything but still to do (a missing file's exercises are to do too).
        attempted[exercise.id] = len(found) - found.count("todo")
        pass_rates[exercise.id] = passed[exercise.id] / len(graded) if graded else 0.0
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    ordered = sorted(totals)
    median = (ordered[len(ordered) // 2] if len(ordered) % 2 else
              (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2) if ordered else 0
    return {"submissions": len(records), "graded": len(graded), "statuses": statuses,
            "totals": totals, "max_score": max_score,
            "mean": sum(totals) / len(totals) if totals else 0.0,
            "median": median, "pass_rates": pass_rates, "passed": passed,
            "attempted": attempted, "sandbox_gaps": sandbox_gaps(records)}


def sandbox_gaps(records: list[dict[str, Any]]) -> dict[str, int]:
    """Each thing learner code could do where it was graded (`checker.doctor.grading_gaps`),
    with how many of `records` were graded so, in the order first met."""
    counts: dict[str, int] = {}
    for record in records:
        for gap in record.get("sandbox_gaps") or []:
            counts[gap] = counts.get(gap, 0) + 1
    return counts


def hardest_first(summary: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(exercise, passed, attempted) of the exercises some graded submission attempted,
    the lowest share passing first: an exercise few reached is not hard for that, and
    counting the rest as failures put every late topic at the top."""
    tried = [(e, summary["passed"][e], n) for e, n in summary["attempted"].items() if n]
    return sorted(tried, key=lambda row: (row[1] / row[2], -row[2]))


def not_attempted(summary: dict[str, Any]) -> list[str]:
    return [e for e, n in summary["attempted"].items() if not n]


def _of_graded(summary: dict[str, Any]) -> str:
    """Which submissions the figures count, as the text says it."""
    count = summary["graded"]
    return "the graded submission" if count == 1 else f"the {count} graded submissions"


def summary_markdown(summary: dict[str, Any]) -> str:
    lines = ["# Class summary", "",
             f"- {plural(summary['submissions'], 'submission')}: "
             + ", ".join(f"{n} {s}" for s, n in sorted(summary["statuses"].items()))]
    if summary["graded"]:
        lines += [f"- mean total of {_of_graded(summary)}: {summary['mean']:.1f} / "
                  f"{summary['max_score']:g}",
                  f"- median total of {_of_graded(summary)}: {round(summary['median'], 1):g} / "
                  f"{summary['max_score']:g}"]
    else:
        lines.append("- no submission was graded: no mean, median or pass rate")
    if summary.get("sandbox_gaps"):
        lines += ["", "## Not fully confined", "",
                  "Submissions were graded where learner code lacks protections that it has "
                  "when the grader runs as root on Linux with namespaces allowed (`course "
                  "doctor` says why):", ""]
        lines += [f"- {gap} ({count} of {plural(summary['submissions'], 'submission')})"
                  for gap, count in summary["sandbox_gaps"].items()]
    if summary.get("flags"):
        lines += ["", "## Worth a look", "",
                  "Flags, not verdicts: no score was changed for them.", ""]
        lines += [f"- {name}: {'; '.join(found)}" for name, found in summary["flags"].items()]
    lines += ["", f"## Exercises, hardest first, among {_of_graded(summary)}", "",
              "Of those that attempted an exercise (anything but the stub's \"to do\"), the "
              "share that pass it; then the share of all graded submissions.", "",
              "| exercise | passed / attempted | of those who tried | of all |",
              "|---|---|---|---|"]
    for exercise_id, passed, tried in hardest_first(summary):
        lines.append(f"| {exercise_id} | {passed} / {tried} | {passed / tried:.0%} | "
                     f"{summary['pass_rates'][exercise_id]:.0%} |")
    if untried := not_attempted(summary):
        lines += ["", f"Attempted by no graded submission ({len(untried)}): "
                      f"{', '.join(untried)}."]
    return "\n".join(lines) + "\n"


def load_drawing() -> None:
    """Import what `draw_summary` needs (0.4 s). `course grade` does it in a background
    thread as its runners start, while a CPU is still free, not after the last one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.backends.backend_agg  # noqa: F401 - what savefig draws with
    import matplotlib.figure  # noqa: F401


def draw_summary(summary: dict[str, Any], path: Path) -> None:
    """The graded submissions' totals as a histogram of a fixed height, and below it the
    pass rate per exercise among those that attempted it, hardest at the top: only that
    chart grows with the course."""
    load_drawing()
    from matplotlib.figure import Figure

    rates = [(name, passed / tried) for name, passed, tried in hardest_first(summary)]
    # The axes are placed in inches, from the longest exercise name, instead of by a layout
    # engine: measuring some 2,000 tick labels to lay them out took 0.4 s of every batch.
    width, left, right, title, xlabel = 12.0, 0.8, 0.3, 0.45, 0.6
    totals_height = 3.0
    rates_height = max(1.0, 0.22 * len(rates))
    height = title + totals_height + xlabel + title + rates_height + xlabel
    labels = 0.058 * max((len(name) for name, _ in rates), default=0) + 0.15
    figure = Figure(figsize=(width, height))

    def axes_at(x: float, top: float, across: float, tall: float) -> Any:
        """Axes `across` by `tall` inches, `x` from the left and `top` from the top."""
        return figure.add_axes((x / width, (height - top - tall) / height,
                                across / width, tall / height))

    totals_axes = axes_at(left, title, width - left - right, totals_height)
    rates_left = max(left, labels + 0.1)
    rates_axes = axes_at(rates_left, title + totals_height + xlabel + title,
                         width - rates_left - right, rates_height)
    top = summary["max_score"] or 1.0
    totals_axes.hist(summary["totals"], bins=min(20, max(5, len(summary["totals"]))),
                     range=(0, top), color="#4878a8", edgecolor="white")
    totals_axes.set_xlabel(f"total score (of {top:g})")
    totals_axes.set_ylabel("submissions")
    totals_axes.yaxis.get_major_locator().set_params(integer=True)  # counts of submissions
    totals_axes.set_title(f"Totals of {_of_graded(summary)}, "
                          f"median {round(summary['median'], 1):g}")
    names = [name for name, _ in rates]
    values = [100 * rate for _, rate in rates]
    colours = ["#c44e52" if v < 50 else "#dd8452" if v < 80 else "#55a868" for v in values]
    rates_axes.barh(range(len(names)), values, color=colours)
    rates_axes.set_yticks(range(len(names)), names, fontsize=7)
    rates_axes.set_ylim(max(len(names), 1) - 0.5, -0.5)  # hardest at the top, no empty band
    if not names:
        rates_axes.text(50, 0, "no graded submission attempted an exercise", ha="center",
                        va="center")
    rates_axes.set_xlim(0, 100)
    rates_axes.set_xlabel("passing, of the graded submissions that attempted it (%)")
    untried = len(not_attempted(summary))
    rates_axes.set_title("Pass rate per exercise among those who tried it (hardest first)"
                         + (f"; {untried} attempted by none are left out" if untried else ""))
    temporary = path.with_name(f".{path.name}.tmp")
    figure.savefig(temporary, format="png", dpi=100)
    temporary.replace(path)
