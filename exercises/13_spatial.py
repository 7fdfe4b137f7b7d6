"""Spatial data: distances, nearest neighbours, hulls, triangulations, rotations (scipy.spatial).

SciPy's spatial objects (KDTree, ConvexHull, Delaunay, Voronoi, Rotation) are tools to
compute with: these functions return the numbers computed from them, never the objects.

Fill in each function, then run `course check spatial`.
"""

from __future__ import annotations

import numpy as np


def distance_matrix(a: np.ndarray, b: np.ndarray, metric: str = "euclidean") -> np.ndarray:
    """The distances between every point of a and every point of b.

    a has shape (m, d) and b shape (n, d); metric is a metric name SciPy knows, such as
    "euclidean", "cityblock" (the sum of absolute differences) or "chebyshev" (the largest
    absolute difference). Returns a float array D of shape (m, n), D[i, j] being the
    distance from a[i] to b[j].

    >>> distance_matrix(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0], [1.0, 1.0]]))
    array([[5.        , 1.41421356]])
    """
    # TODO: use the scipy.spatial.distance function that computes the distances between
    #       two sets of points, with the metric asked for.
    raise NotImplementedError


def closest_pair(points: np.ndarray) -> tuple[int, int, float]:
    """The two distinct points closest to each other (Euclidean distance).

    points has shape (n, d) with n >= 2 and no two points at the same place. Returns
    (i, j, dist): the row indices of the pair as Python ints with i < j, and their
    distance as a Python float.

    >>> closest_pair(np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 0.5], [9.0, 0.0]]))
    (0, 2, 1.118033988749895)
    """
    # TODO: compute all pairwise distances once (condensed form) and expand them to a
    #       square matrix.
    # TODO: keep each point's zero distance to itself out of the search for the minimum.
    # TODO: return the pair's indices, smaller first, and their distance.
    raise NotImplementedError


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
    # TODO: build a KD-tree of the points and query it for the k nearest neighbours.
    # TODO: make sure both arrays have shape (q, k), also when k is 1.
    raise NotImplementedError


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
    # TODO: compute the convex hull of the points.
    # TODO: mind Qhull's 3-D names: in 2-D, which attribute is the perimeter, which the area?
    # TODO: return both as floats and the hull's corner indices sorted.
    raise NotImplementedError


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
    # TODO: triangulate the points and find the triangle of each query (-1 when outside).
    # TODO: for the queries inside, compute their barycentric coordinates in their triangle
    #       and combine the values at the triangle's corners with them.
    # TODO: give the queries outside NaN.
    raise NotImplementedError


def voronoi_neighbours(points: np.ndarray) -> np.ndarray:
    """The pairs of 2-D points whose Voronoi cells share an edge.

    points has shape (n, 2), n >= 3, in general position. Returns an int array of shape
    (e, 2): one row (i, j) with i < j per pair of neighbouring cells (unbounded edges
    count too), rows sorted ascending by i, then by j.

    >>> voronoi_neighbours(np.array([[0.0, 0.0], [4.0, 0.0], [1.0, 3.0], [9.0, 9.0]])).tolist()
    [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3]]
    """
    # TODO: compute the Voronoi diagram and take, for each of its edges, the two input
    #       points it separates.
    # TODO: put the smaller index first in each pair and sort the rows.
    raise NotImplementedError


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
    # TODO: build a scipy.spatial.transform.Rotation from the axis and the angle (mind the
    #       axis length and the angle's unit).
    # TODO: return its matrix and the rotated vectors as arrays.
    raise NotImplementedError


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
    # TODO: build a KD-tree of the stations once.
    # TODO: query it for each event's nearest station no farther than max_distance, and
    #       turn "no station found" into -1 (the tree marks it another way).
    # TODO: count the stations within max_distance of each event with the tree too.
    raise NotImplementedError
