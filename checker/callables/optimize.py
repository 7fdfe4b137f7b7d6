"""Objectives and equations that the optimize suite hands to learner code.

Each takes the point first and its parameters after it, so learner code passes the
parameters on with `args=(...)`, the way scipy.optimize expects.
"""

from __future__ import annotations

import numpy as np

# Where the double well is defined: outside this box it returns NaN, as a model that
# is only valid inside its calibration range would.
WELL_DOMAIN = 3.0


def cube_minus(x: float, value: float) -> float:
    """x**3 - value: one real root, the cube root of value."""
    return x**3 - value


def cosine_minus_line(x: float, slope: float) -> float:
    """cos(x) - slope * x: for slope > 0, one root in [0, pi/2]."""
    # No float(): a solver such as fsolve passes x as an array of shape (1,).
    return np.cos(x) - slope * x


def cubic_with_three_roots(x: float, shift: float) -> float:
    """(x - shift) * (x - shift - 1) * (x - shift - 3): roots at shift, shift+1, shift+3."""
    return (x - shift) * (x - shift - 1.0) * (x - shift - 3.0)


def rosenbrock(x: np.ndarray) -> float:
    """The Rosenbrock function in any dimension >= 2; its minimum is 0 at all ones."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def weighted_bowl(x: np.ndarray, center: np.ndarray, weights: np.ndarray,
                  floor: float) -> float:
    """sum(weights * (x - center)**2) + floor: minimum `floor` at `center`."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(np.asarray(weights) * (x - np.asarray(center)) ** 2) + floor)


def tilted_double_well(x: np.ndarray, tilt: float) -> float:
    """Two valleys near x[0] = -1 and x[0] = +1; `tilt` > 0 makes the left one deeper.

    NaN outside the box |x[i]| <= WELL_DOMAIN, where the model is not defined.
    """
    x = np.asarray(x, dtype=float)
    if not np.all(np.abs(x) <= WELL_DOMAIN):
        return float("nan")
    return float((x[0] ** 2 - 1.0) ** 2 + tilt * x[0] + (x[1] - 0.5 * x[0]) ** 2)


def circle_meets_exponential(v: np.ndarray, radius: float) -> np.ndarray:
    """Residuals of x**2 + y**2 = radius**2 and y = exp(x): zero where they meet."""
    x, y = np.asarray(v, dtype=float)
    return np.array([x**2 + y**2 - radius**2, y - np.exp(x)])


def three_species_balance(v: np.ndarray, total: float, ratio: float) -> np.ndarray:
    """Residuals of a small equilibrium: a + b + c = total, b = ratio * a**2, c = a * b."""
    a, b, c = np.asarray(v, dtype=float)
    return np.array([a + b + c - total, b - ratio * a**2, c - a * b])


def no_real_solution(v: np.ndarray) -> np.ndarray:
    """Residuals of x**2 + 1 = 0 and y = x: no real point solves both."""
    x, y = np.asarray(v, dtype=float)
    return np.array([x**2 + 1.0, y - x])
