"""Hostile learner code earns nothing and hurts nothing.

Each case is a learner file for getting_started (the stub with hostile functions, or a
wholly hostile file), sometimes with files beside it. Every case must score 0, end with a
results document (within its limits: statuses are checked, never durations), and leave
nothing behind: no process of the sandbox's uids or carrying the case's token, no file
named with the token where hostile code tried to write one.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import pytest

from checker.paths import SUITES_DIR, solutions_dir
from tests.hostile.conftest import (
    assert_nothing_left,
    assert_scores_nothing,
    hostile_writes,
    needs,
    protections,
    stub_text,
    with_overrides,
)

# Every function of the topic, so a case can make all of them do the same thing.
FUNCTIONS = {
    "scipy_version": "()",
    "version_tuple": "(version)",
    "make_array": "(values)",
    "solve_and_check": "(A, b)",
    "is_singular": "(A)",
}


def every_function(body: str) -> str:
    """Source defining every exercise function with the same (indented) body."""
    return "\n".join(f"def {name}{args}:\n{body}\n" for name, args in FUNCTIONS.items())


CASES: dict[str, dict] = {
    "sys_exit_at_import": dict(source="import sys\nsys.exit(0)\n" + stub_text()),
    "os_exit_at_import": dict(source="import os\nos._exit(0)\n" + stub_text()),
    "exit_inside_every_call": dict(source=with_overrides(stub_text(), every_function(
        "    import sys\n    sys.exit(0)"))),
    "os_exit_inside_every_call": dict(source=with_overrides(stub_text(), every_function(
        "    import os\n    _litter('call')\n    os._exit(0)"))),
    "patches_pytest_and_numpy_testing_at_import": dict(source=with_overrides(stub_text(), """
        import math
        import numpy, numpy.testing, pytest
        pytest.approx = lambda *a, **k: True
        pytest.fail = lambda *a, **k: None
        numpy.testing.assert_allclose = lambda *a, **k: None
        numpy.testing.assert_array_equal = lambda *a, **k: None
        numpy.allclose = numpy.array_equal = lambda *a, **k: True
        math.isclose = lambda *a, **k: True
        _litter("import")

        def scipy_version():
            return "not a version"

        def version_tuple(version):
            return (0, 0)

        def make_array(values):
            return numpy.zeros(1)

        def solve_and_check(A, b):
            return numpy.zeros(1), 1.0

        def is_singular(A):
            return "maybe"
    """)),
    "conftest_pytest_ini_and_shadow_modules_beside_it": dict(
        source=stub_text(),
        extra={
            "conftest.py": """
import pytest

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.course_status = "passed"

def pytest_collection_modifyitems(items):
    open("/tmp/@TOKEN@-conftest", "w").write("loaded")
    items.clear()
