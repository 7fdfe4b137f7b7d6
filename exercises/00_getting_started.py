"""Getting started: importing SciPy, NumPy arrays, and a first linear system.

Fill in each function, then run `course check getting_started`.
"""

from __future__ import annotations

import numpy as np


def scipy_version() -> str:
    """Return the version of SciPy that is installed, as a string such as "1.17.1".

    >>> isinstance(scipy_version(), str)
    True
    """
    # TODO: import scipy (at the top of the file is the usual place).
    # TODO: return the version string that the scipy package carries as an attribute.
    raise NotImplementedError


def version_tuple(version: str) -> tuple[int, int]:
    """Return the major and minor numbers of a version string, as a tuple of two ints.

    Anything after the minor number (a patch number, "rc1", "dev0+abc") is ignored.

    >>> version_tuple("1.17.1")
    (1, 17)
    >>> version_tuple("2.0.0rc1")
    (2, 0)
    """
    # TODO: split the string on dots and keep the first two parts.
    # TODO: turn each into an int; the minor part may carry letters after its digits.
    raise NotImplementedError


def make_array(values: list[float]) -> np.ndarray:
    """Return `values` as a 1-D NumPy array of dtype float64, in the same order.

    >>> make_array([1, 2, 3])
    array([1., 2., 3.])
    """
    # TODO: SciPy has no array type of its own (there is no scipy.array): use NumPy.
    # TODO: make sure the dtype is float64 even when every value is an int.
    raise NotImplementedError


def solve_and_check(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    """Solve the linear system A @ x = b and say how well x satisfies it.

    Returns (x, residual): x as a float array of shape (n,), and the largest absolute
    entry of A @ x - b as a Python float. A singular A must raise LinAlgError.

    >>> solve_and_check(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([5.0, 6.0]))
    (array([-4. ,  4.5]), 0.0)
    """
    # TODO: import linalg from scipy and solve the system with the function it offers
    #       for exactly this (not by inverting A).
    # TODO: compute A @ x - b and return its largest absolute entry as a float.
    raise NotImplementedError


def is_singular(A: np.ndarray) -> bool:
    """Return True when the square matrix A has no inverse, False when it has one.

    Decide by trying to solve a system with A and catching the error SciPy raises,
    not by comparing the determinant with zero.

    >>> is_singular(np.array([[1.0, 2.0], [2.0, 4.0]]))
    True
    """
    # TODO: try to solve a system with A and any right-hand side of the right length.
    # TODO: catch the error scipy.linalg raises for a singular matrix: that means True.
    raise NotImplementedError
