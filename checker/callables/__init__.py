"""Functions that suites hand to learner code: objectives, right-hand sides, loaders.

A function travels to the worker only as a reference, "checker.callables.<topic>:<name>",
to a function defined in a module of this package (see `checker.codec`); the worker
imports it from its own copy of the package. One module per topic. Keep every function
deterministic, quick, and free of side effects.
"""
