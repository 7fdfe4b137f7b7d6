"""Every command through click's CliRunner, as a learner or author types it."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.manifest import load_manifest
from checker.paths import exercises_dir, solutions_dir
from tests.conftest import ctrl_c_reaches_it

TOPIC = "getting_started"
STUB_FILE = "00_getting_started.py"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def all_commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output
    assert "Example" in result.output, f"`course {command} --help` shows no example"


def test_the_group_has_help_and_a_version():
    assert "course init" in run("--help").output
    assert run("--version").output.startswith("course, version ")


def _help_sections(text: str) -> dict[str, list[str]]:
    """The command names under each "... commands:" heading of `course --help`."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.endswith("commands:"):
            current = sections.setdefault(line[:-1], [])
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.split()[0])
        elif not line.strip():
            current = None
    return sections


def test_the_help_lists_commands_by_who_uses_them():
    sections = _help_sections(run("--help").output)
    assert list(sections) == ["Learner commands", "Instructor commands", "Author commands"]
    assert sections["Learner commands"][:2] == ["init", "check"]
    assert "verify" not in sections["Learner commands"]
    assert sections["Author commands"] == ["verify"]
    assert sorted(sum(sections.values(), [])) == all_commands()  # each listed once


def test_init_says_where_the_workspace_is_as_a_cd_to_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my course").mkdir()
    result = run("init", "my course/ws")
    assert result.exit_code == 0, result.output
    workspace = tmp_path / "my course" / "ws"
    assert f"Created {workspace} with" in result.output
    assert f"cd {shlex.quote(str(workspace))} && course check" in result.output
    assert "'" in shlex.quote(str(workspace))  # the space in it is quoted


