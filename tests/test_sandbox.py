"""The sandbox's own promises: folders, identities, limits, budgets, failing closed."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from checker import doctor, protocol, sandbox
from checker.forkserver import default_spawner
from checker.learner import (
    LearnerCrashed,
    LearnerFileProblem,
    LearnerSession,
    LearnerTimedOut,
)
from checker.manifest import load_manifest
from checker.paths import PACKAGE_DIR, solutions_dir
from checker.plugin import CoursePlugin
from checker.runner import run_check
from checker.sandbox import Cell, Limits

ROOT = os.geteuid() == 0
found = sandbox.protections()
needs_uid = pytest.mark.skipif(not found.dedicated_uid,
                               reason=f"no dedicated uid here: {found.notes}")


def learner_file(folder: Path, source: str, name: str = "00_getting_started.py") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_doctor_reports_every_protection_with_a_reason():
    rows = doctor.report()
    names = [name for name, _, _ in rows]
    assert len(names) == len(set(names)) >= 10
    for name, active, detail in rows:
        assert isinstance(name, str) and isinstance(active, bool) and detail.strip()
    by_name = {name: active for name, active, _ in rows}
    assert by_name["unprivileged user"] == found.dedicated_uid
    assert by_name["no network"] == found.network_namespace


def test_grading_gaps_say_what_each_missing_protection_lets_learner_code_do(monkeypatch):
    full = sandbox.Protections(root=True, dedicated_uid=True, network_namespace=True,
                               mount_namespace=True, disk_quota=True)
    assert doctor.grading_gaps(full) == []
    as_a_user = doctor.grading_gaps(sandbox.Protections(root=False))
    assert len(as_a_user) == 2
    assert "runs as your own user" in as_a_user[0] and "these grades" in as_a_user[0]
    assert "network" in as_a_user[1]
    # Namespaces made inside a user namespace: nothing to change, but its own user's
    # processes are still within reach.
    in_a_user_namespace = doctor.grading_gaps(sandbox.Protections(
        root=False, network_namespace=True, mount_namespace=True))
    assert len(in_a_user_namespace) == 1
    assert "own user: it can change none of your files" in in_a_user_namespace[0]
    assert "stop the grading" in in_a_user_namespace[0]
    container = sandbox.Protections(root=True, dedicated_uid=True, network_namespace=True)
    solutions = Path(tempfile.mkdtemp())  # in /tmp, which everyone may enter
    try:
        monkeypatch.setattr(doctor, "solutions_dir", lambda: solutions)
        solutions.chmod(0o755)
        gaps = doctor.grading_gaps(container)
        assert len(gaps) == 1 and "reference solutions" in gaps[0]
        assert f"`chmod 700 {solutions}` stops that" in gaps[0]
        solutions.chmod(0o700)  # as the README's Gradescope setup.sh does
        assert doctor.grading_gaps(container) == []
    finally:
        solutions.rmdir()
    monkeypatch.undo()
    # On this machine: a gap exactly where `course doctor` shows a protection missing.
    gaps = " ".join(doctor.grading_gaps())
    assert ("your own user" in gaps) == (not found.dedicated_uid)
    assert ("reference solutions" in gaps) == (
        found.dedicated_uid and not found.mount_namespace
        and sandbox.others_can_reach(str(solutions_dir())))
    assert ("network" in gaps) == (not found.network_namespace)


def test_protections_hang_together():
    if found.disk_quota or (found.mount_namespace and found.root):
        assert found.dedicated_uid
    if found.mount_namespace and not found.root:  # made inside the user namespace
        assert found.network_namespace and found.namespaces == ("user-net", "mount")
    if ROOT and sys.platform.startswith("linux") and not found.dedicated_uid:
        assert found.notes.get("dedicated_uid")  # and `course doctor` says why


def test_the_worker_environment_carries_nothing_of_the_callers(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_FAKE_TOKEN", "secret")
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = sandbox.worker_environment(tmp_path, "marker")
    assert "COURSE_FAKE_TOKEN" not in env and "PYTHONPATH" not in env
    assert env["MPLBACKEND"] == "Agg" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["HOME"] == str(tmp_path)


def test_a_cell_writes_and_reads_without_following_links(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    cell = Cell(Limits(), learner_file(tmp_path / "src", "x = 1\n"))
    try:
        (cell.home / "input.txt").symlink_to(outside)
        cell.write("input.txt", b"new data")
        assert outside.read_text() == "keep me"
        assert not (cell.home / "input.txt").is_symlink()
        assert cell.read("input.txt", 100) == b"new data"

        (cell.home / "link.txt").symlink_to(outside)
        os.mkfifo(cell.home / "pipe")
        assert cell.read("link.txt", 100) is None
        assert cell.read("pipe", 100) is None  # and never blocks
        assert cell.read("../outside.txt", 100) is None
        with pytest.raises(ValueError):
            cell.write("../escape.txt", b"x")
        if cell.uid is not None:
            assert (cell.home / "input.txt").stat().st_uid == cell.uid
    finally:
        cell.close()
    assert not cell.home.exists()
    assert outside.read_text() == "keep me"


@needs_uid
def test_a_folder_closed_to_others_keeps_files_from_a_worker_that_has_no_mount_namespace(
        tmp_path, monkeypatch):
    # What the README's Gradescope setup.sh relies on to keep the reference solutions from
    # workers where the container allows no mount namespace to hide them.
    monkeypatch.setattr(sandbox, "_protections", dataclasses.replace(
        found, mount_namespace=False, network_namespace=False))
    solutions = Path(tempfile.mkdtemp())  # in /tmp, which everyone may enter
    reference = solutions / "00_getting_started.py"
    reference.write_text("ANSWER = 42\n")
    # Forked from the fork server, which has Python loaded: without the mount namespace's
    # binds, the worker's uid may be unable to read Python's own files (a pyenv in /root).
    session = LearnerSession(learner_file(tmp_path / "src", """
        def peek(path):
            try:
                with open(path) as handle:
                    return handle.read()
            except OSError as exc:
                return type(exc).__name__
    """), Limits(), spawner=default_spawner())
    try:
        solutions.chmod(0o755)
        assert session.call("peek", (str(reference),), {}) == "ANSWER = 42\n"
        solutions.chmod(0o700)
        assert session.call("peek", (str(reference),), {}) == "PermissionError"
    finally:
        session.close()
        shutil.rmtree(solutions)


def test_files_the_learner_wrote_are_read_as_copies(tmp_path):
    session = LearnerSession(learner_file(tmp_path / "src", """
        def write(name, text):
            with open(name, "w") as handle:
                handle.write(text)

        def swap_for_link(name, target):
            import os
            os.remove(name)
            os.symlink(target, name)
    """), Limits())
    try:
        session.call("write", ("out.txt", "first"), {})
        copy = session.file("out.txt")
        assert copy.read_text() == "first" and not copy.is_relative_to(session.home)
        session.call("swap_for_link", ("out.txt", "/etc/hostname"), {})
        assert copy.read_text() == "first"
        with pytest.raises(LearnerFileProblem, match="plain file"):
            session.file("out.txt")
        with pytest.raises(LearnerFileProblem, match="there is none"):
            session.file("missing.txt")
        session.put_file("in.txt", b"input")
        assert session.call("write", ("in.txt", "overwritten"), {}) is None
    finally:
        session.close()


def test_the_topic_budget_turns_later_calls_into_timeouts(tmp_path):
    session = LearnerSession(learner_file(tmp_path / "src", """
        import time

        def slow():
            time.sleep(1000)

        def fast():
            return 1
    """), Limits(call_seconds=60.0, topic_seconds=3.0))
    try:
        with pytest.raises(LearnerTimedOut, match="used up their 3 s"):
            session.call("slow", (), {})
        with pytest.raises(LearnerTimedOut, match="used up their 3 s"):
            session.call("fast", (), {})
    finally:
        session.close()


def test_a_call_timeout_restarts_the_worker_for_the_next_call(tmp_path):
    session = LearnerSession(learner_file(tmp_path / "src", """
        import time

        def slow():
            time.sleep(1000)

        def fast():
            return 1
    """), Limits(call_seconds=2.0, topic_seconds=60.0))
    try:
        with pytest.raises(LearnerTimedOut, match="within 2 s"):
            session.call("slow", (), {})
        assert session.call("fast", (), {}) == 1
    finally:
        session.close()


def test_a_missing_result_counts_as_failed(tmp_path, monkeypatch):
    """A test whose result never arrives (the run ended first) fails its exercise."""
    course = load_manifest()
    original = CoursePlugin.pytest_runtest_logreport

    def losing_some(self, report):
        if "scipy_version" not in report.nodeid:
            original(self, report)

    monkeypatch.setattr(CoursePlugin, "pytest_runtest_logreport", losing_some)
    document = run_check(course, course.select(["getting_started"]), solutions_dir())
    exercises = {e["id"]: e for t in document["topics"] for e in t["exercises"]}
    lost = exercises["getting_started.scipy_version"]
    assert lost["status"] == "failed" and lost["score"] == 0.0
    assert "no result" in lost["message"]
    assert exercises["getting_started.make_array"]["status"] == "passed"


@needs_uid
def test_a_plan_that_cannot_be_applied_runs_no_learner_code(tmp_path, monkeypatch):
    canary = tmp_path / "canary"
    source = f"open({str(canary)!r}, 'w').write('ran')\n\ndef f():\n    return 1\n"
    plan = Cell.plan

    def impossible(self, parent_pid=None):
        result = plan(self, parent_pid)
        if found.mount_namespace:
            result["reveal"] = [*result.get("reveal", []), "/nonexistent/course-path"]
        else:
            result["gid"] = -5
        return result

    monkeypatch.setattr(Cell, "plan", impossible)
    session = LearnerSession(learner_file(tmp_path / "src", source), Limits())
    try:
        with pytest.raises(Exception, match="could not set up its sandbox"):
            session.call("f", (), {})
    finally:
        session.close()
    assert not canary.exists()


@needs_uid
@pytest.mark.parametrize("helper", ["setpriv", "fork"])
def test_kill_uid_reaches_processes_that_left_the_session(tmp_path, monkeypatch, helper):
    if helper == "fork":
        monkeypatch.setattr(sandbox, "_SETPRIV", None)  # a system without util-linux
    elif sandbox._SETPRIV is None:
        pytest.skip("no setpriv here")
    uid, lock = sandbox.allocate_uid()
    try:
        escaped = subprocess.Popen(["sleep", "1000"], user=uid, group=uid, extra_groups=[],
                                   start_new_session=True)
        assert sandbox.processes_of(uid) == [escaped.pid]
        sandbox.kill_uid(uid)
        assert escaped.wait(timeout=30) == -9
        assert sandbox.processes_of(uid) == []
    finally:
        lock.close()


def test_uids_are_never_shared_between_cells():
    held = [sandbox.allocate_uid() for _ in range(20)]
    try:
        uids = [uid for uid, _ in held]
        assert len(set(uids)) == 20
        assert all(sandbox.UID_BASE <= uid < sandbox.UID_BASE + sandbox.UID_COUNT
                   for uid in uids)
    finally:
        for _, lock in held:
            lock.close()


def test_the_filesystem_plan_shows_what_python_needs_and_hides_the_rest(tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(sandbox, "SCRATCH_FOLDERS", ())
    blocked = tmp_path / "private"
    (blocked / "python" / "lib").mkdir(parents=True)
    blocked.chmod(0o700)
    plan = sandbox.filesystem_plan(
        str(tmp_path / "home"),
        hide=[str(solutions_dir()), str(PACKAGE_DIR.parent), str(tmp_path / "absent")],
        needed=[str(blocked / "python"), str(PACKAGE_DIR)], tops=[])
    # Covered: the top-most folder on the way that others cannot enter (pytest's own
    # temporary root may already be one), shown again: the folder Python needs.
    (cover,) = plan["cover"]
    assert blocked.is_relative_to(cover) and not os.stat(cover).st_mode & 0o001
    assert all(os.stat(parent).st_mode & 0o001 for parent in Path(cover).parents)
    assert plan["reveal"] == [str(blocked / "python")]
    # The package's parent holds what the worker needs, so it stays; missing folders too.
    assert plan["hide"] == ([str(solutions_dir())] if solutions_dir().is_dir() else [])
    # Private top-level folders (/home, /srv...) are covered; what Python needs there shown.
    plan = sandbox.filesystem_plan(str(tmp_path / "home"), hide=[], needed=[str(PACKAGE_DIR)],
                                   tops=[str(PACKAGE_DIR.parent)])
    assert plan["cover"] == [str(PACKAGE_DIR.parent)]
    assert plan["reveal"] == [str(PACKAGE_DIR)]
    assert "/home" not in sandbox.OS_FOLDERS and "usr" in sandbox.OS_FOLDERS


def test_the_worker_dies_with_the_checker_and_its_cell_is_cleaned_up_later(tmp_path):
    """A checker killed outright leaves no worker running; the next checker removes its
    folder (as root, a tmpfs mount) when it probes the machine."""
    # The learner's code is running (confinement done) when the checker dies: a checker
    # dying before that point is caught by the worker's parent check instead, and a worker
    # waiting for a request sees its pipe close; neither shows the death signal at work.
    learner = learner_file(tmp_path / "src",
                           "open('started', 'w').close()\nimport time\ntime.sleep(1000)\n")
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        from checker.learner import LearnerSession
        from checker.sandbox import Limits
        session = LearnerSession(Path({str(learner)!r}), Limits())
        session.start()
        deadline = time.monotonic() + 60
        while not (session.home / "started").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        print(session._worker.process.pid, session.home, flush=True)
        os._exit(0)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=PACKAGE_DIR.parent)
    pid_text, home = result.stdout.split()
    pid = int(pid_text)
    try:
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)
        if found.disk_quota:
            assert home in sandbox.clean_stale_cells()
            assert not os.path.exists(home)
    finally:
        if _alive(pid):  # only when the test fails: leave no sleeping worker behind
            os.kill(pid, signal.SIGKILL)
        if os.path.ismount(home):
            subprocess.run(["umount", "-l", home], check=False)
        subprocess.run(["rm", "-rf", home], check=False)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return "State:\tZ" not in handle.read()
    except OSError:
        return False


def test_a_folder_inside_a_hidden_one_is_not_hidden_twice(tmp_path):
    # A wheel keeps the reference solutions beside the stubs: hiding the stubs' parent
    # already hides the solutions, and a second cover inside the first would fail.
    from checker.sandbox import filesystem_plan

    installed = tmp_path / "site-packages"
    content = installed / "checker" / "_content"
    (content / "exercises").mkdir(parents=True)
    (content / "solutions").mkdir()
    home = tmp_path / "cell"
    home.mkdir()
    plan = filesystem_plan(str(home), [str(content / "exercises"), str(content),
                                       str(content / "solutions")],
                           needed=[str(installed)], tops=[])
    assert plan["hide"] == [str(content.resolve())]


def test_a_hidden_folder_inside_a_revealed_one_stays_hidden(tmp_path):
    # A checkout under /tmp (a scratch folder) is shown again because Python needs it;
    # the reference solutions inside it must still be covered.
    from checker.sandbox import filesystem_plan

    checkout = tmp_path / "checkout"
    (checkout / "solutions").mkdir(parents=True)
    home = tmp_path / "cell"
    home.mkdir()
    plan = filesystem_plan(str(home), [str(checkout / "solutions")], needed=[str(checkout)],
                           tops=[])
    assert str(checkout.resolve()) in plan["reveal"]
    assert plan["hide"] == [str((checkout / "solutions").resolve())]


def confine_with_extra_mount(tmp_path: Path, monkeypatch, point: Path,
                             before_cover=None) -> dict:
    """A trial confinement whose mount list also names `point`; `before_cover(point)` runs
    in the worker just before the empty cover is mounted on it."""
    from checker import worker

    listed = worker._writable_mounts
    monkeypatch.setattr(worker, "_writable_mounts", lambda: [*listed(), (str(point), 0)])
    original = worker.Libc.mount

    def mount(self, source, target, fstype, flags, data=None):
        if target == str(point) and fstype == "tmpfs" and before_cover is not None:
            before_cover(point)
        return original(self, source, target, fstype, flags, data)

    monkeypatch.setattr(worker.Libc, "mount", mount)
    cell = Cell(Limits(), learner_file(tmp_path / "learner", "x = 1\n"))
    try:
        return sandbox._trial(cell.plan(), [])
    finally:
        cell.close()


@pytest.mark.skipif(not found.mount_namespace, reason="needs a mount namespace (root)")
def test_a_mount_that_vanishes_during_confinement_is_not_an_error(tmp_path, monkeypatch):
    # Another checker removing its cell folder detaches that mount in every namespace,
    # possibly after this worker listed the mounts: the worker must still start.
    report = confine_with_extra_mount(tmp_path, monkeypatch,
                                      tmp_path / "course-worker-removed-meanwhile")
    assert report["error"] is None
    assert report["home_writable"]


@pytest.mark.skipif(not found.mount_namespace, reason="needs a mount namespace (root)")
def test_a_mount_that_vanishes_between_the_two_attempts_is_not_an_error(tmp_path, monkeypatch):
    # The cell closed in the background: its folder goes after the read-only remount was
    # refused and before the empty cover is mounted on it.
    doomed = tmp_path / "course-worker-being-removed"
    doomed.mkdir()  # a plain folder: the read-only remount is refused
    asked_read, asked_write = os.pipe()
    done_read, done_write = os.pipe()

    def remove_when_asked():  # the clean-up, out here, outside the worker's namespace
        os.read(asked_read, 1)
        os.rmdir(doomed)
        os.write(done_write, b"x")

    def ask_and_wait(_point):  # in the worker
        os.write(asked_write, b"x")
        os.read(done_read, 1)

    threading.Thread(target=remove_when_asked, daemon=True).start()
    report = confine_with_extra_mount(tmp_path, monkeypatch, doomed, ask_and_wait)
    assert report["error"] is None
    assert report["home_writable"]


@pytest.mark.skipif(not found.mount_namespace, reason="needs a mount namespace (root)")
def test_a_mount_that_cannot_be_covered_and_is_still_there_stops_the_worker(tmp_path,
                                                                           monkeypatch):
    from checker.worker import ConfinementFailed

    stubborn = tmp_path / "course-worker-stubborn"
    stubborn.mkdir()

    def refuse(point):
        raise ConfinementFailed(f"mount on {point}: refused")

    report = confine_with_extra_mount(tmp_path, monkeypatch, stubborn, refuse)
    assert report["error"] == f"mount on {stubborn}: refused"  # fails closed


def test_a_worker_whose_confinement_fails_never_imports_the_learners_file(tmp_path):
    """Fail closed, decided in the worker itself: the checker killing it on the "sandbox"
    message would otherwise race the learner's import."""
    canary = tmp_path / "canary"
    learner = learner_file(tmp_path / "src", f"open({str(canary)!r}, 'w').write('ran')\n")
    script = textwrap.dedent("""
        import sys
        from checker import worker

        def refuse(plan):
            raise worker.ConfinementFailed("refused for the test")

        worker.confine = refuse
        worker.run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), {})
    """)
    request_read, request_write = os.pipe()
    response_read, response_write = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(learner), str(request_read), str(response_write)],
        pass_fds=(request_read, response_write), cwd=PACKAGE_DIR.parent)
    os.close(request_read)
    os.close(response_write)
    try:
        message = json.loads(protocol.receive(response_read, time.monotonic() + 60))
        assert message == {"status": "sandbox", "detail": "refused for the test"}
        os.close(request_write)  # a worker that went on serving would stop here
        request_write = -1
        assert process.wait(timeout=60) == 3
    finally:
        if request_write >= 0:
            os.close(request_write)
        os.close(response_read)
        process.kill()
        process.wait()
    assert not canary.exists()


