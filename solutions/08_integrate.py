"""Integration with scipy.integrate: functions, regions, samples, and differential equations.

Integrals of a function you can call (quad, dblquad), integrals of data you only have as
samples (trapezoid, simpson, cumulative_trapezoid: the old names trapz, simps and cumtrapz
are gone), and initial value problems (solve_ivp, whose right-hand side is fun(t, y)).
An ODE solution is evaluated at the times asked for, and those values are returned.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy import integrate


def integrate_function(fun: Callable[..., float], lower: float, upper: float,
                       args: tuple = ()) -> tuple[float, float]:
    """Return (value, error) for the integral of fun(x, *args) from `lower` to `upper`.

    Either limit may be infinite (-np.inf or np.inf). `value` is the integral and
    `error` the integrator's estimate of its absolute error (>= 0), both Python floats.

    >>> def parabola(x):
    ...     return x * x
    >>> value, error = integrate_function(parabola, 0.0, 3.0)
    >>> round(value, 10), error < 1e-10
    (9.0, True)
    """
    value, error = integrate.quad(fun, lower, upper, args=args)
    return float(value), float(error)


def integrate_region(fun: Callable[..., float], x_low: float, x_high: float,
                     y_low: Callable[[float], float], y_high: Callable[[float], float],
                     args: tuple = ()) -> float:
    """Return the integral of fun(x, y, *args) over a region of the plane, as a float.

    The region is x_low <= x <= x_high and, for each such x, y_low(x) <= y <= y_high(x).
    Note the argument order: fun takes x first, then y.

    >>> def x_plus_y(x, y):
    ...     return x + y
    >>> def zero(x):
    ...     return 0.0
    >>> def two(x):
    ...     return 2.0
    >>> round(integrate_region(x_plus_y, 0.0, 1.0, zero, two), 10)   # the rectangle [0,1]x[0,2]
    3.0
    """
    # dblquad integrates func(y, x): the INNER variable comes first.
    value, _ = integrate.dblquad(lambda y, x: fun(x, y, *args), x_low, x_high, y_low, y_high)
    return float(value)


def integrate_samples(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Return (trapezoid, simpson): two estimates of the integral of sampled data.

    y[i] is a sample of a function at x[i]; x is increasing but not necessarily evenly
    spaced (shape (n,), n >= 3). `trapezoid` joins the samples by straight lines,
    `simpson` by parabolas (SciPy's simpson rule with its default handling of an even
    number of samples). Both are Python floats.

    >>> x = np.array([0.0, 1.0, 2.0])
    >>> trapezoid, simpson = integrate_samples(x, x ** 2)
    >>> trapezoid, round(simpson, 6)
    (3.0, 2.666667)
    """
    return (float(integrate.trapezoid(y, x=x)), float(integrate.simpson(y, x=x)))


def distance_travelled(t: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """Return the distance travelled from t[0] up to each sample time, from speed samples.

    t (s, increasing, shape (n,)) and speed (m/s, shape (n,)) are the samples. Between
    samples the speed is taken to change linearly (the trapezoidal rule). Returns a float
    array of shape (n,) in metres whose first entry is 0.0.

    >>> distance_travelled(np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 2.0]))
    array([0., 1., 5.])
    """
    return integrate.cumulative_trapezoid(speed, t, initial=0.0)


def ode_trajectory(fun: Callable[..., np.ndarray], y0: np.ndarray, t_eval: np.ndarray,
                   args: tuple = ()) -> np.ndarray:
    """Solve dy/dt = fun(t, y, *args) with y(t_eval[0]) = y0 and return y at t_eval.

    y0 has shape (k,); t_eval (shape (m,)) is increasing and starts at the initial time.
    Solve with solve_ivp's default method (an explicit Runge-Kutta method, which gives up
    quickly on a solution that becomes infinite), relative tolerance 1e-8 and absolute
    tolerance 1e-10. Returns a float array of shape (k, m) whose column j is y at
    t_eval[j]. When the solver fails, raise RuntimeError.

    >>> def decay(t, y, rate):
    ...     return -rate * y
    >>> np.round(ode_trajectory(decay, np.array([1.0]), np.array([0.0, 1.0]), (np.log(2),)), 6)
    array([[1. , 0.5]])
    """
    t_eval = np.asarray(t_eval, dtype=float)
    solution = integrate.solve_ivp(fun, (t_eval[0], t_eval[-1]), np.asarray(y0, dtype=float),
                                   t_eval=t_eval, args=args, rtol=1e-8, atol=1e-10)
    if not solution.success:
        raise RuntimeError(f"solve_ivp failed: {solution.message}")
    return solution.y


def projectile_landing(speed: float, angle_deg: float, drag: float,
                       gravity: float) -> dict[str, float]:
    """Fly a projectile launched from the ground until it lands again, with air drag.

    It starts at x = y = 0 with `speed` (m/s) at `angle_deg` degrees above the
    horizontal (0 < angle_deg <= 90). Its velocity v = (vx, vy) changes as
        dv/dt = -drag * |v| * v - (0, gravity)
    (drag in 1/m, drag >= 0; gravity in m/s**2). Solve with solve_ivp, stopping at the
    moment it comes back down to y = 0, with tolerances rtol = atol = 1e-10. Returns a dict
    of Python floats: "flight_time" (s), "distance" (x at landing, m), "max_height" (the
    highest y reached, m) and "impact_speed" (|v| at landing, m/s).

    >>> flight = projectile_landing(20.0, 45.0, 0.0, 10.0)
    >>> {key: round(value, 6) for key, value in flight.items()}
    {'flight_time': 2.828427, 'distance': 40.0, 'max_height': 10.0, 'impact_speed': 20.0}
    """
    def motion(t: float, state: np.ndarray) -> np.ndarray:
        _, _, vx, vy = state
        speed_now = np.hypot(vx, vy)
        return np.array([vx, vy, -drag * speed_now * vx, -drag * speed_now * vy - gravity])

    def lands(t: float, state: np.ndarray) -> float:
        return state[1]

    lands.terminal = True
    lands.direction = -1.0  # y is 0 at launch too, but going up: only count the way down

    def top(t: float, state: np.ndarray) -> float:
        return state[3]

    angle = np.radians(angle_deg)
    start = np.array([0.0, 0.0, speed * np.cos(angle), speed * np.sin(angle)])
    # Without drag the flight lasts 2 v sin(angle) / g; drag only shortens it.
    longest = 2.0 * speed / gravity + 1.0
    solution = integrate.solve_ivp(motion, (0.0, longest), start, events=(lands, top),
                                   rtol=1e-10, atol=1e-10)
    if solution.status != 1:
        raise RuntimeError(f"the projectile did not land: {solution.message}")
    x, _, vx, vy = solution.y_events[0][0]
    return {"flight_time": float(solution.t_events[0][0]), "distance": float(x),
            "max_height": float(solution.y_events[1][0][1]),
            "impact_speed": float(np.hypot(vx, vy))}
