"""Where scipy.misc went: the modern homes of its old functions.

scipy.misc used to hold a few unrelated helpers. They moved out one by one, and the
module is now an empty shell that only warns that it is deprecated (it goes away in
SciPy 2.0). Each exercise rewrites an old scipy.misc call the way it is written today.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable

import numpy as np
from PIL import Image
from scipy import datasets, differentiate, ndimage, special


def misc_status() -> tuple[bool, list[str]]:
    """Find out what `import scipy.misc` gives on the SciPy installed here.

    Returns (warns, names): warns is True when importing scipy.misc issues a
    DeprecationWarning, and names is the sorted list of the public functions it still
    offers (callable attributes whose names do not start with "_"). The answer must not
    depend on whether scipy.misc was imported before, by this or other code. If
    scipy.misc cannot be imported at all (it is removed in SciPy 2.0), return (True, []).

    >>> warns, names = misc_status()
    >>> type(warns), type(names)
    (<class 'bool'>, <class 'list'>)
    """
    # A module's code, and so its warning, runs only on the first import: forget it first.
    sys.modules.pop("scipy.misc", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            misc = importlib.import_module("scipy.misc")
        except ImportError:
            return True, []
    warns = any(issubclass(warning.category, DeprecationWarning) for warning in caught)
    names = sorted(name for name in dir(misc)
                   if not name.startswith("_") and callable(getattr(misc, name)))
    return warns, names


def legacy_datasets(load_ascent: Callable[[], np.ndarray] = datasets.ascent,
                    load_face: Callable[..., np.ndarray] = datasets.face,
                    load_ecg: Callable[[], np.ndarray] = datasets.electrocardiogram,
                    ) -> dict[str, np.ndarray]:
    """Do what `misc.ascent()`, `misc.face(gray=True)` and `misc.electrocardiogram()` did.

    The loaders are the functions that replaced those three (the defaults); tests pass
    stand-ins with the same signatures, so call the ones given, never the defaults by
    name. Returns {"ascent": the ascent image, "face_gray": the face in grey (2-D uint8,
    as the face loader makes it), "electrocardiogram": the ECG signal}, as loaded.

    >>> sorted(legacy_datasets())                       # doctest: +SKIP
    ['ascent', 'electrocardiogram', 'face_gray']
    """
    return {
        "ascent": load_ascent(),
        "face_gray": load_face(gray=True),
        "electrocardiogram": load_ecg(),
    }


def exact_counts(n: int, k: int) -> tuple[int, int]:
    """Do what `misc.factorial(n, exact=True)` and `misc.comb(n, k, exact=True)` did.

    Returns (n!, n choose k) as exact Python ints, however large (for k > n the number
    of choices is 0). n and k are ints >= 0.

    >>> exact_counts(5, 2)
    (120, 10)
    """
    return int(special.factorial(n, exact=True)), int(special.comb(n, k, exact=True))


def derivative_values(f: Callable[[np.ndarray], np.ndarray],
                      x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Do what `misc.derivative(f, x)` did, with the function that replaced it.

    `f` is an elementwise NumPy function of one variable; `x` a 1-D float array of points.
    Returns (df, converged): the derivative of f at each point as a float64 array of the
    shape of x (nan where f is nan near the point), and a bool array saying for each point
    whether the method converged there: False where there is no derivative to find, even
    where its last estimate is a finite number.

    >>> df, converged = derivative_values(np.exp, np.array([0.0, 1.0]))
    >>> np.round(df, 6), converged
    (array([1.      , 2.718282]), array([ True,  True]))
    """
    result = differentiate.derivative(f, np.asarray(x, dtype=np.float64))
    return np.asarray(result.df, dtype=np.float64), np.asarray(result.success, dtype=bool)


def read_png_rgb(file_name: str) -> np.ndarray:
    """Do what `misc.imread(file_name, mode="RGB")` did: read a PNG file as RGB pixels.

    The file may be colour (RGB), colour with transparency (RGBA) or grey, 8 bits per
    channel. Returns a uint8 array of shape (rows, columns, 3) with values 0 to 255:
    transparency is dropped, and a grey image gives three equal channels.

    >>> read_png_rgb("photo.png").shape                  # doctest: +SKIP
    (480, 640, 3)
    """
    with Image.open(file_name) as picture:
        return np.asarray(picture.convert("RGB"), dtype=np.uint8)


def save_thumbnail(file_name: str, factor: float,
                   load_face: Callable[..., np.ndarray] = datasets.face) -> tuple[int, int]:
    """Port an old script: `misc.imsave(file_name, misc.imresize(misc.face(gray=True), factor))`.

    Load the grey face with `load_face(gray=True)`. Shrink it with scipy.ndimage's zoom
    by `factor` (between 0 and 1) using linear interpolation (spline order 1) on a
    float64 copy, then round to the nearest whole number and convert to uint8. Save that
    as a greyscale PNG named `file_name` in the current folder, each pixel's grey value
    unchanged (no contrast stretching; a PNG with three equal colour channels is fine
    too). Returns the thumbnail's shape (rows, columns) as a tuple of two ints.

    >>> save_thumbnail("face_small.png", 0.25)           # doctest: +SKIP
    (192, 256)
    """
    face = load_face(gray=True).astype(np.float64)
    small = np.clip(np.rint(ndimage.zoom(face, factor, order=1)), 0, 255).astype(np.uint8)
    Image.fromarray(small).save(file_name, format="PNG")
    return int(small.shape[0]), int(small.shape[1])
