"""`course grade`: a class's submissions graded in parallel, each record kept as it lands.

Each folder or .zip in the submissions folder is one submission. Its course files (topic
files and quiz answers, nothing else) are copied or safely unpacked into
`OUT/.work/<name>/`, checked like `course check` does, and its record written atomically
to `OUT/<name>/record.json` with `results.json` (Gradescope) and `feedback.md` beside it,
the moment it is graded. A run that stops (even killed) loses nothing: run it again with
the same `--out` and it grades only the submissions without an up-to-date record (the
record keeps a fingerprint of what grading reads of the submission), then rewrites the
sheets.

Speed: `--jobs` runner processes come from one multiprocessing fork server that imported
pytest, NumPy and SciPy once (`checker.grading_warm`); each keeps its imports and suites
warm across submissions, all share one learner-side fork server, and every learner file
still runs in a fresh, limited worker of its own.

Stopping: Ctrl-C or SIGTERM abandons the submissions being graded (no record: the next run
grades them), kills the runners and writes the sheets of the submissions that have a record;
the others are left out of them until a later run grades them, and the command exits 130
(`checker.errors.Interrupted`). Killed outright, `course grade` takes its runners, their fork
server and the zygote with it (PR_SET_PDEATHSIG, Linux), and the next run removes the folder
multiprocessing left (`remove_stale_pool_folders`).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import fcntl
import functools
import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import tokenize
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from checker.archive import (
    MAX_FILE_BYTES,
    SubmissionRefused,
    copy_submission_folder,
    extract_submission,
    find_learner_dir,
    folders_with_topic_files,
    other_archive,
    submitted_names,
    wanted_files,
)
from checker.doctor import grading_gaps
from checker.errors import Interrupted, UsageProblem
from checker.files import atomic_write_text
from checker.manifest import Course, Topic, load_manifest
from checker.parallel import die_with_parent, usable_cpus
from checker.paths import solutions_dir
from checker.quiz_answers import (
    ANSWERS_FILE,
    REFERENCE_LEARNER,
    AnswersFileError,
    load_answers,
    not_graded_summary,
)
from checker.reports import load_drawing, write_sheets, write_submission_files
from checker.sandbox import Limits, clean_stale_cells

RECORD_FILE = "record.json"
WORK_DIR = ".work"
# 2: the record gained `source`, and fingerprints cover only what grading reads.
# 3: each quiz result gained its score and question text, each quiz summary its notes: a
#    batch graded before grades its submissions again, so that all feedback shows them.
RECORD_VERSION = 3


# Names of what `course grade` writes into --out: a submission may not take them.
_RESERVED_NAMES = frozenset({WORK_DIR, "grades.csv", "maxima.csv", "grades.json",
                             "summary.md", "summary.png"})
# Not submissions: what macOS's archiver adds beside the files it zips.
_NOT_SUBMISSIONS = frozenset({"__MACOSX"})
# A cleaned-up name's bytes at most: a folder name has to fit the file system (255 bytes).
_NAME_BYTES = 200


def _holds(entry: Path, out: Path) -> bool:
    """Whether `entry` is `out` or a folder above it."""
    try:
        out.resolve().relative_to(entry.resolve())
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Submission:
    name: str  # unique and safe as a folder name under --out
    source: Path  # the file or folder as submitted; its name is what the learner chose


def discover(folder: Path, out: Path | None = None) -> list[Submission]:
    """Every folder and .zip directly inside `folder`, with a unique, safe name each.

    A name keeps the submission's letters and digits in any script (`李雷`, `Zoë_Müller`);
    everything else (separators, spaces, control characters, a leading dot) becomes `_`.
    An entry whose name is already clean gets it before any cleaned-up name can take it,
    so folders `Doe Jane` and `Doe_Jane` are `Doe_Jane~2` and `Doe_Jane`; names differing
    only in case are told apart too (`dave_brown~2`). Skipped: hidden
    entries, links, `__MACOSX`, and an output folder of `course grade` (known by its
    `.work` folder or its grade sheets: `course grade . --out graded` run again) or a folder
    holding one; and `out` itself, or the folder inside `folder` that holds it, even
    before grading has written anything there."""
    if not folder.is_dir():
        raise UsageProblem(f"no folder {folder}")
    loose = [entry.name for entry in sorted(folder.iterdir()) if _is_loose_course_file(entry)]
    if loose:
        # Graded as they are, they would be skipped in silence, and the learners with them.
        raise UsageProblem(
            f"{len(loose)} course file(s) lie loose in {folder}, such as {loose[0]}: each "
            "folder or .zip there is one learner's submission (a Canvas or Blackboard "
            "download puts every learner's files side by side); move each learner's files "
            "into a folder of their own, named for the learner")
    entries = [entry for entry in sorted(folder.iterdir())
               if _may_be_submission(entry) and not (out and _holds(entry, out))]
    bases = {entry: _safe_name(entry.stem if entry.is_file() else entry.name)
             for entry in entries}
    names: dict[Path, str] = {}
    taken: set[str] = set()
    # Two passes: the clean names first, so that no cleaned-up name takes one of them.
    for clean_pass in (True, False):
        for entry in entries:
            original = entry.stem if entry.is_file() else entry.name
            if (bases[entry] == unicodedata.normalize("NFC", original)) != clean_pass:
                continue
            base = name = bases[entry]
            counter = 2
            # Case folded: on macOS's and Windows' file systems Dave_Brown and dave_brown
            # are one folder, and --out may be copied there.
            while name.casefold() in taken or name in _RESERVED_NAMES:
                name, counter = f"{base}~{counter}", counter + 1
            taken.add(name.casefold())
            names[entry] = name
    return [Submission(names[entry], entry) for entry in entries]


def _may_be_submission(entry: Path) -> bool:
    if entry.name.startswith(".") or entry.is_symlink() or entry.name in _NOT_SUBMISSIONS:
        return False
    if entry.is_file():
        # Another kind of archive gets a row that says it cannot be read, not silence.
        return entry.suffix.lower() == ".zip" or other_archive(entry) is not None
    if not entry.is_dir():
        return False
    # `course grade . --out graded` must not grade `graded` on its second run, nor a
    # folder that holds a run's output (`--out results/week3`).
    return not any(_is_grade_output(path) for path in (entry, *_subfolders(entry)))


# A topic file or the quiz answers, under a name that an LMS prefixed with its learner's
# (`doejane_12345_67890_04_stats.py`) and may have suffixed (`-1`, a second upload).
_LOOSE_COURSE_FILE = re.compile(r"(\d\d_[a-z_]+|quiz_answers)(-\d+)?\.(py|toml)$", re.I)


def _is_loose_course_file(entry: Path) -> bool:
    return (not entry.name.startswith(".") and entry.is_file() and not entry.is_symlink()
            and _LOOSE_COURSE_FILE.search(entry.name) is not None)


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [child for child in folder.iterdir()
                if child.is_dir() and not child.is_symlink()]
    except OSError:
        return []


def _is_grade_output(folder: Path) -> bool:
    """Whether `folder` is an --out folder: its scratch folder is made before any grading
    starts, and the grade sheets are written at the end."""
    return (folder / WORK_DIR).is_dir() or (
        (folder / "grades.csv").is_file() and (folder / "grades.json").is_file())


def _safe_name(name: str) -> str:
    """`name` as a folder name that is safe anywhere: letters and digits of any script,
    `.`, `_` and `-` kept, any other run of characters one `_`, no leading dot."""
    # NFC: macOS writes `ë` as `e` and a combining mark, which is no letter on its own.
    cleaned = re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", name)).strip("._-")
    cleaned = cleaned.encode()[:_NAME_BYTES].decode(errors="ignore").rstrip("._-")
    return cleaned or "submission"


def fingerprint(source: Path) -> str:
    """A digest of what grading reads from `source`: a zip's bytes, or a folder's topic
    files and quiz answers (see `checker.archive.wanted_files`), so that `course check`
    writing `.course/state.json` into a submission, or any other file it holds, does not
    make it graded again."""
    digest = hashlib.sha256()
    if source.is_file():
        with open(source, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    for path in wanted_files(source):
        relative = str(path.relative_to(source)).encode()
        if path.is_symlink():
            digest.update(b"link:" + relative + b"\0")
        elif not path.is_file():
            digest.update(b"special:" + relative + b"\0")
        else:
            digest.update(b"file:" + relative + b"\0")
            size = path.stat().st_size
            if path.suffix.lower() == ".zip":  # a Moodle upload: unpacked, whatever its size
                with open(path, "rb") as stream:
                    while chunk := stream.read(1 << 20):
                        digest.update(chunk)
            else:
                # A file over the cap refuses the submission whatever it holds: its size does.
                digest.update(path.read_bytes() if size <= MAX_FILE_BYTES
                              else b"big:%d" % size)
            digest.update(b"\0")
    return digest.hexdigest()


def _record(submission: Submission, status: str, message: str, document: dict[str, Any],
            print_: str, topics: tuple[Topic, ...], seed: int | None,
            learner: str = "", reference_copies: list[str] | None = None,
            sandbox_gaps: list[str] | None = None) -> dict[str, Any]:
    # sandbox_gaps: what its code could have done where it was graded (`grading_gaps`);
    # empty when no learner code ran. A record of an earlier version lacks the key.
    return {"version": RECORD_VERSION, "submission": submission.name,
            "source": submission.source.name, "status": status, "message": message,
            "fingerprint": print_, "topics": [t.id for t in topics], "seed": seed,
            "learner": learner, "reference_copies": reference_copies or [],
            "sandbox_gaps": sandbox_gaps or [], "document": document}


# What a learner reads before the reason when their submission could not be graded.
_NOT_GRADED = {
    "corrupt": "your zip could not be read",
    "refused": "your submission was refused as unsafe",
    "error": "grading your submission failed",
}


def grade_one(submission: Submission, out: Path, seed: int | None = None,
              topic_ids: tuple[str, ...] = (), limits: Limits | None = None) -> dict[str, Any]:
    """Grade one submission and write its files; never raises for a bad submission.

    The record's message, and every message of a submission that was not graded, is meant
    for the learner: it says why in their words and never names a folder of ours."""
    from checker.results import add_question_texts
    from checker.runner import run_check

    course = load_manifest()
    topics = course.select(topic_ids)
    print_ = fingerprint(submission.source)
    # Drawn here, not inside the check, so that the record keeps it: a disputed grade is
    # graded again on the same inputs with `course grade --seed` (or `course check --seed`).
    seed = secrets.randbits(32) if seed is None else seed
    staging = out / WORK_DIR / submission.name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    status, message = "graded", ""
    learner, copies, gaps = "", [], []
    try:
        if submission.source.is_file():
            extract_submission(submission.source, staging)
        else:
            copy_submission_folder(submission.source, staging)
        learner_dir = find_learner_dir(staging, course)
        if learner_dir is None and (folders := folders_with_topic_files(staging, course)):
            status = "ambiguous"
            message = (f"your submission holds topic files in {len(folders)} folders "
                       f"({', '.join(folders)}) and only one can be graded: submit that one "
                       "alone, or its files at the top of the zip")
            document = _not_graded_document(course, topics, message, staging)
        elif learner_dir is None:
            status = "empty"
            message = (f"no topic file (NN_<topic>.py, such as {topics[0].file}) was found "
                       "in your submission, at its top, in its exercises/ folder or in its "
                       "only folder")
            # What it does hold shows a learner a misnamed or too deeply nested file.
            if found := submitted_names(submission.source):
                message += f"; it holds {', '.join(found)}"
            # Quiz answers alone still count, as they would beside the topic files.
            document = _not_graded_document(course, topics, message, staging)
        else:
            gaps = grading_gaps()
            document = _in_learner_words(
                run_check(course, topics, learner_dir, seed=seed, limits=limits))
            copies = reference_copies(learner_dir, topics)
        learner = _learner_id(learner_dir or staging)
        add_question_texts(document, learner)
        if learner == REFERENCE_LEARNER:
            refuse_reference_answers(document)
    except SubmissionRefused as exc:
        status = exc.status
        reason = _NOT_GRADED[status]
        if kind := other_archive(submission.source):  # "your zip" would puzzle its sender
            reason = f"your {kind} archive could not be read"
        message = (f"{reason}: "
                   f"{_without(exc.message, staging, out, submission.source.parent)}")
        document = _not_graded_document(course, topics, message)
    except Exception as exc:  # noqa: BLE001 - one submission never stops the batch
        status = "error"
        problem = _without(f"{type(exc).__name__}: {exc}", staging, out)
        message = f"{_NOT_GRADED[status]}: {problem}"
        document = _not_graded_document(course, topics, message)
    record = _store(submission, out, status, message, document, print_, topics, seed,
                    learner, copies, gaps)
    shutil.rmtree(staging, ignore_errors=True)
    return record


def _without(text: str, *folders: Path) -> str:
    """`text` with our own folders taken out of it: a learner sees their files' names only.
    Only spellings with a separator are replaced: a relative `--out graded` is a word too."""
    for folder in folders:
        for spelling in {str(folder.resolve()), str(folder)}:
            if "/" in spelling and spelling != "/":
                text = text.replace(spelling + "/", "").replace(spelling, "your submission")
    return text


def _not_graded_document(course: Course, topics: tuple[Topic, ...], message: str,
                         quiz_dir: Path | None = None) -> dict[str, Any]:
    """The results document of a submission whose code was not checked: every exercise to
    do, and `message` as the reason of every topic and exercise. Quiz answers count only
    from `quiz_dir` (none of a refused archive's files are trusted)."""
    from checker.plugin import RunRecords
    from checker.results import build_document

    if quiz_dir is not None:
        document = build_document(course, topics, RunRecords(), quiz_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="course-no-answers-") as nothing:
            document = build_document(course, topics, RunRecords(), Path(nothing))
    for topic in document["topics"]:
        topic["message"] = message
        for exercise in topic["exercises"]:
            exercise["message"] = message
    return document


def _learner_id(folder: Path) -> str:
    """The learner id of the answers file in `folder`; "" without a readable one."""
    if not (folder / ANSWERS_FILE).is_file():
        return ""
    try:
        return load_answers(folder).learner
    except AnswersFileError:
        return ""  # already said in each quiz's message


def _code_tokens(path: Path) -> tuple[tuple[int, str], ...] | None:
    """The tokens of a Python file without its comments, blank lines and indentation, so
    that a copy reformatted or re-commented still compares equal; None when unreadable.
    Tokenized, never parsed: nothing of learner code is compiled in this process."""
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
               tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        with open(path, "rb") as stream:
            return tuple((token.type, token.string)
                         for token in tokenize.tokenize(stream.readline)
                         if token.type not in skipped)
    except (OSError, SyntaxError, tokenize.TokenError, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def _reference_tokens(file_name: str) -> tuple[tuple[int, str], ...] | None:
    return _code_tokens(solutions_dir() / file_name)


def reference_copies(learner_dir: Path, topics: tuple[Topic, ...]) -> list[str]:
    """The topics whose file is the reference solution, but for comments and layout: the
    solutions ship with the package every learner installs. A flag for the instructor
    (grades.csv), not a verdict: the grade stays what the suites give."""
    copies = []
    for topic in topics:
        reference = _reference_tokens(topic.file)
        path = learner_dir / topic.file
        if reference is not None and path.is_file() and _code_tokens(path) == reference:
            copies.append(topic.id)
    return copies


def refuse_reference_answers(document: dict[str, Any]) -> None:
    """Score no quiz of a submission whose answers file is the course's reference answers:
    they ship with the package every learner installs, for `course verify`. (Answers of
    the learner's own id are theirs, however they came by them.)"""
    why = (f'your {ANSWERS_FILE} is the course\'s reference answers (learner = '
           f'"{REFERENCE_LEARNER}"), not yours; your quiz answers were not graded')
    for topic in document["topics"]:
        quiz = topic.get("quiz")
        if quiz:
            document["score"] -= quiz["score"]
            topic["quiz"] = not_graded_summary(quiz["max_score"], quiz["questions"], why)


def _in_learner_words(document: dict[str, Any]) -> dict[str, Any]:
    """A graded submission's document without the grader's scratch folder in it."""
    for topic in document["topics"]:
        if topic["status"] == "missing":
            reason = f"no file {topic['file']} in your submission"
            topic["message"] = reason
            for exercise in topic["exercises"]:
                exercise["message"] = reason
    return document


def _store(submission: Submission, out: Path, status: str, message: str,
           document: dict[str, Any], print_: str, topics: tuple[Topic, ...],
           seed: int | None = None, learner: str = "",
           reference_copies: list[str] | None = None,
           sandbox_gaps: list[str] | None = None) -> dict[str, Any]:
    """Write a submission's results.json, feedback.md and, last, its record."""
    document["submission"] = submission.name
    document["path"] = submission.source.name
    record = _record(submission, status, message, document, print_, topics, seed, learner,
                     reference_copies, sandbox_gaps)
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

    # A runner holds both ends of its task queue, so nothing it reads tells it that
    # `course grade` is gone: it dies with its parent, the multiprocessing fork server,
    # which dies with `course grade` (`checker.grading_warm`).
    warm = sys.modules.get("checker.grading_warm")
    die_with_parent(warm.SERVER_PID if warm is not None else os.getppid())
    # Ctrl-C reaches the whole process group; `course grade` decides what stops, and a
    # runner interrupted half way must not write a record of a half-run suite.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    attach_inherited()
    preload_everything()


@contextlib.contextmanager
def _pool(jobs: int) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """The runners; left by an exception (Ctrl-C), they are killed with the submissions
    they were grading instead of finishing every queued one, as leaving `with` would."""
    _claim_pool_folder()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["checker.grading_warm"])
    # The fork server this starts dies with the thread that starts it (PR_SET_PDEATHSIG
    # follows the thread): grading runs in the main thread.
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                                  initializer=_start_runner)
    try:
        yield pool
    except BaseException:
        _abandon(pool)
        raise
    pool.shutdown(wait=True)


