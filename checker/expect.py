"""What suites use to check a learner's values: type and shape first, then the numbers.

Every helper raises `ExpectationFailed` (an AssertionError) with a message that teaches:
what was being checked (`what`, which should name the input), expected against got, and
the tolerance that applied. Values reaching a suite are plain data decoded by the checker
(see `checker.codec`), so `==` here never runs learner code.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import Any, Iterator

import numpy as np
import pytest

from checker.brief import MAX_SHOWN, brief
from checker.learner import LearnerRaised


class ExpectationFailed(AssertionError):
    """A learner's value is not what the exercise asks for."""


def exercise(exercise_id: str) -> pytest.MarkDecorator:
    """Mark a suite test as checking `exercise_id` ("topic.name" from the manifest)."""
    return pytest.mark.exercise(exercise_id)


def _fail(what: str, text: str) -> None:
    __tracebackhide__ = True
    raise ExpectationFailed(f"{what}: {text}" if what else text)


# NumPy's one-letter dtype kinds, as a learner would name them.
_KIND_WORDS = {"f": "float", "i": "integer", "u": "integer", "c": "complex", "b": "bool",
               "U": "string", "S": "bytes", "M": "datetime", "m": "timedelta", "O": "object"}


def _dtype_wanted(kind: str, like: Any = None) -> str:
    """`a float dtype such as float64`: what the learner's array should have been."""
    word = _KIND_WORDS.get(kind, repr(kind))
    example = like if like is not None else {"f": "float64", "i": "int64", "u": "uint8",
                                             "c": "complex128", "b": "bool"}.get(kind)
    article = "an" if word[0] in "aeiou" else "a"
    return f"{article} {word} dtype" + (f" such as {example}" if example else "")


def _item(what: str, key: str) -> str:
    """`what` narrowed to one of its items (`key` is `[0]` or `['name']`).

    After a plain call the key reads as Python: `version_tuple('1.17.1')[0]`. After words,
    a key glued on would seem to index the last thing named (`... of [1, 2][0]`), so it
    comes first: `[0] of the interval of f(3)`; a further key joins the first one.
    """
    if not what:
        return key
    if _is_plain_call(what) or re.fullmatch(r"(\[[^\]]*\])+", what):
        return what + key
    if what.startswith("[") and "] of " in what:
        head, _, rest = what.partition(" of ")
        if head.endswith("]"):
            return f"{head}{key} of {rest}"
    return f"{key} of {what}"


def _is_plain_call(text: str) -> bool:
    """`name(...)` optionally followed by `[...]` keys, and nothing else."""
    start = text.find("(")
    if start <= 0 or not all(c.isalnum() or c in "_." for c in text[:start]):
        return False
    depth, quote = 0, ""
    for position in range(start, len(text)):
        char = text[position]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0 and char == ")":
                rest = text[position + 1:]
                return all(part.endswith("]") for part in rest.split("[")[1:]) and (
                    not rest or rest.startswith("["))
    return False


def _kind_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {brief(value)}"


def _tolerance(rtol: float, atol: float) -> str:
    parts = []
    if rtol:
        parts.append(f"relative {rtol:g}")
    if atol:
        parts.append(f"absolute {atol:g}")
    return " or ".join(parts) if parts else "exact"


def expect_float(got: Any, expected: float, *, rtol: float = 1e-9, atol: float = 0.0,
                 what: str = "the value") -> None:
    """A real number (float, NumPy float, or int) close to `expected`; NaN matches NaN.

    The exercises ask for a Python float so that no array, 0-d array or list comes back;
    a NumPy float (np.float64 is a float) or an int of the right value is the same number,
    and failing it would teach nothing about SciPy."""
    __tracebackhide__ = True
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, float, np.integer,
                                                                  np.floating)):
        _fail(what, f"expected a float, got {_kind_name(got)}")
    got_number, wanted = float(got), float(expected)
    if math.isnan(wanted) or math.isnan(got_number):
        if not (math.isnan(wanted) and math.isnan(got_number)):
            _fail(what, f"expected {wanted!r}, got {got_number!r}")
        return
    if not math.isclose(got_number, wanted, rel_tol=rtol, abs_tol=atol):
        error = abs(got_number - wanted)
        _fail(what, f"expected {wanted!r}, got {got_number!r} (off by {error:.3g}; "
                    f"tolerance {_tolerance(rtol, atol)})")


def expect_int(got: Any, expected: int, *, what: str = "the value") -> None:
    """An integer (int or NumPy integer, not bool) equal to `expected`."""
    __tracebackhide__ = True
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
        _fail(what, f"expected an int, got {_kind_name(got)}")
    if int(got) != int(expected):
        _fail(what, f"expected {int(expected)}, got {int(got)}")


