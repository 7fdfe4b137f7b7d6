"""Unpacking submitted zips safely, and finding the learner's files in a submission.

A zip is refused, never partly trusted, when any entry would land outside its folder
(`..`, an absolute path, a drive letter), is a link or a special file, when it holds too
many entries, or when it would unpack to more bytes than the cap (counted while writing,
not taken from the headers, so a lying header is no way past it). Only the files the
course reads are written out: topic files and the quiz answers.

A submitted folder may hold zips instead of the files themselves (Moodle's "download all
submissions" gives each learner a folder holding what they uploaded): each zip at its top
is unpacked, by the same rules, into a folder of its own.
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
# Archives that learners' tools make but that are not read: named, so that a submission in
# one gets a row that says so instead of being skipped like any other file. Longest first.
OTHER_ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".7z",
                  ".rar", ".gz", ".bz2", ".xz")
# What a learner might have meant as a course file, for the message of an empty submission.
_LOOKS_LIKE_WORK = (".py", ".ipynb", ".toml", ".zip", *OTHER_ARCHIVES)


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


def other_archive(path: Path) -> str | None:
    """The kind of archive (`.7z`, `.tar.gz`, ...) that `path` is named as, when it is one
    that is not read; None for a .zip or any other file."""
    name = path.name.lower()
    return next((kind for kind in OTHER_ARCHIVES if name.endswith(kind)), None)


def extract_submission(archive: Path, destination: Path) -> None:
    """Unpack the course's files from `archive` into `destination`, or refuse it whole."""
    if kind := other_archive(archive):
        raise SubmissionRefused("corrupt", f"{kind} archives are not read, only .zip "
                                           "archives: send your files as a .zip")
    try:
        with zipfile.ZipFile(archive) as bundle:
            entries = bundle.infolist()
            if len(entries) > MAX_ENTRIES:
                raise SubmissionRefused("refused", f"{len(entries)} entries (the cap is "
                                                   f"{MAX_ENTRIES})")
            paths = [(info, _entry_path(info)) for info in entries]
            _refuse_twins([path for info, path in paths
                           if not info.is_dir() and _wanted(path)])
            declared = sum(info.file_size for info in entries)
            if declared > MAX_TOTAL_BYTES:
                raise SubmissionRefused("refused", f"it unpacks to {declared} bytes "
                                                   f"(the cap is {MAX_TOTAL_BYTES})")
            written = 0
            for info, path in paths:
                if info.is_dir() or not _wanted(path):
                    continue
                if info.flag_bits & 0x1:
                    # zipfile would say "RuntimeError: File <ZipInfo ...> is encrypted".
                    raise SubmissionRefused("corrupt", "it is protected by a password: send "
                                                       "it again without one")
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


def _refuse_twins(paths: list[PurePosixPath]) -> None:
    """A zip may hold two entries of one name (appended, not replaced, by some tools): which
    one the learner meant cannot be known, and unpacking would silently keep the last."""
    seen: set[PurePosixPath] = set()
    for path in paths:
        if path in seen:
            raise SubmissionRefused("corrupt", f"it holds {path} twice: send it again with "
                                               "one copy of each file")
        seen.add(path)


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


def folders_with_topic_files(root: Path, course: Course) -> list[str]:
    """Where topic files lie in a submission whose top holds none but several folders
    (`draft/` and `final/`): their names, relative to `root`, when two or more hold some.
    `find_learner_dir` looks inside a single folder only: which of several was meant
    cannot be known."""
    children = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and not p.is_symlink()) if root.is_dir() else []
    holding = [f"{child.name}/" for child in children
               if any(_topic_files(folder, course) for folder in (child, child / "exercises")
                      if folder.is_dir() and not folder.is_symlink())]
    return holding if len(holding) > 1 else []


def _topic_files(folder: Path, course: Course) -> list[Topic]:
    """The course's topics whose file is a plain file (not a link) in `folder`."""
    return [topic for topic in course.topics
            if (folder / topic.file).is_file() and not (folder / topic.file).is_symlink()]


def _is_inner_zip(relative: PurePosixPath) -> bool:
    """Whether a submitted folder's file at `relative` is a zip that grading unpacks: one
    at the folder's top, as Moodle's export leaves a learner's upload."""
    return len(relative.parts) == 1 and relative.suffix.lower() == ".zip" \
        and not relative.name.startswith(".")


def wanted_files(source: Path) -> list[Path]:
    """The paths under a submitted folder that grading reads, in a stable order: topic
    files and quiz answers outside hidden folders, and zips at its top, links and special
    files among them (which refuse the submission). A learner's other files, `.course/`
    included, are not."""
    wanted = []
    for path in sorted(source.rglob("*")):
        relative = PurePosixPath(*path.relative_to(source).parts)
        if any(part.startswith(".") for part in relative.parts[:-1]):
            continue
        if _wanted(relative) or _is_inner_zip(relative):
            wanted.append(path)
    return wanted


def copy_submission_folder(source: Path, destination: Path) -> None:
    """Copy the course's files from a submitted folder, refusing links and special files,
    and unpack the zips at its top: a zip that is all the folder holds in its place (so
    that its own single top folder is found as in a submitted zip), each of several in a
    folder named as the zip."""
    paths = wanted_files(source)
    for path in paths:
        relative = path.relative_to(source)
        if path.is_symlink():
            raise SubmissionRefused("refused", f"{relative} is a link")
        if not stat.S_ISREG(path.lstat().st_mode):
            # Before any zip is opened: a pipe named like one would block its reader.
            raise SubmissionRefused("refused", f"{relative} is not a plain file")
        if _is_inner_zip(PurePosixPath(*relative.parts)):
            # Its own caps apply to what it unpacks, not MAX_FILE_BYTES to the zip itself.
            extract_submission(path, destination if len(paths) == 1 else destination / path.name)
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SubmissionRefused("refused", f"{relative} is larger than {MAX_FILE_BYTES} bytes")
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())


def submitted_names(source: Path, limit: int = 6) -> list[str]:
    """The names of what looks like work in a submission (Python files, TOML files and
    archives, with their paths inside it; inside the zips at a folder's top too), at most
    `limit`: for the message of a submission where no topic file was found."""
    names: list[str] = []
    try:
        if source.is_file():
            names = _zip_names(source)
        elif source.is_dir():
            for path in sorted(source.rglob("*")):
                relative = PurePosixPath(*path.relative_to(source).parts)
                if any(part.startswith(".") for part in relative.parts) or path.is_dir():
                    continue
                names.append(str(relative))
                if (_is_inner_zip(relative) and not path.is_symlink()
                        and stat.S_ISREG(path.lstat().st_mode)):  # a pipe would block
                    names += [f"{relative}/{name}" for name in _zip_names(path)]
    except OSError:
        return []
    return [name for name in names
            if "__MACOSX" not in name and name.lower().endswith(_LOOKS_LIKE_WORK)][:limit]


def _zip_names(archive: Path) -> list[str]:
    """The file names in a zip, with `/` between folders; none when it is no readable zip."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            names = [info.filename.replace("\\", "/") for info in bundle.infolist()
                     if not info.is_dir()][:MAX_ENTRIES]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            ValueError, OSError):
        return []
    return [name for name in names if not any(part.startswith(".") for part in name.split("/"))]
