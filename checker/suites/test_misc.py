"""Suite for topic 17, misc."""

from __future__ import annotations

import importlib
import io
import sys
import warnings
from typing import Callable

import numpy as np
import pytest
import scipy.ndimage
import scipy.special
from PIL import Image

from checker.callables import misc as stand_ins
from checker.expect import (
    ExpectationFailed,
    exercise,
    expect_array,
    expect_equal,
    expect_int,
    expect_value,
)


def _pair(result: object, what: str) -> tuple:
    expect_equal(type(result).__name__, "tuple", what=what)
    expect_int(len(result), 2, what=f"{what}: its length")
    return result


# -- misc_status -----------------------------------------------------------------------------

def _reference_misc_status() -> tuple[bool, list[str]]:
    saved = sys.modules.pop("scipy.misc", None)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                misc = importlib.import_module("scipy.misc")
            except ImportError:
                return True, []
        warns = any(issubclass(w.category, DeprecationWarning) for w in caught)
        return warns, sorted(name for name in dir(misc)
                             if not name.startswith("_") and callable(getattr(misc, name)))
    finally:
        if saved is not None:
            sys.modules["scipy.misc"] = saved


@exercise("misc.misc_status")
def test_misc_status(learner):
    expected_warns, expected_names = _reference_misc_status()
    # Twice: the second import finds scipy.misc already loaded, and must say the same.
    for attempt in ("first", "second"):
        warns, names = _pair(learner.misc_status(), "misc_status returns a tuple (warns, names)")
        call = f"misc_status(), called a {attempt} time"
        expect_value(warns, expected_warns,
                     what=f"warns (the first item) of {call}: does importing scipy.misc "
                          "issue a DeprecationWarning?")
        expect_equal(type(names).__name__, "list", what=f"the type of names (the second "
                                                         f"item) of {call}")
        if names != expected_names:
            # Both lists, as lists: "expected 0 items, got 1" alone does not say which name.
            raise ExpectationFailed(
                f"names (the second item) of {call}, the sorted public callables of "
                f"scipy.misc: expected {expected_names!r}, got {names!r}")


# -- legacy_datasets -------------------------------------------------------------------------

@exercise("misc.legacy_datasets")
@pytest.mark.parametrize("which", ["fake", "other_fake"])
def test_legacy_datasets(learner, which):
    ascent = getattr(stand_ins, f"{which}_ascent")
    face = getattr(stand_ins, f"{which}_face")
    ecg = getattr(stand_ins, f"{which}_electrocardiogram")
    got = learner.legacy_datasets(ascent, face, ecg)
    what = f"legacy_datasets with stand-in loaders ({which}_ascent, ...)"
    expect_equal(type(got).__name__, "dict", what=what)
    expect_value(sorted(got), ["ascent", "electrocardiogram", "face_gray"],
                 what=f"the keys of {what}")
    for key, loaded, note in (("ascent", ascent(), ""),
                              ("face_gray", face(gray=True),
                               " (the loader's own grey conversion, gray=True)"),
                              ("electrocardiogram", ecg(), "")):
        expect_array(got[key], loaded, dtype=str(loaded.dtype), rtol=0, atol=0,
                     what=f"{what}[{key!r}]{note}, as loaded")


@exercise("misc.legacy_datasets")
def test_legacy_datasets_keywords(learner):
    got = learner.legacy_datasets(load_face=stand_ins.other_fake_face,
                                  load_ecg=stand_ins.fake_electrocardiogram,
                                  load_ascent=stand_ins.other_fake_ascent)
    expect_array(got["face_gray"], stand_ins.other_fake_face(gray=True), dtype="uint8",
                 rtol=0, atol=0, what="legacy_datasets(load_face=..., ...)['face_gray'] "
                                      "with the loaders given by keyword")
    expect_array(got["ascent"], stand_ins.other_fake_ascent(), dtype="uint8", rtol=0, atol=0,
                 what="legacy_datasets(load_ascent=..., ...)['ascent'] given by keyword")


# -- exact_counts ----------------------------------------------------------------------------

def _reference_counts(n: int, k: int) -> tuple[int, int]:
    return (int(scipy.special.factorial(n, exact=True)),
            int(scipy.special.comb(n, k, exact=True)))


