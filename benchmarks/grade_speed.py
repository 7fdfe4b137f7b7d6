"""`course grade` against checking the same submissions one by one with `course check`.

    python benchmarks/grade_speed.py [--submissions 8] [--stubs 0] [--jobs 2]

Makes N copies of the reference solutions (and --stubs copies of the untouched stubs, for a
class with unfinished work), times `course grade` on all of them, then times `course check
--path` on each in turn, and prints the time per submission of each and their ratio, from
one run on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checker.paths import exercises_dir, solutions_dir


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=8)
    parser.add_argument("--stubs", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "class"
        for index in range(options.submissions):
            shutil.copytree(solutions_dir(), folder / f"learner{index:03d}")
        for index in range(options.stubs):
            shutil.copytree(exercises_dir(), folder / f"starter{index:03d}")
        course = [sys.executable, "-m", "checker"]
        graded = run(course + ["grade", str(folder), "--out", str(Path(scratch) / "out"),
                               "--jobs", str(options.jobs), "--seed", "1"])
        one_by_one = sum(run(course + ["check", "--path", str(path), "--seed", "1"])
                         for path in sorted(folder.iterdir()))
    n = options.submissions + options.stubs
    print(f"machine: {os.cpu_count()} CPUs; {options.submissions} submissions of every topic "
          f"and {options.stubs} of the stubs; --jobs {options.jobs}")
    print(f"course grade:              {graded:7.1f} s  ({graded / n:.2f} s per submission)")
    print(f"course check, one by one:  {one_by_one:7.1f} s  "
          f"({one_by_one / n:.2f} s per submission)")
    print(f"speed-up per submission:   {one_by_one / graded:.1f}x")


if __name__ == "__main__":
    main()
