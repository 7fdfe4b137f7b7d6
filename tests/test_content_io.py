"""Wrong solutions for io lose points; correct ones written another way pass."""

from __future__ import annotations

from tests.conftest import advice_test, variant_tests

WRONG = {
    # save_variables
    "underscore_names_reported": ("io.save_variables", """
        def save_variables(file_name, variables):
            scipy.io.savemat(file_name, variables)
            return sorted(variables)
    """),
    "names_in_dict_order": ("io.save_variables", """
        def save_variables(file_name, variables):
            scipy.io.savemat(file_name, variables)
            return [name for name in variables if not name.startswith("_")]
    """),
    "vectors_as_columns": ("io.save_variables", """
        def save_variables(file_name, variables):
            scipy.io.savemat(file_name, variables, oned_as="column")
            return sorted(name for name in variables if not name.startswith("_"))
    """),
    "numpy_file_not_mat": ("io.save_variables", """
        def save_variables(file_name, variables):
            np.savez(file_name, **variables)
            return sorted(name for name in variables if not name.startswith("_"))
    """),
    # load_variables
    "metadata_kept": ("io.load_variables", """
        def load_variables(file_name):
            return scipy.io.loadmat(file_name)
    """),
    "only_header_dropped": ("io.load_variables", """
        def load_variables(file_name):
            contents = scipy.io.loadmat(file_name)
            del contents["__header__"]
            return contents
    """),
    "squeezed_when_told_not_to": ("io.load_variables", """
        def load_variables(file_name):
            contents = scipy.io.loadmat(file_name, squeeze_me=True)
            return {k: v for k, v in contents.items() if not k.startswith("__")}
    """),
    # list_variables
    "numpy_dtype_not_matlab_class": ("io.list_variables", """
        def list_variables(file_name):
            contents = scipy.io.loadmat(file_name)
            return [(name, value.shape, str(value.dtype))
                    for name, value in contents.items() if not name.startswith("__")]
    """),
    "sorted_not_file_order": ("io.list_variables", """
        def list_variables(file_name):
            return sorted(tuple(entry) for entry in scipy.io.whosmat(file_name))
    """),
    "lists_not_tuples": ("io.list_variables", """
        def list_variables(file_name):
            return [[name, list(shape), kind] for name, shape, kind in scipy.io.whosmat(file_name)]
    """),
    # load_vectors
    "squeeze_me_forgotten": ("io.load_vectors", """
        def load_vectors(file_name):
            contents = scipy.io.loadmat(file_name)
            return {k: v for k, v in contents.items() if not k.startswith("__")}
    """),
    "numpy_squeeze_leaves_0d_arrays": ("io.load_vectors", """
        def load_vectors(file_name):
            contents = scipy.io.loadmat(file_name)
            return {k: np.squeeze(v) for k, v in contents.items() if not k.startswith("__")}
    """),
    "metadata_kept_squeezed": ("io.load_vectors", """
        def load_vectors(file_name):
            return scipy.io.loadmat(file_name, squeeze_me=True)
    """),
    # write_wav_int16
    "float_wav_written": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            wavfile.write(file_name, rate, signal)
    """),
    "int16_without_scaling": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            wavfile.write(file_name, rate, signal.astype(np.int16))
    """),
    "scale_32768_wraps": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            wavfile.write(file_name, rate, np.round(signal * 32768).astype(np.int16))
    """),
    "rate_hard_coded": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            wavfile.write(file_name, 44100, np.round(signal * 32767).astype(np.int16))
    """),
    "truncated_by_astype": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            wavfile.write(file_name, rate, (np.asarray(signal) * 32767).astype(np.int16))
    """),
    "scale_32768_clipped_to_range": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            samples = np.clip(np.round(np.asarray(signal) * 32768), -32768, 32767)
            wavfile.write(file_name, rate, samples.astype(np.int16))
    """),
    # read_wav_float
    "not_scaled": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return rate, samples.astype(np.float64)
    """),
    "divided_by_32767": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return rate, samples / 32767.0
    """),
    "float32_samples": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return rate, samples.astype(np.float32) / np.float32(32768)
    """),
    "int16_returned": ("io.read_wav_float", """
        def read_wav_float(file_name):
            return wavfile.read(file_name)
    """),
    # matrix_market_round_trip
    "legacy_matrix_returned": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            scipy.io.mmwrite(file_name, matrix, comment=comment)
            return scipy.io.mmread(file_name).tocsr()
    """),
    "dense_file_written": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            scipy.io.mmwrite(file_name, matrix.toarray(), comment=comment)
            return sparse.csr_array(scipy.io.mmread(file_name))
    """),
    "comment_dropped": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            scipy.io.mmwrite(file_name, matrix)
            return sparse.csr_array(scipy.io.mmread(file_name, spmatrix=False))
    """),
    "coo_returned": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            scipy.io.mmwrite(file_name, matrix, comment=comment)
            return scipy.io.mmread(file_name, spmatrix=False)
    """),
    "nothing_written": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            return sparse.csr_array(matrix)
    """),
    # mat_to_wav
    "no_clipping": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name)
            signal = contents["signal"]
            if 1 in signal.shape:
                signal = signal.ravel()
            wavfile.write(wav_name, int(contents["fs"].item()),
                          np.round(signal * 32767).astype(np.int16))
            return len(signal)
    """),
    "row_written_as_channels": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name)
            signal = np.clip(contents["signal"], -1, 1)
            wavfile.write(wav_name, int(contents["fs"].item()),
                          np.round(signal * 32767).astype(np.int16))
            return signal.shape[0]
    """),
    "sample_count_not_frames": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name)
            signal = np.clip(contents["signal"], -1, 1)
            if 1 in signal.shape:
                signal = signal.ravel()
            wavfile.write(wav_name, int(contents["fs"].item()),
                          np.round(signal * 32767).astype(np.int16))
            return signal.size
    """),
    "rate_array_passed": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name)
            signal = np.clip(contents["signal"], -1, 1)
            if 1 in signal.shape:
                signal = signal.ravel()
            wavfile.write(wav_name, contents["fs"], np.round(signal * 32767).astype(np.int16))
            return signal.shape[0]
    """),
    "clipped_then_truncated": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name, squeeze_me=True)
            signal = np.clip(contents["signal"], -1.0, 1.0)
            wavfile.write(wav_name, int(contents["fs"]), (signal * 32767).astype(np.int16))
            return len(signal)
    """),
    "full_scale_32768_clipped": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name)
            signal = np.asarray(contents["signal"], dtype=np.float64)
            if 1 in signal.shape:
                signal = signal.reshape(-1)
            samples = np.clip(np.round(signal * 32768), -32768, 32767).astype(np.int16)
            wavfile.write(wav_name, int(contents["fs"].item()), samples)
            return int(samples.shape[0])
    """),
    # a quiet recording must stay quiet: no normalising to the loudest sample
    "scaled_to_loudest_sample": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            signal = np.asarray(signal, dtype=np.float64)
            samples = np.round(signal / np.max(np.abs(signal)) * 32767)
            wavfile.write(file_name, rate, samples.astype(np.int16))
    """),
    "divided_by_loudest_sample": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return int(rate), samples / np.max(np.abs(samples.astype(np.float64)))
    """),
    "channels_as_rows": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            samples = np.round(np.asarray(signal, dtype=np.float64) * 32767).astype(np.int16)
            wavfile.write(file_name, rate, samples.T)
    """),
}

ALTERNATIVES = {
    "save_with_explicit_options_and_whosmat": ("io.save_variables", """
        def save_variables(file_name, variables):
            scipy.io.savemat(file_name, variables, format="5", oned_as="row",
                             do_compression=True)
            return sorted(name for name, _, _ in scipy.io.whosmat(file_name))
    """),
    "load_with_open_file": ("io.load_variables", """
        def load_variables(file_name):
            with open(file_name, "rb") as handle:
                contents = scipy.io.loadmat(handle)
            for key in [k for k in contents if k.startswith("__") and k.endswith("__")]:
                contents.pop(key)
            return contents
    """),
    "list_from_open_file": ("io.list_variables", """
        def list_variables(file_name):
            with open(file_name, "rb") as handle:
                entries = scipy.io.whosmat(handle)
            return [tuple([name, tuple(map(int, shape)), kind]) for name, shape, kind in entries]
    """),
    "squeeze_by_hand": ("io.load_vectors", """
        def load_vectors(file_name):
            result = {}
            for name, value in scipy.io.loadmat(file_name).items():
                if name.startswith("__"):
                    continue
                value = np.squeeze(value)
                result[name] = value.item() if value.ndim == 0 else value
            return result
    """),
    "round_half_up_by_floor": ("io.write_wav_int16", """
        def write_wav_int16(file_name, signal, rate):
            samples = np.floor(np.asarray(signal) * 32767 + 0.5)
            wavfile.write(file_name, int(rate), samples.astype("<i2"))
    """),
    "multiply_by_power_of_two": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return int(rate), np.asarray(samples, dtype=float) * 2.0 ** -15
    """),
    "divide_by_int16_min": ("io.read_wav_float", """
        def read_wav_float(file_name):
            rate, samples = wavfile.read(file_name)
            return int(rate), samples / -np.iinfo(np.int16).min
    """),
    "convert_legacy_after_reading": ("io.matrix_market_round_trip", """
        def matrix_market_round_trip(file_name, matrix, comment):
            scipy.io.mmwrite(file_name, sparse.coo_array(matrix), comment=comment)
            return sparse.csr_array(scipy.io.mmread(file_name))
    """),
    "squeeze_me_loading": ("io.mat_to_wav", """
        def mat_to_wav(mat_name, wav_name):
            contents = scipy.io.loadmat(mat_name, squeeze_me=True)
            signal = np.minimum(np.maximum(contents["signal"], -1.0), 1.0)
            wavfile.write(wav_name, int(contents["fs"]), np.rint(signal * 32767).astype(np.int16))
            return len(signal)
    """),
}


test_wrong_solution_loses_points, test_alternative_solution_passes = variant_tests(
    WRONG, ALTERNATIVES)

ROUND_FIRST = "cut toward zero, as astype alone does: round them first"
test_wrong_solution_hears_the_advice_that_fits = advice_test(WRONG, {
    "truncated_by_astype": ROUND_FIRST,
    "clipped_then_truncated": ROUND_FIRST,
    "scaled_to_loudest_sample": "scale every signal by 32767 so that a quiet one stays quiet",
    "divided_by_loudest_sample": "divide every file by 32768",
}, {"scale_32768_wraps": ROUND_FIRST, "truncated_by_astype": "loudest sample"})
