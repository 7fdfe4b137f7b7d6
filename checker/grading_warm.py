"""Imported once by `course grade`'s fork server so that every runner it forks starts with
pytest, NumPy, SciPy and the suites' imports done, and the sandbox's probe of this machine
already made."""

from checker.runner import warm_imports
from checker.sandbox import protections

warm_imports()
protections()
