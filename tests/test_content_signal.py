"""Wrong solutions for signal lose points; correct ones written another way pass."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.signal

from tests.conftest import variant_tests

with warnings.catch_warnings():
    # The suite marks its tests with @exercise, a marker only the checker's plugin registers.
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    from checker.suites.test_signal import synthetic_ecg

WRONG = {
    "moving_average_same_mode": ("signal.moving_average", """
        def moving_average(x, width):
            return signal.convolve(np.asarray(x, float), np.ones(width) / width, mode="same")
    """),
    "moving_average_sum_not_mean": ("signal.moving_average", """
        def moving_average(x, width):
            return signal.convolve(np.asarray(x, float), np.ones(width), mode="valid")
    """),
    "moving_average_off_by_one": ("signal.moving_average", """
        def moving_average(x, width):
            x = np.asarray(x, float)
            return np.array([x[i:i + width].mean() for i in range(len(x) - width)])
    """),
    "detrend_mean_only": ("signal.remove_trend", """
        def remove_trend(x):
            return signal.detrend(np.asarray(x, float), type="constant")
    """),
    "detrend_wrong_axis": ("signal.remove_trend", """
        def remove_trend(x):
            return signal.detrend(np.asarray(x, float), axis=0)
    """),
    "welch_without_fs": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.welch(x, nperseg=nperseg)
    """),
    "periodogram_not_welch": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.periodogram(x, fs=fs)
    """),
    "welch_spectrum_scaling": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.welch(x, fs=fs, nperseg=nperseg, scaling="spectrum")
    """),
    "welch_as_list": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return list(signal.welch(x, fs=fs, nperseg=nperseg))
    """),
    "dominant_keeps_dc": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            spectrum = np.abs(np.fft.rfft(x))
            return float(np.fft.rfftfreq(len(x), 1 / fs)[np.argmax(spectrum)])
    """),
    "dominant_in_cycles_per_sample": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            frequencies, power = signal.periodogram(x)
            return float(frequencies[1 + np.argmax(power[1:])])
    """),
    "dominant_off_by_one_bin": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            frequencies, power = signal.periodogram(x, fs=fs)
            return float(frequencies[np.argmax(power[1:])])
    """),
    "resample_swapped_rates": ("signal.resample_signal", """
        def resample_signal(x, fs_in, fs_out):
            return signal.resample(x, int(round(len(x) * fs_in / fs_out)))
    """),
    "resample_poly_not_fourier": ("signal.resample_signal", """
        from fractions import Fraction
        def resample_signal(x, fs_in, fs_out):
            ratio = Fraction(fs_out / fs_in).limit_denominator(1000)
            y = signal.resample_poly(x, ratio.numerator, ratio.denominator)
            return y[:int(round(len(x) * fs_out / fs_in))]
    """),
    "resample_linear_interpolation": ("signal.resample_signal", """
        def resample_signal(x, fs_in, fs_out):
            m = int(round(len(x) * fs_out / fs_in))
            span = len(x) / fs_in
            return np.interp(np.arange(m) * span / m, np.arange(len(x)) / fs_in, x)
    """),
    "filtfilt_with_ba": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            b, a = signal.butter(order, cutoff, fs=fs)
            return signal.filtfilt(b, a, x)
    """),
    "one_pass_delays": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            return signal.sosfilt(signal.butter(order, cutoff, fs=fs, output="sos"), x)
    """),
    "cutoff_over_fs_not_nyquist": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            sections = signal.butter(order, cutoff / fs, output="sos")
            return signal.sosfiltfilt(sections, x)
    """),
    "order_ignored": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            return signal.sosfiltfilt(signal.butter(4, cutoff, fs=fs, output="sos"), x)
    """),
    "peaks_without_distance": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=min_height)
            rate = 60 / (np.mean(np.diff(peaks)) / fs) if len(peaks) > 1 else float("nan")
            return peaks, float(rate)
    """),
    "peaks_without_height": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, distance=round(min_interval * fs))
            rate = 60 / (np.mean(np.diff(peaks)) / fs) if len(peaks) > 1 else float("nan")
            return peaks, float(rate)
    """),
    "rate_from_count_over_duration": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=min_height,
                                         distance=round(min_interval * fs))
            rate = 60 * len(peaks) / (len(ecg) / fs) if len(peaks) > 1 else float("nan")
            return peaks, float(rate)
    """),
    "defaults_hard_coded": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=0.6, distance=108)
            rate = 60 / (np.mean(np.diff(peaks)) / fs) if len(peaks) > 1 else float("nan")
            return peaks, float(rate)
    """),
    "zero_rate_without_beats": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=min_height,
                                         distance=round(min_interval * fs))
            rate = 60 / (np.mean(np.diff(peaks)) / fs) if len(peaks) > 1 else 0.0
            return peaks, float(rate)
    """),
    "resample_length_rounded_up": ("signal.resample_signal", """
        import math
        def resample_signal(x, fs_in, fs_out):
            return signal.resample(x, math.ceil(len(x) * fs_out / fs_in))
    """),
    "dominant_from_spectrum_peaks": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            # find_peaks never reports the 0 Hz bin, but it never reports the last bin either.
            frequencies, power = signal.periodogram(x, fs=fs)
            peaks, _ = signal.find_peaks(power)
            return float(frequencies[peaks[np.argmax(power[peaks])]])
    """),
    "dominant_from_welch_segments": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            frequencies, power = signal.welch(x, fs=fs)
            return float(frequencies[1 + np.argmax(power[1:])])
    """),
    "welch_without_detrending": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.welch(x, fs=fs, nperseg=nperseg, detrend=False)
    """),
    "welch_hamming_window": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.welch(x, fs=fs, nperseg=nperseg, window="hamming")
    """),
    "heart_rate_from_median_interval": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=min_height,
                                         distance=round(min_interval * fs))
            if len(peaks) < 2:
                return peaks, float("nan")
            return peaks, float(60.0 * fs / np.median(np.diff(peaks)))
    """),
    "rate_needs_three_beats": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            peaks, _ = signal.find_peaks(ecg, height=min_height,
                                         distance=round(min_interval * fs))
            if len(peaks) <= 2:
                return peaks, float("nan")
            return peaks, float(60.0 / (np.mean(np.diff(peaks)) / fs))
    """),
    "order_halved_for_two_passes": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            sections = signal.butter(max(1, order // 2), cutoff, output="sos", fs=fs)
            return signal.sosfiltfilt(sections, x)
    """),
    "filtfilt_without_padding": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            sections = signal.butter(order, cutoff, output="sos", fs=fs)
            return signal.sosfiltfilt(sections, x, padlen=0)
    """),
    "trend_of_all_channels_together": ("signal.remove_trend", """
        def remove_trend(x):
            x = np.asarray(x, dtype=np.float64)
            return signal.detrend(x.ravel()).reshape(x.shape)
    """),
    "moving_average_same_length_cropped": ("signal.moving_average", """
        from scipy.ndimage import uniform_filter1d
        def moving_average(x, width):
            smoothed = uniform_filter1d(np.asarray(x, dtype=float), width)
            return smoothed[width // 2: len(x) - width // 2]
    """),
    "distance_truncated_not_rounded": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            # int() cuts 0.33 s * 360 Hz = 118.8 down to 118 samples; the docstring rounds.
            peaks, _ = signal.find_peaks(ecg, height=min_height, distance=int(min_interval * fs))
            if len(peaks) < 2:
                return peaks, float("nan")
            return peaks, float(60.0 / (np.mean(np.diff(peaks)) / fs))
    """),
    "prominence_taken_for_height": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            # Prominence is the rise above the surrounding signal, not the height above 0 mV.
            peaks, _ = signal.find_peaks(ecg, prominence=min_height,
                                         distance=round(min_interval * fs))
            if len(peaks) < 2:
                return peaks, float("nan")
            return peaks, float(60.0 / (np.mean(np.diff(peaks)) / fs))
    """),
    "welch_segments_without_overlap": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            return signal.welch(x, fs=fs, nperseg=nperseg, noverlap=0)
    """),
}