def _abandon(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the runners at once: their submissions get no record and are graded next run.
    The zygote kills the workers of each runner whose socket closes."""
    # The executor offers no way to kill its processes before Python 3.14's kill_workers().
    runners = list((getattr(pool, "_processes", None) or {}).values())
    for runner in runners:
        runner.kill()
    for runner in runners:
        runner.join(timeout=10)
    pool.shutdown(wait=False, cancel_futures=True)
    # As root, their cells are tmpfs mounts that only a live runner would have removed.
    clean_stale_cells()


# multiprocessing's fork server listens on a socket in a `pymp-*` folder that only the
# process that made it removes, at exit, so `course grade` killed outright leaves it. A lock
# file, held by this process and so released by the kernel when it dies, marks it as ours.
POOL_FOLDER_LOCK = "course-grade.lock"
_pool_folder_lock: IO[bytes] | None = None


def _claim_pool_folder() -> None:
    global _pool_folder_lock
    if _pool_folder_lock is not None:
        return
    folder = Path(multiprocessing.util.get_temp_dir())
    claiming = folder / f"{POOL_FOLDER_LOCK}.{os.getpid()}"
    lock = open(claiming, "wb")
    fcntl.flock(lock, fcntl.LOCK_EX)
    # Locked before it gets the name `remove_stale_pool_folders` looks for.
    claiming.rename(folder / POOL_FOLDER_LOCK)
    _pool_folder_lock = lock
    atexit.register(lock.close)  # held for the process's life; closed, not collected


def remove_stale_pool_folders() -> list[Path]:
    """Remove the multiprocessing folders of `course grade` runs that were killed outright
    (their lock is free); the folders removed."""
    removed: list[Path] = []
    for lock_path in Path(tempfile.gettempdir()).glob(f"pymp-*/{POOL_FOLDER_LOCK}"):
        try:
            with open(lock_path, "rb") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # held: that batch still runs (or the folder just went)
        shutil.rmtree(lock_path.parent, ignore_errors=True)
        removed.append(lock_path.parent)
    return removed


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a plain `kill`, a scheduler stopping the job) stops the batch as Ctrl-C
    does. Python lets only the main thread set a handler; elsewhere SIGTERM stays fatal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@dataclass
class BatchResult:
    records: list[dict[str, Any]]
    graded_now: int
    skipped: int
    # Folders in --out holding a record of a submission no longer in SUBMISSIONS: left as
    # they are (nothing of an instructor's is deleted), out of the sheets, and named, since
    # uploading every results.json would upload theirs too.
    departed: list[str] = field(default_factory=list)


def grade_batch(submissions_dir: Path, out: Path, jobs: int | None = None,
                on_progress: Callable[[int, int, dict[str, Any] | None], None] | None = None,
                seed: int | None = None, topic_ids: tuple[str, ...] = (),
                limits: Limits | None = None,
                on_gaps: Callable[[list[str]], None] | None = None) -> BatchResult:
    """Grade every submission in `submissions_dir` that has no up-to-date record in `out`,
    then write the sheets. `on_progress(done, total, record)` hears of each record;
    `on_gaps(gaps)` is told, before any learner code runs, what it could do on this machine
    (`checker.doctor.grading_gaps`), when anything."""
    course = load_manifest()
    wanted = [t.id for t in course.select(topic_ids)]
    submissions = discover(submissions_dir, out)
    if not submissions:
        raise UsageProblem(f"no submissions (folders or .zip files) in {submissions_dir}")
    out.mkdir(parents=True, exist_ok=True)
    (out / WORK_DIR).mkdir(mode=0o700, exist_ok=True)
    records: dict[str, dict[str, Any]] = {}
    pending: list[Submission] = []
    found = {s.name: load_record(out, s.name) for s in submissions}
    _refuse_other_topics(out, found, wanted)
    for submission in submissions:
        record = found[submission.name]
        if _up_to_date(record, submission, wanted):
            records[submission.name] = record
        else:
            pending.append(submission)
    if pending and on_gaps is not None and (gaps := grading_gaps()):
        on_gaps(gaps)  # before the progress bar, which redraws its line
    total, done = len(submissions), len(records)
    if on_progress:
        on_progress(done, total, None)
    jobs = max(1, jobs or usable_cpus())
    workers = min(jobs, max(1, len(pending)))
    if pending:
        remove_stale_pool_folders()
        threading.Thread(target=load_drawing, name="load-drawing", daemon=True).start()
    try:
        with _terminate_as_interrupt(), contextlib.closing(
                _run_pending(pending, out, workers, seed, tuple(wanted), limits)) as graded:
            for record in graded:
                records[record["submission"]] = record
                done += 1
                if on_progress:
                    on_progress(done, total, record)
    except KeyboardInterrupt:
        # The records on disk are all whole; the sheets show those, and only those. The
        # runners are dead by now, and one may have written its record just before: the
        # result had not reached this process yet, but the next run counts it as graded.
        for submission in pending:
            if submission.name not in records:
                record = load_record(out, submission.name)
                if _up_to_date(record, submission, wanted):
                    records[submission.name] = record
        kept = [records[s.name] for s in submissions if s.name in records]
        write_sheets(out, course.select(tuple(wanted)), kept)
        raise Interrupted(f"interrupted: {len(kept)} of {total} graded; run the same "
                          "command again to grade the rest") from None
    ordered = [records[s.name] for s in submissions]
    write_sheets(out, course.select(tuple(wanted)), ordered)
    return BatchResult(ordered, graded_now=len(pending), skipped=total - len(pending),
                       departed=departed_records(out, {s.name for s in submissions}))


def _refuse_other_topics(out: Path, records: dict[str, dict[str, Any] | None],
                         wanted: list[str]) -> None:
    """Refuse, before any work, to grade into an --out that holds grades of other topics:
    grading there would replace an earlier assignment's grades (a midterm's, by the
    final's), and an instructor who wants that can remove the folder."""
    other = sorted(name for name, record in records.items()
                   if record is not None and record.get("topics") != wanted)
    if other:
        earlier = records[other[0]].get("topics") or []  # type: ignore[union-attr]
        raise UsageProblem(
            f"{out} holds grades of {len(other)} submission(s) for other topics "
            f"({_topic_list(earlier)}, for {other[0]}); grading {_topic_list(wanted)} there "
            "would replace them: choose another --out, or remove that folder first")


def _topic_list(topic_ids: list[str]) -> str:
    return ", ".join(topic_ids) if len(topic_ids) <= 4 else f"{len(topic_ids)} topics"


def _up_to_date(record: dict[str, Any] | None, submission: Submission,
                wanted: list[str]) -> bool:
    """Whether `record` grades `submission` as it is now, for the `wanted` topics."""
    return (record is not None and record.get("topics") == wanted
            and record.get("fingerprint") == fingerprint(submission.source))


def departed_records(out: Path, present: set[str]) -> list[str]:
    """The folders in `out` with a record of a submission not among `present`."""
    try:
        folders = sorted(entry for entry in out.iterdir() if entry.is_dir())
    except OSError:
        return []
    return [folder.name for folder in folders
            if folder.name not in present and (folder / RECORD_FILE).is_file()]


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
    course = load_manifest()
    topics = course.select(topic_ids)
    message = f"{_NOT_GRADED['error']}: grading it crashed, also when it was graded alone"
    document = _not_graded_document(course, topics, message)
    return _store(submission, out, "error", message, document,
                  fingerprint(submission.source), topics, sandbox_gaps=grading_gaps())
