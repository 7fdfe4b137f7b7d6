"""Spatial data: distances, nearest neighbours, hulls, triangulations, rotations (scipy.spatial).

SciPy's spatial objects (KDTree, ConvexHull, Delaunay, Voronoi, Rotation) are tools to
compute with: these functions return the numbers computed from them, never the objects.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull, Delaunay, KDTree, Voronoi, distance
from scipy.spatial.transform import Rotation


def distance_matrix(a: np.ndarray, b: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    """The distances between every point of a and every point of b.

    a has shape (m, d) and b shape (n, d); metric is a metric name SciPy knows, such as
    "euclidean", "cityblock" (the sum of absolute differences) or "chebyshev" (the largest
    absolute difference). Returns a float array D of shape (m, n), D[i, j] being the
    distance from a[i] to b[j].

    >>> distance_matrix(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0], [1.0, 1.0]]))
    array([[5.        , 1.41421356]])
    """
    return distance.cdist(a, b, metric=metric)


def closest_pair(points: np.ndarray) -> tuple[int, int, float]:
    """The two distinct points closest to each other (Euclidean distance).

    points has shape (n, d) with n >= 2 and no two points at the same place. Returns
    (i, j, dist): the row indices of the pair as Python ints with i < j, and their
    distance as a Python float.

    >>> closest_pair(np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 0.5], [9.0, 0.0]]))
    (0, 2, 1.118033988749895)
    """
    square = distance.squareform(distance.pdist(points))
    # The diagonal holds each point's zero distance to itself: keep it out of the minimum.
    np.fill_diagonal(square, np.inf)
    i, j = np.unravel_index(np.argmin(square), square.shape)
    i, j = sorted((int(i), int(j)))
    return i, j, float(square[i, j])


def nearest_neighbours(points: np.ndarray, queries: np.ndarray,
                       k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k points nearest to each query point (Euclidean), nearest first.

    points has shape (n, d), queries shape (q, d), 1 <= k <= n. Returns (distances,
    indices), both of shape (q, k) even when k is 1: distances a float array, indices an
    int array of rows of points; row r lists query r's neighbours from nearest to farthest.

    >>> d, i = nearest_neighbours(np.array([[0.0, 0.0], [2.0, 0.0], [5.0, 0.0]]),
    ...                           np.array([[1.9, 0.0]]), 2)
    >>> d.round(6), i
    (array([[0.1, 1.9]]), array([[1, 0]]))
    """
    tree = KDTree(points)
    # A list k=[1, ..., k] keeps the (q, k) shape; an int k=1 would drop that axis.
    distances, indices = tree.query(queries, k=list(range(1, k + 1)))
    return distances, indices


def hull_measures(points: np.ndarray) -> tuple[float, float, np.ndarray]:
    """The perimeter and the area of the convex hull of 2-D points, and its corners.

    points has shape (n, 2), n >= 3, not all on one line. Returns (perimeter, area,
    corners): two Python floats, and the row indices of the points that are corners of
    the hull as an int array sorted ascending. A point on an edge between two corners is
    not a corner.

    >>> square = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [1.0, 1.0]])
    >>> perimeter, area, corners = hull_measures(square)
    >>> perimeter, area, corners.tolist()
    (8.0, 4.0, [0, 1, 2, 3])
    """
    hull = ConvexHull(points)
    # In 2-D, Qhull's "area" is the length of the boundary and its "volume" the area.
    return float(hull.area), float(hull.volume), np.sort(hull.vertices)


