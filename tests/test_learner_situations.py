"""Honest learner situations that once ended in a traceback, a wrong status or lost work:
files saved by other editors, a command run from the exercises folder, a progress folder
that cannot be written or read."""

from __future__ import annotations

import codecs
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import learner
from checker import state as state_module
from checker.cli import cli
from checker.paths import exercises_dir, solutions_dir
from checker.sandbox import protections

TOPIC = "getting_started"
STUB_FILE = "00_getting_started.py"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def _workspace(tmp_path: Path, source: Path = solutions_dir()) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir()
    shutil.copyfile(source / STUB_FILE, folder / STUB_FILE)
    return folder


# -- where the topic files are --------------------------------------------------------------


def test_commands_run_from_inside_the_exercises_folder_use_it(tmp_path, monkeypatch):
    folder = _workspace(tmp_path)
    monkeypatch.chdir(folder)
    result = run("check", TOPIC)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / ".course" / "state.json").read_text())["topics"][TOPIC] \
        == "complete"
    assert json.loads(run("list", "--json").output)[0]["status"] == "complete"
    assert "yours passes too" in run("solution", f"{TOPIC}.make_array").output
    run("hint", TOPIC)
    assert not (folder / ".course").exists()  # no second, empty progress inside exercises/


def test_a_path_to_the_workspace_means_its_exercises_folder(tmp_path):
    _workspace(tmp_path)
    result = run("check", TOPIC, "--path", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["topics"][0]["status"] == "complete"


def test_a_folder_with_the_topic_files_name_is_said_to_be_a_folder(tmp_path):
    folder = tmp_path / "exercises"
    (folder / STUB_FILE).mkdir(parents=True)
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    assert document["topics"][0]["status"] == "missing"
    assert "is a folder, not a file" in document["topics"][0]["message"]


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf\r\n"])
def test_an_empty_topic_file_is_to_do_and_says_to_reset_it(data, tmp_path):
    folder = _workspace(tmp_path)
    (folder / STUB_FILE).write_bytes(data)
    result = run("check", TOPIC, "--path", str(folder), "--json")
    topic = json.loads(result.output)["topics"][0]
    assert result.exit_code == 1
    assert topic["status"] == "todo"
    assert {e["status"] for e in topic["exercises"]} == {"todo"}
    said = f"{STUB_FILE} is empty: `course reset {TOPIC}` puts the stub back"
    assert topic["message"] == said
    text = run("check", TOPIC, "--path", str(folder)).output
    assert said in text and "no function named" not in text, text


@pytest.mark.parametrize("command", ["check", "watch"])
def test_a_folder_without_topic_files_is_one_line_naming_them(command, tmp_path, monkeypatch):
    from checker import watch

    monkeypatch.setattr(watch, "keys", lambda: iter("q"))  # a watch that started would end
    (tmp_path / "notes").mkdir()
    result = CliRunner().invoke(cli, [command, "--path", str(tmp_path / "notes")])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"Error: {tmp_path / 'notes'} holds none of the topic files (00_getting_started.py, "
        "01_io.py ... 17_misc.py): point --path at the folder that holds them"]
    assert list((tmp_path / "notes").iterdir()) == []  # no .course/ begun there


@pytest.mark.parametrize("command", [["list"], ["progress"], ["list", "--json"],
                                     ["solution", f"{TOPIC}.make_array"], ["hint"]])
