"""Example data: scipy.datasets, its three datasets, and working with them as arrays.

scipy.datasets downloads its files (with the pooch package) the first time you load one,
then reads them from a cache. So that this file can be checked offline, every function
that loads data takes the loading function as an argument, with the SciPy one as its
default: the checker passes made-up data of the right shape and dtype instead.

Fill in each function, then run `course check datasets`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import datasets


def dataset_names() -> list[str]:
    """Return the names of the dataset loading functions in scipy.datasets, sorted.

    Only functions that return a dataset count: not the helpers that download or clear
    the files. The result is a list of str.

    >>> "ascent" in dataset_names()
    True
    """
    # TODO: find the list of public names that scipy.datasets offers.
    # TODO: leave out the two helpers (downloading, clearing the cache) and return the
    #       rest sorted. Check what is really there: not everything a tutorial promises is.
    raise NotImplementedError


def dataset_shapes(
    load_ascent: Callable[[], np.ndarray] = datasets.ascent,
    load_face: Callable[..., np.ndarray] = datasets.face,
    load_ecg: Callable[[], np.ndarray] = datasets.electrocardiogram,
) -> dict[str, tuple[tuple[int, ...], str]]:
    """Load each dataset with the loader given and report its shape and dtype name.

    Returns a dict with four keys: "ascent", "face" (the colour image), "face_gray" (the
    face loaded with the loader's own grey option) and "electrocardiogram". Each value is
    (shape as a tuple of ints, dtype name as a str).

    >>> shapes = dataset_shapes()   # downloads on first use  # doctest: +SKIP
    >>> shapes["ascent"]  # doctest: +SKIP
    ((512, 512), 'uint8')
    """
    # TODO: call each of the three loaders you were given (the face one twice: once in
    #       colour, once asking it for the grey version).
    # TODO: for each array, make (shape as a tuple of ints, dtype name as a str) and
    #       return them in a dict under the four keys the docstring names.
    raise NotImplementedError


def image_summary(image: np.ndarray) -> dict[str, object]:
    """Summarise a 2-D grey image (an integer array such as ascent's uint8 pixels).

    Returns a dict with keys:
      "shape": (rows, columns) as a tuple of ints; "dtype": the dtype name, a str;
      "min", "max": the darkest and brightest pixel values, as ints;
      "mean": the mean pixel value, a float;
      "brightest": (row, column) of the first brightest pixel in row-major order, ints.

    >>> image_summary(np.array([[0, 9], [9, 3]], dtype=np.uint8))["brightest"]
    (0, 1)
    """
    # TODO: read the shape and dtype of the image, and its smallest, largest and mean value.
    # TODO: locate the first brightest pixel and turn its flat position into (row, column).
    # TODO: return plain Python ints, floats, strs and tuples in a dict with the six keys.
    raise NotImplementedError


def face_crop(top: int, left: int, height: int, width: int, gray: bool = False,
              load: Callable[..., np.ndarray] = datasets.face) -> np.ndarray:
    """Return a rectangle cut out of the face image: rows top..top+height-1, columns
    left..left+width-1.

    The face comes from `load(gray=gray)`: colour gives a uint8 array of shape
    (height, width, 3), grey one of shape (height, width). A rectangle that does not lie
    wholly inside the image (negative corner, zero or negative size, or past an edge)
    raises ValueError.

    >>> face_crop(0, 0, 2, 3).shape   # downloads on first use  # doctest: +SKIP
    (2, 3, 3)
    """
    # TODO: load the face with the loader, asking it for grey or colour as `gray` says.
    # TODO: refuse (ValueError) a rectangle that is not wholly inside the image: NumPy
    #       slicing would quietly cut it short instead of failing.
    # TODO: return the rows and columns of the rectangle, as a uint8 array.
    raise NotImplementedError


def ecg_window(start_s: float, stop_s: float,
               load: Callable[[], np.ndarray] = datasets.electrocardiogram,
               fs: float = 360.0) -> tuple[np.ndarray, np.ndarray]:
    """Return the samples of the electrocardiogram from start_s (included) to stop_s
    (excluded), in seconds from the start of the recording.

    Sample i is taken at time i / fs (fs in Hz; the real recording has 360 samples per
    second, in mV). Returns (times, values): two float64 arrays of the same shape (m,),
    times in s and values in mV. A window that starts before 0, ends after the recording
    (n samples last n / fs s, so stop_s may be n / fs), or does not end after it starts
    raises ValueError.

    >>> times, values = ecg_window(1.0, 1.5, load=lambda: np.zeros(3600))
    >>> float(times[0]), times.size
    (1.0, 180)
    """
    # TODO: load the ECG and check that the window lies inside the recording (ValueError).
    # TODO: make the time of every sample from its index and the sampling rate fs.
    # TODO: keep the times and values from start_s (included) to stop_s (excluded).
    raise NotImplementedError


def download_everything(folder: str,
                        download_all: Callable[..., None] = datasets.download_all) -> list[str]:
    """Download every dataset file into `folder` with `download_all`, and return the
    sorted names of the files that are then in that folder (a list of str).

    The folder (and any missing parent folders) need not exist beforehand.

    >>> download_everything("scipy-data")   # downloads  # doctest: +SKIP
    ['ascent.dat', 'ecg.dat', 'face.dat']
    """
    # TODO: call download_all with the folder as its only argument (it has no option
    #       for creating folders: it makes them itself).
    # TODO: return the sorted names of the files in the folder afterwards.
    raise NotImplementedError


def clear_cached(names: list[str],
                 clear: Callable[..., None] = datasets.clear_cache) -> None:
    """Remove the cached files of the datasets named in `names`, and only those.

    Names are among "ascent", "electrocardiogram" and "face". If any name is not one of
    these, raise ValueError before clearing anything. An empty list clears nothing.
    Returns None.

    >>> clear_cached(["face"])   # ascent and ECG stay cached  # doctest: +SKIP
    """
    # TODO: check every name first: anything but the three datasets is a ValueError.
    # TODO: pass clear the loading functions of scipy.datasets for those names, never
    #       nothing at all (that empties the whole cache).
    raise NotImplementedError


def heart_rate(start_s: float, stop_s: float,
               load: Callable[[], np.ndarray] = datasets.electrocardiogram,
               fs: float = 360.0, min_height: float = 0.5, min_gap_s: float = 0.3) -> float:
    """Return the mean heart rate, in beats per minute, in a window of the ECG.

    The window is the one ecg_window(start_s, stop_s, load, fs) gives. A beat is an R peak:
    a local maximum at least `min_height` mV high, with no higher peak within `min_gap_s`
    seconds (round min_gap_s * fs to whole samples). With beats at times t_1 < ... < t_n
    the rate is 60 * (n - 1) / (t_n - t_1), a float. Fewer than two beats raise ValueError.

    >>> spikes = np.zeros(3600)
    >>> spikes[::270] = 1.0   # a 1 mV spike every 0.75 s
    >>> heart_rate(0.0, 10.0, load=lambda: spikes)
    80.0
    """
    # TODO: take the samples of the window as ecg_window does.
    # TODO: find the R peaks: high enough (min_height) and far enough apart (min_gap_s,
    #       in whole samples) with the peak finder of scipy.signal.
    # TODO: with fewer than two beats raise ValueError; otherwise return the mean rate in
    #       beats per minute from the first and last beat times and the number of beats.
    raise NotImplementedError
