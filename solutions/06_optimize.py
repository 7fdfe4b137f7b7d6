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
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy import optimize


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
    return float(optimize.brentq(fun, lower, upper, args=args, xtol=1e-12))


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
    def cost(radius: float) -> float:
        height = volume / (np.pi * radius**2)
        return lid_cost * 2.0 * np.pi * radius**2 + 2.0 * np.pi * radius * height

    # Any sensible radius lies well inside (0, 10 * cube root of the volume].
    largest = 10.0 * volume ** (1.0 / 3.0)
    result = optimize.minimize_scalar(cost, bounds=(1e-9 * largest, largest),
                                      method="bounded", options={"xatol": 1e-10 * largest})
    if not result.success:
        raise RuntimeError(f"minimize_scalar failed: {result.message}")
    radius = float(result.x)
    return radius, float(volume / (np.pi * radius**2))


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
    result = optimize.minimize(fun, np.asarray(x0, dtype=float), args=args,
                               options={"maxiter": maxiter})
    if not result.success:
        raise RuntimeError(f"minimize did not converge: {result.message}")
    return np.asarray(result.x, dtype=float), float(result.fun)


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
    best: tuple[np.ndarray, float] | None = None
    for start in np.asarray(starts, dtype=float):
        result = optimize.minimize(fun, start, args=args)
        if result.success and (best is None or result.fun < best[1]):
            best = (np.asarray(result.x, dtype=float), float(result.fun))
    if best is None:
        raise RuntimeError("no start led to a successful minimisation")
    return best


def closest_allocation(target: np.ndarray, total: float) -> np.ndarray:
    """Split `total` into n non-negative amounts as close as possible to `target`.

    "Close" means the least sum of squared differences from `target` (shape (n,); its
    entries may be negative or add up to anything). The amounts must be >= 0 (bounds)
    and add up to exactly `total` (an equality constraint). Returns a float array of
    shape (n,).

    >>> np.round(closest_allocation(np.array([3.0, 1.0, -1.0]), 3.0), 4)
    array([2.5, 0.5, 0. ])
    """
    target = np.asarray(target, dtype=float)
    n = target.size

    def squared_distance(amounts: np.ndarray) -> float:
        return float(np.sum((amounts - target) ** 2))

    def gradient(amounts: np.ndarray) -> np.ndarray:
        return 2.0 * (amounts - target)

    adds_up = {"type": "eq", "fun": lambda amounts: np.sum(amounts) - total,
               "jac": lambda amounts: np.ones(n)}
    result = optimize.minimize(squared_distance, np.full(n, total / n), jac=gradient,
                               method="SLSQP", bounds=[(0.0, None)] * n,
                               constraints=[adds_up], options={"ftol": 1e-12})
    if not result.success:
        raise RuntimeError(f"SLSQP did not converge: {result.message}")
    return np.asarray(result.x, dtype=float)


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
    result = optimize.root(fun, np.asarray(x0, dtype=float), args=args)
    if not result.success:
        raise RuntimeError(f"root did not converge: {result.message}")
    return np.asarray(result.x, dtype=float)


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
    profit = np.asarray(profit, dtype=float)
    # linprog minimises, so minimise the negative profit.
    result = optimize.linprog(-profit, A_ub=usage, b_ub=available,
                              bounds=[(0, None)] * profit.size)
    if not result.success:
        raise RuntimeError(f"linprog found no optimum: {result.message}")
    amounts = np.asarray(result.x, dtype=float)
    return amounts, float(profit @ amounts)


def _decay(t: np.ndarray, amplitude: float, tau: float, offset: float) -> np.ndarray:
    return amplitude * np.exp(-t / tau) + offset


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
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    # A starting guess from the data: the fit may wander off from (1, 1, 1).
    order = np.argsort(t)
    offset_guess = float(y[order[-1]])
    amplitude_guess = float(y[order[0]]) - offset_guess
    tau_guess = float(np.ptp(t)) / 3.0 or 1.0
    values, covariance = optimize.curve_fit(
        _decay, t, y, p0=[amplitude_guess, tau_guess, offset_guess], sigma=sigma,
        absolute_sigma=True)
    errors = np.sqrt(np.diag(covariance))
    names = ("amplitude", "tau", "offset")
    fit = {name: float(value) for name, value in zip(names, values)}
    fit.update({f"{name}_err": float(error) for name, error in zip(names, errors)})
    return fit
