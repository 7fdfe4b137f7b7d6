"""Imported once by `course grade`'s fork server so that every runner it forks starts with
pytest, NumPy, SciPy and the suites' imports done, the datasets suite's stand-in data made,
and the sandbox's probe of this machine already made."""

from checker.callables.datasets import make_all
from checker.runner import warm_imports
from checker.sandbox import protections

warm_imports()
make_all()
protections()
