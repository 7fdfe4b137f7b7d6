"""Special functions with scipy.special: logistic, error, Bessel, counting, log-gamma.

Fill in each function, then run `course check special`. Import what you need from scipy
(for instance `from scipy import special`) at the top of the file.
"""

from __future__ import annotations

import numpy as np


def update_probability(p: np.ndarray, log_odds_change: float) -> np.ndarray:
    """Shift the probabilities p by log_odds_change on the log-odds scale.

    The log-odds of p is log(p / (1 - p)) (the logit); add log_odds_change to it and turn
    the result back into a probability with the logistic function (the inverse of the
    logit). Returns a float64 array of p's shape; p = 0 and p = 1 stay 0 and 1.

    >>> update_probability(np.array([0.5, 0.2]), np.log(4.0))
    array([0.8, 0.5])
    """
    # TODO: turn p into log-odds with scipy.special's logit function.
    # TODO: add the change, then map back with its inverse, the logistic function.
    raise NotImplementedError


def normal_upper_tail(z: np.ndarray) -> np.ndarray:
    """Return P(Z > z) for a standard normal Z, for each z, as a float64 array of z's shape.

    P(Z > z) = erfc(z / sqrt(2)) / 2. Computing it as (1 - erf(z / sqrt(2))) / 2 gives 0.0
    from about z = 8.4 on, because erf(...) rounds to 1.0; erfc keeps full relative
    accuracy far into the tail (z = 30 gives about 4.9e-198).

    >>> normal_upper_tail(np.array([0.0, 1.96, 10.0]))
    array([5.00000000e-01, 2.49978951e-02, 7.61985302e-24])
    """
    # TODO: use the complementary error function, not 1 minus the error function, which
    #       loses everything in the far tail.
    raise NotImplementedError


def bessel_table(orders: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the Bessel functions of the first kind J_v(x) for every order and every x.

    orders: 1-D array of orders v (not necessarily whole numbers); x: 1-D array of
    points >= 0. Returns a float64 array of shape (len(orders), len(x)) whose entry
    [i, j] is J_orders[i](x[j]).

    >>> bessel_table(np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    array([[1.        , 0.76519769],
           [0.        , 0.44005059]])
    """
    # TODO: call scipy.special's Bessel function of the first kind for real orders once,
    #       with orders as a column and x as a row, so that broadcasting fills the table.
    raise NotImplementedError


def count_arrangements(n: int, k: int) -> tuple[int, int, int]:
    """Return (combinations, permutations, factorial) as exact Python ints.

    combinations: the number of ways to choose k of n items (order does not matter);
    permutations: the number of ordered selections of k of n items; factorial: n!.
    The numbers are exact however large they are (a float keeps only about 16 digits).
    When k > n, there are 0 combinations and 0 permutations.

    >>> count_arrangements(5, 2)
    (10, 20, 120)
    """
    # TODO: count combinations, permutations and n! with scipy.special's functions.
    # TODO: ask each of them for the exact integer answer (by default they return floats).
    raise NotImplementedError


def log_binomial(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Return the natural logarithm of the binomial coefficient C(n, k), elementwise.

    n and k are arrays of the same shape of whole numbers with 0 <= k <= n, n as large as
    10**7. C(n, k) = n! / (k! (n - k)!) = gamma(n + 1) / (gamma(k + 1) gamma(n - k + 1)),
    but gamma overflows to inf from gamma(172) on; use the logarithm of the gamma
    function, which does not. Returns a float64 array of the same shape.

    >>> log_binomial(np.array([5, 1000]), np.array([2, 500]))
    array([  2.30258509, 689.46726157])
    """
    # TODO: write log C(n, k) with three log-gamma terms (log m! = log-gamma of m + 1).
    # TODO: use scipy.special's log-gamma function, which works where gamma overflows.
    raise NotImplementedError


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    """Turn each row of scores into probabilities with the softmax function.

    Row i of the result is exp(scores[i]) / sum(exp(scores[i])): non-negative, summing to
    1 along the row. Scores may be large (1000 and more), where exp overflows, so use a
    stable softmax. scores has shape (m, c); returns a float64 array of shape (m, c).

    >>> softmax_rows(np.array([[0.0, 0.0], [1000.0, 1000.0 + np.log(3.0)]]))
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    # TODO: use scipy.special's softmax, normalising along each row (choose the axis).
    raise NotImplementedError


def poisson_mixture_log_likelihood(counts: np.ndarray, rates: np.ndarray,
                                   weights: np.ndarray) -> float:
    """Return the log-likelihood of counts under a mixture of Poisson distributions.

    Each count k (a whole number >= 0) comes from component j with probability
    weights[j] (the weights sum to 1), and component j is Poisson with mean rates[j]:
    P(k | j) = rates[j]**k * exp(-rates[j]) / k!. The log-likelihood is
    sum over the counts of log(sum over j of weights[j] * P(k | j)).

    Counts and rates may be in the thousands, where k! overflows and P(k | j) underflows
    to 0.0: work with logarithms throughout (log k! through the log-gamma function, the
    sum over components through log-sum-exp). Returns a Python float.

    >>> poisson_mixture_log_likelihood(np.array([0, 2]), np.array([1.0]), np.array([1.0]))
    -2.6931471805599454
    """
    # TODO: compute log P(k | j) for every count and every component at once (a table of
    #       shape (len(counts), len(rates))), with the log-gamma function for log k!.
    # TODO: combine the components of each count with log-sum-exp, which can take the
    #       weights as scale factors (or add their logarithms first).
    # TODO: sum over the counts and return a Python float.
    raise NotImplementedError
