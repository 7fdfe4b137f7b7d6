"""Wrong solutions for interpolate lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "linear_unsorted_x": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            return np.interp(x_new, x, y, left=np.nan, right=np.nan)
    """),
    "linear_repeats_end_values": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            order = np.argsort(x)
            return np.interp(x_new, x[order], y[order])
    """),
    "linear_legacy_interp1d_defaults": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            return interpolate.interp1d(x, y)(x_new)
    """),
    "linear_spline_extrapolates": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            order = np.argsort(x)
            return interpolate.make_interp_spline(x[order], y[order], k=1)(x_new)
    """),
    "spline_end_condition_ignored": ("interpolate.spline_values", """
        def spline_values(x, y, x_new, bc_type="not-a-knot"):
            spline = interpolate.CubicSpline(x, y)
            return spline(x_new), spline(x_new, 1)
    """),
    "spline_slopes_by_differences": ("interpolate.spline_values", """
        def spline_values(x, y, x_new, bc_type="not-a-knot"):
            values = interpolate.CubicSpline(x, y, bc_type=bc_type)(x_new)
            return values, np.gradient(values, x_new)
    """),
    "monotone_by_cubic_spline": ("interpolate.monotone_values", """
        def monotone_values(x, y, x_new):
            return interpolate.CubicSpline(x, y)(x_new)
    """),
    "monotone_by_akima": ("interpolate.monotone_values", """
        def monotone_values(x, y, x_new):
            return interpolate.Akima1DInterpolator(x, y)(x_new)
    """),
    "smooth_interpolates_the_noise": ("interpolate.smooth_values", """
        def smooth_values(x, y, sigma, x_new, lam=None):
            return interpolate.CubicSpline(x, y)(x_new)
    """),
    "smooth_weights_not_squared": ("interpolate.smooth_values", """
        def smooth_values(x, y, sigma, x_new, lam=None):
            return interpolate.make_smoothing_spline(x, y, w=1 / sigma, lam=lam)(x_new)
    """),
    "smooth_unweighted": ("interpolate.smooth_values", """
        def smooth_values(x, y, sigma, x_new, lam=None):
            return interpolate.make_smoothing_spline(x, y, lam=lam)(x_new)
    """),
    "grid_transposed": ("interpolate.grid_from_scattered", """
        def grid_from_scattered(points, values, grid_x, grid_y, method="linear"):
            X, Y = np.meshgrid(grid_x, grid_y, indexing="ij")
            return interpolate.griddata(points, values, (X, Y), method=method)
    """),
    "grid_zero_outside": ("interpolate.grid_from_scattered", """
        def grid_from_scattered(points, values, grid_x, grid_y, method="linear"):
            X, Y = np.meshgrid(grid_x, grid_y)
            return interpolate.griddata(points, values, (X, Y), method=method, fill_value=0.0)
    """),
    "grid_method_ignored": ("interpolate.grid_from_scattered", """
        def grid_from_scattered(points, values, grid_x, grid_y, method="linear"):
            X, Y = np.meshgrid(grid_x, grid_y)
            return interpolate.griddata(points, values, (X, Y))
    """),
    "rbf_by_triangulation": ("interpolate.rbf_values", """
        def rbf_values(points, values, query, smoothing=0.0):
            return interpolate.griddata(points, values, query, method="cubic")
    """),
    "rbf_smoothing_ignored": ("interpolate.rbf_values", """
        def rbf_values(points, values, query, smoothing=0.0):
            return interpolate.RBFInterpolator(points, values)(query)
    """),
    "rbf_gaussian_kernel": ("interpolate.rbf_values", """
        def rbf_values(points, values, query, smoothing=0.0):
            return interpolate.RBFInterpolator(points, values, smoothing=smoothing,
                                               kernel="gaussian", epsilon=1.0)(query)
    """),
    "table_raises_outside": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            return interpolate.RegularGridInterpolator((x, y), table, method=method)(query)
    """),
    "table_extrapolates": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            return interpolate.RegularGridInterpolator(
                (x, y), table, method=method, bounds_error=False, fill_value=None)(query)
    """),
    "table_quintic_for_cubic": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            return interpolate.RegularGridInterpolator(
                (x, y), table, method="quintic" if method == "cubic" else method,
                bounds_error=False, fill_value=np.nan)(query)
    """),
    "table_method_ignored": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            return interpolate.RegularGridInterpolator(
                (x, y), table, bounds_error=False, fill_value=np.nan)(query)
    """),
    "balloon_counts_extrapolated_crossings": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            spline = interpolate.CubicSpline(t, altitude)
            candidates = np.concatenate([[t[0], t[-1]], spline.derivative().roots(False)])
            best = int(np.argmax(spline(candidates)))
            return {"crossings": np.sort(spline.solve(level)),
                    "peak_time": float(candidates[best]),
                    "peak_altitude": float(spline(candidates[best]))}
    """),
    "balloon_peak_at_a_sample": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            spline = interpolate.CubicSpline(t, altitude)
            best = int(np.argmax(altitude))
            return {"crossings": np.sort(spline.solve(level, extrapolate=False)),
                    "peak_time": float(t[best]), "peak_altitude": float(altitude[best])}
    """),
    "balloon_peak_ignores_the_ends": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            spline = interpolate.CubicSpline(t, altitude)
            candidates = spline.derivative().roots(extrapolate=False)
            best = int(np.argmax(spline(candidates)))
            return {"crossings": np.sort(spline.solve(level, extrapolate=False)),
                    "peak_time": float(candidates[best]),
                    "peak_altitude": float(spline(candidates[best]))}
    """),
    "balloon_peak_ignores_the_start": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            spline = interpolate.CubicSpline(t, altitude)
            # It goes up first, so only the end can be higher than the turning points.
            candidates = np.concatenate([[t[-1]], spline.derivative().roots(extrapolate=False)])
            heights = spline(candidates)
            best = int(np.argmax(heights))
            return {"crossings": np.sort(spline.solve(level, extrapolate=False)),
                    "peak_time": float(candidates[best]), "peak_altitude": float(heights[best])}
    """),
    "balloon_peak_by_bounded_search": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            from scipy.optimize import minimize_scalar
            spline = interpolate.CubicSpline(t, altitude)
            crossings = np.sort(spline.solve(level, extrapolate=False))
            best = minimize_scalar(lambda s: -spline(s), bounds=(t[0], t[-1]), method="bounded",
                                   options={"xatol": 1e-10})
            return {"crossings": np.asarray(crossings, dtype=float),
                    "peak_time": float(best.x), "peak_altitude": float(spline(best.x))}
    """),
    "balloon_peak_roots_extrapolated": ("interpolate.balloon_flight", """
        def balloon_flight(t, altitude, level):
            spline = interpolate.CubicSpline(t, altitude)
            crossings = np.sort(spline.solve(level, extrapolate=False))
            candidates = np.concatenate([[t[0], t[-1]], spline.derivative().roots()])
            heights = spline(candidates)
            best = int(np.argmax(heights))
            return {"crossings": np.asarray(crossings, dtype=float),
                    "peak_time": float(candidates[best]), "peak_altitude": float(heights[best])}
    """),
    "rbf_by_legacy_rbf_class": ("interpolate.rbf_values", """
        def rbf_values(points, values, query, smoothing=0.0):
            f = interpolate.Rbf(points[:, 0], points[:, 1], values, function="thin_plate",
                                smooth=smoothing)
            return f(query[:, 0], query[:, 1])
    """),
    "natural_taken_as_clamped": ("interpolate.spline_values", """
        def spline_values(x, y, x_new, bc_type="not-a-knot"):
            spline = interpolate.CubicSpline(
                x, y, bc_type="clamped" if bc_type == "natural" else bc_type)
            return spline(x_new), spline(x_new, 1)
    """),
    "grid_nearest_blanked_outside_the_hull": ("interpolate.grid_from_scattered", """
        def grid_from_scattered(points, values, grid_x, grid_y, method="linear"):
            gx, gy = np.meshgrid(grid_x, grid_y)
            out = interpolate.griddata(points, values, (gx, gy), method=method)
            inside = ~np.isnan(interpolate.griddata(points, values, (gx, gy)))
            return np.where(inside, out, np.nan)
    """),
}

