"""Suite for topic 07, interpolate.

Tolerances: interpolation is plain arithmetic on the data, so two correct ways of
building the same interpolant (CubicSpline or make_interp_spline, griddata or
LinearNDInterpolator, a hand-made solve) agree to ~1e-12; values are compared with a
relative 1e-8 (1e-6 where a linear system of radial basis functions is solved; 1e-3 of
the table's scale for a cubic table lookup, whose RegularGridInterpolator solves its spline
iteratively). NaN must be NaN exactly where the data cannot answer.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.interpolate
import scipy.sparse.linalg

from checker.expect import exercise, expect_array, expect_equal, expect_float

TIGHT = 1e-8  # relative; two correct interpolants of the same data agree to ~1e-12


def _distinct_sorted(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    # Gaps of at least a tenth of the average spacing: no two points nearly coincide.
    gaps = rng.uniform(0.1, 1.0, n - 1)
    return low + (high - low) * np.concatenate([[0.0], np.cumsum(gaps) / gaps.sum()])


# -- linear_interpolate -----------------------------------------------------------------

def _reference_linear(x, y, x_new):
    order = np.argsort(x)
    return np.interp(x_new, x[order], y[order], left=np.nan, right=np.nan)


@exercise("interpolate.linear_interpolate")
def test_linear_interpolate_example(learner):
    x, y = np.array([2.0, 0.0, 1.0]), np.array([4.0, 0.0, 1.0])
    x_new = np.array([0.5, 1.5, 3.0, -0.5, 0.0, 2.0])
    expect_array(learner.linear_interpolate(x, y, x_new), [0.5, 2.5, np.nan, np.nan, 0.0, 4.0],
                 shape=(6,), dtype_kind="f", rtol=TIGHT,
                 what="linear_interpolate(x=[2, 0, 1], y=[4, 0, 1]) at [0.5, 1.5, 3, -0.5, 0, 2]"
                      ": x is unsorted, 3 and -0.5 are outside the data (NaN), 0 and 2 are its "
                      "ends")


@exercise("interpolate.linear_interpolate")
def test_linear_interpolate_random(learner, rng):
    n = int(rng.integers(5, 30))
    x = rng.permutation(_distinct_sorted(rng, n, -3.0, 7.0))
    y = rng.normal(0.0, 5.0, n)
    x_new = rng.uniform(-5.0, 9.0, 40)
    expect_array(learner.linear_interpolate(x, y, x_new), _reference_linear(x, y, x_new),
                 shape=(40,), dtype_kind="f", rtol=TIGHT, atol=1e-12,
                 what=f"linear_interpolate on {n} shuffled random points, at 40 points of "
                      "which some lie outside [min(x), max(x)] (NaN there)")


@exercise("interpolate.linear_interpolate")
def test_linear_interpolate_decreasing_x(learner):
    x = np.array([3.0, 2.0, 1.0, 0.0])
    y = np.array([9.0, 4.0, 1.0, 0.0])
    x_new = np.array([0.5, 2.5, 3.5])
    expect_array(learner.linear_interpolate(x, y, x_new), [0.5, 6.5, np.nan], shape=(3,),
                 dtype_kind="f", rtol=TIGHT,
                 what="linear_interpolate with decreasing x=[3, 2, 1, 0], y=x**2, at "
                      "[0.5, 2.5, 3.5]")


# -- spline_values ----------------------------------------------------------------------

def _check_spline(learner, x, y, x_new, bc_type, case):
    spline = scipy.interpolate.CubicSpline(x, y, bc_type=bc_type)
    got = learner.spline_values(x, y, x_new, bc_type)
    expect_equal(type(got).__name__, "tuple", what="spline_values returns a tuple")
    values, slopes = got
    scale = float(np.max(np.abs(y)))
    expect_array(values, spline(x_new), shape=x_new.shape, dtype_kind="f", rtol=TIGHT,
                 atol=1e-10 * scale, what=f"the values from spline_values({case}, "
                                          f"bc_type={bc_type!r})")
    expect_array(slopes, spline(x_new, 1), shape=x_new.shape, dtype_kind="f", rtol=1e-7,
                 atol=1e-9 * scale, what=f"the slopes from spline_values({case}, "
                                         f"bc_type={bc_type!r}): the spline's own derivative")


@exercise("interpolate.spline_values")
@pytest.mark.parametrize("bc_type", ["not-a-knot", "natural"])
def test_spline_values_sine(learner, bc_type):
    x = np.linspace(0.0, 2.0 * np.pi, 7)
    _check_spline(learner, x, np.sin(x), np.linspace(0.1, 6.2, 25), bc_type,
                  "sin at 7 points of [0, 2 pi]")


@exercise("interpolate.spline_values")
@pytest.mark.parametrize("bc_type", ["not-a-knot", "natural"])
def test_spline_values_random(learner, rng, bc_type):
    n = int(rng.integers(5, 20))
    x = _distinct_sorted(rng, n, 0.0, 10.0)
    y = rng.normal(0.0, 3.0, n)
    x_new = np.sort(np.concatenate([rng.uniform(0.0, 10.0, 30), x[[0, -1]]]))
    _check_spline(learner, x, y, x_new, bc_type, f"{n} random points")


# -- monotone_values --------------------------------------------------------------------

@exercise("interpolate.monotone_values")
def test_monotone_values_step(learner):
    # A dose-response step: a cubic spline overshoots above 1 and below 0 here.
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    y = np.array([0.0, 0.0, 0.02, 0.9, 1.0, 1.0, 1.0])
    x_new = np.linspace(0.0, 6.0, 61)
    got = learner.monotone_values(x, y, x_new)
    expect_array(got, scipy.interpolate.PchipInterpolator(x, y)(x_new), shape=(61,),
                 dtype_kind="f", rtol=TIGHT, atol=1e-12,
                 what="monotone_values on a step from 0 to 1, at 61 points")
    expect_float(float(np.max(got)), 1.0, rtol=0.0, atol=1e-12,
                 what="the largest value from monotone_values on a step from 0 to 1: a "
                      "shape-preserving curve never goes above the data")


@exercise("interpolate.monotone_values")
def test_monotone_values_random(learner, rng):
    n = int(rng.integers(5, 15))
    x = _distinct_sorted(rng, n, 0.0, 1.0)
    y = np.cumsum(rng.exponential(1.0, n) * (rng.random(n) < 0.6))
    x_new = rng.uniform(0.0, 1.0, 50)
    expect_array(learner.monotone_values(x, y, x_new),
                 scipy.interpolate.PchipInterpolator(x, y)(x_new), shape=(50,),
                 dtype_kind="f", rtol=TIGHT, atol=1e-12,
                 what=f"monotone_values on {n} random non-decreasing points")


# -- smooth_values ----------------------------------------------------------------------

def _check_smooth(learner, x, y, sigma, x_new, lam, case):
    expected = scipy.interpolate.make_smoothing_spline(x, y, w=1.0 / sigma**2, lam=lam)(x_new)
    expect_array(learner.smooth_values(x, y, sigma, x_new, lam), expected, shape=x_new.shape,
                 dtype_kind="f", rtol=1e-6, atol=1e-9 * float(np.max(np.abs(y))),
                 what=f"smooth_values({case}, lam={lam if lam is None else f'{lam:.3g}'}), "
                      "a spline fitted with weights 1/sigma**2")


def _noisy_curve(rng, n, sigma):
    x = _distinct_sorted(rng, n, 0.0, 10.0)
    return x, np.sin(x) + 0.2 * x + sigma * rng.standard_normal(n)


@exercise("interpolate.smooth_values")
# Fixed lam first: with equal sigmas and lam=None, weights off by a constant factor choose
# the same curve (cross-validation rescales lam), so only the search's rounding tells.
@pytest.mark.parametrize("lam", [0.05, 3.0, None])
def test_smooth_values(learner, rng, lam):
    sigma = np.full(40, 0.2)
    x, y = _noisy_curve(rng, 40, sigma)
    _check_smooth(learner, x, y, sigma, np.linspace(0.0, 10.0, 30), lam,
                  "40 noisy points with sigma 0.2")


@exercise("interpolate.smooth_values")
@pytest.mark.parametrize("lam", [None, 0.5])
def test_smooth_values_unequal_errors(learner, rng, lam):
    # Every fourth point is ten times less precise: weights 1/sigma**2 count it 100x less.
    sigma = np.where(np.arange(50) % 4 == 0, 1.0, 0.1)
    x, y = _noisy_curve(rng, 50, sigma)
    _check_smooth(learner, x, y, sigma, np.linspace(0.0, 10.0, 30), lam,
                  "50 noisy points, every fourth with sigma 1 instead of 0.1")


# -- grid_from_scattered ----------------------------------------------------------------

def _surface(points: np.ndarray) -> np.ndarray:
    return np.sin(3.0 * points[:, 0]) + points[:, 1] ** 2 - 0.5 * points[:, 0] * points[:, 1]


@exercise("interpolate.grid_from_scattered")
@pytest.mark.parametrize("method", ["linear", "cubic", "nearest"])
def test_grid_from_scattered(learner, rng, method):
    points = rng.uniform(0.0, 1.0, (60, 2))
    values = _surface(points)
    grid_x = np.linspace(-0.1, 1.1, 13)   # beyond the data on both sides
    grid_y = np.linspace(0.05, 0.95, 7)   # a different length, so a transposed answer shows
    X, Y = np.meshgrid(grid_x, grid_y)
    expected = scipy.interpolate.griddata(points, values, (X, Y), method=method)
    expect_array(learner.grid_from_scattered(points, values, grid_x, grid_y, method),
                 expected, shape=(7, 13), dtype_kind="f", rtol=TIGHT, atol=1e-12,
                 what=f"grid_from_scattered(60 random points, a 13 x-values by 7 y-values "
                      f"grid, method={method!r}): shape (len(grid_y), len(grid_x)), NaN "
                      "outside the data's convex hull except for 'nearest'")


@exercise("interpolate.grid_from_scattered")
def test_grid_from_scattered_plane(learner):
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    got = learner.grid_from_scattered(corners, corners[:, 0] + 10.0 * corners[:, 1],
                                      np.array([0.5, 2.0]), np.array([0.0, 0.5, 1.0]),
                                      "linear")
    expect_array(got, [[0.5, np.nan], [5.5, np.nan], [10.5, np.nan]], shape=(3, 2),
                 dtype_kind="f", rtol=TIGHT,
                 what="grid_from_scattered of the plane x + 10 y on the unit square's "
                      "corners, at grid_x [0.5, 2], grid_y [0, 0.5, 1] (x = 2 is outside)")


# -- rbf_values -------------------------------------------------------------------------

def _check_rbf(learner, points, values, query, smoothing, case):
    expected = scipy.interpolate.RBFInterpolator(points, values, smoothing=smoothing)(query)
    got = learner.rbf_values(points, values, query, smoothing)
    expect_array(got, expected, shape=(len(query),), dtype_kind="f", rtol=1e-6,
                 atol=1e-8 * float(np.max(np.abs(values))),
                 what=f"rbf_values({case}, smoothing={smoothing:g})")


@exercise("interpolate.rbf_values")
def test_rbf_values_inside_and_outside(learner, rng):
    points = rng.uniform(0.0, 1.0, (40, 2))
    query = np.vstack([rng.uniform(0.0, 1.0, (20, 2)), rng.uniform(1.2, 1.5, (5, 2))])
    _check_rbf(learner, points, _surface(points), query, 0.0,
               "40 random points, 20 queries inside and 5 beyond the data")


@exercise("interpolate.rbf_values")
def test_rbf_values_pass_through_data(learner, rng):
    points = rng.uniform(-2.0, 2.0, (25, 2))
    values = _surface(points)
    expect_array(learner.rbf_values(points, values, points, 0.0), values, shape=(25,),
                 dtype_kind="f", rtol=1e-6, atol=1e-8,
                 what="rbf_values at the data points themselves with smoothing 0: an "
                      "interpolant passes through the data")


@exercise("interpolate.rbf_values")
@pytest.mark.parametrize("smoothing", [0.1, 5.0])
def test_rbf_values_smoothing(learner, rng, smoothing):
    points = rng.uniform(0.0, 1.0, (50, 2))
    values = _surface(points) + 0.1 * rng.standard_normal(50)
    _check_rbf(learner, points, values, rng.uniform(0.0, 1.0, (15, 2)), smoothing,
               "50 noisy random points")


# -- table_lookup -----------------------------------------------------------------------

def _table(rng):
    x = np.sort(rng.uniform(0.0, 10.0, 6)) + np.arange(6.0)   # uneven but increasing
    y = np.linspace(-1.0, 1.0, 9)
    table = np.sin(x)[:, None] * 3.0 + np.exp(y)[None, :] * x[:, None] / 5.0
    return x, y, table


# RegularGridInterpolator's method="cubic" solves for its spline with an iterative solver
# (gcrotmk, rtol 1e-5; scipy/scipy#23356), so on these tables its values are up to 1.8e-4
# of the table's largest value away from the exact not-a-knot spline (300 seeds), which
# RectBivariateSpline, method="cubic_legacy" or a spline per axis give to ~1e-14. Both
# are right; "cubic" is held to 1e-3 of the table's scale, while "linear" (off by at
# least 4.5e-2 of it), "pchip" (2.6e-2) and "quintic" (4e-3) stay out.
CUBIC_TABLE_TOLERANCE = 1e-3


@exercise("interpolate.table_lookup")
@pytest.mark.parametrize("method", ["linear", "cubic"])
def test_table_lookup(learner, rng, method):
    x, y, table = _table(rng)
    query = np.column_stack([rng.uniform(x[0], x[-1], 20), rng.uniform(-1.0, 1.0, 20)])
    query = np.vstack([query, [[x[2], y[3]], [x[0], y[-1]]]])   # on grid points, an edge
    if method == "cubic":
        exact = scipy.interpolate.RegularGridInterpolator(
            (x, y), table, method="cubic", solver=scipy.sparse.linalg.spsolve)
        expected = exact(query)
        atol = CUBIC_TABLE_TOLERANCE * float(np.max(np.abs(table)))
        rtol = 0.0
    else:
        expected = scipy.interpolate.RegularGridInterpolator((x, y), table)(query)
        rtol, atol = TIGHT, 1e-12
    expect_array(learner.table_lookup(x, y, table, query, method), expected, shape=(22,),
                 dtype_kind="f", rtol=rtol, atol=atol,
                 what=f"table_lookup in a 6 x 9 table (table[i, j] at (x[i], y[j])), "
                      f"method={method!r}, at 22 points inside it")


@exercise("interpolate.table_lookup")
def test_table_lookup_outside(learner, rng):
    x, y, table = _table(rng)
    query = np.array([[x[0] - 0.5, 0.0], [0.5 * (x[0] + x[1]), 1.5], [x[-1] + 1.0, -2.0],
                      [x[1], 0.0]])
    inside = scipy.interpolate.RegularGridInterpolator((x, y), table)(query[3:])
    expect_array(learner.table_lookup(x, y, table, query, "linear"),
                 [np.nan, np.nan, np.nan, inside[0]], shape=(4,), dtype_kind="f", rtol=TIGHT,
                 what="table_lookup at three points outside the table's range (NaN: no "
                      "extrapolation) and one inside")


# -- balloon_flight ---------------------------------------------------------------------

def _reference_flight(t, altitude, level):
    spline = scipy.interpolate.CubicSpline(t, altitude)
    crossings = np.sort(spline.solve(level, extrapolate=False))
    candidates = np.concatenate([[t[0], t[-1]], spline.derivative().roots(extrapolate=False)])
    best = int(np.argmax(spline(candidates)))
    return crossings, float(candidates[best]), float(spline(candidates[best]))


def _check_flight(learner, t, altitude, level, case):
    crossings, peak_time, peak_altitude = _reference_flight(t, altitude, level)
    got = learner.balloon_flight(t, altitude, level)
    expect_equal(type(got).__name__, "dict", what=f"balloon_flight({case}) returns a dict")
    expect_equal(sorted(map(str, got)), ["crossings", "peak_altitude", "peak_time"],
                 what=f"the keys of balloon_flight({case})")
    span = float(t[-1] - t[0])
    expect_array(got["crossings"], crossings, shape=crossings.shape, dtype_kind="f",
                 rtol=0.0, atol=1e-8 * span,
                 what=f"the crossings of {level:g} m from balloon_flight({case}): only times "
                      f"inside [{t[0]:g}, {t[-1]:g}]")
    # A bounded search may stop a hair short of a peak at the end of the record.
    expect_float(got["peak_altitude"], peak_altitude, rtol=1e-6,
                 what=f"the peak altitude from balloon_flight({case})")
    # A maximum is flat, so its time is less sharply defined than its height.
    expect_float(got["peak_time"], peak_time, rtol=0.0, atol=1e-4 * span,
                 what=f"the peak time from balloon_flight({case})")


@exercise("interpolate.balloon_flight")
def test_balloon_flight_extrapolation_not_counted(learner):
    # Beyond t = 5 the spline would fall through 200 m: that guess is not a crossing.
    t = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    altitude = np.array([100.0, 300.0, 450.0, 500.0, 420.0, 250.0])
    _check_flight(learner, t, altitude, 200.0, "a record from 100 m up to 500 m and down to "
                                               "250 m, level 200 m")


@exercise("interpolate.balloon_flight")
def test_balloon_flight_level_never_reached(learner):
    t = np.array([0.0, 2.0, 3.0, 7.0, 8.0])
    altitude = np.array([0.0, 800.0, 1500.0, 2600.0, 2900.0])
    _check_flight(learner, t, altitude, 5000.0,
                  "a rising record up to 2900 m, level 5000 m (no crossing: shape (0,); the "
                  "peak is at the end)")


@exercise("interpolate.balloon_flight")
def test_balloon_flight_falling_from_the_start(learner, rng):
    # The record starts just after the balloon burst, at its highest, and falls under the
    # parachute, with a small updraft on the way: the peak is the first sample, t[0].
    minutes_per_sample = round(float(rng.uniform(0.5, 3.0)), 2)
    t = np.arange(9.0) * minutes_per_sample
    altitude = np.array([30000.0, 27500.0, 24000.0, 21500.0, 20000.0, 20400.0, 19000.0,
                         16000.0, 12500.0]) + float(round(rng.uniform(-500.0, 500.0)))
    level = float(altitude[0]) - 7000.0  # between two samples
    _check_flight(learner, t, altitude, level,
                  f"a record falling from {altitude[0]:.0f} m over {t[-1]:.4g} min with an "
                  f"updraft on the way, level {level:.0f} m (the highest point is the start "
                  "of the record)")


@exercise("interpolate.balloon_flight")
def test_balloon_flight_two_climbs(learner, rng):
    # Up to about 1760 m, down, then up again to end the record still climbing slowly.
    # The highest point is the end: a bounded search (a local maximiser) settles on the
    # first hump, and the spline's turning point just after the end is a guess.
    minutes_per_sample = round(float(rng.uniform(0.5, 3.0)), 2)
    ground = float(round(rng.uniform(0.0, 300.0)))
    t = np.arange(11.0) * minutes_per_sample
    altitude = ground + np.array([0.0, 900.0, 1600.0, 1750.0, 1500.0, 1200.0, 1250.0, 1450.0,
                                  1600.0, 1720.0, 1780.0])
    _check_flight(learner, t, altitude, ground + 1400.0,
                  f"a record of two climbs over {t[-1]:.4g} min, ending at its highest, "
                  f"level {ground + 1400.0:.0f} m")


@exercise("interpolate.balloon_flight")
def test_balloon_flight_random(learner, rng):
    n = int(rng.integers(8, 20))
    t = _distinct_sorted(rng, n, 0.0, float(rng.uniform(60.0, 180.0)))
    climb = np.sin(np.pi * t / t[-1] * float(rng.uniform(0.8, 1.6)))
    altitude = 100.0 + 3000.0 * climb + rng.normal(0.0, 50.0, n)
    level = round(float(rng.uniform(800.0, 2000.0)), 1)
    _check_flight(learner, t, altitude, level,
                  f"a random record of {n} points over {t[-1]:.0f} min, level {level} m")
