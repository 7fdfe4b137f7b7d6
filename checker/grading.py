"""`course grade`: a class's submissions graded in parallel, each record kept as it lands.

Each folder or .zip in the submissions folder is one submission. Its course files (topic
files and quiz answers, nothing else) are copied or safely unpacked into
`OUT/.work/<name>/`, checked like `course check` does, and its record written atomically
to `OUT/<name>/record.json` with `results.json` (Gradescope) and `feedback.md` beside it,
the moment it is graded. A run that stops (even killed) loses nothing: run it again with
the same `--out` and it grades only the submissions without an up-to-date record (the
record keeps a fingerprint of the submission's bytes), then rewrites the sheets.

Speed: `--jobs` runner processes come from one multiprocessing fork server that imported
pytest, NumPy and SciPy once (`checker.grading_warm`); each keeps its imports and suites
warm across submissions, all share one learner-side fork server, and every learner file
still runs in a fresh, limited worker of its own.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from checker.archive import (
    SubmissionRefused,
    copy_submission_folder,
    extract_submission,
    find_learner_dir,
)
from checker.errors import UsageProblem
from checker.files import atomic_write_text
from checker.manifest import Topic, load_manifest
from checker.parallel import usable_cpus
from checker.reports import load_drawing, write_sheets, write_submission_files
from checker.sandbox import Limits

RECORD_FILE = "record.json"
WORK_DIR = ".work"
RECORD_VERSION = 1


@dataclass(frozen=True)
class Submission:
    name: str
    source: Path


def discover(folder: Path) -> list[Submission]:
    """Every folder and .zip directly inside `folder`, with a unique, safe name each."""
    if not folder.is_dir():
        raise UsageProblem(f"no folder {folder}")
    submissions: list[Submission] = []
    taken: set[str] = set()
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if not (entry.is_dir() or (entry.is_file() and entry.suffix.lower() == ".zip")):
            continue
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", entry.stem if entry.is_file() else entry.name)
        base = base.strip("._") or "submission"
        name, counter = base, 2
        while name in taken:
            name, counter = f"{base}~{counter}", counter + 1
        taken.add(name)
        submissions.append(Submission(name, entry))
    return submissions


def fingerprint(source: Path) -> str:
    digest = hashlib.sha256()
    if source.is_file():
        with open(source, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest.update(str(path.relative_to(source)).encode() + b"\0")
            digest.update(path.read_bytes() if path.stat().st_size < 10 * 2**20 else b"big")
        elif path.is_symlink():
            digest.update(b"link:" + str(path.relative_to(source)).encode())
    return digest.hexdigest()


def _record(name: str, status: str, message: str, document: dict[str, Any],
            print_: str, topics: tuple[Topic, ...]) -> dict[str, Any]:
    return {"version": RECORD_VERSION, "submission": name, "status": status,
            "message": message, "fingerprint": print_, "topics": [t.id for t in topics],
            "document": document}


def grade_one(submission: Submission, out: Path, seed: int | None = None,
              topic_ids: tuple[str, ...] = (), limits: Limits | None = None) -> dict[str, Any]:
    """Grade one submission and write its files; never raises for a bad submission."""
    from checker.plugin import RunRecords
    from checker.results import build_document
    from checker.runner import run_check

    course = load_manifest()
    topics = course.select(topic_ids)
    print_ = fingerprint(submission.source)
    staging = out / WORK_DIR / submission.name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    status, message = "graded", ""
    try:
        if submission.source.is_file():
            extract_submission(submission.source, staging)
        else:
            copy_submission_folder(submission.source, staging)
        learner_dir = find_learner_dir(staging, course)
        if learner_dir is None:
            status, message = "empty", "no topic file (NN_<topic>.py) found"
            learner_dir = staging
            document = build_document(course, topics, RunRecords(), learner_dir)
        else:
            document = run_check(course, topics, learner_dir, seed=seed, limits=limits)
    except SubmissionRefused as exc:
        status, message = exc.status, exc.message
        document = build_document(course, topics, RunRecords(), staging)
    except Exception as exc:  # noqa: BLE001 - one submission never stops the batch
        status, message = "error", f"{type(exc).__name__}: {exc}"
        document = build_document(course, topics, RunRecords(), staging)
    record = _store(submission, out, status, message, document, print_, topics)
    shutil.rmtree(staging, ignore_errors=True)
    return record


def _store(submission: Submission, out: Path, status: str, message: str,
           document: dict[str, Any], print_: str, topics: tuple[Topic, ...]) -> dict[str, Any]:
    """Write a submission's results.json, feedback.md and, last, its record."""
    document["submission"] = submission.name
    document["path"] = submission.source.name
    record = _record(submission.name, status, message, document, print_, topics)
    folder = out / submission.name
    write_submission_files(folder, record)
    # The record goes last: its presence is what marks the submission as done.
    atomic_write_text(folder / RECORD_FILE, json.dumps(record, indent=2) + "\n")
    return record


