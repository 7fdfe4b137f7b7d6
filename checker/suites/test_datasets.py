"""Suite for topic 02, datasets.

Nothing here downloads: every loader handed to learner code is an offline stand-in from
`checker.callables.datasets` with the real dataset's shape, dtype and units (or a smaller
variant, so that shapes typed in from the documentation fail).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.datasets
from scipy.signal import find_peaks

from checker.callables import datasets as fake
from checker.expect import (
    exercise,
    expect_array,
    expect_equal,
    expect_float,
    expect_learner_raises,
    expect_value,
)

HELPERS = {"download_all", "clear_cache"}


def _shape_and_dtype(array: np.ndarray) -> tuple[tuple[int, ...], str]:
    return tuple(int(n) for n in array.shape), str(array.dtype)


# -- dataset_names -------------------------------------------------------------------------

@exercise("datasets.dataset_names")
def test_dataset_names(learner):
    expected = sorted(name for name in scipy.datasets.__all__ if name not in HELPERS)
    got = learner.dataset_names()
    expect_value(got, expected, what="dataset_names() (the loading functions of "
                                     "scipy.datasets, sorted)")


@exercise("datasets.dataset_names")
def test_dataset_names_has_no_iris_or_mnist(learner):
    got = learner.dataset_names()
    names = {str(name).lower() for name in got} if isinstance(got, list) else set()
    wrong = sorted(names & {"iris", "mnist", "digits", "download_all", "clear_cache"})
    expect_equal(wrong, [], what="names in dataset_names() that scipy.datasets does not load "
                                 "(iris and MNIST are not in it; download_all and clear_cache "
                                 "are helpers)")


# -- dataset_shapes ------------------------------------------------------------------------

def _expected_shapes(load_ascent, load_face, load_ecg) -> dict:
    return {
        "ascent": _shape_and_dtype(load_ascent()),
        "face": _shape_and_dtype(load_face()),
        "face_gray": _shape_and_dtype(load_face(gray=True)),
        "electrocardiogram": _shape_and_dtype(load_ecg()),
    }


@exercise("datasets.dataset_shapes")
def test_dataset_shapes_real_sizes(learner):
    loaders = (fake.ascent, fake.face, fake.electrocardiogram)
    expect_value(learner.dataset_shapes(*loaders), _expected_shapes(*loaders),
                 what="dataset_shapes with loaders that give the real datasets' shapes")


@exercise("datasets.dataset_shapes")
def test_dataset_shapes_other_sizes(learner):
    loaders = (fake.ascent_small, fake.face_small, fake.electrocardiogram_short)
    expect_value(learner.dataset_shapes(*loaders), _expected_shapes(*loaders),
                 what="dataset_shapes with loaders of smaller stand-in datasets (ascent "
                      "96x160, face 120x200x3, ECG of 90 s): read the shapes, do not type them")


@exercise("datasets.dataset_shapes")
def test_dataset_shapes_by_keyword(learner):
    got = learner.dataset_shapes(load_face=fake.face_small, load_ecg=fake.electrocardiogram_short,
                                 load_ascent=fake.ascent)
    expected = _expected_shapes(fake.ascent, fake.face_small, fake.electrocardiogram_short)
    expect_value(got, expected, what="dataset_shapes with the loaders passed by keyword")


# -- image_summary -------------------------------------------------------------------------

def _expected_summary(image: np.ndarray) -> dict:
    flat_first = int(np.argmax(image))
    return {
        "shape": (int(image.shape[0]), int(image.shape[1])),
        "dtype": str(image.dtype),
        "min": int(image.min()),
        "max": int(image.max()),
        "mean": float(np.mean(image, dtype=np.float64)),
        "brightest": (flat_first // image.shape[1], flat_first % image.shape[1]),
    }


@exercise("datasets.image_summary")
def test_image_summary_ascent_like(learner):
    image = fake.ascent()
    expect_value(learner.image_summary(image), _expected_summary(image), rtol=1e-9,
                 what="image_summary of a 512x512 uint8 image like ascent")


@exercise("datasets.image_summary")
@pytest.mark.parametrize("repeat", range(3))
def test_image_summary_random(learner, rng, repeat):
    rows, columns = (int(n) for n in rng.integers(3, 60, size=2))
    if rows == columns:
        columns += 1
    image = rng.integers(0, 200, size=(rows, columns)).astype(np.uint8)
    # The brightest value, twice: the first one in row-major order is wanted.
    spots = rng.choice(rows * columns, size=2, replace=False)
    image.flat[spots] = 250
    expect_value(learner.image_summary(image), _expected_summary(image), rtol=1e-9,
                 what=f"image_summary of a random {rows}x{columns} uint8 image whose "
                      f"brightest value 250 is at flat positions {sorted(int(s) for s in spots)}")


@exercise("datasets.image_summary")
def test_image_summary_other_dtype_and_flat(learner, rng):
    image = rng.integers(-300, 300, size=(7, 11)).astype(np.int16)
    expect_value(learner.image_summary(image), _expected_summary(image), rtol=1e-9,
                 what="image_summary of a 7x11 int16 image with negative values")
    flat = np.full((4, 6), 17, dtype=np.uint8)
    expect_value(learner.image_summary(flat), _expected_summary(flat), rtol=1e-9,
                 what="image_summary of a 4x6 image where every pixel is 17")


# -- face_crop -----------------------------------------------------------------------------

@exercise("datasets.face_crop")
@pytest.mark.parametrize("gray", [False, True])
@pytest.mark.parametrize("loader", [fake.face, fake.face_small], ids=["face", "face_small"])
def test_face_crop_random_box(learner, rng, gray, loader):
    image = loader(gray=gray)
    rows, columns = image.shape[:2]
    height = int(rng.integers(1, rows // 2))
    width = int(rng.integers(1, columns // 2))
    if height == width:
        width += 1
    top = int(rng.integers(0, rows - height + 1))
    left = int(rng.integers(0, columns - width + 1))
    if left == top:  # so that swapping top and left shows
        left = (left + 1) % (columns - width + 1)
    expected = image[top:top + height, left:left + width]
    got = learner.face_crop(top, left, height, width, gray, loader)
    what = (f"face_crop(top={top}, left={left}, height={height}, width={width}, gray={gray}) "
            f"of a {rows}x{columns} stand-in face")
    expect_array(got, expected, shape=expected.shape, dtype="uint8", what=what)


@exercise("datasets.face_crop")
def test_face_crop_bottom_right_corner(learner):
    image = fake.face_small(gray=True)
    rows, columns = image.shape
    got = learner.face_crop(rows - 5, columns - 8, 5, 8, True, fake.face_small)
    expect_array(got, image[rows - 5:, columns - 8:], shape=(5, 8),
                 what=f"face_crop of the 5x8 rectangle in the bottom-right corner of a "
                      f"{rows}x{columns} image (it fits exactly)")


@exercise("datasets.face_crop")
@pytest.mark.parametrize("box, why", [
    ((0, 0, 1, 1), "the single pixel in the top-left corner"),
    ((0, 7, 1, 9), "a strip 1 pixel high along the top edge"),
    ((6, 0, 9, 1), "a strip 1 pixel wide along the left edge"),
])
def test_face_crop_smallest_at_the_edge(learner, box, why):
    # Row 0 and column 0 are inside the image, and 1 pixel is a positive size.
    image = fake.face_small(gray=False)
    top, left, height, width = box
    got = learner.face_crop(*box, False, fake.face_small)
    expect_array(got, image[top:top + height, left:left + width], shape=(height, width, 3),
                 what=f"face_crop{box} of a 120x200 image, {why} (it lies wholly inside "
                      "the image: top 0 and left 0 are the first row and column, and a "
                      "height or width of 1 is allowed)")


@exercise("datasets.face_crop")
@pytest.mark.parametrize("box, why", [
    ((115, 0, 6, 10), "rows 115..120 go past the last row, 119"),
    ((0, 195, 10, 6), "columns 195..200 go past the last column, 199"),
    ((-3, 0, 5, 5), "a negative top would count rows from the bottom"),
    ((0, -3, 5, 5), "a negative left would count columns from the right"),
    ((-1, 0, 5, 5), "a top of -1 would count rows from the bottom (0 is the first row)"),
    ((0, -1, 5, 5), "a left of -1 would count columns from the right (0 is the first "
                    "column)"),
    ((10, 10, 0, 5), "a rectangle of height 0 is empty"),
    ((10, 10, 5, 0), "a rectangle of width 0 is empty"),
])
def test_face_crop_outside(learner, box, why):
    with expect_learner_raises("ValueError", why=f"face_crop{box} on a 120x200 image: {why}"):
        learner.face_crop(*box, False, fake.face_small)


# -- ecg_window ----------------------------------------------------------------------------

def _expected_window(ecg: np.ndarray, start: float, stop: float, fs: float):
    times = np.arange(ecg.size) / fs
    inside = (times >= start) & (times < stop)
    return times[inside], ecg[inside]


def _check_window(learner, loader, start: float, stop: float, fs: float = 360.0) -> None:
    ecg = loader()
    expected_times, expected_values = _expected_window(ecg, start, stop, fs)
    what = f"ecg_window({start}, {stop}, fs={fs}) of a {ecg.size / fs:g} s recording"
    result = learner.ecg_window(start, stop, loader, fs)
    expect_equal(type(result).__name__, "tuple", what=f"the type {what} returns")
    times, values = result
    m = expected_times.size
    expect_array(times, expected_times, shape=(m,), dtype_kind="f", rtol=1e-12,
                 what=f"the times (s) of {what}")
    expect_array(values, expected_values, shape=(m,), dtype_kind="f", rtol=0, atol=1e-12,
                 what=f"the values (mV) of {what}")


@exercise("datasets.ecg_window")
@pytest.mark.parametrize("repeat", range(3))
def test_ecg_window_random(learner, rng, repeat):
    # Quarter seconds are exact binary fractions: i / 360 hits them exactly, so every
    # correct way of choosing the samples agrees at the edges.
    start = float(rng.integers(0, 1100)) / 4
    stop = start + float(rng.integers(1, 40)) / 4
    _check_window(learner, fake.electrocardiogram, start, stop)


@exercise("datasets.ecg_window")
@pytest.mark.parametrize("fs", [360.0, 250.0])
def test_ecg_window_between_samples(learner, rng, fs):
    # Limits 1 ms past a quarter second fall between samples (i / fs is never within
    # 1e-9 s of them), so no rounding question arises: the first sample is the one after
    # start_s, which slicing at int(start_s * fs) or round(start_s * fs) misses.
    start = float(rng.integers(0, 300)) / 4 + 0.001
    stop = start + float(rng.integers(4, 40)) / 4
    _check_window(learner, fake.electrocardiogram_short, start, stop, fs=fs)


@exercise("datasets.ecg_window")
def test_ecg_window_to_the_end(learner):
    _check_window(learner, fake.electrocardiogram_short, 87.5, 90.0)


@exercise("datasets.ecg_window")
def test_ecg_window_other_rate(learner, rng):
    start = float(rng.integers(0, 200)) / 4
    _check_window(learner, fake.electrocardiogram_short, start, start + 2.5, fs=250.0)


@exercise("datasets.ecg_window")
@pytest.mark.parametrize("start, stop, why", [
    (80.0, 95.0, "the 90 s recording ends before 95 s"),
    (-1.0, 2.0, "a recording has no samples before 0 s"),
    (5.0, 5.0, "a window must end after it starts"),
])
def test_ecg_window_outside(learner, start, stop, why):
    with expect_learner_raises("ValueError", why=f"ecg_window({start}, {stop}): {why}"):
        learner.ecg_window(start, stop, fake.electrocardiogram_short)


# -- download_everything -------------------------------------------------------------------

@exercise("datasets.download_everything")
def test_download_everything(learner, learner_session, rng):
    folder = f"downloads-{int(rng.integers(10**6))}/scipy-data"
    got = learner.download_everything(folder, fake.download_all)
    expected = sorted(fake.DATASET_FILES.values())
    expect_value(got, expected, what=f"download_everything({folder!r}) (the sorted names of "
                                     "the files in the folder afterwards; download_all takes "
                                     "the folder only: the tutorial's subok=True does not exist)")
    target = learner_session.home / folder
    present = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    expect_value(present, expected, what=f"the files that download_all wrote into {folder!r}")


@exercise("datasets.download_everything")
def test_download_everything_into_a_folder_with_files(learner, learner_session, rng):
    # The answer is what the folder holds afterwards, not the list the docstring shows:
    # the current folder already holds a file of the suite's (and whatever else is there).
    notes = f"notes-{int(rng.integers(10**6))}.txt"
    learner_session.put_file(notes, b"kept beside the data")
    got = learner.download_everything(".", fake.download_all)
    entries = sorted(learner_session.home.iterdir())
    every_name = sorted(entry.name for entry in entries)
    file_names = sorted(entry.name for entry in entries if entry.is_file())
    # Listing every entry, or only the files (leaving out sub-folders), are both fair.
    expected = every_name if got == every_name else file_names
    expect_value(got, expected, what=f"download_everything('.') when the current folder "
                                     f"already holds {notes!r} and more (list the files that "
                                     "are then in the folder, sorted)")


@exercise("datasets.download_everything")
def test_download_everything_twice(learner, rng):
    folder = f"data-{int(rng.integers(10**6))}"
    learner.download_everything(folder, fake.download_all)
    got = learner.download_everything(folder, fake.download_all)
    expect_value(got, sorted(fake.DATASET_FILES.values()),
                 what=f"download_everything({folder!r}) a second time (files already there)")


# -- clear_cached --------------------------------------------------------------------------

def _cleared(learner_session) -> list[str]:
    text = learner_session.file(fake.CLEAR_LOG).read_text(encoding="utf-8")
    return [line for line in text.splitlines()]


@exercise("datasets.clear_cached")
@pytest.mark.parametrize("repeat", range(3))
def test_clear_cached_some(learner, learner_session, rng, repeat):
    count = int(rng.integers(1, 4))
    names = [str(n) for n in rng.choice(sorted(fake.DATASET_FILES), size=count, replace=False)]
    learner_session.put_file(fake.CLEAR_LOG, b"")
    expect_equal(learner.clear_cached(names, fake.clear_cache), None,
                 what=f"what clear_cached({names}) returns")
    lines = _cleared(learner_session)
    expect_equal(fake.CLEAR_EVERYTHING in lines, False,
                 what=f"clear_cached({names}) cleared the whole cache (clear_cache() with no "
                      "argument clears every dataset)")
    cleared = sorted({name for line in lines for name in line.split()})
    expect_value(cleared, sorted(names), what=f"the datasets clear_cached({names}) cleared "
                                              "(pass the loading functions themselves)")


@exercise("datasets.clear_cached")
def test_clear_cached_nothing(learner, learner_session):
    learner_session.put_file(fake.CLEAR_LOG, b"")
    learner.clear_cached([], fake.clear_cache)
    lines = [line for line in _cleared(learner_session) if line]
    expect_value(lines, [], what="what clear_cached([]) cleared (nothing: an empty list is "
                                 "not 'everything')")


@exercise("datasets.clear_cached")
@pytest.mark.parametrize("names", [["face", "iris"], ["MNIST"], ["download_all"]])
def test_clear_cached_unknown(learner, learner_session, names):
    learner_session.put_file(fake.CLEAR_LOG, b"")
    with expect_learner_raises("ValueError", why=f"{names} names something that is not one of "
                                                 "the three datasets"):
        learner.clear_cached(names, fake.clear_cache)
    lines = [line for line in _cleared(learner_session) if line]
    expect_value(lines, [], what=f"what clear_cached({names}) cleared before refusing "
                                 "(check every name first)")


# -- heart_rate ----------------------------------------------------------------------------

def _expected_rate(loader, start: float, stop: float, fs: float = 360.0,
                   min_height: float = 0.5, min_gap_s: float = 0.3) -> float:
    times, values = _expected_window(loader(), start, stop, fs)
    peaks, _ = find_peaks(values, height=min_height, distance=max(1, round(min_gap_s * fs)))
    return 60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]])


# Beat times found another way (segments above the threshold, their highest sample)
# may move a peak by a sample or two on a flat top: 0.5 % covers that and nothing more.
RATE_RTOL = 5e-3


@exercise("datasets.heart_rate")
@pytest.mark.parametrize("loader", [fake.electrocardiogram, fake.electrocardiogram_short],
                         ids=["ecg", "ecg_short"])
def test_heart_rate_random_windows(learner, rng, loader):
    duration = loader().size / 360.0
    for _ in range(3):
        length = float(rng.integers(20, 120)) / 4
        start = float(rng.integers(0, int((duration - length) * 4))) / 4
        expected = _expected_rate(loader, start, start + length)
        expect_float(learner.heart_rate(start, start + length, loader), expected,
                     rtol=RATE_RTOL, what=f"heart_rate({start}, {start + length}) in bpm")


@exercise("datasets.heart_rate")
def test_heart_rate_other_thresholds(learner, rng):
    start = float(rng.integers(0, 1000)) / 4
    stop = start + 20.0
    expected = _expected_rate(fake.electrocardiogram, start, stop, min_height=0.8,
                              min_gap_s=0.25)
    got = learner.heart_rate(start, stop, fake.electrocardiogram, 360.0, 0.8, 0.25)
    expect_float(got, expected, rtol=RATE_RTOL,
                 what=f"heart_rate({start}, {stop}, min_height=0.8, min_gap_s=0.25) in bpm")


@exercise("datasets.heart_rate")
@pytest.mark.parametrize("min_height", [0.5, 1.1])
def test_heart_rate_whole_recording(learner, min_height):
    # Over 5 minutes the made-up heart rate drifts between about 58 and 86 bpm: the mean
    # (or median) of the beat-to-beat rates is then 2 % or more above the rate the
    # docstring defines. At 1.1 mV only some R peaks are high enough, though all of them
    # stand out 1.1 mV from their surroundings (prominence is not height).
    expected = _expected_rate(fake.electrocardiogram, 0.0, 300.0, min_height=min_height)
    got = learner.heart_rate(0.0, 300.0, fake.electrocardiogram, 360.0, min_height, 0.3)
    expect_float(got, expected, rtol=RATE_RTOL,
                 what=f"heart_rate(0.0, 300.0, min_height={min_height}) over the whole 5 min "
                      "recording, in bpm: 60 * (beats - 1) / (time from first to last beat)")


@exercise("datasets.heart_rate")
def test_heart_rate_other_rate_long_gap(learner):
    # Read at 250 Hz the 108000 samples last 432 s, and beats are 251 to 370 samples
    # apart. A gap of 0.8 s is 200 samples, shorter than any of them; counted at 360
    # samples per second it would be 288 samples and drop beats wherever the heart is fast.
    expected = _expected_rate(fake.electrocardiogram, 0.0, 432.0, fs=250.0, min_gap_s=0.8)
    got = learner.heart_rate(0.0, 432.0, fake.electrocardiogram, 250.0, 0.5, 0.8)
    expect_float(got, expected, rtol=RATE_RTOL,
                 what="heart_rate(0.0, 432.0, fs=250.0, min_gap_s=0.8) over the whole "
                      "recording, in bpm (the gap is round(min_gap_s * fs) samples)")


def _beat_windows(rng: np.random.Generator) -> tuple[float, float, float]:
    """(start, middle, stop) of windows of the stand-in ECG around two beats in a row:
    start..stop holds exactly those two beats, start..middle only the first."""
    ecg = fake.electrocardiogram()
    times = np.arange(ecg.size) / 360.0
    peaks, _ = find_peaks(ecg, height=0.5, distance=108)
    beats = times[peaks]
    k = int(rng.integers(1, beats.size - 2))
    start, middle, stop = (round(float(beats[i] + beats[i + 1]) / 2, 2)
                           for i in (k - 1, k, k + 1))
    return start, middle, stop


@exercise("datasets.heart_rate")
def test_heart_rate_two_beats(learner, rng):
    start, _, stop = _beat_windows(rng)
    expected = _expected_rate(fake.electrocardiogram, start, stop)
    got = learner.heart_rate(start, stop, fake.electrocardiogram)
    expect_float(got, expected, rtol=RATE_RTOL,
                 what=f"heart_rate({start}, {stop}), a window with exactly two beats, in bpm "
                      "(two beats are enough: 60 / the time between them)")


@exercise("datasets.heart_rate")
def test_heart_rate_one_beat(learner, rng):
    start, middle, _ = _beat_windows(rng)
    with expect_learner_raises("ValueError", why=f"heart_rate({start}, {middle}) holds a "
                                                 "single beat, and a rate needs two"):
        learner.heart_rate(start, middle, fake.electrocardiogram)


@exercise("datasets.heart_rate")
def test_heart_rate_too_short(learner, rng):
    start = float(rng.integers(0, 1000)) / 4
    with expect_learner_raises("ValueError", why="half a second holds at most one beat, and a "
                                                 "rate needs two"):
        learner.heart_rate(start, start + 0.5, fake.electrocardiogram)
