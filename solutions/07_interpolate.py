"""Interpolation with scipy.interpolate: splines, shape-preserving and smoothing curves,
scattered and gridded 2-D data.

An interpolator is an object holding code, so every function here evaluates it at the
points it is given and returns the values. Outside the data an interpolator can only
guess (extrapolate); these functions say what to return there.
"""

from __future__ import annotations

import numpy as np
from scipy import interpolate


def linear_interpolate(x: np.ndarray, y: np.ndarray, x_new: np.ndarray) -> np.ndarray:
    """Return the piecewise-linear interpolant of the points (x, y) evaluated at x_new.

    x holds distinct values in any order (shape (n,), n >= 2), y the matching values.
    Returns a float array of shape (m,) for x_new of shape (m,). Where x_new lies outside
    [min(x), max(x)] there is no data to interpolate: the value there is NaN.

    >>> linear_interpolate(np.array([2.0, 0.0, 1.0]), np.array([4.0, 0.0, 1.0]),
    ...                    np.array([0.5, 1.5, 3.0]))
    array([0.5, 2.5, nan])
    """
    order = np.argsort(x)
    # np.interp needs increasing x, and by default it repeats the end values outside.
    return np.interp(x_new, np.asarray(x, dtype=float)[order],
                     np.asarray(y, dtype=float)[order], left=np.nan, right=np.nan)


def spline_values(x: np.ndarray, y: np.ndarray, x_new: np.ndarray,
                  bc_type: str = "not-a-knot") -> tuple[np.ndarray, np.ndarray]:
    """Return (values, slopes) of the cubic interpolating spline through (x, y) at x_new.

    x is strictly increasing (shape (n,), n >= 4), y the matching values. bc_type is the
    end condition: "not-a-knot" (the default) or "natural" (zero second derivative at
    both ends). values and slopes (the first derivative of the spline) are float arrays
    of the shape of x_new, whose points lie within [x[0], x[-1]].

    >>> values, slopes = spline_values(np.arange(5.0), np.arange(5.0) ** 3,
    ...                                np.array([1.5, 2.5]))
    >>> np.round(values, 6), np.round(slopes, 6)
    (array([ 3.375, 15.625]), array([ 6.75, 18.75]))
    """
    spline = interpolate.CubicSpline(x, y, bc_type=bc_type)
    return spline(x_new), spline(x_new, 1)


def monotone_values(x: np.ndarray, y: np.ndarray, x_new: np.ndarray) -> np.ndarray:
    """Return a shape-preserving (PCHIP) interpolant of (x, y) evaluated at x_new.

    Between data points where y rises (or falls) the curve does too, so it never
    overshoots the data: the right choice for a quantity that must stay within bounds
    (a fraction, a concentration, a cumulative count). x is strictly increasing
    (shape (n,)); returns a float array of the shape of x_new (points in [x[0], x[-1]]).

    >>> np.round(monotone_values(np.arange(4.0), np.array([0.0, 0.0, 1.0, 1.0]),
    ...                          np.array([0.5, 1.5, 2.5])), 6)
    array([0. , 0.5, 1. ])
    """
    return interpolate.PchipInterpolator(x, y)(x_new)


def smooth_values(x: np.ndarray, y: np.ndarray, sigma: np.ndarray, x_new: np.ndarray,
                  lam: float | None = None) -> np.ndarray:
    """Return a smoothing spline through noisy data (x, y), evaluated at x_new.

    Noisy data should not be interpolated: the curve would chase the noise. Use
    scipy.interpolate.make_smoothing_spline, weighting each point by 1 / sigma**2
    (sigma[i] > 0 is the standard deviation of y[i]), with the smoothing parameter
    `lam`; when lam is None let the function choose it (generalised cross-validation).
    (UnivariateSpline does a similar job but is legacy; make_splrep is its successor.)
    x is strictly increasing (shape (n,), n >= 5). Returns a float array of the shape
    of x_new.

    >>> x = np.linspace(0.0, 1.0, 20)
    >>> fit = smooth_values(x, 2.0 * x + 1.0, np.full(20, 0.1), np.array([0.25, 0.5]))
    >>> np.round(fit, 6)
    array([1.5, 2. ])
    """
    spline = interpolate.make_smoothing_spline(x, y, w=1.0 / np.asarray(sigma) ** 2, lam=lam)
    return spline(x_new)