@exercise("misc.exact_counts")
@pytest.mark.parametrize("n, k", [(5, 2), (0, 0), (10, 10), (3, 5), (60, 30), (100, 37)])
def test_exact_counts(learner, n, k):
    expect_value(_pair(learner.exact_counts(n, k), "exact_counts returns a tuple"),
                 _reference_counts(n, k), what=f"exact_counts({n}, {k})")


@exercise("misc.exact_counts")
def test_exact_counts_random(learner, rng):
    n = int(rng.integers(40, 200))
    k = int(rng.integers(1, n))
    expected = _reference_counts(n, k)
    expect_value(_pair(learner.exact_counts(n, k), "exact_counts returns a tuple"), expected,
                 what=f"exact_counts({n}, {k}) (far beyond what a float holds exactly)")


# -- derivative_values -----------------------------------------------------------------------

_DERIVATIVES = {
    "wavy": lambda x: (2 * np.cos(2 * x) - x / 5 * np.sin(2 * x)) * np.exp(-x**2 / 10),
    "softplus": lambda x: scipy.special.expit(x),
    "cubic": lambda x: 3 * x**2 - 2,
}


@exercise("misc.derivative_values")
@pytest.mark.parametrize("name", sorted(_DERIVATIVES))
def test_derivative_values(learner, rng, name):
    x = np.sort(rng.uniform(-4, 4, int(rng.integers(5, 20))))
    function = getattr(stand_ins, name)
    df, converged = _pair(learner.derivative_values(function, x),
                          "derivative_values returns a tuple (df, converged)")
    what = f"derivative_values({name}, x) at {len(x)} random points in [-4, 4]"
    expect_array(df, _DERIVATIVES[name](x), shape=x.shape, dtype_kind="f", rtol=1e-8,
                 atol=1e-8, what=f"the derivative of {what}")
    expect_array(converged, np.ones(x.shape, dtype=bool), shape=x.shape, dtype_kind="b",
                 what=f"converged for {what}")


@exercise("misc.derivative_values")
def test_derivative_values_where_there_is_none(learner):
    x = np.array([-1.0, 0.0, 1.0, 4.0])
    df, converged = _pair(learner.derivative_values(stand_ins.square_root, x),
                          "derivative_values returns a tuple (df, converged)")
    what = "derivative_values(sqrt, [-1, 0, 1, 4]) (sqrt is nan left of 0)"
    expect_array(df, np.array([np.nan, np.nan, 0.5, 0.25]), shape=(4,), dtype_kind="f",
                 rtol=1e-8, atol=1e-8, what=f"the derivative of {what}")
    expect_array(converged, np.array([False, False, True, True]), shape=(4,), dtype_kind="b",
                 what=f"converged for {what}")


@exercise("misc.derivative_values")
def test_derivative_values_not_converged_yet_finite(learner):
    # At 0 the cube root has a vertical tangent: the method gives up with a finite last
    # estimate, so only its success flag (not a finite df) says there is no derivative.
    x = np.array([-1.0, 0.0, 1.0, 8.0])
    df, converged = _pair(learner.derivative_values(stand_ins.cube_root, x),
                          "derivative_values returns a tuple (df, converged)")
    what = "derivative_values(cbrt, [-1, 0, 1, 8]) (a vertical tangent at 0)"
    expect_array(converged, np.array([True, False, True, True]), shape=(4,), dtype_kind="b",
                 what=f"converged for {what}: the method's own success flag, not whether "
                      "df is finite")
    # Only its type and shape at 0, where no value is right; its values elsewhere.
    expect_array(df, df if isinstance(df, np.ndarray) else np.zeros(4), shape=(4,),
                 dtype_kind="f", what=f"the derivative of {what}")
    expect_array(df[[0, 2, 3]], np.array([1 / 3, 1 / 3, 1 / 12]), rtol=1e-8, atol=1e-8,
                 what=f"the derivative of {what} at -1, 1 and 8")


# -- read_png_rgb ----------------------------------------------------------------------------

