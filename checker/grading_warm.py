"""Imported once by `course grade`'s fork server so that every runner it forks starts with
pytest, NumPy, SciPy and the suites' imports done, the datasets suite's stand-in data made,
the sandbox's probe of this machine already made, and one learner-side fork server, fully
loaded, for all of them to attach to (`checker.forkserver.attach_inherited`)."""

from checker.forkserver import preload_everything, share_with_forked_children

# First: the zygote imports NumPy and SciPy on one CPU while this process does on another.
share_with_forked_children()

from checker.callables.datasets import make_all  # noqa: E402
from checker.runner import warm_imports  # noqa: E402
from checker.sandbox import protections  # noqa: E402

warm_imports()
make_all()
protections()
preload_everything()
