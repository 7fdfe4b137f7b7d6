"""The environment every learner worker runs with, and the fork server too.

Standard library only: the fork server is started with it before this process has imported
NumPy, so that the two import in parallel.
"""

from __future__ import annotations

import os
from pathlib import Path

# Variables that change results or let OpenBLAS run at all on some processors; nothing else
# of the caller's environment (tokens, paths, proxies) reaches learner code.
PASSED_THROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL", "TZ")
# Set to a cell's marker in its workers, so the cell can find what escaped them.
MARKER_VARIABLE = "COURSE_SANDBOX_CELL"


def worker_environment(home: Path, marker: str = "") -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "USER": "learner",
        "LOGNAME": "learner",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if marker:
        env[MARKER_VARIABLE] = marker
    env.update({key: os.environ[key] for key in PASSED_THROUGH if key in os.environ})
    return env
