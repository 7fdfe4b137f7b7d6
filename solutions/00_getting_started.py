"""Getting started: importing SciPy, NumPy arrays, and a first linear system."""

from __future__ import annotations

import warnings

import numpy as np
import scipy
from scipy import linalg


def scipy_version() -> str:
    """Return the version of SciPy that is installed, as a string such as "1.17.1".

    >>> isinstance(scipy_version(), str)
    True
    """
    return scipy.__version__


def version_tuple(version: str) -> tuple[int, int]:
    """Return the major and minor numbers of a version string, as a tuple of two ints.

    Anything after the minor number (a patch number, "rc1", "dev0+abc") is ignored.

    >>> version_tuple("1.17.1")
    (1, 17)
    >>> version_tuple("2.0.0rc1")
    (2, 0)
    """
    major, minor = version.split(".")[:2]
    digits = len(minor) - len(minor.lstrip("0123456789"))
    return int(major), int(minor[:digits])


def make_array(values: list[float]) -> np.ndarray:
    """Return `values` as a 1-D NumPy array of dtype float64, in the same order.

    >>> make_array([1, 2, 3])
    array([1., 2., 3.])
    """
    return np.array(values, dtype=np.float64)


def solve_and_check(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """Solve the linear system A @ x = b and say how well x satisfies it.

    Returns (x, residual): x as a float array of shape (n,), and the largest absolute
    entry of A @ x - b as a Python float. A singular A must raise LinAlgError.

    >>> solve_and_check(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([5.0, 6.0]))
    (array([-4. ,  4.5]), 0.0)
    """
    x = linalg.solve(A, b)
    return x, float(np.max(np.abs(A @ x - b)))


def is_singular(A: np.ndarray) -> bool:
    """Return True when the square matrix A has no inverse, False when it has one.

    Decide by trying to solve a system with A and catching the error SciPy raises,
    not by comparing the determinant with zero.

    >>> is_singular(np.array([[1.0, 2.0], [2.0, 4.0]]))
    True
    """
    try:
        # A nearly singular A is solved with a LinAlgWarning about its accuracy: it still
        # has an inverse, so the warning is silenced here, not taken for the error.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", linalg.LinAlgWarning)
            linalg.solve(A, np.ones(A.shape[0]))
    except linalg.LinAlgError:
        return True
    return False
