"""Offline stand-ins for scipy.datasets, handed to learner code by the datasets suite.

The real loaders download their files on first use; learner workers have no network, so
the suite passes these instead. Each makes made-up data with the shape, dtype and units of
the real dataset (or, for the `*_small`/`*_short` variants, of a smaller one, so that an
answer typed in from the real shapes fails). The data is deterministic and quick to make.

`download_all` and `clear_cache` take the same parameters as SciPy's: a call that SciPy
would refuse (such as the tutorial's `download_all('.', subok=True)`) is refused here too.
They touch only the learner's own folder: `download_all` writes small placeholder files,
and `clear_cache` notes what it was asked to clear in `CLEAR_LOG`, which the suite reads.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import numpy as np

ECG_RATE = 360.0
ECG_SECONDS = 300
DATASET_FILES = {"ascent": "ascent.dat", "electrocardiogram": "ecg.dat", "face": "face.dat"}
CLEAR_LOG = "cleared-datasets.txt"
CLEAR_EVERYTHING = "*everything*"


@functools.cache
def _grey_pattern(rows: int, columns: int, phase: float) -> np.ndarray:
    # Sines of rows and of columns, combined by broadcasting: the trigonometry runs on
    # rows + columns numbers, not on every pixel (a face-sized picture takes 8 ms, not 85).
    y = np.arange(rows, dtype=np.float64)[:, np.newaxis]
    x = np.arange(columns, dtype=np.float64)[np.newaxis, :]
    scene = (0.25 * x + 0.15 * y + 60.0 * np.sin(x / 19.0 + phase) * np.cos(y / 31.0)
             # sin((x + 2y) / 7), expanded
             + 30.0 * (np.sin(x / 7.0) * np.cos(2.0 * y / 7.0)
                       + np.cos(x / 7.0) * np.sin(2.0 * y / 7.0)))
    scene -= scene.min()
    image = np.round(scene * (255.0 / scene.max())).astype(np.uint8)
    image.setflags(write=False)
    return image


def _colour_pattern(rows: int, columns: int) -> np.ndarray:
    channels = [_grey_pattern(rows, columns, phase) for phase in (0.0, 1.3, 2.9)]
    return np.stack(channels, axis=-1)  # a new, writable array


def _to_grey(colour: np.ndarray) -> np.ndarray:
    # The weights and the truncating cast that scipy.datasets.face(gray=True) uses.
    return (0.21 * colour[:, :, 0] + 0.71 * colour[:, :, 1]
            + 0.07 * colour[:, :, 2]).astype("uint8")


def ascent() -> np.ndarray:
    """Like scipy.datasets.ascent(): a 512 x 512 grey image of dtype uint8."""
    return _grey_pattern(512, 512, 0.4).copy()


def ascent_small() -> np.ndarray:
    """An ascent-like grey uint8 image of another size, 96 x 160."""
    return _grey_pattern(96, 160, 2.0).copy()


def face(gray: bool = False) -> np.ndarray:
    """Like scipy.datasets.face(): 768 x 1024 x 3 uint8, or 768 x 1024 with gray=True."""
    colour = _colour_pattern(768, 1024)
    return _to_grey(colour) if gray is True else colour


def face_small(gray: bool = False) -> np.ndarray:
    """A face-like colour uint8 image of another size, 120 x 200 x 3 (120 x 200 grey)."""
    colour = _colour_pattern(120, 200)
    return _to_grey(colour) if gray is True else colour


@functools.cache
def _ecg(seconds: int, variant: int) -> np.ndarray:
    """A made-up ECG in mV at 360 Hz, in the real recording's 1/200 mV steps."""
    generator = np.random.default_rng(208 + variant)
    n = int(seconds * ECG_RATE)
    t = np.arange(n) / ECG_RATE
    base_rate = 72.0 + 18.0 * variant
    beats = []
    time = 0.4
    while time < seconds:
        beats.append(time)
        # Heart rate drifts slowly (bpm) and varies a little from beat to beat.
        bpm = base_rate + 14.0 * np.sin(2 * np.pi * time / 97.0) + generator.normal(0, 2.0)
        time += 60.0 / bpm
    beats_array = np.array(beats)
    signal = (-0.12 + 0.1 * np.sin(2 * np.pi * t / 11.0)       # baseline wander
              + 0.02 * np.sin(2 * np.pi * 60.0 * t))            # mains hum
    waves = (  # (offset from the R peak in s, amplitude in mV, width in s)
        (-0.18, 0.15, 0.025),   # P wave
        (-0.035, -0.15, 0.01),  # Q
        (0.0, 1.3, 0.016),      # R: the peak a beat detector looks for
        (0.035, -0.35, 0.012),  # S
        (0.28, 0.33, 0.05),     # T wave, well below the R peaks
    )
    for beat in beats_array:
        lo = max(int((beat - 0.4) * ECG_RATE), 0)
        hi = min(int((beat + 0.6) * ECG_RATE), n)
        window = t[lo:hi]
        amplitude_scale = 1.0 + generator.normal(0, 0.05)
        for offset, amplitude, width in waves:
            signal[lo:hi] += (amplitude * amplitude_scale
                              * np.exp(-0.5 * ((window - beat - offset) / width) ** 2))
    signal += generator.normal(0, 0.02, n)
    quantised = np.round(signal * 200.0) / 200.0
    quantised.setflags(write=False)
    return quantised


def electrocardiogram() -> np.ndarray:
    """Like scipy.datasets.electrocardiogram(): 5 minutes at 360 Hz in mV, float64."""
    return _ecg(ECG_SECONDS, 0).copy()


def electrocardiogram_short() -> np.ndarray:
    """A faster made-up ECG of 90 s at 360 Hz in mV (32400 samples), float64."""
    return _ecg(90, 1).copy()


def make_all() -> None:
    """Make every stand-in dataset once, so that later calls (in this process or in those
    forked from it, such as workers forked by the fork server) find them cached."""
    for loader in (ascent, ascent_small, face, face_small, electrocardiogram,
                   electrocardiogram_short):
        loader()


def download_all(path: str | os.PathLike[str] | None = None) -> None:
    """Like scipy.datasets.download_all(path=None), writing placeholders instead of data.

    With no path the files go where SciPy would put them (pooch's cache under the home
    folder), not to the current folder.
    """
    folder = Path(path) if path is not None else Path.home() / ".cache" / "scipy-data"
    folder.mkdir(parents=True, exist_ok=True)
    for file_name in DATASET_FILES.values():
        (folder / file_name).write_bytes(b"placeholder for " + file_name.encode())


def clear_cache(datasets: Any = None) -> None:
    """Like scipy.datasets.clear_cache(datasets=None), noting its work in CLEAR_LOG.

    Takes the loading functions themselves (one, or a list or tuple of them); with None it
    clears every dataset. Appends one line per call: the dataset names cleared, sorted and
    separated by spaces, or CLEAR_EVERYTHING.
    """
    if datasets is None:
        line = CLEAR_EVERYTHING
    else:
        if not isinstance(datasets, (list, tuple)):
            datasets = [datasets]
        names = []
        for dataset in datasets:
            # SciPy asserts the same and looks the files up by the function's name.
            assert callable(dataset)
            name = getattr(dataset, "__name__", "")
            if name not in DATASET_FILES:
                raise ValueError(f"Dataset method {name} doesn't exist. Please check if the "
                                 "passed dataset is a subset of the following dataset "
                                 f"methods: {sorted(DATASET_FILES)}")
            names.append(name)
        line = " ".join(sorted(names))
    with open(CLEAR_LOG, "a", encoding="utf-8") as log:
        log.write(line + "\n")
