"""Orthogonal distance regression: fitting models when both x and y carry errors.

scipy.odr is deprecated in SciPy 1.17 and leaves in SciPy 1.19; its successor is the
`odrpack` package on PyPI. Until then it works, and it is taught here on the SciPy that
is installed. Its import raises a DeprecationWarning, silenced below for that one message
only, so that every other warning still reaches you.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from scipy import stats

# The deprecation warning is reported at this import line (SciPy raises it with
# stacklevel=2), so match it by message and category: a module="scipy.odr" filter misses it.
ODR_DEPRECATION = r"`scipy\.odr` is deprecated"

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=ODR_DEPRECATION, category=DeprecationWarning)
    from scipy import odr


def linear_model(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The straight line y = beta[0] * x + beta[1], written the way scipy.odr calls models.

    ODR model functions take the parameters FIRST and the data second, f(beta, x) (the
    reverse of scipy.optimize.curve_fit's f(x, *params)). beta is an array [slope,
    intercept]; x an array of any shape. Returns a float array of the shape of x.

    >>> linear_model(np.array([2.0, 1.0]), np.array([0.0, 1.0, 2.0]))
    array([1., 3., 5.])
    """
    return beta[0] * x + beta[1]


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
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # filterwarnings puts its rule in front, so it wins over "always" for this message.
        warnings.filterwarnings("ignore", message=ODR_DEPRECATION, category=DeprecationWarning)
        result = function(value)
    return float(result), [str(warning.message) for warning in caught]


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
    data = odr.RealData(x, y, sx=sx, sy=sy)
    output = odr.ODR(data, odr.Model(linear_model), beta0=beta0).run()
    return np.asarray(output.beta, dtype=float), np.asarray(output.sd_beta, dtype=float)


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
    data = odr.RealData(x, y, sx=sx, sy=sy)
    output = odr.ODR(data, odr.Model(model), beta0=beta0).run()
    return {
        "beta": np.asarray(output.beta, dtype=float),
        "sd_beta": np.asarray(output.sd_beta, dtype=float),
        "x_fitted": np.asarray(output.xplus, dtype=float),
        "y_fitted": np.asarray(output.y, dtype=float),
    }


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
    least_squares = stats.linregress(x, y)
    data = odr.RealData(x, y, sx=sx, sy=sy)
    beta0 = [least_squares.slope, least_squares.intercept]
    output = odr.ODR(data, odr.unilinear, beta0=beta0).run()
    return float(least_squares.slope), float(output.beta[0])


def _circle(beta: np.ndarray, points: np.ndarray) -> np.ndarray:
    # Implicit model: zero on the circle. points has shape (2, n), rows x and y.
    return (points[0] - beta[0]) ** 2 + (points[1] - beta[1]) ** 2 - beta[2] ** 2


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
    points = np.asarray(points, dtype=float)
    # Start from the algebraic fit x^2 + y^2 = 2 a x + 2 b y + c: good even for a short arc,
    # where the centroid of the points is far from the centre.
    design = np.column_stack([2 * points, np.ones(len(points))])
    a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
    beta0 = [a, b, np.sqrt(c + a ** 2 + b ** 2)]
    data = odr.Data(points.T, y=1)
    output = odr.ODR(data, odr.Model(_circle, implicit=True), beta0=beta0).run()
    xc, yc, r = output.beta
    # Only r**2 enters the model, so the fit may come back with a negative r.
    return np.array([xc, yc, abs(r)], dtype=float)
