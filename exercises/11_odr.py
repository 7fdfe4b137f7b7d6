"""Orthogonal distance regression: fitting models when both x and y carry errors.

scipy.odr is deprecated in SciPy 1.17 and leaves in SciPy 1.19; its successor is the
`odrpack` package on PyPI. Until then it works, and this topic teaches it on the SciPy
that is installed. Importing it raises a DeprecationWarning: silence that one warning,
and only that one, so every other warning still reaches you.

Fill in each function, then run `course check odr`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# TODO: import warnings, then import scipy.odr here (and scipy.stats, for ordinary least
#       squares) inside a `with warnings.catch_warnings():` block that ignores only the
#       DeprecationWarning whose message starts with "`scipy.odr` is deprecated". Filter
#       on the message and the category: SciPy reports that warning at YOUR import line,
#       so a filter on module="scipy.odr" does not catch it, and ignoring every
#       DeprecationWarning hides warnings you need to see.


def linear_model(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The straight line y = beta[0] * x + beta[1], written the way scipy.odr calls models.

    ODR model functions take the parameters FIRST and the data second, f(beta, x) (the
    reverse of scipy.optimize.curve_fit's f(x, *params)). beta is an array [slope,
    intercept]; x an array of any shape. Returns a float array of the shape of x.

    >>> linear_model(np.array([2.0, 1.0]), np.array([0.0, 1.0, 2.0]))
    array([1., 3., 5.])
    """
    # TODO: return the straight line for slope beta[0] and intercept beta[1] at every x.
    #       Note the order of the arguments: scipy.odr passes the parameters first.
    raise NotImplementedError


def call_without_odr_warning(function: Callable[[float], float],
                             value: float) -> tuple[float, list[str]]:
    """Call function(value) with the scipy.odr deprecation warning hidden and no other.

    Ignore exactly the DeprecationWarning whose message starts with "`scipy.odr` is
    deprecated"; record every other warning the call raises, each time it is raised,
    whatever Python's default filters would do (they hide most DeprecationWarnings). Leave
    the warning filters as they were afterwards.

    Returns (result, messages): the function's result as a Python float, and the messages
    (str) of the recorded warnings in the order they were raised.

    >>> def noisy(v):
    ...     warnings.warn("`scipy.odr` is deprecated as of version 1.17.0", DeprecationWarning)
    ...     warnings.warn("careful", UserWarning)
    ...     return 2 * v
    >>> call_without_odr_warning(noisy, 1.5)
    (3.0, ['careful'])
    """
    # TODO: open a warnings.catch_warnings block that records the warnings in a list.
    # TODO: inside it, make every warning be recorded (Python's defaults hide many), then add
    #       an "ignore" rule for just the DeprecationWarning whose message starts with
    #       "`scipy.odr` is deprecated" (match its message and category, not a module).
    # TODO: call the function; return its result as a float and the recorded messages.
    raise NotImplementedError


def fit_line(x: np.ndarray, y: np.ndarray, sx: np.ndarray, sy: np.ndarray,
             beta0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fit the line y = beta[0] * x + beta[1] by ODR, with standard errors sx on x and sy on y.

    x, y, sx, sy are float arrays of shape (n,) (sx and sy: one standard deviation per
    point); beta0 is the starting guess [slope, intercept]. Returns (beta, sd_beta): the
    fitted [slope, intercept] and their standard errors, float arrays of shape (2,).

    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); ones = np.ones(4)
    >>> beta, sd_beta = fit_line(x, 2 * x + 1, ones, ones, np.array([1.0, 0.0]))
    >>> np.round(beta, 6)
    array([2., 1.])
    """
    # TODO: describe the data with standard errors on both axes (scipy.odr's RealData).
    # TODO: wrap your linear_model in a scipy.odr Model and run an ODR fit from beta0.
    # TODO: return the fitted parameters and their standard errors as float arrays.
    raise NotImplementedError


def fit_model(model: Callable[[np.ndarray, np.ndarray], np.ndarray], x: np.ndarray,
              y: np.ndarray, sx: np.ndarray, sy: np.ndarray,
              beta0: np.ndarray) -> dict[str, np.ndarray]:
    """Fit any model function f(beta, x) by ODR, with standard errors sx on x and sy on y.

    model follows scipy.odr's convention f(beta, x) -> y. x, y, sx, sy are float arrays of
    shape (n,); beta0 the starting parameters, shape (p,). Returns a dict of float arrays:
        "beta":     the fitted parameters, shape (p,)
        "sd_beta":  their standard errors, shape (p,)
        "x_fitted": the x values ODR moved the points to (x plus its estimated errors), (n,)
        "y_fitted": model(beta, x_fitted), the fitted y at those x values, shape (n,)

    >>> x = np.array([1.0, 2.0, 3.0]); ones = np.ones(3)
    >>> result = fit_model(linear_model, x, 3 * x, ones, ones, np.array([1.0, 0.0]))
    >>> sorted(result)
    ['beta', 'sd_beta', 'x_fitted', 'y_fitted']
    """
    # TODO: fit the given model function by ODR, as in fit_line (data with sx and sy).
    # TODO: return the dict: the parameters, their standard errors, and the fitted x and y
    #       points that the ODR output carries.
    raise NotImplementedError


def ols_and_odr_slopes(x: np.ndarray, y: np.ndarray, sx: np.ndarray,
                       sy: np.ndarray) -> tuple[float, float]:
    """The slope of a straight line through (x, y) by ordinary least squares and by ODR.

    Ordinary least squares treats x as exact and ignores sx and sy; ODR uses the standard
    errors sx on x and sy on y (float arrays of shape (n,)), starting from the
    least-squares line. When x is noisy, least squares flattens the slope towards zero.
    Returns (ols_slope, odr_slope) as Python floats.

    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); ones = np.ones(4)
    >>> [round(s, 6) for s in ols_and_odr_slopes(x, 2 * x + 1, ones, ones)]
    [2.0, 2.0]
    """
    # TODO: fit a straight line by ordinary least squares (scipy.stats has one), ignoring
    #       sx and sy.
    # TODO: fit the line by ODR with sx and sy, starting from the least-squares line.
    # TODO: return both slopes as Python floats.
    raise NotImplementedError


def fit_circle(points: np.ndarray) -> np.ndarray:
    """Fit a circle to measured points, minimising their orthogonal distances to it.

    points is a float array of shape (n, 2), rows (x, y), with n >= 3, possibly covering
    only an arc of the circle. Returns a float array [xc, yc, r] of shape (3,): the centre
    and the radius, with r > 0.

    >>> angles = np.linspace(0.0, np.pi, 7)
    >>> arc = np.column_stack([1 + 2 * np.cos(angles), -1 + 2 * np.sin(angles)])
    >>> np.round(fit_circle(arc), 6)
    array([ 1., -1.,  2.])
    """
    # TODO: write the circle as an implicit model of (beta, xy) that is zero on the circle.
    # TODO: find a starting guess that works even for a short arc.
    # TODO: run an implicit ODR fit on the points and return [xc, yc, r] with r positive.
    raise NotImplementedError
