"""Suite for topic 13, spatial."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.interpolate
import scipy.spatial
import scipy.spatial.distance
from scipy.spatial.transform import Rotation

from checker.expect import exercise, expect_array, expect_equal, expect_float, expect_value


def _expect_tuple(got, length: int, what: str) -> None:
    __tracebackhide__ = True
    expect_equal(type(got).__name__, "tuple", what=f"the type {what} returns")
    expect_value(len(got), length, what=f"the number of items {what} returns")


# -- distance_matrix -----------------------------------------------------------------------

@exercise("spatial.distance_matrix")
@pytest.mark.parametrize("metric", ["euclidean", "cityblock", "chebyshev"])
def test_distance_matrix(learner, rng, metric):
    # At least 2-D: on a line every Minkowski-family metric gives the same distances, so a
    # dropped metric argument would go unseen.
    m, n, d = int(rng.integers(2, 20)), int(rng.integers(21, 40)), int(rng.integers(2, 5))
    a, b = rng.normal(0.0, 5.0, (m, d)), rng.normal(0.0, 5.0, (n, d))
    expected = scipy.spatial.distance.cdist(a, b, metric=metric)
    expect_array(learner.distance_matrix(a, b, metric), expected, shape=(m, n), dtype_kind="f",
                 rtol=1e-10, atol=1e-12,
                 what=f"distance_matrix of {m} and {n} random points in {d}-D, {metric!r}")


@exercise("spatial.distance_matrix")
@pytest.mark.parametrize("metric", ["sqeuclidean", "cosine"])
def test_distance_matrix_any_scipy_metric(learner, rng, metric):
    # The docstring promises any metric name SciPy knows, not just the three it names: a
    # formula written out for those three gives Euclidean distances for every other name.
    m, n = int(rng.integers(2, 10)), int(rng.integers(11, 20))
    a, b = rng.normal(0.0, 5.0, (m, 3)), rng.normal(0.0, 5.0, (n, 3))
    expected = scipy.spatial.distance.cdist(a, b, metric=metric)
    expect_array(learner.distance_matrix(a, b, metric), expected, shape=(m, n), dtype_kind="f",
                 rtol=1e-10, atol=1e-12,
                 what=f"distance_matrix of {m} and {n} random 3-D points, {metric!r} (a metric "
                      "SciPy knows beyond the three the docstring names: pass it on to SciPy)")


@exercise("spatial.distance_matrix")
def test_distance_matrix_default_metric(learner, rng):
    a, b = rng.normal(0.0, 1.0, (4, 3)), rng.normal(0.0, 1.0, (6, 3))
    expected = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1))
    expect_array(learner.distance_matrix(a, b), expected, shape=(4, 6), dtype_kind="f",
                 rtol=1e-10, atol=1e-12,
                 what="distance_matrix of 4 and 6 random 3-D points with the default metric")


# -- closest_pair --------------------------------------------------------------------------

def _check_closest_pair(learner, points: np.ndarray, label: str) -> None:
    distances = scipy.spatial.distance.squareform(scipy.spatial.distance.pdist(points))
    distances[np.diag_indices(len(points))] = np.inf
    i, j = sorted(int(v) for v in np.unravel_index(np.argmin(distances), distances.shape))
    got = learner.closest_pair(points)
    _expect_tuple(got, 3, f"closest_pair for {label}")
    expect_value(got[:2], (i, j), what=f"the indices (i, j), i < j, of the closest pair "
                                       f"for {label}")
    expect_float(got[2], distances[i, j], rtol=1e-10, what=f"the closest distance for {label}")


@exercise("spatial.closest_pair")
def test_closest_pair_example(learner):
    points = np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 0.5], [9.0, 0.0]])
    _check_closest_pair(learner, points, f"{points.tolist()}")


@exercise("spatial.closest_pair")
@pytest.mark.parametrize("d", [2, 3])
def test_closest_pair_random(learner, rng, d):
    n = int(rng.integers(10, 200))
    points = rng.uniform(-100.0, 100.0, (n, d))
    _check_closest_pair(learner, points, f"{n} random {d}-D points")


@exercise("spatial.closest_pair")
def test_closest_pair_last_two(learner, rng):
    # The pair is (n-2, n-1): the largest indices, in the last cells of the matrix.
    points = np.vstack([np.arange(10.0)[:, None] * [10.0, 0.0], [[50.0, 50.0], [50.5, 50.0]]])
    _check_closest_pair(learner, points, "ten points 10 apart on a line and two 0.5 apart "
                                         "at the end")


# -- nearest_neighbours --------------------------------------------------------------------

def _check_neighbours(learner, points, queries, k, label):
    brute = scipy.spatial.distance.cdist(queries, points)
    order = np.argsort(brute, axis=1, kind="stable")[:, :k]
    expected_distances = np.take_along_axis(brute, order, axis=1)
    got = learner.nearest_neighbours(points, queries, k)
    _expect_tuple(got, 2, f"nearest_neighbours for {label}")
    distances, indices = got
    q = len(queries)
    expect_array(distances, expected_distances, shape=(q, k), dtype_kind="f", rtol=1e-10,
                 atol=1e-12, what=f"the distances (first item) for {label}")
    expect_array(indices, order, shape=(q, k), dtype_kind="i",
                 what=f"the indices (second item) for {label}")


@exercise("spatial.nearest_neighbours")
def test_nearest_neighbours_example(learner):
    points = np.array([[0.0, 0.0], [2.0, 0.0], [5.0, 0.0]])
    _check_neighbours(learner, points, np.array([[1.9, 0.0]]), 2, "the docstring's example")


@exercise("spatial.nearest_neighbours")
@pytest.mark.parametrize("k", [1, 3, "all"])
def test_nearest_neighbours_random(learner, rng, k):
    n, q = int(rng.integers(20, 300)), int(rng.integers(5, 50))
    k = n if k == "all" else k
    points, queries = rng.normal(0.0, 10.0, (n, 2)), rng.normal(0.0, 12.0, (q, 2))
    _check_neighbours(learner, points, queries, k,
                      f"{q} random queries among {n} random points, k={k}"
                      + (" (the shape must stay (q, 1))" if k == 1 else ""))


# -- hull_measures -------------------------------------------------------------------------

def _check_hull(learner, points, perimeter, area, corners, label):
    got = learner.hull_measures(points)
    _expect_tuple(got, 3, f"hull_measures for {label}")
    expect_float(got[0], perimeter, rtol=1e-9, what=f"the perimeter for {label}")
    expect_float(got[1], area, rtol=1e-9, what=f"the area for {label}")
    expect_array(got[2], np.sort(corners), shape=(len(corners),), dtype_kind="i",
                 what=f"the corner indices, sorted, for {label}")


@exercise("spatial.hull_measures")
def test_hull_measures_rectangle(learner, rng):
    # A 3 x 5 rectangle: perimeter 16, area 15; edge midpoints and inner points are no corners.
    corners = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 5.0], [0.0, 5.0]])
    others = np.vstack([[[1.5, 0.0], [3.0, 2.5], [1.5, 5.0], [0.0, 2.5]],
                        rng.uniform(0.5, 2.5, (6, 2))])
    points = np.vstack([others, corners])
    order = rng.permutation(len(points))
    points = points[order]
    corner_rows = np.flatnonzero(order >= len(others))
    _check_hull(learner, points, 16.0, 15.0, corner_rows,
                "a 3 x 5 rectangle's corners, edge midpoints and 6 inner points, shuffled")


@exercise("spatial.hull_measures")
def test_hull_measures_random(learner, rng):
    n = int(rng.integers(10, 300))
    points = rng.normal(0.0, 4.0, (n, 2)) * [1.0, 3.0]
    hull = scipy.spatial.ConvexHull(points)
    _check_hull(learner, points, hull.area, hull.volume, hull.vertices, f"{n} random points")


# -- delaunay_interpolate ------------------------------------------------------------------

def _check_interpolation(learner, points, values, queries, label):
    expected = scipy.interpolate.LinearNDInterpolator(points, values)(queries)
    got = learner.delaunay_interpolate(points, values, queries)
    expect_array(got, expected, shape=(len(queries),), dtype_kind="f", rtol=1e-9,
                 atol=1e-9 * np.abs(values).max(),
                 what=f"delaunay_interpolate for {label} (NaN outside the hull)")


@exercise("spatial.delaunay_interpolate")
def test_delaunay_interpolate_example(learner):
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    _check_interpolation(learner, corners, np.array([0.0, 10.0, 20.0]),
                         np.array([[0.25, 0.25], [2.0, 2.0], [0.1, 0.8]]),
                         "a single triangle and queries in and out of it")


@exercise("spatial.delaunay_interpolate")
def test_delaunay_interpolate_random(learner, rng):
    n, q = int(rng.integers(30, 200)), int(rng.integers(20, 60))
    points = rng.uniform(0.0, 1.0, (n, 2))
    values = np.sin(6 * points[:, 0]) + points[:, 1] ** 2 + rng.normal(0.0, 0.1, n)
    queries = rng.uniform(-0.2, 1.2, (q, 2))
    _check_interpolation(learner, points, values, queries,
                         f"{n} random points in the unit square, {q} queries, some outside")


@exercise("spatial.delaunay_interpolate")
def test_delaunay_interpolate_reproduces_planes(learner, rng):
    # Linear interpolation is exact for a plane, whichever triangle a query falls in.
    points = np.vstack([[[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]],
                        rng.uniform(0.1, 3.9, (40, 2))])
    a, b, c = (round(float(v), 3) for v in rng.normal(0.0, 3.0, 3))
    queries = rng.uniform(0.05, 3.95, (30, 2))
    got = learner.delaunay_interpolate(points, a + b * points[:, 0] + c * points[:, 1], queries)
    expect_array(got, a + b * queries[:, 0] + c * queries[:, 1], shape=(30,), dtype_kind="f",
                 rtol=1e-9, atol=1e-9,
                 what=f"delaunay_interpolate of the plane {a} + {b} x + {c} y")


# -- voronoi_neighbours --------------------------------------------------------------------

def _expected_neighbours(points: np.ndarray) -> np.ndarray:
    return np.unique(np.sort(scipy.spatial.Voronoi(points).ridge_points, axis=1), axis=0)


@exercise("spatial.voronoi_neighbours")
def test_voronoi_neighbours_example(learner):
    points = np.array([[0.0, 0.0], [4.0, 0.0], [1.0, 3.0], [9.0, 9.0]])
    expect_array(learner.voronoi_neighbours(points), [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3]],
                 shape=(5, 2), dtype_kind="i", what=f"voronoi_neighbours({points.tolist()})")


@exercise("spatial.voronoi_neighbours")
def test_voronoi_neighbours_random(learner, rng):
    n = int(rng.integers(10, 120))
    points = rng.uniform(-50.0, 50.0, (n, 2))
    expected = _expected_neighbours(points)
    expect_array(learner.voronoi_neighbours(points), expected, shape=expected.shape,
                 dtype_kind="i", what=f"voronoi_neighbours of {n} random points "
                                      "(rows (i, j) with i < j, sorted)")


# -- rotate_vectors ------------------------------------------------------------------------

def _check_rotation(learner, vectors, axis, angle, label):
    unit = axis / np.linalg.norm(axis)
    rotation = Rotation.from_rotvec(np.radians(angle) * unit)
    got = learner.rotate_vectors(vectors, axis, angle)
    _expect_tuple(got, 2, f"rotate_vectors for {label}")
    matrix, rotated = got
    expect_array(matrix, rotation.as_matrix(), shape=(3, 3), dtype_kind="f", rtol=1e-9,
                 atol=1e-12, what=f"the rotation matrix for {label}")
    expect_array(rotated, rotation.apply(vectors), shape=vectors.shape, dtype_kind="f",
                 rtol=1e-9, atol=1e-9 * np.abs(vectors).max(),
                 what=f"the rotated vectors for {label}")


@exercise("spatial.rotate_vectors")
def test_rotate_quarter_turn(learner):
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    _check_rotation(learner, vectors, np.array([0.0, 0.0, 2.0]), 90.0,
                    "x, y and 3z turned 90 degrees about the axis (0, 0, 2): x goes to y")


@exercise("spatial.rotate_vectors")
def test_rotate_random(learner, rng):
    n = int(rng.integers(1, 30))
    vectors = rng.normal(0.0, 5.0, (n, 3))
    axis = np.round(rng.normal(0.0, 1.0, 3) * rng.uniform(0.2, 10.0), 3)
    angle = round(float(rng.uniform(-350.0, 350.0)), 2)
    _check_rotation(learner, vectors, axis, angle,
                    f"{n} random vectors, axis {axis.tolist()} (not of length 1), "
                    f"{angle} degrees")


# -- stations_near_events ------------------------------------------------------------------

def _brute_force_stations(stations, events, max_distance):
    distances = scipy.spatial.distance.cdist(events, stations)
    within = distances <= max_distance
    nearest = np.argmin(distances, axis=1)
    best = distances[np.arange(len(events)), nearest]
    found = best <= max_distance
    return (np.where(found, nearest, -1), np.where(found, best, np.inf),
            within.sum(axis=1))


def _check_stations(learner, stations, events, max_distance, expected, label):
    got = learner.stations_near_events(stations, events, max_distance)
    _expect_tuple(got, 3, f"stations_near_events for {label}")
    nearest, distance, count = got
    e = len(events)
    expect_array(nearest, expected[0], shape=(e,), dtype_kind="i",
                 what=f"the nearest stations (-1 for none) for {label}")
    expect_array(distance, expected[1], shape=(e,), dtype_kind="f", rtol=1e-10, atol=1e-12,
                 what=f"the distances (inf for none) for {label}")
    expect_array(count, expected[2], shape=(e,), dtype_kind="i",
                 what=f"the station counts within {max_distance} km for {label}")


@exercise("spatial.stations_near_events")
def test_stations_example(learner):
    stations = np.array([[0.0, 0.0], [10.0, 0.0], [11.0, 0.0]])
    events = np.array([[10.4, 0.0], [5.0, 5.0], [0.5, -0.5]])
    _check_stations(learner, stations, events, 2.0,
                    _brute_force_stations(stations, events, 2.0),
                    "3 stations on a line, one event with none near")


@exercise("spatial.stations_near_events")
def test_stations_random_small(learner, rng):
    stations = rng.uniform(0.0, 100.0, (int(rng.integers(20, 80)), 2))
    events = rng.uniform(-20.0, 120.0, (int(rng.integers(20, 60)), 2))
    max_distance = round(float(rng.uniform(5.0, 15.0)), 3)
    _check_stations(learner, stations, events, max_distance,
                    _brute_force_stations(stations, events, max_distance),
                    f"{len(stations)} random stations and {len(events)} events")


@exercise("spatial.stations_near_events")
def test_stations_many(learner, rng):
    # 30000 x 15000 distances would take 3.6 GB, over a worker's 2 GiB: this needs a tree.
    stations = rng.uniform(0.0, 1000.0, (30_000, 2))
    events = rng.uniform(-10.0, 1010.0, (15_000, 2))
    max_distance = 4.0
    tree = scipy.spatial.KDTree(stations)
    distance, nearest = tree.query(events, distance_upper_bound=max_distance)
    missing = np.isinf(distance)
    expected = (np.where(missing, -1, nearest), distance,
                tree.query_ball_point(events, max_distance, return_length=True))
    _check_stations(learner, stations, events, max_distance, expected,
                    "30000 random stations and 15000 events in a 1000 km square")
