"""Special functions with scipy.special: logistic, error, Bessel, counting, log-gamma."""

from __future__ import annotations

import numpy as np
from scipy import special


def update_probability(p: np.ndarray, log_odds_change: float) -> np.ndarray:
    """Shift the probabilities p by log_odds_change on the log-odds scale.

    The log-odds of p is log(p / (1 - p)) (the logit); add log_odds_change to it and turn
    the result back into a probability with the logistic function (the inverse of the
    logit). Returns a float64 array of p's shape; p = 0 and p = 1 stay 0 and 1.

    >>> update_probability(np.array([0.5, 0.2]), np.log(4.0))
    array([0.8, 0.5])
    """
    return special.expit(special.logit(p) + log_odds_change)


def normal_upper_tail(z: np.ndarray) -> np.ndarray:
    """Return P(Z > z) for a standard normal Z, for each z, as a float64 array of z's shape.

    P(Z > z) = erfc(z / sqrt(2)) / 2. Computing it as (1 - erf(z / sqrt(2))) / 2 gives 0.0
    from about z = 8.4 on, because erf(...) rounds to 1.0; erfc keeps full relative
    accuracy far into the tail (z = 30 gives about 4.9e-198).

    >>> normal_upper_tail(np.array([0.0, 1.96, 10.0]))
    array([5.00000000e-01, 2.49978951e-02, 7.61985302e-24])
    """
    return special.erfc(np.asarray(z, dtype=float) / np.sqrt(2.0)) / 2.0


def bessel_table(orders: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the Bessel functions of the first kind J_v(x) for every order and every x.

    orders: 1-D array of orders v (not necessarily whole numbers); x: 1-D array of
    points >= 0. Returns a float64 array of shape (len(orders), len(x)) whose entry
    [i, j] is J_orders[i](x[j]).

    >>> bessel_table(np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    array([[1.        , 0.76519769],
           [0.        , 0.44005059]])
    """
    return special.jv(np.asarray(orders)[:, np.newaxis], np.asarray(x)[np.newaxis, :])


def count_arrangements(n: int, k: int) -> tuple[int, int, int]:
    """Return (combinations, permutations, factorial) as exact Python ints.

    combinations: the number of ways to choose k of n items (order does not matter);
    permutations: the number of ordered selections of k of n items; factorial: n!.
    The numbers are exact however large they are (a float keeps only about 16 digits).
    When k > n, there are 0 combinations and 0 permutations.

    >>> count_arrangements(5, 2)
    (10, 20, 120)
    """
    return (int(special.comb(n, k, exact=True)), int(special.perm(n, k, exact=True)),
            int(special.factorial(n, exact=True)))


def log_binomial(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Return the natural logarithm of the binomial coefficient C(n, k), elementwise.

    n and k are arrays of the same shape of whole numbers with 0 <= k <= n, n as large as
    10**7. C(n, k) = n! / (k! (n - k)!) = gamma(n + 1) / (gamma(k + 1) gamma(n - k + 1)),
    but gamma overflows to inf from gamma(172) on; use the logarithm of the gamma
    function, which does not. Returns a float64 array of the same shape.

    >>> log_binomial(np.array([5, 1000]), np.array([2, 500]))
    array([  2.30258509, 689.46726157])
    """
    n = np.asarray(n, dtype=float)
    k = np.asarray(k, dtype=float)
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    """Turn each row of scores into probabilities with the softmax function.

    Row i of the result is exp(scores[i]) / sum(exp(scores[i])): non-negative, summing to
    1 along the row. Scores may be large (1000 and more), where exp overflows, so use a
    stable softmax. scores has shape (m, c); returns a float64 array of shape (m, c).

    >>> softmax_rows(np.array([[0.0, 0.0], [1000.0, 1000.0 + np.log(3.0)]]))
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    return special.softmax(scores, axis=1)


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
    counts = np.asarray(counts, dtype=float)[:, np.newaxis]
    log_pmf = counts * np.log(rates) - rates - special.gammaln(counts + 1)
    per_count = special.logsumexp(log_pmf, b=weights, axis=1)
    return float(np.sum(per_count))
