"""The environment every learner worker runs with, and the fork server too.

Standard library only: the fork server is started with it before this process has imported
NumPy, so that the two import in parallel.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

# Variables that change results or let OpenBLAS run at all on some processors; nothing else
# of the caller's environment (tokens, paths, proxies) reaches learner code.
PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ")
# Set to a cell's marker in its workers, so the cell can find what escaped them.
MARKER_VARIABLE = "COURSE_SANDBOX_CELL"
# BLAS and OpenMP in one thread. The course runs several processes at once (checkers,
# workers, grading runners), each on small matrices: OpenBLAS's own threads would only
# compete with them, and idle OpenBLAS threads spin, burning CPU the other processes need.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def use_one_blas_thread() -> None:
    """Give this process (and what it starts) one BLAS thread; only takes effect before
    NumPy is first imported, which is why `course` does it before anything else."""
    os.environ.update(ONE_BLAS_THREAD)


def pause_garbage_collection() -> None:
    """No cyclic garbage collection while a process imports NumPy, SciPy, pytest and the
    suites: their objects live as long as the process, and each full collection of the
    growing heap walks all of them again (about 10% of the imports' CPU time)."""
    gc.disable()


def resume_garbage_collection() -> None:
    """Once the imports are done: move every object alive now out of the collector's
    reach for good, then collect again, if `pause_garbage_collection` stopped it. Frozen
    objects are never walked, so later collections are cheap, and a forked child (a
    worker, a checker helper) does not copy every page of them by writing the
    collector's marks into them. Where collection was never paused (a test run calling
    the checker in-process), nothing is frozen."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def worker_environment(home: Path, marker: str = "") -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "USER": "learner",
        "LOGNAME": "learner",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **ONE_BLAS_THREAD,
    }
    if marker:
        env[MARKER_VARIABLE] = marker
    env.update({key: os.environ[key] for key in PASSED_THROUGH if key in os.environ})
    if "LC_ALL" not in env:
        # What Python itself sets when it starts in the C locale (PEP 538), set here so that
        # every worker sees the same: one forked from the zygote does not start Python, and
        # otherwise lacked the LC_CTYPE that a worker started afresh gained.
        env["LC_CTYPE"] = "C.UTF-8"
    return env
