"""Signal processing with scipy.signal: smoothing, trends, spectra, resampling, filters, peaks.

The last exercise puts them together: heart beats and the heart rate of an ECG recording.

Import what you need at the top of the file (for example `from scipy import signal`),
then fill in each function and run `course check signal`.
"""

from __future__ import annotations

import numpy as np


def moving_average(x: np.ndarray, width: int) -> np.ndarray:
    """Return the moving average of the 1-D signal `x` over windows of `width` samples.

    Only windows that lie wholly inside the signal count (no padding at the ends), so the
    result is a float64 array of shape (len(x) - width + 1,); entry i is the mean of
    x[i : i + width]. `width` is between 1 and len(x). Integer input gives float output.

    >>> moving_average(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), 3)
    array([2., 3., 4.])
    """
    # TODO: build a kernel of `width` equal weights that add up to 1.
    # TODO: convolve the signal with it using scipy.signal, keeping only the windows
    #       that fit wholly inside the signal (no padded ends).
    raise NotImplementedError


def remove_trend(x: np.ndarray) -> np.ndarray:
    """Remove the best-fitting straight line from every channel of a recording.

    `x` is 1-D (one channel of samples) or 2-D with shape (channels, samples): each row
    is a channel and the line is fitted along the samples, i.e. the last axis. Returns a
    float64 array of the same shape as `x`; each channel of it has mean 0 and no slope.

    >>> np.round(remove_trend(np.array([1.0, 4.0, 5.0, 8.0])), 6)
    array([-0.2,  0.6, -0.6,  0.2])
    """
    # TODO: use the scipy.signal function that subtracts the best straight line.
    # TODO: make sure it works along the samples (the last axis) and removes a line,
    #       not just the mean.
    raise NotImplementedError


def psd_welch(x: np.ndarray, fs: float, nperseg: int) -> tuple[np.ndarray, np.ndarray]:
    """Estimate the power spectral density of `x`, sampled at `fs` Hz, with Welch's method.

    Use segments of `nperseg` samples and otherwise SciPy's defaults (a Hann window, half
    the segment overlapping, each segment's mean removed, a one-sided density).
    Returns (frequencies, psd): frequencies in Hz, from 0 to fs/2, as a float64 array of
    shape (nperseg // 2 + 1,), and the density in units of x squared per Hz, the same shape.

    >>> frequencies, psd = psd_welch(np.sin(np.arange(1000) * 0.5), 100.0, 256)
    >>> frequencies.shape, psd.shape
    ((129,), (129,))
    """
    # TODO: call scipy.signal's Welch estimator with the segment length asked for.
    # TODO: give it the sample rate so the frequencies come out in Hz; return both arrays.
    raise NotImplementedError


def dominant_frequency(x: np.ndarray, fs: float) -> float:
    """Return the frequency, in Hz, at which the periodogram of `x` has the most power.

    `x` is sampled at `fs` Hz. Ignore the 0 Hz bin (the signal's mean is not a
    frequency we are after). Returns a Python float: one of the periodogram's
    frequencies, k * fs / len(x).

    >>> t = np.arange(200) / 100.0                       # 2 s at 100 Hz
    >>> dominant_frequency(3.0 + np.sin(2 * np.pi * 5.0 * t), 100.0)
    5.0
    """
    # TODO: compute the periodogram of x with scipy.signal, passing the sample rate.
    # TODO: find the strongest bin, leaving out the 0 Hz bin, and return its frequency
    #       as a Python float.
    raise NotImplementedError


def resample_signal(x: np.ndarray, fs_in: float, fs_out: float) -> np.ndarray:
    """Resample `x`, taken at `fs_in` Hz, to `fs_out` Hz with the Fourier method.

    The signal is treated as one period of a periodic signal (that is what the Fourier
    method assumes), and the new length is round(len(x) * fs_out / fs_in) samples.
    Returns a float64 array of that length; sample j is the signal at time j / fs_out.

    >>> resample_signal(np.cos(2 * np.pi * np.arange(8) / 8), 8.0, 16.0).shape
    (16,)
    """
    # TODO: work out the new number of samples from the two rates (round it).
    # TODO: resample with scipy.signal's Fourier-method function.
    raise NotImplementedError


def lowpass_filter(x: np.ndarray, fs: float, cutoff: float, order: int = 4) -> np.ndarray:
    """Low-pass filter `x` (sampled at `fs` Hz) with a Butterworth filter, without delay.

    Design a digital Butterworth low-pass filter of the given `order` with its cutoff at
    `cutoff` Hz, as second-order sections, and run it forward and backward over `x`
    so that no phase shift (delay) is left. It must stay accurate for high orders and
    cutoffs far below fs/2, where the (b, a) polynomial form breaks down.
    Returns a float64 array of the same shape as `x`.

    >>> t = np.arange(720) / 360.0
    >>> slow = np.sin(2 * np.pi * 1.0 * t)
    >>> smooth = lowpass_filter(slow + 0.2 * np.sin(2 * np.pi * 60.0 * t), 360.0, 10.0)
    >>> bool(np.max(np.abs(smooth - slow)[100:-100]) < 0.01)
    True
    """
    # TODO: design the Butterworth low-pass filter as second-order sections ("sos"),
    #       giving the cutoff in Hz together with the sample rate.
    # TODO: apply it forward and backward with the zero-phase function made for
    #       sections (filtfilt with (b, a) coefficients is unstable at high orders).
    raise NotImplementedError


def heart_beats(ecg: np.ndarray, fs: float, min_height: float = 0.6,
                min_interval: float = 0.3) -> tuple[np.ndarray, float]:
    """Find the heart beats (R peaks) of an ECG recording and the mean heart rate.

    `ecg` is in mV, sampled at `fs` Hz. An R peak is a local maximum at least
    `min_height` mV high; two R peaks are at least `min_interval` seconds apart, that is
    round(min_interval * fs) samples (of two closer maxima keep the taller). The heart
    rate is 60 divided by the mean time, in seconds, between consecutive R peaks.

    Returns (peaks, bpm): the sample indices of the R peaks in increasing order as an
    integer array, and the heart rate in beats per minute as a Python float, or nan when
    fewer than two beats are found.

    >>> t = np.arange(3600) / 360.0                      # 10 s with a beat every second
    >>> ecg = np.exp(-((t % 1.0 - 0.5) / 0.01) ** 2)
    >>> peaks, bpm = heart_beats(ecg, 360.0)
    >>> peaks[:3], bpm
    (array([180, 540, 900]), 60.0)
    """
    # TODO: turn min_interval (seconds) into a distance in samples.
    # TODO: find the peaks with scipy.signal, requiring the height and the distance.
    # TODO: from the gaps between consecutive peaks, compute the mean heart rate in beats
    #       per minute; return nan when there are fewer than two peaks.
    raise NotImplementedError
