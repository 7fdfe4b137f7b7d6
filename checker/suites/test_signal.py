"""Suite for topic 14, signal."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal

from checker.expect import exercise, expect_array, expect_equal, expect_float, expect_int

ECG_RATE = 360.0
# (offset from the R peak in s, amplitude in mV or None for the R wave itself, width in s)
_ECG_WAVES = ((-0.20, 0.15, 0.025), (-0.035, -0.12, 0.008), (0.0, None, 0.009),
              (0.035, -0.25, 0.008), (0.28, 0.30, 0.05))


def synthetic_ecg(rng: np.random.Generator, seconds: float, bpm: float, fs: float = ECG_RATE,
                  noise: float = 0.03, gain: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """An ECG-like trace in mV and the true times (s) of its R peaks.

    Each beat is P, Q, R, S and T waves (Gaussian bumps); R is 1.0 to 1.5 mV, T 0.3 mV.
    Some beats (always the second) have a notched QRS: a second, lower R wave (R') 28 ms
    after the first, so two maxima above the height threshold sit 10 samples apart and only
    the distance rule keeps one. The intervals between beats vary by +-7 % around 60 / bpm;
    a slow baseline wander of 0.1 mV and white noise are added. `gain` scales it all.
    """
    count = round(seconds * fs)
    t = np.arange(count) / fs
    mean_interval = 60.0 / bpm
    beats = []
    time = float(rng.uniform(0.3, 0.3 + mean_interval))
    while time < seconds - 0.45:
        beats.append(time)
        time += mean_interval * float(rng.uniform(0.93, 1.07))
    ecg = np.zeros(count)
    for number, beat in enumerate(beats):
        r_amplitude = float(rng.uniform(1.0, 1.5))
        for offset, amplitude, width in _ECG_WAVES:
            height = r_amplitude if amplitude is None else amplitude
            ecg += height * np.exp(-0.5 * ((t - beat - offset) / width) ** 2)
        if number == 1 or rng.random() < 0.3:
            ecg += 0.7 * r_amplitude * np.exp(-0.5 * ((t - beat - 0.028) / 0.006) ** 2)
    ecg += 0.1 * np.sin(2 * np.pi * 0.25 * t + rng.uniform(0, 2 * np.pi))
    ecg += noise * rng.standard_normal(count)
    return gain * ecg, np.array(beats)


def _reference_beats(ecg: np.ndarray, fs: float, min_height: float,
                     min_interval: float) -> tuple[np.ndarray, float]:
    peaks, _ = scipy.signal.find_peaks(ecg, height=min_height,
                                       distance=round(min_interval * fs))
    bpm = 60.0 / (np.mean(np.diff(peaks)) / fs) if len(peaks) > 1 else float("nan")
    return peaks, float(bpm)


def _pair(result: object, what: str) -> tuple:
    expect_equal(type(result).__name__, "tuple", what=what)
    expect_int(len(result), 2, what=f"{what}: its length")
    return result


def _tones(rng: np.random.Generator, t: np.ndarray, period: float, max_frequency: float,
           count: int = 3) -> np.ndarray:
    """A few sines and cosines with whole numbers of cycles per `period`, below max_frequency."""
    highest = int(np.ceil(max_frequency * period)) - 1
    cycles = rng.choice(np.arange(1, highest + 1), size=count, replace=False)
    values = np.full_like(t, rng.uniform(-1, 1))
    for c in cycles:
        frequency = c / period
        values += rng.uniform(0.3, 2.0) * np.sin(2 * np.pi * frequency * t
                                                 + rng.uniform(0, 2 * np.pi))
    return values


# -- moving_average --------------------------------------------------------------------------

@exercise("signal.moving_average")
@pytest.mark.parametrize("width", [1, 3, 10])
def test_moving_average(learner, rng, width):
    x = rng.standard_normal(int(rng.integers(40, 80)))
    expected = np.convolve(x, np.ones(width) / width, mode="valid")
    expect_array(learner.moving_average(x, width), expected, shape=(len(x) - width + 1,),
                 dtype_kind="f", rtol=1e-9, atol=1e-12,
                 what=f"moving_average of {len(x)} random samples, width {width}")


@exercise("signal.moving_average")
def test_moving_average_whole_signal(learner, rng):
    x = rng.uniform(-5, 5, 25)
    expect_array(learner.moving_average(x, 25), np.array([x.mean()]), shape=(1,),
                 dtype_kind="f", rtol=1e-9, atol=1e-12,
                 what="moving_average with width == len(x) (one window: the mean)")


@exercise("signal.moving_average")
def test_moving_average_of_integers(learner, rng):
    x = rng.integers(0, 100, 30)
    expected = np.convolve(x.astype(float), np.ones(4) / 4, mode="valid")
    expect_array(learner.moving_average(x, 4), expected, shape=(27,), dtype_kind="f",
                 rtol=1e-9, atol=1e-12, what=f"moving_average of integers {x[:5]}..., width 4")


# -- remove_trend ----------------------------------------------------------------------------

@exercise("signal.remove_trend")
def test_remove_trend_one_channel(learner, rng):
    n = int(rng.integers(50, 200))
    t = np.arange(n)
    x = rng.uniform(-5, 5) + rng.uniform(-0.2, 0.2) * t + 0.3 * rng.standard_normal(n)
    expect_array(learner.remove_trend(x), scipy.signal.detrend(x), shape=(n,), dtype_kind="f",
                 rtol=1e-7, atol=1e-9, what=f"remove_trend of a noisy line, {n} samples")


@exercise("signal.remove_trend")
def test_remove_trend_pure_line(learner, rng):
    x = rng.uniform(-3, 3) + rng.uniform(-1, 1) * np.arange(40.0)
    expect_array(learner.remove_trend(x), np.zeros(40), shape=(40,), dtype_kind="f",
                 atol=1e-9, what="remove_trend of a straight line (nothing should be left)")


@exercise("signal.remove_trend")
@pytest.mark.parametrize("shape", [(3, 120), (5, 5)])
def test_remove_trend_channels(learner, rng, shape):
    channels, n = shape
    t = np.arange(n)
    x = (rng.uniform(-5, 5, (channels, 1)) + rng.uniform(-0.5, 0.5, (channels, 1)) * t
         + 0.2 * rng.standard_normal(shape))
    expect_array(learner.remove_trend(x), scipy.signal.detrend(x, axis=-1), shape=shape,
                 dtype_kind="f", rtol=1e-7, atol=1e-9,
                 what=f"remove_trend of {channels} channels x {n} samples (trend along each row)")


# -- psd_welch -------------------------------------------------------------------------------

@exercise("signal.psd_welch")
@pytest.mark.parametrize("fs, nperseg", [(100.0, 64), (360.0, 256), (1000.0, 128)])
def test_psd_welch(learner, rng, fs, nperseg):
    n = int(rng.integers(4, 10)) * nperseg + int(rng.integers(0, nperseg))
    t = np.arange(n) / fs
    tone = round(float(rng.uniform(0.05, 0.4)) * fs, 1)
    x = rng.uniform(0.5, 2) * np.sin(2 * np.pi * tone * t) + rng.standard_normal(n)
    frequencies, psd = scipy.signal.welch(x, fs=fs, nperseg=nperseg)
    got_frequencies, got_psd = _pair(learner.psd_welch(x, fs, nperseg),
                                     "psd_welch returns a tuple (frequencies, psd)")
    what = (f"psd_welch of a {tone} Hz sine in noise, {n} samples at {fs:g} Hz, "
            f"nperseg {nperseg}")
    expect_array(got_frequencies, frequencies, shape=(nperseg // 2 + 1,), dtype_kind="f",
                 rtol=1e-9, atol=1e-9, what=f"the frequencies (Hz) of {what}")
    expect_array(got_psd, psd, shape=(nperseg // 2 + 1,), dtype_kind="f", rtol=1e-6,
                 atol=1e-9 * float(psd.max()), what=f"the density of {what}")


# -- dominant_frequency ----------------------------------------------------------------------

@exercise("signal.dominant_frequency")
@pytest.mark.parametrize("fs", [100.0, 250.0, 360.0])
def test_dominant_frequency(learner, rng, fs):
    n = int(rng.integers(300, 1200))
    t = np.arange(n) / fs
    k = int(rng.integers(5, n // 2 - 5))
    tone = k * fs / n
    # A large mean: a spectrum that keeps the 0 Hz bin finds "0 Hz" instead of the tone.
    x = rng.uniform(20, 50) + np.sin(2 * np.pi * tone * t) + 0.3 * rng.standard_normal(n)
    frequencies, power = scipy.signal.periodogram(x, fs=fs)
    expected = float(frequencies[1 + np.argmax(power[1:])])
    expect_float(learner.dominant_frequency(x, fs), expected, rtol=1e-9,
                 what=f"dominant_frequency of a {tone:.3f} Hz sine on a large offset, "
                      f"{n} samples at {fs:g} Hz")


@exercise("signal.dominant_frequency")
def test_dominant_frequency_two_tones(learner, rng):
    fs, n = 200.0, 400
    t = np.arange(n) / fs
    weak, strong = rng.choice(np.arange(10, 190), size=2, replace=False) * fs / n
    x = 0.4 * np.cos(2 * np.pi * weak * t) + 1.5 * np.cos(2 * np.pi * strong * t)
    expect_float(learner.dominant_frequency(x, fs), float(strong), rtol=1e-9,
                 what=f"dominant_frequency of {weak:g} Hz (weak) + {strong:g} Hz (strong) "
                      f"at {fs:g} Hz")


@exercise("signal.dominant_frequency")
@pytest.mark.parametrize("parity", ["even", "odd"])
def test_dominant_frequency_in_the_last_bin(learner, rng, parity):
    # The strongest tone sits in the periodogram's last bin (fs / 2 for an even length): a
    # search that only looks at local maxima (find_peaks never reports an end point) or
    # stops one bin short misses it.
    fs = float(rng.choice([100.0, 250.0, 360.0]))
    n = 2 * int(rng.integers(150, 600)) + (parity == "odd")
    samples = np.arange(n)
    last_bin, other_bin = n // 2, int(rng.integers(5, n // 2 - 5))
    x = (rng.uniform(20, 50) + np.cos(2 * np.pi * last_bin * samples / n)
         + 0.3 * np.sin(2 * np.pi * other_bin * samples / n + rng.uniform(0, 2 * np.pi))
         + 0.05 * rng.standard_normal(n))
    frequencies, power = scipy.signal.periodogram(x, fs=fs)
    expected = float(frequencies[1 + np.argmax(power[1:])])
    expect_float(learner.dominant_frequency(x, fs), expected, rtol=1e-9,
                 what=f"dominant_frequency of a tone in the last bin ({last_bin * fs / n:g} Hz) "
                      f"and a weaker one at {other_bin * fs / n:g} Hz, {n} samples at {fs:g} Hz")


# -- resample_signal -------------------------------------------------------------------------

@exercise("signal.resample_signal")
@pytest.mark.parametrize("fs_in, fs_out, seconds", [
    (100.0, 250.0, 2.0),     # up
    (360.0, 120.0, 3.0),     # down
    (90.0, 200.0, 1.0),      # odd length in
    (50.0, 30.0, 2.02),      # not a whole number of output samples: 60.6 rounds to 61
    (50.0, 30.0, 2.04),      # 61.2 rounds down to 61, not up to 62
])
def test_resample_signal(learner, rng, fs_in, fs_out, seconds):
    n = round(seconds * fs_in)
    period = n / fs_in
    m = round(n * fs_out / fs_in)
    # Band-limited and periodic over the window: the Fourier method is exact for it.
    limit = 0.45 * min(fs_in, fs_out)
    seed = int(rng.integers(2**32))
    x = _tones(np.random.default_rng(seed), np.arange(n) / fs_in, period, limit)
    truth = _tones(np.random.default_rng(seed), np.arange(m) * period / m, period, limit)
    what = (f"resample_signal of {n} samples of tones below {limit:g} Hz from {fs_in:g} Hz "
            f"to {fs_out:g} Hz")
    got = learner.resample_signal(x, fs_in, fs_out)
    expect_array(got, scipy.signal.resample(x, m), shape=(m,), dtype_kind="f", rtol=1e-6,
                 atol=1e-8, what=what)
    expect_array(got, truth, shape=(m,), dtype_kind="f", rtol=1e-6, atol=1e-7,
                 what=f"{what}, compared with the tones themselves at the new times")


# -- lowpass_filter --------------------------------------------------------------------------

@exercise("signal.lowpass_filter")
@pytest.mark.parametrize("order", [2, 4, 5])
def test_lowpass_filter(learner, rng, order):
    fs = 360.0
    t = np.arange(int(rng.integers(1000, 3000))) / fs
    cutoff = round(float(rng.uniform(5, 40)), 2)
    x = (np.sin(2 * np.pi * rng.uniform(0.5, 2) * t) + 0.3 * np.sin(2 * np.pi * 60 * t)
         + 0.2 * rng.standard_normal(len(t)))
    sections = scipy.signal.butter(order, cutoff, output="sos", fs=fs)
    expected = scipy.signal.sosfiltfilt(sections, x)
    expect_array(learner.lowpass_filter(x, fs, cutoff, order), expected, shape=x.shape,
                 dtype_kind="f", rtol=1e-6, atol=1e-7,
                 what=f"lowpass_filter, order {order}, cutoff {cutoff} Hz, "
                      f"{len(t)} samples at {fs:g} Hz")


@exercise("signal.lowpass_filter")
@pytest.mark.parametrize("order", [8, 10])
def test_lowpass_filter_baseline(learner, rng, order):
    # A steep filter far below fs/2 (e.g. to extract an ECG's baseline wander): the (b, a)
    # form of this filter is numerically useless and filtfilt with it blows up.
    fs, cutoff = 360.0, 0.5
    t = np.arange(3600) / fs
    x = 0.5 * np.sin(2 * np.pi * 0.1 * t) + rng.standard_normal(len(t))
    sections = scipy.signal.butter(order, cutoff, output="sos", fs=fs)
    expected = scipy.signal.sosfiltfilt(sections, x)
    expect_array(learner.lowpass_filter(x, fs, cutoff, order), expected, shape=x.shape,
                 dtype_kind="f", rtol=1e-6, atol=1e-7,
                 what=f"lowpass_filter, order {order}, cutoff {cutoff} Hz at {fs:g} Hz "
                      "(second-order sections needed)")


@exercise("signal.lowpass_filter")
def test_lowpass_filter_has_no_delay(learner):
    fs = 360.0
    t = np.arange(1440) / fs
    slow = np.sin(2 * np.pi * 2.0 * t)
    got = learner.lowpass_filter(slow + 0.3 * np.sin(2 * np.pi * 90.0 * t), fs, 20.0, 4)
    expect_array(got[200:-200], slow[200:-200], dtype_kind="f", atol=2e-3,
                 what="lowpass_filter of a 2 Hz sine plus 90 Hz, cutoff 20 Hz (away from the "
                      "ends the 2 Hz sine must come back unchanged and undelayed)")


_RETURNS = "heart_beats returns a tuple (peaks, bpm)"


# -- heart_beats -----------------------------------------------------------------------------

@exercise("signal.heart_beats")
@pytest.mark.parametrize("bpm", [52.0, 75.0, 98.0])
def test_heart_beats(learner, rng, bpm):
    seconds = round(float(rng.uniform(15, 30)), 1)
    ecg, _ = synthetic_ecg(rng, seconds, bpm)
    peaks, rate = _reference_beats(ecg, ECG_RATE, 0.6, 0.3)
    what = f"heart_beats of a {seconds} s synthetic ECG at {ECG_RATE:g} Hz, about {bpm:g} bpm"
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, ECG_RATE), _RETURNS)
    expect_array(got_peaks, peaks, dtype_kind="i", what=f"the R peaks of {what}")
    expect_float(got_rate, rate, rtol=1e-9, what=f"the heart rate (bpm) of {what}")


@exercise("signal.heart_beats")
def test_heart_beats_other_settings(learner, rng):
    # A fast heart recorded at half the gain: the defaults (0.6 mV, 0.3 s) would miss beats.
    fs, min_height, min_interval = 250.0, 0.3, 0.25
    seconds = round(float(rng.uniform(10, 20)), 1)
    ecg, _ = synthetic_ecg(rng, seconds, 140.0, fs=fs, gain=0.5)
    peaks, rate = _reference_beats(ecg, fs, min_height, min_interval)
    what = (f"heart_beats(ecg, {fs:g}, min_height={min_height}, min_interval={min_interval}) "
            f"for {seconds} s at 140 bpm, R waves 0.5 to 0.75 mV")
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, fs, min_height=min_height,
                                                    min_interval=min_interval), _RETURNS)
    expect_array(got_peaks, peaks, dtype_kind="i", what=f"the R peaks of {what}")
    expect_float(got_rate, rate, rtol=1e-9, what=f"the heart rate (bpm) of {what}")


@exercise("signal.heart_beats")
def test_heart_beats_flat_line(learner, rng):
    ecg = 0.05 * rng.standard_normal(3600)
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, ECG_RATE), _RETURNS)
    expect_array(got_peaks, np.array([], dtype=np.intp), shape=(0,), dtype_kind="i",
                 what="the R peaks of a flat, noisy line (there are none)")
    expect_float(got_rate, float("nan"), what="the heart rate with no beats (nan)")


@exercise("signal.heart_beats")
def test_heart_beats_single_beat(learner, rng):
    ecg = 0.02 * rng.standard_normal(1800)
    ecg[900] = 1.2
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, ECG_RATE), _RETURNS)
    expect_array(got_peaks, np.array([900]), shape=(1,), dtype_kind="i",
                 what="the R peaks of a recording with one beat at sample 900")
    expect_float(got_rate, float("nan"), what="the heart rate with a single beat (nan)")


@exercise("signal.heart_beats")
def test_heart_beats_two_beats(learner, rng):
    # Two beats make one interval: already enough for a rate (the fewest there can be).
    ecg = 0.02 * rng.standard_normal(1800)
    first, second = int(rng.integers(200, 600)), int(rng.integers(1000, 1500))
    ecg[first], ecg[second] = 1.1, 1.3
    peaks, rate = _reference_beats(ecg, ECG_RATE, 0.6, 0.3)
    what = f"a recording with two beats, at samples {first} and {second}"
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, ECG_RATE), _RETURNS)
    expect_array(got_peaks, peaks, shape=(2,), dtype_kind="i", what=f"the R peaks of {what}")
    expect_float(got_rate, rate, rtol=1e-9,
                 what=f"the heart rate of {what} (one interval of {second - first} samples "
                      "is enough; nan only for fewer than two beats)")


@exercise("signal.heart_beats")
def test_heart_beats_height_and_distance_as_stated(learner, rng):
    # Two promises of the docstring that the synthetic ECGs above do not test:
    # - min_height is the height of the maximum itself, in mV above 0 (find_peaks' height),
    #   not its prominence above the surrounding signal: the baseline here wanders by
    #   +-0.45 mV, so the beats in its troughs stay below 0.6 mV although each rises 0.9 mV;
    # - the distance is round(min_interval * fs) samples: 0.33 s at 360 Hz is 118.8, so 119,
    #   and a smaller maximum 118 samples after a beat must be dropped (int() gives 118).
    fs, min_height, min_interval = ECG_RATE, 0.6, 0.33
    count = 3600
    t = np.arange(count) / fs
    ecg = 0.45 * np.sin(2 * np.pi * 0.25 * t + rng.uniform(0, 2 * np.pi))
    ecg += 0.01 * rng.standard_normal(count)
    beats = np.cumsum(rng.integers(270, 330, 12)) - 150
    beats = beats[beats < count - 200]
    samples = np.arange(count)
    for beat in beats:
        ecg += 0.9 * np.exp(-0.5 * ((samples - beat) / 3.0) ** 2)
    highest = int(beats[np.argmax(ecg[beats])])
    ecg += 0.6 * np.exp(-0.5 * ((samples - highest - 118) / 3.0) ** 2)
    peaks, rate = _reference_beats(ecg, fs, min_height, min_interval)
    what = (f"heart_beats(ecg, {fs:g}, min_height={min_height}, min_interval={min_interval}) "
            f"for 0.9 mV beats on a baseline wandering by +-0.45 mV and a smaller maximum 118 "
            f"samples after the beat at {highest} (min_height: the height above 0 mV, not "
            f"the prominence; distance: round({min_interval} * {fs:g}) = "
            f"{round(min_interval * fs)} samples)")
    got_peaks, got_rate = _pair(learner.heart_beats(ecg, fs, min_height=min_height,
                                                    min_interval=min_interval), _RETURNS)
    expect_array(got_peaks, peaks, dtype_kind="i", what=f"the R peaks of {what}")
    expect_float(got_rate, rate, rtol=1e-9, what=f"the heart rate (bpm) of {what}")