def _workspace(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copyfile(source / STUB_FILE, folder / STUB_FILE)
    if (source / "quiz_answers.toml").is_file():
        shutil.copyfile(source / "quiz_answers.toml", folder / "quiz_answers.toml")
    return folder


def test_check_on_solutions_scores_everything(tmp_path):
    folder = _workspace(tmp_path, solutions_dir())
    result = run("check", TOPIC, "--path", str(folder), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema"] == "course-results/1"
    assert document["score"] == document["max_score"] > 0
    assert {t["status"] for t in document["topics"]} == {"complete"}


def test_a_passing_check_says_where_the_quiz_points_left_are(tmp_path):
    folder = _workspace(tmp_path, solutions_dir())
    assert "Everything passes. Well done!" in run("check", TOPIC, "--path", str(folder)).output
    (folder / "quiz_answers.toml").unlink()
    output = run("check", TOPIC, "--path", str(folder)).output
    quiz = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)["topics"][0]
    assert "Everything passes" not in output
    assert (f"Every exercise passes. Well done! {quiz['quiz']['max_score']:g} quiz points to "
            f"go: `course quiz {TOPIC}`") in output, output


def test_check_on_stubs_is_all_todo_and_exits_1(tmp_path):
    folder = _workspace(tmp_path, exercises_dir())
    result = run("check", TOPIC, "--path", str(folder), "--json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["score"] == 0
    statuses = {e["status"] for t in document["topics"] for e in t["exercises"]}
    assert statuses == {"todo"}


def test_check_table_shows_failures_with_expected_and_got(tmp_path):
    folder = _workspace(tmp_path, solutions_dir())
    path = folder / STUB_FILE
    path.write_text(path.read_text() + "\n\ndef make_array(values):\n    return np.array(values)\n")
    result = run("check", TOPIC, "--path", str(folder))
    assert result.exit_code == 1
    assert "make_array" in result.output and "failed" in result.output
    assert "expected" in result.output and "got" in result.output
    assert "course hint getting_started.make_array" in result.output
    assert "%" in result.output  # the progress bar


def test_what_learner_code_prints_is_shown_under_its_topic(tmp_path):
    folder = _workspace(tmp_path, solutions_dir())
    path = folder / STUB_FILE
    path.write_text(path.read_text() + (
        "\n\ndef make_array(values):\n"
        "    import sys\n"
        "    for step in range(12):\n"
        "        print('debug step', step, 'of', values)\n"
        "    print('a warning of mine', file=sys.stderr)\n"
        "    import warnings\n"
        "    warnings.warn('values may be ints')\n"
        "    return values\n"))
    result = run("check", TOPIC, "--path", str(folder))
    assert result.exit_code == 1
    assert f"your code printed while {STUB_FILE} was checked (all its exercises):" in result.output
    assert "debug step 0 of" in result.output
    assert "debug step 11" not in result.output  # only the first lines, then a count
    assert "more lines (course check -v shows them)" in result.output
    everything = run("check", TOPIC, "--path", str(folder), "-v")
    assert "debug step 11" in everything.output and "a warning of mine" in everything.output
    # A warning names the learner's file as the learner knows it, not the worker's folder.
    assert f"| {STUB_FILE}:" in everything.output and "UserWarning: values may be ints" in \
        everything.output
    assert "course-worker" not in everything.output
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    output = document["topics"][0]["output"]
    assert output.count("debug step 11") >= 1 and "a warning of mine" in output


def test_printed_output_kept_in_the_document_is_capped(tmp_path):
    from checker.results import OUTPUT_KEPT

    folder = _workspace(tmp_path, solutions_dir())
    path = folder / STUB_FILE
    path.write_text(path.read_text() + "\n\nprint('x' * 50_000)\n")
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    topic = document["topics"][0]
    assert topic["status"] == "complete"
    assert topic["output"].startswith("x" * OUTPUT_KEPT)
    assert topic["output"].endswith(f"[... {50_000 - OUTPUT_KEPT} more bytes not kept]")
    quiet = run("check", TOPIC, "--path", str(folder))
    assert "your code printed" not in quiet.output  # a complete topic: only with -v


def test_output_beyond_what_the_worker_keeps_is_counted_in_bytes(tmp_path):
    from checker.limits import Limits
    from checker.results import OUTPUT_KEPT

    folder = _workspace(tmp_path, solutions_dir())
    path = folder / STUB_FILE
    lines = 100_000  # 1.1 MB, far beyond what the worker's drain keeps
    path.write_text(path.read_text() + f"\n\nfor _ in range({lines}):\n    print('y' * 10)\n")
    assert Limits().output_bytes < 11 * lines
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    output = document["topics"][0]["output"]
    assert output.endswith(f"\n[... {11 * lines - OUTPUT_KEPT} more bytes not kept]")
    shown = run("check", TOPIC, "--path", str(folder), "-v").output
    assert f"[... {11 * lines - OUTPUT_KEPT} more bytes not kept]" in shown
    assert shown.count("yyyyyyyyyy") == OUTPUT_KEPT // 11  # every whole line kept, no more


def test_init_makes_a_workspace_without_solutions_that_checks_as_todo(tmp_path, monkeypatch):
    result = run("init", str(tmp_path / "ws"))
    assert result.exit_code == 0
    files = sorted(p.name for p in (tmp_path / "ws" / "exercises").iterdir())
    assert files == sorted(t.file for t in load_manifest().topics)
    for name in files:
        assert (tmp_path / "ws" / "exercises" / name).read_text() == \
            (exercises_dir() / name).read_text()
    monkeypatch.chdir(tmp_path / "ws")
    result = run("check", TOPIC, "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["score"] == 0
    assert (tmp_path / "ws" / ".course" / "state.json").is_file()
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "ws")])
    assert again.exit_code == 1 and "already holds files" in again.output


