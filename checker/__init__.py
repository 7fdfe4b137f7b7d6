"""A self-grading exercise and quiz course for SciPy."""

__version__ = "0.1.0"
