"""Suite for topic 00, getting_started."""

from __future__ import annotations

import numpy as np
import pytest
import scipy
import scipy.linalg

from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_learner_raises,
    expect_value,
)


@exercise("getting_started.scipy_version")
def test_scipy_version(learner):
    expect_equal(learner.scipy_version(), scipy.__version__, what="scipy_version()")


def _reference_version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    digits = ""
    for character in minor:
        if not character.isdigit():
            break
        digits += character
    return int(major), int(digits)


@exercise("getting_started.version_tuple")
@pytest.mark.parametrize("version", ["1.17.1", "2.0.0rc1", "1.9.3", "0.19", "1.18.0.dev0+abc",
                                     "10.12b2"])
def test_version_tuple(learner, version):
    expect_value(learner.version_tuple(version), _reference_version_tuple(version),
                 what=f"version_tuple({version!r})")


@exercise("getting_started.version_tuple")
def test_version_tuple_of_installed_scipy(learner):
    expect_value(learner.version_tuple(scipy.__version__),
                 _reference_version_tuple(scipy.__version__),
                 what=f"version_tuple({scipy.__version__!r}) (the SciPy installed here)")


@exercise("getting_started.make_array")
@pytest.mark.parametrize("values", [[1, 2, 3], [0.5], [], [-1e300, 2.5, 7]])
def test_make_array(learner, values):
    got = learner.make_array(values)
    expect_array(got, np.array(values, dtype=float), shape=(len(values),), dtype="float64",
                 what=f"make_array({values!r})")


@exercise("getting_started.make_array")
def test_make_array_random(learner, rng):
    values = [int(v) for v in rng.integers(-100, 100, size=int(rng.integers(2, 20)))]
    got = learner.make_array(values)
    expect_array(got, np.array(values, dtype=float), dtype="float64",
                 what=f"make_array of {len(values)} random ints")


@exercise("getting_started.solve_and_check")
@pytest.mark.parametrize("n", [1, 2, 5, 40])
def test_solve_and_check(learner, rng, n):
    A = rng.standard_normal((n, n)) + n * np.eye(n)
    b = rng.standard_normal(n)
    result = learner.solve_and_check(A, b)
    expect_value(type(result).__name__, "tuple", what="solve_and_check returns a tuple")
    x, residual = result
    expect_array(x, scipy.linalg.solve(A, b), shape=(n,), rtol=1e-8, atol=1e-12,
                 what=f"x for a random {n}x{n} system")
    expect_float(residual, float(np.max(np.abs(A @ x - b))), rtol=1e-6, atol=1e-12,
                 what=f"the residual for a random {n}x{n} system")


@exercise("getting_started.solve_and_check")
def test_solve_and_check_nonsymmetric(learner):
    # A solution that solves with A.T agrees with the right one only for symmetric A.
    A = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [4.0, 0.0, 5.0]])
    b = np.array([1.0, 2.0, 3.0])
    x, _ = learner.solve_and_check(A, b)
    expect_array(x, scipy.linalg.solve(A, b), shape=(3,), rtol=1e-8,
                 what="x for a non-symmetric 3x3 system")


@exercise("getting_started.solve_and_check")
def test_solve_and_check_residual_is_largest_absolute_entry(learner):
    # A random system's residual is ~1e-15, inside any tolerance that lets two correct
    # solvers differ, so a made-up 0.0 or another norm would pass there. Here each row
    # of A @ x holds one product, rounded the same way by every solver and every way of
    # multiplying: A @ x - b is exactly [-8.9e-16, 4.4e-16, 0], so its largest absolute
    # entry differs from 0, from its largest signed entry, and from its sum or 2-norm.
    A = np.diag([55.0, 275.0, 4.0])
    b = np.array([7.0, 3.0, 1.0])
    x, residual = learner.solve_and_check(A, b)
    expect_array(x, scipy.linalg.solve(A, b), shape=(3,), rtol=1e-12,
                 what="x for A = diag(55, 275, 4), b = [7, 3, 1]")
    expect_float(residual, float(np.max(np.abs(A @ x - b))), rtol=1e-6, atol=0.0,
                 what=f"the residual for A = diag(55, 275, 4), b = [7, 3, 1], where A @ x - b "
                      f"= {(A @ x - b).tolist()} in floating point: the largest absolute "
                      "entry, not 0 and not a sum")


@exercise("getting_started.solve_and_check")
def test_solve_and_check_singular(learner):
    with expect_learner_raises("LinAlgError", why="a singular matrix has no unique solution"):
        learner.solve_and_check(np.ones((2, 2)), np.ones(2))


@exercise("getting_started.is_singular")
@pytest.mark.parametrize("matrix, singular", [
    ([[1.0, 2.0], [2.0, 4.0]], True),
    ([[1.0, 2.0], [3.0, 4.0]], False),
    ([[0.0, 0.0], [0.0, 0.0]], True),
    ([[1e-8, 0.0], [0.0, 1e-8]], False),
    ([[1e-200, 0.0], [0.0, 1e-200]], False),
])
def test_is_singular(learner, matrix, singular):
    # The last two have determinants 1e-16 and 1e-400 (which underflows to 0.0): a
    # "det < tolerance" test and a "det == 0" test each get one wrong; solving gets both.
    expect_value(learner.is_singular(np.array(matrix)), singular,
                 what=f"is_singular({matrix})")


@exercise("getting_started.is_singular")
def test_is_singular_ill_conditioned_is_not_singular(learner):
    # Its determinant is 2**-51, not 0: A has an inverse. SciPy solves with it and warns
    # (LinAlgWarning, "ill-conditioned"); only a singular A raises LinAlgError, so a
    # solution that turns warnings into errors calls it singular.
    A = np.array([[1.0, 1.0], [1.0, 1.0 + 2.0**-51]])
    expect_value(learner.is_singular(A), False,
                 what="is_singular([[1, 1], [1, 1 + 2**-51]]), a matrix with an inverse "
                      "(determinant 4.4e-16) that SciPy solves with a LinAlgWarning: a "
                      "warning about conditioning is not the LinAlgError of a singular "
                      "matrix")


@exercise("getting_started.is_singular")
def test_is_singular_random(learner, rng):
    n = int(rng.integers(3, 8))
    regular = rng.standard_normal((n, n)) + n * np.eye(n)
    expect_value(learner.is_singular(regular), False, what=f"is_singular of a random {n}x{n} "
                                                           "matrix with an inverse")
    singular = regular.copy()
    singular[-1] = singular[0] + singular[1]
    singular[:, -1] = 0.0
    expect_value(learner.is_singular(singular), True,
                 what=f"is_singular of a random {n}x{n} matrix with a zero column")
