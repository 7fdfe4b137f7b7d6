"""Workers forked by the fork server are confined exactly as fresh ones, and a dead fork
server costs speed, never a result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from checker.forkserver import ForkServer
from checker.learner import LearnerSession
from checker.paths import PACKAGE_DIR
from checker.sandbox import Limits, protections

PROBE = '''
import gc, os, socket

def probe():
    connection = socket.socket()
    connection.settimeout(1)
    try:
        connection.connect(("127.0.0.1", 9))
        network = "reached"
    except OSError:
        network = "refused"
    return {"uid": os.getuid(), "network": network, "environment": sorted(os.environ),
            "cwd_files": sorted(os.listdir(".")), "collects_garbage": gc.isenabled()}
'''


@pytest.fixture
def learner_file(tmp_path: Path) -> Path:
    path = tmp_path / "00_getting_started.py"
    path.write_text(PROBE)
    return path


def probe_with(learner_file: Path, spawner) -> dict:
    session = LearnerSession(learner_file, Limits(), spawner=spawner)
    try:
        return session.call("probe", (), {})
    finally:
        session.close()


def test_forked_and_fresh_workers_get_the_same_confinement(learner_file, monkeypatch):
    monkeypatch.setenv("COURSE_TEST_SECRET_TOKEN", "hunter2")
    server = ForkServer()
    server.start()
    try:
        forked = probe_with(learner_file, server)
    finally:
        server.close()
    fresh = probe_with(learner_file, None)
    assert forked["environment"] == fresh["environment"]
    # The zygote imports with collection off; its workers run learner code with it on.
    assert forked["collects_garbage"] is fresh["collects_garbage"] is True
    assert forked["cwd_files"] == fresh["cwd_files"] == [learner_file.name]
    assert "COURSE_TEST_SECRET_TOKEN" not in forked["environment"]
    if protections().dedicated_uid:
        assert forked["uid"] != os.getuid() and fresh["uid"] != os.getuid()
    if protections().network_namespace:
        assert forked["network"] == fresh["network"] == "refused"


def test_a_dead_fork_server_falls_back_to_fresh_workers(learner_file):
    server = ForkServer()
    server.start()
    assert probe_with(learner_file, server)["cwd_files"] == [learner_file.name]
    os.killpg(server._process.pid, signal.SIGKILL)
    server._process.wait()
    assert server(learner_file.name, learner_file.parent, {}, None, []) is None
    assert probe_with(learner_file, server)["cwd_files"] == [learner_file.name]
    server.close()


def test_forked_workers_are_reaped(learner_file):
    server = ForkServer()
    server.start()
    try:
        for _ in range(3):
            probe_with(learner_file, server)
        children = Path(f"/proc/{server._process.pid}/task/{server._process.pid}/children")
        if children.exists():
            assert children.read_text().split() == []
    finally:
        server.close()


def test_a_batch_can_have_everything_preloaded_before_its_first_worker(tmp_path):
    from checker.zygote import IDLE_PRELOAD

    learner_file = tmp_path / "00_getting_started.py"
    learner_file.write_text("import sys\n\ndef loaded(names):\n"
                            "    return [name in sys.modules for name in names]\n")
    modules = [name.partition(":")[0] for name in IDLE_PRELOAD]
    server = ForkServer()
    server.start()
    try:
        assert server.finish_preloading() is True
        session = LearnerSession(learner_file, Limits(), spawner=server)
        try:
            assert session.call("loaded", (modules,), {}) == [True] * len(modules)
        finally:
            session.close()
        os.killpg(server._process.pid, signal.SIGKILL)
        server._process.wait()
        assert server.finish_preloading() is False
    finally:
        server.close()


SHARED_BY_RUNNERS = """
import json, os, sys
from pathlib import Path
from checker import forkserver
from checker.learner import LearnerSession
from checker.sandbox import Limits

def parent_of_a_worker():
    session = LearnerSession(Path(sys.argv[1]), Limits(), spawner=forkserver.default_spawner())
    try:
        return session.call("parent", (), {})
    finally:
        session.close()

