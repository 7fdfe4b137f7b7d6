"""Functions the misc suite hands to learner code: stand-in dataset loaders and functions
to differentiate.

The loaders take the place of `scipy.datasets.ascent`, `face` and `electrocardiogram`
(which download their files on first use, and the checker never downloads): same call
signatures, same dtypes and kinds of shapes, but small, made-up and deterministic, with
sizes unlike the real ones so that a typed-in answer cannot pass.
"""

from __future__ import annotations

import numpy as np


def _texture(shape: tuple[int, ...], seed: int, low: int, high: int) -> np.ndarray:
    """Smooth shading plus fine deterministic noise, as uint8 values in [low, high]."""
    generator = np.random.default_rng(seed)
    rows, columns = np.indices(shape[:2])
    shading = 0.5 + 0.25 * np.sin(rows / 4.0) + 0.2 * np.cos(columns / 3.0)
    if len(shape) == 3:
        shading = shading[..., None] * np.linspace(0.8, 1.1, shape[2])
    shading = shading + 0.15 * generator.random(shape)
    shading = (shading - shading.min()) / (shading.max() - shading.min())
    return np.rint(low + (high - low) * shading).astype(np.uint8)


def _grey(face: np.ndarray) -> np.ndarray:
    # The same weights and truncation as scipy.datasets.face(gray=True).
    return (0.21 * face[:, :, 0] + 0.71 * face[:, :, 1] + 0.07 * face[:, :, 2]).astype("uint8")


def fake_ascent() -> np.ndarray:
    """Like scipy.datasets.ascent(): a grey uint8 image (here 40 x 56, not 512 x 512)."""
    return _texture((40, 56), seed=1, low=0, high=255)


def fake_face(gray: bool = False) -> np.ndarray:
    """Like scipy.datasets.face(gray=...): uint8, (rows, columns, 3) or (rows, columns).

    Here 36 x 52 (not 768 x 1024), with values between 35 and 215 so that a copy saved
    with automatic contrast stretching looks different.
    """
    face = _texture((36, 52, 3), seed=2, low=35, high=215)
    return _grey(face) if gray else face


def fake_electrocardiogram() -> np.ndarray:
    """Like scipy.datasets.electrocardiogram(): float64 millivolts at 360 Hz (here 5 s)."""
    t = np.arange(1800) / 360.0
    return -0.3 + 1.2 * np.exp(-0.5 * ((t % 0.8 - 0.4) / 0.01) ** 2)


def other_fake_ascent() -> np.ndarray:
    """A second stand-in for scipy.datasets.ascent(): 24 x 30."""
    return _texture((24, 30), seed=3, low=10, high=240)


def other_fake_face(gray: bool = False) -> np.ndarray:
    """A second stand-in for scipy.datasets.face(gray=...): 50 x 34."""
    face = _texture((50, 34, 3), seed=4, low=20, high=200)
    return _grey(face) if gray else face


def other_fake_electrocardiogram() -> np.ndarray:
    """A second stand-in for scipy.datasets.electrocardiogram(): 2 s at 360 Hz."""
    t = np.arange(720) / 360.0
    return 0.1 + np.exp(-0.5 * ((t % 0.6 - 0.3) / 0.012) ** 2)


def wavy(x: np.ndarray) -> np.ndarray:
    """sin(2x) exp(-x^2 / 10), elementwise."""
    return np.sin(2 * x) * np.exp(-x**2 / 10)


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x), elementwise; its derivative is the logistic function."""
    return np.logaddexp(0.0, x)


def cubic(x: np.ndarray) -> np.ndarray:
    """x^3 - 2x, elementwise."""
    return x**3 - 2 * x


def square_root(x: np.ndarray) -> np.ndarray:
    """sqrt(x), elementwise: nan below 0, so no derivative at or left of 0."""
    with np.errstate(invalid="ignore"):
        return np.sqrt(x)


def cube_root(x: np.ndarray) -> np.ndarray:
    """The real cube root of x, elementwise: a vertical tangent at 0, so no derivative there
    (the difference quotients grow without bound but stay finite)."""
    return np.cbrt(x)
