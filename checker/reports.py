"""What `course grade` writes: Gradescope's results.json, feedback.md, the grade sheets and
the class summary (summary.md and summary.png). Data in, files out; nothing printed."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from checker.files import atomic_write_text
from checker.manifest import Topic

SUBMISSION_STATUSES = {
    "graded": "graded",
    "empty": "no topic file found in the submission",
    "corrupt": "the archive could not be read",
    "refused": "the archive was refused as unsafe",
    "error": "grading failed; see the message",
}


def gradescope_results(record: dict[str, Any]) -> dict[str, Any]:
    """Gradescope's results format: one test per exercise and one per quiz."""
    document = record["document"]
    tests: list[dict[str, Any]] = []
    for topic in document["topics"]:
        for exercise in topic["exercises"]:
            tests.append({
                "name": exercise["id"],
                "number": f"{topic['file'][:2]}.{len(tests) + 1}",
                "score": exercise["score"],
                "max_score": exercise["max_score"],
                "status": "passed" if exercise["status"] == "passed" else "failed",
                "output": f"{exercise['status']}: {exercise['message']}".strip(": "),
                "visibility": "visible",
            })
        quiz = topic.get("quiz")
        if quiz:
            tests.append({
                "name": f"{topic['id']} quiz",
                "score": quiz["score"],
                "max_score": quiz["max_score"],
                "status": "passed" if quiz["score"] == quiz["max_score"] else "failed",
                "output": f"{quiz['answered']} of {quiz['questions']} questions answered",
                "visibility": "visible",
            })
    why = record.get("message") or SUBMISSION_STATUSES.get(record["status"], "")
    output = f"{record['status']}: {why}"
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
    lines += ["| topic | status | code | quiz |", "|---|---|---|---|"]
    for topic in document["topics"]:
        quiz = topic.get("quiz")
        quiz_text = f"{quiz['score']:g}/{quiz['max_score']:g}" if quiz else "-"
        lines.append(f"| {topic['title']} | {topic['status']} | "
                     f"{topic['score']:g}/{topic['max_score']:g} | {quiz_text} |")
    lines.append("")
    for topic in document["topics"]:
        unfinished = [e for e in topic["exercises"] if e["status"] != "passed"]
        if not unfinished or topic["status"] == "missing":
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
    return "\n".join(lines) + "\n"


def write_submission_files(folder: Path, record: dict[str, Any]) -> None:
    atomic_write_text(folder / "results.json",
                      json.dumps(gradescope_results(record), indent=2) + "\n")
    atomic_write_text(folder / "feedback.md", feedback_markdown(record))


def _quiz_score(topic: dict[str, Any] | None) -> str:
    quiz = (topic or {}).get("quiz")
    return f"{quiz['score']:g}" if quiz else ""


def grade_rows(topics: tuple[Topic, ...], records: list[dict[str, Any]]
               ) -> tuple[list[str], list[list[Any]]]:
    header = ["submission", "status", "score", "max_score"]
    header += [t.id for t in topics] + [f"{t.id}_quiz" for t in topics]
    rows = []
    for record in records:
        document = record["document"]
        by_id = {t["id"]: t for t in document["topics"]}
        row: list[Any] = [record["submission"], record["status"],
                          f"{document['score']:g}", f"{document['max_score']:g}"]
        row += [f"{by_id[t.id]['score']:g}" if t.id in by_id else "" for t in topics]
        row += [_quiz_score(by_id.get(t.id)) for t in topics]
        rows.append(row)
    return header, rows


