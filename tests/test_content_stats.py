"""Wrong solutions for stats lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    "draw_without_seed": ("stats.draw_samples", """
        def draw_samples(kind, params, size, seed):
            return getattr(stats, kind).rvs(**params, size=size)
    """),
    "draw_without_loc": ("stats.draw_samples", """
        def draw_samples(kind, params, size, seed):
            kept = {name: value for name, value in params.items() if name != "loc"}
            return getattr(stats, kind).rvs(**kept, size=size, random_state=seed)
    """),
    "draw_with_parameters_by_position": ("stats.draw_samples", """
        def draw_samples(kind, params, size, seed):
            # gamma's second positional parameter is loc: the scale lands there
            return getattr(stats, kind).rvs(*params.values(), size=size, random_state=seed)
    """),
    "draw_counts_as_floats": ("stats.draw_samples", """
        def draw_samples(kind, params, size, seed):
            return getattr(stats, kind).rvs(**params, size=size, random_state=seed).astype(float)
    """),
    "variance_is_the_scale": ("stats.continuous_facts", """
        _right_facts = continuous_facts
        def continuous_facts(kind, params, x, q):
            facts = _right_facts(kind, params, x, q)
            facts["var"] = float(getattr(stats, kind)(**params).std())
            return facts
    """),
    "cdf_from_the_wrong_side": ("stats.continuous_facts", """
        _right_facts = continuous_facts
        def continuous_facts(kind, params, x, q):
            facts = _right_facts(kind, params, x, q)
            facts["cdf"] = getattr(stats, kind)(**params).sf(x)
            return facts
    """),
    "parameters_forgotten_for_pdf": ("stats.continuous_facts", """
        _right_facts = continuous_facts
        def continuous_facts(kind, params, x, q):
            facts = _right_facts(kind, params, x, q)
            shapes = {key: value for key, value in params.items() if key not in ("loc", "scale")}
            facts["pdf"] = getattr(stats, kind).pdf(x, **shapes)
            return facts
    """),
    "tail_as_one_minus_cdf": ("stats.binomial_probabilities", """
        def binomial_probabilities(n, p, k):
            cdf = float(stats.binom.cdf(k, n, p))
            return float(stats.binom.pmf(k, n, p)), cdf, 1.0 - cdf
    """),
    "cdf_strictly_below_k": ("stats.binomial_probabilities", """
        def binomial_probabilities(n, p, k):
            return (float(stats.binom.pmf(k, n, p)), float(stats.binom.cdf(k - 1, n, p)),
                    float(stats.binom.sf(k, n, p)))
    """),
    "population_variance": ("stats.summarize", """
        _right_summary = summarize
        def summarize(data):
            summary = _right_summary(data)
            summary["variance"] = float(np.var(data))
            return summary
    """),
    "pearson_kurtosis": ("stats.summarize", """
        _right_summary = summarize
        def summarize(data):
            summary = _right_summary(data)
            summary["kurtosis"] = float(stats.kurtosis(data, fisher=False))
            return summary
    """),
    "df_as_float": ("stats.one_sample_t_test", """
        _right_t = one_sample_t_test
        def one_sample_t_test(data, popmean, alternative="two-sided", confidence_level=0.95):
            result = _right_t(data, popmean, alternative, confidence_level)
            result["df"] = float(result["df"])
            return result
    """),
    "alternative_ignored": ("stats.one_sample_t_test", """
        _right_t = one_sample_t_test
        def one_sample_t_test(data, popmean, alternative="two-sided", confidence_level=0.95):
            return _right_t(data, popmean, "two-sided", confidence_level)
    """),
    "confidence_level_ignored": ("stats.one_sample_t_test", """
        _right_t = one_sample_t_test
        def one_sample_t_test(data, popmean, alternative="two-sided", confidence_level=0.95):
            return _right_t(data, popmean, alternative)
    """),
    "kruskal_instead_of_anova": ("stats.anova", """
        def anova(groups):
            result = stats.kruskal(*groups)
            return float(result.statistic), float(result.pvalue)
    """),
    "anova_of_the_first_two_groups": ("stats.anova", """
        def anova(groups):
            result = stats.f_oneway(groups[0], groups[1])
            return float(result.statistic), float(result.pvalue)
    """),
    "r_squared_not_squared": ("stats.correlation_and_regression", """
        _right_correlation = correlation_and_regression
        def correlation_and_regression(x, y):
            result = _right_correlation(x, y)
            result["r_squared"] = float(stats.linregress(x, y).rvalue)
            return result
    """),
    "spearman_and_pearson_swapped": ("stats.correlation_and_regression", """
        _right_correlation = correlation_and_regression
        def correlation_and_regression(x, y):
            result = _right_correlation(x, y)
            result["pearson_r"], result["spearman_rho"] = (result["spearman_rho"],
                                                           result["pearson_r"])
            return result
    """),
    "stderr_of_the_intercept_for_the_slope": ("stats.correlation_and_regression", """
        _right_correlation = correlation_and_regression
        def correlation_and_regression(x, y):
            result = _right_correlation(x, y)
            result["slope_stderr"] = result["intercept_stderr"]
            return result
    """),
    "student_not_welch": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
            treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n,
                                     random_state=rng)
            test = stats.ttest_ind(treated, control)
            interval = test.confidence_interval(confidence_level=1 - alpha)
            mean, spread = stats.norm.fit(treated)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < alpha),
                    "treated_fit": (float(mean), float(spread))}
    """),
    "control_first_in_the_test": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
            treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n,
                                     random_state=rng)
            test = stats.ttest_ind(control, treated, equal_var=False)
            interval = test.confidence_interval(confidence_level=1 - alpha)
            mean, spread = stats.norm.fit(treated)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < alpha),
                    "treated_fit": (float(mean), float(spread))}
    """),
    "seeded_per_group": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=seed)
            treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n,
                                     random_state=seed)
            test = stats.ttest_ind(treated, control, equal_var=False)
            interval = test.confidence_interval(confidence_level=1 - alpha)
            mean, spread = stats.norm.fit(treated)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < alpha),
                    "treated_fit": (float(mean), float(spread))}
    """),
    "fit_with_sample_sd": ("stats.treatment_effect", """
        _right_trial = treatment_effect
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            result = _right_trial(n, control_mean, effect, sd, seed, alpha)
            rng = np.random.default_rng(seed)
            rng.normal(size=n)
            treated = control_mean + effect + sd * rng.normal(size=n)
            result["treated_fit"] = (float(treated.mean()), float(treated.std(ddof=1)))
            return result
    """),
    "significant_backwards": ("stats.treatment_effect", """
        _right_trial = treatment_effect
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            result = _right_trial(n, control_mean, effect, sd, seed, alpha)
            result["significant"] = result["pvalue"] > alpha
            return result
    """),
    "trial_interval_ignores_alpha": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
            treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n, random_state=rng)
            test = stats.ttest_ind(treated, control, equal_var=False)
            interval = test.confidence_interval()
            mean, sdf = stats.norm.fit(treated)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < alpha),
                    "treated_fit": (float(mean), float(sdf))}
    """),
    "trial_significance_at_five_percent": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = stats.norm.rvs(loc=control_mean, scale=sd, size=n, random_state=rng)
            treated = stats.norm.rvs(loc=control_mean + effect, scale=sd, size=n, random_state=rng)
            test = stats.ttest_ind(treated, control, equal_var=False)
            interval = test.confidence_interval(confidence_level=1 - alpha)
            mean, sdf = stats.norm.fit(treated)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < 0.05),
                    "treated_fit": (float(mean), float(sdf))}
    """),
    "anova_welch": ("stats.anova", """
        def anova(groups):
            result = stats.f_oneway(*groups, equal_var=False)
            return float(result.statistic), float(result.pvalue)
    """),
    "binom_tail_at_least_k": ("stats.binomial_probabilities", """
        def binomial_probabilities(n, p, k):
            d = stats.binom(n, p)
            return float(d.pmf(k)), float(d.cdf(k)), float(d.sf(k - 1))
    """),
    "skew_and_kurtosis_bias_corrected": ("stats.summarize", """
        def summarize(data):
            r = stats.describe(data, bias=False)
            return {"nobs": int(r.nobs), "min": float(r.minmax[0]), "max": float(r.minmax[1]),
                    "mean": float(r.mean), "variance": float(r.variance),
                    "skewness": float(r.skewness), "kurtosis": float(r.kurtosis)}
    """),
    "one_sided_p_by_halving": ("stats.one_sample_t_test", """
        def one_sample_t_test(data, popmean, alternative="two-sided", confidence_level=0.95):
            r = stats.ttest_1samp(data, popmean)
            p = r.pvalue if alternative == "two-sided" else r.pvalue / 2
            ci = stats.ttest_1samp(data, popmean, alternative=alternative).confidence_interval(
                confidence_level)
            return {"statistic": float(r.statistic), "pvalue": float(p), "df": int(r.df),
                    "ci": (float(ci.low), float(ci.high))}
    """),
    "paired_test_for_independent_groups": ("stats.treatment_effect", """
        _right_effect = treatment_effect
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            welch = stats.ttest_ind
            stats.ttest_ind = lambda a, b, equal_var=True: stats.ttest_rel(a, b)
            try:
                return _right_effect(n, control_mean, effect, sd, seed, alpha)
            finally:
                stats.ttest_ind = welch
    """),
}

