"""Integrands, region limits and ODE right-hand sides that the integrate suite hands over.

Integrands take the integration variable(s) first and their parameters after, so learner
code passes the parameters on with `args=(...)`. Right-hand sides follow solve_ivp's
convention fun(t, y, *args): time first.
"""

from __future__ import annotations

import numpy as np

# -- integrands of one variable ---------------------------------------------------------


def gaussian_density(x: float, mean: float, width: float) -> float:
    """The normal probability density with this mean and standard deviation."""
    return np.exp(-0.5 * ((x - mean) / width) ** 2) / (width * np.sqrt(2.0 * np.pi))


def damped_cosine(x: float, decay: float, frequency: float) -> float:
    """exp(-decay x) cos(frequency x); over [0, inf) it integrates to decay/(decay²+freq²)."""
    return np.exp(-decay * x) * np.cos(frequency * x)


def inverse_square_root(x: float) -> float:
    """1/sqrt(x): infinite at 0, yet its integral over [0, 1] is 2."""
    return 1.0 / np.sqrt(x)


def lorentzian(x: float, center: float, half_width: float) -> float:
    """The Cauchy (Lorentz) density: its tails are so heavy that a cut-off range misses a lot."""
    return half_width / (np.pi * ((x - center) ** 2 + half_width**2))


# -- integrands of two variables and the limits of their regions ------------------------


def x_times_y_squared(x: float, y: float) -> float:
    """x * y**2: not symmetric in x and y, so swapping them changes an integral."""
    return x * y**2


def one(x: float, y: float) -> float:
    """1 everywhere: its integral over a region is the region's area."""
    return 1.0


def tilted_bump(x: float, y: float, center_x: float, center_y: float) -> float:
    """A Gaussian bump, stretched differently along x and y, on a sloping plane."""
    return (1.0 + 0.5 * x) * np.exp(-((x - center_x) ** 2) - 3.0 * (y - center_y) ** 2)


def zero_line(x: float) -> float:
    """The limit y = 0."""
    return 0.0


def diagonal_line(x: float) -> float:
    """The limit y = x."""
    return x


def half_parabola(x: float) -> float:
    """The limit y = x**2 / 2."""
    return 0.5 * x**2


def upper_semicircle(x: float) -> float:
    """The limit y = sqrt(1 - x**2), the top of the unit circle."""
    return float(np.sqrt(max(1.0 - x * x, 0.0)))


def lower_semicircle(x: float) -> float:
    """The limit y = -sqrt(1 - x**2), the bottom of the unit circle."""
    return -float(np.sqrt(max(1.0 - x * x, 0.0)))


# -- right-hand sides fun(t, y, *args) for solve_ivp -----------------------------------


def logistic_growth(t: float, y: np.ndarray, rate: float, capacity: float) -> np.ndarray:
    """dy/dt = rate * y * (1 - y / capacity): one population, shape (1,)."""
    return rate * y * (1.0 - y / capacity)


def damped_oscillator(t: float, y: np.ndarray, omega: float, damping: float) -> np.ndarray:
    """x'' + 2 damping omega x' + omega**2 x = 0 as a system for y = [x, x']."""
    position, velocity = y
    return np.array([velocity, -2.0 * damping * omega * velocity - omega**2 * position])


def forced_decay(t: float, y: np.ndarray, rate: float, frequency: float) -> np.ndarray:
    """dy/dt = -rate * y + sin(frequency * t): the time itself drives it."""
    return -rate * y + np.sin(frequency * t)


def predator_prey(t: float, y: np.ndarray, birth: float, predation: float,
                  death: float) -> np.ndarray:
    """Lotka-Volterra: y = [prey, predators]."""
    prey, predators = y
    return np.array([birth * prey - predation * prey * predators,
                     predation * prey * predators - death * predators])


def blows_up(t: float, y: np.ndarray) -> np.ndarray:
    """dy/dt = y**2: from y(0) = 1 the solution 1/(1 - t) is infinite at t = 1."""
    return y**2
