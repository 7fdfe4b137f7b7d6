"""Suite for topic 16, special.

Tolerances: values are compared with scipy.special's own result computed here, to
relative 1e-9 (special functions are accurate to a few units in the last place, so a
correct formula written another way stays far inside). Tail probabilities are compared
with no absolute tolerance at all: 0.0 for 7.6e-24 is the error this topic is about.
Differences of large log-gamma values carry absolute round-off of about 1e-16 times
their size, so log_binomial allows 1e-14 times log(n!). Counts must be exact ints.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special

from checker.expect import exercise, expect_array, expect_float, expect_value

# -- update_probability -------------------------------------------------------------------

def _check_update(learner, p: np.ndarray, change: float, label: str) -> None:
    expected = scipy.special.expit(scipy.special.logit(p) + change)
    expect_array(learner.update_probability(p, change), expected, shape=p.shape,
                 dtype_kind="f", rtol=1e-9, atol=1e-15,
                 what=f"update_probability of {label} by {change:+} in log-odds")


@exercise("special.update_probability")
def test_update_probability_known(learner):
    p = np.array([0.0, 0.2, 0.5, 0.9, 1.0])
    _check_update(learner, p, math.log(4.0), "[0, 0.2, 0.5, 0.9, 1] (0 and 1 stay put)")


@exercise("special.update_probability")
def test_update_probability_random(learner, rng):
    p = rng.uniform(0.0, 1.0, int(rng.integers(5, 30)))
    _check_update(learner, p, round(float(rng.uniform(-3.0, 3.0)), 3), "random probabilities")


# -- normal_upper_tail --------------------------------------------------------------------

def _check_tail(learner, z: np.ndarray, label: str) -> None:
    expected = scipy.special.erfc(z / np.sqrt(2.0)) / 2.0
    got = learner.normal_upper_tail(z)
    # The rounding advice only where the answer is 0 and the tail is not.
    rounded_to_zero = (isinstance(got, np.ndarray) and got.shape == z.shape
                       and bool(np.any((got == 0.0) & (expected > 0.0))))
    expect_array(got, expected, shape=z.shape, dtype_kind="f", rtol=1e-9, atol=0.0,
                 what=f"normal_upper_tail of {label}, P(Z > z)" + (
                     " (tiny tail probabilities must not round to 0)" if rounded_to_zero
                     else ""))


@exercise("special.normal_upper_tail")
def test_normal_upper_tail_known(learner):
    _check_tail(learner, np.array([-3.0, 0.0, 1.96, 5.0]), "[-3, 0, 1.96, 5]")


@exercise("special.normal_upper_tail")
def test_normal_upper_tail_far(learner):
    _check_tail(learner, np.array([9.0, 10.0, 20.0, 37.0]), "[9, 10, 20, 37] (far tail)")


@exercise("special.normal_upper_tail")
def test_normal_upper_tail_random(learner, rng):
    _check_tail(learner, rng.uniform(-5.0, 30.0, 20), "20 random z between -5 and 30")


# -- bessel_table -------------------------------------------------------------------------

def _check_bessel(learner, orders: np.ndarray, x: np.ndarray, label: str) -> None:
    expected = scipy.special.jv(orders[:, np.newaxis], x[np.newaxis, :])
    expect_array(learner.bessel_table(orders, x), expected, shape=(len(orders), len(x)),
                 dtype_kind="f", rtol=1e-9, atol=1e-14,
                 what=f"bessel_table for {label} (row i is order i)")


@exercise("special.bessel_table")
def test_bessel_table_known(learner):
    _check_bessel(learner, np.array([0.0, 1.0, 2.5]), np.linspace(0.0, 20.0, 5),
                  "orders [0, 1, 2.5] and x = 0, 5, ..., 20")


@exercise("special.bessel_table")
def test_bessel_table_random(learner, rng):
    orders = rng.uniform(0.0, 6.0, int(rng.integers(2, 6)))
    x = rng.uniform(0.0, 30.0, int(rng.integers(7, 12)))
    _check_bessel(learner, orders, x, f"{len(orders)} random orders and {len(x)} random x")


# -- count_arrangements -------------------------------------------------------------------

def _check_counts(learner, n: int, k: int) -> None:
    # math's exact integer functions: the numbers do not depend on a SciPy version.
    expected = (math.comb(n, k), math.perm(n, k), math.factorial(n))
    expect_value(learner.count_arrangements(n, k), expected,
                 what=f"count_arrangements({n}, {k}), which returns (combinations, "
                      "permutations, n!) as exact ints")


@exercise("special.count_arrangements")
@pytest.mark.parametrize("n, k", [(5, 2), (10, 0), (0, 0), (3, 5), (100, 50)])
def test_count_arrangements(learner, n, k):
    _check_counts(learner, n, k)


@exercise("special.count_arrangements")
def test_count_arrangements_large(learner, rng):
    # Far beyond the 16 or so digits a float keeps.
    n = int(rng.integers(60, 300))
    _check_counts(learner, n, int(rng.integers(20, n - 10)))


# -- log_binomial -------------------------------------------------------------------------

def _check_log_binomial(learner, n: np.ndarray, k: np.ndarray, label: str) -> None:
    gammaln = scipy.special.gammaln
    n_float, k_float = n.astype(float), k.astype(float)
    expected = gammaln(n_float + 1) - gammaln(k_float + 1) - gammaln(n_float - k_float + 1)
    size = float(np.max(gammaln(n_float + 1)))
    expect_array(learner.log_binomial(n, k), expected, shape=n.shape, dtype_kind="f",
                 rtol=1e-12, atol=1e-14 * size,
                 what=f"log_binomial of {label}")


@exercise("special.log_binomial")
def test_log_binomial_small(learner):
    n = np.array([5, 10, 10, 1000, 1, 52])
    k = np.array([2, 0, 10, 500, 1, 5])
    _check_log_binomial(learner, n, k, "n = [5, 10, 10, 1000, 1, 52], k = [2, 0, 10, 500, 1, 5]")


@exercise("special.log_binomial")
def test_log_binomial_huge(learner, rng):
    # gamma(n + 1) is inf for all of these, and so is comb(n, k) as a float for most.
    n = rng.integers(10_000, 10_000_000, size=(2, 4))
    k = (n * rng.uniform(0.0, 1.0, size=n.shape)).astype(np.int64)
    _check_log_binomial(learner, n, k, "a 2x4 array of random n between 1e4 and 1e7")


@exercise("special.log_binomial")
def test_log_binomial_against_exact(learner, rng):
    n = int(rng.integers(200, 2000))
    k = int(rng.integers(1, n))
    exact = math.log(math.comb(n, k))
    expect_float(learner.log_binomial(np.array([n]), np.array([k]))[0], exact, rtol=1e-10,
                 what=f"log_binomial([{n}], [{k}]) against log(math.comb({n}, {k}))")


# -- softmax_rows -------------------------------------------------------------------------

def _check_softmax(learner, scores: np.ndarray, label: str) -> None:
    expect_array(learner.softmax_rows(scores), scipy.special.softmax(scores, axis=1),
                 shape=scores.shape, dtype_kind="f", rtol=1e-9, atol=1e-15,
                 what=f"softmax_rows of {label} (each row must sum to 1)")


@exercise("special.softmax_rows")
def test_softmax_rows_known(learner):
    scores = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    _check_softmax(learner, scores, "[[0, 0, 0], [1, 2, 3]]")


@exercise("special.softmax_rows")
def test_softmax_rows_random(learner, rng):
    m, c = int(rng.integers(2, 6)), int(rng.integers(6, 10))
    _check_softmax(learner, rng.normal(0.0, 3.0, (m, c)), f"random {m}x{c} scores")


@exercise("special.softmax_rows")
def test_softmax_rows_large_scores(learner, rng):
    # exp(1000) is inf and exp(-1000) is 0: the naive formula gives nan for both rows.
    scores = rng.normal(0.0, 2.0, (2, 4)) + np.array([[1000.0], [-1000.0]])
    _check_softmax(learner, scores, "scores near +1000 (row 0) and -1000 (row 1)")


# -- poisson_mixture_log_likelihood -------------------------------------------------------

def _reference_log_likelihood(counts: np.ndarray, rates: np.ndarray,
                              weights: np.ndarray) -> float:
    k = counts.astype(float)[:, np.newaxis]
    log_pmf = k * np.log(rates) - rates - scipy.special.gammaln(k + 1)
    return float(np.sum(scipy.special.logsumexp(log_pmf, b=weights, axis=1)))


def _mixture_sample(rng: np.random.Generator, rates: np.ndarray, weights: np.ndarray,
                    size: int) -> np.ndarray:
    components = rng.choice(len(rates), size=size, p=weights)
    return rng.poisson(rates[components])


def _check_likelihood(learner, counts: np.ndarray, rates: np.ndarray, weights: np.ndarray,
                      label: str) -> None:
    expect_float(learner.poisson_mixture_log_likelihood(counts, rates, weights),
                 _reference_log_likelihood(counts, rates, weights), rtol=1e-9,
                 what=f"the log-likelihood of {label}, rates {rates.tolist()}, "
                      f"weights {weights.tolist()}")


@exercise("special.poisson_mixture_log_likelihood")
def test_likelihood_one_component(learner):
    _check_likelihood(learner, np.array([0, 2]), np.array([1.0]), np.array([1.0]),
                      "counts [0, 2]")


@exercise("special.poisson_mixture_log_likelihood")
def test_likelihood_small_counts(learner, rng):
    rates = np.round(rng.uniform(1.0, 30.0, 3), 2)
    weights = rng.dirichlet(np.ones(3))
    counts = _mixture_sample(rng, rates, weights, 50)
    _check_likelihood(learner, counts, rates, weights, "50 random counts")


@exercise("special.poisson_mixture_log_likelihood")
def test_likelihood_large_counts(learner, rng):
    # Counts in the thousands (k! overflows) and one count of 0, whose probability
    # exp(-rate) underflows to 0.0 in every component.
    rates = np.round(np.array([800.0, 2500.0, 4000.0]) * rng.uniform(1.0, 1.2), 2)
    weights = rng.dirichlet(np.ones(3))
    counts = np.append(_mixture_sample(rng, rates, weights, 40), 0)
    _check_likelihood(learner, counts, rates, weights, "40 random counts in the thousands and a 0")
