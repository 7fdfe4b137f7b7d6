"""Integration with scipy.integrate: functions, regions, samples, and differential equations.

Integrals of a function you can call (quad, dblquad), integrals of data you only have as
samples (trapezoid, simpson, cumulative_trapezoid: the old names trapz, simps and cumtrapz
are gone), and initial value problems (solve_ivp, whose right-hand side is fun(t, y)).
An ODE solution is evaluated at the times asked for, and those values are returned.

Fill in each function, then run `course check integrate`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np


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
    # TODO: use scipy.integrate's adaptive integrator for a function of one variable; it
    #       takes infinite limits as they are (no need to cut them off) and `args`.
    # TODO: it returns the value and an error estimate: return both as floats.
    raise NotImplementedError


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
    # TODO: use scipy.integrate's double integrator; y_low and y_high can be passed as
    #       the limits of the inner variable as they are.
    # TODO: it calls its integrand with the INNER variable (y) first: wrap fun so that
    #       it still receives (x, y, *args).
    # TODO: return the value (not the error estimate) as a float.
    raise NotImplementedError


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
    # TODO: use scipy.integrate's trapezoidal and Simpson rules for samples (the names
    #       trapz and simps are gone from SciPy), giving them the sample positions x,
    #       not a spacing of 1.
    # TODO: return both results as floats.
    raise NotImplementedError


def distance_travelled(t: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """Return the distance travelled from t[0] up to each sample time, from speed samples.

    t (s, increasing, shape (n,)) and speed (m/s, shape (n,)) are the samples. Between
    samples the speed is taken to change linearly (the trapezoidal rule). Returns a float
    array of shape (n,) in metres whose first entry is 0.0.

    >>> distance_travelled(np.array([0.0, 1.0, 3.0]), np.array([0.0, 2.0, 2.0]))
    array([0., 1., 5.])
    """
    # TODO: use scipy.integrate's cumulative trapezoidal rule over t.
    # TODO: by default it returns n - 1 values: ask it to start with 0.0.
    raise NotImplementedError


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
    # TODO: call scipy.integrate.solve_ivp: it calls fun(t, y, *args), time first
    #       (odeint's fun(y, t) order is the other way round).
    # TODO: integrate from t_eval[0] to t_eval[-1], ask for the solution at t_eval, and
    #       pass args and the tolerances from the docstring.
    # TODO: raise RuntimeError unless the result reports success; return its y.
    raise NotImplementedError


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
    # TODO: write the right-hand side fun(t, state) for state = [x, y, vx, vy].
    # TODO: write an event function that is y; make it terminal, and give it a direction
    #       so that the launch itself (where y is also 0) does not count.
    # TODO: a second, non-terminal event where vy = 0 marks the highest point.
    # TODO: solve from t = 0 to a time surely after landing, then read the landing time
    #       and state, and the state at the top, from the events.
    raise NotImplementedError
