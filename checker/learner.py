"""The `learner` proxy that suites call, and the exceptions that carry a learner's outcome.

`learner.solve_system(A, b)` in a suite sends the call to the worker and returns the value
it sent back, decoded into plain data. What went wrong arrives as one of the exceptions
below; `checker.outcomes` turns each into an exercise status.
"""

from __future__ import annotations

import codecs
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from checker import codec
from checker.brief import call_text
from checker.sandbox import Cell, Limits, Spawner, Worker, WorkerCrashed, WorkerTimeout
from checker.sources import decode_source


class LearnerProblem(Exception):
    """Base of everything that the learner's code, not the suite, is responsible for."""


# What a download raises where there is no network (the standard library's, requests' and
# urllib3's names): the workers have none, so the learner hears why, not only a host name.
NETWORK_ERRORS = frozenset({"ConnectionError", "URLError", "gaierror", "NameResolutionError",
                            "MaxRetryError", "ConnectTimeout", "ProxyError", "SSLError"})
NO_NETWORK_ADVICE = ("Your code has no network while it is checked: scipy.datasets downloads "
                     "its files on first use, so use the data or the loader your function "
                     "is given.")
# ARPACK (eigs, eigsh, svds) gives up after its iterations with this error; the usual cause
# is asking for the eigenvalues nearest zero, which it finds slowly, where the smallest ones
# (the most negative) were wanted.
NO_CONVERGENCE_ADVICE = ("ARPACK did not converge: which='SM' (the eigenvalues nearest zero) "
                         "converges slowly and is not the smallest; which='SA' asks for the "
                         "smallest (most negative) ones, and sigma= finds those near a value "
                         "quickly.")
# A file named by a path from the root: the worker sees only its own folder (and a private,
# empty /tmp), and can write nowhere else, so a path into the learner's home or workspace
# is missing or read-only there. A name without a folder would have worked.
OUTSIDE_FOLDER_ADVICE = ("While it is checked, your code runs in a folder of its own, sees "
                         "none of your files and can write only there: name files without a "
                         "folder, and to look at a file your function makes, call it "
                         "yourself in Python.")
# Python's text for: not found, permission denied, not a folder, a folder, read-only.
FILE_OUTSIDE_THE_FOLDER = re.compile(r"\[Errno (?:2|13|20|21|30)\][^:]*: '/")
# Advice for a learner's exception, by the names of its type and bases, and a pattern its
# message must match (None: any message).
ERROR_ADVICE: tuple[tuple[frozenset[str], re.Pattern[str] | None, str], ...] = (
    (NETWORK_ERRORS, None, NO_NETWORK_ADVICE),
    (frozenset({"ArpackNoConvergence"}), None, NO_CONVERGENCE_ADVICE),
    (frozenset({"OSError"}), FILE_OUTSIDE_THE_FOLDER, OUTSIDE_FOLDER_ADVICE),
)


class LearnerRaised(LearnerProblem):
    """The learner's function raised; `todo` when it is NotImplementedError."""

    def __init__(self, function: str, error: dict[str, Any], call: str = "") -> None:
        self.function = function
        # The call with its arguments, `solve(array of shape (3, 3), [1.0, 2.0, 3.0])`:
        # without them a learner cannot tell which of the suite's inputs their code refused.
        self.call = f"{function}()" if error.get("not_called") or not call else call
        self.type_name: str = error.get("type", "Exception")
        self.type_names: list[str] = list(error.get("types", [self.type_name]))
        self.message: str = error.get("message", "")
        self.lines: list[tuple[int, str]] = [tuple(line) for line in error.get("lines", [])]
        super().__init__(self.describe())

    @property
    def is_todo(self) -> bool:
        return "NotImplementedError" in self.type_names

    def where(self) -> str:
        if not self.lines:
            return ""
        lineno, text = self.lines[-1]
        return f" (line {lineno}: {text})" if text else f" (line {lineno})"

    def describe(self) -> str:
        text = f"{self.call} raised {self.type_name}"
        if self.message:
            text += f": {self.message}"
        text += self.where()
        for names, pattern, advice in ERROR_ADVICE:
            if names.intersection(self.type_names) and (
                    pattern is None or pattern.search(self.message)):
                text += "\n" + advice
        return text


class LearnerTimedOut(LearnerProblem):
    """`doing` ran out of time: a call ("solve()") or an import ("importing 00_x.py")."""

    def __init__(self, doing: str, seconds: float, *, topic_budget: bool = False) -> None:
        if topic_budget:
            text = (f"{doing} did not get to finish: this topic's calls used up their "
                    f"{seconds:g} s of time (an endless loop or a very slow function?)")
        else:
            text = (f"{doing} did not return within {seconds:g} s "
                    "(an endless loop, or far too much work?)")
        super().__init__(text)


