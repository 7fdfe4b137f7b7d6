"""Fourier transforms with scipy.fft, and how the legacy scipy.fftpack maps onto it.

Fill in each function, then run `course check fft`. Use scipy.fft (for instance
`from scipy import fft`): scipy.fftpack is legacy and only kept for old code.
"""

from __future__ import annotations

import numpy as np


def orthonormal_spectrum(x: np.ndarray) -> np.ndarray:
    """Return the discrete Fourier transform of the 1-D signal x, scaled to keep energy.

    Use the "ortho" normalisation, so that sum(abs(X)**2) == sum(abs(x)**2) (Parseval),
    where the default scaling makes the spectrum n times larger in energy. x may be real
    or complex; the result is a complex128 array of shape (len(x),), in the standard
    order (frequency 0 first, then the positive, then the negative frequencies).

    >>> spectrum = orthonormal_spectrum(np.array([1.0, 1.0, 1.0, 1.0]))
    >>> spectrum.dtype, np.allclose(spectrum, [2.0, 0.0, 0.0, 0.0])
    (dtype('complex128'), True)
    """
    # TODO: compute the FFT with scipy.fft, choosing the normalisation that keeps the energy.
    raise NotImplementedError


def frequency_axis(n: int, sample_rate: float, one_sided: bool) -> np.ndarray:
    """Return the frequencies, in hertz, of the bins of an FFT of n samples.

    The samples are 1 / sample_rate seconds apart (sample_rate in hertz), so the bins are
    sample_rate / n hertz apart. With one_sided=False: the n frequencies of fft's output,
    in its order (0, positive, then negative). With one_sided=True: the n // 2 + 1
    non-negative frequencies of rfft's output. A float64 array either way.

    >>> frequency_axis(4, 100.0, one_sided=False)
    array([  0.,  25., -50., -25.])
    >>> frequency_axis(4, 100.0, one_sided=True)
    array([ 0., 25., 50.])
    """
    # TODO: work out the time between two samples from the sample rate.
    # TODO: return the bin frequencies from scipy.fft's helper for full or for real
    #       (one-sided) transforms, passing it that sample spacing.
    raise NotImplementedError


def centered_spectrum(x: np.ndarray, sample_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Return (frequencies, magnitudes) of the signal x with the zero frequency centred.

    frequencies: float64 array of shape (len(x),) in hertz, ascending from the most
    negative to the most positive frequency. magnitudes: float64 array of the same shape,
    the absolute values of the (unnormalised) FFT of x, in the same order as the
    frequencies. This must hold for odd lengths too.

    >>> centered_spectrum(np.array([1.0, 0.0, 0.0, 0.0]), 4.0)
    (array([-2., -1.,  0.,  1.]), array([1., 1., 1., 1.]))
    """
    # TODO: compute the frequencies (in hertz) and the magnitudes of the FFT of x.
    # TODO: reorder both so that the zero frequency is in the middle, with the helper made
    #       for that (not its inverse, which differs for odd lengths).
    raise NotImplementedError


def lowpass(x: np.ndarray, sample_rate: float, cutoff: float) -> np.ndarray:
    """Remove every frequency above `cutoff` hertz from the real signal x.

    Transform x with the real FFT, set to zero every bin whose frequency is greater than
    cutoff (keep those at or below it), and transform back. Returns a float64 array of
    the same shape as x, for odd lengths too.

    >>> t = np.arange(8) / 8.0                    # 1 Hz and 3 Hz tones: the 1 Hz one stays
    >>> np.allclose(lowpass(np.sin(2 * np.pi * t) + np.sin(2 * np.pi * 3 * t), 8.0, 2.0),
    ...             np.sin(2 * np.pi * t))
    True
    """
    # TODO: transform with the real FFT and get the frequency of every bin.
    # TODO: zero the bins above the cutoff (keep the bin at the cutoff).
    # TODO: transform back, telling the inverse how many samples the signal has.
    raise NotImplementedError


def from_fftpack_rfft(packed: np.ndarray) -> np.ndarray:
    """Turn the output of the legacy scipy.fftpack.rfft into what scipy.fft.rfft returns.

    scipy.fftpack is legacy: it is no longer developed, and new code uses scipy.fft.
    Most of its names map one to one onto scipy.fft (fftpack.fft -> fft.fft,
    fftpack.ifft -> fft.ifft, fftpack.fftfreq -> fft.fftfreq), but not rfft. For a real
    signal of length n, fftpack.rfft returns n real numbers in a packed order:
    [X0, Re X1, Im X1, Re X2, Im X2, ...], ending with Re X(n/2) when n is even (the
    Nyquist term, whose imaginary part is 0) and with Im X((n-1)/2) when n is odd.
    scipy.fft.rfft returns the same numbers as n // 2 + 1 complex values
    [X0, X1, ..., X(n//2)]. Return that complex128 array, of shape (n // 2 + 1,).

    >>> from_fftpack_rfft(np.array([6.0, -2.0, 2.0, -2.0]))  # from fftpack.rfft([0, 1, 2, 3])
    array([ 6.+0.j, -2.+2.j, -2.+0.j])
    """
    # TODO: make a complex array of n // 2 + 1 zeros.
    # TODO: the first packed value is X0; the following values alternate real, imaginary.
    # TODO: fill the real and the imaginary parts of X1, X2, ... from them; when n is even
    #       the last one has a real part only.
    raise NotImplementedError


def dominant_frequency(signal: np.ndarray, sample_rate: float) -> float:
    """Return the frequency, in hertz, of the strongest oscillation in a sampled signal.

    signal holds real samples taken sample_rate times a second. Compute the real FFT and
    return, as a Python float, the frequency of the bin with the largest magnitude,
    leaving out the zero-frequency bin (a constant offset is not an oscillation). The
    answer is a multiple of sample_rate / len(signal).

    >>> t = np.arange(1000) / 500.0                            # 2 s sampled at 500 Hz
    >>> dominant_frequency(3.0 + np.sin(2 * np.pi * 40.0 * t), 500.0)
    40.0
    """
    # TODO: compute the magnitudes of the real FFT and the frequency of each bin in hertz.
    # TODO: find the largest magnitude, leaving out the bin at 0 Hz.
    # TODO: return that bin's frequency as a float.
    raise NotImplementedError