def _png_bytes(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


@exercise("misc.read_png_rgb")
@pytest.mark.parametrize("kind", ["RGB", "RGBA", "grey"])
def test_read_png_rgb(learner, learner_session, rng, kind):
    rows, columns = int(rng.integers(8, 30)), int(rng.integers(8, 30))
    channels = {"RGB": (3,), "RGBA": (4,), "grey": ()}[kind]
    pixels = rng.integers(0, 256, size=(rows, columns, *channels), dtype=np.uint8)
    name = f"picture_{kind.lower()}.png"
    learner_session.put_file(name, _png_bytes(pixels))
    expected = np.repeat(pixels[..., None], 3, axis=2) if kind == "grey" else pixels[..., :3]
    expect_array(learner.read_png_rgb(name), expected, shape=(rows, columns, 3),
                 dtype="uint8", rtol=0, atol=0,
                 what=f"read_png_rgb of a random {rows}x{columns} {kind} PNG")


# -- save_thumbnail --------------------------------------------------------------------------

def _saved_grey(path) -> np.ndarray:
    """The grey values of a PNG a learner wrote: its L channel, or its equal R, G, B."""
    with Image.open(path) as picture:
        expect_equal(picture.format, "PNG", what="the format of the saved file")
        pixels = np.asarray(picture)
        mode = picture.mode
    if mode in ("L", "LA"):
        return pixels if pixels.ndim == 2 else pixels[..., 0]
    if mode in ("RGB", "RGBA") and pixels.ndim == 3:
        spread = int(np.ptp(pixels[..., :3].astype(int), axis=2).max())
        if spread > 1:
            expect_int(spread, 0, what="the largest difference between the colour channels "
                                       "of the saved PNG (a grey image has equal channels)")
        return pixels[..., 1]
    expect_equal(mode, "L", what="the mode of the saved PNG (8-bit grey expected)")
    return pixels


@exercise("misc.save_thumbnail")
@pytest.mark.parametrize("which, factor", [("fake", 0.5), ("other_fake", 0.3),
                                           ("fake", 0.75)])
def test_save_thumbnail(learner, learner_session, which, factor):
    loader = getattr(stand_ins, f"{which}_face")
    face = loader(gray=True).astype(np.float64)
    expected = np.clip(np.rint(scipy.ndimage.zoom(face, factor, order=1)), 0, 255)
    name = f"thumb_{which}_{int(factor * 100)}.png"
    what = f"save_thumbnail({name!r}, {factor}, load_face={which}_face)"
    shape = learner.save_thumbnail(name, factor, loader)
    expect_value(shape, tuple(int(n) for n in expected.shape), what=f"the shape {what} returned")
    saved = _saved_grey(learner_session.file(name))
    # Within 1 grey level: some writers (matplotlib's imsave with a grey colour map) round
    # a level up or down on the way through their colour map.
    expect_array(saved.astype(np.int64), expected.astype(np.int64), shape=expected.shape,
                 dtype_kind="i", rtol=0, atol=1,
                 what=f"the pixels of the PNG written by {what}")
    # That 1 grey level of room must not let truncation through: where the zoomed value
    # is clearly nearer the next whole number (a fraction above 0.6), rounding goes up,
    # while .astype(np.uint8) alone always goes down. A colour map moves about 1 level
    # in 10 down, truncation every one of them.
    zoomed = scipy.ndimage.zoom(face, factor, order=1)
    fraction = zoomed - np.floor(zoomed)
    _expect_rounded(saved, zoomed, fraction > 0.6, np.floor, "above 0.6", "rounded down",
                    "round to the nearest whole number (np.rint) before converting to uint8, "
                    "since astype alone truncates", what)
    # And the other way: np.ceil always goes up, even from a fraction of 0.1.
    _expect_rounded(saved, zoomed, (fraction > 0.0) & (fraction < 0.4), np.ceil,
                    "between 0 and 0.4", "rounded up",
                    "round to the nearest whole number (np.rint), not always up (np.ceil)",
                    what)


def _expect_rounded(saved: np.ndarray, zoomed: np.ndarray, chosen: np.ndarray,
                    wrong_way: Callable[[np.ndarray], np.ndarray], fractions: str,
                    saved_as: str, advice: str, what: str) -> None:
    """At most half of the `chosen` pixels (10 at least, or nothing is said) may have been
    saved as `wrong_way` (np.floor or np.ceil) of their zoomed value."""
    count = int(np.count_nonzero(chosen))
    if count >= 10:
        share = float(np.mean(saved[chosen] == wrong_way(zoomed[chosen])))
        expect_value(share <= 0.5, True,
                     what=f"for {what}, of the {count} pixels whose zoomed value has a "
                          f"fraction {fractions}, {share:.0%} were saved {saved_as}; {advice}")
