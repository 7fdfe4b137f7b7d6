"""Wrong solutions for spatial lose points; different correct ones pass."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "arguments_swapped": ("spatial.distance_matrix", """
        def distance_matrix(a, b, metric="euclidean"):
            return distance.cdist(b, a, metric=metric)
    """),
    "metric_ignored": ("spatial.distance_matrix", """
        def distance_matrix(a, b, metric="euclidean"):
            return distance.cdist(a, b)
    """),
    "diagonal_not_excluded": ("spatial.closest_pair", """
        def closest_pair(points):
            square = distance.squareform(distance.pdist(points))
            i, j = np.unravel_index(np.argmin(square), square.shape)
            return int(i), int(j), float(square[i, j])
    """),
    "larger_index_first": ("spatial.closest_pair", """
        def closest_pair(points):
            square = distance.squareform(distance.pdist(points))
            np.fill_diagonal(square, np.inf)
            i, j = sorted(int(v) for v in np.unravel_index(np.argmin(square), square.shape))
            return j, i, float(square[i, j])
    """),
    "condensed_index_taken_as_point": ("spatial.closest_pair", """
        def closest_pair(points):
            condensed = distance.pdist(points)
            best = int(np.argmin(condensed))
            return best, best + 1, float(condensed[best])
    """),
    "k_one_squeezed": ("spatial.nearest_neighbours", """
        def nearest_neighbours(points, queries, k):
            return KDTree(points).query(queries, k=k)
    """),
    "indices_and_distances_swapped": ("spatial.nearest_neighbours", """
        def nearest_neighbours(points, queries, k):
            distances, indices = KDTree(points).query(queries, k=list(range(1, k + 1)))
            return indices, distances
    """),
    "area_and_perimeter_swapped": ("spatial.hull_measures", """
        def hull_measures(points):
            hull = ConvexHull(points)
            return float(hull.volume), float(hull.area), np.sort(hull.vertices)
    """),
    "corners_counterclockwise_not_sorted": ("spatial.hull_measures", """
        def hull_measures(points):
            hull = ConvexHull(points)
            return float(hull.area), float(hull.volume), hull.vertices
    """),
    "edge_points_counted_as_corners": ("spatial.hull_measures", """
        def hull_measures(points):
            hull = ConvexHull(points)
            # Every point on the boundary, corners or not.
            offsets = np.abs(hull.equations[:, :2] @ points.T + hull.equations[:, 2:3])
            on_boundary = np.flatnonzero(np.isclose(offsets.min(axis=0), 0.0, atol=1e-9))
            return float(hull.area), float(hull.volume), on_boundary
    """),
    "nearest_corner_value": ("spatial.delaunay_interpolate", """
        from scipy.interpolate import griddata
        def delaunay_interpolate(points, values, queries):
            result = griddata(points, values, queries, method="nearest")
            result[Delaunay(points).find_simplex(queries) < 0] = np.nan
            return result
    """),
    "zero_outside": ("spatial.delaunay_interpolate", """
        from scipy.interpolate import griddata
        def delaunay_interpolate(points, values, queries):
            return griddata(points, values, queries, method="linear", fill_value=0.0)
    """),
    "plain_average_of_corners": ("spatial.delaunay_interpolate", """
        def delaunay_interpolate(points, values, queries):
            tri = Delaunay(points)
            simplex = tri.find_simplex(queries)
            result = values[tri.simplices[simplex]].mean(axis=1)
            result[simplex < 0] = np.nan
            return result
    """),
    "ridge_vertices_not_points": ("spatial.voronoi_neighbours", """
        def voronoi_neighbours(points):
            pairs = np.array(Voronoi(points).ridge_vertices)
            return np.unique(np.sort(pairs, axis=1), axis=0)
    """),
    "pairs_in_qhull_order": ("spatial.voronoi_neighbours", """
        def voronoi_neighbours(points):
            return Voronoi(points).ridge_points
    """),
    "degrees_taken_as_radians": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            unit = axis / np.linalg.norm(axis)
            rotation = Rotation.from_rotvec(angle_degrees * unit)
            return rotation.as_matrix(), rotation.apply(vectors)
    """),
    "axis_not_normalised": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            rotation = Rotation.from_rotvec(angle_degrees * axis, degrees=True)
            return rotation.as_matrix(), rotation.apply(vectors)
    """),
    "inverse_rotation": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            unit = axis / np.linalg.norm(axis)
            matrix = Rotation.from_rotvec(angle_degrees * unit, degrees=True).as_matrix()
            return matrix.T, vectors @ matrix
    """),
    "missing_index_left_as_n": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            tree = KDTree(stations)
            distances, nearest = tree.query(events, distance_upper_bound=max_distance)
            count = tree.query_ball_point(events, max_distance, return_length=True)
            return nearest, distances, count
    """),
    "nearest_whatever_its_distance": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            tree = KDTree(stations)
            distances, nearest = tree.query(events)
            count = tree.query_ball_point(events, max_distance, return_length=True)
            return nearest, distances, count
    """),
    "all_distances_at_once": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            distances = distance.cdist(events, stations)
            nearest = np.argmin(distances, axis=1)
            best = distances[np.arange(len(events)), nearest]
            found = best <= max_distance
            return (np.where(found, nearest, -1), np.where(found, best, np.inf),
                    (distances <= max_distance).sum(axis=1))
    """),
    "ridge_points_unique_but_unordered": ("spatial.voronoi_neighbours", """
        def voronoi_neighbours(points):
            return np.unique(Voronoi(points).ridge_points, axis=0)
    """),
    "shoelace_over_sorted_corners": ("spatial.hull_measures", """
        def hull_measures(points):
            hull = ConvexHull(points)
            corners = np.sort(hull.vertices)
            x, y = points[corners, 0], points[corners, 1]
            area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
            return float(hull.area), float(area), corners
    """),
    "rows_times_matrix": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            unit_axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
            matrix = Rotation.from_rotvec(angle_degrees * unit_axis, degrees=True).as_matrix()
            return matrix, vectors @ matrix
    """),
    "scalar_first_quaternion": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            unit_axis = np.asarray(axis, dtype=float) / np.linalg.norm(axis)
            half = np.radians(angle_degrees) / 2
            rotation = Rotation.from_quat([np.cos(half), *(np.sin(half) * unit_axis)])
            return rotation.as_matrix(), rotation.apply(vectors)
    """),
    "cubic_griddata": ("spatial.delaunay_interpolate", """
        from scipy.interpolate import griddata
        def delaunay_interpolate(points, values, queries):
            return griddata(points, values, queries, method="cubic")
    """),
    "barycentric_weights_rolled": ("spatial.delaunay_interpolate", """
        def delaunay_interpolate(points, values, queries):
            triangulation = Delaunay(points)
            simplex = triangulation.find_simplex(queries)
            result = np.full(len(queries), np.nan)
            inside = simplex >= 0
            transform = triangulation.transform[simplex[inside]]
            first_two = np.einsum("qij,qj->qi", transform[:, :2],
                                  queries[inside] - transform[:, 2])
            weights = np.column_stack([1.0 - first_two.sum(axis=1), first_two])
            corner_values = values[triangulation.simplices[simplex[inside]]]
            result[inside] = (weights * corner_values).sum(axis=1)
            return result
    """),
    "counts_as_a_list": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            tree = KDTree(stations)
            distances, nearest = tree.query(events, distance_upper_bound=max_distance)
            nearest = np.where(np.isinf(distances), -1, nearest)
            found = tree.query_ball_point(events, max_distance)
            return nearest, distances, [len(stations_found) for stations_found in found]
    """),
    "nearest_in_cityblock_distance": ("spatial.nearest_neighbours", """
        def nearest_neighbours(points, queries, k):
            distances, indices = KDTree(points).query(queries, k=list(range(1, k + 1)), p=1)
            return distances, indices
    """),
    "first_station_in_the_ball_taken_as_nearest": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            found = KDTree(stations).query_ball_point(events, max_distance)
            nearest = np.array([near[0] if near else -1 for near in found])
            distance = np.array([np.linalg.norm(stations[near[0]] - event) if near else np.inf
                                 for near, event in zip(found, events)])
            return nearest, distance, np.array([len(near) for near in found])
    """),
    "three_named_metrics_written_out": ("spatial.distance_matrix", """
        def distance_matrix(a, b, metric="euclidean"):
            # Right for the three names in the docstring, Euclidean for any other.
            difference = np.abs(a[:, None, :] - b[None, :, :])
            if metric == "cityblock":
                return difference.sum(axis=-1)
            if metric == "chebyshev":
                return difference.max(axis=-1)
            return np.sqrt((difference ** 2).sum(axis=-1))
    """),
    "missing_distance_as_nan": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            tree = KDTree(stations)
            distances, nearest = tree.query(events, k=1, distance_upper_bound=max_distance)
            missing = np.isinf(distances)
            count = tree.query_ball_point(events, max_distance, return_length=True)
            return (np.where(missing, -1, nearest), np.where(missing, np.nan, distances),
                    np.asarray(count))
    """),
}

