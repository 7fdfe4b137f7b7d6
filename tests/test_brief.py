"""How values and calls read in messages."""

from __future__ import annotations

import numpy as np
import scipy.sparse

from checker.brief import MAX_CALL, MAX_SHOWN, brief, call_text
from checker.learner import LearnerRaised


def parabola(x: float) -> float:
    return x * x


def test_small_values_are_shown_whole_and_large_ones_by_shape():
    assert brief(np.array([1.0, 2.5])) == "[1. , 2.5]"
    assert brief(np.zeros((30, 2))) == "array of shape (30, 2)"
    assert brief(np.arange(MAX_SHOWN)).startswith("[0, 1,")  # the largest shown whole
    assert brief(np.arange(MAX_SHOWN + 1)) == f"array of shape ({MAX_SHOWN + 1},)"
    assert brief(np.float64(0.25)) == "0.25"
    assert brief(scipy.sparse.eye_array(4, format="csr")) == "sparse array of shape (4, 4)"
    assert brief(parabola) == "parabola"
    assert brief("x" * 500).endswith("...") and len(brief("x" * 500)) == 120


def test_a_call_shows_its_arguments_briefly():
    text = call_text("solve", (np.eye(12), [1, 2], np.int64(3)), {"method": "lm"})
    assert text == "solve(array of shape (12, 12), [1, 2], 3, method='lm')"
    assert call_text("scipy_version", (), {}) == "scipy_version()"
    assert call_text("det", (np.eye(2),), {}) == "det([[1., 0.], [0., 1.]])"  # one line
    long = call_text("f", tuple("abcdefgh" * 10 for _ in range(5)), {})
    assert long.endswith("...)") and len(long) == len("f()") + MAX_CALL


def test_a_raised_error_names_the_call_that_raised_it():
    error = {"type": "ValueError", "message": "bad window", "lines": [[12, "raise X"]]}
    raised = LearnerRaised("ecg_window", error, call_text("ecg_window", (10.0, 95.5), {}))
    assert str(raised) == "ecg_window(10.0, 95.5) raised ValueError: bad window (line 12: raise X)"
    without_call = LearnerRaised("make_array", {"type": "NameError"})
    assert str(without_call) == "make_array() raised NameError"
    # A function the file lacks was never called: its arguments would only mislead.
    missing = LearnerRaised("f", {"type": "AttributeError", "not_called": True}, "f(1, 2)")
    assert str(missing) == "f() raised AttributeError"