def test_commands_outside_a_workspace_say_so_and_how_to_make_one(command, tmp_path,
                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "not checked" not in result.output
    assert result.output.strip() == (
        "Error: no folder exercises: run this in a course workspace (`course init DIR` makes "
        "one), or point --path at your topic files")


# -- the progress file ----------------------------------------------------------------------


def _refuse_writes(monkeypatch):
    def refuse(path: Path, text: str) -> None:
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(state_module, "atomic_write_text", refuse)


def test_a_progress_folder_that_cannot_be_written_still_shows_the_check(tmp_path,
                                                                        monkeypatch):
    _workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    _refuse_writes(monkeypatch)
    result = run("check", TOPIC)
    assert result.exit_code == 0, result.output
    assert "complete" in result.output and "make_array" in result.output
    assert "could not be saved" in result.output
    hint = run("hint", TOPIC)
    assert hint.exit_code == 0 and "hint 1 of" in hint.output
    assert "could not be saved" in hint.output


@pytest.mark.parametrize("command", [["list"], ["progress"], ["hint"],
                                     ["solution", f"{TOPIC}.make_array"]])
def test_every_command_says_when_the_progress_file_was_unreadable(command, tmp_path,
                                                                  monkeypatch):
    _workspace(tmp_path)
    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "state.json").write_text("{not json")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, command)
    assert (f"your progress file {tmp_path / '.course' / 'state.json'} could not be read, so "
            "your progress starts afresh; the old file was kept as "
            f"{tmp_path / '.course' / 'state.json.corrupt'}") in result.output, result.output
    assert "Traceback" not in result.output


# -- files saved by other editors -----------------------------------------------------------


def _learner_file(tmp_path: Path, data: bytes) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    (folder / STUB_FILE).write_bytes(data)
    return folder