ALTERNATIVES = {
    "pdist_of_both_sets_cut_to_the_cross_block": ("spatial.distance_matrix", """
        def distance_matrix(a, b, metric="euclidean"):
            every_pair = distance.squareform(distance.pdist(np.vstack([a, b]), metric=metric))
            return every_pair[:len(a), len(a):]
    """),
    "loop_over_pairs": ("spatial.closest_pair", """
        def closest_pair(points):
            best = (np.inf, 0, 1)
            for i in range(len(points)):
                for j in range(i + 1, len(points)):
                    d = float(np.linalg.norm(points[i] - points[j]))
                    best = min(best, (d, i, j))
            return best[1], best[2], best[0]
    """),
    "ckdtree_and_reshape": ("spatial.nearest_neighbours", """
        from scipy.spatial import cKDTree
        def nearest_neighbours(points, queries, k):
            distances, indices = cKDTree(points).query(queries, k=k)
            return distances.reshape(len(queries), k), indices.reshape(len(queries), k)
    """),
    "shoelace_and_edges": ("spatial.hull_measures", """
        def hull_measures(points):
            corners = ConvexHull(points).vertices          # counterclockwise
            ring = points[corners]
            following = np.roll(ring, -1, axis=0)
            perimeter = float(np.linalg.norm(following - ring, axis=1).sum())
            area = 0.5 * float(np.sum(ring[:, 0] * following[:, 1]
                                      - following[:, 0] * ring[:, 1]))
            return perimeter, area, np.unique(corners)
    """),
    "linear_griddata": ("spatial.delaunay_interpolate", """
        from scipy.interpolate import griddata
        def delaunay_interpolate(points, values, queries):
            return griddata(points, values, queries, method="linear")
    """),
    "delaunay_edges": ("spatial.voronoi_neighbours", """
        def voronoi_neighbours(points):
            edges = set()
            for a, b, c in Delaunay(points).simplices:
                for i, j in ((a, b), (b, c), (a, c)):
                    edges.add((min(i, j), max(i, j)))
            return np.array(sorted(edges))
    """),
    "rodrigues_formula": ("spatial.rotate_vectors", """
        def rotate_vectors(vectors, axis, angle_degrees):
            k = np.asarray(axis, float) / np.linalg.norm(axis)
            theta = np.radians(angle_degrees)
            cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
            matrix = np.eye(3) + np.sin(theta) * cross + (1 - np.cos(theta)) * cross @ cross
            return matrix, vectors @ matrix.T
    """),
    "ball_lists": ("spatial.stations_near_events", """
        def stations_near_events(stations, events, max_distance):
            tree = KDTree(stations)
            near = tree.query_ball_point(events, max_distance)
            nearest = np.full(len(events), -1)
            best = np.full(len(events), np.inf)
            count = np.zeros(len(events), dtype=int)
            for row, found in enumerate(near):
                count[row] = len(found)
                if found:
                    d = np.linalg.norm(stations[found] - events[row], axis=1)
                    nearest[row], best[row] = found[int(np.argmin(d))], d.min()
            return nearest, best, count
    """),
    "linear_nd_interpolator": ("spatial.delaunay_interpolate", """
        def delaunay_interpolate(points, values, queries):
            from scipy.interpolate import LinearNDInterpolator
            return LinearNDInterpolator(points, values)(queries)
    """),
    "kdtree_self_query": ("spatial.closest_pair", """
        def closest_pair(points):
            # Both points of the closest pair have it as their nearest neighbour; argmin
            # picks the one with the smaller index, so i < j comes out by itself.
            distances, indices = KDTree(points).query(points, k=2)
            i = int(np.argmin(distances[:, 1]))
            return i, int(indices[i, 1]), float(distances[i, 1])
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
