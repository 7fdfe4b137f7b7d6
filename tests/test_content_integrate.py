"""Wrong solutions for integrate lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    "quad_value_and_error_swapped": ("integrate.integrate_function", """
        def integrate_function(fun, lower, upper, args=()):
            value, error = integrate.quad(fun, lower, upper, args=args)
            return float(error), float(value)
    """),
    "quad_infinity_cut_off": ("integrate.integrate_function", """
        def integrate_function(fun, lower, upper, args=()):
            lower, upper = max(lower, -1000.0), min(upper, 1000.0)
            value, error = integrate.quad(fun, lower, upper, args=args, limit=500)
            return float(value), float(error)
    """),
    "quad_value_only": ("integrate.integrate_function", """
        def integrate_function(fun, lower, upper, args=()):
            return integrate.quad(fun, lower, upper, args=args)[0]
    """),
    "dblquad_order_not_swapped": ("integrate.integrate_region", """
        def integrate_region(fun, x_low, x_high, y_low, y_high, args=()):
            return integrate.dblquad(fun, x_low, x_high, y_low, y_high, args=args)[0]
    """),
    "region_as_a_rectangle": ("integrate.integrate_region", """
        def integrate_region(fun, x_low, x_high, y_low, y_high, args=()):
            low, high = y_low(x_low), y_high(x_high)
            return integrate.dblquad(lambda y, x: fun(x, y, *args), x_low, x_high,
                                     low, high)[0]
    """),
    "samples_with_removed_scipy_names": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            return float(integrate.trapz(y, x)), float(integrate.simps(y, x))
    """),
    "samples_with_removed_numpy_name": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            return float(np.trapz(y, x)), float(integrate.simpson(y, x=x))
    """),
    "samples_unit_spacing": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            return float(integrate.trapezoid(y)), float(integrate.simpson(y))
    """),
    "samples_arguments_swapped": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            return float(integrate.trapezoid(x, y)), float(integrate.simpson(x, x=y))
    """),
    "distance_without_initial_zero": ("integrate.distance_travelled", """
        def distance_travelled(t, speed):
            return integrate.cumulative_trapezoid(speed, t)
    """),
    "distance_by_rectangles": ("integrate.distance_travelled", """
        def distance_travelled(t, speed):
            return np.concatenate([[0.0], np.cumsum(speed[:-1] * np.diff(t))])
    """),
    "ode_default_tolerances": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            solution = integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), y0, t_eval=t_eval,
                                           args=args)
            if not solution.success:
                raise RuntimeError(solution.message)
            return solution.y
    """),
    "ode_odeint_calls_fun_y_first": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            return integrate.odeint(fun, y0, t_eval, args=args, rtol=1e-8, atol=1e-10).T
    """),
    "ode_success_not_checked": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            return integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), y0, t_eval=t_eval,
                                       args=args, rtol=1e-8, atol=1e-10).y
    """),
    "ode_one_row_per_time": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            solution = integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), y0, t_eval=t_eval,
                                           args=args, rtol=1e-8, atol=1e-10)
            if not solution.success:
                raise RuntimeError(solution.message)
            return solution.y.T
    """),
    "projectile_event_without_direction": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                v = np.hypot(s[2], s[3])
                return [s[2], s[3], -drag * v * s[2], -drag * v * s[3] - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal = True
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1),
                                      [0, 0, speed * np.cos(a), speed * np.sin(a)],
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            x, y, vx, vy = sol.y[:, -1]
            tops = sol.y_events[1]
            return {"flight_time": float(sol.t[-1]), "distance": float(x),
                    "max_height": float(tops[0][1]) if len(tops) else 0.0,
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_runs_past_landing": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                v = np.hypot(s[2], s[3])
                return [s[2], s[3], -drag * v * s[2], -drag * v * s[3] - gravity]
            def lands(t, s):
                return s[1]
            lands.direction = -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1),
                                      [0, 0, speed * np.cos(a), speed * np.sin(a)],
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            x, y, vx, vy = sol.y[:, -1]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_drag_linear_in_speed": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                return [s[2], s[3], -drag * s[2], -drag * s[3] - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1),
                                      [0, 0, speed * np.cos(a), speed * np.sin(a)],
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            x, y, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_earth_gravity_hard_coded": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            gravity = 9.81
            def motion(t, s):
                v = np.hypot(s[2], s[3])
                return [s[2], s[3], -drag * v * s[2], -drag * v * s[3] - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1),
                                      [0, 0, speed * np.cos(a), speed * np.sin(a)],
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            x, y, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_fixed_time_span": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                vx, vy = s[2], s[3]
                v = np.hypot(vx, vy)
                return [vx, vy, -drag * v * vx, -drag * v * vy - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            start = [0, 0, speed * np.cos(a), speed * np.sin(a)]
            sol = integrate.solve_ivp(motion, (0, 100), start,
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            if sol.status != 1:
                raise RuntimeError(sol.message)
            x, _, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_time_bound_times_gravity": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                vx, vy = s[2], s[3]
                v = np.hypot(vx, vy)
                return [vx, vy, -drag * v * vx, -drag * v * vy - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            start = [0, 0, speed * np.cos(a), speed * np.sin(a)]
            sol = integrate.solve_ivp(motion, (0, 2 * speed * gravity + 1), start,
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            if sol.status != 1:
                raise RuntimeError(sol.message)
            x, _, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_default_atol": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                vx, vy = s[2], s[3]
                v = np.hypot(vx, vy)
                return [vx, vy, -drag * v * vx, -drag * v * vy - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            def top(t, s):
                return s[3]
            a = np.radians(angle_deg)
            start = [0, 0, speed * np.cos(a), speed * np.sin(a)]
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1), start,
                                      events=(lands, top), rtol=1e-10)
            if sol.status != 1:
                raise RuntimeError(sol.message)
            x, _, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "ode_starts_at_zero": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            solution = integrate.solve_ivp(fun, (0.0, t_eval[-1]), y0, t_eval=t_eval, args=args,
                                           rtol=1e-8, atol=1e-10)
            if not solution.success:
                raise RuntimeError(solution.message)
            return solution.y
    """),
    "projectile_max_height_from_steps": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                vx, vy = s[2], s[3]
                v = np.hypot(vx, vy)
                return [vx, vy, -drag * v * vx, -drag * v * vy - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal, lands.direction = True, -1
            a = np.radians(angle_deg)
            start = [0, 0, speed * np.cos(a), speed * np.sin(a)]
            sol = integrate.solve_ivp(motion, (0, 2 * speed / gravity + 1), start,
                                      events=lands, rtol=1e-10, atol=1e-10)
            x, _, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y[1].max()), "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_angle_degrees_fed_to_cos": ("integrate.projectile_landing", """
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                v = np.hypot(s[2], s[3])
                return np.array([s[2], s[3], -drag * v * s[2], -drag * v * s[3] - gravity])
            lands, top = (lambda t, s: s[1]), (lambda t, s: s[3])
            lands.terminal, lands.direction = True, -1.0
            start = [0.0, 0.0, speed * np.cos(angle_deg), speed * np.sin(angle_deg)]
            sol = integrate.solve_ivp(motion, (0.0, 2 * speed / gravity + 1), start,
                                      events=(lands, top), rtol=1e-10, atol=1e-10)
            if sol.status != 1:
                raise RuntimeError("the projectile did not land")
            x, _, vx, vy = sol.y_events[0][0]
            tops = sol.y_events[1]   # none when sin(30) < 0 sends it downwards at once
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(tops[0][1]) if len(tops) else 0.0,
                    "impact_speed": float(np.hypot(vx, vy))}
    """),
    "projectile_impact_at_launch_speed": ("integrate.projectile_landing", """
        _right_landing = projectile_landing
        def projectile_landing(speed, angle_deg, drag, gravity):
            flight = _right_landing(speed, angle_deg, drag, gravity)
            flight["impact_speed"] = float(speed)   # energy is conserved only without drag
            return flight
    """),
    "simpson_drops_the_last_interval": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            n = len(x) if len(x) % 2 == 1 else len(x) - 1
            return (float(integrate.trapezoid(y, x=x)),
                    float(integrate.simpson(y[:n], x=x[:n])))
    """),
}

ALTERNATIVES = {
    "quad_tighter_options": ("integrate.integrate_function", """
        def integrate_function(fun, lower, upper, args=()):
            result = integrate.quad(fun, lower, upper, args=args, epsabs=1e-12,
                                    epsrel=1e-11, limit=200)
            return result[0], result[1]
    """),
    "quad_vec_with_quad_tolerances": ("integrate.integrate_function", """
        def integrate_function(fun, lower, upper, args=()):
            value, error = integrate.quad_vec(fun, lower, upper, args=args, epsabs=1.49e-8,
                                              epsrel=1.49e-8)
            return float(value), float(error)
    """),
    "region_by_nquad": ("integrate.integrate_region", """
        def integrate_region(fun, x_low, x_high, y_low, y_high, args=()):
            value, _ = integrate.nquad(lambda y, x: fun(x, y, *args),
                                       [lambda x: [y_low(x), y_high(x)], [x_low, x_high]])
            return float(value)
    """),
    "region_by_nested_quad": ("integrate.integrate_region", """
        def integrate_region(fun, x_low, x_high, y_low, y_high, args=()):
            def inner(x):
                return integrate.quad(lambda y: fun(x, y, *args), y_low(x), y_high(x),
                                      epsabs=1e-12, epsrel=1e-11)[0]
            return integrate.quad(inner, x_low, x_high, epsabs=1e-12, epsrel=1e-11)[0]
    """),
    "samples_numpy_and_keywords": ("integrate.integrate_samples", """
        def integrate_samples(x, y):
            trapezoid = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
            return trapezoid, float(integrate.simpson(y=y, x=x))
    """),
    "distance_by_hand": ("integrate.distance_travelled", """
        def distance_travelled(t, speed):
            steps = np.diff(t) * (speed[1:] + speed[:-1]) / 2
            return np.concatenate([[0.0], np.cumsum(steps)])
    """),
    "ode_odeint_time_first": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            values, info = integrate.odeint(fun, y0, t_eval, args=args, tfirst=True,
                                            rtol=1e-8, atol=1e-10, full_output=True)
            if info["message"] != "Integration successful.":
                raise RuntimeError(info["message"])
            return values.T
    """),
    # The dense output's interpolant instead of t_eval. (Not with DOP853: its steps are so
    # long at rtol=1e-8 that its interpolant between them misses 1e-6 now and then.)
    "ode_dense_output": ("integrate.ode_trajectory", """
        def ode_trajectory(fun, y0, t_eval, args=()):
            solution = integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), y0,
                                           dense_output=True, args=args, rtol=1e-8,
                                           atol=1e-10)
            if solution.status != 0:
                raise RuntimeError(solution.message)
            return solution.sol(t_eval)
    """),
    "projectile_dense_output_and_search": ("integrate.projectile_landing", """
        from scipy import optimize

        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                v = np.sqrt(s[2] ** 2 + s[3] ** 2)
                return np.array([s[2], s[3], -drag * v * s[2], -drag * v * s[3] - gravity])
            def ground(t, s):
                return s[1]
            ground.terminal = True
            ground.direction = -1
            a = np.deg2rad(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 10 * speed / gravity),
                                      [0, 0, speed * np.cos(a), speed * np.sin(a)],
                                      method="DOP853", events=ground, dense_output=True,
                                      rtol=1e-10, atol=1e-10)
            landing = sol.t_events[0][0]
            peak = optimize.minimize_scalar(lambda t: -sol.sol(t)[1], bounds=(0, landing),
                                            method="bounded", options={"xatol": 1e-9})
            x, y, vx, vy = sol.sol(landing)
            return {"flight_time": float(landing), "distance": float(x),
                    "max_height": float(-peak.fun),
                    "impact_speed": float(np.sqrt(vx**2 + vy**2))}
    """),
    "projectile_lsoda_and_hypot_state": ("integrate.projectile_landing", """
        import math
        def projectile_landing(speed, angle_deg, drag, gravity):
            def motion(t, s):
                x, y, vx, vy = s
                v = math.hypot(vx, vy)
                return [vx, vy, -drag * v * vx, -drag * v * vy - gravity]
            def lands(t, s):
                return s[1]
            lands.terminal = True
            lands.direction = -1
            def top(t, s):
                return s[3]
            a = math.radians(angle_deg)
            sol = integrate.solve_ivp(motion, (0, 10 * speed / gravity),
                                      [0, 0, speed * math.cos(a), speed * math.sin(a)],
                                      method="LSODA", events=[lands, top], rtol=1e-10,
                                      atol=1e-10)
            x, y, vx, vy = sol.y_events[0][0]
            return {"flight_time": float(sol.t_events[0][0]), "distance": float(x),
                    "max_height": float(sol.y_events[1][0][1]),
                    "impact_speed": math.hypot(vx, vy)}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)

test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "projectile_angle_degrees_fed_to_cos": "45 was taken as radians",
}, {"projectile_drag_linear_in_speed": "taken as radians"})