@pytest.mark.parametrize("args, message", [
    (["check", "no_such_topic"], "unknown topic 'no_such_topic'"),
    (["check", "--path", "/no/such/folder"], "no folder"),
    (["hint", "getting_started.nope"], "has no exercise 'nope'"),
    (["hint", "nope"], "unknown topic"),
    (["verify", "nope"], "unknown topic"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["init", "a_file/workspace"], "Not a directory"),
    (["progress", "--plot", "a_file/progress.png"], "a_file"),
])
def test_an_operating_system_error_is_one_line_and_exit_1(args, message, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exercises").mkdir()  # a workspace, or `progress` stops before the picture
    (tmp_path / "a_file").write_text("not a folder\n")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_object_equal_to_everything_earns_nothing(tmp_path):
    folder = _workspace(tmp_path, exercises_dir())
    (folder / STUB_FILE).write_text('''
class Anything:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False

def scipy_version():
    return Anything()

def version_tuple(version):
    return Anything()

def make_array(values):
    return Anything()

def solve_and_check(A, b):
    return Anything(), Anything()

def is_singular(A):
    return Anything()
''')
    result = run("check", TOPIC, "--path", str(folder), "--json")
    document = json.loads(result.output)
    assert result.exit_code == 1 and document["score"] == 0
    messages = [e["message"] for t in document["topics"] for e in t["exercises"]]
    assert all("Anything" in m and "does not accept" in m for m in messages), messages


@pytest.mark.parametrize("source, line", [
    ("import numpy as np\n\ndef f(:\n    pass\n", 3),
    ("import numpy as np\nraise ValueError('oops at import')\n", 2),
    ("import sys\n\nsys.exit(3)\n", 3),
    ("import numpy_that_does_not_exist\n", 1),
])
def test_a_file_that_does_not_import_is_broken_and_others_still_run(tmp_path, source, line):
    course = load_manifest()
    folder = tmp_path / "exercises"
    shutil.copytree(solutions_dir(), folder)
    (folder / STUB_FILE).write_text(source)
    second = course.topics[1].id if len(course.topics) > 1 else TOPIC
    result = run("check", TOPIC, second, "--path", str(folder), "--json")
    document = json.loads(result.output)
    topics = {t["id"]: t for t in document["topics"]}
    assert topics[TOPIC]["status"] == "broken"
    assert f"line {line}" in topics[TOPIC]["message"]
    assert {e["score"] for e in topics[TOPIC]["exercises"]} == {0.0}
    if second != TOPIC:
        assert topics[second]["status"] == "complete"


def test_a_missing_topic_file_is_missing_and_says_how_to_bring_it_back(tmp_path):
    folder = _workspace(tmp_path, exercises_dir())
    result = run("check", "io", "--path", str(folder), "--json")
    document = json.loads(result.output)
    assert document["topics"][0]["status"] == "missing"
    assert result.exit_code == 1
    text = run("check", "io", "--path", str(folder)).output
    assert f"01_io.py is not in {folder}: `course reset io` brings it back" in text, text
    assert run("reset", "io", "--yes", "--path", str(folder)).exit_code == 0
    assert (folder / "01_io.py").read_text() == (exercises_dir() / "01_io.py").read_text()


@pytest.mark.parametrize("args, suggestion", [
    (["hint", "getting_startd"], "did you mean getting_started?"),
    (["hint", "getting_started.make_arry"], "did you mean getting_started.make_array?"),
    (["hint", "make_arry"], "did you mean getting_started.make_array"),
    (["reset", "getting_startd.make_array", "--yes"], "did you mean getting_started.make_array?"),
    (["solution", "stats.summarise"], "did you mean stats.summarize?"),
    (["check", "stat"], "did you mean stats or constants?"),
    (["check", "io.read_wav_float"], "course check takes whole topics: `course check io`"),
    (["watch", "stast"], "did you mean stats"),
])
def test_a_misspelt_topic_or_exercise_gets_a_did_you_mean(args, suggestion, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    _workspace(tmp_path, solutions_dir())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert suggestion in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_hint_levels_advance_and_are_remembered(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exercises").mkdir()
    exercise = load_manifest().topics[0].exercises[0]
    first = run("hint")
    assert exercise.hints[0] in first.output and "hint 1 of" in first.output
    second = run("hint")
    assert exercise.hints[1] in second.output and "hint 2 of" in second.output
    state = json.loads((tmp_path / ".course" / "state.json").read_text())
    assert state["hints"][exercise.id] == 2
    named = run("hint", "getting_started.solve_and_check")
    assert "getting_started.solve_and_check" in named.output and "hint 1 of 3" in named.output


def test_list_shows_topics_in_order_with_progress(tmp_path, monkeypatch):
    folder = _workspace(tmp_path, solutions_dir())
    monkeypatch.chdir(tmp_path)
    run("check", TOPIC)
    result = run("list", "--json")
    listing = json.loads(result.output)
    assert [t["id"] for t in listing] == [t.id for t in load_manifest().topics]
    assert listing[0]["status"] == "complete" and listing[0]["passed"] == 5
    text = run("list").output
    positions = [text.index(t.file) for t in load_manifest().topics]
    assert positions == sorted(positions) and len(text.splitlines()) == len(positions)
    assert folder.is_dir()


def test_a_corrupt_progress_file_is_set_aside_not_fatal(tmp_path, monkeypatch):
    _workspace(tmp_path, solutions_dir())
    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "state.json").write_text("{not json")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", TOPIC])
    assert result.exit_code == 0
    kept = tmp_path / ".course" / "state.json.corrupt"
    assert (f"your progress file {tmp_path / '.course' / 'state.json'} could not be read"
            in result.output), result.output
    assert f"the old file was kept as {kept}" in result.output
    assert kept.read_text() == "{not json"
    state = json.loads((tmp_path / ".course" / "state.json").read_text())
    assert state["topics"][TOPIC] == "complete"


def test_an_unreadable_answers_file_is_said_once_by_check_list_and_progress(tmp_path,
                                                                            monkeypatch):
    folder = _workspace(tmp_path, solutions_dir())
    (folder / "quiz_answers.toml").write_text("learner = [not toml\n")
    monkeypatch.chdir(tmp_path)
    for command in (["check", TOPIC], ["list"], ["progress"]):
        output = run(*command).output
        assert output.count("quiz_answers.toml could not be read") == 1, output
        assert "your quiz answers were not graded" in output


def test_verify_proves_the_whole_course():
    result = run("verify", "--seed", "11")
    assert result.exit_code == 0, result.output
    count = len(load_manifest().exercises)
    assert f"solutions: {count}/{count} exercises pass" in result.output
    assert f"stubs:     {count}/{count} exercises are to do" in result.output


def test_verify_finds_a_stub_that_is_not_to_do(tmp_path, monkeypatch):
    import checker.authoring as authoring

    folder = tmp_path / "exercises"
    shutil.copytree(exercises_dir(), folder)
    (folder / STUB_FILE).write_text((solutions_dir() / STUB_FILE).read_text())
    monkeypatch.setattr(authoring, "exercises_dir", lambda: folder)
    result = run("verify", TOPIC)
    assert result.exit_code == 1
    assert "the stub is passed, not todo" in result.output
    assert "the stub's body must be '# TODO' lines" in result.output


def test_ctrl_c_stops_a_check_with_one_line_and_exit_130(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "exercises"
    folder.mkdir()
    slow = (solutions_dir() / STUB_FILE).read_text() + (
        "\n\ndef scipy_version():\n    import time\n    time.sleep(60)\n")
    (folder / STUB_FILE).write_text(slow)
    check = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", TOPIC, "--path", str(folder),
         "--call-timeout", "120"], cwd=tmp_path, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
        preexec_fn=ctrl_c_reaches_it)
    time.sleep(3)  # well inside the 60 s call: the check is still running
    os.killpg(check.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    output, _ = check.communicate(timeout=60)
    assert check.returncode == 130, output
    assert output.strip() == ("interrupted: the check stopped before it finished, and "
                              "nothing of it was saved")
    assert not (tmp_path / ".course").exists()


def test_the_installed_command_exits_with_the_status_and_all_its_output(tmp_path):
    # `main` skips the interpreter's teardown: the status and the output must survive that.
    import json
    import subprocess
    import sys

    command = [sys.executable, "-m", "checker"]
    missing = subprocess.run([*command, "check", "--path", str(tmp_path / "nowhere")],
                             capture_output=True, text=True)
    assert missing.returncode == 2
    assert "no folder" in missing.stderr and "Traceback" not in missing.stderr
    listing = subprocess.run([*command, "list", "--json", "--path", str(tmp_path)],
                             capture_output=True, text=True)
    assert listing.returncode == 0
    assert len(json.loads(listing.stdout)) == 18


def test_the_command_runs_its_checkers_with_one_blas_thread():
    # Set before NumPy loads, whatever the caller's environment says: parallel checkers
    # and runners with OpenBLAS's own threads beside them made grading 50% slower.
    import os
    import subprocess
    import sys

    script = ("import atexit, os, sys; from checker.cli import main; "
              "atexit.register(lambda: print(os.environ['OPENBLAS_NUM_THREADS'], "
              "os.environ['OMP_NUM_THREADS'], 'numpy' in sys.modules)); "
              "sys.argv = ['course', '--version']; main()")
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": "8", "OMP_NUM_THREADS": "8"}
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=environment)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines()[-1] == "1 1 False"


def test_check_starts_the_fork_server_before_anything_imports_numpy():
    # The fork server imports NumPy and SciPy while this process imports the rest: every
    # millisecond before it starts is added to the whole check.
    import subprocess
    import sys

    from checker.paths import solutions_dir

    script = ("import sys; import checker.forkserver as forkserver\n"
              "def started_here():\n"
              "    print('numpy' in sys.modules); raise SystemExit(0)\n"
              "forkserver.default_spawner = started_here\n"
              "from checker.cli import main\n"
              f"sys.argv = ['course', 'check', '--path', {str(solutions_dir())!r},"
              " '--call-timeout', '5']; main()")
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == ["False"]


def test_a_fresh_workspace_is_checked_without_starting_a_learner_worker(tmp_path):
    # Every file is the untouched stub: all to do, known without running learner code.
    import subprocess
    import sys

    assert run("init", str(tmp_path / "ws")).exit_code == 0
    script = ("import sys; import checker.forkserver as forkserver\n"
              "def started_here():\n"
              "    print('a fork server was started', file=sys.stderr); raise SystemExit(3)\n"
              "forkserver.default_spawner = started_here\n"
              "import checker.runner; checker.runner.default_spawner = started_here\n"
              "from checker.cli import main\n"
              "sys.argv = ['course', 'check', '--json']; main()")
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=tmp_path / "ws")
    assert finished.returncode == 1, finished.stderr
    document = json.loads(finished.stdout)
    assert document["score"] == 0 and len(document["topics"]) == 18
    assert {e["status"] for t in document["topics"] for e in t["exercises"]} == {"todo"}


def test_list_fits_a_narrow_terminal_and_keeps_everything_on_a_wide_one(tmp_path,
                                                                         monkeypatch):
    _workspace(tmp_path, solutions_dir())
    monkeypatch.chdir(tmp_path)
    course = load_manifest()
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("list").output.splitlines()
    assert len(narrow) == len(course.topics)
    assert all(len(line) <= 80 for line in narrow), narrow
    assert "answered" not in narrow[0] and "quiz 7/7" in narrow[0]  # the short quiz column
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("list").output.splitlines()
    assert all(topic.title in line for topic, line in zip(course.topics, wide))
    assert "(7/7 answered)" in wide[0]
