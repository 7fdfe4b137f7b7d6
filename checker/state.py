"""The learner's state: the one module that reads and writes `.course/state.json`.

The workspace is the folder that holds the learner's files folder: for `./exercises`
(the default) it is `.`; a folder with another name is its own workspace. State records
the last status of every exercise checked and how many hint levels were shown. Writes
are atomic (a temporary file, then `os.replace`), so a crash never leaves half a file;
a file that is corrupt anyway is set aside as `state.json.corrupt` and a fresh state
begins, with a warning, instead of a traceback.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from checker.files import atomic_write_text

STATE_VERSION = 1
STATE_DIR = ".course"
STATE_FILE = "state.json"


def workspace_of(learner_dir: Path) -> Path:
    learner_dir = learner_dir.resolve()
    return learner_dir.parent if learner_dir.name == "exercises" else learner_dir


@dataclass
class State:
    exercises: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)
    hints: dict[str, int] = field(default_factory=dict)
    updated: str = ""
    # Set when the progress file could not be read and this state begins afresh: that
    # file, and where it was set aside (None when it could not be).
    unreadable: Path | None = None
    kept_as: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {"version": STATE_VERSION, "exercises": self.exercises, "topics": self.topics,
                "hints": self.hints, "updated": self.updated}


def _state_path(workspace: Path) -> Path:
    return workspace / STATE_DIR / STATE_FILE


def _valid(data: Any) -> bool:
    return (isinstance(data, dict) and data.get("version") == STATE_VERSION
            and all(isinstance(data.get(key), dict) for key in ("exercises", "topics", "hints"))
            and all(isinstance(v, int) and not isinstance(v, bool)
                    for v in data["hints"].values())
            and all(isinstance(v, str) for v in data["exercises"].values())
            and all(isinstance(v, str) for v in data["topics"].values()))


def load_state(workspace: Path) -> State:
    path = _state_path(workspace)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return State()
    except (OSError, ValueError):
        data = None
    if not _valid(data):
        kept_as: Path | None = path.with_name(STATE_FILE + ".corrupt")
        try:
            os.replace(path, kept_as)
        except OSError:
            kept_as = None
        return State(unreadable=path, kept_as=kept_as)
    return State(exercises=dict(data["exercises"]), topics=dict(data["topics"]),
                 hints=dict(data["hints"]), updated=str(data.get("updated", "")))


def save_state(workspace: Path, state: State) -> None:
    state.updated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    atomic_write_text(_state_path(workspace), json.dumps(state.to_json(), indent=2) + "\n")


def record_results(state: State, document: dict[str, Any]) -> None:
    """Remember each checked topic's and exercise's status from a results document."""
    for topic in document["topics"]:
        state.topics[topic["id"]] = topic["status"]
        for exercise in topic["exercises"]:
            state.exercises[exercise["id"]] = exercise["status"]


def record_reset(state: State, topic_id: str, exercise_ids: list[str]) -> None:
    """Put back stubs are to do until the next check says otherwise: `course list` must not
    show a stub as passed, nor `course solution` treat it as solved."""
    for exercise_id in exercise_ids:
        state.exercises[exercise_id] = "todo"
    if topic_id in state.topics:
        statuses = [status for key, status in state.exercises.items()
                    if key.partition(".")[0] == topic_id]
        state.topics[topic_id] = ("todo" if all(s == "todo" for s in statuses)
                                  else "partial")
