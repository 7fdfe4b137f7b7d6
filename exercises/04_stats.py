"""Statistics: scipy.stats distributions, summaries, tests, correlation and fitting.

Results come back as plain numbers: read the fields of SciPy's result objects
(statistic, pvalue, df, confidence_interval...) and return them as floats, ints and tuples.
Anything random takes a seed: pass it on, so that the same seed gives the same answer.

Fill in each function, then run `course check stats`.
"""

from __future__ import annotations

import numpy as np


def draw_samples(kind: str, params: dict[str, float], size: int, seed: int) -> np.ndarray:
    """Draw `size` random numbers from the scipy.stats distribution named `kind`.

    `kind` is "norm", "binom", "chi2" or "gamma"; `params` holds its parameters by
    keyword, e.g. {"loc": 0.0, "scale": 1.0} for norm, {"n": 10, "p": 0.5} for binom,
    {"df": 2} for chi2, {"a": 2.0, "scale": 2.0} for gamma. Pass `seed` itself on as the
    random state, so that the same seed always gives the same numbers.

    Returns an array of shape (size,): float64, or an integer dtype for binom.

    >>> draw_samples("binom", {"n": 10, "p": 0.5}, 3, seed=1).shape
    (3,)
    """
    # TODO: find the distribution object in scipy.stats by its name.
    # TODO: draw `size` values with its parameters, handing the seed to SciPy as the random
    #       state (a draw without a seed differs every run).
    raise NotImplementedError


def continuous_facts(kind: str, params: dict[str, float], x: np.ndarray,
                     q: np.ndarray) -> dict[str, np.ndarray | float]:
    """Evaluate the continuous distribution `kind` ("norm", "chi2" or "gamma") with the
    parameters `params` (by keyword, as in draw_samples).

    Returns a dict: "pdf" and "cdf" at the points x (float arrays of x's shape), "ppf" at
    the probabilities q (a float array of q's shape: the x below which a fraction q of the
    distribution lies), and "mean" and "var" (floats).

    >>> facts = continuous_facts("norm", {"loc": 0.0, "scale": 2.0}, np.array([0.0]),
    ...                          np.array([0.5]))
    >>> float(facts["ppf"][0]), facts["var"]
    (0.0, 4.0)
    """
    # TODO: make a frozen distribution from the name and the parameters.
    # TODO: evaluate its density and cumulative distribution at x, its inverse cumulative
    #       distribution at q, and its mean and variance; return them in the dict.
    raise NotImplementedError


def binomial_probabilities(n: int, p: float, k: int) -> tuple[float, float, float]:
    """For X, the number of successes in n independent trials that each succeed with
    probability p, return (P(X == k), P(X <= k), P(X > k)) as three floats.

    P(X > k) must be right even when it is tiny (relative error 1e-6 at 1e-30).

    >>> [round(value, 6) for value in binomial_probabilities(2, 0.5, 1)]
    [0.5, 0.75, 0.25]
    """
    # TODO: make the binomial distribution for n trials with success probability p.
    # TODO: a discrete distribution has a probability mass function (not a density);
    #       use it, the cumulative distribution, and the function made for P(X > k) far in
    #       the tail (1 - cdf rounds tiny tails to 0).
    raise NotImplementedError


def summarize(data: np.ndarray) -> dict[str, float | int]:
    """Describe a 1-D sample the way scipy.stats.describe does.

    Returns a dict with "nobs" (int), and "min", "max", "mean", "variance" (the unbiased
    sample variance, dividing by n - 1), "skewness" and "kurtosis" (excess kurtosis, 0 for
    a normal distribution), all floats.

    >>> summarize(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))["variance"]
    2.5
    """
    # TODO: let scipy.stats describe the sample in one call.
    # TODO: unpack its fields (min and max come together) into the dict as ints and floats.
    raise NotImplementedError


