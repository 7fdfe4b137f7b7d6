"""Wrong solutions for odr lose points; different correct ones pass; no scipy.odr, no crash."""

from __future__ import annotations

import sys

import pytest

from checker.manifest import load_manifest
from checker.paths import solutions_dir
from checker.runner import run_check
from tests.conftest import advice_test, variant_tests

WRONG = {
    "parameters_second": ("odr.linear_model", """
        def linear_model(x, beta):
            return beta[0] * x + beta[1]
    """),
    "intercept_first": ("odr.linear_model", """
        def linear_model(beta, x):
            return beta[0] + beta[1] * x
    """),
    "ignores_every_warning": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("ignore")
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "ignores_every_deprecation": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.filterwarnings("ignore", category=DeprecationWarning)
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "filters_by_module": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.filterwarnings("ignore", category=DeprecationWarning,
                                        module="scipy.odr")
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "filters_message_of_any_category": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.filterwarnings("ignore", message=".*scipy.odr")
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "default_filters_kept": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.filterwarnings("ignore", message=ODR_DEPRECATION,
                                        category=DeprecationWarning)
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "always_added_after_ignore": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.filterwarnings("ignore", message=ODR_DEPRECATION,
                                        category=DeprecationWarning)
                warnings.simplefilter("always")
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "sx_and_sy_swapped": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sy, sy=sx), odr.Model(linear_model),
                             beta0=beta0).run()
            return output.beta, output.sd_beta
    """),
    "ordinary_least_squares": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            beta, cov = np.polyfit(x, y, 1, w=1 / sy, cov="unscaled")
            return beta, np.sqrt(np.diag(cov))
    """),
    "standard_errors_as_weights": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            output = odr.ODR(odr.Data(x, y, wd=sx, we=sy), odr.Model(linear_model),
                             beta0=beta0).run()
            return output.beta, output.sd_beta
    """),
    "unscaled_covariance": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(linear_model),
                             beta0=beta0).run()
            return output.beta, np.sqrt(np.diag(output.cov_beta))
    """),
    "no_x_errors": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sy=sy), odr.Model(model), beta0=beta0).run()
            return {"beta": output.beta, "sd_beta": output.sd_beta, "x_fitted": output.xplus,
                    "y_fitted": output.y}
    """),
    "x_fitted_is_the_input": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(model),
                             beta0=beta0).run()
            return {"beta": output.beta, "sd_beta": output.sd_beta, "x_fitted": x,
                    "y_fitted": model(output.beta, x)}
    """),
    "odr_without_errors": ("odr.ols_and_odr_slopes", """
        def ols_and_odr_slopes(x, y, sx, sy):
            ols = stats.linregress(x, y)
            output = odr.ODR(odr.RealData(x, y), odr.unilinear,
                             beta0=[ols.slope, ols.intercept]).run()
            return float(ols.slope), float(output.beta[0])
    """),
    "slopes_swapped": ("odr.ols_and_odr_slopes", """
        _right_slopes = ols_and_odr_slopes
        def ols_and_odr_slopes(x, y, sx, sy):
            ols, orthogonal = _right_slopes(x, y, sx, sy)
            return orthogonal, ols
    """),
    "ols_twice": ("odr.ols_and_odr_slopes", """
        def ols_and_odr_slopes(x, y, sx, sy):
            slope = float(stats.linregress(x, y).slope)
            return slope, slope
    """),
    "centroid_and_mean_radius": ("odr.fit_circle", """
        def fit_circle(points):
            centre = points.mean(axis=0)
            return np.array([*centre, np.hypot(*(points - centre).T).mean()])
    """),
    "algebraic_fit_only": ("odr.fit_circle", """
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            return np.array([a, b, np.sqrt(c + a ** 2 + b ** 2)])
    """),
    "signed_radius": ("odr.fit_circle", """
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            beta0 = [a, b, -np.sqrt(c + a ** 2 + b ** 2)]
            output = odr.ODR(odr.Data(points.T, y=1), odr.Model(_circle, implicit=True),
                             beta0=beta0).run()
            return np.asarray(output.beta, dtype=float)
    """),
    "y_fitted_at_the_measured_x": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(model), beta0=beta0).run()
            return {"beta": output.beta, "sd_beta": output.sd_beta,
                    "x_fitted": output.xplus, "y_fitted": model(output.beta, x)}
    """),
    "x_fitted_is_the_x_error": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(model), beta0=beta0).run()
            return {"beta": output.beta, "sd_beta": output.sd_beta,
                    "x_fitted": output.delta, "y_fitted": output.y}
    """),
    "odr_slope_with_errors_swapped": ("odr.ols_and_odr_slopes", """
        def ols_and_odr_slopes(x, y, sx, sy):
            ols = stats.linregress(x, y)
            output = odr.ODR(odr.RealData(x, y, sx=sy, sy=sx), odr.unilinear,
                             beta0=[ols.slope, ols.intercept]).run()
            return float(ols.slope), float(output.beta[0])
    """),
    "ols_weighted_by_sy": ("odr.ols_and_odr_slopes", """
        from scipy.optimize import curve_fit
        def ols_and_odr_slopes(x, y, sx, sy):
            (slope, intercept), _ = curve_fit(lambda t, a, b: a * t + b, x, y, sigma=sy)
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.unilinear,
                             beta0=[slope, intercept]).run()
            return float(slope), float(output.beta[0])
    """),
    "line_fit_with_x_errors_as_y_errors": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            data = odr.RealData(x, y, sy=np.hypot(sx, sy))
            output = odr.ODR(data, odr.Model(linear_model), beta0=beta0).run()
            return output.beta, output.sd_beta
    """),
    "circle_radius_squared_returned": ("odr.fit_circle", """
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            model = odr.Model(lambda beta, p: (p[0] - beta[0]) ** 2 + (p[1] - beta[1]) ** 2
                              - beta[2], implicit=True)
            output = odr.ODR(odr.Data(points.T, y=1), model,
                             beta0=[a, b, c + a ** 2 + b ** 2]).run()
            return np.asarray(output.beta, dtype=float)
    """),
    "filters_odr_message_of_any_category": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.filterwarnings("ignore", message=ODR_DEPRECATION)
                result = function(value)
            return float(result), [str(w.message) for w in caught]
    """),
    "circle_started_at_the_origin": ("odr.fit_circle", """
        def fit_circle(points):
            output = odr.ODR(odr.Data(points.T, y=1), odr.Model(_circle, implicit=True),
                             beta0=[0.0, 0.0, 1.0]).run()
            return np.array([output.beta[0], output.beta[1], abs(output.beta[2])])
    """),
    "odr_started_from_the_centroid": ("odr.fit_circle", """
        def fit_circle(points):
            centre = points.mean(axis=0)
            beta0 = [*centre, np.hypot(*(points - centre).T).mean()]
            output = odr.ODR(odr.Data(points.T, y=1), odr.Model(_circle, implicit=True),
                             beta0=beta0).run()
            return np.array([output.beta[0], output.beta[1], abs(output.beta[2])])
    """),
    # From the centroid on a 45 degree arc this model converges on a circle of radius
    # 13,000 whose squared distances sum to 0.97, against 0.72 for the best circle.
    "circle_distance_model_from_centroid": ("odr.fit_circle", """
        def fit_circle(points):
            centre = points.mean(axis=0)
            radius = np.hypot(*(points - centre).T).mean()
            model = odr.Model(lambda beta, p: np.hypot(p[0] - beta[0], p[1] - beta[1]) - beta[2],
                              implicit=True)
            output = odr.ODR(odr.Data(points.T, y=1), model, beta0=[*centre, radius]).run()
            xc, yc, r = output.beta
            return np.array([xc, yc, abs(r)])
    """),
    "circle_start_radius_typo": ("odr.fit_circle", """
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            beta0 = [a, b, np.sqrt(c + a ** 3 + b ** 2)]
            output = odr.ODR(odr.Data(points.T, y=1), odr.Model(_circle, implicit=True),
                             beta0=beta0).run()
            return np.array([output.beta[0], output.beta[1], abs(output.beta[2])])
    """),
    "variances_given_as_sx": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            # sx and sy are standard deviations already: squaring them gives variances.
            data = odr.RealData(x, y, sx=sx ** 2, sy=sy ** 2)
            output = odr.ODR(data, odr.Model(linear_model), beta0=beta0).run()
            return np.asarray(output.beta, dtype=float), np.asarray(output.sd_beta, dtype=float)
    """),
}

ALTERNATIVES = {
    "polyval_line": ("odr.linear_model", """
        def linear_model(beta, x):
            return np.polyval(beta, x)
    """),
    "record_all_then_drop": ("odr.call_without_odr_warning", """
        def call_without_odr_warning(function, value):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = function(value)
            kept = [w for w in caught
                    if not (issubclass(w.category, DeprecationWarning)
                            and str(w.message).startswith("`scipy.odr` is deprecated"))]
            return float(result), [str(w.message) for w in kept]
    """),
    "weights_and_unilinear": ("odr.fit_line", """
        def fit_line(x, y, sx, sy, beta0):
            data = odr.Data(x, y, wd=1.0 / sx ** 2, we=1.0 / sy ** 2)
            output = odr.ODR(data, odr.unilinear, beta0=[3.0, -1.0]).run()
            return output.beta, output.sd_beta
    """),
    "low_level_odr_function": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            beta, sd_beta, _, info = odr.odr(model, beta0, y, x, we=1 / sy ** 2,
                                             wd=1 / sx ** 2, full_output=1)
            return {"beta": beta, "sd_beta": sd_beta, "x_fitted": info["xplus"],
                    "y_fitted": info["y"]}
    """),
    "polyfit_and_plain_start": ("odr.ols_and_odr_slopes", """
        def ols_and_odr_slopes(x, y, sx, sy):
            slope, intercept = np.polyfit(x, y, 1)
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(linear_model),
                             beta0=[slope, intercept]).run()
            return float(slope), float(output.beta[0])
    """),
    "geometric_least_squares": ("odr.fit_circle", """
        from scipy.optimize import least_squares
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            def distances(beta):
                return np.hypot(points[:, 0] - beta[0], points[:, 1] - beta[1]) - beta[2]
            fit = least_squares(distances, [a, b, np.sqrt(c + a ** 2 + b ** 2)],
                                xtol=1e-12, ftol=1e-12, gtol=1e-12)
            return np.array([fit.x[0], fit.x[1], abs(fit.x[2])])
    """),
    "circle_distance_model_from_the_algebraic_fit": ("odr.fit_circle", """
        def fit_circle(points):
            design = np.column_stack([2 * points, np.ones(len(points))])
            a, b, c = np.linalg.lstsq(design, (points ** 2).sum(axis=1), rcond=None)[0]
            model = odr.Model(lambda beta, p: np.hypot(p[0] - beta[0], p[1] - beta[1]) - beta[2],
                              implicit=True)
            output = odr.ODR(odr.Data(points.T, y=1), model,
                             beta0=[a, b, np.sqrt(c + a ** 2 + b ** 2)]).run()
            xc, yc, r = output.beta
            return np.array([xc, yc, abs(r)])
    """),
    "sd_beta_from_scaled_covariance": ("odr.fit_model", """
        def fit_model(model, x, y, sx, sy, beta0):
            output = odr.ODR(odr.RealData(x, y, sx=sx, sy=sy), odr.Model(model),
                             beta0=beta0).run()
            # sd_beta is the square root of cov_beta's diagonal scaled by the residual variance.
            return {"beta": output.beta,
                    "sd_beta": np.sqrt(np.diag(output.cov_beta) * output.res_var),
                    "x_fitted": x + output.delta, "y_fitted": y + output.eps}
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


def _check_without_scipy_odr(monkeypatch: pytest.MonkeyPatch, topic_ids: list[str]) -> dict:
    """Check the solutions in a checker process where `import scipy.odr` fails."""
    # None in sys.modules makes the import raise ModuleNotFoundError, as on SciPy 1.19.
    monkeypatch.setitem(sys.modules, "scipy.odr", None)
    # The suite module may be cached from an earlier run; it must run its imports again.
    monkeypatch.delitem(sys.modules, "checker.suites.test_odr", raising=False)
    course = load_manifest()
    return run_check(course, course.select(topic_ids), solutions_dir())


def test_topic_is_unavailable_without_scipy_odr(monkeypatch):
    document = _check_without_scipy_odr(monkeypatch, ["getting_started", "odr"])
    topics = {topic["id"]: topic for topic in document["topics"]}
    odr_topic = topics["odr"]
    assert odr_topic["status"] == "unavailable"
    assert "odrpack" in odr_topic["message"] and "scipy.odr" in odr_topic["message"]
    assert {e["status"] for e in odr_topic["exercises"]} == {"todo"}
    assert topics["getting_started"]["status"] == "complete"


def test_topic_alone_is_unavailable_without_scipy_odr(monkeypatch):
    document = _check_without_scipy_odr(monkeypatch, ["odr"])
    assert document["topics"][0]["status"] == "unavailable"


test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "always_added_after_ignore": "add the filter that ignores it after simplefilter('always')",
    "filters_by_module": "not on module='scipy.odr'",
    "default_filters_kept": "so call simplefilter('always') first",
    "ignores_every_deprecation": "a warning that must be recorded is missing",
})