forkserver.share_with_forked_children()
zygote = forkserver.shared()._pid
reports = []
for _ in range(2):  # as the grading pool's server forks runners
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        attached = forkserver.attach_inherited()
        report = {"attached": attached, "zygote": forkserver.default_spawner()._pid,
                  "worker_parent": parent_of_a_worker()}
        os.write(write, json.dumps(report).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    reports.append(json.loads(os.read(read, 1000)))
print(json.dumps({"zygote": zygote, "runners": reports,
                  "parent_attaches_to_itself": forkserver.attach_inherited(),
                  "parent_still_served": parent_of_a_worker() == zygote}))
"""


def run_as_pool_server(tmp_path: Path, script: str, learner_source: str) -> dict:
    """Run `script` in a process of its own (it forks, as the grading pool's server does)
    with a learner file of `learner_source` as its argument; the JSON it printed last."""
    import json
    import subprocess
    import sys

    learner_file = tmp_path / "00_getting_started.py"
    learner_file.write_text(learner_source)
    path = tmp_path / "pool_server.py"
    path.write_text(script)
    finished = subprocess.run([sys.executable, str(path), str(learner_file)],
                              capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.splitlines()[-1])


def test_forked_runners_share_their_parents_fork_server(tmp_path):
    # course grade: one zygote, started while the pool's server imports, serves every
    # runner; each runner has a client of its own, and leaving does not stop the zygote.
    outcome = run_as_pool_server(tmp_path, SHARED_BY_RUNNERS,
                                 "import os\n\ndef parent():\n    return os.getppid()\n")
    zygote = outcome["zygote"]
    assert outcome["runners"] == [{"attached": True, "zygote": zygote,
                                   "worker_parent": zygote}] * 2
    assert outcome["parent_attaches_to_itself"] is False
    assert outcome["parent_still_served"] is True


RUNNER_DIES_MID_CALL = """
import json, os, shutil, sys, threading, time
from pathlib import Path
from checker import forkserver, sandbox
from checker.learner import LearnerSession
from checker.sandbox import Limits

forkserver.share_with_forked_children()
forkserver.shared().finish_preloading()
read, write = os.pipe()
pid = os.fork()
if pid == 0:  # a runner that dies while its worker is busy
    forkserver.attach_inherited()
    session = LearnerSession(Path(sys.argv[1]), Limits(), spawner=forkserver.default_spawner())
    session.check_imports()
    os.write(write, json.dumps([session._worker.process.pid, str(session.home)]).encode())
    threading.Thread(target=session.call, args=("spin", (), {}), daemon=True).start()
    time.sleep(0.5)
    os._exit(0)
os.close(write)
worker, home = json.loads(os.read(read, 1000))
os.waitpid(pid, 0)

def state():
    try:
        with open(f"/proc/{worker}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"

deadline = time.monotonic() + 10
while state() not in ("Z", "X", "gone") and time.monotonic() < deadline:
    time.sleep(0.05)
print(json.dumps({"worker": state(), "zygote_serves": forkserver.shared().finish_preloading()}))
sandbox.clean_stale_cells()
shutil.rmtree(home, ignore_errors=True)
"""


def test_a_runner_that_dies_takes_its_busy_workers_with_it(tmp_path):
    # The shared zygote outlives the runner: it kills what that runner's client spawned,
    # as the runner's own fork server's end did when each runner had one.
    outcome = run_as_pool_server(tmp_path, RUNNER_DIES_MID_CALL,
                                 "def spin():\n    while True:\n        pass\n")
    assert outcome["worker"] in ("Z", "gone")  # killed (a zombie until the zygote reaps it)
    assert outcome["zygote_serves"] is True


def test_a_fork_server_whose_owner_was_killed_removes_its_folder():
    import subprocess
    import sys
    import time

    script = ("import sys; from checker.forkserver import shared; server = shared(); "
              "print(server._home, flush=True); sys.stdin.read()")
    owner = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        home = Path(owner.stdout.readline().strip())
        assert home.is_dir() and home.name.startswith("course-zygote-")
    finally:
        owner.kill()  # no exit handler runs: only the zygote can clean up now
        owner.wait()
    deadline = time.monotonic() + 20
    while home.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not home.exists()


def test_idle_imports_wait_for_a_quiet_spell():
    from checker.zygote import QUIET_SECONDS, wait_before_idle_work

    assert wait_before_idle_work(None, 100.0) == 0.0  # before the first request: at once
    assert wait_before_idle_work(100.0, 100.0) == QUIET_SECONDS
    assert wait_before_idle_work(100.0, 100.0 + QUIET_SECONDS / 4) == pytest.approx(
        QUIET_SECONDS * 3 / 4)
    assert wait_before_idle_work(100.0, 100.0 + QUIET_SECONDS) == 0.0
    assert wait_before_idle_work(100.0, 200.0) == 0.0


@pytest.fixture
def scipy_docstring_code():
    """SciPy's modules that rewrite docstrings, put back as they were after the test."""
    from scipy._lib import _array_api, _util, deprecation

    modules = (_array_api, _util, deprecation)
    originals = [module.FunctionDoc for module in modules]  # ours, if a check ran here
    yield modules
    for module, original in zip(modules, originals):
        module.FunctionDoc = original


def test_scipy_docstring_rewriting_is_skipped_and_docstrings_kept(scipy_docstring_code):
    from checker.zygote import _DocstringKept, skip_scipy_docstring_notes

    _array_api, _util, deprecation = scipy_docstring_code

    skipped = skip_scipy_docstring_notes()
    assert set(skipped) == {module.__name__ for module in scipy_docstring_code}
    assert all(module.FunctionDoc is _DocstringKept for module in scipy_docstring_code)

    def documented():
        """Say what it does.

        Returns
        -------
        nothing
        """

    table: dict = {}
    assert _array_api.xp_capabilities(capabilities_table=table)(documented) is documented
    assert documented in table  # SciPy's own bookkeeping still happens
    assert documented.__doc__.startswith("Say what it does.")
    assert "Returns" in documented.__doc__

    def total(a, /, scale=1.0):
        """Add up a vector, times `scale`."""
        return float(a.sum()) * scale

    batched = _util._apply_over_batch(("a", 1))(total)
    assert batched.__doc__ == "Add up a vector, times `scale`."
    np.testing.assert_array_equal(batched(np.arange(6.0).reshape(2, 3)), [3.0, 12.0])
    keyword_only = deprecation._deprecate_positional_args(version="99.0")(total)
    assert keyword_only.__doc__ == "Add up a vector, times `scale`."
    assert keyword_only(np.ones(3), scale=2.0) == 6.0


def test_scipy_functions_still_work_with_their_docstrings_kept():
    # In a fresh interpreter, as the checker and the fork server import SciPy.
    code = (
        "from checker.zygote import skip_scipy_docstring_notes as skip; import numpy as np;"
        "assert len(skip()) == 3;"
        "from scipy import linalg, stats;"
        "x = linalg.solve(np.eye(2) * 2, np.ones((3, 2, 1)));"  # batched: _apply_over_batch
        "assert x.shape == (3, 2, 1) and np.allclose(x, 0.5);"
        # stats imports all three modules and keeps its own (unskipped) docstring code
        "r = stats.ttest_ind(np.arange(5.0), np.arange(5.0) + 1, axis=0);"
        "assert 0 < r.pvalue < 1;"
        "assert stats.ttest_ind.__doc__.lstrip().startswith('Calculate the T-test')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PACKAGE_DIR.parent)
    assert done.returncode == 0, done.stderr


def test_a_scipy_whose_decorator_changed_keeps_its_own_docstring_code(monkeypatch,
                                                                     scipy_docstring_code):
    from scipy._lib import _array_api

    from checker.zygote import skip_scipy_docstring_notes

    original = _array_api.FunctionDoc

    def changed_decorator(**_options):
        def decorate(function):
            _array_api.FunctionDoc(function).render_notes()  # a method the stand-in lacks
            return function
        return decorate

    monkeypatch.setattr(_array_api, "xp_capabilities", changed_decorator)
    assert "scipy._lib._array_api" not in skip_scipy_docstring_notes()
    assert _array_api.FunctionDoc is original


def test_the_fork_server_keeps_matplotlib_font_list_in_a_cache(tmp_path, monkeypatch):
    from checker.forkserver import _matplotlib_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _matplotlib_cache(tmp_path / "home") == tmp_path / "cache/scipy-course/matplotlib"
    assert (tmp_path / "cache/scipy-course/matplotlib").is_dir()
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert _matplotlib_cache(tmp_path / "home") == tmp_path / "home/.matplotlib"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert _matplotlib_cache(tmp_path / "home") == tmp_path / "user/.cache/scipy-course/matplotlib"


FREEZE_PROBE = """
import gc, sys
# Python 3.12 starts with objects of its own in the permanent generation (375 on 3.12.1).
at_start = gc.get_freeze_count()
from checker.environment import pause_garbage_collection, resume_garbage_collection
if sys.argv[1] == "paused":
    pause_garbage_collection()
    assert not gc.isenabled()
import json
resume_garbage_collection()
print(gc.isenabled(), gc.get_freeze_count() > at_start)
"""


@pytest.mark.parametrize("start, frozen", [("paused", "True"), ("running", "False")])
def test_collection_paused_for_the_imports_resumes_with_them_frozen(start, frozen):
    """What `course check` imports is frozen once collected; a process that never paused
    collection (a test calling the checker in-process) keeps its objects collectable."""
    done = subprocess.run([sys.executable, "-c", FREEZE_PROBE, start], capture_output=True,
                          text=True, cwd=PACKAGE_DIR.parent, check=True)
    assert done.stdout.split() == ["True", frozen]