class LearnerCrashed(LearnerProblem):
    """`call` is the call with its arguments, as `call_text` shows it."""

    def __init__(self, call: str, detail: str) -> None:
        super().__init__(f"{call} never returned: {detail}")


class LearnerBadValue(LearnerProblem):
    """`call` is the call with its arguments, as `call_text` shows it."""

    def __init__(self, call: str, detail: str, *, too_large: bool = False) -> None:
        if too_large:
            super().__init__(f"{call} returned {detail}; return only what its "
                             "docstring asks for")
            return
        super().__init__(
            f"{call} returned {detail}, which the checker does not accept; return "
            "plain data: numbers, strings, booleans, None, NumPy arrays, SciPy sparse "
            "arrays, and lists, tuples or dicts of these"
        )


class LearnerFileProblem(LearnerProblem):
    """A file the exercise should have written is missing, or is not a plain file."""


class LearnerBroken(LearnerProblem):
    """The learner's file does not import: its topic is `broken`."""

    def __init__(self, file_name: str, error: dict[str, Any]) -> None:
        raised = LearnerRaised("import", error)
        lines = raised.lines
        where = f" at line {lines[-1][0]}" if lines else ""
        text = f"{file_name} does not import{where}: {error.get('type')}"
        if raised.message:
            text += f": {raised.message}"
        if lines and lines[-1][1]:
            text += f"\n    {lines[-1][1]}"
        super().__init__(text)
        self.line = lines[-1][0] if lines else None


class LearnerImportTimedOut(LearnerBroken):
    """Importing the learner's file did not finish in time: its topic is `broken` too, since
    no function of it can be called."""

    def __init__(self, file_name: str, seconds: float) -> None:
        LearnerProblem.__init__(
            self, f"{file_name} does not import: importing it did not finish within "
                  f"{seconds:g} s. Code outside the functions runs on import: an endless "
                  "loop or a long computation there? Move it into a function.")
        self.line = None


def _with_beside_hint(error: dict[str, Any], learner_file: Path) -> dict[str, Any]:
    """An import of a module that is a file beside the learner's one says why it fails:
    only the topic file is copied into the worker's folder."""
    missing = error.get("message", "").removeprefix("No module named ").strip("'\"")
    if (error.get("type") == "ModuleNotFoundError" and missing.isidentifier()
            and (learner_file.parent / f"{missing}.py").is_file()):
        return {**error, "message": f"{error['message']} (only {learner_file.name} itself is "
                                    f"checked, alone: put what {missing}.py holds into it)"}
    return error


