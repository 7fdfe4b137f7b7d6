"""Functions the odr suite hands to learner code: ODR model functions and warning makers.

ODR model functions take the parameters first and the data second, `f(beta, x)`, the
reverse of `scipy.optimize.curve_fit`'s `f(x, *params)`.

The warning makers imitate how SciPy 1.17 announces that `scipy.odr` is deprecated: a
DeprecationWarning raised with `stacklevel=2`, so Python reports it at the caller's line
(for the real one: the line of the learner's file that imports scipy.odr). A filter keyed
on `module="scipy.odr"` therefore misses it; one keyed on the message and category works.
"""

from __future__ import annotations

import warnings

import numpy as np

# The text SciPy 1.17 gives when scipy.odr is imported (scipy/odr/__init__.py).
ODR_DEPRECATION = ("`scipy.odr` is deprecated as of version 1.17.0 and will be removed in "
                   "SciPy 1.19.0. Please use `https://pypi.org/project/odrpack/` instead.")
# Made up, so that nobody takes it for something SciPy says.
OTHER_DEPRECATION = ("`course_demo.old_mean` is deprecated and will be removed; use "
                     "`numpy.mean` instead.")
ODR_USER_WARNING = "scipy.odr fit: the iteration limit was reached before convergence"
RUNTIME_WARNING = "overflow encountered in exp"


# -- model functions: f(beta, x) -----------------------------------------------------------

def exponential_decay(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """beta[0] * exp(-beta[1] * x)."""
    return beta[0] * np.exp(-beta[1] * x)


def quadratic(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """beta[0] + beta[1] * x + beta[2] * x**2."""
    return beta[0] + beta[1] * x + beta[2] * x ** 2


def power_law(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """beta[0] * x ** beta[1], for positive x."""
    return beta[0] * np.power(x, beta[1])


# -- warning makers: each returns 2 * value --------------------------------------------------

def warns_odr_deprecation(value: float) -> float:
    warnings.warn(ODR_DEPRECATION, DeprecationWarning, stacklevel=2)
    return 2.0 * value


def warns_other_deprecation(value: float) -> float:
    warnings.warn(OTHER_DEPRECATION, DeprecationWarning, stacklevel=2)
    return 2.0 * value


def warns_user_warning_about_odr(value: float) -> float:
    warnings.warn(ODR_USER_WARNING, UserWarning, stacklevel=2)
    return 2.0 * value


def warns_odr_text_as_future_warning(value: float) -> float:
    # The deprecation's words, but a FutureWarning: only the DeprecationWarning is hidden.
    warnings.warn(ODR_DEPRECATION, FutureWarning, stacklevel=2)
    return 2.0 * value


def warns_several(value: float) -> float:
    warnings.warn(ODR_DEPRECATION, DeprecationWarning, stacklevel=2)
    warnings.warn(ODR_USER_WARNING, UserWarning, stacklevel=2)
    warnings.warn(OTHER_DEPRECATION, DeprecationWarning, stacklevel=2)
    warnings.warn(RUNTIME_WARNING, RuntimeWarning, stacklevel=2)
    warnings.warn(ODR_DEPRECATION, DeprecationWarning, stacklevel=2)
    return 2.0 * value


def warns_nothing(value: float) -> float:
    return 2.0 * value