ALTERNATIVES = {
    "moving_average_cumsum": ("signal.moving_average", """
        def moving_average(x, width):
            sums = np.cumsum(np.concatenate([[0.0], np.asarray(x, dtype=float)]))
            return (sums[width:] - sums[:-width]) / width
    """),
    "moving_average_numpy": ("signal.moving_average", """
        def moving_average(x, width):
            return np.convolve(x, np.ones(width) / width, mode="valid")
    """),
    "detrend_with_polyfit": ("signal.remove_trend", """
        def remove_trend(x):
            x = np.asarray(x, dtype=float)
            rows = np.atleast_2d(x)
            t = np.arange(rows.shape[1])
            out = np.empty_like(rows)
            for i, row in enumerate(rows):
                slope, intercept = np.polyfit(t, row, 1)
                out[i] = row - (slope * t + intercept)
            return out.reshape(x.shape)
    """),
    "welch_by_hand": ("signal.psd_welch", """
        def psd_welch(x, fs, nperseg):
            window = signal.get_window("hann", nperseg)
            step = nperseg - nperseg // 2
            segments = [x[start:start + nperseg]
                        for start in range(0, len(x) - nperseg + 1, step)]
            spectra = []
            for segment in segments:
                spectrum = np.fft.rfft((segment - segment.mean()) * window)
                spectra.append(np.abs(spectrum) ** 2 / (fs * np.sum(window ** 2)))
            psd = np.mean(spectra, axis=0)
            psd[1:-1 if nperseg % 2 == 0 else None] *= 2
            return np.fft.rfftfreq(nperseg, 1 / fs), psd
    """),
    "dominant_with_rfft": ("signal.dominant_frequency", """
        def dominant_frequency(x, fs):
            spectrum = np.abs(np.fft.rfft(x - np.mean(x)))
            spectrum[0] = 0.0
            return float(np.fft.rfftfreq(len(x), d=1 / fs)[np.argmax(spectrum)])
    """),
    "resample_with_rfft": ("signal.resample_signal", """
        from scipy import fft
        def resample_signal(x, fs_in, fs_out):
            n = len(x)
            m = int(round(n * fs_out / fs_in))
            spectrum = fft.rfft(x)
            padded = np.zeros(m // 2 + 1, dtype=complex)
            keep = min(len(spectrum), len(padded))
            padded[:keep] = spectrum[:keep]
            return fft.irfft(padded, m) * m / n
    """),
    "lowpass_normalised_cutoff": ("signal.lowpass_filter", """
        def lowpass_filter(x, fs, cutoff, order=4):
            z, p, k = signal.butter(order, cutoff / (fs / 2), output="zpk")
            return signal.sosfiltfilt(signal.zpk2sos(z, p, k), x)
    """),
    "heart_rate_from_span": ("signal.heart_beats", """
        def heart_beats(ecg, fs, min_height=0.6, min_interval=0.3):
            found = signal.find_peaks(ecg, height=min_height,
                                      distance=int(min_interval * fs + 0.5))[0]
            if found.size < 2:
                return found, float("nan")
            return found, 60.0 * fs * (found.size - 1) / float(found[-1] - found[0])
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)


@pytest.mark.parametrize("seed", range(40))
def test_synthetic_ecg_is_fair(seed):
    # The suite's expected peaks are find_peaks' answer; this shows they are the real beats,
    # and that both height and distance are needed to get them.
    rng = np.random.default_rng(seed)
    if seed % 2:
        fs, bpm, gain, min_height, min_interval = 250.0, 140.0, 0.5, 0.3, 0.25
    else:
        fs, bpm, gain, min_height, min_interval = 360.0, rng.uniform(50, 100), 1.0, 0.6, 0.3
    ecg, beats = synthetic_ecg(rng, float(rng.uniform(10, 30)), float(bpm), fs=fs, gain=gain)
    distance = round(min_interval * fs)
    peaks, _ = scipy.signal.find_peaks(ecg, height=min_height, distance=distance)
    assert len(peaks) == len(beats)
    assert np.all(np.abs(peaks - np.round(beats * fs)) <= 3)
    assert len(scipy.signal.find_peaks(ecg, height=min_height)[0]) > len(peaks)
    assert len(scipy.signal.find_peaks(ecg, distance=distance)[0]) > len(peaks)
