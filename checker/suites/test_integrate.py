"""Suite for topic 08, integrate.

Tolerances: quad and dblquad aim at a relative error of ~1.5e-8, so integrals are held
to 1e-7. Sample rules are plain arithmetic on the samples, held to 1e-10. ODE solutions
are compared with a reference solved ten times more tightly than the exercise asks
(1e-8 relative), at a relative 1e-6: what a solver run with the stated tolerances
reaches, and far closer than one run with solve_ivp's defaults (1e-3).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate

from checker.callables import integrate as functions
from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_learner_raises,
)

QUAD_TOLERANCE = 1e-7  # quad's own target is a relative error of ~1.5e-8


# -- integrate_function -----------------------------------------------------------------

def _check_quad(learner, fun, lower, upper, args, exact, case):
    got = learner.integrate_function(fun, lower, upper, args)
    expect_equal(type(got).__name__, "tuple", what=f"integrate_function({case}) returns a tuple")
    expect_equal(len(got), 2, what=f"integrate_function({case}) returns (value, error)")
    value, error = got
    expect_float(value, exact, rtol=QUAD_TOLERANCE, atol=1e-10,
                 what=f"the value of integrate_function({case})")
    expect_float(error, 0.0, rtol=0.0, atol=1e-6,
                 what=f"the error estimate of integrate_function({case}): a small, "
                      "non-negative float (below 1e-6)")
    expect_float(abs(error), error, rtol=0.0, atol=0.0,
                 what=f"the error estimate of integrate_function({case}) must not be negative")


@exercise("integrate.integrate_function")
def test_integrate_function_whole_line(learner, rng):
    mean = round(float(rng.uniform(-5.0, 5.0)), 3)
    width = round(float(rng.uniform(0.5, 3.0)), 3)
    _check_quad(learner, functions.gaussian_density, -np.inf, np.inf, (mean, width), 1.0,
                f"a normal density (mean {mean}, sd {width}) from -inf to inf")


@exercise("integrate.integrate_function")
def test_integrate_function_heavy_tails(learner):
    # Cutting the line off at +-1000 loses 0.06% of this one: pass the infinite limits.
    _check_quad(learner, functions.lorentzian, -np.inf, np.inf, (0.0, 1.0), 1.0,
                "the Lorentz density from -inf to inf")


@exercise("integrate.integrate_function")
def test_integrate_function_half_line(learner, rng):
    decay = round(float(rng.uniform(0.5, 2.0)), 3)
    frequency = round(float(rng.uniform(0.0, 3.0)), 3)
    _check_quad(learner, functions.damped_cosine, 0.0, np.inf, (decay, frequency),
                decay / (decay**2 + frequency**2),
                f"exp(-{decay} x) cos({frequency} x) from 0 to inf")


@exercise("integrate.integrate_function")
def test_integrate_function_finite(learner, rng):
    mean, width = round(float(rng.uniform(-1.0, 1.0)), 3), round(float(rng.uniform(0.5, 2.0)), 3)
    lower, upper = sorted(round(v, 3) for v in rng.uniform(-3.0, 3.0, 2).tolist())
    exact, _ = scipy.integrate.quad(functions.gaussian_density, lower, upper,
                                    args=(mean, width))
    _check_quad(learner, functions.gaussian_density, lower, upper, (mean, width), exact,
                f"a normal density (mean {mean}, sd {width}, passed as args=({mean}, {width})) "
                f"from {lower} to {upper}")


@exercise("integrate.integrate_function")
def test_integrate_function_singular_end(learner):
    _check_quad(learner, functions.inverse_square_root, 0.0, 1.0, (), 2.0,
                "1/sqrt(x) from 0 to 1, infinite at x = 0")


# -- integrate_region -------------------------------------------------------------------

def _check_region(learner, fun, x_low, x_high, y_low, y_high, args, exact, case):
    got = learner.integrate_region(fun, x_low, x_high, y_low, y_high, args)
    expect_float(got, exact, rtol=QUAD_TOLERANCE, atol=1e-10,
                 what=f"integrate_region({case})")


@exercise("integrate.integrate_region")
def test_integrate_region_triangle(learner):
    # Over 0 <= y <= x <= 1: x y**2 gives 1/15; swapping x and y in fun would give 1/10.
    _check_region(learner, functions.x_times_y_squared, 0.0, 1.0, functions.zero_line,
                  functions.diagonal_line, (), 1.0 / 15.0,
                  "x * y**2 over the triangle 0 <= x <= 1, 0 <= y <= x")


@exercise("integrate.integrate_region")
def test_integrate_region_disc(learner):
    _check_region(learner, functions.one, -1.0, 1.0, functions.lower_semicircle,
                  functions.upper_semicircle, (), np.pi,
                  "1 over the unit disc (its area, pi)")


@exercise("integrate.integrate_region")
def test_integrate_region_random_bump(learner, rng):
    center_x = round(float(rng.uniform(0.5, 1.5)), 3)
    center_y = round(float(rng.uniform(0.0, 1.0)), 3)
    x_high = round(float(rng.uniform(1.5, 2.5)), 3)
    exact, _ = scipy.integrate.dblquad(
        lambda y, x: functions.tilted_bump(x, y, center_x, center_y), 0.0, x_high,
        functions.zero_line, functions.half_parabola)
    _check_region(learner, functions.tilted_bump, 0.0, x_high, functions.zero_line,
                  functions.half_parabola, (center_x, center_y), exact,
                  f"a bump at ({center_x}, {center_y}) over 0 <= x <= {x_high}, "
                  "0 <= y <= x**2 / 2")


# -- integrate_samples ------------------------------------------------------------------

def _check_samples(learner, x, y, case):
    got = learner.integrate_samples(x, y)
    expect_equal(type(got).__name__, "tuple", what=f"integrate_samples({case}) returns a tuple")
    expect_equal(len(got), 2, what=f"integrate_samples({case}) returns (trapezoid, simpson)")
    expect_float(got[0], scipy.integrate.trapezoid(y, x=x), rtol=1e-10, atol=1e-12,
                 what=f"the trapezoid estimate from integrate_samples({case})")
    expect_float(got[1], scipy.integrate.simpson(y, x=x), rtol=1e-10, atol=1e-12,
                 what=f"the simpson estimate from integrate_samples({case})")


@exercise("integrate.integrate_samples")
def test_integrate_samples_example(learner):
    x = np.array([0.0, 1.0, 2.0])
    _check_samples(learner, x, x**2, "x = [0, 1, 2], y = x**2")


@exercise("integrate.integrate_samples")
@pytest.mark.parametrize("n", [7, 8])
def test_integrate_samples_uneven(learner, rng, n):
    # Uneven spacing and a spacing far from 1: a rule that ignores x is wrong here.
    x = np.sort(rng.uniform(0.0, 0.3, n))
    y = np.exp(-x) * np.cos(10.0 * x)
    _check_samples(learner, x, y, f"{n} unevenly spaced samples in [0, 0.3]")


@exercise("integrate.integrate_samples")
def test_integrate_samples_even_count(learner, rng):
    x = np.linspace(0.0, float(rng.uniform(2.0, 5.0)), 10)
    _check_samples(learner, x, x**3 - 2.0 * x, "10 evenly spaced samples of x**3 - 2x")


# -- distance_travelled -----------------------------------------------------------------

@exercise("integrate.distance_travelled")
def test_distance_travelled_example(learner):
    expect_array(learner.distance_travelled(np.array([0.0, 1.0, 3.0]),
                                            np.array([0.0, 2.0, 2.0])),
                 [0.0, 1.0, 5.0], shape=(3,), dtype_kind="f", rtol=1e-12,
                 what="distance_travelled(t=[0, 1, 3], speed=[0, 2, 2]): one value per sample, "
                      "starting at 0")


@exercise("integrate.distance_travelled")
def test_distance_travelled_random(learner, rng):
    n = int(rng.integers(10, 60))
    t = np.sort(rng.uniform(0.0, 100.0, n))
    speed = rng.uniform(0.0, 30.0, n)
    expected = scipy.integrate.cumulative_trapezoid(speed, t, initial=0.0)
    expect_array(learner.distance_travelled(t, speed), expected, shape=(n,), dtype_kind="f",
                 rtol=1e-10, atol=1e-9,
                 what=f"distance_travelled on {n} random, unevenly timed speed samples")


# -- ode_trajectory ---------------------------------------------------------------------

def _reference_ode(fun, y0, t_eval, args):
    solution = scipy.integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), y0, t_eval=t_eval,
                                         args=args, method="DOP853", rtol=1e-11, atol=1e-13)
    assert solution.success, solution.message
    return solution.y


def _check_ode(learner, fun, y0, t_eval, args, case):
    expected = _reference_ode(fun, y0, t_eval, args)
    got = learner.ode_trajectory(fun, y0, t_eval, args)
    scale = float(np.max(np.abs(expected)))
    expect_array(got, expected, shape=expected.shape, dtype_kind="f", rtol=1e-6,
                 atol=1e-7 * scale,
                 what=f"ode_trajectory({case}): shape (len(y0), len(t_eval)) = "
                      f"{expected.shape} (solve with rtol=1e-8 and atol=1e-10, as the "
                      "docstring asks)")


@exercise("integrate.ode_trajectory")
def test_ode_trajectory_logistic(learner, rng):
    rate = round(float(rng.uniform(0.5, 2.0)), 3)
    capacity = round(float(rng.uniform(50.0, 200.0)), 1)
    _check_ode(learner, functions.logistic_growth, np.array([1.0]), np.linspace(0.0, 10.0, 21),
               (rate, capacity),
               f"logistic growth, rate {rate}, capacity {capacity}, from y = 1")


@exercise("integrate.ode_trajectory")
def test_ode_trajectory_oscillator(learner, rng):
    omega = round(float(rng.uniform(1.0, 4.0)), 3)
    damping = round(float(rng.uniform(0.05, 0.5)), 3)
    _check_ode(learner, functions.damped_oscillator, np.array([1.0, 0.0]),
               np.linspace(0.0, 8.0, 33), (omega, damping),
               f"a damped oscillator, omega {omega}, damping {damping}, from [1, 0]")


@exercise("integrate.ode_trajectory")
def test_ode_trajectory_time_dependent(learner, rng):
    # The right-hand side uses t itself: calling it as fun(y, t) gives another answer.
    rate = round(float(rng.uniform(0.2, 1.0)), 3)
    frequency = round(float(rng.uniform(1.0, 3.0)), 3)
    t_eval = np.sort(np.concatenate([[1.0], rng.uniform(1.0, 12.0, 15)]))
    _check_ode(learner, functions.forced_decay, np.array([2.0]), t_eval, (rate, frequency),
               f"dy/dt = -{rate} y + sin({frequency} t) from y(1) = 2, at 16 "
               "uneven times")


@exercise("integrate.ode_trajectory")
def test_ode_trajectory_predator_prey(learner, rng):
    birth, predation, death = (round(float(v), 3) for v in rng.uniform([0.8, 0.05, 0.5],
                                                                       [1.2, 0.15, 1.0]))
    _check_ode(learner, functions.predator_prey, np.array([10.0, 5.0]),
               np.linspace(0.0, 15.0, 31), (birth, predation, death),
               f"predator-prey with rates {birth}, {predation}, {death}")


@exercise("integrate.ode_trajectory")
def test_ode_trajectory_solver_fails(learner):
    with expect_learner_raises("RuntimeError",
                               why="dy/dt = y**2 from y(0) = 1 becomes infinite at t = 1, so "
                                   "the solver cannot reach t = 2 and reports success=False"):
        learner.ode_trajectory(functions.blows_up, np.array([1.0]), np.linspace(0.0, 2.0, 5),
                               ())


# -- projectile_landing -----------------------------------------------------------------

FLIGHT_KEYS = ("distance", "flight_time", "impact_speed", "max_height")


def _reference_flight(speed, angle_deg, drag, gravity):
    def motion(t, state):
        vx, vy = state[2], state[3]
        speed_now = np.hypot(vx, vy)
        return [vx, vy, -drag * speed_now * vx, -drag * speed_now * vy - gravity]

    def lands(t, state):
        return state[1]

    def top(t, state):
        return state[3]

    lands.terminal, lands.direction = True, -1.0
    angle = np.radians(angle_deg)
    solution = scipy.integrate.solve_ivp(
        motion, (0.0, 2.0 * speed / gravity + 1.0),
        [0.0, 0.0, speed * np.cos(angle), speed * np.sin(angle)],
        events=(lands, top), method="DOP853", rtol=1e-12, atol=1e-12)
    assert solution.status == 1, solution.message
    x, _, vx, vy = solution.y_events[0][0]
    return {"flight_time": float(solution.t_events[0][0]), "distance": float(x),
            "max_height": float(solution.y_events[1][0][1]),
            "impact_speed": float(np.hypot(vx, vy))}


def _check_flight(learner, speed, angle_deg, drag, gravity, expected, case,
                  atol_per_speed=1e-6):
    got = learner.projectile_landing(speed, angle_deg, drag, gravity)
    expect_equal(type(got).__name__, "dict", what=f"projectile_landing({case}) returns a dict")
    expect_equal(sorted(map(str, got)), list(FLIGHT_KEYS),
                 what=f"the keys of projectile_landing({case})")
    # Without drag the flight time is 2 v sin(angle) / g: with the angle in degrees fed to
    # sin as if it were radians, that is the time the learner's projectile flies.
    in_radians = 2.0 * speed * np.sin(angle_deg) / gravity
    advice = ""
    if (drag == 0.0 and isinstance(got["flight_time"], float)
            and not np.isclose(in_radians, expected["flight_time"], rtol=1e-3)
            and np.isclose(got["flight_time"], in_radians, rtol=1e-4)):
        advice = (f" ({angle_deg:g} was taken as radians: angle_deg is in degrees, and np.sin "
                  "and np.cos take radians; np.radians converts)")
    for key in ("flight_time", "max_height", "impact_speed", "distance"):
        expect_float(got[key], expected[key], rtol=1e-6, atol=atol_per_speed * speed,
                     what=f"{key} from projectile_landing({case}){advice}")


def _flight_without_drag(speed: float, angle_deg: float, gravity: float) -> dict[str, float]:
    """Without drag the answers are textbook formulas."""
    angle = np.radians(angle_deg)
    return {"flight_time": 2.0 * speed * np.sin(angle) / gravity,
            "distance": speed**2 * np.sin(2.0 * angle) / gravity,
            "max_height": (speed * np.sin(angle)) ** 2 / (2.0 * gravity),
            "impact_speed": speed}


@exercise("integrate.projectile_landing")
@pytest.mark.parametrize("angle_deg", [45.0, 30.0, 80.0])
def test_projectile_without_drag(learner, rng, angle_deg):
    speed = round(float(rng.uniform(5.0, 50.0)), 2)
    gravity = round(float(rng.uniform(1.6, 25.0)), 2)
    expected = _flight_without_drag(speed, angle_deg, gravity)
    _check_flight(learner, speed, angle_deg, 0.0, gravity, expected,
                  f"speed {speed}, angle {angle_deg:g}, no drag, gravity {gravity}")


@exercise("integrate.projectile_landing")
@pytest.mark.parametrize("gravity, speeds, angles, where", [
    # A flight of two to four minutes: a time span fixed in advance (say 100 s) ends
    # before the landing.
    (1.62, (120.0, 200.0), (50.0, 80.0), "the Moon's gravity 1.62"),
    # Gravity below 1 m/s**2 (Vesta's is 0.25): a slow throw stays up for half a minute
    # or more, so the time span must grow as gravity shrinks, like 2 * speed / gravity.
    (0.25, (2.0, 6.0), (40.0, 70.0), "gravity 0.25"),
])
def test_projectile_long_flight(learner, rng, gravity, speeds, angles, where):
    speed = round(float(rng.uniform(*speeds)), 2)
    angle_deg = round(float(rng.uniform(*angles)), 2)
    expected = _flight_without_drag(speed, angle_deg, gravity)
    _check_flight(learner, speed, angle_deg, 0.0, gravity, expected,
                  f"speed {speed}, angle {angle_deg}, no drag, {where} (a flight "
                  f"of {expected['flight_time']:.0f} s: integrate until it lands)")


@exercise("integrate.projectile_landing")
def test_projectile_small_hop_with_drag(learner):
    # Millimetres high: solve_ivp's default atol (1e-6 m) is a sizeable part of the
    # answer here, so only the stated atol = 1e-10 reaches the relative 1e-6 asked for.
    _check_flight(learner, 0.3, 70.0, 1.0, 9.81, _reference_flight(0.3, 70.0, 1.0, 9.81),
                  "speed 0.3, angle 70, drag 1, gravity 9.81: a hop 4 mm high (solve with "
                  "rtol = atol = 1e-10 as asked)", atol_per_speed=1e-9)


@exercise("integrate.projectile_landing")
def test_projectile_with_drag(learner, rng):
    speed = round(float(rng.uniform(10.0, 60.0)), 2)
    angle_deg = round(float(rng.uniform(15.0, 75.0)), 2)
    drag, gravity = round(float(rng.uniform(0.001, 0.05)), 4), 9.80665
    _check_flight(learner, speed, angle_deg, drag, gravity,
                  _reference_flight(speed, angle_deg, drag, gravity),
                  f"speed {speed}, angle {angle_deg}, drag {drag}, gravity 9.80665")


@exercise("integrate.projectile_landing")
def test_projectile_straight_up_with_drag(learner):
    # Straight up and down: no distance, and drag makes it land slower than it left.
    _check_flight(learner, 30.0, 90.0, 0.02, 9.81, _reference_flight(30.0, 90.0, 0.02, 9.81),
                  "speed 30, angle 90, drag 0.02, gravity 9.81")