def load_record(out: Path, name: str) -> dict[str, Any] | None:
    try:
        record = json.loads((out / name / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION:
        return None
    return record


def _start_runner() -> None:
    """A runner's first step: a client of the fork server that `checker.grading_warm`
    started, or else a fork server of its own, with everything imported before the first
    submission either way."""
    from checker.forkserver import attach_inherited, preload_everything

    attach_inherited()
    preload_everything()


def _pool(jobs: int) -> concurrent.futures.ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["checker.grading_warm"])
    return concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                                  initializer=_start_runner)


@dataclass
class BatchResult:
    records: list[dict[str, Any]]
    graded_now: int
    skipped: int


def grade_batch(submissions_dir: Path, out: Path, jobs: int | None = None,
                on_progress: Callable[[int, int, dict[str, Any] | None], None] | None = None,
                seed: int | None = None, topic_ids: tuple[str, ...] = (),
                limits: Limits | None = None) -> BatchResult:
    course = load_manifest()
    wanted = [t.id for t in course.select(topic_ids)]
    submissions = discover(submissions_dir)
    if not submissions:
        raise UsageProblem(f"no submissions (folders or .zip files) in {submissions_dir}")
    out.mkdir(parents=True, exist_ok=True)
    (out / WORK_DIR).mkdir(mode=0o700, exist_ok=True)
    records: dict[str, dict[str, Any]] = {}
    pending: list[Submission] = []
    for submission in submissions:
        record = load_record(out, submission.name)
        if (record is not None and record.get("topics") == wanted
                and record.get("fingerprint") == fingerprint(submission.source)):
            records[submission.name] = record
        else:
            pending.append(submission)
    total, done = len(submissions), len(records)
    if on_progress:
        on_progress(done, total, None)
    jobs = max(1, jobs or usable_cpus())
    workers = min(jobs, max(1, len(pending)))
    if pending:
        threading.Thread(target=load_drawing, name="load-drawing", daemon=True).start()
    for record in _run_pending(pending, out, workers, seed, tuple(wanted), limits):
        records[record["submission"]] = record
        done += 1
        if on_progress:
            on_progress(done, total, record)
    ordered = [records[s.name] for s in submissions]
    write_sheets(out, course.select(tuple(wanted)), ordered)
    return BatchResult(ordered, graded_now=len(pending), skipped=total - len(pending))


def _run_pending(pending: list[Submission], out: Path, jobs: int, seed: int | None,
                 topic_ids: tuple[str, ...], limits: Limits | None,
                 grade: Callable[..., dict[str, Any]] = grade_one
                 ) -> Iterator[dict[str, Any]]:
    """Yield records as submissions finish; a runner that dies costs only its submission.

    A runner that dies (the kernel's out-of-memory killer, a crash in a library) breaks
    the whole pool, and every submission not finished yet fails with it, whichever one
    killed the runner. Those are graded again one at a time, each alone in its pool, where
    a runner that dies is its submission's doing: that one gets status error and a new
    pool grades the rest.
    """
    if not pending:
        return
    failed: list[Submission] = []
    with _pool(jobs) as pool:
        futures = {pool.submit(grade, s, out, seed, topic_ids, limits): s for s in pending}
        for future in concurrent.futures.as_completed(futures):
            try:
                yield future.result()
            except concurrent.futures.process.BrokenProcessPool:
                failed.append(futures[future])
    failed.sort(key=pending.index)
    while failed:
        with _pool(1) as pool:
            while failed:
                submission = failed.pop(0)
                try:
                    record = pool.submit(grade, submission, out, seed, topic_ids,
                                         limits).result()
                except concurrent.futures.process.BrokenProcessPool:
                    yield _crashed(submission, out, topic_ids)
                    break  # this pool is broken too: a new one for the rest
                yield record


def _crashed(submission: Submission, out: Path, topic_ids: tuple[str, ...]) -> dict[str, Any]:
    from checker.plugin import RunRecords
    from checker.results import build_document

    course = load_manifest()
    topics = course.select(topic_ids)
    document = build_document(course, topics, RunRecords(), out / WORK_DIR)
    return _store(submission, out, "error",
                  "grading this submission crashed, also when it was graded alone",
                  document, fingerprint(submission.source), topics)
