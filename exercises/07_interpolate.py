"""Interpolation with scipy.interpolate: splines, shape-preserving and smoothing curves,
scattered and gridded 2-D data.

An interpolator is an object holding code, so every function here evaluates it at the
points it is given and returns the values. Outside the data an interpolator can only
guess (extrapolate); these functions say what to return there.

Fill in each function, then run `course check interpolate`.
"""

from __future__ import annotations

import numpy as np


def linear_interpolate(x: np.ndarray, y: np.ndarray, x_new: np.ndarray) -> np.ndarray:
    """Return the piecewise-linear interpolant of the points (x, y) evaluated at x_new.

    x holds distinct values in any order (shape (n,), n >= 2), y the matching values.
    Returns a float array of shape (m,) for x_new of shape (m,). Where x_new lies outside
    [min(x), max(x)] there is no data to interpolate: the value there is NaN.

    >>> linear_interpolate(np.array([2.0, 0.0, 1.0]), np.array([4.0, 0.0, 1.0]),
    ...                    np.array([0.5, 1.5, 3.0]))
    array([0.5, 2.5, nan])
    """
    # TODO: scipy.interpolate.interp1d is legacy; for straight lines between points NumPy
    #       has a function of its own (or use make_interp_spline with degree 1).
    # TODO: that function wants increasing x: sort x and y together first.
    # TODO: outside the data it repeats the end values by default: make it give NaN.
    raise NotImplementedError


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
    # TODO: build the cubic interpolating spline through (x, y) with the end condition
    #       bc_type (scipy.interpolate.CubicSpline or make_interp_spline with k=3).
    # TODO: evaluate it, and its first derivative, at x_new.
    raise NotImplementedError


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
    # TODO: build the PCHIP interpolator through (x, y) (a cubic spline would overshoot
    #       next to a jump in the data).
    # TODO: evaluate it at x_new.
    raise NotImplementedError


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
    # TODO: build the smoothing spline with scipy.interpolate.make_smoothing_spline,
    #       giving it the weights 1 / sigma**2 and lam.
    # TODO: evaluate it at x_new.
    raise NotImplementedError


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
    # TODO: make 2-D arrays of the grid's x and y coordinates whose shape is
    #       (len(grid_y), len(grid_x)) (mind the indexing order).
    # TODO: interpolate the scattered data there with scipy.interpolate.griddata and
    #       `method`; keep NaN outside the convex hull.
    raise NotImplementedError


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
    # TODO: build a scipy.interpolate.RBFInterpolator on the points and values with the
    #       given smoothing (keep the default kernel).
    # TODO: evaluate it at the query points.
    raise NotImplementedError


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
    # TODO: build a scipy.interpolate.RegularGridInterpolator on the axes (x, y) and the
    #       table with `method`.
    # TODO: by default it raises for points outside the table: ask for NaN instead.
    # TODO: evaluate it at the query points.
    raise NotImplementedError


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
    # TODO: build the cubic interpolating spline through (t, altitude).
    # TODO: find the times where it equals `level`, keeping only those inside the record
    #       (a spline can solve for a value; mind extrapolation).
    # TODO: the highest point is where the derivative is zero or at an end of the record:
    #       compare the spline's values at those candidate times.
    raise NotImplementedError
