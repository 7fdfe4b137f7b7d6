"""Unpacking submitted zips safely, and finding the learner's files in a submission.

A zip is refused, never partly trusted, when any entry would land outside its folder
(`..`, an absolute path, a drive letter), is a link or a special file, when it holds too
many entries, or when it would unpack to more bytes than the cap (counted while writing,
not taken from the headers, so a lying header is no way past it). Only the files the
course reads are written out: topic files and the quiz answers.
"""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from checker.errors import CourseError
from checker.manifest import Course, Topic
from checker.quiz_answers import ANSWERS_FILE
from checker.workspace import is_untouched_stub

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILE_BYTES = 5 * 1024 * 1024
_TOPIC_FILE = re.compile(r"^\d\d_[a-z_]+\.py$")


class SubmissionRefused(CourseError):
    """A hostile or unreadable archive; `status` is what the grade sheet says."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def _entry_path(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in path.parts:
        raise SubmissionRefused("refused", f"entry {info.filename!r} climbs out of its folder")
    mode = info.external_attr >> 16
    # Zips from Windows tools, and Python's writestr, carry no file type at all: a file.
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        kind = "a link" if stat.S_ISLNK(mode) else "a special file"
        raise SubmissionRefused("refused", f"entry {info.filename!r} is {kind}")
    return path


def _wanted(path: PurePosixPath) -> bool:
    return bool(_TOPIC_FILE.match(path.name)) or path.name == ANSWERS_FILE


def extract_submission(archive: Path, destination: Path) -> None:
    """Unpack the course's files from `archive` into `destination`, or refuse it whole."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            entries = bundle.infolist()
            if len(entries) > MAX_ENTRIES:
                raise SubmissionRefused("refused", f"{len(entries)} entries (the cap is "
                                                   f"{MAX_ENTRIES})")
            paths = [(info, _entry_path(info)) for info in entries]
            declared = sum(info.file_size for info in entries)
            if declared > MAX_TOTAL_BYTES:
                raise SubmissionRefused("refused", f"it unpacks to {declared} bytes "
                                                   f"(the cap is {MAX_TOTAL_BYTES})")
            written = 0
            for info, path in paths:
                if info.is_dir() or not _wanted(path):
                    continue
                target = destination.joinpath(*path.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(info) as source, open(target, "wb") as sink:
                    while chunk := source.read(65536):
                        written += len(chunk)
                        if written > MAX_TOTAL_BYTES or sink.tell() + len(chunk) > MAX_FILE_BYTES:
                            raise SubmissionRefused("refused", "it unpacks to more than the "
                                                               "cap (a zip bomb?)")
                        sink.write(chunk)
    except SubmissionRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            ValueError, OSError) as exc:
        # The status says it is not a readable zip; the message says what is wrong with it.
        raise SubmissionRefused("corrupt", str(exc)) from None


def find_learner_dir(root: Path, course: Course) -> Path | None:
    """The folder of a submission that holds its topic files: the root, its `exercises/`,
    or the same inside a single top-level folder (as an LMS export nests them).

    When more than one of those holds topic files, the one with the most files that differ
    from the stubs wins: a learner who keeps the untouched stubs at the root and solves the
    exercises in `exercises/` is graded on the work. On a tie the first in that order wins
    (the root before its `exercises/`, both before the nested folder)."""
    candidates = [root, root / "exercises"]
    children = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")] \
        if root.is_dir() else []
    if len(children) == 1:
        candidates += [children[0], children[0] / "exercises"]
    holding = [folder for folder in candidates
               if folder.is_dir() and not folder.is_symlink() and _topic_files(folder, course)]
    if not holding:
        return None
    # max() keeps the first of equals: today's order decides a tie.
    return max(holding, key=lambda folder: sum(
        not is_untouched_stub(topic, folder) for topic in _topic_files(folder, course)))


def _topic_files(folder: Path, course: Course) -> list[Topic]:
    """The course's topics whose file is a plain file (not a link) in `folder`."""
    return [topic for topic in course.topics
            if (folder / topic.file).is_file() and not (folder / topic.file).is_symlink()]


def wanted_files(source: Path) -> list[Path]:
    """The paths under a submitted folder that grading reads, in a stable order: topic
    files and quiz answers outside hidden folders, links and special files among them
    (which refuse the submission). A learner's other files, `.course/` included, are not."""
    wanted = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") for part in relative.parts[:-1]):
            continue
        if _wanted(PurePosixPath(*relative.parts)):
            wanted.append(path)
    return wanted


def copy_submission_folder(source: Path, destination: Path) -> None:
    """Copy the course's files from a submitted folder, refusing links and special files."""
    for path in wanted_files(source):
        relative = path.relative_to(source)
        if path.is_symlink():
            raise SubmissionRefused("refused", f"{relative} is a link")
        if not stat.S_ISREG(path.lstat().st_mode):
            raise SubmissionRefused("refused", f"{relative} is not a plain file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SubmissionRefused("refused", f"{relative} is larger than {MAX_FILE_BYTES} bytes")
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