def write_sheets(out: Path, topics: tuple[Topic, ...], records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["submission"])
    header, rows = grade_rows(topics, records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write_text(out / "grades.csv", buffer.getvalue())
    documents = [{**r["document"], "submission": r["submission"], "status": r["status"]}
                 for r in records]
    atomic_write_text(out / "grades.json", json.dumps(documents, indent=2) + "\n")
    summary = class_summary(topics, records)
    atomic_write_text(out / "summary.md", summary_markdown(summary))
    draw_summary(summary, out / "summary.png")


def class_summary(topics: tuple[Topic, ...], records: list[dict[str, Any]]) -> dict[str, Any]:
    graded = [r for r in records if r["status"] == "graded"]
    totals = [r["document"]["score"] for r in records]
    max_score = max((r["document"]["max_score"] for r in records), default=0.0)
    pass_rates = {}
    for exercise in (e for topic in topics for e in topic.exercises):
        passed = sum(
            any(e["id"] == exercise.id and e["status"] == "passed"
                for t in r["document"]["topics"] for e in t["exercises"])
            for r in graded)
        pass_rates[exercise.id] = passed / len(graded) if graded else 0.0
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    ordered = sorted(totals)
    median = (ordered[len(ordered) // 2] if len(ordered) % 2 else
              (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2) if ordered else 0
    return {"submissions": len(records), "statuses": statuses, "totals": totals,
            "max_score": max_score, "mean": sum(totals) / len(totals) if totals else 0.0,
            "median": median, "pass_rates": pass_rates}


def summary_markdown(summary: dict[str, Any]) -> str:
    lines = ["# Class summary", "",
             f"- submissions: {summary['submissions']} ("
             + ", ".join(f"{n} {s}" for s, n in sorted(summary["statuses"].items())) + ")",
             f"- mean total: {summary['mean']:.1f} / {summary['max_score']:g}",
             f"- median total: {summary['median']:g} / {summary['max_score']:g}", "",
             "## Pass rate per exercise, hardest first", "",
             "| exercise | pass rate |", "|---|---|"]
    for exercise_id, rate in sorted(summary["pass_rates"].items(), key=lambda item: item[1]):
        lines.append(f"| {exercise_id} | {rate:.0%} |")
    return "\n".join(lines) + "\n"


def load_drawing() -> None:
    """Import what `draw_summary` needs (0.4 s). `course grade` does it in a background
    thread as its runners start, while a CPU is still free, not after the last one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.backends.backend_agg  # noqa: F401 - what savefig draws with
    import matplotlib.figure  # noqa: F401


def draw_summary(summary: dict[str, Any], path: Path) -> None:
    """Totals as a histogram and pass rate per exercise, hardest at the top."""
    load_drawing()
    from matplotlib.figure import Figure

    rates = sorted(summary["pass_rates"].items(), key=lambda item: item[1])
    height = max(4.0, 0.22 * len(rates) + 1.5)
    # The axes are placed in inches, from the longest exercise name, instead of by a layout
    # engine: measuring some 2,000 tick labels to lay them out took 0.4 s of every batch.
    width, left, gap, right, bottom, top_margin = 12.0, 0.8, 0.5, 0.3, 0.6, 0.45
    labels = 0.058 * max((len(name) for name, _ in rates), default=0) + 0.15
    plotted = width - left - gap - labels - right
    figure = Figure(figsize=(width, height))

    def axes_at(x: float, across: float) -> Any:
        return figure.add_axes((x / width, bottom / height, across / width,
                                (height - bottom - top_margin) / height))

    totals_axes = axes_at(left, plotted / 2.4)
    rates_axes = axes_at(left + plotted / 2.4 + gap + labels, plotted * 1.4 / 2.4)
    top = summary["max_score"] or 1.0
    totals_axes.hist(summary["totals"], bins=min(20, max(5, len(summary["totals"]))),
                     range=(0, top), color="#4878a8", edgecolor="white")
    totals_axes.set_xlabel(f"total score (of {top:g})")
    totals_axes.set_ylabel("submissions")
    totals_axes.set_title(f"Totals: {summary['submissions']} submissions, "
                          f"median {summary['median']:g}")
    names = [name for name, _ in rates]
    values = [100 * rate for _, rate in rates]
    colours = ["#c44e52" if v < 50 else "#dd8452" if v < 80 else "#55a868" for v in values]
    rates_axes.barh(range(len(names)), values, color=colours)
    rates_axes.set_yticks(range(len(names)), names, fontsize=7)
    rates_axes.invert_yaxis()
    rates_axes.set_xlim(0, 100)
    rates_axes.set_xlabel("graded submissions passing (%)")
    rates_axes.set_title("Pass rate per exercise (hardest first)")
    temporary = path.with_name(f".{path.name}.tmp")
    figure.savefig(temporary, format="png", dpi=100)
    temporary.replace(path)
