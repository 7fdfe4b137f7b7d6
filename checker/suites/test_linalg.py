"""Suite for topic 09, linalg.

Tolerances: results are compared with scipy.linalg's own answer computed here, with a
relative tolerance of about 1e-8 and an absolute one scaled by the size of the matrix.
That leaves room for a correct solution written another way (NumPy's linalg, a loop, an
eigendecomposition) and none for a wrong formula, a wrong axis or a transposed factor.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.linalg

from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_learner_raises,
)


def _random_matrix(rng: np.random.Generator, rows: int, columns: int | None = None
                   ) -> np.ndarray:
    return rng.standard_normal((rows, rows if columns is None else columns))


def _expect_float_array(got: object, shape: tuple[int, ...], what: str) -> None:
    """Only the type, shape and dtype kind of `got` (its values are checked elsewhere)."""
    expected = got if isinstance(got, np.ndarray) else np.zeros(shape)
    expect_array(got, expected, shape=shape, dtype_kind="f", what=what)


def _unpack(result: object, count: int, what: str) -> tuple:
    expect_equal(type(result).__name__, "tuple", what=f"the type returned by {what}")
    expect_equal(len(result), count, what=f"the number of items returned by {what}")
    return result


# -- matrix_measures ---------------------------------------------------------------------

def _reference_measures(A: np.ndarray) -> dict[str, float]:
    return {
        "determinant": float(scipy.linalg.det(A)),
        "frobenius_norm": float(scipy.linalg.norm(A, "fro")),
        "spectral_norm": float(scipy.linalg.norm(A, 2)),
        "spectral_radius": float(np.max(np.abs(scipy.linalg.eigvals(A)))),
    }


def _check_measures(learner, A: np.ndarray, label: str) -> None:
    got = learner.matrix_measures(A)
    expected = _reference_measures(A)
    expect_equal(type(got).__name__, "dict", what=f"the type of matrix_measures of {label}")
    expect_equal(sorted(got), sorted(expected), what=f"the keys of matrix_measures of {label}")
    scale = max(1.0, expected["frobenius_norm"])
    for key, wanted in expected.items():
        # Relative 1e-9, absolute 1e-12 times the scale of the matrix (to the power n for
        # the determinant): every LAPACK-based route, SciPy's or NumPy's, agrees to this;
        # a wrong norm or a radius from real parts is off by far more.
        size = scale ** A.shape[0] if key == "determinant" else scale
        expect_float(got[key], wanted, rtol=1e-9, atol=1e-12 * size,
                     what=f"matrix_measures of {label}: {key!r}")


@exercise("linalg.matrix_measures")
@pytest.mark.parametrize("label, matrix", [
    # Eigenvalues +-2i: their real parts are 0, their moduli 2.
    ("a rotation-and-scaling [[0, -2], [2, 0]]", [[0.0, -2.0], [2.0, 0.0]]),
    # Spectral radius 1, spectral norm about 10.1, Frobenius norm about 10.1 but not equal.
    ("the non-normal [[1, 10], [0, 1]]", [[1.0, 10.0], [0.0, 1.0]]),
    # The largest eigenvalue is 1, the largest in modulus is -3.
    ("diag(-3, 1)", [[-3.0, 0.0], [0.0, 1.0]]),
    ("the 1x1 matrix [[-2.5]]", [[-2.5]]),
])
def test_matrix_measures_fixed(learner, label, matrix):
    _check_measures(learner, np.array(matrix), label)


@exercise("linalg.matrix_measures")
def test_matrix_measures_random(learner, rng):
    n = int(rng.integers(3, 7))
    _check_measures(learner, _random_matrix(rng, n) + np.eye(n), f"a random {n}x{n} matrix")


# -- solve_positive_definite --------------------------------------------------------------

@exercise("linalg.solve_positive_definite")
@pytest.mark.parametrize("n", [1, 2, 6, 30])
def test_solve_positive_definite(learner, rng, n):
    M = _random_matrix(rng, n)
    A = M @ M.T + n * np.eye(n)
    b = rng.standard_normal(n)
    # Relative 1e-8: any stable solver (Cholesky, LU, NumPy's) meets it on these
    # well-conditioned systems.
    expect_array(learner.solve_positive_definite(A, b), scipy.linalg.solve(A, b),
                 shape=(n,), dtype_kind="f", rtol=1e-8, atol=1e-12,
                 what=f"x for a random {n}x{n} positive definite system")


@exercise("linalg.solve_positive_definite")
def test_solve_positive_definite_rejects_indefinite(learner):
    A = np.array([[1.0, 2.0], [2.0, 1.0]])  # symmetric, eigenvalues 3 and -1
    with expect_learner_raises("LinAlgError", why="[[1, 2], [2, 1]] is symmetric but not "
                               "positive definite (eigenvalue -1), so Cholesky must fail"):
        learner.solve_positive_definite(A, np.ones(2))


@exercise("linalg.solve_positive_definite")
def test_solve_positive_definite_rejects_random_indefinite(learner, rng):
    n = int(rng.integers(3, 8))
    Q, _ = np.linalg.qr(_random_matrix(rng, n))
    eigenvalues = rng.uniform(1.0, 5.0, n)
    eigenvalues[int(rng.integers(n))] = -rng.uniform(1.0, 5.0)
    A = (Q * eigenvalues) @ Q.T
    A = (A + A.T) / 2
    with expect_learner_raises("LinAlgError", why=f"this random symmetric {n}x{n} matrix "
                               "has a negative eigenvalue, so it is not positive definite"):
        learner.solve_positive_definite(A, np.ones(n))


# -- symmetric_eigen ----------------------------------------------------------------------

def _check_symmetric_eigen(learner, A: np.ndarray, label: str) -> None:
    n = A.shape[0]
    eigenvalues, eigenvectors = _unpack(learner.symmetric_eigen(A), 2, "symmetric_eigen")
    expected = scipy.linalg.eigh(A, eigvals_only=True)
    scale = max(1.0, float(np.max(np.abs(expected))))
    # dtype kind "f": the general solver's complex eigenvalues are the pitfall here.
    expect_array(eigenvalues, expected, shape=(n,), dtype_kind="f", rtol=1e-9,
                 atol=1e-10 * scale, what=f"the eigenvalues (ascending) of {label}")
    _expect_float_array(eigenvectors, (n, n), f"the eigenvector matrix of {label}")
    # Eigenvectors are fixed only up to sign (and any basis of a repeated eigenvalue's
    # space will do), so check what defines them, with absolute tolerance 1e-9 * scale.
    expect_array(A @ eigenvectors, eigenvectors * expected, rtol=0, atol=1e-9 * scale,
                 what=f"A @ V against V * eigenvalues for {label} (column i of V must "
                      "belong to eigenvalue i)")
    expect_array(eigenvectors.T @ eigenvectors, np.eye(n), rtol=0, atol=1e-9,
                 what=f"V.T @ V for {label} (the columns must be orthonormal)")


@exercise("linalg.symmetric_eigen")
@pytest.mark.parametrize("label, matrix", [
    # The general solver returns these in the order 3, 1, 2.
    ("diag(3, 1, 2)", [[3.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]),
    ("[[2, 1], [1, 2]]", [[2.0, 1.0], [1.0, 2.0]]),
    ("the 1x1 matrix [[4]]", [[4.0]]),
])
def test_symmetric_eigen_fixed(learner, label, matrix):
    _check_symmetric_eigen(learner, np.array(matrix), label)


@exercise("linalg.symmetric_eigen")
@pytest.mark.parametrize("n", [4, 9])
def test_symmetric_eigen_random(learner, rng, n):
    M = _random_matrix(rng, n)
    _check_symmetric_eigen(learner, M + M.T, f"a random symmetric {n}x{n} matrix")


# -- lu_factors ---------------------------------------------------------------------------

def _check_lu(learner, A: np.ndarray, label: str) -> None:
    n = A.shape[0]
    P, L, U = _unpack(learner.lu_factors(A), 3, "lu_factors")
    for name, factor in (("P", P), ("L", L), ("U", U)):
        _expect_float_array(factor, (n, n), f"{name} for {label}")
    is_zero_or_one = np.isin(P, (0.0, 1.0))
    one_per_line = (np.all(P.sum(axis=0) == 1) and np.all(P.sum(axis=1) == 1))
    expect_equal(bool(np.all(is_zero_or_one) and one_per_line), True,
                 what=f"P for {label} is a permutation matrix (one 1.0 in each row and column)")
    scale = max(1.0, float(np.max(np.abs(A))))
    expect_array(np.triu(L, 1), np.zeros((n, n)), rtol=0, atol=1e-12 * scale,
                 what=f"the entries above the diagonal of L for {label}")
    expect_array(np.diag(L).copy(), np.ones(n), rtol=0, atol=1e-12,
                 what=f"the diagonal of L for {label} (ones)")
    expect_array(np.tril(U, -1), np.zeros((n, n)), rtol=0, atol=1e-12 * scale,
                 what=f"the entries below the diagonal of U for {label}")
    # Absolute 1e-10 * scale: partial pivoting reproduces A to near machine precision.
    expect_array(P @ L @ U, A, rtol=0, atol=1e-10 * scale,
                 what=f"P @ L @ U for {label} (it must give back A)")


@exercise("linalg.lu_factors")
def test_lu_factors_needs_pivoting(learner):
    # A zero in the corner breaks elimination without row swaps, and the row order that
    # pivoting picks is a cycle, so P and P.T differ.
    A = np.array([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [4.0, 5.0, 7.0]])
    _check_lu(learner, A, "[[0, 1, 2], [1, 2, 3], [4, 5, 7]]")


@exercise("linalg.lu_factors")
@pytest.mark.parametrize("n", [2, 5, 8])
def test_lu_factors_random(learner, rng, n):
    _check_lu(learner, _random_matrix(rng, n), f"a random {n}x{n} matrix")


# -- evolve_linear_system -----------------------------------------------------------------

def _check_evolution(learner, A: np.ndarray, x0: np.ndarray, times: np.ndarray,
                     label: str) -> None:
    expected = np.array([scipy.linalg.expm(t * A) @ x0 for t in times])
    scale = max(1.0, float(np.max(np.abs(expected))))
    # Relative 1e-7, absolute 1e-9 * scale: room for an eigendecomposition or a tight ODE
    # solver; the entrywise exponential is wrong by order one.
    expect_array(learner.evolve_linear_system(A, x0, times), expected,
                 shape=(len(times), len(x0)), dtype_kind="f", rtol=1e-7, atol=1e-9 * scale,
                 what=f"x(t) for {label} at times {times.tolist()}")


@exercise("linalg.evolve_linear_system")
def test_evolve_rotation(learner, rng):
    omega = round(float(rng.uniform(0.5, 3.0)), 4)
    A = np.array([[0.0, -omega], [omega, 0.0]])
    times = np.linspace(0.0, 2.0, 5)
    _check_evolution(learner, A, np.array([1.0, 0.5]), times,
                     f"the rotation generator [[0, -w], [w, 0]] with w = {omega}")


@exercise("linalg.evolve_linear_system")
def test_evolve_random(learner, rng):
    n = int(rng.integers(3, 6))
    A = _random_matrix(rng, n) - 1.5 * np.eye(n)
    times = np.sort(np.round(rng.uniform(0.0, 2.0, 7), 3))
    _check_evolution(learner, A, rng.standard_normal(n), times, f"a random {n}x{n} matrix")


@exercise("linalg.evolve_linear_system")
def test_evolve_single_time(learner):
    A = np.array([[-1.0, 2.0, 0.0], [0.0, -0.5, 1.0], [0.0, 0.0, -2.0]])
    _check_evolution(learner, A, np.array([1.0, 1.0, 1.0]), np.array([1.5]),
                     "an upper triangular 3x3 matrix")


# -- low_rank_approximation ---------------------------------------------------------------

def _check_low_rank(learner, A: np.ndarray, k: int, label: str) -> None:
    U, s, Vt = scipy.linalg.svd(A, full_matrices=False)
    expected = (U[:, :k] * s[:k]) @ Vt[:k]
    norm = float(scipy.linalg.norm(A))
    approximation, relative_error = _unpack(learner.low_rank_approximation(A, k), 2,
                                            "low_rank_approximation")
    # Absolute 1e-10 * the norm of A: any SVD routine agrees to that.
    expect_array(approximation, expected, shape=A.shape, dtype_kind="f", rtol=1e-8,
                 atol=1e-10 * norm, what=f"the rank-{k} approximation of {label}")
    expect_float(relative_error, float(scipy.linalg.norm(A - expected)) / norm, rtol=1e-8,
                 atol=1e-12, what=f"the relative (Frobenius) error for k = {k} and {label}")


@exercise("linalg.low_rank_approximation")
@pytest.mark.parametrize("shape", [(6, 4), (5, 5), (3, 7)])
def test_low_rank_random(learner, rng, shape):
    k = int(rng.integers(1, min(shape)))
    _check_low_rank(learner, _random_matrix(rng, *shape), k,
                    f"a random {shape[0]}x{shape[1]} matrix")


@exercise("linalg.low_rank_approximation")
def test_low_rank_full_rank_is_exact(learner, rng):
    A = _random_matrix(rng, 4, 3)
    _check_low_rank(learner, A, 3, "a random 4x3 matrix with k = 3 (nothing left out)")


@exercise("linalg.low_rank_approximation")
def test_low_rank_known(learner):
    # Singular values 5, 3, 1: the rank-1 error is sqrt(9 + 1) / sqrt(35).
    _check_low_rank(learner, np.diag([3.0, 5.0, 1.0]), 1, "diag(3, 5, 1)")


# -- polyfit_lstsq ------------------------------------------------------------------------

def _reference_fit(x: np.ndarray, y: np.ndarray, degree: int) -> tuple[np.ndarray, float]:
    design = np.vander(x, degree + 1, increasing=True)
    coefficients = scipy.linalg.lstsq(design, y)[0]
    return coefficients, float(np.sum((y - design @ coefficients) ** 2))


def _check_lstsq_fit(learner, x: np.ndarray, y: np.ndarray, degree: int, label: str
                     ) -> None:
    coefficients, rss = _reference_fit(x, y, degree)
    got_coefficients, got_rss = _unpack(learner.polyfit_lstsq(x, y, degree), 2,
                                        "polyfit_lstsq")
    # On these well-conditioned fits (x within [-1, 3], degree at most 3) every
    # least-squares method agrees to relative 1e-8.
    expect_array(got_coefficients, coefficients, shape=(degree + 1,), dtype_kind="f",
                 rtol=1e-8, atol=1e-10,
                 what=f"the coefficients (ascending powers) of the degree-{degree} fit to "
                      f"{label}")
    expect_float(got_rss, rss, rtol=1e-6, atol=1e-10 * (1.0 + float(np.sum(y ** 2))),
                 what=f"the residual sum of squares of the degree-{degree} fit to {label}")


@exercise("linalg.polyfit_lstsq")
def test_polyfit_lstsq_line(learner):
    x = np.array([0.0, 1.0, 2.0, 3.0])
    _check_lstsq_fit(learner, x, 1.0 + 2.0 * x, 1, "the exact line y = 1 + 2x")


@exercise("linalg.polyfit_lstsq")
@pytest.mark.parametrize("degree", [1, 2, 3])
def test_polyfit_lstsq_noisy(learner, rng, degree):
    n = int(rng.integers(15, 60))
    x = rng.uniform(-1.0, 1.0, n)
    y = np.polynomial.polynomial.polyval(x, rng.standard_normal(degree + 1))
    y += 0.1 * rng.standard_normal(n)
    _check_lstsq_fit(learner, x, y, degree, f"{n} random noisy points")


@exercise("linalg.polyfit_lstsq")
def test_polyfit_lstsq_as_many_points_as_unknowns(learner, rng):
    # lstsq's third result is an empty array here: the residual must be computed.
    x = np.array([-1.0, 0.5, 1.0, 3.0])
    _check_lstsq_fit(learner, x, rng.standard_normal(4), 3,
                     "4 points with a cubic (it passes through all of them)")


# -- polyfit_qr ---------------------------------------------------------------------------

@exercise("linalg.polyfit_qr")
def test_polyfit_qr_line(learner):
    x = np.array([0.0, 1.0, 2.0, 3.0])
    expect_array(learner.polyfit_qr(x, 1.0 - 0.5 * x, 1), np.array([1.0, -0.5]),
                 shape=(2,), dtype_kind="f", rtol=1e-9, atol=1e-12,
                 what="the coefficients (ascending powers) for the exact line y = 1 - 0.5x")


@exercise("linalg.polyfit_qr")
def test_polyfit_qr_noisy_quadratic(learner, rng):
    n = int(rng.integers(10, 40))
    x = rng.uniform(-1.0, 1.0, n)
    y = 2.0 - x + 0.5 * x ** 2 + 0.05 * rng.standard_normal(n)
    expected, _ = _reference_fit(x, y, 2)
    expect_array(learner.polyfit_qr(x, y, 2), expected, shape=(3,), dtype_kind="f",
                 rtol=1e-8, atol=1e-10,
                 what=f"the coefficients of a quadratic fit to {n} random noisy points")


@exercise("linalg.polyfit_qr")
def test_polyfit_qr_high_degree(learner, rng):
    # Degree 10 on [0, 1]: the design matrix has condition number about 1e7, so the
    # normal equations (condition 1e14) lose ~30 times more than the tolerance below,
    # while QR (and any SVD-based least squares) stays well inside it.
    n = int(rng.integers(40, 80))
    x = np.sort(rng.uniform(0.0, 1.0, n))
    y = np.exp(x) * np.sin(3.0 * x + rng.uniform(0.0, 3.0)) + 1e-3 * rng.standard_normal(n)
    expected, _ = _reference_fit(x, y, 10)
    largest = float(np.max(np.abs(expected)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = learner.polyfit_qr(x, y, 10)
    expect_array(got, expected, shape=(11,), dtype_kind="f", rtol=1e-6, atol=1e-6 * largest,
                 what=f"the coefficients of a degree-10 fit to {n} points on [0, 1] (relative "
                      "1e-6 of the largest coefficient: the normal equations X.T @ X lose "
                      "too many digits here; QR does not)")
