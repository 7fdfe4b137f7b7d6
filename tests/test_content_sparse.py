"""Wrong solutions for sparse lose points; different correct ones pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    "legacy_csr_matrix": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            return sparse.coo_matrix((values, (rows, cols)), shape=shape).asformat(fmt)
    """),
    "dense_assignment_drops_repeats": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            dense = np.zeros(shape)
            dense[rows, cols] = values
            return sparse.csr_array(dense).asformat(fmt)
    """),
    "shape_left_to_guess": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            return sparse.coo_array((values, (rows, cols))).asformat(fmt)
    """),
    "always_csr": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            return sparse.coo_array((values, (rows, cols)), shape=shape).tocsr()
    """),
    "dense_first": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            dense = (np.diag(np.full(n - 1, lower), -1) + np.diag(np.full(n, main))
                     + np.diag(np.full(n - 1, upper), 1))
            return sparse.csr_array(dense)
    """),
    "lower_and_upper_swapped": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            return sparse.diags_array([upper, main, lower], offsets=[-1, 0, 1], shape=(n, n),
                                      format="csr", dtype=np.float64)
    """),
    "legacy_diags": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            return sparse.diags([lower, main, upper], [-1, 0, 1], shape=(n, n), format="csr",
                                dtype=np.float64)
    """),
    "dia_format_kept": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            return sparse.diags_array([lower, main, upper], offsets=[-1, 0, 1], shape=(n, n),
                                      dtype=np.float64)
    """),
    "made_dense_to_measure": ("sparse.memory_report", """
        def memory_report(matrix):
            dense = matrix.toarray()
            csr = matrix.tocsr()
            return {"nnz": int(np.count_nonzero(dense)), "density": csr.nnz / dense.size,
                    "dense_bytes": dense.nbytes,
                    "csr_bytes": csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes}
    """),
    "density_per_row": ("sparse.memory_report", """
        _right_report = memory_report
        def memory_report(matrix):
            report = _right_report(matrix)
            report["density"] = report["nnz"] / matrix.shape[0]
            return report
    """),
    "only_the_values_counted": ("sparse.memory_report", """
        _right_report = memory_report
        def memory_report(matrix):
            report = _right_report(matrix)
            report["csr_bytes"] = int(matrix.tocsr().data.nbytes)
            return report
    """),
    "star_taken_for_matrix_product": ("sparse.sparse_products", """
        def sparse_products(A, B, x):
            return A * B, A.multiply(B), A @ x
    """),
    "legacy_matrices": ("sparse.sparse_products", """
        def sparse_products(A, B, x):
            a, b = sparse.csr_matrix(A), sparse.csr_matrix(B)
            return a * b, a.multiply(b), a @ x
    """),
    "dense_results": ("sparse.sparse_products", """
        def sparse_products(A, B, x):
            return (A @ B).toarray(), (A * B).toarray(), A @ x
    """),
    "default_which_is_largest": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            return np.sort(sparse_linalg.eigsh(A, k=k, return_eigenvectors=False))
    """),
    "smallest_magnitude": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            values = sparse_linalg.eigsh(A, k=k, which="SM", return_eigenvectors=False)
            return np.sort(values)
    """),
    "shift_invert_at_zero": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            values = sparse_linalg.eigsh(A.tocsc(), k=k, sigma=0, return_eigenvectors=False)
            return np.sort(values)
    """),
    "largest_first": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            values = sparse_linalg.eigsh(A, k=k, which="SA", return_eigenvectors=False)
            return np.sort(values)[::-1]
    """),
    "h_is_one_over_m": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            T = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(m, m))
            I = sparse.eye_array(m)
            A = (sparse.kron(T, I) + sparse.kron(I, T)) * m ** 2
            return sparse_linalg.spsolve(A.tocsc(), f.ravel()).reshape(m, m)
    """),
    "dense_solve": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            T = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(m, m))
            I = sparse.eye_array(m)
            A = (sparse.kron(T, I) + sparse.kron(I, T)) * (m + 1) ** 2
            return np.linalg.solve(A.toarray(), f.ravel()).reshape(m, m)
    """),
    "transposed_grid": ("sparse.solve_poisson_2d", """
        _right_poisson = solve_poisson_2d
        def solve_poisson_2d(f):
            return _right_poisson(f).T
    """),
    "h_squared_forgotten": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            T = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(m, m))
            I = sparse.eye_array(m)
            A = sparse.kron(T, I) + sparse.kron(I, T)
            return sparse_linalg.spsolve(A.tocsc(), f.ravel()).reshape(m, m)
    """),
    "dense_bytes_from_the_stored_dtype": ("sparse.memory_report", """
        def memory_report(matrix):
            csr = matrix.tocsr()
            rows, columns = csr.shape
            return {"nnz": int(csr.nnz), "density": csr.nnz / (rows * columns),
                    "dense_bytes": rows * columns * csr.dtype.itemsize,
                    "csr_bytes": int(csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes)}
    """),
    "index_arrays_assumed_32_bit": ("sparse.memory_report", """
        def memory_report(matrix):
            csr = matrix.tocsr()
            rows, columns = csr.shape
            return {"nnz": int(csr.nnz), "density": csr.nnz / (rows * columns),
                    "dense_bytes": rows * columns * 8,
                    "csr_bytes": csr.nnz * (8 + 4) + (rows + 1) * 4}
    """),
    "density_by_integer_division": ("sparse.memory_report", """
        def memory_report(matrix):
            csr = matrix.tocsr()
            rows, columns = csr.shape
            return {"nnz": int(csr.nnz), "density": float(csr.nnz // (rows * columns)),
                    "dense_bytes": rows * columns * 8,
                    "csr_bytes": int(csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes)}
    """),
    "matvec_as_a_column": ("sparse.sparse_products", """
        def sparse_products(A, B, x):
            return A @ B, A.multiply(B), A @ x.reshape(-1, 1)
    """),
    "legacy_constructor_for_csc": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            if fmt == "csr":
                return sparse.csr_array((values, (rows, cols)), shape=shape)
            return sparse.csc_matrix((values, (rows, cols)), shape=shape)
    """),
    "negated_largest_left_unsorted": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            return -sparse_linalg.eigsh(-A, k=k, which="LA", return_eigenvectors=False)
    """),
    "sum_of_shifted_identities_kept_dia": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            return (lower * sparse.eye_array(n, k=-1) + main * sparse.eye_array(n)
                    + upper * sparse.eye_array(n, k=1))
    """),
    "poisson_sign_flipped": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            h = 1.0 / (m + 1)
            T = sparse.diags_array([1.0, -2.0, 1.0], offsets=[-1, 0, 1], shape=(m, m))
            I = sparse.eye_array(m)
            A = ((sparse.kron(T, I) + sparse.kron(I, T)) / h ** 2).tocsc()
            return sparse_linalg.spsolve(A, f.ravel()).reshape(m, m)
    """),
    "five_diagonals_wrapping_rows": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            h = 1.0 / (m + 1)
            # The +-1 diagonals also link the last point of a grid row to the first of the next.
            A = sparse.diags_array([-1.0, -1.0, 4.0, -1.0, -1.0], offsets=[-m, -1, 0, 1, m],
                                   shape=(m * m, m * m), format="csc") / h ** 2
            return sparse_linalg.spsolve(A, f.ravel()).reshape(m, m)
    """),
    "tridiagonal_dtype_from_the_arguments": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            # A band of whole numbers is int64, and so is the array built from it.
            band = np.array([[lower] * n, [main] * n, [upper] * n])
            return sparse.dia_array((band, [-1, 0, 1]), shape=(n, n)).tocsr()
    """),
    "general_eigs_left_complex": ("sparse.lowest_eigenvalues", """
        def lowest_eigenvalues(A, k):
            # The general solver returns complex numbers even for a symmetric matrix.
            return np.sort(sparse_linalg.eigs(A, k=k, which="SR", return_eigenvectors=False))
    """),
}

