"""Mutation testing of the suites: the reference solutions with one small, plausible mistake
each (a constant off by one, a dropped keyword, two arguments swapped, a comparison or an
operator flipped, a negation or a transpose dropped, a returned pair swapped, one function
called for its look-alike such as np.mean for np.median, a call such as np.sqrt or a step
such as `x = x - x.mean()` left out), every one checked against its topic's suite.

A mutant the suite fails is caught. One that still passes is either a wrong answer the
suite lets through, or a change that makes no difference to what the function returns (an
equivalent mutant: `x * 2` for `x + x`, a keyword given its default value). An author reads
the survivors, closes the holes in the suites, and adds each plausible one to the topic's
WRONG solutions in `tests/test_content_<topic>.py`.

    python -m checker.mutants [TOPIC ...] [--out mutants.json]

Only code inside functions is mutated, never a docstring; a mutant that no longer compiles
is not counted. The check is `course check`'s, with a fixed seed and every test run.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

_SWAPPED_OPERATORS: dict[type, type] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div, ast.Pow: ast.Mult,
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.And: ast.Or, ast.Or: ast.And,
}


# Functions a learner confuses with one another: np.mean for np.median, min for max...
_SWAPPED_FUNCTIONS = {
    "mean": "median", "median": "mean", "std": "var", "var": "std", "min": "max",
    "max": "min", "amin": "amax", "amax": "amin", "nanmin": "nanmax", "nanmax": "nanmin",
    "argmin": "argmax", "argmax": "argmin", "floor": "ceil", "ceil": "floor",
    "rint": "floor", "sum": "mean", "log": "log10", "log10": "log",
}
# Calls a learner forgets: the value is used without them.
_FORGOTTEN_CALLS = frozenset({"sqrt", "abs", "sort", "sorted", "ravel", "flatten"})


@dataclass(frozen=True)
class Mutant:
    function: str  # the top-level function the change is in
    line: int
    change: str  # what was changed, in words
    source: str  # the whole mutated file


@dataclass(frozen=True)
class Outcome:
    topic: str
    function: str
    line: int
    change: str
    caught: bool
    statuses: dict[str, str]  # exercise id -> status, for the exercises that did not pass
    messages: dict[str, str]  # exercise id -> what the learner is told, for the same


def _changes(node: ast.AST) -> Iterator[tuple[str, Any]]:
    """The mutations of `node` alone: (what changed, how to apply it to a copy of node)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        for delta in (1, -1):
            yield (f"{node.value} -> {node.value + delta}",
                   lambda n, d=delta: setattr(n, "value", n.value + d))
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        yield f"{node.value} -> {not node.value}", lambda n: setattr(n, "value", not n.value)
    elif isinstance(node, ast.Call):
        name = _called_name(node)
        if name in _SWAPPED_FUNCTIONS:
            other = _SWAPPED_FUNCTIONS[name]
            yield (f"called {other} instead of {name}",
                   lambda n, other=other: _rename_call(n, other))
        for index, keyword in enumerate(node.keywords):
            if keyword.arg is not None:
                yield (f"dropped {keyword.arg}={ast.unparse(keyword.value)}",
                       lambda n, i=index: n.keywords.pop(i))
        if len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):
            def swap(n: ast.Call) -> None:
                n.args[0], n.args[1] = n.args[1], n.args[0]
            yield f"swapped the first two arguments of {ast.unparse(node.func)}", swap
    elif isinstance(node, (ast.BinOp, ast.BoolOp)) and type(node.op) in _SWAPPED_OPERATORS:
        new = _SWAPPED_OPERATORS[type(node.op)]
        yield (f"{type(node.op).__name__} -> {new.__name__}",
               lambda n, new=new: setattr(n, "op", new()))
    elif isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            if type(op) in _SWAPPED_OPERATORS:
                new = _SWAPPED_OPERATORS[type(op)]
                yield (f"{type(op).__name__} -> {new.__name__}",
                       lambda n, i=index, new=new: n.ops.__setitem__(i, new()))
    elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) \
            and len(node.value.elts) >= 2:
        def swap_returned(n: ast.Return) -> None:
            elts = n.value.elts  # type: ignore[union-attr]
            elts[0], elts[1] = elts[1], elts[0]
        yield "swapped the first two values returned", swap_returned


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _rename_call(call: ast.Call, name: str) -> None:
    if isinstance(call.func, ast.Attribute):
        call.func.attr = name
    elif isinstance(call.func, ast.Name):
        call.func.id = name


