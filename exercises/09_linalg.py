"""Linear algebra with scipy.linalg: measures, solvers, eigenvalues, factorisations, fits.

Fill in each function, then run `course check linalg`. Import what you need from scipy
(for instance `from scipy import linalg`) at the top of the file.
"""

from __future__ import annotations

import numpy as np


def matrix_measures(A: np.ndarray) -> dict[str, float]:
    """Return four numbers that describe the square matrix A, as Python floats in a dict.

    Keys:
    - "determinant": det(A).
    - "frobenius_norm": the square root of the sum of the squared entries.
    - "spectral_norm": the largest singular value of A (the matrix 2-norm), which is not
      the same as the Frobenius norm.
    - "spectral_radius": the largest absolute value of an eigenvalue of A. Eigenvalues of
      a real matrix may be complex, so take absolute values (moduli), not real parts.

    >>> measures = matrix_measures(np.array([[0.0, -2.0], [2.0, 0.0]]))
    >>> {key: round(value, 6) for key, value in measures.items()}
    {'determinant': 4.0, 'frobenius_norm': 2.828427, 'spectral_norm': 2.0, 'spectral_radius': 2.0}
    """
    # TODO: compute the determinant with the scipy.linalg function for it.
    # TODO: compute the two norms: the default matrix norm is the Frobenius norm; the
    #       spectral norm needs the `ord` argument.
    # TODO: compute the eigenvalues (they may be complex) and take the largest modulus.
    # TODO: return the four numbers as Python floats under the keys the docstring names.
    raise NotImplementedError


def solve_positive_definite(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve A @ x = b for a symmetric positive definite A; return x, floats of shape (n,).

    Tell the solver that A is positive definite, so that it uses a Cholesky factorisation
    (about twice as fast as the general solver). When A is symmetric but not positive
    definite, raise LinAlgError (the Cholesky factorisation fails: let its error through).
    Never compute inv(A) @ b: it is slower and less accurate than solving.

    >>> solve_positive_definite(np.array([[4.0, 2.0], [2.0, 3.0]]), np.array([2.0, 1.0]))
    array([0.5, 0. ])
    """
    # TODO: solve the system with scipy.linalg's solver, telling it (through the argument
    #       that describes the matrix) that A is positive definite.
    # TODO: do not catch the LinAlgError a matrix that is not positive definite raises.
    raise NotImplementedError


def symmetric_eigen(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (eigenvalues, eigenvectors) of the real symmetric matrix A.

    eigenvalues: float64 array of shape (n,), in ascending order (real, not complex).
    eigenvectors: float64 array of shape (n, n) whose column i is a unit-length
    eigenvector for eigenvalues[i] (A @ V[:, i] == eigenvalues[i] * V[:, i]).

    >>> w, V = symmetric_eigen(np.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> w
    array([1., 3.])
    """
    # TODO: use the eigen solver meant for symmetric (Hermitian) matrices: it returns real
    #       eigenvalues in ascending order, where the general solver returns complex ones.
    # TODO: return the eigenvalues and the matrix of eigenvectors (one per column).
    raise NotImplementedError


def lu_factors(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (P, L, U), the LU factorisation of the square matrix A with partial pivoting.

    All three are float64 arrays of shape (n, n) with A == P @ L @ U, where P is a
    permutation matrix (0.0 and 1.0 entries), L is lower triangular with ones on its
    diagonal, and U is upper triangular.

    >>> P, L, U = lu_factors(np.array([[0.0, 1.0], [2.0, 3.0]]))
    >>> P
    array([[0., 1.],
           [1., 0.]])
    """
    # TODO: factor A with scipy.linalg's LU function and return its three factors in order.
    raise NotImplementedError


def evolve_linear_system(A: np.ndarray, x0: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Return the solution of dx/dt = A @ x with x(0) = x0 at each of the given times.

    The solution is x(t) = expm(t * A) @ x0, with expm the matrix exponential (which is
    not the exponential of each entry). Returns a float64 array of shape (len(times), n):
    row i is x(times[i]).

    >>> evolve_linear_system(np.array([[-1.0, 0.0], [0.0, -2.0]]), np.array([1.0, 1.0]),
    ...                      np.array([0.0, 1.0]))
    array([[1.        , 1.        ],
           [0.36787944, 0.13533528]])
    """
    # TODO: for each time t, compute the matrix exponential of t * A (not np.exp of it).
    # TODO: multiply it with x0 and stack the results into one row per time.
    raise NotImplementedError


def low_rank_approximation(A: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Return (A_k, relative_error): the best rank-k approximation of A and how good it is.

    A_k is a float64 array of A's shape (m, n) built from the k largest singular values of
    A and their singular vectors (the truncated SVD). relative_error is a Python float:
    the Frobenius norm of A - A_k divided by the Frobenius norm of A. 1 <= k <= min(m, n).

    >>> low_rank_approximation(np.diag([3.0, 1.0]), 1)
    (array([[3., 0.],
           [0., 0.]]), 0.316...)
    """
    # TODO: compute the singular value decomposition of A (the economic size is enough).
    # TODO: rebuild A from the first k singular values and vectors only.
    # TODO: divide the Frobenius norm of the difference by the Frobenius norm of A.
    raise NotImplementedError


def polyfit_lstsq(x: np.ndarray, y: np.ndarray, degree: int) -> tuple[np.ndarray, float]:
    """Fit a polynomial of the given degree to the points (x, y) by least squares.

    Returns (coefficients, rss): coefficients is a float64 array of shape (degree + 1,) in
    ascending powers, c[0] + c[1] * x + ... + c[degree] * x**degree; rss is the residual
    sum of squares, sum((y - fitted)**2), as a Python float. When there are exactly
    degree + 1 points the fit passes through them and rss is (close to) 0.0.

    >>> coefficients, rss = polyfit_lstsq(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1)
    >>> np.round(coefficients, 6), round(rss, 12)
    (array([1., 2.]), 0.0)
    """
    # TODO: build the design matrix whose columns are x**0, x**1, ..., x**degree.
    # TODO: solve the least-squares problem with scipy.linalg's function for it.
    # TODO: compute the residual sum of squares yourself: the residue that function
    #       returns is empty when there are as many unknowns as points.
    raise NotImplementedError


def polyfit_qr(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Fit a polynomial of the given degree to (x, y) by least squares, through a QR step.

    Factor the design matrix (columns 1, x, x**2, ..., x**degree) as Q @ R with the
    economic QR, then solve the triangular system R @ c = Q.T @ y. This stays accurate
    for high degrees, where the "normal equations" (X.T @ X) c = X.T @ y lose about twice
    as many digits. Returns c as a float64 array of shape (degree + 1,), ascending powers.

    >>> polyfit_qr(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1)
    array([1., 2.])
    """
    # TODO: build the same design matrix as in polyfit_lstsq.
    # TODO: factor it with the economic QR decomposition.
    # TODO: solve the upper triangular system R @ c = Q.T @ y with the triangular solver
    #       (no inverse, no normal equations).
    raise NotImplementedError
