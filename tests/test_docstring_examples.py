"""Every exercise's docstring example is true of the reference solution on this SciPy.

A learner reads the example before anything else; one that prints what SciPy no longer
prints (`2.0` where it gives `2.0000000000000004`, `0.+0.j` for `0.-0.j`) sends them
after a difference that does not matter. Examples that download (`scipy.datasets`) are
marked `# doctest: +SKIP`: tests have no network.
"""

from __future__ import annotations

import doctest
import importlib.util
from pathlib import Path

import pytest

from checker.manifest import load_manifest
from checker.paths import solutions_dir

TOPICS = load_manifest().topics


def run_examples(path: Path, name: str) -> tuple[int, dict[str, int], str]:
    """Run the examples in the docstrings of the module at `path`, in the current folder:
    how many failed, how many examples each function has, and doctest's report."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    examples, report = {}, []
    for test in doctest.DocTestFinder().find(module, name, globs=dict(vars(module))):
        examples[test.name.rpartition(".")[2]] = len(test.examples)
        # Not print: doctest replaces sys.stdout while an example runs.
        runner.run(test, out=report.append)
    return runner.failures, examples, "".join(report)


# The io example saves a name starting with "_" on purpose, to show that it is left out.
@pytest.mark.filterwarnings("ignore:Starting field name with a underscore")
@pytest.mark.parametrize("topic", TOPICS, ids=[t.id for t in TOPICS])
def test_the_examples_hold(topic, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples write files (a .mat, a .png) where they run
    failures, examples, report = run_examples(solutions_dir() / topic.file,
                                              f"solution_{topic.id}")
    assert failures == 0, f"{failures} example(s) of {topic.file} do not hold:\n{report}"
    without = {e.name for e in topic.exercises} - {n for n, count in examples.items() if count}
    assert not without, f"exercises of {topic.file} without an example: {sorted(without)}"


def test_an_example_that_does_not_hold_is_caught(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    topic = TOPICS[0]
    text = (solutions_dir() / topic.file).read_text(encoding="utf-8")
    assert text.count("    (1, 17)\n") == 1
    wrong = tmp_path / topic.file
    wrong.write_text(text.replace("    (1, 17)\n", "    (1, 18)\n"), encoding="utf-8")
    failures, examples, report = run_examples(wrong, "wrong_example")
    assert (failures, examples["version_tuple"]) == (1, 2), report
    assert "Expected:\n    (1, 18)\nGot:\n    (1, 17)" in report
