"""Wrong solutions for datasets lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import variant_tests

WRONG = {
    "names_from_the_tutorial": ("datasets.dataset_names", """
        def dataset_names():
            return sorted(["ascent", "electrocardiogram", "face", "iris", "mnist"])
    """),
    "names_with_helpers": ("datasets.dataset_names", """
        def dataset_names():
            return sorted(datasets.__all__)
    """),
    "shapes_typed_in": ("datasets.dataset_shapes", """
        def dataset_shapes(load_ascent=datasets.ascent, load_face=datasets.face,
                           load_ecg=datasets.electrocardiogram):
            return {"ascent": ((512, 512), "uint8"), "face": ((768, 1024, 3), "uint8"),
                    "face_gray": ((768, 1024), "uint8"),
                    "electrocardiogram": ((108000,), "float64")}
    """),
    "grey_by_channel_mean": ("datasets.dataset_shapes", """
        def dataset_shapes(load_ascent=datasets.ascent, load_face=datasets.face,
                           load_ecg=datasets.electrocardiogram):
            face = load_face()
            shapes = {name: (tuple(int(n) for n in a.shape), str(a.dtype)) for name, a in
                      [("ascent", load_ascent()), ("face", face),
                       ("face_gray", face.mean(axis=2)), ("electrocardiogram", load_ecg())]}
            return shapes
    """),
    "shape_as_list": ("datasets.dataset_shapes", """
        def dataset_shapes(load_ascent=datasets.ascent, load_face=datasets.face,
                           load_ecg=datasets.electrocardiogram):
            arrays = {"ascent": load_ascent(), "face": load_face(),
                      "face_gray": load_face(gray=True), "electrocardiogram": load_ecg()}
            return {k: (list(a.shape), str(a.dtype)) for k, a in arrays.items()}
    """),
    "brightest_column_first": ("datasets.image_summary", """
        _right_summary = image_summary
        def image_summary(image):
            summary = _right_summary(image)
            row, column = summary["brightest"]
            summary["brightest"] = (column, row)
            return summary
    """),
    "mean_summed_in_uint8": ("datasets.image_summary", """
        def image_summary(image):
            row, column = np.unravel_index(int(np.argmax(image)), image.shape)
            total = 0
            for value in image.ravel():
                total += value   # a NumPy uint8 plus a Python int stays uint8: it wraps round
            return {"shape": (int(image.shape[0]), int(image.shape[1])),
                    "dtype": str(image.dtype), "min": int(image.min()), "max": int(image.max()),
                    "mean": float(total / image.size), "brightest": (int(row), int(column))}
    """),
    "brightest_last_occurrence": ("datasets.image_summary", """
        _right_summary = image_summary
        def image_summary(image):
            summary = _right_summary(image)
            rows, columns = np.nonzero(image == image.max())
            summary["brightest"] = (int(rows[-1]), int(columns[-1]))
            return summary
    """),
    "crop_without_bounds_check": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            return load(gray=gray)[top:top + height, left:left + width].copy()
    """),
    "crop_top_left_swapped": ("datasets.face_crop", """
        _right_crop = face_crop
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            return _right_crop(left, top, height, width, gray, load)
    """),
    "crop_grey_made_by_hand": ("datasets.face_crop", """
        _right_crop = face_crop
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            colour = _right_crop(top, left, height, width, False, load)
            return colour.mean(axis=2).astype(np.uint8) if gray else colour
    """),
    "window_includes_stop": ("datasets.ecg_window", """
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            ecg = load()
            if not 0.0 <= start_s < stop_s <= ecg.size / fs:
                raise ValueError("outside")
            times = np.arange(ecg.size) / fs
            inside = (times >= start_s) & (times <= stop_s)
            return times[inside], ecg[inside]
    """),
    "window_at_360_hz_always": ("datasets.ecg_window", """
        _right_window = ecg_window
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            return _right_window(start_s, stop_s, load, 360.0)
    """),
    "window_slices_past_the_end": ("datasets.ecg_window", """
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            ecg = load()
            first, last = int(round(start_s * fs)), int(round(stop_s * fs))
            return np.arange(first, min(last, ecg.size)) / fs, ecg[max(first, 0):last]
    """),
    "download_with_subok": ("datasets.download_everything", """
        def download_everything(folder, download_all=datasets.download_all):
            download_all(folder, subok=True)
            return sorted(os.listdir(folder))
    """),
    "download_to_the_default_cache": ("datasets.download_everything", """
        def download_everything(folder, download_all=datasets.download_all):
            download_all()
            return ["ascent.dat", "ecg.dat", "face.dat"]
    """),
    "clear_everything": ("datasets.clear_cached", """
        def clear_cached(names, clear=datasets.clear_cache):
            if [name for name in names if name not in KNOWN_DATASETS]:
                raise ValueError(names)
            clear()
    """),
    "clear_by_name_strings": ("datasets.clear_cached", """
        def clear_cached(names, clear=datasets.clear_cache):
            if [name for name in names if name not in KNOWN_DATASETS]:
                raise ValueError(names)
            clear(list(names))
    """),
    "clear_before_checking": ("datasets.clear_cached", """
        def clear_cached(names, clear=datasets.clear_cache):
            for name in names:
                if name not in KNOWN_DATASETS:
                    raise ValueError(name)
                clear(getattr(datasets, name))
    """),
    "clear_without_checking": ("datasets.clear_cached", """
        def clear_cached(names, clear=datasets.clear_cache):
            if names:
                clear([getattr(datasets, name) for name in names])
    """),
    "rate_without_min_distance": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height)
            if peaks.size < 2:
                raise ValueError("too few beats")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
    "rate_without_min_height": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, distance=round(min_gap_s * fs))
            if peaks.size < 2:
                raise ValueError("too few beats")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
    "rate_as_beats_per_window": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height, distance=round(min_gap_s * fs))
            if peaks.size < 2:
                raise ValueError("too few beats")
            return float(60.0 * peaks.size / (stop_s - start_s))
    """),
    "rate_in_beats_per_second": ("datasets.heart_rate", """
        _right_rate = heart_rate
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            return _right_rate(start_s, stop_s, load, fs, min_height, min_gap_s) / 60.0
    """),
    "crop_left_not_checked": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            rows, columns = image.shape[:2]
            if top < 0 or height < 1 or width < 1:
                raise ValueError("bad")
            if top + height > rows or left + width > columns:
                raise ValueError("past the edge")
            return image[top:top + height, left:left + width].copy()
    """),
    "crop_zero_width_allowed": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            rows, columns = image.shape[:2]
            if top < 0 or left < 0 or height < 1:
                raise ValueError("bad")
            if top + height > rows or left + width > columns:
                raise ValueError("past the edge")
            return image[top:top + height, left:left + width].copy()
    """),
    "crop_corner_at_zero_refused": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            rows, columns = image.shape[:2]
            if top <= 0 or left <= 0 or height <= 0 or width <= 0:
                raise ValueError("bad")
            if top + height > rows or left + width > columns:
                raise ValueError("past the edge")
            return image[top:top + height, left:left + width].copy()
    """),
    "crop_one_pixel_refused": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            rows, columns = image.shape[:2]
            if top < 0 or left < 0 or height <= 1 or width <= 1:
                raise ValueError("bad")
            if top + height > rows or left + width > columns:
                raise ValueError("past the edge")
            return image[top:top + height, left:left + width].copy()
    """),
    "crop_minus_one_allowed": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            rows, columns = image.shape[:2]
            if top < -1 or left < -1 or height < 1 or width < 1:
                raise ValueError("bad")
            if top + height > rows or left + width > columns:
                raise ValueError("past the edge")
            return image[top:top + height, left:left + width].copy()
    """),
    "rate_needs_three_beats": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height, distance=round(min_gap_s * fs))
            if peaks.size <= 2:
                raise ValueError("too few beats")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
    "rate_single_beat_not_refused": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height, distance=round(min_gap_s * fs))
            if peaks.size == 0:
                raise ValueError("no beats")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
    "window_floor_indices": ("datasets.ecg_window", """
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            ecg = load()
            if start_s < 0 or stop_s <= start_s or stop_s > len(ecg) / fs:
                raise ValueError("outside")
            first, end = int(start_s * fs), int(stop_s * fs)
            return np.arange(first, end) / fs, ecg[first:end].astype(float)
    """),
    "window_round_indices": ("datasets.ecg_window", """
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            ecg = load()
            if start_s < 0 or stop_s <= start_s or stop_s > len(ecg) / fs:
                raise ValueError("outside")
            first, end = round(start_s * fs), round(stop_s * fs)
            return np.arange(first, end) / fs, ecg[first:end].astype(float)
    """),
    "download_list_hard_coded": ("datasets.download_everything", """
        def download_everything(folder, download_all=datasets.download_all):
            download_all(folder)
            return ["ascent.dat", "ecg.dat", "face.dat"]
    """),
    "rate_mean_of_instant_rates": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height, distance=max(1, round(min_gap_s * fs)))
            if peaks.size < 2:
                raise ValueError("few")
            return float(np.mean(60.0 / np.diff(times[peaks])))
    """),
    "rate_prominence_not_height": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, prominence=min_height,
                                  distance=max(1, round(min_gap_s * fs)))
            if peaks.size < 2:
                raise ValueError("few")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
    "rate_gap_ignores_fs": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            peaks, _ = find_peaks(values, height=min_height, distance=round(min_gap_s * 360))
            if peaks.size < 2:
                raise ValueError("few")
            return float(60.0 * (peaks.size - 1) / (times[peaks[-1]] - times[peaks[0]]))
    """),
}