def test_resetting_one_function_keeps_a_bom_and_windows_line_endings(tmp_path, monkeypatch):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8").replace("\n", "\r\n")
    folder = _learner_file(tmp_path, codecs.BOM_UTF8 + text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    result = run("reset", f"{TOPIC}.make_array", "--yes")
    assert result.exit_code == 0, result.output
    data = (folder / STUB_FILE).read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\n" not in data.replace(b"\r\n", b"")
    after = data[len(codecs.BOM_UTF8):].decode("utf-8")
    assert "return np.array(values, dtype=np.float64)" not in after
    assert "return scipy.__version__" in after  # the other functions are the learner's


@pytest.mark.parametrize("separator", ["\x0c", "\u2028"])
def test_resetting_one_function_counts_lines_as_python_does(separator, tmp_path,
                                                            monkeypatch):
    # A form feed (an editor's page break) or a pasted line separator is no new line to
    # Python: counted as one, the function's lines were misplaced and the file mangled.
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8").replace(
        "def make_array(", f"# notes{separator}more notes\ndef make_array(", 1)
    folder = _learner_file(tmp_path, text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert run("reset", f"{TOPIC}.make_array", "--yes").exit_code == 0
    after = (folder / STUB_FILE).read_text(encoding="utf-8")
    stub = (exercises_dir() / STUB_FILE).read_text(encoding="utf-8")
    start = stub.index("def make_array(")
    assert f"# notes{separator}more notes\n" + stub[start:stub.index("\n\n\n", start)] in after
    assert "return np.array(values, dtype=np.float64)" not in after
    compile(after, STUB_FILE, "exec")


def test_resetting_one_function_of_a_file_not_in_utf8_is_one_line(tmp_path, monkeypatch):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8") + "# caf\xe9\n"
    folder = _learner_file(tmp_path, text.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    result = run("reset", f"{TOPIC}.make_array", "--yes")
    assert result.exit_code == 1
    assert "UTF-8" in result.output and len(result.output.strip().splitlines()) == 1
    assert (folder / STUB_FILE).read_bytes() == text.encode("latin-1")  # left as it was
    # With an encoding declaration Python reads it, so reset does too, and keeps it.
    declared = "# -*- coding: latin-1 -*-\n" + text
    _learner_file(tmp_path, declared.encode("latin-1"))
    assert run("reset", f"{TOPIC}.make_array", "--yes").exit_code == 0
    after = (folder / STUB_FILE).read_bytes().decode("latin-1")
    assert after.endswith("# caf\xe9\n") and "raise NotImplementedError" in after


@pytest.mark.parametrize("data, advice", [
    ((solutions_dir() / STUB_FILE).read_text(encoding="utf-8").encode("utf-16"), "UTF-16"),
    (((solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
      + 'NAME = "Jos\xe9"\n').encode("cp1252"), "not saved as UTF-8"),
    ((solutions_dir() / STUB_FILE).read_bytes() + b"x = 1\x00\n", "NUL"),
])
def test_a_file_saved_in_another_encoding_is_broken_and_says_how_to_save_it(data, advice,
                                                                            tmp_path):
    folder = _learner_file(tmp_path, data)
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    topic = document["topics"][0]
    assert topic["status"] == "broken"
    assert advice in topic["message"], topic["message"]


@pytest.mark.parametrize("error_type", ["SyntaxError", "ValueError"])
def test_the_encoding_advice_follows_either_error_python_gives_for_nul_bytes(tmp_path,
                                                                             error_type):
    # Python 3.11.2 (Debian 12's) compiles NUL bytes into a ValueError, 3.11.7 a SyntaxError.
    utf16 = tmp_path / "utf16.py"
    utf16.write_bytes("x = 1\n".encode("utf-16"))
    error = {"type": error_type, "message": "source code string cannot contain null bytes"}
    assert "save it as UTF-8" in learner._with_encoding_hint(error, utf16)["message"]
    # A ValueError the learner's own module raises as it is imported is left as it is.
    plain = tmp_path / "plain.py"
    plain.write_text("raise ValueError('bad setting')\n", encoding="utf-8")
    error = {"type": "ValueError", "message": "bad setting"}
    assert learner._with_encoding_hint(error, plain) == error


def test_input_during_a_check_says_there_is_no_keyboard(tmp_path):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + "\n\ndef scipy_version():\n"
                                      "    return input('version? ')\n").encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    message = document["topics"][0]["exercises"][0]["message"]
    assert "EOFError" in message and "input()" in message, message


def test_a_masked_array_returned_is_refused_with_what_to_do(tmp_path):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + "\n\ndef make_array(values):\n"
                                      "    return np.ma.masked_invalid(np.array(values, "
                                      "dtype=float))\n").encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    by_id = {e["id"]: e for e in document["topics"][0]["exercises"]}
    message = by_id["getting_started.make_array"]["message"]
    assert by_id["getting_started.make_array"]["status"] == "failed"
    assert message.startswith("make_array([1, 2, 3]) returned a masked array"), message
    assert ".filled(value)" in message and "Traceback" not in message


def test_a_download_that_fails_says_the_check_has_no_network():
    refused = learner.LearnerRaised("legacy_datasets", {
        "type": "ConnectionError",
        "types": ["ConnectionError", "RequestException", "OSError", "Exception"],
        "message": "Failed to resolve 'raw.githubusercontent.com'",
        "lines": [[12, "return datasets.ascent()"]]})
    assert refused.describe().endswith("(line 12: return datasets.ascent())\n"
                                       + learner.NO_NETWORK_ADVICE)
    other = learner.LearnerRaised("f", {"type": "OSError", "types": ["OSError", "Exception"],
                                        "message": "No such file or directory"})
    assert learner.NO_NETWORK_ADVICE not in other.describe()


def test_a_file_named_from_the_root_is_explained_and_a_plain_name_is_not():
    def described(message: str) -> str:
        return learner.LearnerRaised("f", {
            "type": "FileNotFoundError",
            "types": ["FileNotFoundError", "OSError", "Exception", "BaseException"],
            "message": message}).describe()

    assert described("[Errno 2] No such file or directory: '/home/ada/plot.png'").endswith(
        "\n" + learner.OUTSIDE_FOLDER_ADVICE)
    assert learner.OUTSIDE_FOLDER_ADVICE not in described(
        "[Errno 2] No such file or directory: 'plot.png'")


@pytest.mark.skipif(not protections().mount_namespace,
                    reason="workers on this machine may write where their user can")
def test_learner_code_cannot_write_outside_its_folder_and_is_told_why(tmp_path):
    outside = tmp_path / "written-by-learner-code.txt"
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + "\n\ndef scipy_version():\n"
                                      f"    open({str(outside)!r}, 'w').write('x')\n"
                                      "    return '1.17.0'\n").encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    message = document["topics"][0]["exercises"][0]["message"]
    assert "raised FileNotFoundError" in message, message
    assert learner.OUTSIDE_FOLDER_ADVICE in message, message
    assert not outside.exists()


@pytest.mark.skipif(not protections().mount_namespace,
                    reason="workers on this machine may write where their user can")
