"""Gradescope's autograder entry point: grade /autograder/submission, write its results.json."""

from __future__ import annotations

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
