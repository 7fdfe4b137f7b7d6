"""Sparse matrices: scipy.sparse and scipy.sparse.linalg.

Use the sparse ARRAY classes (coo_array, csr_array, csc_array, diags_array...). The older
*_matrix classes (csr_matrix, ...) are legacy: for them `*` is the matrix product, while
for sparse arrays, as for NumPy arrays, `*` multiplies element by element and `@` is the
matrix product.

Fill in each function, then run `course check sparse`.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def from_triplets(rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
                  shape: tuple[int, int], fmt: str) -> sparse.sparray:
    """Build a sparse array from coordinates: entry (rows[k], cols[k]) holds values[k].

    rows and cols are int arrays and values a float array, all of shape (nnz,); shape is
    (number of rows, number of columns), which may be larger than the coordinates need.
    Where a coordinate appears more than once, its values are added up. fmt is "csr" or
    "csc": return a scipy.sparse.csr_array or csc_array accordingly (not a *_matrix).

    >>> from_triplets(np.array([0, 1, 1]), np.array([2, 0, 0]), np.array([5.0, 1.0, 2.0]),
    ...               (2, 3), "csr").toarray()
    array([[0., 0., 5.],
           [3., 0., 0.]])
    """
    # TODO: build a sparse array in coordinate (COO) format from the triplets and the shape.
    # TODO: convert it to the format fmt names (the conversion adds up repeated entries).
    raise NotImplementedError


def tridiagonal(n: int, lower: float, main: float, upper: float) -> sparse.csr_array:
    """The n x n tridiagonal matrix as a scipy.sparse.csr_array of dtype float64.

    main fills the diagonal, lower the diagonal just below it (entries (i+1, i)) and upper
    the one just above it (entries (i, i+1)); everything else is zero. n may be far too
    large for a dense n x n array to fit in memory.

    >>> tridiagonal(3, -1.0, 2.0, -3.0).toarray()
    array([[ 2., -3.,  0.],
           [-1.,  2., -3.],
           [ 0., -1.,  2.]])
    """
    # TODO: build the matrix from its three diagonals with the sparse function for that,
    #       in CSR format and float64, without ever making a dense n x n array.
    raise NotImplementedError


def memory_report(matrix: sparse.sparray) -> dict[str, int | float]:
    """Compare the memory a sparse array needs in CSR format with a dense float64 copy.

    matrix is a 2-D sparse array in any format, possibly far too large to make dense; it
    has no duplicated coordinates. Returns a dict:
        "nnz":         the number of stored entries (int)
        "density":     nnz divided by the number of cells, rows * columns (float)
        "dense_bytes": the bytes a dense float64 array of its shape would take (int)
        "csr_bytes":   the bytes of the data, indices and indptr arrays of its CSR form
                       (int; the index arrays may hold 32- or 64-bit integers: ask them)

    >>> report = memory_report(sparse.eye_array(1000, format="csr"))
    >>> report["nnz"], report["density"], report["dense_bytes"]
    (1000, 0.001, 8000000)
    """
    # TODO: convert to CSR and read nnz and the shape from it (never make it dense).
    # TODO: compute the density and the size of a dense float64 copy from the shape.
    # TODO: add up the bytes of the three arrays CSR stores; return the dict.
    raise NotImplementedError


def sparse_products(A: sparse.csr_array, B: sparse.csr_array,
                    x: np.ndarray) -> tuple[sparse.sparray, sparse.sparray, np.ndarray]:
    """Three products of the n x n sparse arrays A and B and the vector x.

    Returns (matrix_product, elementwise_product, matvec):
        matrix_product:      the matrix product of A and B, a sparse array (not *_matrix)
        elementwise_product: A and B multiplied entry by entry, a sparse array
        matvec:              the matrix-vector product of A and x, a float ndarray of
                             shape (n,)

    >>> A = sparse.csr_array(np.array([[1.0, 2.0], [0.0, 3.0]]))
    >>> B = sparse.csr_array(np.array([[4.0, 0.0], [5.0, 6.0]]))
    >>> product, elementwise, matvec = sparse_products(A, B, np.array([1.0, 1.0]))
    >>> product.toarray(), elementwise.toarray(), matvec
    (array([[14., 12.],
           [15., 18.]]), array([[ 4.,  0.],
           [ 0., 18.]]), array([3., 3.]))
    """
    # TODO: compute the matrix product, the elementwise product and the matrix-vector
    #       product with the operators sparse arrays define (mind which is which).
    raise NotImplementedError


def lowest_eigenvalues(A: sparse.csr_array, k: int) -> np.ndarray:
    """The k smallest eigenvalues of the real symmetric sparse array A, in ascending order.

    A is n x n with k < n - 1. Returns a float ndarray of shape (k,), smallest first.

    >>> A = sparse.diags_array([1.0, 5.0, 2.0, 4.0, 3.0], format="csr")
    >>> lowest_eigenvalues(A, 2)
    array([1., 2.])
    """
    # TODO: use the sparse eigensolver for symmetric matrices, asking for the k smallest
    #       (algebraic) eigenvalues rather than its default, the largest in magnitude.
    # TODO: return them as a float array sorted from smallest to largest.
    raise NotImplementedError


def solve_poisson_2d(f: np.ndarray) -> np.ndarray:
    """Solve the Poisson equation -(u_xx + u_yy) = f on the unit square, u = 0 on its edge.

    f is a float array of shape (m, m): f[i, j] is the right-hand side at the grid point
    (x_i, y_j) = ((i + 1) h, (j + 1) h), with h = 1 / (m + 1) (the m x m interior points of
    the square). The five-point finite-difference equations are, for every i and j,

        (4 u[i, j] - u[i - 1, j] - u[i + 1, j] - u[i, j - 1] - u[i, j + 1]) / h**2 = f[i, j]

    where u is 0 outside 0 <= i, j < m. Returns u, a float ndarray of shape (m, m). m may
    be in the hundreds: a dense (m*m) x (m*m) matrix would not fit in memory.

    >>> solve_poisson_2d(np.array([[16.0]]))
    array([[1.]])
    """
    # TODO: build the 1-D second-difference matrix (sparse, tridiagonal) and the identity.
    # TODO: combine them with Kronecker products into the sparse 2-D matrix; scale by 1/h**2.
    # TODO: solve the sparse system for the flattened f and reshape the answer to (m, m).
    raise NotImplementedError
