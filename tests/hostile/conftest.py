"""Run a learner file for getting_started through `course check --json` and look around.

`run_learner` writes the file (and any extra files beside it) into a fresh learner folder,
runs the real CLI in-process with short but generous limits, and returns the results
document with what the test needs to prove nothing was left behind: the dedicated uids
the run used, and a token that hostile code plants in every file and process it makes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import sandbox
from checker.cli import cli
from checker.paths import exercises_dir, solutions_dir

TOPIC = "getting_started"
FILE = "00_getting_started.py"
# Generous for these tiny functions even on a loaded machine, short enough that a corpus of
# endless loops finishes in minutes. Tests check statuses, never durations.
HOSTILE_LIMITS = dict(call_seconds=4.0, import_seconds=20.0, topic_seconds=30.0,
                      memory_bytes=1024**3, file_bytes=8 * 1024**2, disk_bytes=32 * 1024**2,
                      output_bytes=16 * 1024)


@dataclass
class Run:
    document: dict[str, Any]
    exit_code: int
    token: str
    learner_dir: Path
    uids: list[int] = field(default_factory=list)

    @property
    def topic(self) -> dict[str, Any]:
        return next(t for t in self.document["topics"] if t["id"] == TOPIC)

    @property
    def statuses(self) -> dict[str, str]:
        return {e["id"].split(".")[1]: e["status"] for e in self.topic["exercises"]}

    def message(self, exercise: str) -> str:
        return next(e["message"] for e in self.topic["exercises"]
                    if e["id"] == f"{TOPIC}.{exercise}")


def _without_future_import(text: str) -> str:
    # Hostile code goes before or after it; `from __future__` must stay first, so drop it
    # (nothing in these files needs it at run time).
    return text.replace("from __future__ import annotations\n", "")


def stub_text() -> str:
    return _without_future_import((exercises_dir() / FILE).read_text(encoding="utf-8"))


def solution_text() -> str:
    return _without_future_import((solutions_dir() / FILE).read_text(encoding="utf-8"))


def with_overrides(base: str, overrides: str) -> str:
    """`base` with `overrides` appended: later definitions replace earlier ones."""
    return base + "\n\n" + textwrap.dedent(overrides)


def processes_with(token: str) -> list[int]:
    """Processes whose command line mentions `token`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if token.encode() in handle.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def wait_until_gone(find: Any, seconds: float = 10.0) -> list[int]:
    """What `find()` still returns after processes had `seconds` to finish dying."""
    deadline = time.monotonic() + seconds
    while (left := find()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def run_learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    defaults = {f.name: f.default for f in dataclasses.fields(sandbox.Limits)}

    def run(source: str, *, extra: dict[str, str] | None = None, token: str | None = None,
            **limits: Any) -> Run:
        token = token or secrets.token_hex(8)
        learner_dir = tmp_path / "exercises"
        learner_dir.mkdir(exist_ok=True)
        (learner_dir / FILE).write_text(source.replace("@TOKEN@", token), encoding="utf-8")
        for name, text in (extra or {}).items():
            (learner_dir / name).write_text(text.replace("@TOKEN@", token), encoding="utf-8")
        chosen = {**defaults, **HOSTILE_LIMITS, **limits}
        monkeypatch.setattr(sandbox.Limits.__init__, "__defaults__",
                            tuple(chosen[f.name] for f in dataclasses.fields(sandbox.Limits)))
        uids: list[int] = []
        allocate = sandbox.allocate_uid

        def recording_allocate() -> tuple[int, Any]:
            uid, lock = allocate()
            uids.append(uid)
            return uid, lock

        monkeypatch.setattr(sandbox, "allocate_uid", recording_allocate)
        result = CliRunner().invoke(
            cli, ["check", TOPIC, "--path", str(learner_dir), "--json"], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        document = json.loads(result.output)
        return Run(document, result.exit_code, token, learner_dir, uids)

    return run


def assert_scores_nothing(run: Run) -> None:
    __tracebackhide__ = True
    topic = run.topic
    assert topic["score"] == 0.0, json.dumps(topic, indent=1)
    assert all(e["score"] == 0.0 and e["status"] != "passed" for e in topic["exercises"]), \
        json.dumps(topic, indent=1)
    assert run.exit_code == 1


def assert_nothing_left(run: Run, places: list[Path] = ()) -> None:
    """No process of the run's uids or carrying its token, no worker folder of the run, and
    (where workers have a mount namespace) no file named with its token."""
    __tracebackhide__ = True
    assert not wait_until_gone(lambda: processes_with(run.token)), "a process outlived the run"
    for uid in run.uids:
        assert not wait_until_gone(lambda: sandbox.processes_of(uid)), \
            f"a process of sandbox uid {uid} outlived the run"
    for folder in [*default_places(run), *places] if protections().mount_namespace else []:
        if folder.is_dir():
            left = [p.name for p in folder.iterdir() if run.token in p.name]
            assert not left, f"{folder} holds {left}"
    # Another user's folders (unreadable) cannot be this run's.
    leftover_cells = [p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("course-worker-*")
                      if run.token in _read(p / FILE)]
    assert not leftover_cells, f"worker folders left behind: {leftover_cells}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def default_places(run: Run) -> list[Path]:
    """Where hostile code tries to leave files (see HOSTILE_WRITES). They are looked at only
    where workers get a read-only file system and a private /tmp (a mount namespace, as
    root): the worker of a learner who is not root runs as that learner, and may write
    wherever the learner may (`course doctor` says so)."""
    return [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path("/run/lock"),
            run.learner_dir, run.learner_dir.parent, Path.cwd(), Path("/")]


def protections() -> sandbox.Protections:
    return sandbox.protections()


def needs(name: str) -> pytest.MarkDecorator:
    """Skip a test, saying why, when this machine does not offer protection `name`."""
    found = protections()
    return pytest.mark.skipif(
        not getattr(found, name),
        reason=f"{name} is not available here: {found.notes.get(name, 'see course doctor')}")


# Code that hostile files run to try to leave files in every place a test looks at.
HOSTILE_WRITES = """
def _litter(where):
    import os
    places = ["/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/", @DIRS@, os.getcwd() + "/..",
              os.path.expanduser("~") + "/.."]
    for place in places:
        try:
            with open(os.path.join(place, "@TOKEN@-" + where), "w") as handle:
                handle.write("left behind")
        except OSError:
            pass
"""


def hostile_writes(run_dirs: list[Path]) -> str:
    return HOSTILE_WRITES.replace("@DIRS@", ", ".join(repr(str(d)) for d in run_dirs))