@needs_uid
def test_a_new_worker_of_a_cell_kills_what_the_last_one_left_running(tmp_path):
    session = LearnerSession(learner_file(tmp_path / "src", """
        import os, subprocess

        def escape():
            return subprocess.Popen(["sleep", "1000"], start_new_session=True).pid

        def crash():
            os._exit(1)

        def ping():
            return 1
    """), Limits())
    try:
        escaped = session.call("escape", (), {})
        assert _alive(escaped)
        with pytest.raises(LearnerCrashed):
            session.call("crash", (), {})
        assert session.call("ping", (), {}) == 1  # a new worker, started after the sweep
        deadline = time.monotonic() + 10
        while _alive(escaped) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(escaped), "the new worker let its predecessor's process live"
    finally:
        session.close()


@needs_uid
def test_the_worker_keeps_no_group_gains_no_privilege_and_has_a_process_cap(tmp_path):
    """Run from a checker that has supplementary groups (as a root shell may): the worker
    has none, cannot regain privileges through a setuid program, and may start only
    `Limits.processes` processes."""
    learner = learner_file(tmp_path / "src", """
        import os, resource

        def probe():
            with open("/proc/self/status") as handle:
                status = dict(line.split(":", 1) for line in handle if ":" in line)
            return {"groups": os.getgroups(), "no_new_privs": status["NoNewPrivs"].strip(),
                    "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0]}
    """)
    script = textwrap.dedent(f"""
        import json
        from pathlib import Path
        from checker.learner import LearnerSession
        from checker.sandbox import Limits
        session = LearnerSession(Path({str(learner)!r}), Limits())
        try:
            print(json.dumps(session.call("probe", (), {{}})))
        finally:
            session.close()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, cwd=PACKAGE_DIR.parent, extra_groups=[4242, 4243])
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe == {"groups": [], "no_new_privs": "1", "nproc": Limits().processes}


def test_a_uid_held_by_a_cell_is_never_handed_out_again(monkeypatch):
    draws = iter([5, 5, 6])
    monkeypatch.setattr(sandbox.secrets, "randbelow", lambda _: next(draws))
    first, first_lock = sandbox.allocate_uid()
    try:
        second, second_lock = sandbox.allocate_uid()
        second_lock.close()
    finally:
        first_lock.close()
    assert (first, second) == (sandbox.UID_BASE + 5, sandbox.UID_BASE + 6)


@pytest.mark.skipif(not found.disk_quota, reason="needs cells mounted as tmpfs (root)")
def test_cleaning_stale_cells_leaves_a_live_cell_alone(tmp_path, monkeypatch):
    # Recorded, not done: on a shared machine other checkers' cells are on the list too.
    touched: list[str] = []
    monkeypatch.setattr(sandbox, "kill_uid", lambda uid: touched.append(f"uid {uid}"))
    monkeypatch.setattr(sandbox, "_unmount", touched.append)
    monkeypatch.setattr(sandbox.shutil, "rmtree", lambda path, **_: touched.append(path))
    cell = Cell(Limits(), learner_file(tmp_path / "src", "x = 1\n"))
    try:
        assert os.path.ismount(cell.home)
        cleaned = sandbox.clean_stale_cells()
        assert str(cell.home) not in cleaned
        assert str(cell.home) not in touched and f"uid {cell.uid}" not in touched
    finally:
        monkeypatch.undo()
        cell.close()


def test_a_flood_of_separate_values_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_VALUES", 100)
    session = LearnerSession(learner_file(tmp_path / "src", """
        def many():
            return list(range(1000))

        def few():
            return list(range(10))
    """), Limits())
    try:
        with pytest.raises(LearnerCrashed, match="more than 100 separate values"):
            session.call("many", (), {})
        assert session.call("few", (), {}) == list(range(10))
    finally:
        session.close()


def test_the_current_folder_is_no_library_folder_of_a_worker(tmp_path, monkeypatch):
    # `python -m checker` puts the current folder on sys.path: a grader's submissions
    # folder, /tmp or /. Kept readable, it would undo the plan (/ leaves nothing to hide;
    # /tmp, no private /tmp to make).
    for folder in (tmp_path, Path("/"), Path("/tmp")):
        monkeypatch.chdir(folder)
        monkeypatch.setattr(sys, "path", [str(folder), *sys.path])
        needed = sandbox.needed_paths()
        assert str(folder.resolve()) not in needed and "/" not in needed, needed
        assert sandbox._real(PACKAGE_DIR.parent) in needed or any(
            sandbox._under(sandbox._real(PACKAGE_DIR.parent), path) for path in needed)


@pytest.mark.parametrize("folder", ["/", "/tmp"])
def test_python_m_checker_checks_from_any_folder(tmp_path, folder):
    shutil.copyfile(solutions_dir() / "00_getting_started.py", tmp_path / "00_getting_started.py")
    done = subprocess.run([sys.executable, "-m", "checker", "check", "getting_started",
                           "--path", str(tmp_path), "--json"], cwd=folder,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    topic = json.loads(done.stdout)["topics"][0]
    assert topic["status"] == "complete", topic
