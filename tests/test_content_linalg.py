"""Wrong solutions for linalg lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "radius_from_real_parts": ("linalg.matrix_measures", """
        def matrix_measures(A):
            return {"determinant": float(linalg.det(A)),
                    "frobenius_norm": float(linalg.norm(A)),
                    "spectral_norm": float(linalg.norm(A, 2)),
                    "spectral_radius": float(np.max(linalg.eigvals(A).real))}
    """),
    "spectral_norm_is_default_norm": ("linalg.matrix_measures", """
        def matrix_measures(A):
            return {"determinant": float(linalg.det(A)),
                    "frobenius_norm": float(linalg.norm(A)),
                    "spectral_norm": float(linalg.norm(A)),
                    "spectral_radius": float(np.max(np.abs(linalg.eigvals(A))))}
    """),
    "radius_from_eigvalsh_max": ("linalg.matrix_measures", """
        def matrix_measures(A):
            return {"determinant": float(linalg.det(A)),
                    "frobenius_norm": float(linalg.norm(A)),
                    "spectral_norm": float(linalg.norm(A, 2)),
                    "spectral_radius": float(np.max(linalg.eigvalsh(A)))}
    """),
    "general_solver_never_complains": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.solve(A, b)
    """),
    "inverse_times_b": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.inv(A) @ b
    """),
    "general_eig_is_complex": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            return tuple(linalg.eig(A))
    """),
    "eig_real_parts_unsorted": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = linalg.eig(A)
            return w.real, V.real
    """),
    "sorted_values_unsorted_vectors": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = linalg.eig(A)
            return np.sort(w.real), V.real
    """),
    "eigenvectors_in_rows": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = linalg.eigh(A)
            return w, V.T
    """),
    "permutation_transposed": ("linalg.lu_factors", """
        def lu_factors(A):
            P, L, U = linalg.lu(A)
            return P.T, L, U
    """),
    "permute_l_and_identity": ("linalg.lu_factors", """
        def lu_factors(A):
            PL, U = linalg.lu(A, permute_l=True)
            return np.eye(len(A)), PL, U
    """),
    "no_pivoting": ("linalg.lu_factors", """
        def lu_factors(A):
            n = len(A)
            L, U = np.eye(n), np.array(A, dtype=float)
            for j in range(n - 1):
                for i in range(j + 1, n):
                    L[i, j] = U[i, j] / U[j, j]
                    U[i] -= L[i, j] * U[j]
            return np.eye(n), L, U
    """),
    "entrywise_exponential": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            return np.array([np.exp(t * A) @ x0 for t in times])
    """),
    "exponential_times_t": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            return np.array([t * linalg.expm(A) @ x0 for t in times])
    """),
    "times_in_columns": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            return np.array([linalg.expm(t * A) @ x0 for t in times]).T
    """),
    "one_term_too_many": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = linalg.svd(A, full_matrices=False)
            approximation = (U[:, :k + 1] * s[:k + 1]) @ Vt[:k + 1]
            return approximation, float(linalg.norm(A - approximation) / linalg.norm(A))
    """),
    "error_in_spectral_norm": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = linalg.svd(A, full_matrices=False)
            approximation = (U[:, :k] * s[:k]) @ Vt[:k]
            return approximation, float(linalg.norm(A - approximation, 2) / linalg.norm(A, 2))
    """),
    "columns_of_vt": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = linalg.svd(A, full_matrices=False)
            approximation = (U[:, :k] * s[:k]) @ Vt[:, :k].T
            return approximation, float(linalg.norm(A - approximation) / linalg.norm(A))
    """),
    "descending_powers": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            coefficients = np.polyfit(x, y, degree)
            rss = float(np.sum((y - np.polyval(coefficients, x)) ** 2))
            return coefficients, rss
    """),
    "trusts_lstsq_residue": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            design = np.vander(x, degree + 1, increasing=True)
            coefficients, residue, _, _ = linalg.lstsq(design, y)
            return coefficients, float(residue)
    """),
    "residual_norm_not_squared": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            design = np.vander(x, degree + 1, increasing=True)
            coefficients = linalg.lstsq(design, y)[0]
            return coefficients, float(linalg.norm(y - design @ coefficients))
    """),
    "degree_off_by_one": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            design = np.vander(x, degree, increasing=True)
            coefficients = linalg.lstsq(design, y)[0]
            return coefficients, float(np.sum((y - design @ coefficients) ** 2))
    """),
    "normal_equations": ("linalg.polyfit_qr", """
        def polyfit_qr(x, y, degree):
            X = np.vander(x, degree + 1, increasing=True)
            return linalg.solve(X.T @ X, X.T @ y)
    """),
    "normal_equations_inverse": ("linalg.polyfit_qr", """
        def polyfit_qr(x, y, degree):
            X = np.vander(x, degree + 1, increasing=True)
            return linalg.inv(X.T @ X) @ X.T @ y
    """),
    "qr_descending_powers": ("linalg.polyfit_qr", """
        def polyfit_qr(x, y, degree):
            Q, R = linalg.qr(np.vander(x, degree + 1), mode="economic")
            return linalg.solve_triangular(R, Q.T @ y)
    """),
    "determinant_from_singular_values": ("linalg.matrix_measures", """
        def matrix_measures(A):
            singular_values = linalg.svd(A, compute_uv=False)
            return {"determinant": float(np.prod(singular_values)),
                    "frobenius_norm": float(linalg.norm(A)),
                    "spectral_norm": float(singular_values[0]),
                    "spectral_radius": float(np.max(np.abs(linalg.eigvals(A))))}
    """),
    "spectral_norm_is_the_radius": ("linalg.matrix_measures", """
        def matrix_measures(A):
            radius = float(np.max(np.abs(linalg.eigvals(A))))
            return {"determinant": float(linalg.det(A)),
                    "frobenius_norm": float(linalg.norm(A)),
                    "spectral_norm": radius, "spectral_radius": radius}
    """),
    "cholesky_factor_called_lower": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.cho_solve((linalg.cholesky(A), True), b)
    """),
    "symmetric_indefinite_solver": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.solve(A, b, assume_a="sym")
    """),
    "eigh_in_descending_order": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = linalg.eigh(A)
            return w[::-1], V[:, ::-1]
    """),
    "svd_taken_for_eigendecomposition": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            U, s, _ = linalg.svd(A)
            return s[::-1], U[:, ::-1]
    """),
    "expm_raised_entrywise_to_t": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            return np.array([(linalg.expm(A) ** t) @ x0 for t in times])
    """),
    "row_vector_times_expm": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            return np.array([x0 @ linalg.expm(t * A) for t in times])
    """),
    "ode_solver_default_tolerance": ("linalg.evolve_linear_system", """
        from scipy.integrate import solve_ivp
        def evolve_linear_system(A, x0, times):
            solution = solve_ivp(lambda t, x: A @ x, (0.0, max(times)), x0, t_eval=times)
            return solution.y.T
    """),
    "relative_error_squared": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = linalg.svd(A, full_matrices=False)
            approximation = (U[:, :k] * s[:k]) @ Vt[:k]
            return approximation, float(np.sum(s[k:] ** 2) / np.sum(s ** 2))
    """),
    "svds_cannot_keep_every_value": ("linalg.low_rank_approximation", """
        from scipy.sparse.linalg import svds
        def low_rank_approximation(A, k):
            U, s, Vt = svds(A, k=k)
            approximation = (U * s) @ Vt
            return approximation, float(linalg.norm(A - approximation) / linalg.norm(A))
    """),
    "mean_squared_residual": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            design = np.vander(x, degree + 1, increasing=True)
            coefficients = linalg.lstsq(design, y)[0]
            return coefficients, float(np.mean((y - design @ coefficients) ** 2))
    """),
    "polynomial_fit_in_scaled_domain": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            fit = np.polynomial.Polynomial.fit(x, y, degree)
            return fit.coef, float(np.sum((y - fit(x)) ** 2))
    """),
    "triangular_solve_reads_lower_half": ("linalg.polyfit_qr", """
        def polyfit_qr(x, y, degree):
            Q, R = linalg.qr(np.vander(x, degree + 1, increasing=True), mode="economic")
            return linalg.solve_triangular(R, Q.T @ y, lower=True)
    """),
    "relative_error_over_the_approximation": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = linalg.svd(A, full_matrices=False)
            approximation = (U[:, :k] * s[:k]) @ Vt[:k]
            # Relative to A, not to A_k.
            return approximation, float(linalg.norm(A - approximation)
                                        / linalg.norm(approximation))
    """),
}

ALTERNATIVES = {
    "numpy_measures": ("linalg.matrix_measures", """
        def matrix_measures(A):
            singular_values = np.linalg.svd(A, compute_uv=False)
            return {"determinant": float(np.linalg.det(A)),
                    "frobenius_norm": float(np.sqrt(np.sum(A ** 2))),
                    "spectral_norm": float(singular_values[0]),
                    "spectral_radius": float(max(abs(v) for v in np.linalg.eigvals(A)))}
    """),
    "cholesky_by_hand": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.cho_solve(linalg.cho_factor(A), b)
    """),
    "numpy_eigh": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = np.linalg.eigh(A)
            return w, V
    """),
    "eig_sorted_with_vectors": ("linalg.symmetric_eigen", """
        def symmetric_eigen(A):
            w, V = linalg.eig(A)
            order = np.argsort(w.real)
            V = V.real[:, order]
            return w.real[order], V / np.linalg.norm(V, axis=0)
    """),
    "lu_from_p_indices": ("linalg.lu_factors", """
        def lu_factors(A):
            rows, L, U = linalg.lu(A, p_indices=True)
            P = np.zeros((len(A), len(A)))
            P[np.arange(len(A)), rows] = 1.0
            return P, L, U
    """),
    "eigendecomposition": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            w, V = np.linalg.eig(A)
            coefficients = np.linalg.solve(V, x0)
            return np.array([(V @ (np.exp(w * t) * coefficients)).real for t in times])
    """),
    "numpy_svd_loop": ("linalg.low_rank_approximation", """
        def low_rank_approximation(A, k):
            U, s, Vt = np.linalg.svd(A)
            approximation = np.zeros(A.shape)
            for i in range(k):
                approximation += s[i] * np.outer(U[:, i], Vt[i])
            return approximation, float(np.sqrt(np.sum(s[k:] ** 2) / np.sum(s ** 2)))
    """),
    "numpy_polynomial": ("linalg.polyfit_lstsq", """
        def polyfit_lstsq(x, y, degree):
            coefficients = np.polynomial.polynomial.polyfit(x, y, degree)
            fitted = np.polynomial.polynomial.polyval(x, coefficients)
            return coefficients, float(((y - fitted) ** 2).sum())
    """),
    "numpy_qr_back_substitution": ("linalg.polyfit_qr", """
        def polyfit_qr(x, y, degree):
            X = np.column_stack([x ** p for p in range(degree + 1)])
            Q, R = np.linalg.qr(X)
            rhs = Q.T @ y
            c = np.zeros(degree + 1)
            for i in range(degree, -1, -1):
                c[i] = (rhs[i] - R[i, i + 1:] @ c[i + 1:]) / R[i, i]
            return c
    """),
    "expm_of_a_stack": ("linalg.evolve_linear_system", """
        def evolve_linear_system(A, x0, times):
            # expm takes a stack of matrices: one exponential per time at once.
            return linalg.expm(np.asarray(times)[:, None, None] * A) @ x0
    """),
    "cho_factor_and_cho_solve": ("linalg.solve_positive_definite", """
        def solve_positive_definite(A, b):
            return linalg.cho_solve(linalg.cho_factor(A), b)
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
