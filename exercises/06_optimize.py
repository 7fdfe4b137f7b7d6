"""Optimization with scipy.optimize: roots, minima, constraints, linear programs and fits.

The tools: brentq / root_scalar (a root of one variable), minimize_scalar, minimize (BFGS
when there are no bounds or constraints; Nelder-Mead needs no gradient; SLSQP and
trust-constr take constraints), root (systems of equations), linprog (linear programs)
and curve_fit (fitting a model; it solves a least-squares problem, which least_squares
gives you direct control over).

A solver returns its answer in a result object; the answer is only worth something when
`result.success` says the solver finished, and a local minimiser only finds the bottom of
the valley it starts in. Every function here returns plain numbers and arrays, never the
result object itself.

Fill in each function, then run `course check optimize`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


def find_root(fun: Callable[..., float], lower: float, upper: float,
              args: tuple = ()) -> float:
    """Return the x in [lower, upper] where fun(x, *args) == 0, as a Python float.

    fun(lower) and fun(upper) must have opposite signs (or one of them be zero): the
    interval then brackets a root, and a bracketing method finds it to about 1e-10.
    When the signs are the same, raise ValueError: there is no bracket.

    >>> def square_minus_two(x):
    ...     return x * x - 2.0
    >>> round(find_root(square_minus_two, 0.0, 2.0), 6)
    1.414214
    """
    # TODO: use a bracketing root finder from scipy.optimize (Brent's method is the
    #       usual choice), passing `args` on to fun.
    # TODO: let its ValueError for a bad bracket propagate; return the root as a float.
    raise NotImplementedError


def cheapest_can(volume: float, lid_cost: float = 1.0) -> tuple[float, float]:
    """Return (radius, height) of the closed cylindrical can of `volume` that costs least.

    The side costs 1 per unit area and the top and bottom `lid_cost` per unit area, so
    the cost of a can of radius r is lid_cost * 2*pi*r**2 + 2*pi*r*h, where the height
    h = volume / (pi*r**2) follows from the volume. Both values are Python floats in
    the length unit of the volume (cm for cm**3).

    >>> radius, height = cheapest_can(1000.0)
    >>> round(radius, 2), round(height, 2)
    (5.42, 10.84)
    """
    # TODO: write the cost as a function of the radius alone.
    # TODO: minimise it with the scalar minimiser of scipy.optimize over a bounded
    #       interval of radii that surely holds the answer.
    # TODO: check that the result reports success, then return the radius and the
    #       height that goes with it.
    raise NotImplementedError


def minimize_checked(fun: Callable[..., float], x0: np.ndarray, args: tuple = (),
                     maxiter: int = 1000) -> tuple[np.ndarray, float]:
    """Minimise fun(x, *args) from the start x0, and refuse an answer the solver did not reach.

    Returns (x, value): x as a float array of shape (n,) (n = len(x0)) and fun at x as
    a Python float. The solver may take at most `maxiter` iterations. When the result
    does not report success, raise RuntimeError whose message includes the solver's.

    >>> def bowl(x):
    ...     return float((x[0] - 1.0) ** 2 + (x[1] + 2.0) ** 2)
    >>> x, value = minimize_checked(bowl, np.zeros(2))
    >>> np.round(x, 4), round(value, 6)
    (array([ 1., -2.]), 0.0)
    """
    # TODO: call scipy.optimize.minimize with args and the iteration limit (an option).
    # TODO: look at the result's success flag: raise RuntimeError with its message when
    #       it is False.
    # TODO: return the minimiser as an array and the minimum as a float.
    raise NotImplementedError


def best_of_starts(fun: Callable[..., float], starts: np.ndarray,
                   args: tuple = ()) -> tuple[np.ndarray, float]:
    """Minimise fun(x, *args) from every row of `starts` and return the best minimum found.

    A local minimiser only finds the minimum of the valley it starts in, so starting
    from several points and keeping the lowest is a cheap guard. `starts` has shape
    (k, n). Runs whose result does not report success are ignored. Returns (x, value):
    x a float array of shape (n,), value fun at x as a Python float. When no run
    succeeds, raise RuntimeError.

    >>> def two_valleys(x):
    ...     return float((x[0] ** 2 - 1.0) ** 2 + 0.3 * x[0])
    >>> x, value = best_of_starts(two_valleys, np.array([[1.0], [-1.0]]))
    >>> round(float(x[0]), 3), round(value, 4)
    (-1.036, -0.3054)
    """
    # TODO: run a local minimisation from each start.
    # TODO: skip the runs that did not succeed (their value may be NaN).
    # TODO: keep the run with the lowest value; raise RuntimeError if none is left.
    raise NotImplementedError


def closest_allocation(target: np.ndarray, total: float) -> np.ndarray:
    """Split `total` into n non-negative amounts as close as possible to `target`.

    "Close" means the least sum of squared differences from `target` (shape (n,); its
    entries may be negative or add up to anything). The amounts must be >= 0 (bounds)
    and add up to exactly `total` (an equality constraint). Returns a float array of
    shape (n,).

    >>> np.round(closest_allocation(np.array([3.0, 1.0, -1.0]), 3.0), 4)
    array([2.5, 0.5, 0. ])
    """
    # TODO: write the objective: the sum of squared differences from target.
    # TODO: give minimize bounds (each amount >= 0) and an equality constraint (the
    #       amounts add up to total), with a method that handles both (e.g. SLSQP).
    # TODO: start from a feasible point, check success, return the amounts.
    raise NotImplementedError


def solve_system(fun: Callable[..., np.ndarray], x0: np.ndarray,
                 args: tuple = ()) -> np.ndarray:
    """Solve the nonlinear system fun(x, *args) == 0 (n equations, n unknowns) from x0.

    Returns the solution as a float array of shape (n,). A system may have several
    solutions: return the one the solver reaches from x0. When the result does not
    report success (for example, no real solution exists), raise RuntimeError.

    >>> def line_and_parabola(v):
    ...     return np.array([v[1] - v[0] - 1.0, v[1] - v[0] ** 2])
    >>> np.round(solve_system(line_and_parabola, np.array([2.0, 2.0])), 6)
    array([1.618034, 2.618034])
    """
    # TODO: use the multidimensional root finder of scipy.optimize with its default
    #       method, passing args on.
    # TODO: raise RuntimeError when the result does not report success.
    raise NotImplementedError


def production_plan(profit: np.ndarray, usage: np.ndarray,
                    available: np.ndarray) -> tuple[np.ndarray, float]:
    """Choose how much of each of n products to make so that the profit is largest.

    Product j earns profit[j] per unit and uses usage[i, j] units of resource i, of
    which available[i] units exist; amounts can be fractional and must be >= 0.
    `profit` has shape (n,), `usage` (m, n), `available` (m,). Returns (amounts,
    total_profit): a float array of shape (n,) and a Python float. When the linear
    program has no optimum (for example, a product that uses no resource makes the
    profit unbounded), raise RuntimeError.

    >>> amounts, best = production_plan(np.array([3.0, 2.0]),
    ...                                 np.array([[1.0, 1.0], [1.0, 3.0]]),
    ...                                 np.array([4.0, 6.0]))
    >>> np.round(amounts, 6), round(best, 6)
    (array([4., 0.]), 12.0)
    """
    # TODO: scipy.optimize's linear programming solver MINIMISES c @ x: what c makes
    #       that the same as maximising the profit?
    # TODO: the resource limits are "less than or equal" constraints; amounts >= 0.
    # TODO: raise RuntimeError unless the result reports success; return the amounts
    #       and the profit they earn.
    raise NotImplementedError


def fit_decay(t: np.ndarray, y: np.ndarray, sigma: np.ndarray) -> dict[str, float]:
    """Fit y = amplitude * exp(-t / tau) + offset to measurements with known errors.

    t, y and sigma have shape (n,); sigma[i] > 0 is the standard deviation of y[i] in
    the units of y (an absolute uncertainty, not a relative weight). Returns a dict of
    Python floats with the keys "amplitude", "tau", "offset" (best-fit values) and
    "amplitude_err", "tau_err", "offset_err" (their standard errors: the square roots
    of the diagonal of the covariance matrix of the fit).

    >>> t = np.linspace(0.0, 5.0, 30)
    >>> fit = fit_decay(t, 4.0 * np.exp(-t / 1.5) + 0.5, np.full(30, 0.1))
    >>> round(fit["tau"], 6), fit["tau_err"] > 0
    (1.5, True)
    """
    # TODO: write the model as a function of t and the three parameters.
    # TODO: guess starting values from the data (the fit can get lost without them).
    # TODO: fit with scipy.optimize.curve_fit, telling it the errors and that they are
    #       absolute, not relative.
    # TODO: the standard errors are the square roots of the covariance's diagonal;
    #       return everything as Python floats under the six keys.
    raise NotImplementedError
