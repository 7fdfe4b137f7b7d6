"""Suite for topic 06, optimize.

Tolerances: a root from a bracketing method is exact to ~1e-12, so find_root is held to
1e-9. Minimisers stop when their own tolerances are met (BFGS: gradient below 1e-5,
Nelder-Mead: steps below 1e-4), so minimisers are compared to about 1e-3 in x and 1e-6
in the value, which every method meets and no wrong answer does. Fitted parameters must
agree to a thousandth of their own standard error.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize

from checker.callables import optimize as objectives
from checker.expect import (
    ExpectationFailed,
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_learner_raises,
)
from checker.learner import LearnerRaised

# -- find_root --------------------------------------------------------------------------

ROOT_TOLERANCE = 1e-9  # a bracketing method narrows the bracket to ~1e-12


@exercise("optimize.find_root")
def test_find_root_cube(learner, rng):
    value = round(float(rng.uniform(2.0, 100.0)), 3)
    got = learner.find_root(objectives.cube_minus, 0.0, value, (value,))
    expect_float(got, scipy.optimize.brentq(objectives.cube_minus, 0.0, value, args=(value,)),
                 atol=ROOT_TOLERANCE, rtol=0.0,
                 what=f"find_root(cube_minus, 0, {value}, args=({value},)), the cube "
                      f"root of {value} (to 1e-9: a bracketing method gets ~1e-12)")


@exercise("optimize.find_root")
def test_find_root_cosine(learner, rng):
    slope = round(float(rng.uniform(0.2, 3.0)), 3)
    got = learner.find_root(objectives.cosine_minus_line, 0.0, np.pi / 2, (slope,))
    expected = scipy.optimize.brentq(objectives.cosine_minus_line, 0.0, np.pi / 2,
                                     args=(slope,))
    expect_float(got, expected, atol=ROOT_TOLERANCE, rtol=0.0,
                 what=f"find_root(cos(x) - {slope} x, 0, pi/2) (to 1e-9)")


@exercise("optimize.find_root")
@pytest.mark.parametrize("lower, upper, root_offset", [(0.5, 2.0, 1.0), (2.0, 10.0, 3.0),
                                                       (-4.0, 0.5, 0.0)])
def test_find_root_picks_the_root_in_the_bracket(learner, rng, lower, upper, root_offset):
    # Three roots at shift, shift+1, shift+3: only one lies inside each bracket.
    shift = round(float(rng.uniform(-5.0, 5.0)), 3)
    low, high = round(shift + lower, 3), round(shift + upper, 3)
    got = learner.find_root(objectives.cubic_with_three_roots, low, high, (shift,))
    expect_float(got, shift + root_offset, atol=ROOT_TOLERANCE, rtol=0.0,
                 what=f"find_root of a cubic with roots {shift}, {shift + 1:g} and "
                      f"{shift + 3:g} on [{low}, {high}], args=({shift},): the "
                      "root inside the bracket (to 1e-9)")


@exercise("optimize.find_root")
def test_find_root_bracket_centred_on_a_flat_point(learner, rng):
    # The middle of [-v, v] is 0, where x**3 - v is flat: Newton's or the secant method
    # started there is thrown far away. A bracketing method does not care.
    value = round(float(rng.uniform(2.0, 100.0)), 3)
    got = learner.find_root(objectives.cube_minus, -value, value, (value,))
    expect_float(got, scipy.optimize.brentq(objectives.cube_minus, -value, value,
                                            args=(value,)),
                 atol=ROOT_TOLERANCE, rtol=0.0,
                 what=f"find_root(cube_minus, {-value}, {value}, args=({value},)), "
                      f"the cube root of {value}, from a bracket whose middle is the flat "
                      "point x = 0 (use a bracketing method; to 1e-9)")


@exercise("optimize.find_root")
def test_find_root_at_an_end(learner):
    got = learner.find_root(objectives.cube_minus, 2.0, 5.0, (8.0,))
    expect_float(got, 2.0, atol=ROOT_TOLERANCE, rtol=0.0,
                 what="find_root(cube_minus, 2, 5, args=(8,)), where the root is the lower end")


@exercise("optimize.find_root")
def test_find_root_without_a_bracket(learner):
    with expect_learner_raises("ValueError",
                               why="x**3 - 8 is positive at both 3 and 5: [3, 5] brackets no "
                                   "root"):
        learner.find_root(objectives.cube_minus, 3.0, 5.0, (8.0,))


# -- cheapest_can -----------------------------------------------------------------------

CAN_TOLERANCE = 1e-4  # minimize_scalar's bounded method stops within ~1e-5 of the radius


def _best_can(volume: float, lid_cost: float) -> tuple[float, float]:
    # d(cost)/dr = 4 pi lid_cost r - 2 volume / r**2 = 0.
    radius = (volume / (2.0 * np.pi * lid_cost)) ** (1.0 / 3.0)
    return radius, volume / (np.pi * radius**2)


def _check_can(learner, volume: float, lid_cost: float) -> None:
    got = learner.cheapest_can(volume, lid_cost)
    expect_equal(type(got).__name__, "tuple", what="cheapest_can returns a tuple")
    expect_equal(len(got), 2, what="cheapest_can returns (radius, height)")
    radius, height = _best_can(volume, lid_cost)
    case = f"cheapest_can({volume}, lid_cost={lid_cost})"
    expect_float(got[0], radius, rtol=CAN_TOLERANCE,
                 what=f"the radius from {case} (if only tiny or huge cans fail: search a "
                      "range that scales with the volume, so that their best radius is "
                      "inside it)")
    expect_float(got[1], height, rtol=3 * CAN_TOLERANCE,
                 what=f"the height from {case}")


@exercise("optimize.cheapest_can")
@pytest.mark.parametrize("volume, lid_cost", [(1000.0, 1.0), (330.0, 2.5), (0.5, 1.0),
                                              (5.0e4, 0.4), (3.0e7, 0.3),  # a 30 m**3 tank
                                              (1.0e-3, 1.0)])  # 1 mm**3: radius 0.054 cm
def test_cheapest_can(learner, volume, lid_cost):
    _check_can(learner, volume, lid_cost)


@exercise("optimize.cheapest_can")
def test_cheapest_can_random(learner, rng):
    _check_can(learner, round(float(rng.uniform(1.0, 2000.0)), 2),
               round(float(rng.uniform(0.3, 3.0)), 3))


# -- minimize_checked -------------------------------------------------------------------

X_TOLERANCE = 2e-3      # where minimisers stop: BFGS ~1e-5, Nelder-Mead or SLSQP ~1e-4
VALUE_TOLERANCE = 1e-6


@exercise("optimize.minimize_checked")
def test_minimize_checked_rosenbrock(learner):
    got = learner.minimize_checked(objectives.rosenbrock, np.array([-1.2, 1.0]))
    expect_equal(type(got).__name__, "tuple", what="minimize_checked returns a tuple")
    x, value = got
    expect_array(x, np.ones(2), shape=(2,), dtype_kind="f", atol=X_TOLERANCE, rtol=0.0,
                 what="x from minimize_checked(rosenbrock, [-1.2, 1]): the minimum is at "
                      "(1, 1)")
    expect_float(value, 0.0, atol=VALUE_TOLERANCE, rtol=0.0,
                 what="the minimum value from minimize_checked(rosenbrock, [-1.2, 1])")


@exercise("optimize.minimize_checked")
def test_minimize_checked_random_bowl(learner, rng):
    n = int(rng.integers(2, 6))
    center = rng.uniform(-5.0, 5.0, n)
    weights = rng.uniform(0.5, 5.0, n)
    floor = round(float(rng.uniform(-10.0, 10.0)), 3)
    x, value = learner.minimize_checked(objectives.weighted_bowl, np.zeros(n),
                                        (center, weights, floor))
    expect_array(x, center, shape=(n,), dtype_kind="f", atol=X_TOLERANCE, rtol=0.0,
                 what=f"x from minimize_checked on a random {n}-D bowl, from 0: the minimum "
                      "is at its center")
    expect_float(value, floor, atol=VALUE_TOLERANCE, rtol=0.0,
                 what=f"the minimum value from minimize_checked on a random {n}-D bowl "
                      f"whose lowest value is {floor}")


# Every minimize method says why it stopped early in words like these.
LIMIT_WORDS = ("iteration", "evaluat", "limit", "maxiter", "maxfun")


@exercise("optimize.minimize_checked")
def test_minimize_checked_refuses_unfinished_work(learner):
    raised: LearnerRaised | None = None
    with expect_learner_raises("RuntimeError",
                               why="minimize_checked(rosenbrock, [-1.2, 1], (), maxiter=2) "
                                   "stops after 2 iterations, short of the minimum, so the "
                                   "result says success=False"):
        try:
            learner.minimize_checked(objectives.rosenbrock, np.array([-1.2, 1.0]), (), 2)
        except LearnerRaised as exc:
            raised = exc
            raise
    if raised is not None and not any(word in raised.message.lower() for word in LIMIT_WORDS):
        raise ExpectationFailed(
            "the RuntimeError from minimize_checked(rosenbrock, [-1.2, 1], maxiter=2) should "
            "include the solver's own message (result.message, such as 'Maximum number of "
            f"iterations has been exceeded.'); got {raised.message!r}")


@exercise("optimize.minimize_checked")
def test_minimize_checked_iteration_limit_on_a_bowl(learner, rng):
    center = rng.uniform(-5.0, 5.0, 6)
    weights = np.geomspace(0.5, 50.0, 6)
    with expect_learner_raises("RuntimeError",
                               why="minimize_checked on an ill-scaled 6-D bowl with maxiter=1 "
                                   "stops after 1 iteration, short of the minimum, so the "
                                   "result says success=False"):
        learner.minimize_checked(objectives.weighted_bowl, np.zeros(6),
                                 (center, weights, 0.0), 1)


# -- best_of_starts ---------------------------------------------------------------------

def _start_in_valley(rng: np.random.Generator, side: float) -> list[float]:
    x = side * float(rng.uniform(0.8, 1.2))
    return [x, 0.5 * x + float(rng.uniform(-0.3, 0.3))]


def _reference_best(starts: np.ndarray, tilt: float) -> tuple[np.ndarray, float]:
    runs = [scipy.optimize.minimize(objectives.tilted_double_well, s, args=(tilt,))
            for s in starts]
    best = min((r for r in runs if r.success), key=lambda r: r.fun)
    return best.x, float(best.fun)


@exercise("optimize.best_of_starts")
@pytest.mark.parametrize("order", ["outside-local-global-local", "local-global-outside"])
def test_best_of_starts(learner, rng, order):
    tilt = round(float(rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 0.6)), 3)
    deep_side = -np.sign(tilt)  # the tilt lowers the valley on the other side
    kinds = order.split("-")
    starts = np.array([
        {"outside": [float(rng.uniform(3.5, 6.0)), 0.0],
         "local": _start_in_valley(rng, -deep_side),
         "global": _start_in_valley(rng, deep_side)}[kind] for kind in kinds])
    expected_x, expected_value = _reference_best(starts, tilt)
    got = learner.best_of_starts(objectives.tilted_double_well, starts, (tilt,))
    expect_equal(type(got).__name__, "tuple", what="best_of_starts returns a tuple")
    x, value = got
    case = (f"best_of_starts on a double well with tilt {tilt}, starts in the order "
            f"{', '.join(kinds)} (the 'outside' start gives NaN, so its run fails)")
    expect_array(x, expected_x, shape=(2,), dtype_kind="f", atol=X_TOLERANCE, rtol=0.0,
                 what=f"x from {case}: the deeper valley, near x[0] = {expected_x[0]:.3f}")
    expect_float(value, expected_value, atol=VALUE_TOLERANCE, rtol=0.0,
                 what=f"the value from {case}")


@exercise("optimize.best_of_starts")
def test_best_of_starts_every_run_fails(learner, rng):
    starts = np.column_stack([rng.uniform(3.5, 6.0, 3), rng.uniform(-1.0, 1.0, 3)])
    with expect_learner_raises("RuntimeError",
                               why="every start lies outside the region where the function "
                                   "is defined (it returns NaN), so no run succeeds"):
        learner.best_of_starts(objectives.tilted_double_well, starts, (0.3,))


@exercise("optimize.best_of_starts")
def test_best_of_starts_positive_minimum(learner, rng):
    # Every minimum here is above 0: a "best so far" that starts at 0 is never beaten.
    n = int(rng.integers(2, 5))
    center = rng.uniform(-3.0, 3.0, n)
    weights = rng.uniform(0.5, 3.0, n)
    floor = round(float(rng.uniform(1.0, 10.0)), 3)
    starts = rng.uniform(-5.0, 5.0, (3, n))
    x, value = learner.best_of_starts(objectives.weighted_bowl, starts,
                                      (center, weights, floor))
    expect_array(x, center, shape=(n,), dtype_kind="f", atol=X_TOLERANCE, rtol=0.0,
                 what=f"x from best_of_starts on a {n}-D bowl whose lowest value is "
                      f"{floor} (> 0), from 3 random starts")
    expect_float(value, floor, atol=VALUE_TOLERANCE, rtol=0.0,
                 what=f"the value from best_of_starts on a bowl whose lowest value is "
                      f"{floor}")


@exercise("optimize.best_of_starts")
def test_best_of_starts_one_dimension(learner):
    x, value = learner.best_of_starts(objectives.tilted_double_well,
                                      np.array([[1.0, 0.5], [-1.0, -0.5]]), (0.3,))
    expected_x, expected_value = _reference_best(np.array([[1.0, 0.5], [-1.0, -0.5]]), 0.3)
    expect_array(x, expected_x, shape=(2,), dtype_kind="f", atol=X_TOLERANCE, rtol=0.0,
                 what="x from best_of_starts with starts (1, 0.5) and (-1, -0.5): the second "
                      "valley is deeper")
    expect_float(value, expected_value, atol=VALUE_TOLERANCE, rtol=0.0,
                 what="the value from best_of_starts with starts (1, 0.5) and (-1, -0.5)")


# -- closest_allocation -----------------------------------------------------------------

def _projection(target: np.ndarray, total: float) -> np.ndarray:
    # Exact Euclidean projection onto {w >= 0, sum(w) = total} (sort and threshold).
    ordered = np.sort(target)[::-1]
    excess = np.cumsum(ordered) - total
    counts = np.arange(1, target.size + 1)
    last = np.nonzero(ordered - excess / counts > 0)[0][-1]
    return np.maximum(target - excess[last] / (last + 1), 0.0)


def _check_allocation(learner, target: np.ndarray, total: float, case: str) -> None:
    got = learner.closest_allocation(target, total)
    scale = max(total, float(np.max(np.abs(target))))
    # Constrained solvers (SLSQP, trust-constr) stop within ~1e-3 of the scale.
    expect_array(got, _projection(target, total), shape=target.shape, dtype_kind="f",
                 atol=2e-3 * scale, rtol=0.0,
                 what=f"closest_allocation({case})")
    expect_float(float(np.sum(got)), total, rtol=1e-6,
                 what=f"the sum of the amounts from closest_allocation({case}), which must be "
                      "the total")
    expect_float(min(float(np.min(got)), 0.0), 0.0, atol=1e-6 * scale, rtol=0.0,
                 what=f"the most negative amount from closest_allocation({case}): none may "
                      "be below 0")


@exercise("optimize.closest_allocation")
@pytest.mark.parametrize("target, total", [
    ([3.0, 1.0, -1.0], 3.0),         # the docstring's example
    ([-1.0, -2.0, -3.0], 1.0),       # everything negative: all of it goes to the first
    ([2.0, 3.0, 5.0], 10.0),         # already feasible: the answer is the target itself
    ([6.0, 6.0, 0.5, 0.2], 4.0),     # too much wished for: shrink, and drop the small ones
])
def test_closest_allocation(learner, target, total):
    _check_allocation(learner, np.array(target), total, f"{target}, {total}")


@exercise("optimize.closest_allocation")
def test_closest_allocation_random(learner, rng):
    n = int(rng.integers(3, 8))
    target = rng.normal(1.0, 2.0, n)
    target[0] = -abs(target[0]) - 1.0  # at least one wish the bounds must overrule
    total = round(float(rng.uniform(1.0, 10.0)), 3)
    _check_allocation(learner, target, total, f"a random target of {n} amounts, {total}")


# -- solve_system -----------------------------------------------------------------------

def _check_system(learner, fun, x0: np.ndarray, args: tuple, case: str) -> None:
    expected = scipy.optimize.root(fun, x0, args=args).x
    got = learner.solve_system(fun, x0, args)
    expect_array(got, expected, shape=x0.shape, dtype_kind="f", atol=1e-8, rtol=1e-8,
                 what=f"solve_system({case}) (to 1e-8: root converges to ~1e-12)")
    # root stops on the size of its step, not of fun: its own answers leave residuals up
    # to about 2e-8 here (the largest of 20,000 three-unknown systems: 1.7e-8).
    expect_array(fun(got, *args), np.zeros(x0.size), atol=1e-7, rtol=0.0,
                 what=f"the residuals fun(x) at the solution of {case} (to 1e-7)")


@exercise("optimize.solve_system")
@pytest.mark.parametrize("side", ["left", "right"])
def test_solve_system_circle_and_exponential(learner, rng, side):
    radius = round(float(rng.uniform(1.5, 3.0)), 3)
    x0 = np.array([-radius, 0.1]) if side == "left" else np.array([0.5, 1.5])
    _check_system(learner, objectives.circle_meets_exponential, x0, (radius,),
                  f"circle of radius {radius} meets y = exp(x), from x0 = {x0.tolist()}, "
                  f"which is near the {side} crossing")


@exercise("optimize.solve_system")
def test_solve_system_three_unknowns(learner, rng):
    total, ratio = round(float(rng.uniform(2.0, 20.0)), 3), round(float(rng.uniform(0.1, 2.0)), 3)
    _check_system(learner, objectives.three_species_balance, np.ones(3), (total, ratio),
                  f"the 3-unknown balance with total {total} and ratio {ratio}, "
                  "from (1, 1, 1)")


@exercise("optimize.solve_system")
def test_solve_system_without_solution(learner):
    with expect_learner_raises("RuntimeError",
                               why="x**2 + 1 = 0 has no real solution, so root reports "
                                   "success=False"):
        learner.solve_system(objectives.no_real_solution, np.array([0.5, 0.5]), ())


# -- production_plan --------------------------------------------------------------------

def _check_plan(learner, profit: np.ndarray, usage: np.ndarray, available: np.ndarray,
                case: str) -> None:
    reference = scipy.optimize.linprog(-profit, A_ub=usage, b_ub=available)
    got = learner.production_plan(profit, usage, available)
    expect_equal(type(got).__name__, "tuple", what="production_plan returns a tuple")
    amounts, total = got
    n = profit.size
    # Several plans may earn the best profit, so the amounts are checked for type, shape
    # and finiteness here (any tolerance), and below by what they earn and what they use.
    expect_array(amounts, reference.x, shape=(n,), dtype_kind="f", atol=np.inf,
                 what=f"the amounts from production_plan({case})")
    best = float(-reference.fun)
    expect_float(total, best, rtol=1e-7,
                 what=f"the total profit from production_plan({case})")
    expect_float(float(profit @ amounts), best, rtol=1e-7,
                 what=f"the profit the returned amounts earn, profit @ amounts, for "
                      f"production_plan({case})")
    expect_float(min(float(np.min(amounts)), 0.0), 0.0, atol=1e-7 * float(np.max(available)),
                 rtol=0.0, what=f"the smallest amount from production_plan({case}): none may be "
                               "below 0")
    overuse = float(np.max(usage @ amounts - available))
    expect_float(max(overuse, 0.0), 0.0, atol=1e-7 * float(np.max(available)), rtol=0.0,
                 what=f"the largest overuse of a resource, usage @ amounts - available, for "
                      f"production_plan({case}): no resource may be used beyond what is "
                      "available")


@exercise("optimize.production_plan")
def test_production_plan_example(learner):
    _check_plan(learner, np.array([3.0, 2.0]), np.array([[1.0, 1.0], [1.0, 3.0]]),
                np.array([4.0, 6.0]), "profit [3, 2], usage [[1, 1], [1, 3]], available [4, 6]")


@exercise("optimize.production_plan")
def test_production_plan_mixed(learner):
    # The best plan makes some of both products, and a third is not worth making.
    profit = np.array([5.0, 4.0, 1.0])
    usage = np.array([[6.0, 4.0, 5.0], [1.0, 2.0, 3.0]])
    _check_plan(learner, profit, usage, np.array([24.0, 6.0]),
                "profit [5, 4, 1], usage [[6, 4, 5], [1, 2, 3]], available [24, 6]")


@exercise("optimize.production_plan")
def test_production_plan_random(learner, rng):
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    profit = rng.uniform(1.0, 10.0, n)
    usage = rng.uniform(0.1, 5.0, (m, n))
    available = rng.uniform(10.0, 100.0, m)
    _check_plan(learner, profit, usage, available, f"{n} random products, {m} resources")


@exercise("optimize.production_plan")
def test_production_plan_unbounded(learner):
    with expect_learner_raises("RuntimeError",
                               why="the second product uses no resource, so the profit has "
                                   "no maximum and linprog reports success=False"):
        learner.production_plan(np.array([1.0, 2.0]), np.array([[1.0, 0.0]]),
                                np.array([5.0]))


# -- fit_decay --------------------------------------------------------------------------

FIT_KEYS = ("amplitude", "tau", "offset")


def _decay(t: np.ndarray, amplitude: float, tau: float, offset: float) -> np.ndarray:
    return amplitude * np.exp(-t / tau) + offset


def _reference_fit(t, y, sigma, truth) -> tuple[np.ndarray, np.ndarray]:
    values, covariance = scipy.optimize.curve_fit(_decay, t, y, p0=truth, sigma=sigma,
                                                  absolute_sigma=True)
    return values, np.sqrt(np.diag(covariance))


def _check_fit(learner, t, y, sigma, truth, case: str) -> None:
    values, errors = _reference_fit(t, y, sigma, truth)
    got = learner.fit_decay(t, y, sigma)
    expect_equal(type(got).__name__, "dict", what=f"fit_decay({case}) returns a dict")
    wanted_keys = sorted(FIT_KEYS + tuple(f"{key}_err" for key in FIT_KEYS))
    expect_equal(sorted(map(str, got)), wanted_keys, what=f"the keys of fit_decay({case})")
    for key, value, error in zip(FIT_KEYS, values, errors):
        expect_float(got[key], value, rtol=1e-6, atol=1e-3 * error,
                     what=f"{key} from fit_decay({case}) (to a thousandth of its standard "
                          "error)")
        expect_float(got[f"{key}_err"], error, rtol=1e-3,
                     what=f"{key}_err from fit_decay({case}): the standard error with sigma "
                          "taken as absolute")


def _decay_data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, list[float]]:
    truth = [round(float(rng.uniform(2.0, 10.0)), 3), round(float(rng.uniform(0.5, 5.0)), 3),
             round(float(rng.uniform(-1.0, 1.0)), 3)]
    return np.linspace(0.0, 4.0 * truth[1], n), truth


@exercise("optimize.fit_decay")
def test_fit_decay_exact_data(learner, rng):
    # Without noise the residuals are 0: sigma taken as relative would give errors of 0.
    t, truth = _decay_data(rng, 40)
    y = _decay(t, *truth)
    _check_fit(learner, t, y, np.full(t.size, 0.05), truth,
               f"noise-free data from amplitude {truth[0]}, tau {truth[1]}, offset "
               f"{truth[2]}, sigma 0.05")


@exercise("optimize.fit_decay")
def test_fit_decay_noisy(learner, rng):
    t, truth = _decay_data(rng, int(rng.integers(40, 80)))
    sigma = np.full(t.size, 0.03 * truth[0])
    y = _decay(t, *truth) + sigma * rng.standard_normal(t.size)
    _check_fit(learner, t, y, sigma, truth, f"{t.size} noisy points, equal sigma")


@exercise("optimize.fit_decay")
def test_fit_decay_slow_decay(learner, rng):
    # tau of several hundred: from curve_fit's default start (1, 1, 1) the model decays
    # within a step and the fit gets lost; a start read off the data finds it.
    truth = [round(float(rng.uniform(100.0, 400.0)), 1),
             round(float(rng.uniform(300.0, 1000.0)), 1),
             round(float(rng.uniform(10.0, 50.0)), 2)]
    t = np.linspace(0.0, 4.0 * truth[1], 40)
    sigma = np.full(t.size, 0.02 * truth[0])
    y = _decay(t, *truth) + sigma * rng.standard_normal(t.size)
    _check_fit(learner, t, y, sigma, truth,
               f"40 noisy points of a slow decay, amplitude {truth[0]}, tau "
               f"{truth[1]}, offset {truth[2]} (start the fit from a guess read off "
               "the data)")


@exercise("optimize.fit_decay")
def test_fit_decay_unequal_errors(learner, rng):
    # Some points are ten times less precise: they must count ten times less.
    t, truth = _decay_data(rng, 60)
    sigma = np.where(np.arange(t.size) % 3 == 0, 0.2, 0.02) * truth[0]
    y = _decay(t, *truth) + sigma * rng.standard_normal(t.size)
    _check_fit(learner, t, y, sigma, truth, "60 noisy points, every third one 10x less precise")
