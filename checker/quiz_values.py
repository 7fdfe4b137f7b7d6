"""The numbers of the quiz questions, computed at run time (see checker/quiz_bank.py).

Each function takes a `numpy.random.Generator` seeded from the learner's id, the topic and the
question, and returns a dict: its keys fill the question's `{placeholders}`, and its "answer"
key (when the bank gives none) is the right answer. Values that come from SciPy (a CODATA
constant, a p-value, a hull's perimeter) are computed here by SciPy itself, never typed in,
so the quizzes stay right when SciPy's data change. SciPy submodules are imported inside
the functions, so loading a bank stays cheap.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

Values = dict[str, Any]


def _small_int(rng: np.random.Generator, low: int, high: int, avoid_zero: bool = True) -> int:
    while True:
        value = int(rng.integers(low, high + 1))
        if value or not avoid_zero:
            return value


# --------------------------------------------------------------------------- getting_started


def gs_solve_2x2(rng: np.random.Generator) -> Values:
    from scipy import linalg

    while True:
        a, b, c, d = (_small_int(rng, -6, 9) for _ in range(4))
        if a * d - b * c != 0:
            break
    x = np.array([_small_int(rng, -5, 5, avoid_zero=False) for _ in range(2)], dtype=float)
    rhs = np.array([[a, b], [c, d]], dtype=float) @ x
    solution = linalg.solve(np.array([[a, b], [c, d]], dtype=float), rhs)
    return {"a": a, "b": b, "c": c, "d": d, "e": int(rhs[0]), "f": int(rhs[1]),
            "answer": float(solution[0])}


# --------------------------------------------------------------------------- io


def io_vector_length(rng: np.random.Generator) -> Values:
    return {"n": int(rng.integers(3, 10))}


def io_wav_duration(rng: np.random.Generator) -> Values:
    rate = int(rng.choice([8000, 16000, 22050, 44100, 48000]))
    seconds = float(rng.integers(2, 40)) / 4
    samples = int(round(rate * seconds))
    return {"rate": rate, "n": samples, "answer": samples / rate}


# --------------------------------------------------------------------------- datasets


def datasets_ecg_index(rng: np.random.Generator) -> Values:
    seconds = float(rng.integers(2, 598)) / 2
    return {"t": f"{seconds:g}", "answer": seconds * 360}


# --------------------------------------------------------------------------- constants


def constants_planck(rng: np.random.Generator) -> Values:
    from scipy import constants

    h = constants.value("Planck constant")
    # The tutorial's misprint drops 31 powers of ten; the other options are real neighbours.
    return {"h": f"{h:.8e}", "h_typo": f"{h * 1e31:.8e}", "hbar": f"{constants.hbar:.8e}",
            "h_ev": f"{constants.value('Planck constant in eV/Hz'):.8e}"}


def constants_proton_mass(rng: np.random.Generator) -> Values:
    import scipy
    from scipy import constants

    return {"now": repr(constants.physical_constants["proton mass"]),
            "version": scipy.__version__}


def constants_planck_uncertainty(rng: np.random.Generator) -> Values:
    from scipy import constants

    value, unit, uncertainty = constants.physical_constants["Planck constant"]
    return {"value": repr(value), "unit": unit, "uncertainty": repr(uncertainty)}


def constants_fahrenheit(rng: np.random.Generator) -> Values:
    from scipy import constants

    celsius = int(rng.integers(-40, 101))
    return {"t": celsius,
            "answer": float(constants.convert_temperature(celsius, "Celsius", "Fahrenheit"))}


def constants_length(rng: np.random.Generator) -> Values:
    from scipy import constants

    name = str(rng.choice(["inch", "foot", "yard", "mile", "nautical_mile", "light_year"]))
    count = int(rng.integers(2, 40))
    return {"n": count, "name": name, "answer": count * getattr(constants, name)}


# --------------------------------------------------------------------------- stats


def stats_ttest_decision(rng: np.random.Generator) -> Values:
    from scipy import stats

    mu0 = int(rng.integers(5, 50))
    shifted = bool(rng.integers(0, 2))
    # Redraw until the p-value is far from 0.05, so the right decision is not a coin toss.
    while True:
        sample = rng.normal(mu0 + (1.5 if shifted else 0.0), 1.0, size=12)
        pvalue = float(stats.ttest_1samp(sample, mu0).pvalue)
        if pvalue < 0.02 or pvalue > 0.2:
            break
    return {"mu0": mu0, "p": pvalue, "answer": 0 if pvalue < 0.05 else 1}


def stats_normal_ppf(rng: np.random.Generator) -> Values:
    from scipy import stats

    mu = int(rng.integers(-20, 21))
    sigma = int(rng.integers(1, 6))
    q = float(rng.choice([0.05, 0.1, 0.25, 0.75, 0.9, 0.95, 0.975, 0.99]))
    return {"mu": mu, "sigma": sigma, "q": q,
            "answer": float(stats.norm.ppf(q, loc=mu, scale=sigma))}


def stats_gamma_variance(rng: np.random.Generator) -> Values:
    from scipy import stats

    shape = float(rng.integers(2, 12)) / 2
    scale = float(rng.integers(1, 9)) / 2
    return {"a": f"{shape:g}", "s": f"{scale:g}",
            "answer": float(stats.gamma(shape, scale=scale).var())}


# --------------------------------------------------------------------------- cluster


def cluster_linkage_rows(rng: np.random.Generator) -> Values:
    from scipy.cluster import hierarchy

    n = int(rng.integers(5, 40))
    points = rng.standard_normal((n, 2))
    return {"n": n, "answer": float(hierarchy.linkage(points, method="single").shape[0])}


def cluster_index(rng: np.random.Generator) -> Values:
    n = int(rng.integers(6, 30))
    row = int(rng.integers(1, n - 2))
    return {"n": n, "row": row, "idx": n + row, "row_next": row + 1}


# --------------------------------------------------------------------------- interpolate


def interpolate_extrapolation(rng: np.random.Generator) -> Values:
    x_max = int(rng.integers(5, 20))
    return {"xmax": x_max, "xq": x_max + int(rng.integers(2, 10))}


def interpolate_linear(rng: np.random.Generator) -> Values:
    x0 = int(rng.integers(0, 10))
    x1 = x0 + int(rng.integers(2, 8))
    y0, y1 = (int(rng.integers(-20, 21)) for _ in range(2))
    xq = x0 + float(rng.integers(1, 4 * (x1 - x0))) / 4
    return {"x0": x0, "x1": x1, "y0": y0, "y1": y1, "xq": f"{xq:g}",
            "answer": float(np.interp(xq, [x0, x1], [y0, y1]))}


# --------------------------------------------------------------------------- integrate


def integrate_trapezoid(rng: np.random.Generator) -> Values:
    from scipy import integrate

    count = int(rng.integers(4, 7))
    samples = [int(v) for v in rng.integers(0, 10, size=count)]
    dx = float(rng.choice([0.1, 0.25, 0.5, 2.0]))
    return {"ys": ", ".join(str(v) for v in samples), "dx": f"{dx:g}",
            "answer": float(integrate.trapezoid(samples, dx=dx))}


def integrate_ivp_shape(rng: np.random.Generator) -> Values:
    m = int(rng.integers(2, 5))
    k = int(rng.integers(5, 60))
    return {"m": m, "k": k}


# --------------------------------------------------------------------------- linalg


def linalg_det(rng: np.random.Generator) -> Values:
    from scipy import linalg

    entries = [_small_int(rng, -7, 9) for _ in range(4)]
    a, b, c, d = entries
    return {"a": a, "b": b, "c": c, "d": d,
            "answer": float(linalg.det(np.array([[a, b], [c, d]], dtype=float)))}


def linalg_norm(rng: np.random.Generator) -> Values:
    from scipy import linalg

    a, b, c, d = (_small_int(rng, -6, 6) for _ in range(4))
    return {"a": a, "b": b, "c": c, "d": d,
            "answer": float(linalg.norm(np.array([[a, b], [c, d]], dtype=float)))}


# --------------------------------------------------------------------------- fft


def fft_resolution(rng: np.random.Generator) -> Values:
    from scipy import fft

    rate = int(rng.choice([100, 250, 360, 500, 1000, 8000, 44100]))
    n = int(rng.choice([200, 256, 500, 1000, 1024, 2048, 4096]))
    return {"fs": rate, "n": n, "answer": float(fft.rfftfreq(n, d=1 / rate)[1])}


def fft_rfft_length(rng: np.random.Generator) -> Values:
    from scipy import fft

    n = int(rng.integers(9, 200))
    return {"n": n, "answer": float(fft.rfft(np.zeros(n)).shape[0])}


def fft_peak_frequency(rng: np.random.Generator) -> Values:
    from scipy import fft

    rate = int(rng.choice([100, 200, 360, 500, 1000]))
    n = int(rng.choice([400, 500, 720, 1000, 2000]))
    k = int(rng.integers(3, n // 4))
    return {"fs": rate, "n": n, "k": k, "answer": float(fft.rfftfreq(n, d=1 / rate)[k])}


# --------------------------------------------------------------------------- sparse


def sparse_tridiagonal_nnz(rng: np.random.Generator) -> Values:
    from scipy import sparse

    n = int(rng.integers(5, 2000))
    matrix = sparse.diags_array([1.0, -2.0, 1.0], offsets=[-1, 0, 1], shape=(n, n))
    return {"n": n, "answer": float(matrix.tocsr().nnz)}


def sparse_dense_memory(rng: np.random.Generator) -> Values:
    from scipy import sparse

    n = int(rng.choice([1000, 2000, 5000, 10000, 20000, 50000]))
    csr = sparse.diags_array([1.0, -2.0, 1.0], offsets=[-1, 0, 1], shape=(n, n)).tocsr()
    csr_bytes = csr.data.nbytes + csr.indices.nbytes + csr.indptr.nbytes
    return {"n": n, "csr_mb": f"{csr_bytes / 1e6:.3g}",
            "answer": float(np.zeros((1, 1)).itemsize * n * n / 1e6)}


# --------------------------------------------------------------------------- spatial


def spatial_hull_perimeter(rng: np.random.Generator) -> Values:
    from scipy import spatial

    width, height = int(rng.integers(2, 12)), int(rng.integers(2, 12))
    corners = [[0, 0], [width, 0], [width, height], [0, height]]
    inside = rng.uniform(0.1, 0.9, size=(6, 2)) * [width, height]
    hull = spatial.ConvexHull(np.vstack([corners, inside]))
    return {"w": width, "h": height, "area": f"{hull.volume:g}", "answer": float(hull.area)}


def spatial_pdist_length(rng: np.random.Generator) -> Values:
    from scipy import spatial

    n = int(rng.integers(5, 200))
    return {"n": n, "answer": float(spatial.distance.pdist(np.zeros((n, 1))).shape[0])}


# --------------------------------------------------------------------------- signal


def signal_normalised_cutoff(rng: np.random.Generator) -> Values:
    rate = int(rng.choice([250, 360, 500, 1000, 8000, 44100]))
    cutoff = float(rng.integers(1, 40)) * rate / 100
    return {"fs": rate, "fc": f"{cutoff:g}", "answer": cutoff / (rate / 2)}


def signal_heart_rate(rng: np.random.Generator) -> Values:
    spacing = int(rng.integers(200, 500))
    return {"d": spacing, "answer": 60 * 360 / spacing}


def signal_convolve_length(rng: np.random.Generator) -> Values:
    from scipy import signal

    n, m = int(rng.integers(10, 500)), int(rng.integers(3, 60))
    return {"n": n, "m": m, "answer": float(signal.convolve(np.ones(n), np.ones(m)).shape[0])}


# --------------------------------------------------------------------------- ndimage


def ndimage_zoom_rows(rng: np.random.Generator) -> Values:
    from scipy import ndimage

    rows, cols = int(rng.integers(11, 120)), int(rng.integers(11, 120))
    factor = float(rng.choice([0.5, 0.25, 1.5, 2.0, 3.0]))
    shape = ndimage.zoom(np.zeros((rows, cols)), factor).shape
    return {"h": rows, "w": cols, "z": f"{factor:g}", "answer": float(shape[0])}


def ndimage_center(rng: np.random.Generator) -> Values:
    from scipy import ndimage

    rows, cols = int(rng.integers(5, 20)), int(rng.integers(5, 20))
    while True:
        r, c = int(rng.integers(0, rows)), int(rng.integers(0, cols))
        if r != c:
            break
    image = np.zeros((rows, cols))
    image[r, c] = 1.0
    row, col = ndimage.center_of_mass(image)
    return {"rows": rows, "cols": cols, "r": r, "c": c, "got": f"({row:g}, {col:g})",
            "swapped": f"({col:g}, {row:g})"}


# --------------------------------------------------------------------------- special


def special_gamma_overflow(rng: np.random.Generator) -> Values:
    from scipy import special

    n = int(rng.integers(172, 400))
    return {"n": n, "gamma": repr(float(special.gamma(n))), "lg": float(special.gammaln(n))}


def special_comb(rng: np.random.Generator) -> Values:
    from scipy import special

    n, k = int(rng.integers(8, 31)), int(rng.integers(2, 6))
    return {"n": n, "k": k, "float": repr(float(special.comb(n, k))),
            "int": special.comb(n, k, exact=True), "perm": special.perm(n, k, exact=True)}


def special_log_factorial(rng: np.random.Generator) -> Values:
    from scipy import special

    n = int(rng.integers(50, 501))
    return {"n": n, "answer": float(special.gammaln(n + 1))}


def special_erf_probability(rng: np.random.Generator) -> Values:
    from scipy import special

    k = float(rng.choice([0.5, 1.0, 1.5, 2.0, 2.5, 3.0]))
    return {"k": f"{k:g}", "answer": float(special.erf(k / math.sqrt(2)))}


# --------------------------------------------------------------------------- misc


def misc_derivative(rng: np.random.Generator) -> Values:
    from scipy.differentiate import derivative

    x = float(rng.integers(-30, 31)) / 10
    return {"x": f"{x:g}", "answer": float(derivative(np.sin, x).df)}