def test_no_way_through_proc_leads_learner_code_out_of_its_folder(tmp_path):
    # /proc/PID/root and /proc/PID/cwd of a process outside the sandbox show that process's
    # view of the files, so they must be out of reach (another uid as root; without root,
    # /proc is covered).
    outside = tmp_path / "written-through-proc.txt"
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + textwrap.dedent(f"""

        def scipy_version():
            import os
            pids = [name for name in os.listdir("/proc")
                    if name.isdigit() and int(name) != os.getpid()]  # its own: its view
            ways = [f"/proc/{{pid}}/root{str(outside)}" for pid in pids]
            ways += [f"/proc/{{pid}}/cwd/{outside.name}" for pid in pids]
            written = 0
            for way in ways:
                try:
                    with open(way, "w") as handle:
                        handle.write("out")
                    written += 1
                except OSError:
                    pass
            return f"{{len(pids)}} processes seen, {{written}} written"
    """)).encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    message = document["topics"][0]["exercises"][0]["message"]
    assert ", 0 written" in message, message
    assert not outside.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux") or not (
    protections().dedicated_uid or (not protections().root and protections().network_namespace)),
    reason="workers here run as the checker's user in the checker's user namespace")
def test_learner_code_cannot_trace_the_process_that_started_it(tmp_path):
    # A uid of its own (root), or a user namespace of its own (not root): either way Linux
    # refuses to let it trace, and so take over, a process outside its sandbox.
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + textwrap.dedent("""

        def scipy_version():
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            seized = libc.ptrace(0x4206, os.getppid(), None, None)  # PTRACE_SEIZE: no stop
            if seized == 0:
                libc.ptrace(17, os.getppid(), None, None)  # PTRACE_DETACH
                return "traced its parent"
            return "refused: " + os.strerror(ctypes.get_errno())
    """)).encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    message = document["topics"][0]["exercises"][0]["message"]
    assert "got 'refused: Operation not permitted'" in message, message


@pytest.mark.skipif(not protections().network_namespace,
                    reason="workers on this machine may reach the network")
def test_learner_code_that_reaches_for_the_network_is_told_it_has_none(tmp_path):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + "\n\ndef scipy_version():\n"
                                      "    import urllib.request\n"
                                      "    return urllib.request.urlopen("
                                      "'https://scipy.org', timeout=5).read().decode()\n"
                                      ).encode("utf-8"))
    document = json.loads(run("check", TOPIC, "--path", str(folder), "--json").output)
    message = document["topics"][0]["exercises"][0]["message"]
    assert "URLError" in message and learner.NO_NETWORK_ADVICE in message, message


def test_a_loop_at_the_top_of_a_file_costs_the_import_timeout_given(tmp_path):
    text = (solutions_dir() / STUB_FILE).read_text(encoding="utf-8")
    folder = _learner_file(tmp_path, (text + "\nwhile True:\n    pass\n").encode("utf-8"))
    result = run("check", TOPIC, "--path", str(folder), "--json", "--import-timeout", "1.5")
    topic = json.loads(result.output)["topics"][0]
    assert topic["status"] == "broken"
    assert "importing it did not finish within 1.5 s" in topic["message"], topic["message"]


@pytest.mark.parametrize("args", [("reset", f"{TOPIC}.make_array", "--yes"),
                                  ("reset", TOPIC, "--yes"), ("hint", TOPIC)])
def test_commands_that_write_refuse_a_folder_without_the_topic_files(tmp_path, monkeypatch,
                                                                    args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2 and "no folder exercises" in result.output, result.output
    assert list(tmp_path.iterdir()) == []  # no exercises/ made, no .course/


def test_progress_is_saved_even_when_the_output_is_cut_short(tmp_path, monkeypatch):
    from checker import display

    folder = _workspace(tmp_path)

    def pipe_closed(*args, **kwargs):
        raise BrokenPipeError  # `course check | head -1`

    monkeypatch.setattr(display, "print_results", pipe_closed)
    CliRunner().invoke(cli, ["check", TOPIC, "--path", str(folder)])
    state = json.loads((tmp_path / ".course" / "state.json").read_text())
    assert state["topics"][TOPIC] == "complete"
