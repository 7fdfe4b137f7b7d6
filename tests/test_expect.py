"""The suites' expectation helpers: what they accept, and what their messages say."""

from __future__ import annotations

import numpy as np
import pytest

from checker.expect import ExpectationFailed, expect_array


def failure(got, expected, **options) -> str:
    with pytest.raises(ExpectationFailed) as caught:
        expect_array(got, expected, **options)
    return str(caught.value)


def test_an_exact_dtype_is_checked_before_the_values():
    expected = np.linspace(0.0, 1.0, 5)
    message = failure(expected.astype(np.float32), expected, dtype="float64", what="f(x)")
    assert message == "f(x): expected dtype float64, got dtype float32"


def test_an_exact_dtype_tells_integer_widths_apart():
    image = np.arange(12, dtype=np.uint8).reshape(3, 4)
    assert failure(image.astype(np.int64), image, dtype="uint8", what="g(x)") == (
        "g(x): expected dtype uint8, got dtype int64")
    expect_array(image.copy(), image, dtype="uint8", rtol=0, atol=0)


def test_a_dtype_kind_accepts_any_width_of_that_kind():
    image = np.arange(12, dtype=np.uint8)
    expect_array(image.astype(np.int64), image, dtype_kind="u", rtol=0, atol=0)
    assert failure(image.astype(float), image, dtype_kind="u", what="g(x)") == (
        "g(x): expected an integer dtype such as uint8, got dtype float64")


def test_values_that_differ_are_counted_with_the_first_shown():
    expected = np.array([1.0, 2.0, 3.0])
    message = failure(np.array([1.0, 2.5, 3.5]), expected, rtol=1e-9, what="h(x)")
    assert message.startswith(
        "h(x): 2 of 3 values differ; first at index (1,): expected 2.0, got 2.5")
    assert "tolerance relative 1e-09" in message