def one_sample_t_test(data: np.ndarray, popmean: float, alternative: str = "two-sided",
                      confidence_level: float = 0.95) -> dict[str, object]:
    """Test whether the mean of the population that `data` comes from is `popmean`.

    `alternative` is "two-sided", "less" or "greater", as in scipy.stats. Returns a dict:
    "statistic" and "pvalue" (floats), "df" (the degrees of freedom, an int) and "ci"
    (low, high): the confidence interval for the population mean at `confidence_level`,
    two floats (one of them infinite for a one-sided test).

    >>> result = one_sample_t_test(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), 3.0)
    >>> result["statistic"], result["pvalue"], result["df"]
    (0.0, 1.0, 4)
    """
    # TODO: run the one-sample t-test with the alternative given.
    # TODO: read statistic, p-value and degrees of freedom from the result, and ask the
    #       result for its confidence interval at the level given.
    raise NotImplementedError


def anova(groups: list[np.ndarray]) -> tuple[float, float]:
    """One-way analysis of variance: do the groups (two or more 1-D samples, sizes may
    differ) come from populations with the same mean?

    Returns (F statistic, p-value) as two floats.

    >>> f, p = anova([np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])])
    >>> round(f, 3)
    1.5
    """
    # TODO: run scipy.stats' one-way ANOVA, giving it each group as a separate argument.
    # TODO: return the F statistic and the p-value as floats.
    raise NotImplementedError


def correlation_and_regression(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Measure how y goes with x (two 1-D samples of the same length), and fit a line.

    Returns a dict of floats:
      "pearson_r", "pearson_p": Pearson's correlation coefficient and its p-value;
      "spearman_rho", "spearman_p": Spearman's rank correlation and its p-value;
      "slope", "intercept": the least-squares line y = slope * x + intercept;
      "r_squared": the coefficient of determination of that line;
      "slope_pvalue": the p-value for a slope of zero;
      "slope_stderr", "intercept_stderr": the standard errors of slope and intercept.

    >>> result = correlation_and_regression(np.arange(5.0), 2 * np.arange(5.0) + 1)
    >>> result["slope"], result["intercept"], result["slope_stderr"]
    (2.0, 1.0, 0.0)
    """
    # TODO: compute Pearson's and Spearman's correlations and the least-squares line
    #       with the three scipy.stats functions made for them.
    # TODO: fill the dict from the fields of their result objects; r_squared comes from
    #       the line's correlation coefficient.
    raise NotImplementedError


def treatment_effect(n: int, control_mean: float, effect: float, sd: float, seed: int,
                     alpha: float = 0.05) -> dict[str, object]:
    """Simulate a trial with a control and a treated group, and test the treatment.

    Make the data exactly so: rng = np.random.default_rng(seed); draw n control values
    from a normal distribution with mean control_mean and standard deviation sd, then n
    treated values with mean control_mean + effect and the same sd, both with
    scipy.stats.norm and random_state=rng, control first.

    Then compare treated with control by Welch's t-test (no equal variances assumed),
    treated first, and fit a normal distribution to the treated values by maximum
    likelihood. Returns a dict:
      "difference": mean of treated minus mean of control (float);
      "statistic", "pvalue", "df": of the t-test (floats);
      "ci": (low, high), the confidence interval for the difference of the means at
            confidence 1 - alpha (floats);
      "significant": True when the p-value is below alpha (bool);
      "treated_fit": (mean, standard deviation) fitted to the treated values (floats).

    >>> result = treatment_effect(30, 120.0, -10.0, 8.0, seed=7)
    >>> result["significant"]
    True
    """
    # TODO: make one generator from the seed and draw the control group, then the treated
    #       group, from normal distributions with it.
    # TODO: compare treated with control by the t-test for independent samples that does
    #       not assume equal variances, and take its confidence interval at 1 - alpha.
    # TODO: fit a normal distribution to the treated values, decide significance by
    #       comparing the p-value with alpha, and return plain numbers.
    raise NotImplementedError