def _replacements(node: ast.AST, rebinds: bool) -> Iterator[tuple[str, Any]]:
    """Mutations that put another node in `node`'s place: (what changed, a function of the
    mutant's copy of `node` that gives its replacement). `rebinds`: `node` assigns again a
    name that already had a value (a step a learner may leave out)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "dropped a minus sign", lambda n: n.operand
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "dropped a not", lambda n: n.operand
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        yield "dropped a transpose (.T)", lambda n: n.value
    elif isinstance(node, ast.Call) and _called_name(node) in _FORGOTTEN_CALLS \
            and len(node.args) == 1 and not node.keywords:
        yield f"left out a call of {_called_name(node)}", lambda n: n.args[0]
    elif isinstance(node, ast.AugAssign) or (isinstance(node, ast.Assign) and rebinds) \
            or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        yield (f"left out the step {ast.unparse(node)[:60]!r}", lambda n: ast.Pass())
    elif isinstance(node, ast.If) and not node.orelse \
            and all(isinstance(s, ast.Raise) for s in node.body):
        yield (f"left out the check {('if ' + ast.unparse(node.test))[:60]!r}",
               lambda n: ast.Pass())


def _rebinding(function: ast.FunctionDef) -> set[int]:
    """ids of the function's assignments that give a name which already has a value (an
    argument, or a name assigned on an earlier line) a new one: `x = x - x.mean()`."""
    arguments = function.args
    bound_at: dict[str, int] = {a.arg: function.lineno for a in (
        *arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    found: set[int] = set()
    assignments = sorted((n for n in ast.walk(function) if isinstance(n, ast.Assign)),
                         key=lambda n: n.lineno)
    for assignment in assignments:
        names = [t.id for t in assignment.targets if isinstance(t, ast.Name)]
        if len(names) == 1 and len(assignment.targets) == 1:
            if bound_at.get(names[0], assignment.lineno) < assignment.lineno:
                found.add(id(assignment))
            bound_at.setdefault(names[0], assignment.lineno)
    return found


def _is_docstring(node: ast.AST) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _sites(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """Every node inside the function's body, docstrings and annotations left out."""
    for statement in function.body:
        if _is_docstring(statement):
            continue
        for node in ast.walk(statement):
            if isinstance(node, (ast.arg, ast.AnnAssign)):
                continue
            yield node


def mutants(source: str) -> list[Mutant]:
    """Every single-change mutant of the functions in `source` that still compiles."""
    tree = ast.parse(source)
    found: list[Mutant] = []
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    for function_index, function in enumerate(functions):
        rebinding = _rebinding(function)
        for site_index, node in enumerate(_sites(function)):
            plans: list[tuple[str, Any]] = list(_changes(node))
            plans += [(change, ("replace", replacement)) for change, replacement
                      in _replacements(node, id(node) in rebinding)]
            for change, apply in plans:
                mutated = copy.deepcopy(tree)
                mutated_function = [n for n in mutated.body
                                    if isinstance(n, ast.FunctionDef)][function_index]
                mutated_node = list(_sites(mutated_function))[site_index]
                if isinstance(apply, tuple):
                    _replace(mutated_function, mutated_node, apply[1](mutated_node))
                else:
                    apply(mutated_node)
                try:
                    text = ast.unparse(ast.fix_missing_locations(mutated))
                    compile(text, "<mutant>", "exec")
                except (SyntaxError, ValueError, TypeError):
                    continue
                found.append(Mutant(function.name, getattr(node, "lineno", function.lineno),
                                    change, text))
    return found


def _replace(root: ast.AST, old: ast.AST, new: ast.AST) -> None:
    """Put `new` where `old` is, in `old`'s parent under `root`."""
    for parent in ast.walk(root):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[[i for i, item in enumerate(value) if item is old][0]] = new
                return
    raise ValueError("node not found")


def run(topic_ids: list[str], seed: int = 20261126) -> list[Outcome]:
    """Check every mutant of the named topics' solutions (all topics when none is named)."""
    from checker.errors import CourseError
    from checker.limits import Limits
    from checker.manifest import load_manifest
    from checker.paths import solutions_dir
    from checker.runner import run_check

    course = load_manifest()
    topics = course.select(tuple(topic_ids))
    limits = Limits(call_seconds=5.0, topic_seconds=60.0)
    outcomes: list[Outcome] = []
    for topic in topics:
        source = (solutions_dir() / topic.file).read_text(encoding="utf-8")
        found = mutants(source)
        print(f"{topic.id}: {len(found)} mutants", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as folder:
            learner = Path(folder) / topic.file
            for mutant in found:
                learner.write_text(mutant.source, encoding="utf-8")
                try:
                    document = run_check(course, (topic,), Path(folder), seed=seed,
                                         limits=limits, every_test=True)
                except CourseError as exc:  # the suite itself could not run: say so, go on
                    failing = {topic.id: "error"}
                    told = {topic.id: f"the check failed: {exc.format_message()}"}
                else:
                    exercises = [e for e in document["topics"][0]["exercises"]
                                 if e["status"] != "passed"]
                    failing = {e["id"]: e["status"] for e in exercises}
                    told = {e["id"]: e["message"] for e in exercises}
                outcomes.append(Outcome(topic.id, mutant.function, mutant.line, mutant.change,
                                        bool(failing), failing, told))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker.mutants", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topics", nargs="*", help="topic ids (default: every topic)")
    parser.add_argument("--out", type=Path, help="write every outcome, with what a learner "
                        "would be told for it, to this JSON file")
    options = parser.parse_args(argv)
    outcomes = run(options.topics)
    if options.out:
        options.out.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n",
                               encoding="utf-8")
    survivors = [o for o in outcomes if not o.caught]
    for outcome in survivors:
        print(f"survived: {outcome.topic}.{outcome.function} line {outcome.line}: "
              f"{outcome.change}")
    caught = len(outcomes) - len(survivors)
    print(f"{caught} of {len(outcomes)} mutants caught, {len(survivors)} survived")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
