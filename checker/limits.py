"""The resource limits of a learner's worker.

Apart from the sandbox that applies them, so that a command can read its limit options
before anything imports NumPy (`course check` starts the fork server first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Resource limits for a learner's worker; the defaults suit every topic of the course."""

    call_seconds: float = 10.0      # wall clock for one call of a learner function
    import_seconds: float = 30.0    # wall clock for importing the learner's file
    topic_seconds: float = 120.0    # wall clock for all the calls and imports of one topic
    cpu_seconds: int = 120          # CPU time of one worker process
    memory_bytes: int = 2 * 1024**3     # address space of one worker process
    file_bytes: int = 64 * 1024**2      # largest file a worker may write
    disk_bytes: int = 256 * 1024**2     # everything in the worker's folder (root only)
    scratch_bytes: int = 16 * 1024**2   # its private /tmp, /var/tmp and /dev/shm each
    open_files: int = 256
    processes: int = 64             # processes and threads (with a dedicated uid only)
    output_bytes: int = 64 * 1024   # stdout and stderr kept for the report


# What a worker printed is kept up to `Limits.output_bytes`, and a report keeps less; a kept
# text that lost some ends with this line, counting every byte not kept.
NOT_KEPT = re.compile(r"\n\[\.\.\. (\d+) more bytes not kept\]\Z")


def not_kept_marker(dropped: int) -> str:
    return f"\n[... {dropped} more bytes not kept]"
