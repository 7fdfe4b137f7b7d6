"""How long `course check` takes, against the floor of importing what it needs.

    python benchmarks/check_latency.py [--runs 5]

(a) the floor: one Python process importing pytest, NumPy and every SciPy submodule the
    course uses; (b) a cold `course check --path solutions` of every topic; (c) a cold check
    of one topic; (d) a warm re-check of one topic, as `course watch` does it; a first check
    of the stubs (every exercise to do); a check half way through the course (the first half
    of the topics solved, the next one begun, the rest untouched stubs); the full check in
    one checker process (--jobs 1); and the peak memory of the trusted side and of the
    largest learner worker. Each time is the median of --runs runs, measured with the
    standard library only; the cold commands take turns, one run of each per round, so that
    the ratios compare runs made side by side.

The floor processes end with os._exit, as `course` does (see `checker.cli.main`).
Commands run as on a learner's machine: with Python's bytecode cache on (a set
PYTHONDONTWRITEBYTECODE is dropped) and after one untimed run that fills it. Beside the
floor (a), (a') is the same imports with SciPy's docstring rewriting skipped, as the
checker and the fork server import them (`checker.zygote.skip_scipy_docstring_notes`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checker.manifest import load_manifest
from checker.paths import exercises_dir, solutions_dir
from checker.zygote import SCIPY_SUBMODULES

ONE_TOPIC = "getting_started"


ENVIRONMENT = {key: value for key, value in os.environ.items()
               if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time of a command and its peak resident memory in MB (from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=ENVIRONMENT)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024


def median_times(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Each command's median time and largest peak memory over `runs` runs.

    The commands take turns, one run of each per round, so that a machine that slows down
    or speeds up for a minute (this one drifts by 15%) moves every figure alike, and the
    ratios between them stay true.
    """
    for command in commands.values():
        timed(command)  # fills the bytecode cache; not counted
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(timed(command))
    return {name: (statistics.median(r[0] for r in rows), max(r[1] for r in rows))
            for name, rows in results.items()}


def warm_recheck(runs: int) -> tuple[float, int]:
    """(d): the Watcher re-checks one topic in this process; also the workers' peak memory."""
    from checker import sandbox
    from checker.watch import Watcher

    peaks: list[int] = []
    original_kill = sandbox.Worker.kill

    def kill_and_measure(worker: sandbox.Worker) -> None:
        try:
            status = Path(f"/proc/{worker.process.pid}/status").read_text()
            peaks.append(int(next(line.split()[1] for line in status.splitlines()
                                  if line.startswith("VmHWM"))) // 1024)
        except (OSError, StopIteration):
            pass
        original_kill(worker)

    sandbox.Worker.kill = kill_and_measure  # type: ignore[method-assign]
    watcher = Watcher(load_manifest(), solutions_dir(), ONE_TOPIC, seed=1)
    watcher.check()
    watcher.warm_up()  # as `course watch` does once the first check is on the screen
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        watcher.check()
        times.append(time.perf_counter() - start)
    from checker.runner import run_check

    course = load_manifest()
    run_check(course, course.topics, solutions_dir(), seed=1)  # every topic's worker, for memory
    sandbox.Worker.kill = original_kill  # type: ignore[method-assign]
    return statistics.median(times), max(peaks, default=0)


def check_command(path: Path) -> list[str]:
    """A cold `course check` of every topic in `path`, with a fixed seed."""
    return [sys.executable, "-m", "checker", "check", "--path", str(path), "--seed", "1"]


def halfway_workspace(folder: Path) -> Path:
    """A learner half way through: the first half of the topics solved, the next begun
    (its stub edited, every exercise still to do), the rest untouched stubs."""
    topics = load_manifest().topics
    for position, topic in enumerate(topics):
        done = position < len(topics) // 2
        text = ((solutions_dir() if done else exercises_dir()) / topic.file).read_bytes()
        if position == len(topics) // 2:
            text += b"\n# begun\n"
        (folder / topic.file).write_bytes(text)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    # Ended by os._exit, as `course` ends: the floor is the imports, not the 0.13 s that
    # tearing down an interpreter with SciPy loaded would add.
    imports = ("import pytest, numpy, " + ", ".join(f"scipy.{m}" for m in SCIPY_SUBMODULES)
               + "; import os; os._exit(0)")
    lean_imports = ("import numpy, scipy; from checker.zygote import skip_scipy_docstring_notes;"
                    " skip_scipy_docstring_notes(); " + imports)
    course = check_command(solutions_dir())
    with tempfile.TemporaryDirectory() as scratch:
        measured = median_times({
            "floor": [sys.executable, "-c", imports],
            "lean floor": [sys.executable, "-c", lean_imports],
            "full": course,
            "one": course[:4] + [ONE_TOPIC] + course[4:],
            "stubs": check_command(exercises_dir()),
            "halfway": check_command(halfway_workspace(Path(scratch))),
            "serial": course + ["--jobs", "1"],
        }, runs)
    floor, lean_floor, one, stubs, halfway_time, serial = (measured[name][0] for name in (
        "floor", "lean floor", "one", "stubs", "halfway", "serial"))
    full, trusted_peak = measured["full"]
    warm, worker_peak = warm_recheck(runs)
    topics = len(load_manifest().topics)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, runs: {runs}")
    print(f"(a) floor, importing pytest+NumPy+SciPy:  {floor:6.2f} s")
    print(f"(a') the same, docstring rewriting off:  {lean_floor:6.2f} s")
    print(f"(b) full cold check, {topics} topics:       {full:6.2f} s   "
          f"(b)/(a) = {full / floor:.2f}, (b)/(a') = {full / lean_floor:.2f}")
    print(f"    the same in one checker process:     {serial:6.2f} s   "
          f"(--jobs 1) = {serial / floor:.2f}")
    print(f"(c) cold check of one topic:             {one:6.2f} s   (c)/(a) = {one / floor:.2f}, "
          f"(c)/(a') = {one / lean_floor:.2f}")
    print(f"(d) warm re-check of one topic:          {warm:6.3f} s")
    print(f"    a first check of the untouched stubs: {stubs:6.2f} s (every exercise to do)")
    print(f"    a check half way through the course: {halfway_time:6.2f} s")
    print(f"peak memory: trusted side {trusted_peak} MB, largest learner worker {worker_peak} MB")


if __name__ == "__main__":
    main()
