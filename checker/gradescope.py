"""Gradescope's autograder entry point: grade /autograder/submission, write its results.json.

With no submission folder (a broken autograder set-up, never a learner's doing) it still
writes a results.json with a score of 0 that says so, where the results folder exists:
without one, Gradescope shows the learner only that the autograder failed. It exits 2
all the same, so the set-up problem is not mistaken for a grade."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from checker.errors import UsageProblem
from checker.files import atomic_write_text
from checker.grading import Submission, grade_one
from checker.manifest import load_manifest


def run_gradescope(submission_dir: Path, results_path: Path,
                   topic_ids: tuple[str, ...] = ()) -> dict[str, Any]:
    if not submission_dir.is_dir():
        if results_path.parent.is_dir():
            atomic_write_text(results_path, json.dumps({
                "score": 0.0,
                "output": ("The autograder found no submission to grade. This is a problem "
                           "with the assignment's set-up, not with your work: please tell "
                           "your instructor."),
                "visibility": "visible",
                "tests": [],
            }, indent=2) + "\n")
        raise UsageProblem(f"no folder {submission_dir}")
    # Before the work, not after it: the OS would only say "File exists" when writing.
    for folder in (results_path.parent, *results_path.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise UsageProblem(f"{folder} is a file, so results cannot be written to "
                               f"{results_path}")
    scratch = Path(tempfile.mkdtemp(prefix="course-gradescope-"))
    try:
        load_manifest().select(topic_ids)  # an unknown topic is a usage error, before work
        record = grade_one(Submission("submission", submission_dir), scratch,
                           topic_ids=topic_ids)
        atomic_write_text(results_path,
                          (scratch / "submission" / "results.json").read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return record
