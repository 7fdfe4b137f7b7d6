"""A learner's honest mistakes give a clear message for that exercise and nothing worse.

Each case is the reference solution with one function broken the way beginners break
them. That exercise gets the status and message below; every other exercise of the topic
still passes (the worker is restarted after a crash or a timeout), and nothing is left.
"""

from __future__ import annotations

import pytest

from tests.hostile.conftest import assert_nothing_left, solution_text, with_overrides

MISTAKES = {
    "endless_loop": ("scipy_version", "timeout", "did not return within", """
        def scipy_version():
            version = scipy.__version__
            while version:
                pass
            return version
    """),
    "endless_print_loop": ("scipy_version", "timeout", "did not return within", """
        def scipy_version():
            while True:
                print("still working on it")
    """),
    "recursion_without_base_case": ("version_tuple", "error", "calls itself", """
        def version_tuple(version):
            return version_tuple(version)
    """),
    "huge_print_then_the_right_answer": ("make_array", "passed", "", """
        def make_array(values):
            print("debug:", "x" * 3_000_000)
            return np.array(values, dtype=np.float64)
    """),
    "raises_for_some_inputs": ("is_singular", "error",
                               "is_singular([[1., 2.], [2., 4.]]) raised ValueError", """
        def is_singular(A):
            if A[0, 0] == 1.0:  # the message names the input refused, not just the function
                raise ValueError("not this one")
            return abs(np.linalg.det(A)) < 1e-300
    """),
    "exit_in_a_function": ("is_singular", "error", "called exit", """
        def is_singular(A):
            import sys
            sys.exit("giving up")
    """),
    "far_too_much_memory": ("solve_and_check", "error", "MemoryError", """
        def solve_and_check(A, b):
            workspace = np.ones((10 ** 6, 10 ** 6))
            x = linalg.solve(A, b)
            return x, float(np.max(np.abs(A @ x - b)))
    """),
    "returns_a_huge_array": ("make_array", "failed", "return only what its docstring asks", """
        def make_array(values):
            return np.zeros(3 * 10 ** 7)  # 240 MB: it fits, its encoding does not
    """),
    "a_value_where_the_function_was": ("is_singular", "error", "a value of type int", """
        is_singular = 5
    """),
    "a_function_deleted": ("is_singular", "error",
                           "is_singular() raised AttributeError: your file has no function "
                           "named 'is_singular'\n  (deleted it? `course reset "
                           "getting_started.is_singular` puts its stub back)", """
        del is_singular
    """),
    "a_crash_in_native_code": ("scipy_version", "error", "segmentation fault", """
        def scipy_version():
            import ctypes
            return ctypes.string_at(0)
    """),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_an_honest_mistake_costs_only_its_exercise(mistake, run_learner):
    exercise, status, fragment, override = MISTAKES[mistake]
    run = run_learner(with_overrides(solution_text(), override))
    statuses = run.statuses
    assert statuses[exercise] == status, run.message(exercise)
    assert fragment in run.message(exercise)
    assert {name: s for name, s in statuses.items() if name != exercise} == {
        name: "passed" for name in statuses if name != exercise}, statuses
    assert_nothing_left(run)


def test_a_file_that_does_not_import_names_its_line(run_learner):
    source = solution_text() + "\n\nresult = undefined_name + 1\n"
    run = run_learner(source)
    line = source.count("\n", 0, source.index("undefined_name")) + 1
    assert run.topic["status"] == "broken"
    assert f"line {line}" in run.topic["message"] and "NameError" in run.topic["message"]
    assert_nothing_left(run)


def test_a_file_that_loops_on_import_is_broken_with_one_message(run_learner):
    source = solution_text() + "\n\nwhile True:\n    pass\n"
    run = run_learner(source, import_seconds=3.0)
    assert run.topic["status"] == "broken"
    message = run.topic["message"]
    assert "does not import: importing it did not finish within 3 s" in message
    assert "()" not in message
    assert_nothing_left(run)


def test_a_helper_module_beside_the_file_says_only_the_file_is_checked(run_learner):
    source = "import my_helpers\n" + solution_text()
    run = run_learner(source, extra={"my_helpers.py": "ANSWER = 42\n"})
    assert run.topic["status"] == "broken"
    assert "No module named 'my_helpers'" in run.topic["message"]
    assert "only 00_getting_started.py itself is checked" in run.topic["message"]
    assert_nothing_left(run)
