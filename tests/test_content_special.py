"""Wrong solutions for special lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    "added_to_probability": ("special.update_probability", """
        def update_probability(p, log_odds_change):
            return special.expit(p + log_odds_change)
    """),
    "odds_ratio_formula_breaks_at_one": ("special.update_probability", """
        def update_probability(p, log_odds_change):
            odds = p / (1 - p) * np.exp(log_odds_change)
            return odds / (1 + odds)
    """),
    "wrong_direction": ("special.update_probability", """
        def update_probability(p, log_odds_change):
            return special.expit(special.logit(p) - log_odds_change)
    """),
    "one_minus_erf": ("special.normal_upper_tail", """
        def normal_upper_tail(z):
            return (1.0 - special.erf(np.asarray(z) / np.sqrt(2.0))) / 2.0
    """),
    "erfc_without_sqrt2": ("special.normal_upper_tail", """
        def normal_upper_tail(z):
            return special.erfc(np.asarray(z)) / 2.0
    """),
    "one_minus_cdf": ("special.normal_upper_tail", """
        def normal_upper_tail(z):
            return 1.0 - special.ndtr(z)
    """),
    "orders_along_columns": ("special.bessel_table", """
        def bessel_table(orders, x):
            return special.jv(orders[np.newaxis, :], x[:, np.newaxis])
    """),
    "second_kind": ("special.bessel_table", """
        def bessel_table(orders, x):
            return special.yv(orders[:, np.newaxis], x[np.newaxis, :])
    """),
    "whole_orders_only": ("special.bessel_table", """
        def bessel_table(orders, x):
            return special.jv(np.floor(orders)[:, np.newaxis], x[np.newaxis, :])
    """),
    "floats_not_exact": ("special.count_arrangements", """
        def count_arrangements(n, k):
            return special.comb(n, k), special.perm(n, k), special.factorial(n)
    """),
    "float_cast_to_int": ("special.count_arrangements", """
        def count_arrangements(n, k):
            return (int(special.comb(n, k)), int(special.perm(n, k)),
                    int(special.factorial(n)))
    """),
    "combinations_and_permutations_swapped": ("special.count_arrangements", """
        def count_arrangements(n, k):
            return (special.perm(n, k, exact=True), special.comb(n, k, exact=True),
                    special.factorial(n, exact=True))
    """),
    "list_not_tuple": ("special.count_arrangements", """
        def count_arrangements(n, k):
            return [special.comb(n, k, exact=True), special.perm(n, k, exact=True),
                    special.factorial(n, exact=True)]
    """),
    "log_of_float_comb": ("special.log_binomial", """
        def log_binomial(n, k):
            return np.log(special.comb(n, k))
    """),
    "log_of_gamma": ("special.log_binomial", """
        def log_binomial(n, k):
            n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
            return np.log(special.gamma(n + 1) / (special.gamma(k + 1) * special.gamma(n - k + 1)))
    """),
    "gammaln_off_by_one": ("special.log_binomial", """
        def log_binomial(n, k):
            n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
            return special.gammaln(n) - special.gammaln(k) - special.gammaln(n - k)
    """),
    "naive_softmax": ("special.softmax_rows", """
        def softmax_rows(scores):
            e = np.exp(scores)
            return e / e.sum(axis=1, keepdims=True)
    """),
    "softmax_over_columns": ("special.softmax_rows", """
        def softmax_rows(scores):
            return special.softmax(scores, axis=0)
    """),
    "softmax_over_everything": ("special.softmax_rows", """
        def softmax_rows(scores):
            return special.softmax(scores)
    """),
    "probabilities_then_log": ("special.poisson_mixture_log_likelihood", """
        from scipy import stats
        def poisson_mixture_log_likelihood(counts, rates, weights):
            pmf = stats.poisson.pmf(np.asarray(counts)[:, np.newaxis], rates)
            return float(np.sum(np.log(pmf @ weights)))
    """),
    "factorial_overflows": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates - np.log(special.factorial(k))
            return float(np.sum(special.logsumexp(log_pmf, b=weights, axis=1)))
    """),
    "log_factorial_forgotten": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates
            return float(np.sum(special.logsumexp(log_pmf, b=weights, axis=1)))
    """),
    "weights_ignored": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates - special.gammaln(k + 1)
            return float(np.sum(special.logsumexp(log_pmf, axis=1)))
    """),
    "logsumexp_over_counts": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates - special.gammaln(k + 1) + np.log(weights)
            return float(np.sum(special.logsumexp(log_pmf, axis=0)))
    """),
    "probabilities_clipped_before_logit": ("special.update_probability", """
        def update_probability(p, log_odds_change):
            p = np.clip(p, 1e-12, 1 - 1e-12)
            return special.expit(special.logit(p) + log_odds_change)
    """),
    "global_maximum_subtracted": ("special.softmax_rows", """
        def softmax_rows(scores):
            exponentials = np.exp(scores - np.max(scores))
            return exponentials / exponentials.sum(axis=1, keepdims=True)
    """),
    "log_binomial_by_stirling": ("special.log_binomial", """
        def log_binomial(n, k):
            n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
            def log_factorial(m):
                m = np.maximum(m, 1.0)
                return m * np.log(m) - m + 0.5 * np.log(2 * np.pi * m) + 1 / (12 * m)
            return log_factorial(n) - log_factorial(k) - log_factorial(n - k)
    """),
    "log_gamma_of_k_not_k_plus_one": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates - special.gammaln(np.maximum(k, 1.0))
            return float(np.sum(special.logsumexp(log_pmf, b=weights, axis=1)))
    """),
    "mean_log_likelihood": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            k = np.asarray(counts, dtype=float)[:, np.newaxis]
            log_pmf = k * np.log(rates) - rates - special.gammaln(k + 1)
            return float(np.mean(special.logsumexp(log_pmf, b=weights, axis=1)))
    """),
    "permutations_by_factorial_division": ("special.count_arrangements", """
        import math
        def count_arrangements(n, k):
            return (math.comb(n, k), math.factorial(n) // math.factorial(n - k),
                    math.factorial(n))
    """),
    "modified_bessel": ("special.bessel_table", """
        def bessel_table(orders, x):
            return special.iv(np.asarray(orders)[:, None], np.asarray(x)[None, :])
    """),
    "tail_in_single_precision": ("special.normal_upper_tail", """
        def normal_upper_tail(z):
            single = np.asarray(z, dtype=np.float32)
            return (special.erfc(single / np.sqrt(2.0)) / 2.0).astype(float)
    """),
    "spherical_bessel_taken_for_jv": ("special.bessel_table", """
        def bessel_table(orders, x):
            return special.spherical_jn(np.asarray(orders)[:, None], np.asarray(x)[None, :])
    """),
    "weights_multiplying_the_log_pmf": ("special.poisson_mixture_log_likelihood", """
        def poisson_mixture_log_likelihood(counts, rates, weights):
            counts = np.asarray(counts, dtype=float)[:, None]
            log_pmf = counts * np.log(rates) - rates - special.gammaln(counts + 1)
            # The weights belong inside the sum of probabilities (b=weights), not on the logs.
            return float(np.sum(special.logsumexp(weights * log_pmf, axis=1)))
    """),
}

ALTERNATIVES = {
    "odds_algebra": ("special.update_probability", """
        def update_probability(p, log_odds_change):
            factor = np.exp(log_odds_change)
            return p * factor / (1.0 - p + p * factor)
    """),
    "stats_survival_function": ("special.normal_upper_tail", """
        from scipy import stats
        def normal_upper_tail(z):
            return stats.norm.sf(z)
    """),
    "ndtr_of_minus_z": ("special.normal_upper_tail", """
        def normal_upper_tail(z):
            return special.ndtr(-np.asarray(z, dtype=float))
    """),
    "bessel_loops": ("special.bessel_table", """
        def bessel_table(orders, x):
            table = np.empty((len(orders), len(x)))
            for i, order in enumerate(orders):
                for j, point in enumerate(x):
                    table[i, j] = special.jv(order, point)
            return table
    """),
    "python_math": ("special.count_arrangements", """
        import math
        def count_arrangements(n, k):
            return math.comb(n, k), math.perm(n, k), math.factorial(n)
    """),
    "log_beta": ("special.log_binomial", """
        def log_binomial(n, k):
            n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
            return -np.log(n + 1) - special.betaln(n - k + 1, k + 1)
    """),
    "lgamma_loop": ("special.log_binomial", """
        import math
        def log_binomial(n, k):
            pairs = zip(np.ravel(n).tolist(), np.ravel(k).tolist())
            values = [math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)
                      for a, b in pairs]
            return np.array(values).reshape(np.shape(n))
    """),
    "shifted_exponentials": ("special.softmax_rows", """
        def softmax_rows(scores):
            shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
            return shifted / shifted.sum(axis=1, keepdims=True)
    """),
    "stats_logpmf_and_log_weights": ("special.poisson_mixture_log_likelihood", """
        from scipy import stats
        def poisson_mixture_log_likelihood(counts, rates, weights):
            total = 0.0
            for k in counts:
                terms = stats.poisson.logpmf(k, rates) + np.log(weights)
                total += special.logsumexp(terms)
            return float(total)
    """),
    "row_maximum_kept_as_column": ("special.softmax_rows", """
        def softmax_rows(scores):
            shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
            return (shifted.T / shifted.sum(axis=1)).T
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


NOT_TO_ZERO = "tiny tail probabilities must not round to 0"
test_wrong_solution_hears_the_advice_that_fits = advice_test(
    WRONG, {"one_minus_erf": NOT_TO_ZERO, "one_minus_cdf": NOT_TO_ZERO},
    {"erfc_without_sqrt2": NOT_TO_ZERO})