ALTERNATIVES = {
    "draw_frozen_with_random_state": ("stats.draw_samples", """
        def draw_samples(kind, params, size, seed):
            frozen = {"norm": stats.norm, "binom": stats.binom, "chi2": stats.chi2,
                      "gamma": stats.gamma}[kind](**params)
            return frozen.rvs(size=size, random_state=np.random.RandomState(seed))
    """),
    "facts_from_module_functions": ("stats.continuous_facts", """
        def continuous_facts(kind, params, x, q):
            distribution = getattr(stats, kind)
            mean, var = distribution.stats(**params, moments="mv")
            return {"pdf": np.array([distribution.pdf(v, **params) for v in x]),
                    "cdf": distribution.cdf(x, **params), "ppf": distribution.ppf(q, **params),
                    "mean": float(mean), "var": float(distribution.std(**params) ** 2)}
    """),
    "binomial_by_counting": ("stats.binomial_probabilities", """
        from math import comb
        def binomial_probabilities(n, p, k):
            terms = [comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(n + 1)]
            return terms[k], sum(terms[:k + 1]), sum(terms[k + 1:])
    """),
    "summary_by_numpy": ("stats.summarize", """
        def summarize(data):
            n = data.size
            mean = data.mean()
            centred = data - mean
            m2, m3, m4 = (np.mean(centred**p) for p in (2, 3, 4))
            return {"nobs": n, "min": float(data.min()), "max": float(data.max()),
                    "mean": float(mean), "variance": float(data.var(ddof=1)),
                    "skewness": float(m3 / m2**1.5), "kurtosis": float(m4 / m2**2 - 3)}
    """),
    "t_test_by_formula": ("stats.one_sample_t_test", """
        def one_sample_t_test(data, popmean, alternative="two-sided", confidence_level=0.95):
            n = len(data)
            df = n - 1
            se = np.std(data, ddof=1) / np.sqrt(n)
            mean = float(np.mean(data))
            t = (mean - popmean) / se
            if alternative == "two-sided":
                p = 2 * stats.t.sf(abs(t), df)
                half = stats.t.ppf(0.5 + confidence_level / 2, df) * se
                ci = (mean - half, mean + half)
            elif alternative == "greater":
                p = stats.t.sf(t, df)
                ci = (mean - stats.t.ppf(confidence_level, df) * se, float("inf"))
            else:
                p = stats.t.cdf(t, df)
                ci = (float("-inf"), mean + stats.t.ppf(confidence_level, df) * se)
            return {"statistic": float(t), "pvalue": float(p), "df": df,
                    "ci": (float(ci[0]), float(ci[1]))}
    """),
    "anova_by_formula": ("stats.anova", """
        def anova(groups):
            everything = np.concatenate(groups)
            grand = everything.mean()
            between = sum(len(g) * (g.mean() - grand) ** 2 for g in groups)
            within = sum(((g - g.mean()) ** 2).sum() for g in groups)
            df_between, df_within = len(groups) - 1, everything.size - len(groups)
            f = (between / df_between) / (within / df_within)
            return float(f), float(stats.f.sf(f, df_between, df_within))
    """),
    "correlation_from_ranks_and_numpy": ("stats.correlation_and_regression", """
        def correlation_and_regression(x, y):
            pearson = stats.pearsonr(x, y)
            spearman = stats.pearsonr(stats.rankdata(x), stats.rankdata(y))
            line = stats.linregress(x, y)
            slope, intercept = np.polyfit(x, y, 1)
            n = len(x)
            t = spearman.statistic * np.sqrt((n - 2) / max(1 - spearman.statistic**2, 1e-300))
            return {"pearson_r": float(np.corrcoef(x, y)[0, 1]), "pearson_p": pearson.pvalue,
                    "spearman_rho": float(spearman.statistic),
                    "spearman_p": float(2 * stats.t.sf(abs(t), n - 2)),
                    "slope": float(slope), "intercept": float(intercept),
                    "r_squared": float(np.corrcoef(x, y)[0, 1] ** 2),
                    "slope_pvalue": float(line.pvalue), "slope_stderr": float(line.stderr),
                    "intercept_stderr": float(line.intercept_stderr)}
    """),
    "welch_by_formula": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = rng.normal(control_mean, sd, n)
            treated = rng.normal(control_mean + effect, sd, n)
            va, vb = treated.var(ddof=1) / n, control.var(ddof=1) / n
            diff = treated.mean() - control.mean()
            se = np.sqrt(va + vb)
            df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1))
            t = diff / se
            p = 2 * stats.t.sf(abs(t), df)
            half = stats.t.ppf(1 - alpha / 2, df) * se
            return {"difference": float(diff), "statistic": float(t), "pvalue": float(p),
                    "df": float(df), "ci": (float(diff - half), float(diff + half)),
                    "significant": bool(p < alpha),
                    "treated_fit": (float(treated.mean()), float(treated.std()))}
    """),
    "regression_by_polyfit_covariance": ("stats.correlation_and_regression", """
        def correlation_and_regression(x, y):
            pearson = stats.pearsonr(x, y)
            spearman = stats.spearmanr(x, y)
            line = stats.linregress(x, y)
            (slope, intercept), covariance = np.polyfit(x, y, 1, cov=True)
            return {"pearson_r": float(pearson.statistic), "pearson_p": float(pearson.pvalue),
                    "spearman_rho": float(spearman.statistic),
                    "spearman_p": float(spearman.pvalue),
                    "slope": float(slope), "intercept": float(intercept),
                    "r_squared": float(pearson.statistic ** 2),
                    "slope_pvalue": float(line.pvalue),
                    "slope_stderr": float(np.sqrt(covariance[0, 0])),
                    "intercept_stderr": float(np.sqrt(covariance[1, 1]))}
    """),
    "generator_normal_and_numpy_fit": ("stats.treatment_effect", """
        def treatment_effect(n, control_mean, effect, sd, seed, alpha=0.05):
            rng = np.random.default_rng(seed)
            control = rng.normal(control_mean, sd, n)
            treated = rng.normal(control_mean + effect, sd, n)
            test = stats.ttest_ind(treated, control, equal_var=False)
            interval = test.confidence_interval(confidence_level=1 - alpha)
            return {"difference": float(treated.mean() - control.mean()),
                    "statistic": float(test.statistic), "pvalue": float(test.pvalue),
                    "df": float(test.df), "ci": (float(interval.low), float(interval.high)),
                    "significant": bool(test.pvalue < alpha),
                    "treated_fit": (float(treated.mean()), float(treated.std()))}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


# Draws from the right seed say which parameter was lost.
test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "draw_without_loc": "pass loc on as given",
    "draw_with_parameters_by_position": "pass loc and scale on by keyword",
    "draw_without_seed": "pass the seed as random_state",
    "skew_and_kurtosis_bias_corrected": "describe's skewness and kurtosis keep bias=True",
    "one_sided_p_by_halving": "pass alternative on to the test",
}, {"alternative_ignored": "half the two-sided p-value",
    "pearson_kurtosis": "bias-corrected", "population_variance": "bias-corrected"})