ALTERNATIVES = {
    "names_by_inspection": ("datasets.dataset_names", """
        import inspect
        def dataset_names():
            names = []
            for name in dir(datasets):
                if name.startswith("_") or name in ("download_all", "clear_cache"):
                    continue
                if inspect.isfunction(getattr(datasets, name)):
                    names.append(name)
            return sorted(names)
    """),
    "summary_by_loops": ("datasets.image_summary", """
        def image_summary(image):
            rows, columns = image.shape
            best, where, total = None, None, 0
            for r in range(rows):
                for c in range(columns):
                    value = int(image[r, c])
                    total += value
                    if best is None or value > best:
                        best, where = value, (r, c)
            return {"shape": (rows, columns), "dtype": image.dtype.name,
                    "min": int(np.min(image)), "max": best, "mean": total / (rows * columns),
                    "brightest": where}
    """),
    "crop_with_index_arrays": ("datasets.face_crop", """
        def face_crop(top, left, height, width, gray=False, load=datasets.face):
            image = load(gray=gray)
            if min(top, left) < 0 or min(height, width) <= 0:
                raise ValueError("bad rectangle")
            if top + height > image.shape[0] or left + width > image.shape[1]:
                raise ValueError("past the edge")
            rows = np.arange(top, top + height)
            columns = np.arange(left, left + width)
            return image[np.ix_(rows, columns)]
    """),
    "window_by_index_arithmetic": ("datasets.ecg_window", """
        import math
        def ecg_window(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0):
            ecg = load()
            if start_s < 0 or stop_s <= start_s or stop_s > len(ecg) / fs:
                raise ValueError("the window is not inside the recording")
            first, end = math.ceil(start_s * fs), math.ceil(stop_s * fs)
            indices = np.arange(first, end)
            return indices / fs, np.asarray(ecg[first:end], dtype=float)
    """),
    "download_with_pathlib": ("datasets.download_everything", """
        from pathlib import Path
        def download_everything(folder, download_all=datasets.download_all):
            download_all(path=folder)
            return sorted(p.name for p in Path(folder).iterdir() if p.is_file())
    """),
    "clear_one_at_a_time": ("datasets.clear_cached", """
        def clear_cached(names, clear=datasets.clear_cache):
            loaders = {"ascent": datasets.ascent, "face": datasets.face,
                       "electrocardiogram": datasets.electrocardiogram}
            for name in names:
                if name not in loaders:
                    raise ValueError(f"{name} is not a scipy dataset")
            for name in names:
                clear(loaders[name])
    """),
    "rate_by_threshold_segments": ("datasets.heart_rate", """
        def heart_rate(start_s, stop_s, load=datasets.electrocardiogram, fs=360.0,
                       min_height=0.5, min_gap_s=0.3):
            times, values = ecg_window(start_s, stop_s, load, fs)
            gap = round(min_gap_s * fs)
            above = np.concatenate(([False], values >= min_height, [False]))
            edges = np.flatnonzero(np.diff(above.astype(int)))
            beats = []
            for begin, end in zip(edges[::2], edges[1::2]):
                top = begin + int(np.argmax(values[begin:end]))
                if 0 < top < len(values) - 1:
                    if beats and top - beats[-1] < gap:
                        if values[top] > values[beats[-1]]:
                            beats[-1] = top
                        continue
                    beats.append(top)
            if len(beats) < 2:
                raise ValueError("fewer than two beats")
            return 60.0 / float(np.mean(np.diff(times[beats])))
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)
