"""Writing files so that a crash half way never leaves half a file."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path


def read_only(path: Path) -> bool:
    """Whether `path` is a file nobody may write (by its permissions, which even root's
    writes here respect); False when there is no such file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return _unwritable(mode)


def _unwritable(mode: int) -> bool:
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _new_temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, opened for writing, with the permissions `open` would give
    it (0666 less the umask; tempfile.mkstemp makes 0600)."""
    while True:
        temporary = str(path.parent / f".{path.name}.{secrets.token_hex(4)}")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:
            continue


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    The new file keeps the old one's permissions, or gets the umask's when there was none:
    made by tempfile.mkstemp (0600), a learner's quiz_answers.toml became unreadable to
    their group. A file without write permission is refused, as `open` refuses it:
    os.replace needs only the folder's permission, and silently replaced an answers file
    the learner had made read-only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and _unwritable(mode):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    temporary = _written_temporary(path, text, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _written_temporary(path: Path, text: str, mode: int | None = None) -> str:
    """A new file beside `path` holding all of `text` on disk (with `mode`, if given)."""
    handle, temporary = _new_temporary(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def create_text(path: Path, text: str) -> bool:
    """Write `text` to `path` whole, only if there is no `path` yet: False, and nothing
    written, when there is. Of two processes creating the same file at once, one wins and
    the other sees the file the winner made (os.link never replaces, unlike os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _written_temporary(path, text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links (exFAT, some shared folders): replacing is the
        # best there is, with a race only between two processes started together.
        if path.exists():
            return False
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True