def expect_equal(got: Any, expected: Any, *, what: str = "the value") -> None:
    """Exactly `expected`, of exactly its type (for strings, booleans, None, ints...)."""
    __tracebackhide__ = True
    expect_value(got, expected, rtol=0.0, atol=0.0, what=what)


def _compatible_kind(got_kind: str, wanted_kind: str) -> bool:
    """Signed and unsigned integers match each other; every other kind only itself."""
    return got_kind == wanted_kind or (got_kind in "iu" and wanted_kind in "iu")


def expect_array(got: Any, expected: Any, *, shape: tuple[int, ...] | None = None,
                 rtol: float = 1e-9, atol: float = 0.0, dtype_kind: str | None = None,
                 dtype: str | None = None, what: str = "the array") -> None:
    """A real `numpy.ndarray` with the expected shape and dtype kind, close to `expected`.

    `dtype_kind` is NumPy's one-letter kind ("f" float, "i" integer, "c" complex, "b"
    bool); by default it is the kind of `expected` (integer kinds match each other).
    `dtype` ("uint8", "float64") is for a docstring that names the exact dtype: it is held
    exactly, and before the values, so a float32 answer hears about its dtype rather than
    about values that differ in their eighth digit.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        _fail(what, f"expected a NumPy array of shape {expected.shape}, got {_kind_name(got)}"
                    + (" (use numpy.asarray to turn it into an array)"
                       if isinstance(got, (list, tuple)) else ""))
    wanted_shape = expected.shape if shape is None else tuple(shape)
    if got.shape != wanted_shape:
        _fail(what, f"expected shape {wanted_shape}, got shape {got.shape}")
    if dtype is not None:
        if str(got.dtype) != dtype:
            _fail(what, f"expected dtype {dtype}, got dtype {got.dtype}")
    elif dtype_kind is not None:
        if not _compatible_kind(got.dtype.kind, dtype_kind):
            _fail(what, f"expected {_dtype_wanted(dtype_kind)}, got dtype {got.dtype}")
    elif not _compatible_kind(got.dtype.kind, expected.dtype.kind):
        _fail(what, f"expected {_dtype_wanted(expected.dtype.kind, expected.dtype)}, "
                    f"got dtype {got.dtype}")
    if expected.dtype.kind in "USMmb" or got.dtype.kind in "USMmb":
        different = got != expected
    else:
        got_values = got.astype(np.result_type(got.dtype, np.float64))
        wanted = expected.astype(np.result_type(expected.dtype, np.float64))
        if np.isinf(atol):  # any value will do, as long as it is a finite number
            different = ~np.isfinite(got_values)
        else:
            different = ~np.isclose(got_values, wanted, rtol=rtol, atol=atol, equal_nan=True)
    if not np.any(different):
        return
    index = tuple(int(i) for i in np.argwhere(different)[0])
    count = int(np.count_nonzero(different))
    text = (f"{count} of {expected.size} values differ; first at index {index}: "
            f"expected {brief(expected[index])}, got {brief(got[index])}")
    if expected.dtype.kind in "iufc" and got.dtype.kind in "iufc":
        finite = np.isfinite(got_values) & np.isfinite(wanted)
        nan_mismatch = np.isnan(got_values) != np.isnan(wanted)
        if np.any(nan_mismatch):
            where = tuple(int(i) for i in np.argwhere(nan_mismatch)[0])
            if where != index:  # else the first difference above already shows the NaN
                text += f"; NaN where not expected (or missing) at index {where}"
        # Integers compared exactly (labels, counts, indices): how far off says nothing.
        exact_integers = (expected.dtype.kind in "iu" and got.dtype.kind in "iu"
                          and atol < 1 and rtol * float(np.max(np.abs(wanted), initial=0)) < 1)
        finite_different = finite & different
        if np.any(finite_different) and not exact_integers:
            errors = np.abs(got_values - wanted)[finite_different]
            scale = np.abs(wanted)[finite_different]
            relative = errors / np.where(scale == 0, 1.0, scale)
            text += (f"; largest absolute error {errors.max():.3g}, largest relative "
                     f"error {relative.max():.3g}")
        if not exact_integers:
            text += f"; tolerance {_tolerance(rtol, atol)}"
    if expected.size <= MAX_SHOWN:
        text += "\n" + _shown("expected", expected) + "\n" + _shown("got", got)
    _fail(what, text)


def _shown(label: str, values: np.ndarray) -> str:
    """`  expected [1., 2.]`, a 2-D array's further rows lined up under its first one."""
    head = f"  {label:<8} "
    return head + brief(values).replace("\n", "\n" + " " * len(head))


