"""The mutant generator behind `python -m checker.mutants`."""

from __future__ import annotations

import ast

from checker.mutants import mutants

SOURCE = '''
import numpy as np


def spread(values: list[float], scale: float) -> tuple[float, float]:
    """Docstring with 1 number and a call f(a, b) that is never mutated."""
    array = np.asarray(values, dtype=float).T
    if len(array) < 2 and not scale:
        return -1.0, 0.0
    return np.std(array, ddof=1) * scale, array[0] + 2
'''


def changes(source: str) -> set[str]:
    return {m.change for m in mutants(source)}


def test_each_kind_of_mistake_is_made_once_per_site():
    found = changes(SOURCE)
    assert {"dropped dtype=float", "dropped ddof=1", "1 -> 2", "1 -> 0", "2 -> 3",
            "0 -> 1", "0 -> -1", "Lt -> LtE", "And -> Or", "Mult -> Div", "Add -> Sub",
            "dropped a minus sign", "dropped a not", "dropped a transpose (.T)",
            "swapped the first two values returned"} <= found
    # np.std(array, ddof=1) has one positional argument: nothing to swap there.
    assert not any(c.startswith("swapped the first two arguments") for c in found)


def test_every_mutant_differs_by_one_change_and_compiles():
    original = ast.dump(ast.parse(SOURCE))
    found = mutants(SOURCE)
    assert len(found) == len({m.source for m in found})
    for mutant in found:
        compile(mutant.source, "<mutant>", "exec")
        assert ast.dump(ast.parse(mutant.source)) != original
        assert mutant.function == "spread"


def test_docstrings_and_annotations_are_left_alone():
    for mutant in mutants(SOURCE):
        tree = ast.parse(mutant.source)
        function = tree.body[1]
        assert ast.get_docstring(function) == ast.get_docstring(ast.parse(SOURCE).body[1])
        assert ast.unparse(function.args) == "values: list[float], scale: float"


def test_swapped_arguments():
    found = mutants("def f(a, b):\n    return divmod(a, b)\n")
    swapped = [m for m in found if m.change == "swapped the first two arguments of divmod"]
    assert len(swapped) == 1 and "divmod(b, a)" in swapped[0].source


def test_look_alike_functions_forgotten_calls_and_left_out_steps():
    source = (
        "import numpy as np\n\n\n"
        "def centred_spread(values, n):\n"
        "    if n < 0:\n"
        "        raise ValueError('n must not be negative')\n"
        "    values = np.asarray(values)\n"
        "    values = values - np.mean(values)\n"
        "    total = 0\n"
        "    total += n\n"
        "    values.sort()\n"
        "    return np.sqrt(np.max(values ** 2)), total\n"
    )
    found = {m.change: m.source for m in mutants(source)}
    assert "np.median(values)" in found["called median instead of mean"]
    assert "np.min(values ** 2)" in found["called min instead of max"]
    assert "return (np.max(values ** 2), total)" in found["left out a call of sqrt"]
    assert "values - np.mean(values)" not in \
        found["left out the step 'values = values - np.mean(values)'"]
    assert "total += n" not in found["left out the step 'total += n'"]
    assert "values.sort()" not in found["left out the step 'values.sort()'"]
    assert "raise ValueError" not in found["left out the check 'if n < 0'"]
    # A first assignment is not a step that can be left out: the name would be unbound.
    assert not any(change.startswith("left out the step 'total = 0'") for change in found)
    assert "left out the step 'values = np.asarray(values)'" in found  # an argument rebound


def test_run_checks_every_mutant_of_a_topic_and_names_what_failed():
    from checker.manifest import load_manifest
    from checker.mutants import run
    from checker.paths import solutions_dir

    topic = load_manifest().topic("getting_started")
    made = mutants((solutions_dir() / topic.file).read_text(encoding="utf-8"))
    outcomes = run(["getting_started"])
    assert [(o.function, o.line, o.change) for o in outcomes] == \
        [(m.function, m.line, m.change) for m in made]
    for outcome in outcomes:
        assert outcome.caught == bool(outcome.statuses)
        assert all(status != "passed" for status in outcome.statuses.values())
    # Every mutant of version_tuple changes what it returns: the suite must fail each one.
    parsing = [o for o in outcomes if o.function == "version_tuple"]
    assert parsing and all(o.caught for o in parsing)
    assert all(set(o.statuses) == {"getting_started.version_tuple"} for o in parsing)
    # What a learner with that mistake would read is kept, for authors to review.
    assert all(o.messages.keys() == o.statuses.keys() for o in outcomes)
    assert all(o.messages["getting_started.version_tuple"] for o in parsing)