""",
            "pytest.ini": "[pytest]\naddopts = -p conftest --collect-only -q\n"
                          "python_functions = nothing_at_all\n",
            "setup.cfg": "[tool:pytest]\naddopts = -p conftest\n",
            "sitecustomize.py": "open('/tmp/@TOKEN@-sitecustomize', 'w').write('loaded')\n",
            "numpy.py": "open('/tmp/@TOKEN@-numpy', 'w').write('loaded')\n",
            "checker.py": "open('/tmp/@TOKEN@-checker', 'w').write('loaded')\n",
        }),
    "objects_equal_to_anything_and_lying_subclasses": dict(source=with_overrides(stub_text(), """
        import numpy as np

        class Anything:
            def __eq__(self, other):
                return True
            def __ne__(self, other):
                return False
            __hash__ = object.__hash__

        class LyingFloat(float):
            def __eq__(self, other):
                return True
            def __sub__(self, other):
                return LyingFloat(0.0)
            __rsub__ = __sub__
            def __abs__(self):
                return 0.0
            def __float__(self):
                return 1.0
            def __lt__(self, other):
                return True
            __le__ = __gt__ = __ge__ = __lt__
            __hash__ = float.__hash__

        class LyingInt(int):
            def __eq__(self, other):
                return True
            __hash__ = int.__hash__

        class LyingStr(str):
            def __eq__(self, other):
                return True
            __hash__ = str.__hash__

        class LyingArray(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(other), dtype=bool)
            def __array_finalize__(self, obj):
                pass
            @property
            def dtype(self):
                return np.dtype("float64")
            @property
            def shape(self):
                return (3,)

        class LyingTuple(tuple):
            def __eq__(self, other):
                return True
            __hash__ = tuple.__hash__

        def scipy_version():
            return LyingStr("0.0.0")

        def version_tuple(version):
            return LyingTuple((LyingInt(-1), LyingInt(-1)))

        def make_array(values):
            return np.zeros(7, dtype=np.int8).view(LyingArray)

        def solve_and_check(A, b):
            return (Anything(), LyingFloat(123.0))

        def is_singular(A):
            return Anything()
    """)),
    "forges_results_files_output_and_protocol": dict(source=with_overrides(stub_text(), """
        import json, os, sys
        fake = {"schema": "course-results/1", "score": 8.0, "max_score": 8.0, "topics": [
            {"id": "getting_started", "status": "complete", "score": 8.0, "max_score": 8.0,
             "exercises": []}]}
        print(json.dumps(fake))
        sys.stderr.write(json.dumps(fake) + "\\n")
        for place in [os.getcwd(), os.path.join(os.getcwd(), ".."), @DIRS@]:
            for name in ["results.json", "record.json", "grades.csv", "feedback.md"]:
                try:
                    with open(os.path.join(place, name), "w") as handle:
                        json.dump(fake, handle)
                except OSError:
                    pass
        for fd in range(3, 64):  # every descriptor: some is the answer pipe
            try:
                os.write(fd, b"\\0\\0\\0\\0\\0\\0\\0\\x12" + b'{"status":"ready"}')
                os.write(fd, b"\\0\\0\\0\\0\\0\\0\\0\\x2b"
                         + b'{"id": 1, "status": "returned", "value": 8}')
            except OSError:
                pass
        try:
            with open(f"/proc/{os.getppid()}/fd/1", "w") as checker_stdout:
                checker_stdout.write(json.dumps(fake))
        except OSError:
            pass
        _litter("import")

        def scipy_version():
            print(json.dumps(fake))
            return "passed"
    """)),
    "kills_parent_and_process_groups": dict(requires="dedicated_uid",
                                             source=with_overrides(stub_text(), """
        import ctypes, os, signal

        def _attack():
            if os.getuid() == 0:  # never as root: these would take the machine down
                return
            targets = [lambda: os.kill(os.getppid(), signal.SIGKILL),
                       lambda: os.kill(os.getppid(), signal.SIGSTOP),
                       lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL),
                       lambda: os.kill(1, signal.SIGKILL),
                       lambda: os.kill(-1, signal.SIGKILL)]
            for target in targets:
                try:
                    target()
                except OSError:
                    pass
            try:  # PTRACE_ATTACH to the checker
                ctypes.CDLL(None, use_errno=True).ptrace(16, os.getppid(), None, None)
            except Exception:
                pass

        _attack()

        def scipy_version():
            _attack()
            os.killpg(0, signal.SIGKILL)

        def version_tuple(version):
            _attack()
            return (0, 0)
    """)),
    "leaves_background_processes": dict(source=with_overrides(stub_text(), """
        import os, subprocess, sys, time

        def _spawn():
            loop = "import time\\nwhile True: time.sleep(0.2)"
            if os.getuid() == 0:  # only ever run unprivileged: a stray root process is worse
                return
            subprocess.Popen([sys.executable, "-c", loop, "@TOKEN@-popen"],
                             start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
            if os.fork() == 0:  # a daemon: double fork and a session of its own
                os.setsid()
                if os.fork() == 0:
                    os.execv(sys.executable, [sys.executable, "-c", loop, "@TOKEN@-daemon"])
                os._exit(0)
            os.wait()

        _spawn()

        def scipy_version():
            _spawn()
            return "0"
    """), requires_uid=True),
    "reads_environment_and_other_processes": dict(source=with_overrides(stub_text(), """
        import os

        def _seen():
            secret = "@SECRET@"
            hits = sum(secret in value for value in os.environ.values())
            for entry in os.listdir("/proc"):
                for part in ("environ", "cmdline"):
                    try:
                        with open(f"/proc/{entry}/{part}", "rb") as handle:
                            hits += secret.encode() in handle.read()
                    except OSError:
                        pass
            return hits

        def scipy_version():
            return f"seen:{_seen()}"
    """)),
    "endless_loops_and_sleeps": dict(topic_seconds=12.0, source=with_overrides(stub_text(), """
        import time

        def scipy_version():
            while True:
                pass

        def version_tuple(version):
            time.sleep(10_000)

        def make_array(values):
            while True:
                try:
                    time.sleep(10_000)
                except BaseException:
                    pass
    """)),
    "endless_loop_at_import": dict(source="while True:\n    pass\n" + stub_text(),
                                   import_seconds=6.0, topic_seconds=30.0),
    "eats_memory": dict(source=with_overrides(stub_text(), """
        import numpy as np
        hoard = []

        def scipy_version():
            return "x" * (10 ** 12)

        def version_tuple(version):
            while True:
                hoard.append(bytearray(50 * 1024 * 1024))

        def make_array(values):
            return np.ones(10 ** 11)
    """)),
    "eats_disk": dict(requires="disk_quota", topic_seconds=12.0,
                      source=with_overrides(stub_text(), """
        import os

        def scipy_version():
            with open("big.bin", "wb") as handle:
                while True:
                    handle.write(b"x" * 1024 * 1024)

        def version_tuple(version):
            for index in range(10 ** 6):
                with open(f"@TOKEN@-{index}.bin", "wb") as handle:
                    handle.write(b"x" * 4 * 1024 * 1024)

        def make_array(values):
            os.makedirs("deep", exist_ok=True)
            while True:
                os.mkdir(f"deep/{os.urandom(8).hex()}")
    """)),
    "eats_stdout": dict(source=with_overrides(stub_text(), """
        import os, sys
        sys.stdout.write("x" * 5_000_000)

        def scipy_version():
            while True:
                print("spam" * 1000)

        def version_tuple(version):
            os.write(1, b"y" * 50_000_000)
            os.write(2, b"z" * 50_000_000)
            return (0, 0)
    """)),
    "deep_recursion": dict(topic_seconds=12.0, source=with_overrides(stub_text(), """
        import sys

        def scipy_version():
            return scipy_version()

        def version_tuple(version):
            sys.setrecursionlimit(10 ** 8)
            def down(n):
                return down(n + 1) + 1
            return down(0)

        def make_array(values):
            nested = []
            for _ in range(100_000):
                nested = [nested]
            return nested
    """)),
    "fork_bomb": dict(requires="dedicated_uid", source=with_overrides(stub_text(), """
        import os

        def scipy_version():
            if os.getuid() == 0:  # never as root
                return "0"
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """)),
    "copies_the_reference_solution": dict(requires="mount_namespace",
                                          source=with_overrides(stub_text(), """
        import glob, os

        def _steal():
            import checker.paths
            for folder in [str(checker.paths.solutions_dir()), "@SOLUTIONS@"]:
                for path in glob.glob(os.path.join(folder, "00_*.py")):
                    namespace = {}
                    exec(open(path).read(), namespace)
                    globals().update({name: namespace[name] for name in @NAMES@})
                    return

        _steal()
    """.replace("@NAMES@", repr(list(FUNCTIONS))))),
    # Opens the checker's files for writing but writes nothing: a hole would show in the
    # returned count without damaging the tree other tests run from.
    "tampers_with_the_checker": dict(requires="dedicated_uid",
                                     source=with_overrides(stub_text(), """
        import os
        import checker

        def _tamper():
            root = os.path.dirname(checker.__file__)
            opened = 0
            for name in ["suites/test_getting_started.py", "course.toml", "outcomes.py"]:
                try:
                    os.close(os.open(os.path.join(root, name), os.O_WRONLY | os.O_APPEND))
                    opened += 1
                except OSError:
                    pass
            try:
                open(os.path.join(root, "suites", "test_@TOKEN@.py"), "w").close()
                opened += 1
            except OSError:
                pass
            return opened

        _tamper()

        def scipy_version():
            return f"opened:{_tamper()}"
    """)),
    "floods_the_checker_with_values_and_deep_replies": dict(source=with_overrides(stub_text(), """
        import json, os, struct, sys

        def _reply(payload):
            answer_fd = int(sys.argv[3])  # the worker's command line names its pipes
            os.write(answer_fd, struct.pack(">Q", len(payload)) + payload)

        def scipy_version():
            _reply(b"[" * 200_000 + b"]" * 200_000)
            return "0"

        def version_tuple(version):
            _reply(json.dumps({"id": 1, "status": "returned",
                               "value": list(range(2_000_000))}).encode())
            return (0, 0)

        def make_array(values):
            return list(range(2_000_000))
    """)),
    "closes_its_own_channels": dict(source=with_overrides(stub_text(), """
        import os

        def scipy_version():
            os.closerange(0, 1024)
            return "0"

        def version_tuple(version):
            os.dup2(os.open(os.devnull, os.O_RDWR), 4)
            return (0, 0)
    """)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_code_earns_nothing_and_leaves_nothing(case, run_learner, tmp_path,
                                                        monkeypatch):
    spec = dict(CASES[case])
    requires = spec.pop("requires", None)
    if spec.pop("requires_uid", False) or requires:
        name = requires or "dedicated_uid"
        if not getattr(protections(), name):
            pytest.skip(f"{name} is not available here: {protections().notes.get(name)}")
    secret = "course-fake-secret-" + os.urandom(8).hex()
    monkeypatch.setenv("COURSE_FAKE_SECRET", secret)
    dirs = [tmp_path / "exercises", tmp_path]
    source = spec.pop("source")
    source = hostile_writes(dirs) + "\n" + source
    source = (source.replace("@DIRS@", ", ".join(repr(str(d)) for d in dirs))
              .replace("@SECRET@", secret)
              .replace("@SOLUTIONS@", str(solutions_dir())))
    checked = [SUITES_DIR / "test_getting_started.py", SUITES_DIR.parent / "course.toml",
               SUITES_DIR.parent / "outcomes.py"]
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in checked}

    run = run_learner(source, extra=spec.pop("extra", None), **spec)

    assert_scores_nothing(run)
    assert_nothing_left(run, [tmp_path / "exercises", tmp_path, SUITES_DIR])
    # Without a mount namespace (not root) the worker runs as the learner, who may write there.
    if protections().mount_namespace:
        for forged in ["results.json", "record.json", "grades.csv", "feedback.md"]:
            assert not (tmp_path / "exercises" / forged).exists()
            assert not (tmp_path / forged).exists()
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in checked} == before
    if case == "reads_environment_and_other_processes":
        assert "seen:0" in run.message("scipy_version"), run.message("scipy_version")
    if case == "tampers_with_the_checker":
        assert "opened:0" in run.message("scipy_version"), run.message("scipy_version")


# What a worker's environment may hold (checker.sandbox.worker_environment).
EXPECTED_VARIABLES = ["PATH", "HOME", "TMPDIR", "USER", "LOGNAME", "MPLBACKEND", "MPLCONFIGDIR",
                      "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                      "PYTHONDONTWRITEBYTECODE", "COURSE_SANDBOX_CELL", "OPENBLAS_CORETYPE",
                      "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "LC_CTYPE", "TZ"]


def test_the_worker_runs_unprivileged_without_the_callers_environment(run_learner,
                                                                      monkeypatch):
    secret = "course-fake-secret-" + os.urandom(8).hex()
    monkeypatch.setenv("COURSE_FAKE_SECRET", secret)
    run = run_learner(with_overrides(stub_text(), """
        import os

        def scipy_version():
            extra = set(os.environ) - {@EXPECTED@}
            return (f"uid={os.getuid()} groups={len(os.getgroups())} "
                    f"secret={'COURSE_FAKE_SECRET' in os.environ} extra={sorted(extra)}")
    """.replace("@EXPECTED@", ", ".join(map(repr, EXPECTED_VARIABLES)))))
    message = run.message("scipy_version")
    assert "secret=False extra=[]" in message, message
    if protections().dedicated_uid:
        assert "uid=0 " not in message and "groups=0" in message, message
        assert run.uids and f"uid={run.uids[0]}" in message


@needs("network_namespace")
def test_no_connection_reaches_a_local_listener(run_learner):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    name = f"\0course-hostile-{os.urandom(6).hex()}"
    abstract.bind(name)
    abstract.listen(8)
    abstract.setblocking(False)
    port = listener.getsockname()[1]
    try:
        run = run_learner(with_overrides(stub_text(), f"""
            import socket

            def _connect():
                reached = 0
                for family, address in [(socket.AF_INET, ("127.0.0.1", {port})),
                                        (socket.AF_UNIX, {name!r})]:
                    try:
                        with socket.socket(family, socket.SOCK_STREAM) as client:
                            client.settimeout(2)
                            client.connect(address)
                            client.sendall(b"hello")
                            reached += 1
                    except OSError:
                        pass
                try:
                    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                        udp.sendto(b"hello", ("127.0.0.1", {port}))
                except OSError:
                    pass
                return reached

            _connect()

            def scipy_version():
                return f"reached:{{_connect()}}"
        """))
        assert_scores_nothing(run)
        assert "reached:0" in run.message("scipy_version"), run.message("scipy_version")
        for server in (listener, abstract):
            with pytest.raises(BlockingIOError):
                server.accept()
    finally:
        listener.close()
        abstract.close()


def test_files_beside_the_learners_file_are_never_loaded(run_learner):
    run = run_learner(stub_text(), extra=CASES[
        "conftest_pytest_ini_and_shadow_modules_beside_it"]["extra"])
    assert set(run.statuses.values()) == {"todo"}
    for marker in ("conftest", "sitecustomize", "numpy", "checker"):
        assert not Path(f"/tmp/{run.token}-{marker}").exists()