def expect_sparse(got: Any, expected: Any, *, formats: tuple[str, ...] | None = None,
                  rtol: float = 1e-9, atol: float = 0.0, what: str = "the sparse array") -> None:
    """A SciPy sparse array (not a legacy *_matrix) in one of `formats`, equal to `expected`."""
    __tracebackhide__ = True
    from scipy import sparse

    if not sparse.issparse(got):
        _fail(what, f"expected a SciPy sparse array, got {_kind_name(got)}")
    if isinstance(got, sparse.spmatrix):
        _fail(what, f"expected a sparse array ({got.format}_array), got the legacy "
                    f"{type(got).__name__}; the *_matrix classes are legacy")
    if formats is not None and got.format not in formats:
        _fail(what, f"expected format {' or '.join(formats)}, got {got.format}")
    wanted = expected.toarray() if sparse.issparse(expected) else np.asarray(expected)
    expect_array(got.toarray(), wanted, rtol=rtol, atol=atol, what=what)


def expect_value(got: Any, expected: Any, *, rtol: float = 1e-9, atol: float = 0.0,
                 what: str = "the value") -> None:
    """Compare nested plain data: containers by type and length, then each item."""
    __tracebackhide__ = True
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            _fail(what, f"expected a bool ({expected}), got {_kind_name(got)}")
        if bool(got) != bool(expected):
            _fail(what, f"expected {bool(expected)}, got {bool(got)}")
    elif isinstance(expected, (int, np.integer)):
        expect_int(got, int(expected), what=what)
    elif isinstance(expected, (float, np.floating)):
        expect_float(got, float(expected), rtol=rtol, atol=atol, what=what)
    elif isinstance(expected, complex):
        if not isinstance(got, (complex, np.complexfloating, float, int)) or isinstance(got, bool):
            _fail(what, f"expected a complex number, got {_kind_name(got)}")
        if not np.isclose(complex(got), expected, rtol=rtol, atol=atol):
            _fail(what, f"expected {expected!r}, got {complex(got)!r}")
    elif isinstance(expected, np.ndarray):
        expect_array(got, expected, rtol=rtol, atol=atol, what=what)
    elif isinstance(expected, (tuple, list)):
        if type(got) is not type(expected):
            _fail(what, f"expected a {type(expected).__name__}, got {_kind_name(got)}")
        if len(got) != len(expected):
            text = f"expected {len(expected)} item{'s' * (len(expected) != 1)}, got {len(got)}"
            shown_expected, shown_got = brief(expected), brief(got)
            if len(shown_expected) + len(shown_got) <= 120:  # short: say which items
                text = (f"expected {len(expected)} item{'s' * (len(expected) != 1)} "
                        f"{shown_expected}, got {len(got)} {shown_got}")
            _fail(what, text)
        for position, (item, wanted) in enumerate(zip(got, expected)):
            expect_value(item, wanted, rtol=rtol, atol=atol, what=_item(what, f"[{position}]"))
    elif isinstance(expected, dict):
        if type(got) is not dict:
            _fail(what, f"expected a dict, got {_kind_name(got)}")
        if set(got) != set(expected):
            missing = sorted(map(repr, set(expected) - set(got)))
            extra = sorted(map(repr, set(got) - set(expected)))
            _fail(what, f"expected keys {', '.join(sorted(map(repr, expected)))}"
                        + (f"; missing {', '.join(missing)}" if missing else "")
                        + (f"; unexpected {', '.join(extra)}" if extra else ""))
        for key, wanted in expected.items():
            expect_value(got[key], wanted, rtol=rtol, atol=atol, what=_item(what, f"[{key!r}]"))
    else:
        if type(got) is not type(expected):
            _fail(what, f"expected a {type(expected).__name__}, got {_kind_name(got)}")
        if got != expected:
            _fail(what, f"expected {brief(expected)}, got {brief(got)}")


@contextlib.contextmanager
def expect_learner_raises(*type_names: str, why: str) -> Iterator[None]:
    """The learner's call inside must raise one of `type_names` (or a subclass of one)."""
    __tracebackhide__ = True
    try:
        yield
    except LearnerRaised as exc:
        if exc.is_todo:
            raise
        if any(name in exc.type_names for name in type_names):
            return
        raise ExpectationFailed(
            f"expected {' or '.join(type_names)} because {why}; got {exc.describe()}"
        ) from None
    raise ExpectationFailed(f"expected {' or '.join(type_names)} because {why}; "
                            "the call returned normally")
