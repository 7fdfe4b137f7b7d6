"""Imported once by `course grade`'s fork server so that every runner it forks starts with
pytest, NumPy, SciPy and the suites' imports done, the datasets suite's stand-in data made,
the sandbox's probe of this machine already made, and one learner-side fork server, fully
loaded, for all of them to attach to (`checker.forkserver.attach_inherited`)."""

import os

from checker.environment import pause_garbage_collection, resume_garbage_collection
from checker.forkserver import preload_everything, share_with_forked_children
from checker.parallel import die_with_parent

# Runners hold this server's "alive" pipe (multiprocessing hands it to each child it forks),
# so it would outlive a `course grade` killed outright, and so would the zygote it started:
# it dies with that process, and each runner with it (`checker.grading._start_runner`).
SERVER_PID = os.getpid()
die_with_parent(os.getppid())
pause_garbage_collection()

# First: the zygote imports NumPy and SciPy on one CPU while this process does on another.
share_with_forked_children()

from checker.callables.datasets import make_all  # noqa: E402
from checker.runner import warm_imports  # noqa: E402
from checker.sandbox import protections  # noqa: E402

warm_imports()
make_all()
protections()
preload_everything()
resume_garbage_collection()  # frozen before any runner is forked
