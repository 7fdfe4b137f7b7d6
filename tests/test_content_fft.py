"""Wrong solutions for fft lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "default_normalisation": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return fft.fft(x)
    """),
    "divided_by_n": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return fft.fft(x, norm="forward")
    """),
    "real_fft_half_spectrum": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return fft.rfft(np.real(x), norm="ortho")
    """),
    "magnitudes_only": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return np.abs(fft.fft(x, norm="ortho"))
    """),
    "no_sample_spacing": ("fft.frequency_axis", """
        def frequency_axis(n, sample_rate, one_sided):
            return fft.rfftfreq(n) if one_sided else fft.fftfreq(n)
    """),
    "sample_rate_as_spacing": ("fft.frequency_axis", """
        def frequency_axis(n, sample_rate, one_sided):
            if one_sided:
                return fft.rfftfreq(n, d=sample_rate)
            return fft.fftfreq(n, d=sample_rate)
    """),
    "legacy_fftpack_rfftfreq": ("fft.frequency_axis", """
        from scipy import fftpack
        def frequency_axis(n, sample_rate, one_sided):
            if one_sided:
                return fftpack.rfftfreq(n, d=1.0 / sample_rate)
            return fftpack.fftfreq(n, d=1.0 / sample_rate)
    """),
    "linspace_axis": ("fft.frequency_axis", """
        def frequency_axis(n, sample_rate, one_sided):
            if one_sided:
                return np.linspace(0.0, sample_rate / 2, n // 2 + 1)
            return fft.fftfreq(n, d=1.0 / sample_rate)
    """),
    "ifftshift_instead": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            frequencies = fft.fftfreq(len(x), d=1.0 / sample_rate)
            return fft.ifftshift(frequencies), fft.ifftshift(np.abs(fft.fft(x)))
    """),
    "only_frequencies_shifted": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            frequencies = fft.fftfreq(len(x), d=1.0 / sample_rate)
            return fft.fftshift(frequencies), np.abs(fft.fft(x))
    """),
    "sorted_magnitudes": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            frequencies = fft.fftfreq(len(x), d=1.0 / sample_rate)
            return np.sort(frequencies), np.sort(np.abs(fft.fft(x)))
    """),
    "irfft_without_n": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.rfft(x)
            spectrum[fft.rfftfreq(len(x), d=1.0 / sample_rate) > cutoff] = 0.0
            return fft.irfft(spectrum)
    """),
    "cutoff_bin_dropped": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.rfft(x)
            spectrum[fft.rfftfreq(len(x), d=1.0 / sample_rate) >= cutoff] = 0.0
            return fft.irfft(spectrum, n=len(x))
    """),
    "cutoff_in_bins_not_hertz": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.rfft(x)
            spectrum[int(cutoff) + 1:] = 0.0
            return fft.irfft(spectrum, n=len(x))
    """),
    "negative_frequencies_kept": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.fft(x)
            spectrum[fft.fftfreq(len(x), d=1.0 / sample_rate) > cutoff] = 0.0
            return fft.ifft(spectrum).real
    """),
    "packed_returned_as_is": ("fft.from_fftpack_rfft", """
        def from_fftpack_rfft(packed):
            return np.asarray(packed, dtype=float)
    """),
    "always_odd_layout": ("fft.from_fftpack_rfft", """
        def from_fftpack_rfft(packed):
            n = len(packed)
            spectrum = np.zeros(n // 2 + 1, dtype=complex)
            spectrum[0] = packed[0]
            pairs = (n - 1) // 2
            spectrum[1:1 + pairs] = packed[1:2 * pairs:2] + 1j * packed[2:2 * pairs + 1:2]
            return spectrum
    """),
    "real_and_imaginary_swapped": ("fft.from_fftpack_rfft", """
        def from_fftpack_rfft(packed):
            n = len(packed)
            spectrum = np.zeros(n // 2 + 1, dtype=np.complex128)
            spectrum[0] = packed[0]
            spectrum[1:1 + len(packed[1::2])] += 1j * packed[1::2]
            spectrum[1:1 + len(packed[2::2])] += packed[2::2]
            return spectrum
    """),
    "dc_bin_included": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            magnitudes = np.abs(fft.rfft(signal))
            frequencies = fft.rfftfreq(len(signal), d=1.0 / sample_rate)
            return float(frequencies[np.argmax(magnitudes)])
    """),
    "cycles_per_sample": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            magnitudes = np.abs(fft.rfft(signal))
            return float(fft.rfftfreq(len(signal))[1 + np.argmax(magnitudes[1:])])
    """),
    "bin_index_not_hertz": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            return float(1 + np.argmax(np.abs(fft.rfft(signal))[1:]))
    """),
    "hard_coded_spacing": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            magnitudes = np.abs(fft.rfft(signal))
            return float((1 + np.argmax(magnitudes[1:])) * 0.5)
    """),
    "spectrum_peaks_only": ("fft.dominant_frequency", """
        from scipy.signal import find_peaks
        def dominant_frequency(signal, sample_rate):
            # find_peaks never reports the 0 Hz bin, but it never reports the last bin either.
            magnitudes = np.abs(fft.rfft(signal))
            peaks, _ = find_peaks(magnitudes)
            strongest = peaks[np.argmax(magnitudes[peaks])]
            return float(fft.rfftfreq(len(signal), d=1.0 / sample_rate)[strongest])
    """),
    "nyquist_bin_left_out": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            n = len(signal)
            magnitudes = np.abs(fft.fft(signal))
            strongest = 1 + int(np.argmax(magnitudes[1:n // 2]))
            return float(strongest * sample_rate / n)
    """),
    "dc_left_out_by_index_without_shift": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            magnitudes = np.abs(fft.rfft(signal))
            frequencies = fft.rfftfreq(len(signal), d=1.0 / sample_rate)
            return float(frequencies[np.argmax(magnitudes[1:])])
    """),
    "one_sided_cut_from_fftfreq": ("fft.frequency_axis", """
        def frequency_axis(n, sample_rate, one_sided):
            frequencies = fft.fftfreq(n, d=1.0 / sample_rate)
            return frequencies[:n // 2 + 1] if one_sided else frequencies
    """),
    "centred_axis_by_floor_division": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            n = len(x)
            frequencies = np.arange(-n // 2, n // 2) * sample_rate / n
            return frequencies, fft.fftshift(np.abs(fft.fft(x)))
    """),
    "centred_magnitudes_normalised": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            frequencies = fft.fftshift(fft.fftfreq(len(x), d=1.0 / sample_rate))
            return frequencies, fft.fftshift(np.abs(fft.fft(x, norm="ortho")))
    """),
    "lowpass_by_bin_index": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.rfft(x)
            spectrum[int(cutoff * len(x) / sample_rate):] = 0.0
            return fft.irfft(spectrum, n=len(x))
    """),
    "lowpass_orthonormal_forward_only": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = fft.rfft(x, norm="ortho")
            spectrum[fft.rfftfreq(len(x), d=1.0 / sample_rate) > cutoff] = 0.0
            return fft.irfft(spectrum, n=len(x))
    """),
    "orthonormal_of_real_part": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return fft.fft(np.real(x), norm="ortho")
    """),
    "unpacked_with_nyquist_dropped": ("fft.from_fftpack_rfft", """
        def from_fftpack_rfft(packed):
            n = len(packed)
            pairs = packed[1:1 + 2 * ((n - 1) // 2)].reshape(-1, 2)
            return np.concatenate([[packed[0] + 0j], pairs[:, 0] + 1j * pairs[:, 1]])
    """),
    "full_fft_with_signed_frequencies": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            # fftfreq calls the Nyquist bin of an even length -sample_rate / 2.
            magnitudes = np.abs(fft.fft(signal))
            frequencies = fft.fftfreq(len(signal), d=1.0 / sample_rate)
            return float(frequencies[1 + int(np.argmax(magnitudes[1:]))])
    """),
    "welch_segments_coarsen_the_bins": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            from scipy.signal import welch
            frequencies, power = welch(signal, fs=sample_rate)
            return float(frequencies[1 + int(np.argmax(power[1:]))])
    """),
}

ALTERNATIVES = {
    "numpy_divided_by_sqrt_n": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return np.fft.fft(x) / np.sqrt(len(x))
    """),
    "arange_axis": ("fft.frequency_axis", """
        def frequency_axis(n, sample_rate, one_sided):
            k = np.arange(n // 2 + 1) if one_sided else np.r_[0:(n - 1) // 2 + 1, -(n // 2):0]
            return k * sample_rate / n
    """),
    "argsort_order": ("fft.centered_spectrum", """
        def centered_spectrum(x, sample_rate):
            frequencies = np.fft.fftfreq(len(x), d=1.0 / sample_rate)
            order = np.argsort(frequencies)
            return frequencies[order], np.abs(np.fft.fft(x))[order]
    """),
    "full_fft_symmetric_mask": ("fft.lowpass", """
        def lowpass(x, sample_rate, cutoff):
            spectrum = np.fft.fft(x)
            spectrum[np.abs(np.fft.fftfreq(len(x), d=1.0 / sample_rate)) > cutoff] = 0.0
            return np.fft.ifft(spectrum).real
    """),
    "round_trip_through_fftpack": ("fft.from_fftpack_rfft", """
        from scipy import fftpack
        def from_fftpack_rfft(packed):
            return fft.rfft(fftpack.irfft(packed))
    """),
    "explicit_cases": ("fft.from_fftpack_rfft", """
        def from_fftpack_rfft(packed):
            n = len(packed)
            values = [complex(packed[0])]
            for k in range(1, n // 2 + 1):
                real = packed[2 * k - 1]
                imaginary = packed[2 * k] if 2 * k < n else 0.0
                values.append(complex(real, imaginary))
            return np.array(values, dtype=complex)
    """),
    "mean_removed_numpy": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            magnitudes = np.abs(np.fft.rfft(signal - np.mean(signal)))
            return float(np.argmax(magnitudes) * sample_rate / len(signal))
    """),
    "periodogram_bins": ("fft.dominant_frequency", """
        def dominant_frequency(signal, sample_rate):
            from scipy.signal import periodogram
            frequencies, power = periodogram(signal, fs=sample_rate)
            return float(frequencies[1 + int(np.argmax(power[1:]))])
    """),
    "orthonormal_by_forward_scaling": ("fft.orthonormal_spectrum", """
        def orthonormal_spectrum(x):
            return fft.fft(x, norm="forward") * np.sqrt(len(x))
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
