"""Wrong solutions for optimize lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import check_topic, exercise_statuses, variant_tests, write_variant

WRONG = {
    "root_by_fsolve_from_the_middle": ("optimize.find_root", """
        def find_root(fun, lower, upper, args=()):
            return float(optimize.fsolve(fun, 0.5 * (lower + upper), args=args)[0])
    """),
    "root_by_coarse_bisection": ("optimize.find_root", """
        def find_root(fun, lower, upper, args=()):
            if fun(lower, *args) * fun(upper, *args) > 0:
                raise ValueError("no bracket")
            while upper - lower > 1e-4:
                middle = 0.5 * (lower + upper)
                if fun(lower, *args) * fun(middle, *args) <= 0:
                    upper = middle
                else:
                    lower = middle
            return 0.5 * (lower + upper)
    """),
    "can_without_lid": ("optimize.cheapest_can", """
        def cheapest_can(volume, lid_cost=1.0):
            cost = lambda r: lid_cost * np.pi * r**2 + 2 * volume / r
            r = optimize.minimize_scalar(cost, bounds=(1e-6, 10 * volume ** (1 / 3)),
                                         method="bounded").x
            return float(r), float(volume / (np.pi * r**2))
    """),
    "can_ignores_lid_cost": ("optimize.cheapest_can", """
        def cheapest_can(volume, lid_cost=1.0):
            cost = lambda r: 2 * np.pi * r**2 + 2 * volume / r
            r = optimize.minimize_scalar(cost, bounds=(1e-6, 10 * volume ** (1 / 3)),
                                         method="bounded").x
            return float(r), float(volume / (np.pi * r**2))
    """),
    "success_not_checked": ("optimize.minimize_checked", """
        def minimize_checked(fun, x0, args=(), maxiter=1000):
            result = optimize.minimize(fun, x0, args=args, options={"maxiter": maxiter})
            return result.x, float(result.fun)
    """),
    "maxiter_dropped": ("optimize.minimize_checked", """
        def minimize_checked(fun, x0, args=(), maxiter=1000):
            result = optimize.minimize(fun, x0, args=args)
            if not result.success:
                raise RuntimeError(result.message)
            return result.x, float(result.fun)
    """),
    "first_start_only": ("optimize.best_of_starts", """
        def best_of_starts(fun, starts, args=()):
            for start in starts:
                result = optimize.minimize(fun, start, args=args)
                if result.success:
                    return result.x, float(result.fun)
            raise RuntimeError("no start succeeded")
    """),
    "failed_runs_not_skipped": ("optimize.best_of_starts", """
        def best_of_starts(fun, starts, args=()):
            runs = [optimize.minimize(fun, start, args=args) for start in starts]
            best = min(runs, key=lambda result: result.fun)
            return best.x, float(best.fun)
    """),
    "failed_runs_argmin": ("optimize.best_of_starts", """
        def best_of_starts(fun, starts, args=()):
            runs = [optimize.minimize(fun, start, args=args) for start in starts]
            best = runs[int(np.argmin([result.fun for result in runs]))]
            return best.x, float(best.fun)
    """),
    "allocation_without_bounds": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            n = len(target)
            result = optimize.minimize(
                lambda w: np.sum((w - target) ** 2), np.full(n, total / n), method="SLSQP",
                constraints=[{"type": "eq", "fun": lambda w: w.sum() - total}])
            return result.x
    """),
    "allocation_without_equality": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            n = len(target)
            result = optimize.minimize(
                lambda w: np.sum((w - target) ** 2), np.full(n, total / n), method="SLSQP",
                bounds=[(0, None)] * n)
            return result.x
    """),
    "allocation_clip_and_rescale": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            clipped = np.maximum(np.asarray(target, dtype=float), 0.0)
            if clipped.sum() == 0:
                return np.full(len(target), total / len(target))
            return clipped * total / clipped.sum()
    """),
    "system_success_not_checked": ("optimize.solve_system", """
        def solve_system(fun, x0, args=()):
            return optimize.root(fun, x0, args=args).x
    """),
    "system_by_least_squares": ("optimize.solve_system", """
        def solve_system(fun, x0, args=()):
            result = optimize.least_squares(fun, x0, args=args)
            if not result.success:
                raise RuntimeError(result.message)
            return result.x
    """),
    "plan_minimises_profit": ("optimize.production_plan", """
        def production_plan(profit, usage, available):
            result = optimize.linprog(profit, A_ub=usage, b_ub=available)
            if not result.success:
                raise RuntimeError(result.message)
            return result.x, float(profit @ result.x)
    """),
    "plan_uses_every_resource_exactly": ("optimize.production_plan", """
        def production_plan(profit, usage, available):
            result = optimize.linprog(-profit, A_eq=usage, b_eq=available)
            if not result.success:
                raise RuntimeError(result.message)
            return result.x, float(profit @ result.x)
    """),
    "plan_success_not_checked": ("optimize.production_plan", """
        def production_plan(profit, usage, available):
            result = optimize.linprog(-profit, A_ub=usage, b_ub=available)
            return result.x, float(-result.fun)
    """),
    "fit_with_relative_sigma": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            p0 = [y[0] - y[-1], np.ptp(t) / 3, y[-1]]
            values, cov = optimize.curve_fit(_decay, t, y, p0=p0, sigma=sigma)
            errors = np.sqrt(np.diag(cov))
            names = ("amplitude", "tau", "offset")
            return {**{k: float(v) for k, v in zip(names, values)},
                    **{k + "_err": float(e) for k, e in zip(names, errors)}}
    """),
    "fit_without_sigma": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            p0 = [y[0] - y[-1], np.ptp(t) / 3, y[-1]]
            values, cov = optimize.curve_fit(_decay, t, y, p0=p0, absolute_sigma=True)
            errors = np.sqrt(np.diag(cov))
            names = ("amplitude", "tau", "offset")
            return {**{k: float(v) for k, v in zip(names, values)},
                    **{k + "_err": float(e) for k, e in zip(names, errors)}}
    """),
    "fit_reports_variances": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            p0 = [y[0] - y[-1], np.ptp(t) / 3, y[-1]]
            values, cov = optimize.curve_fit(_decay, t, y, p0=p0, sigma=sigma,
                                             absolute_sigma=True)
            names = ("amplitude", "tau", "offset")
            return {**{k: float(v) for k, v in zip(names, values)},
                    **{k + "_err": float(e) for k, e in zip(names, np.diag(cov))}}
    """),
    "fit_sigma_given_as_variance": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            p0 = [y[0] - y[-1], np.ptp(t) / 3, y[-1]]
            values, cov = optimize.curve_fit(_decay, t, y, p0=p0, sigma=sigma**2,
                                             absolute_sigma=True)
            errors = np.sqrt(np.diag(cov))
            names = ("amplitude", "tau", "offset")
            return {**{k: float(v) for k, v in zip(names, values)},
                    **{k + "_err": float(e) for k, e in zip(names, errors)}}
    """),
    "minimize_message_dropped": ("optimize.minimize_checked", """
        def minimize_checked(fun, x0, args=(), maxiter=1000):
            result = optimize.minimize(fun, np.asarray(x0, dtype=float), args=args,
                                       options={"maxiter": maxiter})
            if not result.success:
                raise RuntimeError("the minimiser did not converge")
            return np.asarray(result.x, dtype=float), float(result.fun)
    """),
    "best_starts_from_zero": ("optimize.best_of_starts", """
        def best_of_starts(fun, starts, args=()):
            best_x, best_value = None, 0.0
            for start in np.asarray(starts, dtype=float):
                result = optimize.minimize(fun, start, args=args)
                if result.success and result.fun < best_value:
                    best_x, best_value = np.asarray(result.x, dtype=float), float(result.fun)
            if best_x is None:
                raise RuntimeError("no start led to a successful minimisation")
            return best_x, best_value
    """),
    "can_fixed_bounds": ("optimize.cheapest_can", """
        def cheapest_can(volume, lid_cost=1.0):
            def cost(r):
                return lid_cost * 2 * np.pi * r**2 + 2 * volume / r
            result = optimize.minimize_scalar(cost, bounds=(0.01, 100.0), method="bounded")
            r = float(result.x)
            return r, float(volume / (np.pi * r**2))
    """),
    "can_bound_without_cube_root": ("optimize.cheapest_can", """
        def cheapest_can(volume, lid_cost=1.0):
            def cost(r):
                return lid_cost * 2 * np.pi * r**2 + 2 * volume / r
            result = optimize.minimize_scalar(cost, bounds=(1e-9, 10 * volume / 3),
                                              method="bounded")
            r = float(result.x)
            return r, float(volume / (np.pi * r**2))
    """),
    "root_newton_from_middle": ("optimize.find_root", """
        def find_root(fun, lower, upper, args=()):
            if np.sign(fun(lower, *args)) == np.sign(fun(upper, *args)) and fun(lower, *args) != 0:
                raise ValueError("no bracket")
            return float(optimize.newton(fun, 0.5 * (lower + upper), args=args))
    """),
    "fit_without_starting_guess": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            values, covariance = optimize.curve_fit(_decay, t, y, sigma=sigma, absolute_sigma=True)
            errors = np.sqrt(np.diag(covariance))
            names = ("amplitude", "tau", "offset")
            fit = {n: float(v) for n, v in zip(names, values)}
            fit.update({f"{n}_err": float(e) for n, e in zip(names, errors)})
            return fit
    """),
    "bracket_check_refuses_a_zero_end": ("optimize.find_root", """
        def find_root(fun, lower, upper, args=()):
            if fun(lower, *args) * fun(upper, *args) >= 0:
                raise ValueError("no bracket")
            return float(optimize.brentq(fun, lower, upper, args=args, xtol=1e-12))
    """),
    "plan_profit_left_as_linprog_minimum": ("optimize.production_plan", """
        def production_plan(profit, usage, available):
            r = optimize.linprog(-np.asarray(profit, float), A_ub=usage, b_ub=available)
            if not r.success:
                raise RuntimeError(r.message)
            return np.asarray(r.x, float), float(r.fun)
    """),
    "fit_sigma_given_as_weights": ("optimize.fit_decay", """
        _right_fit = fit_decay
        def fit_decay(t, y, sigma):
            return _right_fit(t, y, 1.0 / np.asarray(sigma, dtype=float))
    """),
}

ALTERNATIVES = {
    "root_scalar_bisect": ("optimize.find_root", """
        def find_root(fun, lower, upper, args=()):
            result = optimize.root_scalar(fun, args=args, bracket=(lower, upper),
                                          method="bisect", xtol=1e-13)
            return float(result.root)
    """),
    "can_from_calculus": ("optimize.cheapest_can", """
        def cheapest_can(volume, lid_cost=1.0):
            radius = (volume / (2 * np.pi * lid_cost)) ** (1 / 3)
            return radius, volume / (np.pi * radius * radius)
    """),
    "minimize_nelder_mead": ("optimize.minimize_checked", """
        def minimize_checked(fun, x0, args=(), maxiter=1000):
            result = optimize.minimize(fun, x0, args=args, method="Nelder-Mead",
                                       options={"maxiter": maxiter, "xatol": 1e-6,
                                                "fatol": 1e-10})
            if not result.success:
                raise RuntimeError("Nelder-Mead: " + result.message)
            return np.array(result.x), float(result.fun)
    """),
    "minimize_lbfgsb": ("optimize.minimize_checked", """
        def minimize_checked(fun, x0, args=(), maxiter=1000):
            result = optimize.minimize(fun, x0, args=args, method="L-BFGS-B",
                                       options={"maxiter": maxiter})
            if result.status != 0:
                raise RuntimeError(str(result.message))
            return result.x.astype(float), float(result.fun)
    """),
    "starts_with_nelder_mead_and_sort": ("optimize.best_of_starts", """
        def best_of_starts(fun, starts, args=()):
            runs = [optimize.minimize(fun, s, args=args, method="Nelder-Mead",
                                      options={"xatol": 1e-7, "fatol": 1e-10})
                    for s in starts]
            finished = sorted((r for r in runs if r.success), key=lambda r: r.fun)
            if not finished:
                raise RuntimeError("every run failed")
            return finished[0].x, float(finished[0].fun)
    """),
    "allocation_trust_constr": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            n = len(target)
            result = optimize.minimize(
                lambda w: np.sum((w - target) ** 2), np.full(n, total / n),
                jac=lambda w: 2 * (w - target), hess=lambda w: 2 * np.eye(n),
                method="trust-constr", bounds=optimize.Bounds(0.0, np.inf),
                constraints=optimize.LinearConstraint(np.ones((1, n)), total, total))
            if not result.success:
                raise RuntimeError(result.message)
            return result.x
    """),
    "allocation_slsqp_defaults": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            n = len(target)
            result = optimize.minimize(
                lambda w: np.sum((w - target) ** 2), np.full(n, total / n), method="SLSQP",
                bounds=[(0, None)] * n,
                constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - total}])
            if not result.success:
                raise RuntimeError(result.message)
            return result.x
    """),
    "allocation_by_projection_onto_the_simplex": ("optimize.closest_allocation", """
        def closest_allocation(target, total):
            v = np.asarray(target, dtype=float)
            u = np.sort(v)[::-1]
            excess = np.cumsum(u) - total
            rho = np.nonzero(u - excess / np.arange(1, v.size + 1) > 0)[0][-1]
            return np.maximum(v - excess[rho] / (rho + 1), 0.0)
    """),
    "system_by_fsolve": ("optimize.solve_system", """
        def solve_system(fun, x0, args=()):
            x, info, status, message = optimize.fsolve(fun, x0, args=args, full_output=True)
            if status != 1:
                raise RuntimeError(message)
            return x
    """),
    "plan_interior_point": ("optimize.production_plan", """
        def production_plan(profit, usage, available):
            result = optimize.linprog(-np.asarray(profit), A_ub=usage, b_ub=available,
                                      bounds=(0, None), method="highs-ipm")
            if result.status != 0:
                raise RuntimeError(result.message)
            return result.x, -result.fun
    """),
    "fit_by_least_squares": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            def residuals(p):
                return (p[0] * np.exp(-t / p[1]) + p[2] - y) / sigma
            start = [y[0] - y[-1], (t[-1] - t[0]) / 3, y[-1]]
            result = optimize.least_squares(residuals, start, xtol=1e-12, ftol=1e-12,
                                            gtol=1e-12)
            if not result.success:
                raise RuntimeError(result.message)
            covariance = np.linalg.inv(result.jac.T @ result.jac)
            errors = np.sqrt(np.diag(covariance))
            fit = dict(zip(("amplitude", "tau", "offset"), map(float, result.x)))
            fit.update(zip(("amplitude_err", "tau_err", "offset_err"), map(float, errors)))
            return fit
    """),
    "fit_with_a_rate_and_propagated_error": ("optimize.fit_decay", """
        def fit_decay(t, y, sigma):
            t = np.asarray(t, float)
            y = np.asarray(y, float)
            order = np.argsort(t)
            offset = float(y[order[-1]])
            amplitude = float(y[order[0]]) - offset
            tau = float(np.ptp(t)) / 3 or 1.0
            values, cov = optimize.curve_fit(lambda t, a, k, b: a * np.exp(-k * t) + b, t, y,
                                             p0=[amplitude, 1 / tau, offset], sigma=sigma,
                                             absolute_sigma=True)
            errors = np.sqrt(np.diag(cov))
            rate = values[1]
            return {"amplitude": float(values[0]), "tau": float(1 / rate),
                    "offset": float(values[2]), "amplitude_err": float(errors[0]),
                    "tau_err": float(errors[1] / rate**2), "offset_err": float(errors[2])}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


def test_the_reference_passes_a_system_where_root_leaves_residuals_above_1e_8(tmp_path):
    # Seed 2030978038 gives a three-unknown balance whose residual after root's default
    # stop is 1.2e-8; the suite once asked for 1e-8 and failed the reference there.
    document = check_topic(write_variant(tmp_path, "optimize", ""), "optimize",
                           seed=2030978038)
    assert exercise_statuses(document)["optimize.solve_system"] == "passed"
