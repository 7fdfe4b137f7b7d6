"""Suite for topic 04, stats.

Expected values come from scipy.stats at run time. Statistics are compared with a
relative tolerance of 1e-7 and p-values with 1e-6 (and 1e-12 absolute, where a p-value
is essentially zero): tight enough to tell a wrong test from the right one, loose enough
for the same test computed by a formula.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_int,
    expect_value,
)

STAT_RTOL = 1e-7
P_RTOL, P_ATOL = 1e-6, 1e-12


def _params(kind: str, rng: np.random.Generator) -> dict[str, float]:
    if kind == "norm":
        return {"loc": float(rng.uniform(-50, 50)), "scale": float(rng.uniform(0.5, 10))}
    if kind == "binom":
        return {"n": int(rng.integers(5, 60)), "p": float(rng.uniform(0.1, 0.9))}
    if kind == "chi2":
        return {"df": float(rng.integers(1, 12))}
    return {"a": float(rng.uniform(0.8, 6)), "scale": float(rng.uniform(0.5, 4))}


# -- draw_samples --------------------------------------------------------------------------

def _why_draws_differ(got, expected: np.ndarray) -> str:
    """What to look at when the draws have the right shape but not the right values. Draws
    from the right seed with loc or scale lost (dropped, or given by position: gamma's
    second positional parameter is loc, not scale) are the expected ones moved or stretched
    exactly; anything else is most often a seed that was not passed on."""
    if (isinstance(got, np.ndarray) and got.shape == expected.shape and got.size > 2
            and np.issubdtype(got.dtype, np.number) and np.isrealobj(got)
            and np.isfinite(got).all() and np.ptp(expected) > 0):
        slope, intercept = np.polyfit(expected.astype(float), got.astype(float), 1)
        size = float(np.abs(expected).max())
        moved = abs(intercept) > 1e-9 * size or not np.isclose(slope, 1.0, rtol=1e-9)
        if moved and np.allclose(got, slope * expected + intercept, rtol=1e-9,
                                 atol=1e-9 * size):
            if np.isclose(slope, 1.0, rtol=1e-9):
                return (f"each value is off by {intercept:.6g} from the expected one: pass "
                        "loc on as given")
            return (f"the values are the expected ones times {slope:.6g} plus "
                    f"{intercept:.6g}: pass loc and scale on by keyword, as given")
    return "pass the seed as random_state"


@exercise("stats.draw_samples")
@pytest.mark.parametrize("kind", ["norm", "binom", "chi2", "gamma"])
def test_draw_samples(learner, rng, kind):
    params = _params(kind, rng)
    size = int(rng.integers(5, 40))
    seed = int(rng.integers(2**31))
    expected = getattr(scipy.stats, kind).rvs(**params, size=size, random_state=seed)
    got = learner.draw_samples(kind, params, size, seed)
    call = f"draw_samples({kind!r}, {params}, size={size}, seed={seed})"
    # Shape and dtype first, so that the hint about the seed only comes with the values.
    expect_array(got, expected, shape=(size,), atol=np.inf, what=call)
    expect_array(got, expected, shape=(size,), rtol=1e-12,
                 what=f"{call} ({_why_draws_differ(got, expected)})")


@exercise("stats.draw_samples")
def test_draw_samples_reproducible(learner, rng):
    params = {"a": 2.0, "scale": 2.0}
    seed = int(rng.integers(2**31))
    first = learner.draw_samples("gamma", params, 50, seed)
    again = learner.draw_samples("gamma", params, 50, seed)
    expect_array(again, first, shape=(50,), rtol=0,
                 what=f"a second draw_samples('gamma', {params}, 50, seed={seed}): the same "
                      "seed must give the same numbers (rvs without a seed never does)")
    other = learner.draw_samples("gamma", params, 50, seed + 1)
    expect_equal(bool(np.array_equal(other, first)), False,
                 what=f"whether seeds {seed} and {seed + 1} gave identical draws")


# -- continuous_facts ----------------------------------------------------------------------

@exercise("stats.continuous_facts")
@pytest.mark.parametrize("kind", ["norm", "chi2", "gamma"])
def test_continuous_facts(learner, rng, kind):
    params = _params(kind, rng)
    frozen = getattr(scipy.stats, kind)(**params)
    low, high = frozen.ppf(0.01), frozen.ppf(0.99)
    x = np.sort(np.round(rng.uniform(low, high, size=int(rng.integers(3, 9))), 3))
    q = np.round(rng.uniform(0.01, 0.99, size=int(rng.integers(2, 6))), 3)
    got = learner.continuous_facts(kind, params, x, q)
    what = f"continuous_facts({kind!r}, {params})"
    expect_equal(sorted(got) if isinstance(got, dict) else got,
                 ["cdf", "mean", "pdf", "ppf", "var"], what=f"the keys of {what}")
    expect_array(got["pdf"], frozen.pdf(x), shape=x.shape, rtol=1e-9,
                 what=f"the pdf of {what} at x={x.tolist()}")
    expect_array(got["cdf"], frozen.cdf(x), shape=x.shape, rtol=1e-9,
                 what=f"the cdf of {what} at x={x.tolist()}")
    expect_array(got["ppf"], frozen.ppf(q), shape=q.shape, rtol=1e-9,
                 what=f"the ppf of {what} at q={q.tolist()}")
    expect_float(got["mean"], frozen.mean(), rtol=1e-9, what=f"the mean of {what}")
    expect_float(got["var"], frozen.var(), rtol=1e-9,
                 what=f"the variance of {what} (the variance, not the standard deviation)")


@exercise("stats.continuous_facts")
def test_continuous_facts_scale_is_the_sd(learner):
    # norm's scale is the standard deviation: sd 3 means variance 9.
    x, q = np.array([1.0, 4.0]), np.array([0.975])
    frozen = scipy.stats.norm(loc=1.0, scale=3.0)
    got = learner.continuous_facts("norm", {"loc": 1.0, "scale": 3.0}, x, q)
    expect_float(got["var"], frozen.var(), rtol=1e-9, what="the variance of norm(loc=1, scale=3)")
    expect_array(got["ppf"], frozen.ppf(q), shape=(1,), rtol=1e-9,
                 what="the 97.5 % point of norm(loc=1, scale=3)")


# -- binomial_probabilities ----------------------------------------------------------------

def _check_binomial(learner, n: int, p: float, k: int) -> None:
    distribution = scipy.stats.binom(n, p)
    got = learner.binomial_probabilities(n, p, k)
    what = f"binomial_probabilities(n={n}, p={p}, k={k})"
    expect_equal(type(got).__name__, "tuple", what=f"the type {what} returns")
    expect_equal(len(got), 3, what=f"the length of {what}")
    pmf, cdf, sf = got
    expect_float(pmf, distribution.pmf(k), rtol=1e-9, atol=1e-300, what=f"P(X == k) of {what}")
    expect_float(cdf, distribution.cdf(k), rtol=1e-9, atol=1e-300, what=f"P(X <= k) of {what}")
    expect_float(sf, distribution.sf(k), rtol=1e-6, atol=1e-300,
                 what=f"P(X > k) of {what} (1 - cdf loses tiny tails: use the survival "
                      "function)")


@exercise("stats.binomial_probabilities")
@pytest.mark.parametrize("repeat", range(3))
def test_binomial_random(learner, rng, repeat):
    n = int(rng.integers(3, 80))
    _check_binomial(learner, n, round(float(rng.uniform(0.05, 0.95)), 4), int(rng.integers(0, n)))


@exercise("stats.binomial_probabilities")
def test_binomial_tutorial_coin(learner):
    _check_binomial(learner, 10, 0.5, 5)


@exercise("stats.binomial_probabilities")
@pytest.mark.parametrize("n, p, k", [(100, 0.3, 90), (60, 0.1, 50), (20, 0.5, 20)])
def test_binomial_far_tail(learner, n, p, k):
    _check_binomial(learner, n, p, k)


# -- summarize -----------------------------------------------------------------------------

def _expected_summary(data: np.ndarray) -> dict:
    result = scipy.stats.describe(data)
    return {"nobs": int(result.nobs), "min": float(result.minmax[0]),
            "max": float(result.minmax[1]), "mean": float(result.mean),
            "variance": float(result.variance), "skewness": float(result.skewness),
            "kurtosis": float(result.kurtosis)}


def _bias_corrected_advice(got: object, data: np.ndarray) -> str:
    """Advice for a summary whose skewness or kurtosis is the bias-corrected one, or "".
    Callers put it in their own brackets."""
    if not isinstance(got, dict):
        return ""
    corrected = {"skewness": scipy.stats.skew(data, bias=False),
                 "kurtosis": scipy.stats.kurtosis(data, bias=False)}
    biased = {"skewness": scipy.stats.skew(data), "kurtosis": scipy.stats.kurtosis(data)}
    for key in corrected:
        value = got.get(key)
        if (isinstance(value, (int, float)) and not np.isclose(value, biased[key])
                and np.isclose(value, corrected[key])):
            return (f"your {key} is the bias-corrected one (bias=False): describe's "
                    "skewness and kurtosis keep bias=True, only its variance divides by n - 1")
    return ""


@exercise("stats.summarize")
def test_summarize_tutorial_numbers(learner):
    data = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    got = learner.summarize(data)
    advice = _bias_corrected_advice(got, data)
    expect_value(got, _expected_summary(data), rtol=1e-9, atol=1e-12,
                 what="summarize([1, 2, 3, 4, 5]) (variance divides by n - 1; kurtosis is "
                      "the excess over a normal distribution" + (f"; {advice}" if advice
                                                                 else "") + ")")


@exercise("stats.summarize")
@pytest.mark.parametrize("repeat", range(2))
def test_summarize_random(learner, rng, repeat):
    data = rng.gamma(2.0, 3.0, size=int(rng.integers(8, 200)))
    got = learner.summarize(data)
    advice = _bias_corrected_advice(got, data)
    expect_value(got, _expected_summary(data), rtol=1e-9, atol=1e-12,
                 what=f"summarize of {data.size} random gamma-distributed values"
                      + (f" ({advice})" if advice else ""))


# -- one_sample_t_test ---------------------------------------------------------------------

def _check_t_test(learner, data: np.ndarray, popmean: float, alternative: str = "two-sided",
                  confidence_level: float = 0.95, label: str = "") -> None:
    expected = scipy.stats.ttest_1samp(data, popmean, alternative=alternative)
    interval = expected.confidence_interval(confidence_level=confidence_level)
    what = (f"one_sample_t_test({label or f'{data.size} values'}, popmean={popmean}, "
            f"alternative={alternative!r}, confidence_level={confidence_level})")
    got = learner.one_sample_t_test(data, popmean, alternative, confidence_level)
    expect_equal(sorted(got) if isinstance(got, dict) else got,
                 ["ci", "df", "pvalue", "statistic"], what=f"the keys of {what}")
    expect_float(got["statistic"], expected.statistic, rtol=STAT_RTOL, atol=1e-12,
                 what=f"the statistic of {what}")
    halved = scipy.stats.ttest_1samp(data, popmean).pvalue / 2
    halving = (alternative != "two-sided" and isinstance(got["pvalue"], float)
               and not np.isclose(halved, expected.pvalue, rtol=P_RTOL, atol=P_ATOL)
               and np.isclose(got["pvalue"], halved, rtol=P_RTOL, atol=P_ATOL))
    expect_float(got["pvalue"], expected.pvalue, rtol=P_RTOL, atol=P_ATOL,
                 what=f"the p-value of {what}" + (
                     " (half the two-sided p-value is the one-sided one only when the data "
                     "lean the alternative's way; here they do not: pass alternative on to "
                     "the test)" if halving else ""))
    expect_int(got["df"], int(expected.df), what=f"the degrees of freedom of {what}")
    expect_value(got["ci"], (float(interval.low), float(interval.high)), rtol=STAT_RTOL,
                 atol=1e-12, what=f"the confidence interval (low, high) of {what}")


@exercise("stats.one_sample_t_test")
def test_t_test_tutorial_numbers(learner):
    _check_t_test(learner, np.array([1.0, 2.0, 3.0, 4.0, 5.0]), 3.0, label="[1, 2, 3, 4, 5]")


@exercise("stats.one_sample_t_test")
@pytest.mark.parametrize("alternative, side", [
    ("two-sided", 0), ("less", -1), ("less", 1), ("greater", -1), ("greater", 1)])
def test_t_test_random(learner, rng, alternative, side):
    # side: popmean below (-1) or above (+1) the sample mean (0: either). A one-sided
    # p-value is half the two-sided one only when the data lean the alternative's way.
    data = rng.normal(rng.uniform(-5, 5), rng.uniform(0.5, 3), size=int(rng.integers(6, 40)))
    offset = rng.uniform(-1, 1) if side == 0 else side * rng.uniform(0.1, 1)
    popmean = round(float(np.mean(data) + offset), 3)
    _check_t_test(learner, data, popmean, alternative,
                  confidence_level=float(rng.choice([0.8, 0.9, 0.99])))  # never the default


# -- anova ---------------------------------------------------------------------------------

def _check_anova(learner, groups: list[np.ndarray], label: str) -> None:
    expected = scipy.stats.f_oneway(*groups)
    got = learner.anova(groups)
    what = f"anova of {label}"
    expect_equal(type(got).__name__, "tuple", what=f"the type {what} returns")
    expect_equal(len(got), 2, what=f"the number of values {what} returns (F, p-value)")
    expect_float(got[0], float(expected.statistic), rtol=P_RTOL, atol=P_ATOL,
                 what=f"F (the first value) of {what}")
    expect_float(got[1], float(expected.pvalue), rtol=P_RTOL, atol=P_ATOL,
                 what=f"the p-value (the second value) of {what}")


@exercise("stats.anova")
def test_anova_tutorial_groups(learner):
    groups = [np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 4, 6, 8, 10]),
              np.array([3.0, 6, 9, 12, 15])]
    _check_anova(learner, groups, "the groups [1..5], [2, 4, .., 10], [3, 6, .., 15]")


@exercise("stats.anova")
@pytest.mark.parametrize("repeat", range(2))
def test_anova_random_unequal_sizes(learner, rng, repeat):
    count = int(rng.integers(2, 6))
    groups = [rng.normal(rng.uniform(0, 2), 1.0, size=int(rng.integers(4, 25)))
              for _ in range(count)]
    _check_anova(learner, groups, f"{count} random groups of sizes "
                                  f"{[g.size for g in groups]}")


# -- correlation_and_regression ------------------------------------------------------------

def _check_correlation(learner, x: np.ndarray, y: np.ndarray, label: str) -> None:
    pearson = scipy.stats.pearsonr(x, y)
    spearman = scipy.stats.spearmanr(x, y)
    line = scipy.stats.linregress(x, y)
    expected = {
        "pearson_r": float(pearson.statistic), "pearson_p": float(pearson.pvalue),
        "spearman_rho": float(spearman.statistic), "spearman_p": float(spearman.pvalue),
        "slope": float(line.slope), "intercept": float(line.intercept),
        "r_squared": float(line.rvalue ** 2), "slope_pvalue": float(line.pvalue),
        "slope_stderr": float(line.stderr), "intercept_stderr": float(line.intercept_stderr),
    }
    got = learner.correlation_and_regression(x, y)
    what = f"correlation_and_regression of {label}"
    expect_equal(sorted(got) if isinstance(got, dict) else got, sorted(expected),
                 what=f"the keys of {what}")
    for key, value in expected.items():
        if key.endswith("_p") or key.endswith("pvalue"):
            expect_float(got[key], value, rtol=P_RTOL, atol=P_ATOL, what=f"{key} of {what}")
        else:
            expect_float(got[key], value, rtol=STAT_RTOL, atol=1e-12, what=f"{key} of {what}")


@exercise("stats.correlation_and_regression")
@pytest.mark.parametrize("repeat", range(2))
def test_correlation_random_line(learner, rng, repeat):
    n = int(rng.integers(8, 60))
    x = rng.uniform(0, 10, size=n)
    y = float(rng.uniform(-3, 3)) * x + float(rng.uniform(-5, 5)) + rng.normal(0, 2.0, n)
    _check_correlation(learner, x, y, f"{n} noisy points near a random line")


@exercise("stats.correlation_and_regression")
def test_correlation_monotone_curve(learner, rng):
    # A curve that always rises: Spearman's rho is 1, Pearson's r is less.
    x = np.sort(rng.uniform(0.5, 4, size=15))
    _check_correlation(learner, x, np.exp(2 * x), "y = exp(2x) at 15 random x")


@exercise("stats.correlation_and_regression")
def test_correlation_perfect_line(learner):
    # A perfect line: p-values of (nearly) 0 and standard errors of 0, not errors or NaN.
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    _check_correlation(learner, x, 2 * x, "the perfect line y = 2x at x = 1..5")


# -- treatment_effect ----------------------------------------------------------------------

def _expected_trial(n, control_mean, effect, sd, seed, alpha) -> dict:
    rng = np.random.default_rng(seed)
    control = scipy.stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
    treated = scipy.stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n,
                                   random_state=rng)
    test = scipy.stats.ttest_ind(treated, control, equal_var=False)
    interval = test.confidence_interval(confidence_level=1 - alpha)
    mean, sd_fit = scipy.stats.norm.fit(treated)
    return {
        "difference": float(treated.mean() - control.mean()),
        "statistic": float(test.statistic), "pvalue": float(test.pvalue),
        "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
        "significant": bool(test.pvalue < alpha), "treated_fit": (float(mean), float(sd_fit)),
    }


def _check_trial(learner, n, control_mean, effect, sd, seed, alpha) -> dict:
    expected = _expected_trial(n, control_mean, effect, sd, seed, alpha)
    what = (f"treatment_effect(n={n}, control_mean={control_mean}, effect={effect}, "
            f"sd={sd}, seed={seed}, alpha={alpha})")
    got = learner.treatment_effect(n, control_mean, effect, sd, seed, alpha)
    expect_equal(sorted(got) if isinstance(got, dict) else got, sorted(expected),
                 what=f"the keys of {what}")
    expect_float(got["difference"], expected["difference"], rtol=1e-9, atol=1e-9,
                 what=f"the difference of the means in {what} (draw control first, then "
                      "treated, from one generator)")
    expect_float(got["statistic"], expected["statistic"], rtol=STAT_RTOL, atol=1e-9,
                 what=f"the t statistic of {what} (treated first)")
    expect_float(got["df"], expected["df"], rtol=STAT_RTOL,
                 what=f"the degrees of freedom of {what} (Welch's test does not assume "
                      "equal variances)")
    expect_float(got["pvalue"], expected["pvalue"], rtol=P_RTOL, atol=P_ATOL,
                 what=f"the p-value of {what}")
    expect_value(got["ci"], expected["ci"], rtol=STAT_RTOL, atol=1e-9,
                 what=f"the confidence interval of the difference in {what}")
    if abs(expected["pvalue"] - alpha) > 1e-6:  # too close to call: p-values need a tolerance
        expect_value(got["significant"], expected["significant"],
                     what=f"whether {what} is significant (p-value {expected['pvalue']:.3g} "
                          f"against alpha {alpha})")
    expect_value(got["treated_fit"], expected["treated_fit"], rtol=1e-6,
                 what=f"the normal distribution fitted to the treated values of {what} "
                      "(norm.fit: maximum likelihood)")
    return got


@exercise("stats.treatment_effect")
@pytest.mark.parametrize("size", ["small", "large"])
def test_treatment_effect_random(learner, rng, size):
    n = int(rng.integers(6, 15)) if size == "small" else int(rng.integers(40, 120))
    sd = round(float(rng.uniform(2, 12)), 2)
    effect = round(float(rng.choice([-1, 1]) * rng.uniform(0, 1.2) * sd), 2)
    _check_trial(learner, n, round(float(rng.uniform(50, 150)), 2), effect, sd,
                 int(rng.integers(2**31)), float(rng.choice([0.05, 0.01, 0.1])))


@exercise("stats.treatment_effect")
@pytest.mark.parametrize("alpha, band", [(0.01, (0.015, 0.045)), (0.1, (0.055, 0.09))])
def test_treatment_effect_alpha_decides(learner, rng, alpha, band):
    # A trial whose p-value lies between alpha and the usual 0.05: only the alpha given
    # can decide "significant", and the interval must be at 1 - alpha, not at 95 %.
    # About one seed in five gives such a p-value for this effect; each try costs ~1 ms.
    for _ in range(200):
        seed = int(rng.integers(2**31))
        if band[0] < _expected_trial(30, 100.0, 3.0, 5.0, seed, alpha)["pvalue"] < band[1]:
            break
    _check_trial(learner, 30, 100.0, 3.0, 5.0, seed, alpha)


@exercise("stats.treatment_effect")
def test_treatment_effect_clear_and_null(learner, rng):
    seed = int(rng.integers(2**31))
    strong = _check_trial(learner, 50, 100.0, 15.0, 5.0, seed, 0.05)
    expect_value(strong["significant"], True,
                 what=f"whether an effect of 3 sd with 50 per group (seed {seed}) is "
                      "significant")
    _check_trial(learner, 25, 100.0, 0.0, 5.0, seed + 1, 0.05)


@exercise("stats.treatment_effect")
def test_treatment_effect_reproducible(learner, rng):
    seed = int(rng.integers(2**31))
    first = learner.treatment_effect(20, 10.0, 1.0, 2.0, seed, 0.05)
    again = learner.treatment_effect(20, 10.0, 1.0, 2.0, seed, 0.05)
    expect_value(again["statistic"], first["statistic"], rtol=0,
                 what=f"the t statistic of a second run with seed {seed} (the same seed must "
                      "give the same data)")
