"""Suite for topic 12, sparse.

Some inputs are far too large to make dense in the learner's worker (2 GB of memory):
a solution that calls .toarray() on them, or builds the dense matrix first, runs out of
memory there. The suite itself never makes those dense either.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.fft
import scipy.linalg
import scipy.sparse

from checker import codec
from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_int,
    expect_sparse,
    expect_value,
)


def _expect_large_sparse(got, expected, *, fmt: str, what: str) -> None:
    """Like expect_sparse, without ever making either array dense."""
    __tracebackhide__ = True
    expect_value(scipy.sparse.issparse(got), True, what=f"{what} is a SciPy sparse array")
    expect_value(isinstance(got, scipy.sparse.spmatrix), False,
                 what=f"{what} is a legacy *_matrix (use the *_array classes)")
    expect_equal(got.format, fmt, what=f"the format of {what}")
    expect_value(tuple(got.shape), tuple(expected.shape), what=f"the shape of {what}")
    expect_equal(got.dtype.kind, "f", what=f"the dtype kind of {what}")
    difference = abs(got - expected)
    expect_float(float(difference.max()), 0.0, atol=1e-12,
                 what=f"the largest difference from the expected entries of {what}")


def _unique_triplets(rng: np.random.Generator, shape: tuple[int, int], count: int):
    flat = rng.choice(shape[0] * shape[1], size=count, replace=False)
    rows, cols = np.unravel_index(flat, shape)
    return rows.astype(np.int64), cols.astype(np.int64), rng.normal(0.0, 1.0, count)


# -- from_triplets -------------------------------------------------------------------------

@exercise("sparse.from_triplets")
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_from_triplets_example(learner, fmt):
    rows, cols = np.array([0, 1, 1]), np.array([2, 0, 0])
    values = np.array([5.0, 1.0, 2.0])
    got = learner.from_triplets(rows, cols, values, (2, 3), fmt)
    expect_sparse(got, [[0.0, 0.0, 5.0], [3.0, 0.0, 0.0]], formats=(fmt,),
                  what=f"from_triplets([0, 1, 1], [2, 0, 0], [5.0, 1.0, 2.0], (2, 3), {fmt!r}) "
                       "(entry (1, 0) appears twice: 1.0 + 2.0)")


@exercise("sparse.from_triplets")
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_from_triplets_random(learner, rng, fmt):
    # Taller than wide, with room left after the last coordinate, and repeated entries.
    shape = (int(rng.integers(30, 60)), int(rng.integers(10, 25)))
    count = int(rng.integers(20, 80))
    rows = rng.integers(0, shape[0] - 3, count)
    cols = rng.integers(0, shape[1] - 2, count)
    rows[-5:], cols[-5:] = rows[:5], cols[:5]
    values = rng.normal(0.0, 1.0, count)
    expected = np.zeros(shape)
    np.add.at(expected, (rows, cols), values)
    got = learner.from_triplets(rows, cols, values, shape, fmt)
    expect_sparse(got, expected, formats=(fmt,), rtol=1e-12, atol=1e-12,
                  what=f"from_triplets of {count} random entries (5 coordinates repeated) "
                       f"into shape {shape}, format {fmt!r}")


# -- tridiagonal ---------------------------------------------------------------------------

@exercise("sparse.tridiagonal")
@pytest.mark.parametrize("n", [1, 2, 6])
def test_tridiagonal_small(learner, rng, n):
    lower, main, upper = (float(v) for v in rng.choice(np.arange(-9, 10), 3, replace=False))
    expected = (np.diag(np.full(n - 1, lower), -1) + np.diag(np.full(n, main))
                + np.diag(np.full(n - 1, upper), 1))
    got = learner.tridiagonal(n, lower, main, upper)
    expect_sparse(got, expected, formats=("csr",), rtol=0.0,
                  what=f"tridiagonal({n}, lower={lower}, main={main}, upper={upper})")
    expect_equal(str(got.dtype), "float64", what=f"the dtype of tridiagonal({n}, ...)")


@exercise("sparse.tridiagonal")
def test_tridiagonal_whole_number_arguments(learner, rng):
    # 1, -2, 1 are floats to the type hints too, and the result must still be float64:
    # diags_array makes its dtype from the values unless told otherwise.
    n = int(rng.integers(3, 9))
    expected = (np.diag(np.ones(n - 1), -1) - 2.0 * np.eye(n) + np.diag(np.ones(n - 1), 1))
    got = learner.tridiagonal(n, 1, -2, 1)
    expect_sparse(got, expected, formats=("csr",), rtol=0.0,
                  what=f"tridiagonal({n}, 1, -2, 1) (whole numbers)")
    expect_equal(str(got.dtype), "float64",
                 what=f"the dtype of tridiagonal({n}, 1, -2, 1) (float64 whatever the "
                      "arguments' type)")


@exercise("sparse.tridiagonal")
def test_tridiagonal_too_big_for_dense(learner, rng):
    n = 20_000  # dense: 3.2 GB, over a worker's 2 GiB
    lower, main, upper = (round(float(v), 3) for v in rng.uniform(-5.0, 5.0, 3))
    expected = scipy.sparse.diags_array([lower, main, upper], offsets=[-1, 0, 1], shape=(n, n),
                                        format="csr", dtype=np.float64)
    got = learner.tridiagonal(n, lower, main, upper)
    _expect_large_sparse(got, expected, fmt="csr",
                         what=f"tridiagonal({n}, {lower}, {main}, {upper}) "
                              "(3.2 GB if dense)")
    expect_int(got.nnz, 3 * n - 2, what=f"the nnz of tridiagonal({n}, ...)")


# -- memory_report -------------------------------------------------------------------------

def _expected_report(matrix) -> dict:
    # The learner receives the array rebuilt from its parts: report on that same array.
    csr = codec.loads(codec.dumps(matrix)).tocsr()
    rows, columns = csr.shape
    return {"nnz": int(csr.nnz), "density": csr.nnz / (rows * columns),
            "dense_bytes": rows * columns * 8,
            "csr_bytes": int(csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes)}


def _check_report(learner, matrix, label: str) -> None:
    got = learner.memory_report(matrix)
    expected = _expected_report(matrix)
    expect_equal(type(got).__name__, "dict", what=f"the type memory_report returns for {label}")
    expect_value(sorted(got), sorted(expected), what=f"the keys of memory_report for {label}")
    for key in ("nnz", "dense_bytes", "csr_bytes"):
        expect_int(got[key], expected[key], what=f"{key!r} for {label}")
    expect_float(got["density"], expected["density"], rtol=1e-12,
                 what=f"'density' for {label}")


@exercise("sparse.memory_report")
def test_memory_report_identity(learner):
    _check_report(learner, scipy.sparse.eye_array(1000, format="csr"),
                  "a 1000 x 1000 identity in CSR")


@exercise("sparse.memory_report")
def test_memory_report_random_coo(learner, rng):
    shape = (int(rng.integers(100, 300)), int(rng.integers(300, 600)))
    rows, cols, values = _unique_triplets(rng, shape, int(rng.integers(50, 500)))
    matrix = scipy.sparse.coo_array((values, (rows, cols)), shape=shape)
    _check_report(learner, matrix, f"a random {shape[0]} x {shape[1]} COO array "
                                   f"with {values.size} entries")


@exercise("sparse.memory_report")
@pytest.mark.parametrize("dtype", ["float32", "uint8"])
def test_memory_report_values_not_float64(learner, rng, dtype):
    # The dense copy asked for is float64 whatever the array stores: 8 bytes a cell, not
    # the item size of the array's own values (which do count in csr_bytes).
    shape = (int(rng.integers(50, 150)), int(rng.integers(150, 300)))
    rows, cols, values = _unique_triplets(rng, shape, int(rng.integers(30, 200)))
    values = (1.0 + 100.0 * np.abs(values)).astype(dtype)
    matrix = scipy.sparse.csr_array((values, (rows, cols)), shape=shape)
    _check_report(learner, matrix, f"a random {shape[0]} x {shape[1]} CSR array of {dtype} "
                                   f"values (dense_bytes: a float64 copy, 8 bytes a cell)")


@exercise("sparse.memory_report")
def test_memory_report_too_big_for_dense(learner, rng):
    shape = (200_000, 300_000)  # dense: 480 GB
    rows, cols, values = _unique_triplets(rng, shape, 20_000)
    matrix = scipy.sparse.csr_array((values, (rows, cols)), shape=shape)
    _check_report(learner, matrix, "a 200000 x 300000 CSR array with 20000 entries "
                                   "(480 GB if dense)")


# -- sparse_products -----------------------------------------------------------------------

@exercise("sparse.sparse_products")
@pytest.mark.parametrize("n", [2, 7, 40])
def test_sparse_products(learner, rng, n):
    A = scipy.sparse.random_array((n, n), density=0.3, format="csr", rng=rng)
    B = scipy.sparse.random_array((n, n), density=0.3, format="csr", rng=rng)
    A = A + scipy.sparse.eye_array(n, format="csr")  # never all zero, even for n = 2
    B = B + scipy.sparse.diags_array(np.arange(1.0, n + 1.0), format="csr")
    x = rng.normal(0.0, 1.0, n)
    got = learner.sparse_products(A, B, x)
    label = f"random {n} x {n} sparse A and B"
    expect_equal(type(got).__name__, "tuple", what=f"the type sparse_products returns for {label}")
    expect_value(len(got), 3, what=f"the number of items sparse_products returns for {label}")
    product, elementwise, matvec = got
    dense_a, dense_b = A.toarray(), B.toarray()
    expect_sparse(product, dense_a @ dense_b, rtol=1e-10, atol=1e-12,
                  what=f"the matrix product (A @ B) for {label}")
    expect_sparse(elementwise, dense_a * dense_b, rtol=1e-10, atol=1e-12,
                  what=f"the elementwise product for {label} (`*` on sparse arrays)")
    expect_array(matvec, dense_a @ x, shape=(n,), dtype_kind="f", rtol=1e-10, atol=1e-12,
                 what=f"A @ x for {label}")


# -- lowest_eigenvalues --------------------------------------------------------------------

def _check_eigenvalues(learner, matrix, k: int, label: str,
                       expected: np.ndarray | None = None) -> None:
    if expected is None:
        expected = scipy.linalg.eigvalsh(matrix.toarray(), subset_by_index=[0, k - 1])
    scale = float(abs(matrix).max())
    got = learner.lowest_eigenvalues(matrix, k)
    expect_array(got, expected, shape=(k,), dtype_kind="f", rtol=1e-7, atol=1e-8 * scale,
                 what=f"the {k} smallest eigenvalues of {label}, smallest first"
                      f"{_nearest_zero_advice(got, expected)}")


def _nearest_zero_advice(got, expected: np.ndarray) -> str:
    """Advice for values nearer zero than every one wanted, where those are negative: the
    eigenvalues of smallest magnitude (which="SM"; ARPACK's answer to it may be rough),
    not the smallest. Only then, since other mistakes need other words."""
    if (isinstance(got, np.ndarray) and got.shape == expected.shape and got.size
            and got.dtype.kind == "f" and expected[0] < 0
            and np.abs(got).max() < np.abs(expected).min()):
        return (" (these are eigenvalues near zero, as which='SM' finds; the smallest are the "
                "most negative: which='SA')")
    return ""


@exercise("sparse.lowest_eigenvalues")
def test_lowest_eigenvalues_example(learner):
    matrix = scipy.sparse.diags_array([1.0, 5.0, 2.0, 4.0, 3.0], format="csr")
    _check_eigenvalues(learner, matrix, 2, "diag(1, 5, 2, 4, 3)")


@exercise("sparse.lowest_eigenvalues")
def test_lowest_eigenvalues_chain(learner, rng):
    n, k = int(rng.integers(150, 250)), int(rng.integers(1, 5))
    chain = scipy.sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(n, n),
                                     format="csr")
    expected = scipy.linalg.eigvalsh_tridiagonal(np.full(n, 2.0), np.full(n - 1, -1.0),
                                                 select="i", select_range=(0, k - 1))
    _check_eigenvalues(learner, chain, k, f"the {n} x {n} second-difference matrix", expected)


@exercise("sparse.lowest_eigenvalues")
def test_lowest_eigenvalues_indefinite(learner, rng):
    # Negative eigenvalues: "smallest" means the most negative, not the nearest to zero.
    n, k = int(rng.integers(200, 400)), int(rng.integers(2, 6))
    random = scipy.sparse.random_array((n, n), density=5.0 / n, rng=rng)
    symmetric = (random + random.T + scipy.sparse.diags_array(rng.uniform(-3.0, 3.0, n))).tocsr()
    _check_eigenvalues(learner, symmetric, k,
                       f"a random symmetric {n} x {n} sparse array with negative eigenvalues")


# -- solve_poisson_2d ----------------------------------------------------------------------

def _poisson_small_dense(f: np.ndarray) -> np.ndarray:
    """The five-point equations written out one by one (only for small m)."""
    m = f.shape[0]
    h = 1.0 / (m + 1)
    system = np.zeros((m * m, m * m))
    for i in range(m):
        for j in range(m):
            row = i * m + j
            system[row, row] = 4.0 / h ** 2
            for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                if 0 <= i + di < m and 0 <= j + dj < m:
                    system[row, (i + di) * m + j + dj] = -1.0 / h ** 2
    return scipy.linalg.solve(system, f.ravel()).reshape(m, m)


def _poisson_by_sine_transform(f: np.ndarray) -> np.ndarray:
    """The same equations solved another way: the type-I sine transform diagonalises the
    five-point Laplacian with zero boundary values, so the solve is a division (O(m^2 log m)
    instead of a sparse factorisation)."""
    m = f.shape[0]
    wave = (2.0 - 2.0 * np.cos(np.pi * np.arange(1, m + 1) / (m + 1))) * (m + 1) ** 2
    return scipy.fft.idstn(scipy.fft.dstn(f, type=1) / (wave[:, None] + wave[None, :]),
                           type=1)


@exercise("sparse.solve_poisson_2d")
@pytest.mark.parametrize("m", [1, 2, 5])
def test_solve_poisson_small(learner, rng, m):
    # A right-hand side that is not symmetric in i and j catches transposed grids.
    f = rng.uniform(-10.0, 10.0, (m, m)) + np.arange(m)[:, None] * 7.0
    expected = _poisson_small_dense(f)
    expect_array(learner.solve_poisson_2d(f), expected, shape=(m, m), dtype_kind="f",
                 rtol=1e-8, atol=1e-10 * np.abs(expected).max(),
                 what=f"solve_poisson_2d for a random {m} x {m} f")


@exercise("sparse.solve_poisson_2d")
def test_solve_poisson_smooth(learner):
    # f = 2 pi^2 sin(pi x) sin(pi y) has the solution sin(pi x) sin(pi y), which the
    # discrete one approaches (to about h^2).
    m = 120
    grid = np.arange(1, m + 1) / (m + 1)
    exact = np.outer(np.sin(np.pi * grid), np.sin(np.pi * grid))
    f = 2 * np.pi ** 2 * exact
    got = learner.solve_poisson_2d(f)
    expect_array(got, _poisson_by_sine_transform(f), shape=(m, m), dtype_kind="f", rtol=1e-7,
                 atol=1e-7, what=f"solve_poisson_2d for f = 2 pi^2 sin(pi x) sin(pi y) on a "
                                 f"{m} x {m} grid (u close to sin(pi x) sin(pi y))")


@exercise("sparse.solve_poisson_2d")
def test_solve_poisson_too_big_for_dense(learner, rng):
    m = 140  # 19600 unknowns: the dense matrix would take 3.1 GB, over a worker's 2 GiB
    f = rng.uniform(-1.0, 1.0, (m, m)) + np.linspace(0.0, 3.0, m)[:, None]
    expected = _poisson_by_sine_transform(f)
    expect_array(learner.solve_poisson_2d(f), expected, shape=(m, m), dtype_kind="f",
                 rtol=1e-7, atol=1e-7 * np.abs(expected).max(),
                 what=f"solve_poisson_2d for a random {m} x {m} f ({m * m} unknowns; a dense "
                      "matrix would take 3.1 GB)")
