"""The learner's loop: watch, solution after success, reset with backup, progress, colour."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from checker import quiz_bank
from checker.cli import cli
from checker.manifest import load_manifest
from checker.paths import exercises_dir, solutions_dir

TOPIC = "getting_started"
FILE = "00_getting_started.py"


def workspace(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copyfile(source / FILE, folder / FILE)
    return folder


def invoke(*args: str, input: str | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def test_solution_is_refused_until_the_exercise_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workspace(tmp_path, exercises_dir())
    refused = invoke("solution", "getting_started.make_array")
    assert refused.exit_code == 1 and "has not passed yet" in refused.output
    shutil.copyfile(solutions_dir() / FILE, tmp_path / "exercises" / FILE)
    invoke("check", TOPIC)
    shown = invoke("solution", "getting_started.make_array")
    assert shown.exit_code == 0
    assert "def make_array(values: list[float]) -> np.ndarray:" in shown.output
    assert "def solve_and_check" not in shown.output
    assert invoke("solution", "getting_started").exit_code == 2


def test_reset_one_exercise_keeps_the_rest_and_a_backup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = workspace(tmp_path, solutions_dir())
    declined = invoke("reset", "getting_started.make_array", input="n\n")
    assert declined.exit_code == 0 and "Nothing changed." in declined.output
    assert (folder / FILE).read_text() == (solutions_dir() / FILE).read_text()
    result = invoke("reset", "getting_started.make_array", input="y\n")
    assert result.exit_code == 0, result.output
    text = (folder / FILE).read_text()
    assert "return np.array(values, dtype=np.float64)" not in text
    assert "linalg.solve(A, b)" in text  # the other solutions stay
    backups = list((tmp_path / ".course" / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_text() == (solutions_dir() / FILE).read_text()
    document = json.loads(invoke("check", TOPIC, "--json").output)
    statuses = {e["id"]: e["status"] for e in document["topics"][0]["exercises"]}
    assert statuses.pop("getting_started.make_array") == "todo"
    assert set(statuses.values()) == {"passed"}


def test_a_deleted_function_is_put_back_as_the_check_suggests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = workspace(tmp_path, solutions_dir())
    text = (folder / FILE).read_text()
    start = text.index("def make_array(")
    end = text.index("\ndef ", start + 1)
    (folder / FILE).write_text(text[:start] + text[end + 1:])
    checked = json.loads(invoke("check", TOPIC, "--json").output)
    message = next(e["message"] for e in checked["topics"][0]["exercises"]
                   if e["id"] == "getting_started.make_array")
    assert "course reset getting_started.make_array" in message, message
    result = invoke("reset", "getting_started.make_array", "--yes")
    assert result.exit_code == 0, result.output
    document = json.loads(invoke("check", TOPIC, "--json").output)
    statuses = {e["id"]: e["status"] for e in document["topics"][0]["exercises"]}
    assert statuses.pop("getting_started.make_array") == "todo"
    assert set(statuses.values()) == {"passed"}


def test_a_reset_exercise_is_to_do_until_checked_again(tmp_path, monkeypatch):
    # Before, `list` showed the put-back stub as passed and `solution` kept showing.
    monkeypatch.chdir(tmp_path)
    workspace(tmp_path, solutions_dir())
    assert invoke("check", TOPIC).exit_code == 0
    assert invoke("solution", "getting_started.make_array").exit_code == 0
    assert invoke("reset", "getting_started.make_array", "--yes").exit_code == 0
    state = json.loads((tmp_path / ".course" / "state.json").read_text())
    assert state["exercises"]["getting_started.make_array"] == "todo"
    assert state["exercises"]["getting_started.solve_and_check"] == "passed"
    assert state["topics"][TOPIC] == "partial"
    shown = invoke("solution", "getting_started.make_array")
    assert shown.exit_code == 1 and "has not passed yet" in shown.output
    assert invoke("reset", TOPIC, "--yes").exit_code == 0
    state = json.loads((tmp_path / ".course" / "state.json").read_text())
    assert state["topics"][TOPIC] == "todo"
    assert set(state["exercises"].values()) == {"todo"}


def test_reset_a_whole_topic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = workspace(tmp_path, solutions_dir())
    (folder / FILE).write_text("def broken(:\n")
    assert invoke("reset", "getting_started.make_array", "--yes").exit_code == 1
    assert invoke("reset", TOPIC, "--yes").exit_code == 0
    assert (folder / FILE).read_text() == (exercises_dir() / FILE).read_text()
    # The learner's version, broken or not, is kept before the stub replaces it.
    backups = list((tmp_path / ".course" / "backups").iterdir())
    assert [b.read_text() for b in backups] == ["def broken(:\n"]


def test_reset_of_what_is_already_the_stub_keeps_no_backup_and_asks_nothing(tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = workspace(tmp_path, exercises_dir())
    before = (folder / FILE).stat().st_mtime_ns
    for target, what in ((TOPIC, FILE), (f"{TOPIC}.make_array",
                                         f"the function make_array in {FILE}")):
        result = invoke("reset", target)  # no --yes, no input: nothing to confirm
        assert result.exit_code == 0, result.output
        assert result.output == f"{what} is already the stub: nothing to put back, nothing " \
                                "changed.\n"
    assert (folder / FILE).stat().st_mtime_ns == before  # not rewritten
    assert not (tmp_path / ".course").exists()  # no backup of the stub


def test_progress_table_and_plot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workspace(tmp_path, solutions_dir())
    invoke("check", TOPIC)
    result = invoke("progress", "--plot", "progress.png")
    assert result.exit_code == 0
    assert "5/5 exercises, 8/8 points, quiz 0/7" in result.output
    # Quiz points count as in `course check`: the reference answers to every quiz.
    shutil.copyfile(solutions_dir() / "quiz_answers.toml", tmp_path / "exercises" /
                    "quiz_answers.toml")
    course = load_manifest()
    quiz_points = sum(quiz_bank.load_bank(t.id).max_score for t in course.topics)
    with_quizzes = invoke("progress").output
    assert "8/8 points, quiz 7/7" in with_quizzes
    assert (f"{8 + quiz_points:g}/{sum(t.max_points for t in course.topics) + quiz_points:g}"
            " points, exercises and quizzes") in with_quizzes
    png = (tmp_path / "progress.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    # PNG data under another name, or a folder made from a typo: refused, nothing written.
    for bad, said in (("progress.jpg", "name it like progress.png"),
                      ("no_such/progress.png", "no folder no_such")):
        refused = invoke("progress", "--plot", bad)
        assert refused.exit_code == 2 and said in refused.output, refused.output
    assert not (tmp_path / "progress.jpg").exists() and not (tmp_path / "no_such").exists()
    rows = json.loads(invoke("progress", "--json").output)
    assert rows[0]["id"] == TOPIC and rows[0]["points"] == 8


def test_no_color_and_pipes_get_plain_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    workspace(tmp_path, solutions_dir())
    result = CliRunner().invoke(cli, ["check", TOPIC], env={"NO_COLOR": "1"}, color=True)
    assert "\x1b[" not in result.output
    coloured = CliRunner().invoke(cli, ["check", TOPIC], color=True)
    assert "\x1b[" in coloured.output


def _read_until(lines: "queue.Queue[str]", marker: str, seen: list[str]) -> str:
    deadline = time.monotonic() + 120  # a guard against a hang, not a speed check
    chunk = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        chunk.append(line)
        if marker in line:
            return "".join(chunk)
    raise AssertionError("watch never printed " + repr(marker) + ":\n" + "".join(seen))


def test_watch_redraws_when_the_file_is_saved(tmp_path):
    folder = workspace(tmp_path, exercises_dir())
    process, lines = _watch(folder, tmp_path)
    seen: list[str] = []
    try:
        first = _read_until(lines, "watching getting_started", seen)
        assert "todo" in first and "0/8" in first
        assert f"checking {FILE} ..." in first  # said before the check's result
        assert "keys wait until it ends; Ctrl-C stops it" in first
        shutil.copyfile(solutions_dir() / FILE, folder / FILE)
        second = _read_until(lines, "watching getting_started", seen)
        assert "complete" in second and "8/8" in second
        process.stdin.write("h\n")
        process.stdin.flush()
        _read_until(lines, "Every exercise passes", seen)
        process.stdin.write("q\n")
        process.stdin.flush()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def _watch(folder: Path, cwd: Path) -> tuple[subprocess.Popen, "queue.Queue[str]"]:
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "watch", TOPIC, "--path", str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        cwd=cwd, env={**os.environ, "NO_COLOR": "1"})
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    return process, lines


def test_next_topic_in_the_watch_does_not_say_all_pass_while_the_watched_one_fails(tmp_path):
    # Every other topic passes; the watched one is still the stub.
    folder = workspace(tmp_path, exercises_dir())
    course = load_manifest()
    passed = {e.id: "passed" for t in course.topics if t.id != TOPIC for e in t.exercises}
    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "state.json").write_text(json.dumps(
        {"version": 1, "exercises": passed, "topics": {}, "hints": {}}))
    process, lines = _watch(folder, tmp_path)
    seen: list[str] = []
    try:
        _read_until(lines, "watching getting_started", seen)
        process.stdin.write("n\n")
        process.stdin.flush()
        told = _read_until(lines, "pass", seen)
        assert "Every topic passes" not in told
        assert "getting_started is the one left to finish" in told
        process.stdin.write("q\n")
        process.stdin.flush()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def test_watch_with_every_exercise_passing_says_so_and_ends(tmp_path, monkeypatch):
    from checker import watch
    from checker.state import State, save_state

    monkeypatch.chdir(tmp_path)
    workspace(tmp_path, solutions_dir())
    passed = {e.id: "passed" for e in load_manifest().exercises}
    save_state(tmp_path, State(exercises=passed))
    # Before, it watched the first topic; a watch that starts here ends at once.
    monkeypatch.setattr(watch, "keys", lambda: iter("q"))
    result = invoke("watch")
    assert result.exit_code == 0, result.output
    assert result.output == ("Every exercise passes: nothing left to watch. "
                             "(`course watch TOPIC` watches one anyway.)\n")


def test_reset_at_the_end_of_input_changes_nothing_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = workspace(tmp_path, solutions_dir())
    result = invoke("reset", "getting_started.make_array", input="")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("[y/N]: \nNothing changed.\n")
    assert (folder / FILE).read_text() == (solutions_dir() / FILE).read_text()


def test_the_watch_waits_a_poll_before_checking_an_empty_or_missing_file(tmp_path):
    from checker.watch import Watcher

    folder = workspace(tmp_path, exercises_dir())
    watcher = Watcher(load_manifest(), folder, TOPIC)
    path = folder / FILE
    text = path.read_text()
    watcher._seen = watcher._stamp()  # as after a check
    # A save that truncates first, then writes: the empty file in between is not checked.
    path.write_text("")
    assert not watcher.changed()
    path.write_text(text + "\n# saved\n")
    assert watcher.changed()
    # An empty file that stays empty (or a deleted one) is checked at the next poll.
    watcher._seen = watcher._stamp()
    path.write_text("")
    assert not watcher.changed() and watcher.changed()
    path.unlink()
    assert not watcher.changed() and watcher.changed()
