"""Fourier transforms with scipy.fft, and how the legacy scipy.fftpack maps onto it."""

from __future__ import annotations

import numpy as np
from scipy import fft


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
    return fft.fft(x, norm="ortho")


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
    spacing = 1.0 / sample_rate
    if one_sided:
        return fft.rfftfreq(n, d=spacing)
    return fft.fftfreq(n, d=spacing)


def centered_spectrum(x: np.ndarray, sample_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Return (frequencies, magnitudes) of the signal x with the zero frequency centred.

    frequencies: float64 array of shape (len(x),) in hertz, ascending from the most
    negative to the most positive frequency. magnitudes: float64 array of the same shape,
    the absolute values of the (unnormalised) FFT of x, in the same order as the
    frequencies. This must hold for odd lengths too.

    >>> centered_spectrum(np.array([1.0, 0.0, 0.0, 0.0]), 4.0)
    (array([-2., -1.,  0.,  1.]), array([1., 1., 1., 1.]))
    """
    frequencies = fft.fftfreq(len(x), d=1.0 / sample_rate)
    magnitudes = np.abs(fft.fft(x))
    return fft.fftshift(frequencies), fft.fftshift(magnitudes)


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
    spectrum = fft.rfft(x)
    frequencies = fft.rfftfreq(len(x), d=1.0 / sample_rate)
    spectrum[frequencies > cutoff] = 0.0
    # Without n, irfft assumes an even length and returns one sample too few for odd x.
    return fft.irfft(spectrum, n=len(x))


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
    n = len(packed)
    spectrum = np.zeros(n // 2 + 1, dtype=np.complex128)
    spectrum[0] = packed[0]
    real_parts = packed[1::2]
    imaginary_parts = packed[2::2]
    spectrum[1:1 + len(real_parts)] += real_parts
    spectrum[1:1 + len(imaginary_parts)] += 1j * imaginary_parts
    return spectrum


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
    magnitudes = np.abs(fft.rfft(signal))
    frequencies = fft.rfftfreq(len(signal), d=1.0 / sample_rate)
    strongest = 1 + int(np.argmax(magnitudes[1:]))
    return float(frequencies[strongest])
