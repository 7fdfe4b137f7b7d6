"""Suite for topic 10, fft.

Tolerances: spectra are compared with scipy.fft's own result computed here, with a
relative tolerance of 1e-9 and an absolute one of 1e-10 times the size of the signal
(FFT round-off grows with the length and the magnitude of the data). NumPy's np.fft, a
different but correct bin selection, or an fftpack round trip all stay well inside; a
missing normalisation, a wrong sample spacing or a shifted order is off by far more.
Frequencies in hertz are compared to relative 1e-9.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.fft
import scipy.fftpack

from checker.expect import exercise, expect_array, expect_equal, expect_float


def _size(x: np.ndarray) -> float:
    return 1.0 + float(np.sum(np.abs(x)))


# -- orthonormal_spectrum -----------------------------------------------------------------

def _check_spectrum(learner, x: np.ndarray, label: str) -> None:
    expect_array(learner.orthonormal_spectrum(x), scipy.fft.fft(x, norm="ortho"),
                 shape=(len(x),), dtype_kind="c", rtol=1e-9, atol=1e-10 * _size(x),
                 what=f"orthonormal_spectrum of {label} (with norm='ortho' the energy "
                      "sum(abs(X)**2) equals sum(abs(x)**2))")


@exercise("fft.orthonormal_spectrum")
@pytest.mark.parametrize("n", [2, 7, 16])
def test_orthonormal_spectrum_real(learner, rng, n):
    _check_spectrum(learner, rng.standard_normal(n), f"a random real signal of length {n}")


@exercise("fft.orthonormal_spectrum")
def test_orthonormal_spectrum_complex(learner, rng):
    n = int(rng.integers(5, 40))
    x = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    _check_spectrum(learner, x, f"a random complex signal of length {n}")


@exercise("fft.orthonormal_spectrum")
def test_orthonormal_spectrum_constant(learner):
    _check_spectrum(learner, np.ones(4), "[1, 1, 1, 1]")


# -- frequency_axis -----------------------------------------------------------------------

def _check_axis(learner, n: int, sample_rate: float, one_sided: bool) -> None:
    spacing = 1.0 / sample_rate
    expected = (scipy.fft.rfftfreq(n, d=spacing) if one_sided
                else scipy.fft.fftfreq(n, d=spacing))
    expect_array(learner.frequency_axis(n, sample_rate, one_sided), expected,
                 shape=expected.shape, dtype_kind="f", rtol=1e-9, atol=1e-12 * sample_rate,
                 what=f"frequency_axis({n}, {sample_rate!r}, one_sided={one_sided}) "
                      f"(bins {sample_rate / n:.6g} Hz apart)")


@exercise("fft.frequency_axis")
@pytest.mark.parametrize("n, sample_rate, one_sided", [
    (8, 1000.0, False), (9, 1000.0, False), (8, 44100.0, True), (9, 250.0, True),
    (1, 10.0, True),
])
def test_frequency_axis(learner, n, sample_rate, one_sided):
    _check_axis(learner, n, sample_rate, one_sided)


@exercise("fft.frequency_axis")
@pytest.mark.parametrize("one_sided", [False, True])
def test_frequency_axis_random(learner, rng, one_sided):
    _check_axis(learner, int(rng.integers(10, 500)), float(rng.uniform(1.0, 50000.0)),
                one_sided)


# -- centered_spectrum --------------------------------------------------------------------

def _check_centered(learner, x: np.ndarray, sample_rate: float, label: str) -> None:
    n = len(x)
    result = learner.centered_spectrum(x, sample_rate)
    expect_equal(type(result).__name__, "tuple", what="the type centered_spectrum returns")
    expect_equal(len(result), 2, what="the number of items centered_spectrum returns")
    frequencies, magnitudes = result
    expected_frequencies = scipy.fft.fftshift(scipy.fft.fftfreq(n, d=1.0 / sample_rate))
    expected_magnitudes = scipy.fft.fftshift(np.abs(scipy.fft.fft(x)))
    expect_array(frequencies, expected_frequencies, shape=(n,), dtype_kind="f", rtol=1e-9,
                 atol=1e-12 * sample_rate,
                 what=f"the frequencies for {label} at {sample_rate} Hz (ascending)")
    expect_array(magnitudes, expected_magnitudes, shape=(n,), dtype_kind="f", rtol=1e-9,
                 atol=1e-10 * _size(x),
                 what=f"the magnitudes for {label}, in the order of the frequencies")


@exercise("fft.centered_spectrum")
@pytest.mark.parametrize("n", [8, 9, 15])
def test_centered_spectrum(learner, rng, n):
    # Odd lengths are where fftshift and ifftshift differ.
    _check_centered(learner, rng.standard_normal(n), round(float(rng.uniform(10.0, 1000.0)), 2),
                    f"a random signal of length {n}")


@exercise("fft.centered_spectrum")
def test_centered_spectrum_one_tone(learner):
    t = np.arange(10) / 10.0
    _check_centered(learner, np.cos(2 * np.pi * 2.0 * t) + 0.5 * np.sin(2 * np.pi * 3.0 * t),
                    10.0, "a 2 Hz and a 3 Hz tone, 10 samples at 10 Hz")


# -- lowpass ------------------------------------------------------------------------------

def _reference_lowpass(x: np.ndarray, sample_rate: float, cutoff: float) -> np.ndarray:
    spectrum = scipy.fft.rfft(x)
    spectrum[scipy.fft.rfftfreq(len(x), d=1.0 / sample_rate) > cutoff] = 0.0
    return scipy.fft.irfft(spectrum, n=len(x))


def _check_lowpass(learner, x: np.ndarray, sample_rate: float, cutoff: float, label: str
                   ) -> None:
    expect_array(learner.lowpass(x, sample_rate, cutoff),
                 _reference_lowpass(x, sample_rate, cutoff), shape=x.shape, dtype_kind="f",
                 rtol=1e-9, atol=1e-10 * (1.0 + float(np.max(np.abs(x)))),
                 what=f"lowpass of {label} with cutoff {cutoff!r} Hz")


@exercise("fft.lowpass")
@pytest.mark.parametrize("n", [64, 101])
def test_lowpass_random(learner, rng, n):
    sample_rate = round(float(rng.uniform(50.0, 2000.0)), 2)
    # Halfway between two bins, so that "above the cutoff" is never a question of rounding.
    cutoff = (int(rng.integers(2, n // 2 - 2)) + 0.5) * sample_rate / n
    _check_lowpass(learner, rng.standard_normal(n), sample_rate, cutoff,
                   f"a random signal of {n} samples at {sample_rate} Hz")


@exercise("fft.lowpass")
def test_lowpass_keeps_the_cutoff_bin(learner, rng):
    # 512 samples at 256 Hz: bins exactly 0.5 Hz apart, so a 20 Hz cutoff is a bin and
    # every way of computing the frequencies gives exactly 20.0 there. It must be kept.
    t = np.arange(512) / 256.0
    x = np.sin(2 * np.pi * 20.0 * t) + np.sin(2 * np.pi * 60.0 * t)
    x += 0.1 * rng.standard_normal(512)
    _check_lowpass(learner, x, 256.0, 20.0, "20 Hz + 60 Hz tones at 256 Hz (a bin at 20 Hz)")


@exercise("fft.lowpass")
def test_lowpass_odd_length_tone(learner):
    t = np.arange(75) / 75.0
    x = 2.0 + np.cos(2 * np.pi * 3.0 * t) + np.cos(2 * np.pi * 30.0 * t)
    _check_lowpass(learner, x, 75.0, 10.0, "75 samples (an odd length) of 3 Hz and 30 Hz")


# -- from_fftpack_rfft --------------------------------------------------------------------

def _check_unpack(learner, x: np.ndarray, label: str) -> None:
    expected = scipy.fft.rfft(x)
    ending = ("even: the last packed value is the real Nyquist term" if len(x) % 2 == 0
              else "odd: the packed values end with an imaginary part")
    expect_array(learner.from_fftpack_rfft(scipy.fftpack.rfft(x)), expected,
                 shape=expected.shape, dtype_kind="c", rtol=1e-9, atol=1e-10 * _size(x),
                 what=f"from_fftpack_rfft of fftpack.rfft({label}) (n = {len(x)}, {ending})")


@exercise("fft.from_fftpack_rfft")
@pytest.mark.parametrize("n", [1, 2, 3, 8, 9])
def test_from_fftpack_rfft(learner, rng, n):
    _check_unpack(learner, rng.standard_normal(n), f"a random signal of length {n}")


@exercise("fft.from_fftpack_rfft")
def test_from_fftpack_rfft_random_length(learner, rng):
    n = int(rng.integers(20, 200))
    _check_unpack(learner, rng.standard_normal(n), f"a random signal of length {n}")


@exercise("fft.from_fftpack_rfft")
def test_from_fftpack_rfft_known(learner):
    _check_unpack(learner, np.array([0.0, 1.0, 2.0, 3.0]), "[0, 1, 2, 3]")


# -- dominant_frequency -------------------------------------------------------------------

def _reference_dominant(signal: np.ndarray, sample_rate: float) -> float:
    magnitudes = np.abs(scipy.fft.rfft(signal))
    frequencies = scipy.fft.rfftfreq(len(signal), d=1.0 / sample_rate)
    return float(frequencies[1 + int(np.argmax(magnitudes[1:]))])


def _tone_signal(rng: np.random.Generator, n: int, sample_rate: float, bin_index: int
                 ) -> np.ndarray:
    """A tone exactly on bin_index, a weaker one elsewhere, noise, and a large offset.

    The offset puts the largest magnitude at 0 Hz, which must be left out.
    """
    t = np.arange(n) / sample_rate
    frequency = bin_index * sample_rate / n
    other = (bin_index + int(rng.integers(5, 20))) * sample_rate / n
    return (5.0 + np.sin(2 * np.pi * frequency * t + rng.uniform(0, 2 * np.pi))
            + 0.3 * np.sin(2 * np.pi * other * t) + 0.05 * rng.standard_normal(n))


def _check_dominant(learner, signal: np.ndarray, sample_rate: float, label: str) -> None:
    expect_float(learner.dominant_frequency(signal, sample_rate),
                 _reference_dominant(signal, sample_rate), rtol=1e-9, atol=1e-9,
                 what=f"dominant_frequency of {label} ({len(signal)} samples at "
                      f"{sample_rate} Hz, so bins {sample_rate / len(signal):.6g} Hz apart)")


@exercise("fft.dominant_frequency")
def test_dominant_frequency_known(learner):
    t = np.arange(1000) / 500.0
    _check_dominant(learner, 3.0 + np.sin(2 * np.pi * 40.0 * t), 500.0,
                    "a 40 Hz tone on an offset of 3")


@exercise("fft.dominant_frequency")
@pytest.mark.parametrize("parity", ["even", "odd"])
def test_dominant_frequency_random(learner, rng, parity):
    n = 2 * int(rng.integers(250, 2500)) + (parity == "odd")
    sample_rate = round(float(rng.uniform(100.0, 4000.0)), 2)
    bin_index = int(rng.integers(3, n // 2 - 30))
    _check_dominant(learner, _tone_signal(rng, n, sample_rate, bin_index), sample_rate,
                    "a noisy random tone on an offset of 5")


@exercise("fft.dominant_frequency")
@pytest.mark.parametrize("parity", ["even", "odd"])
def test_dominant_frequency_in_the_last_bin(learner, rng, parity):
    # The strongest tone sits in rfft's last bin (the Nyquist frequency for an even
    # length): a search that stops one bin short of it, or one that only looks at local
    # maxima (find_peaks never reports an end point), misses it.
    n = 2 * int(rng.integers(100, 500)) + (parity == "odd")
    sample_rate = round(float(rng.uniform(100.0, 4000.0)), 2)
    samples = np.arange(n)
    last_bin, other_bin = n // 2, int(rng.integers(5, n // 2 - 5))
    signal = (5.0 + np.cos(2 * np.pi * last_bin * samples / n)
              + 0.3 * np.sin(2 * np.pi * other_bin * samples / n + rng.uniform(0, 2 * np.pi))
              + 0.05 * rng.standard_normal(n))
    _check_dominant(learner, signal, sample_rate,
                    f"a tone in the last bin ({last_bin} of {n} samples) and a weaker one "
                    f"in bin {other_bin}")


@exercise("fft.dominant_frequency")
def test_dominant_frequency_scales_with_sample_rate(learner, rng):
    # The same samples taken twice as fast oscillate twice as fast.
    n = 1024
    signal = _tone_signal(rng, n, 1.0, int(rng.integers(10, 400)))
    for sample_rate in (1.0, 2.0, 8000.0):
        _check_dominant(learner, signal, sample_rate,
                        "the same random tone samples, read at another sample rate")