def grid_from_scattered(points: np.ndarray, values: np.ndarray, grid_x: np.ndarray,
                        grid_y: np.ndarray, method: str = "linear") -> np.ndarray:
    """Interpolate values at scattered 2-D points onto a regular grid.

    points has shape (n, 2) (columns x and y), values shape (n,). method is "nearest",
    "linear" or "cubic". Returns a float array of shape (len(grid_y), len(grid_x)) whose
    [i, j] entry is the interpolated value at (grid_x[j], grid_y[i]) (rows follow y, as
    in an image). For "linear" and "cubic", grid points outside the convex hull of the
    data points are NaN.

    >>> corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> grid_from_scattered(corners, corners[:, 0] + 10 * corners[:, 1],
    ...                     np.array([0.5, 2.0]), np.array([0.0, 0.5, 1.0]))
    array([[ 0.5,  nan],
           [ 5.5,  nan],
           [10.5,  nan]])
    """
    grid_x_2d, grid_y_2d = np.meshgrid(grid_x, grid_y)  # shape (len(grid_y), len(grid_x))
    return interpolate.griddata(points, values, (grid_x_2d, grid_y_2d), method=method)


def rbf_values(points: np.ndarray, values: np.ndarray, query: np.ndarray,
               smoothing: float = 0.0) -> np.ndarray:
    """Interpolate scattered 2-D data with radial basis functions, evaluated at `query`.

    Use scipy.interpolate.RBFInterpolator with its default kernel (thin-plate spline,
    with a linear polynomial) and the given `smoothing` (0 passes exactly through the
    data; larger values smooth). points has shape (n, 2), values (n,), query (q, 2).
    Unlike a triangulation, the interpolant is defined everywhere, also outside the data.
    Returns a float array of shape (q,).

    >>> points = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> np.round(rbf_values(points, 1 + points[:, 0] - points[:, 1],
    ...                     np.array([[0.5, 0.5], [2.0, 0.0]])), 6)
    array([1., 3.])
    """
    return interpolate.RBFInterpolator(points, values, smoothing=smoothing)(query)


def table_lookup(x: np.ndarray, y: np.ndarray, table: np.ndarray, query: np.ndarray,
                 method: str = "linear") -> np.ndarray:
    """Interpolate in a table of values on a regular grid, at the points in `query`.

    table[i, j] is the value at (x[i], y[j]); x (shape (nx,)) and y (shape (ny,)) are
    strictly increasing, so table has shape (nx, ny). query has shape (q, 2), one (x, y)
    point per row. method is "linear" (bilinear) or "cubic" (the tensor-product cubic
    interpolating spline, not-a-knot, which RegularGridInterpolator's method="cubic"
    builds; SciPy solves for it iteratively, so its values may be off from the exact
    spline by about 1e-4 of the table's largest value, and either answer is accepted).
    Returns a float array of shape (q,); a query point outside the table's range gives
    NaN (neither an error nor a guess).

    >>> table = np.array([[0.0, 1.0], [10.0, 11.0]])   # value = 10 * x + y
    >>> table_lookup(np.array([0.0, 1.0]), np.array([0.0, 1.0]), table,
    ...              np.array([[0.5, 0.5], [0.2, 1.0], [1.5, 0.0]]))
    array([5.5, 3. , nan])
    """
    lookup = interpolate.RegularGridInterpolator((x, y), table, method=method,
                                                 bounds_error=False, fill_value=np.nan)
    return lookup(query)


def balloon_flight(t: np.ndarray, altitude: np.ndarray, level: float) -> dict[str, object]:
    """Analyse a weather balloon's altitude record with a cubic spline through it.

    t (minutes, strictly increasing, shape (n,), n >= 4) and altitude (metres, shape
    (n,)) are the record; the spline is the "not-a-knot" cubic interpolating spline.
    Returns a dict with
      "crossings": a float array of shape (k,), in increasing order, of the times in
                   [t[0], t[-1]] at which the spline equals `level` (k may be 0; times
                   outside the record are guesses and are not included),
      "peak_time": the time in [t[0], t[-1]] at which the spline is highest (float),
      "peak_altitude": the spline's value there (float).

    >>> flight = balloon_flight(np.arange(5.0), np.array([0.0, 3.0, 4.0, 3.0, 0.0]), 2.0)
    >>> np.round(flight["crossings"], 4), round(flight["peak_time"], 4)
    (array([0.5858, 3.4142]), 2.0)
    """
    spline = interpolate.CubicSpline(t, altitude)
    crossings = np.sort(spline.solve(level, extrapolate=False))
    # The highest point is where the slope is zero, or at one end of the record.
    candidates = np.concatenate([[t[0], t[-1]], spline.derivative().roots(extrapolate=False)])
    heights = spline(candidates)
    best = int(np.argmax(heights))
    return {"crossings": np.asarray(crossings, dtype=float),
            "peak_time": float(candidates[best]), "peak_altitude": float(heights[best])}
