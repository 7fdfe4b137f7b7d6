"""Wrong solutions for getting_started lose points; a different correct one passes."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "transposed": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A.T, b)
            return x, float(np.max(np.abs(A @ x - b)))
    """),
    "least_squares_never_complains": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = np.linalg.lstsq(A, b, rcond=None)[0]
            return x, float(np.max(np.abs(A @ x - b)))
    """),
    "residual_as_array": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A, b)
            return x, np.abs(A @ x - b)
    """),
    "determinant_is_zero": ("getting_started.is_singular", """
        def is_singular(A):
            return bool(linalg.det(A) == 0)
    """),
    "determinant_is_small": ("getting_started.is_singular", """
        def is_singular(A):
            return bool(abs(linalg.det(A)) < 1e-12)
    """),
    "list_not_array": ("getting_started.make_array", """
        def make_array(values):
            return list(map(float, values))
    """),
    "int_dtype_kept": ("getting_started.make_array", """
        def make_array(values):
            return np.array(values)
    """),
    "minor_keeps_letters_digits": ("getting_started.version_tuple", """
        def version_tuple(version):
            major, minor = version.split(".")[:2]
            return int(major), int("".join(c for c in minor if c.isdigit()))
    """),
    "strings_not_ints": ("getting_started.version_tuple", """
        def version_tuple(version):
            return tuple(version.split(".")[:2])
    """),
    "hard_coded_version": ("getting_started.scipy_version", """
        def scipy_version():
            return "1.10.0"
    """),
    "residual_hard_coded_zero": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            return linalg.solve(A, b), 0.0
    """),
    "residual_two_norm": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A, b)
            return x, float(np.linalg.norm(A @ x - b))
    """),
    "residual_without_abs": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A, b)
            return x, float(np.max(A @ x - b))
    """),
    "residual_sum_of_abs": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A, b)
            return x, float(np.sum(np.abs(A @ x - b)))
    """),
    "warning_taken_for_singular": ("getting_started.is_singular", """
        import warnings
        def is_singular(A):
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    linalg.solve(A, np.ones(A.shape[0]))
                except Exception:
                    return True
            return False
    """),
    "assumed_positive_definite": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = linalg.solve(A, b, assume_a="pos")
            return x, float(np.max(np.abs(A @ x - b)))
    """),
}

ALTERNATIVES = {
    "numpy_solve": ("getting_started.solve_and_check", """
        def solve_and_check(A, b):
            x = np.linalg.solve(A, b)
            residual = 0.0
            for row, target in zip(A, b):
                residual = max(residual, abs(float(row @ x) - float(target)))
            return x, residual
    """),
    "regex_version": ("getting_started.version_tuple", """
        import re
        def version_tuple(version):
            match = re.match(r"(\\d+)\\.(\\d+)", version)
            return (int(match.group(1)), int(match.group(2)))
    """),
    "packaging_version": ("getting_started.version_tuple", """
        from packaging.version import Version
        def version_tuple(version):
            return tuple(Version(version).release[:2])
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
