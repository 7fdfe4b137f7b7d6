"""Example data: scipy.datasets, its three datasets, and working with them as arrays."""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
from scipy import datasets
from scipy.signal import find_peaks

KNOWN_DATASETS = ("ascent", "electrocardiogram", "face")


def dataset_names() -> list[str]:
    """Return the names of the dataset loading functions in scipy.datasets, sorted.

    Only functions that return a dataset count: not the helpers that download or clear
    the files. The result is a list of str.

    >>> "ascent" in dataset_names()
    True
    """
    helpers = {"download_all", "clear_cache"}
    return sorted(name for name in datasets.__all__ if name not in helpers)


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
    ascent = load_ascent()
    face = load_face()
    face_gray = load_face(gray=True)
    ecg = load_ecg()
    return {
        "ascent": (tuple(int(n) for n in ascent.shape), str(ascent.dtype)),
        "face": (tuple(int(n) for n in face.shape), str(face.dtype)),
        "face_gray": (tuple(int(n) for n in face_gray.shape), str(face_gray.dtype)),
        "electrocardiogram": (tuple(int(n) for n in ecg.shape), str(ecg.dtype)),
    }


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
    row, column = np.unravel_index(int(np.argmax(image)), image.shape)
    return {
        "shape": (int(image.shape[0]), int(image.shape[1])),
        "dtype": str(image.dtype),
        "min": int(image.min()),
        "max": int(image.max()),
        "mean": float(image.mean()),
        "brightest": (int(row), int(column)),
    }


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
    image = load(gray=gray)
    rows, columns = image.shape[:2]
    if top < 0 or left < 0 or height < 1 or width < 1:
        raise ValueError("the rectangle needs a corner inside the image and a positive size")
    if top + height > rows or left + width > columns:
        raise ValueError(f"the rectangle goes past the edge of the {rows}x{columns} image")
    return image[top:top + height, left:left + width].copy()


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
    ecg = load()
    duration = ecg.size / fs
    if not 0.0 <= start_s < stop_s <= duration:
        raise ValueError(f"the window {start_s}..{stop_s} s is not inside 0..{duration} s")
    times = np.arange(ecg.size) / fs
    inside = (times >= start_s) & (times < stop_s)
    return times[inside], ecg[inside].astype(np.float64)


def download_everything(folder: str,
                        download_all: Callable[..., None] = datasets.download_all) -> list[str]:
    """Download every dataset file into `folder` with `download_all`, and return the
    sorted names of the files that are then in that folder (a list of str).

    The folder (and any missing parent folders) need not exist beforehand.

    >>> download_everything("scipy-data")   # downloads  # doctest: +SKIP
    ['ascent.dat', 'ecg.dat', 'face.dat']
    """
    download_all(folder)
    return sorted(os.listdir(folder))


def clear_cached(names: list[str],
                 clear: Callable[..., None] = datasets.clear_cache) -> None:
    """Remove the cached files of the datasets named in `names`, and only those.

    Names are among "ascent", "electrocardiogram" and "face". If any name is not one of
    these, raise ValueError before clearing anything. An empty list clears nothing.
    Returns None.

    >>> clear_cached(["face"])   # ascent and ECG stay cached  # doctest: +SKIP
    """
    unknown = [name for name in names if name not in KNOWN_DATASETS]
    if unknown:
        raise ValueError(f"not datasets of scipy.datasets: {unknown}; "
                         f"it has {', '.join(KNOWN_DATASETS)}")
    if names:
        clear([getattr(datasets, name) for name in names])


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
    times, values = ecg_window(start_s, stop_s, load, fs)
    peaks, _ = find_peaks(values, height=min_height, distance=max(1, round(min_gap_s * fs)))
    if peaks.size < 2:
        raise ValueError(f"found {peaks.size} beat(s) between {start_s} and {stop_s} s: "
                         "a rate needs at least two")
    beat_times = times[peaks]
    return float(60.0 * (peaks.size - 1) / (beat_times[-1] - beat_times[0]))
