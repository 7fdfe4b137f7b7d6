"""Statistics: scipy.stats distributions, summaries, tests, correlation and fitting."""

from __future__ import annotations

import numpy as np
from scipy import stats


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
    distribution = getattr(stats, kind)
    return distribution.rvs(**params, size=size, random_state=seed)


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
    frozen = getattr(stats, kind)(**params)
    return {
        "pdf": np.asarray(frozen.pdf(x), dtype=float),
        "cdf": np.asarray(frozen.cdf(x), dtype=float),
        "ppf": np.asarray(frozen.ppf(q), dtype=float),
        "mean": float(frozen.mean()),
        "var": float(frozen.var()),
    }


def binomial_probabilities(n: int, p: float, k: int) -> tuple[float, float, float]:
    """For X, the number of successes in n independent trials that each succeed with
    probability p, return (P(X == k), P(X <= k), P(X > k)) as three floats.

    P(X > k) must be right even when it is tiny (relative error 1e-6 at 1e-30).

    >>> [round(value, 6) for value in binomial_probabilities(2, 0.5, 1)]
    [0.5, 0.75, 0.25]
    """
    distribution = stats.binom(n, p)
    return float(distribution.pmf(k)), float(distribution.cdf(k)), float(distribution.sf(k))


def summarize(data: np.ndarray) -> dict[str, float | int]:
    """Describe a 1-D sample the way scipy.stats.describe does.

    Returns a dict with "nobs" (int), and "min", "max", "mean", "variance" (the unbiased
    sample variance, dividing by n - 1), "skewness" and "kurtosis" (excess kurtosis, 0 for
    a normal distribution), all floats.

    >>> summarize(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))["variance"]
    2.5
    """
    result = stats.describe(data)
    return {
        "nobs": int(result.nobs),
        "min": float(result.minmax[0]),
        "max": float(result.minmax[1]),
        "mean": float(result.mean),
        "variance": float(result.variance),
        "skewness": float(result.skewness),
        "kurtosis": float(result.kurtosis),
    }


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
    result = stats.ttest_1samp(data, popmean, alternative=alternative)
    interval = result.confidence_interval(confidence_level=confidence_level)
    return {
        "statistic": float(result.statistic),
        "pvalue": float(result.pvalue),
        "df": int(result.df),
        "ci": (float(interval.low), float(interval.high)),
    }


def anova(groups: list[np.ndarray]) -> tuple[float, float]:
    """One-way analysis of variance: do the groups (two or more 1-D samples, sizes may
    differ) come from populations with the same mean?

    Returns (F statistic, p-value) as two floats.

    >>> f, p = anova([np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0])])
    >>> round(f, 3)
    1.5
    """
    result = stats.f_oneway(*groups)
    return float(result.statistic), float(result.pvalue)


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
    pearson = stats.pearsonr(x, y)
    spearman = stats.spearmanr(x, y)
    line = stats.linregress(x, y)
    return {
        "pearson_r": float(pearson.statistic),
        "pearson_p": float(pearson.pvalue),
        "spearman_rho": float(spearman.statistic),
        "spearman_p": float(spearman.pvalue),
        "slope": float(line.slope),
        "intercept": float(line.intercept),
        "r_squared": float(line.rvalue ** 2),
        "slope_pvalue": float(line.pvalue),
        "slope_stderr": float(line.stderr),
        "intercept_stderr": float(line.intercept_stderr),
    }


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
    rng = np.random.default_rng(seed)
    control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
    treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n, random_state=rng)
    test = stats.ttest_ind(treated, control, equal_var=False)
    interval = test.confidence_interval(confidence_level=1 - alpha)
    fitted_mean, fitted_sd = stats.norm.fit(treated)
    return {
        "difference": float(treated.mean() - control.mean()),
        "statistic": float(test.statistic),
        "pvalue": float(test.pvalue),
        "df": float(test.df),
        "ci": (float(interval.low), float(interval.high)),
        "significant": bool(test.pvalue < alpha),
        "treated_fit": (float(fitted_mean), float(fitted_sd)),
    }
