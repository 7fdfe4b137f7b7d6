"""Workers forked by the fork server are confined exactly as fresh ones, and a dead fork
server costs speed, never a result."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from checker.forkserver import ForkServer
from checker.learner import LearnerSession
from checker.sandbox import Limits, protections

PROBE = '''
import os, socket

def probe():
    connection = socket.socket()
    connection.settimeout(1)
    try:
        connection.connect(("127.0.0.1", 9))
        network = "reached"
    except OSError:
        network = "refused"
    return {"uid": os.getuid(), "network": network, "environment": sorted(os.environ),
            "cwd_files": sorted(os.listdir("."))}
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