def _encoding_advice(data: bytes) -> str | None:
    """What to do about a file Python cannot read as source, judged from its bytes, or None
    when its encoding is not the problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            data and data.count(0) * 4 >= len(data)):
        return "the file is saved as UTF-16: save it as UTF-8 in your editor"
    try:
        decode_source(data)
    except ValueError as exc:
        return (f"the file is {exc}, perhaps as Latin-1 or Windows-1252: save it as UTF-8 "
                "in your editor")
    if 0 in data:
        return (f"line {data[:data.index(0)].count(10) + 1} holds a NUL character (an "
                "invisible zero byte): delete it")
    return None


def _with_encoding_hint(error: dict[str, Any], learner_file: Path) -> dict[str, Any]:
    """A file saved in another encoding than UTF-8 fails to import with a SyntaxError that
    does not say so ("source code string cannot contain null bytes", for UTF-16; a
    ValueError on early Python 3.11 releases such as 3.11.2): add what the learner should do."""
    if error.get("type") not in ("SyntaxError", "ValueError"):
        return error
    try:
        advice = _encoding_advice(learner_file.read_bytes())
    except OSError:
        return error
    if advice is None:
        return error
    return {**error, "message": f"{error.get('message', '')} ({advice})"}


class LearnerSession:
    """A worker for one learner file, started again after a crash or a timeout.

    The topic's wall-clock budget (`Limits.topic_seconds`) counts the time spent waiting
    for the learner's imports and calls; once it is used up, calls time out at once.
    """

    def __init__(self, learner_file: Path, limits: Limits,
                 spawner: Spawner | None = None) -> None:
        self.learner_file = learner_file
        self.limits = limits
        self.spawner = spawner
        self.cell = Cell(limits, learner_file)
        self.home = self.cell.home
        self._worker: Worker | None = None
        self._snapshots: Path | None = None
        self.restarts = 0
        self.output: list[str] = []
        self.spent_seconds = 0.0

    def start(self) -> None:
        """Start the worker now if none runs, so its imports overlap the checker's."""
        if self._worker is None:
            self._worker = Worker(self.learner_file, self.limits, self.cell, self.spawner)

    def _time_left(self) -> float:
        return self.limits.topic_seconds - self.spent_seconds

    def _ready_worker(self) -> Worker:
        if self._worker is not None and self._worker.ready is not None and not self._worker.alive:
            self._retire()
            self.restarts += 1
        what = f"importing {self.learner_file.name}"
        if self._time_left() <= 0:
            raise LearnerTimedOut(what, self.limits.topic_seconds, topic_budget=True)
        self.start()
        assert self._worker is not None
        seconds = min(self.limits.import_seconds, self._time_left())
        started = time.monotonic()
        try:
            ready = self._worker.wait_ready(seconds)
        except WorkerTimeout:
            self._retire()
            if seconds < self.limits.import_seconds:
                raise LearnerTimedOut(what, self.limits.topic_seconds,
                                      topic_budget=True) from None
            raise LearnerImportTimedOut(self.learner_file.name,
                                        self.limits.import_seconds) from None
        except WorkerCrashed as exc:
            self._retire()
            raise LearnerBroken(self.learner_file.name, {
                "type": "crash", "message": exc.detail, "lines": []}) from None
        finally:
            self.spent_seconds += time.monotonic() - started
        if ready.get("status") == "broken":
            error = _with_beside_hint(ready.get("error", {}), self.learner_file)
            raise LearnerBroken(self.learner_file.name,
                                _with_encoding_hint(error, self.learner_file))
        return self._worker

    def check_imports(self) -> None:
        """Raise LearnerBroken when the learner's file does not import."""
        self._ready_worker()

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        def shown() -> str:  # what a message about this call names: its inputs too
            return call_text(name, args, kwargs)

        if self._time_left() <= 0:
            raise LearnerTimedOut(shown(), self.limits.topic_seconds, topic_budget=True)
        worker = self._ready_worker()
        if self._time_left() <= 0:
            raise LearnerTimedOut(shown(), self.limits.topic_seconds, topic_budget=True)
        seconds = min(self.limits.call_seconds, self._time_left())
        started = time.monotonic()
        try:
            reply = worker.call(name, args, kwargs, seconds)
        except WorkerTimeout:
            self._retire()
            if seconds < self.limits.call_seconds:
                raise LearnerTimedOut(shown(), self.limits.topic_seconds,
                                      topic_budget=True) from None
            raise LearnerTimedOut(shown(), self.limits.call_seconds) from None
        except WorkerCrashed as exc:
            self._retire()
            raise LearnerCrashed(shown(), exc.detail) from None
        finally:
            self.spent_seconds += time.monotonic() - started
        status = reply.get("status")
        if status == "returned":
            try:
                return codec.decode(reply.get("value"))
            except (codec.UnsupportedValue, ValueError, TypeError, RecursionError) as exc:
                raise LearnerBadValue(shown(), str(exc)) from None
        if status == "raised":
            raise LearnerRaised(name, reply.get("error") or {}, shown())
        if status == "unsupported":
            raise LearnerBadValue(shown(), str(reply.get("detail", "something")),
                                  too_large=reply.get("too_large") is True)
        self._retire()
        raise LearnerCrashed(shown(), "the worker sent an answer the checker does not know")

    def _retire(self) -> None:
        if self._worker is not None:
            self.output.append(self._worker.close())
            self._worker = None

    def close(self) -> None:
        self._retire()
        self.cell.close()
        if self._snapshots is not None:
            shutil.rmtree(self._snapshots, ignore_errors=True)

    def file(self, name: str) -> Path:
        """A file the learner's code wrote in its folder, refused unless a plain file there.

        The path returned is a copy in a folder of the checker's own, taken without
        following links, so learner code still running cannot swap it for something else.
        """
        data = self.cell.read(name, self.limits.file_bytes)
        if data is None:
            path = self.home / name
            if Path(name).name != name or not (path.exists() or path.is_symlink()):
                raise LearnerFileProblem(f"expected your code to write a file named {name!r} "
                                         "(in its current folder); there is none")
            raise LearnerFileProblem(f"{name!r} should be a plain file, not a link or a "
                                     "special file")
        if self._snapshots is None:
            self._snapshots = Path(tempfile.mkdtemp(prefix="course-files-"))
        copy = self._snapshots / name
        copy.unlink(missing_ok=True)
        copy.write_bytes(data)
        return copy

    def put_file(self, name: str, data: bytes) -> None:
        """Place an input file in the learner's folder, where its code can open it by name."""
        self.cell.write(name, data)


class LearnerProxy:
    """Module-like: attribute access gives a function that runs in the learner's worker."""

    def __init__(self, session: LearnerSession) -> None:
        object.__setattr__(self, "_session", session)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        session: LearnerSession = object.__getattribute__(self, "_session")

        def call(*args: Any, **kwargs: Any) -> Any:
            return session.call(name, args, kwargs)

        call.__name__ = name
        return call

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the learner proxy is read-only")