def delaunay_interpolate(points: np.ndarray, values: np.ndarray,
                         queries: np.ndarray) -> np.ndarray:
    """Piecewise-linear interpolation of scattered 2-D data on its Delaunay triangulation.

    points has shape (n, 2) (in general position: no three on a line, no four on a
    circle), values shape (n,), queries shape (q, 2). Each query inside the triangulation
    gets the value of the plane through its triangle's three corners, which is the
    average of their values weighted by the query's barycentric coordinates; a query
    outside the convex hull of the points gets NaN. Returns a float array of shape (q,).

    >>> corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> delaunay_interpolate(corners, np.array([0.0, 10.0, 20.0]),
    ...                      np.array([[0.25, 0.25], [2.0, 2.0]]))
    array([7.5, nan])
    """
    triangulation = Delaunay(points)
    simplex = triangulation.find_simplex(queries)
    inside = simplex >= 0
    result = np.full(len(queries), np.nan)
    # transform[s] maps a point to its first two barycentric coordinates in triangle s.
    transform = triangulation.transform[simplex[inside]]
    offset = queries[inside] - transform[:, 2]
    first_two = np.einsum("qij,qj->qi", transform[:, :2], offset)
    weights = np.column_stack([first_two, 1.0 - first_two.sum(axis=1)])
    corner_values = values[triangulation.simplices[simplex[inside]]]
    result[inside] = (weights * corner_values).sum(axis=1)
    return result


def voronoi_neighbours(points: np.ndarray) -> np.ndarray:
    """The pairs of 2-D points whose Voronoi cells share an edge.

    points has shape (n, 2), n >= 3, in general position. Returns an int array of shape
    (e, 2): one row (i, j) with i < j per pair of neighbouring cells (unbounded edges
    count too), rows sorted ascending by i, then by j.

    >>> voronoi_neighbours(np.array([[0.0, 0.0], [4.0, 0.0], [1.0, 3.0], [9.0, 9.0]])).tolist()
    [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3]]
    """
    pairs = np.sort(Voronoi(points).ridge_points, axis=1)
    return np.unique(pairs, axis=0)


def rotate_vectors(vectors: np.ndarray, axis: np.ndarray,
                   angle_degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate 3-D vectors about an axis through the origin by an angle in degrees.

    vectors has shape (n, 3); axis has shape (3,), is not zero, and need not have length
    1; the rotation is counterclockwise when seen from the tip of the axis (the
    right-hand rule). Returns (matrix, rotated): the 3 x 3 rotation matrix as a float
    array, and the rotated vectors, a float array of shape (n, 3), rotated[i] = matrix @
    vectors[i].

    >>> matrix, rotated = rotate_vectors(np.array([[1.0, 0.0, 0.0]]),
    ...                                  np.array([0.0, 0.0, 2.0]), 90.0)
    >>> rotated.round(6)
    array([[0., 1., 0.]])
    """
    unit_axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
    # A rotation vector's length is the angle, so its direction must have length 1.
    rotation = Rotation.from_rotvec(angle_degrees * unit_axis, degrees=True)
    return rotation.as_matrix(), rotation.apply(vectors)


def stations_near_events(stations: np.ndarray, events: np.ndarray,
                         max_distance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each event, the nearest station within max_distance and how many are within it.

    stations has shape (s, 2) and events shape (e, 2), both planar (x, y) positions in
    km; there may be 100000 of each, far too many to compute all s * e distances. A
    station is within max_distance of an event when their Euclidean distance is at most
    max_distance (no distance in the inputs equals max_distance exactly). Returns
    (nearest, distance, count), each of shape (e,):
        nearest:  int array, the row of the nearest station within max_distance, or -1
                  when there is none
        distance: float array, the distance to that station, or inf when there is none
        count:    int array, the number of stations within max_distance

    >>> stations = np.array([[0.0, 0.0], [10.0, 0.0], [11.0, 0.0]])
    >>> stations_near_events(stations, np.array([[10.4, 0.0], [5.0, 5.0]]), 2.0)
    (array([ 1, -1]), array([0.4, inf]), array([2, 0]))
    """
    tree = KDTree(stations)
    distances, nearest = tree.query(events, k=1, distance_upper_bound=max_distance)
    # A query with nothing within the bound gets index len(stations) and distance inf.
    nearest = np.where(np.isinf(distances), -1, nearest)
    count = tree.query_ball_point(events, max_distance, return_length=True)
    return nearest, distances, np.asarray(count)