ALTERNATIVES = {
    "linear_by_degree_one_spline": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            order = np.argsort(x)
            line = interpolate.make_interp_spline(x[order], y[order], k=1)
            values = line(x_new)
            values[(x_new < x.min()) | (x_new > x.max())] = np.nan
            return values
    """),
    "linear_by_hand": ("interpolate.linear_interpolate", """
        def linear_interpolate(x, y, x_new):
            pairs = sorted(zip(x.tolist(), y.tolist()))
            result = []
            for point in x_new.tolist():
                value = float("nan")
                for (x0, y0), (x1, y1) in zip(pairs, pairs[1:]):
                    if x0 <= point <= x1:
                        value = y0 + (y1 - y0) * (point - x0) / (x1 - x0)
                        break
                result.append(value)
            return np.array(result)
    """),
    "spline_by_make_interp_spline": ("interpolate.spline_values", """
        def spline_values(x, y, x_new, bc_type="not-a-knot"):
            spline = interpolate.make_interp_spline(
                x, y, k=3, bc_type=None if bc_type == "not-a-knot" else bc_type)
            return spline(x_new), spline.derivative()(x_new)
    """),
    "not_a_knot_by_fitpack_s0": ("interpolate.spline_values", """
        def spline_values(x, y, x_new, bc_type="not-a-knot"):
            if bc_type == "natural":
                spline = interpolate.CubicSpline(x, y, bc_type="natural")
                return spline(x_new), spline(x_new, 1)
            spline = interpolate.UnivariateSpline(x, y, k=3, s=0)
            return spline(x_new), spline.derivative()(x_new)
    """),
    "monotone_by_function": ("interpolate.monotone_values", """
        def monotone_values(x, y, x_new):
            return interpolate.pchip_interpolate(x, y, x_new)
    """),
    "smooth_with_keywords_spelled_out": ("interpolate.smooth_values", """
        def smooth_values(x, y, sigma, x_new, lam=None):
            weights = np.reciprocal(np.square(np.asarray(sigma, dtype=float)))
            if lam is None:
                spline = interpolate.make_smoothing_spline(x, y, weights)
            else:
                spline = interpolate.make_smoothing_spline(x, y, weights, lam)
            return np.asarray(spline(x_new))
    """),
    "grid_by_interpolator_classes": ("interpolate.grid_from_scattered", """
        def grid_from_scattered(points, values, grid_x, grid_y, method="linear"):
            kind = {"nearest": interpolate.NearestNDInterpolator,
                    "linear": interpolate.LinearNDInterpolator,
                    "cubic": interpolate.CloughTocher2DInterpolator}[method]
            X, Y = np.meshgrid(grid_x, grid_y, indexing="ij")
            return kind(points, values)(X, Y).T
    """),
    "rbf_by_hand": ("interpolate.rbf_values", """
        def rbf_values(points, values, query, smoothing=0.0):
            def thin_plate(a, b):
                r = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=-1)
                return np.where(r > 0, r**2 * np.log(np.where(r > 0, r, 1.0)), 0.0)
            n = len(points)
            poly = np.column_stack([np.ones(n), points])
            system = np.zeros((n + 3, n + 3))
            system[:n, :n] = thin_plate(points, points) + smoothing * np.eye(n)
            system[:n, n:] = poly
            system[n:, :n] = poly.T
            coefficients = np.linalg.solve(system, np.concatenate([values, np.zeros(3)]))
            query_poly = np.column_stack([np.ones(len(query)), query])
            return thin_plate(query, points) @ coefficients[:n] + query_poly @ coefficients[n:]
    """),
    "table_by_interpn": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            return interpolate.interpn((x, y), table, query, method=method,
                                       bounds_error=False, fill_value=np.nan)
    """),
    "table_by_rect_bivariate_spline": ("interpolate.table_lookup", """
        def table_lookup(x, y, table, query, method="linear"):
            degree = {"linear": 1, "cubic": 3}[method]
            spline = interpolate.RectBivariateSpline(x, y, table, kx=degree, ky=degree, s=0)
            values = spline(query[:, 0], query[:, 1], grid=False)
            outside = ((query[:, 0] < x[0]) | (query[:, 0] > x[-1])
                       | (query[:, 1] < y[0]) | (query[:, 1] > y[-1]))
            return np.where(outside, np.nan, values)
    """),
    "table_by_exact_spline_solve": ("interpolate.table_lookup", """
        from scipy.sparse.linalg import spsolve

        def table_lookup(x, y, table, query, method="linear"):
            lookup = interpolate.RegularGridInterpolator(
                (x, y), table, method=method, bounds_error=False, fill_value=np.nan,
                **({"solver": spsolve} if method == "cubic" else {}))
            return lookup(query)
    """),
    "balloon_by_scanning": ("interpolate.balloon_flight", """
        from scipy import optimize

        def balloon_flight(t, altitude, level):
            spline = interpolate.make_interp_spline(t, altitude, k=3)
            grid = np.linspace(t[0], t[-1], 20001)
            above = spline(grid) - level
            crossings = []
            for i in range(len(grid) - 1):
                if above[i] == 0:
                    crossings.append(grid[i])
                elif above[i] * above[i + 1] < 0:
                    crossings.append(optimize.brentq(lambda s: spline(s) - level,
                                                     grid[i], grid[i + 1], xtol=1e-13))
            if above[-1] == 0:
                crossings.append(grid[-1])
            i = int(np.argmax(spline(grid)))
            low, high = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
            best = optimize.minimize_scalar(lambda s: -spline(s), bounds=(low, high),
                                            method="bounded", options={"xatol": 1e-12})
            return {"crossings": np.array(crossings, dtype=float),
                    "peak_time": float(best.x), "peak_altitude": float(-best.fun)}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