ALTERNATIVES = {
    "dictionary_of_keys": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            table = sparse.dok_array(shape, dtype=np.float64)
            for row, col, value in zip(rows, cols, values):
                table[row, col] += value
            return table.tocsr() if fmt == "csr" else table.tocsc()
    """),
    "coordinates_of_three_diagonals": ("sparse.tridiagonal", """
        def tridiagonal(n, lower, main, upper):
            index = np.arange(n)
            rows = np.concatenate([index[1:], index, index[:-1]])
            cols = np.concatenate([index[:-1], index, index[1:]])
            values = np.concatenate([np.full(n - 1, lower), np.full(n, main),
                                     np.full(n - 1, upper)])
            return sparse.csr_array((values.astype(float), (rows, cols)), shape=(n, n))
    """),
    "sizes_from_item_sizes": ("sparse.memory_report", """
        def memory_report(matrix):
            csr = sparse.csr_array(matrix)
            rows, columns = matrix.shape
            return {"nnz": matrix.nnz, "density": matrix.nnz / np.prod(matrix.shape),
                    "dense_bytes": np.prod(matrix.shape, dtype=np.int64) * 8,
                    "csr_bytes": csr.nnz * (csr.data.itemsize + csr.indices.itemsize)
                                 + (rows + 1) * csr.indptr.itemsize}
    """),
    "methods_instead_of_operators": ("sparse.sparse_products", """
        def sparse_products(A, B, x):
            return A.dot(B).tocoo(), A.multiply(B).tocsc(), A.dot(x)
    """),
    "dense_eigvalsh_subset": ("sparse.lowest_eigenvalues", """
        from scipy import linalg as dense_linalg
        def lowest_eigenvalues(A, k):
            return dense_linalg.eigvalsh(A.toarray(), subset_by_index=[0, k - 1])
    """),
    "conjugate_gradients": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            h = 1.0 / (m + 1)
            T = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(m, m))
            I = sparse.eye_array(m)
            A = ((sparse.kron(I, T) + sparse.kron(T, I)) / h ** 2).tocsr()
            u, info = sparse_linalg.cg(A, f.ravel(), rtol=1e-13, maxiter=20000)
            assert info == 0
            return u.reshape(m, m)
    """),
    "array_constructor_from_triplets": ("sparse.from_triplets", """
        def from_triplets(rows, cols, values, shape, fmt):
            kind = sparse.csr_array if fmt == "csr" else sparse.csc_array
            return kind((values, (rows, cols)), shape=shape)
    """),
    "right_hand_side_scaled_by_h_squared": ("sparse.solve_poisson_2d", """
        def solve_poisson_2d(f):
            m = f.shape[0]
            h = 1.0 / (m + 1)
            second = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(m, m))
            identity = sparse.eye_array(m)
            laplacian = (sparse.kron(second, identity) + sparse.kron(identity, second)).tocsc()
            return sparse_linalg.splu(laplacian).solve(h ** 2 * f.ravel()).reshape(m, m)
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)

test_wrong_solution_hears_the_advice_that_fits = advice_test(
    WRONG, told={"smallest_magnitude": "which='SA'"},
    not_told={"default_which_is_largest": "which='SA'"})
