"""Suite for topic 01, io: MAT files, WAV files and Matrix Market files.

Files travel by name: the suite puts input files in the learner's folder with
`learner_session.put_file` and reads what the learner wrote with `learner_session.file`.
Every test uses file names of its own, drawn per run, so a file left over from an earlier
test can never stand in for one the learner failed to write.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.io
from scipy import sparse
from scipy.io import wavfile

from checker.expect import (
    ExpectationFailed,
    exercise,
    expect_array,
    expect_equal,
    expect_int,
    expect_sparse,
    expect_value,
)
from checker.learner import LearnerBadValue, LearnerSession

METADATA_KEYS = ("__header__", "__version__", "__globals__")


def _name(rng: np.random.Generator, stem: str, extension: str) -> str:
    return f"{stem}_{int(rng.integers(10**9))}.{extension}"


def _written(session: LearnerSession, name: str, by: str) -> Path:
    """The file the learner's function wrote, or a failure that says it is missing."""
    __tracebackhide__ = True
    try:
        return session.file(name)
    except LearnerBadValue:
        raise ExpectationFailed(
            f"{by} should have written a file named {name!r} in the current folder; "
            "there is none (write it under exactly the name given, with no folder)"
        ) from None


def _mat_bytes(variables: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, variables)
    return buffer.getvalue()


def _wav_bytes(rate: int, samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    wavfile.write(buffer, rate, samples)
    return buffer.getvalue()


def _variables(contents: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in contents.items() if key not in METADATA_KEYS}


def _random_variables(rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = int(rng.integers(2, 12))
    return {
        "signal": rng.standard_normal(n),
        "grid": rng.uniform(-5, 5, size=(int(rng.integers(2, 5)), int(rng.integers(2, 5)))),
        "counts": rng.integers(-100, 100, size=int(rng.integers(2, 8))).astype(np.int16),
        "column": rng.standard_normal((int(rng.integers(2, 6)), 1)),
    }


# -- save_variables ---------------------------------------------------------------------

@exercise("io.save_variables")
@pytest.mark.parametrize("with_private", [False, True])
def test_save_variables(learner, learner_session, rng, with_private):
    variables = _random_variables(rng)
    if with_private:
        variables["_scratch"] = rng.standard_normal(3)
        variables["_"] = np.ones(2)
    file_name = _name(rng, "saved", "mat")
    saved = [name for name in sorted(variables) if not name.startswith("_")]
    result = learner.save_variables(file_name, variables)
    what = (f"save_variables({file_name!r}, a dict of "
            f"{', '.join(map(repr, sorted(variables)))})")
    expect_value(result, saved, what=f"the names {what} returns")
    contents = scipy.io.loadmat(_written(learner_session, file_name, what))
    expect_equal(contents.get("__version__"), "1.0",
                 what=f"the MAT format of the file {what} wrote (loadmat's __version__; "
                      "1.0 is MAT 5, savemat's default)")
    stored = _variables(contents)
    expect_value(sorted(stored), saved, what=f"the variables in the file {what} wrote")
    for name in saved:
        value = variables[name]
        expected_shape = (1, value.size) if value.ndim == 1 else value.shape
        expect_array(stored[name], value.reshape(expected_shape), shape=expected_shape,
                     rtol=0.0, what=f"variable {name!r} read back from the file (a 1-D "
                                    "array is stored as a 1 x n row)")


# -- load_variables ---------------------------------------------------------------------

@exercise("io.load_variables")
def test_load_variables(learner, learner_session, rng):
    variables = _random_variables(rng)
    data = _mat_bytes(variables)
    file_name = _name(rng, "input", "mat")
    learner_session.put_file(file_name, data)
    expected = _variables(scipy.io.loadmat(io.BytesIO(data)))
    expect_value(learner.load_variables(file_name), expected, rtol=0.0,
                 what=f"load_variables(a file holding {sorted(variables)})")


@exercise("io.load_variables")
def test_load_variables_single_matrix(learner, learner_session, rng):
    matrix = rng.integers(0, 255, size=(3, 4)).astype(np.uint8)
    data = _mat_bytes({"image": matrix})
    file_name = _name(rng, "image", "mat")
    learner_session.put_file(file_name, data)
    expected = _variables(scipy.io.loadmat(io.BytesIO(data)))
    expect_value(learner.load_variables(file_name), expected, rtol=0.0,
                 what="load_variables(a file holding one uint8 3 x 4 matrix 'image')")


# -- list_variables ---------------------------------------------------------------------

@exercise("io.list_variables")
def test_list_variables(learner, learner_session, rng):
    pool = {
        "temperature": rng.standard_normal((int(rng.integers(1, 5)), int(rng.integers(2, 6)))),
        "flags": rng.integers(0, 2, size=int(rng.integers(2, 6))).astype(bool),
        "label": "sensor " + str(int(rng.integers(100))),
        "counts": rng.integers(0, 1000, size=(2, int(rng.integers(1, 4)))).astype(np.int32),
        "scale": float(rng.uniform(1, 2)),
    }
    order = [str(name) for name in rng.permutation(sorted(pool))]
    data = _mat_bytes({name: pool[name] for name in order})
    file_name = _name(rng, "listing", "mat")
    learner_session.put_file(file_name, data)
    expected = [(name, tuple(int(n) for n in shape), matlab_class)
                for name, shape, matlab_class in scipy.io.whosmat(io.BytesIO(data))]
    expect_value(learner.list_variables(file_name), expected,
                 what=f"list_variables(a file holding {order} in that order)")


# -- load_vectors -----------------------------------------------------------------------

@exercise("io.load_vectors")
def test_load_vectors(learner, learner_session, rng):
    variables = _random_variables(rng)
    variables["rate"] = np.array([[float(rng.choice([8000, 16000, 44100]))]])
    variables["channel"] = np.array([[int(rng.integers(1, 9))]], dtype=np.int16)
    data = _mat_bytes(variables)
    file_name = _name(rng, "vectors", "mat")
    learner_session.put_file(file_name, data)
    expected = _variables(scipy.io.loadmat(io.BytesIO(data), squeeze_me=True))
    expect_value(learner.load_vectors(file_name), expected, rtol=0.0,
                 what="load_vectors(a file holding a row vector, a column vector, a "
                      "matrix, and 1 x 1 values)")


# -- write_wav_int16 --------------------------------------------------------------------

def _check_int16_wav(path: Path, rate: int, signal: np.ndarray, what: str) -> None:
    __tracebackhide__ = True
    got_rate, samples = wavfile.read(path)
    expect_int(got_rate, rate, what=f"the sample rate in the file {what} wrote")
    expect_equal(str(samples.dtype), "int16",
                 what=f"the sample type in the file {what} wrote (scale the floats and "
                      "convert them to int16 before writing)")
    scaled = signal * 32767.0
    expected = np.round(scaled)
    frames = "(frames,)" if signal.ndim == 1 else "(frames, channels)"
    expect_value(tuple(samples.shape), tuple(signal.shape),
                 what=f"the shape {frames} of the samples in the file {what} wrote (WAV "
                      "takes one row per frame: channels are columns)")
    peak = float(np.max(np.abs(signal))) if signal.size else 0.0
    normalised = (0.0 < peak < 1.0 and samples.shape == scaled.shape
                  and np.allclose(samples, np.round(signal / peak * 32767.0), atol=1.0))
    # Full scale first: a scale of 32768 clipped to the int16 range is one step off only
    # at -1.0, and that deserves its own message.
    full_scale = (signal == 0.0) | (np.abs(signal) == 1.0)
    expect_array(samples[full_scale], expected[full_scale], dtype_kind="i", rtol=0.0,
                 atol=0.0,
                 what=f"the int16 samples at 0.0 and at full scale (1.0 and -1.0, also where "
                      f"a louder sample was clipped) in the file {what} wrote: 1.0 must become "
                      "32767 and -1.0 must become -32767 exactly (scale by 32767)")
    # The nearest int16, whichever way a tie goes (random samples make none).
    truncated = samples.shape == scaled.shape and np.array_equal(samples, np.trunc(scaled))
    expect_array(samples, expected, shape=expected.shape, dtype_kind="i", rtol=0.0,
                 atol=0.0,
                 what=f"the int16 samples in the file {what} wrote (the int16 nearest to "
                      "sample * 32767" + ("; these are cut toward zero, as astype alone "
                                          "does: round them first" if truncated else "")
                      + (f"; these are scaled so that the loudest sample ({peak:.3g}) becomes "
                         "full scale: scale every signal by 32767 so that a quiet one stays "
                         "quiet" if normalised else "")
                      + ")")


@exercise("io.write_wav_int16")
@pytest.mark.parametrize("channels", [1, 2])
def test_write_wav_int16(learner, learner_session, rng, channels):
    n = int(rng.integers(50, 400))
    shape = (n,) if channels == 1 else (n, channels)
    signal = rng.uniform(-1.0, 1.0, size=shape)
    # Full scale both ways: a scale of 32768 wraps 1.0 round to -32768.
    signal.flat[:3] = [1.0, -1.0, 0.0]
    # Any rate is valid in a WAV header; a drawn one catches a hard-coded 44100.
    rate = int(rng.integers(4000, 96001))
    file_name = _name(rng, "tone", "wav")
    what = f"write_wav_int16({file_name!r}, signal of shape {shape}, {rate})"
    result = learner.write_wav_int16(file_name, signal, rate)
    expect_equal(result, None, what=f"what {what} returns")
    _check_int16_wav(_written(learner_session, file_name, what), rate, signal, what)


@exercise("io.write_wav_int16")
def test_write_wav_int16_quiet_signal(learner, learner_session, rng):
    # No sample reaches full scale: scaling to the loudest sample makes it louder.
    n = int(rng.integers(50, 400))
    peak = float(rng.uniform(0.1, 0.5))
    signal = rng.uniform(-peak, peak, size=n)
    rate = int(rng.integers(4000, 96001))
    file_name = _name(rng, "quiet", "wav")
    what = f"write_wav_int16({file_name!r}, a quiet signal of {n} samples in " \
           f"[-{peak:.3g}, {peak:.3g}], {rate})"
    learner.write_wav_int16(file_name, signal, rate)
    _check_int16_wav(_written(learner_session, file_name, what), rate, signal, what)


# -- read_wav_float ---------------------------------------------------------------------

@exercise("io.read_wav_float")
@pytest.mark.parametrize("channels", [1, 2])
def test_read_wav_float(learner, learner_session, rng, channels):
    n = int(rng.integers(50, 400))
    shape = (n,) if channels == 1 else (n, channels)
    samples = rng.integers(-32768, 32768, size=shape).astype(np.int16)
    samples.flat[:2] = [-32768, 32767]
    rate = int(rng.choice([8000, 11025, 48000]))
    file_name = _name(rng, "recording", "wav")
    learner_session.put_file(file_name, _wav_bytes(rate, samples))
    what = f"read_wav_float on a {rate} Hz int16 file of shape {shape}"
    result = learner.read_wav_float(file_name)
    expect_equal(type(result).__name__, "tuple", what=f"the type of what {what} returns")
    expect_int(len(result), 2, what=f"the length of the tuple {what} returns")
    got_rate, got_samples = result
    expect_int(got_rate, rate, what=f"the rate from {what}")
    expect_array(got_samples, samples / 32768.0, shape=shape, dtype="float64", rtol=1e-12,
                 what=f"the samples from {what} (int16 / 32768)")


@exercise("io.read_wav_float")
def test_read_wav_float_quiet_file(learner, learner_session, rng):
    # No sample is near full scale: dividing by the loudest sample makes it louder.
    n = int(rng.integers(50, 400))
    loudest = int(rng.integers(500, 8000))
    samples = rng.integers(-loudest, loudest + 1, size=n).astype(np.int16)
    rate = int(rng.choice([8000, 11025, 48000]))
    file_name = _name(rng, "quiet", "wav")
    learner_session.put_file(file_name, _wav_bytes(rate, samples))
    what = f"read_wav_float on a quiet {rate} Hz int16 file (samples in [-{loudest}, {loudest}])"
    _, got_samples = learner.read_wav_float(file_name)
    normalised = (isinstance(got_samples, np.ndarray) and got_samples.shape == samples.shape
                  and np.allclose(got_samples, samples / np.max(np.abs(samples.astype(float)))))
    expect_array(got_samples, samples / 32768.0, shape=samples.shape, dtype="float64",
                 rtol=1e-12,
                 what=f"the samples from {what} (int16 / 32768" +
                      ("; these are divided by the loudest sample: divide every file by "
                       "32768, so that a quiet recording stays quiet" if normalised else "")
                      + ")")


# -- matrix_market_round_trip -----------------------------------------------------------

def _random_sparse(rng: np.random.Generator, integer: bool) -> sparse.csr_array:
    rows, cols = int(rng.integers(3, 15)), int(rng.integers(3, 15))
    dense = rng.standard_normal((rows, cols))
    dense[rng.random((rows, cols)) > 0.3] = 0.0
    dense[0, 0] = 1.5
    if integer:
        dense = np.round(dense * 10).astype(np.int64)
    return sparse.csr_array(dense)


def _check_matrix_market(learner, learner_session, rng, matrix, what: str) -> None:
    __tracebackhide__ = True
    file_name = _name(rng, "matrix", "mtx")
    comment = f"exported run {int(rng.integers(10**6))} by the course"
    result = learner.matrix_market_round_trip(file_name, matrix, comment)
    what = f"matrix_market_round_trip on {what}"
    expect_sparse(result, matrix, formats=("csr",), rtol=1e-12,
                  what=f"the array {what} returns")
    path = _written(learner_session, file_name, what)
    rows, cols, _, layout, _, _ = scipy.io.mminfo(path)
    expect_equal(layout, "coordinate",
                 what=f"the layout of the file {what} wrote (write the sparse matrix itself, "
                      "not a dense copy)")
    expect_value((int(rows), int(cols)), tuple(int(n) for n in matrix.shape),
                 what=f"the shape recorded in the file {what} wrote")
    comments = [line.lstrip("%").strip()
                for line in path.read_text(encoding="ascii", errors="replace").splitlines()
                if line.startswith("%") and not line.startswith("%%")]
    expect_value(comment in comments, True,
                 what=f"whether the file {what} wrote has the comment line {comment!r}")
    expect_sparse(sparse.csr_array(scipy.io.mmread(path, spmatrix=False)), matrix,
                  rtol=1e-12, what=f"the matrix read back from the file {what} wrote")


@exercise("io.matrix_market_round_trip")
@pytest.mark.parametrize("integer", [False, True])
def test_matrix_market_round_trip(learner, learner_session, rng, integer):
    matrix = _random_sparse(rng, integer)
    kind = "integer" if integer else "float"
    _check_matrix_market(learner, learner_session, rng, matrix,
                         f"a random {matrix.shape[0]}x{matrix.shape[1]} {kind} csr_array")


@exercise("io.matrix_market_round_trip")
def test_matrix_market_round_trip_coo_symmetric(learner, learner_session, rng):
    # A symmetric matrix is stored as one triangle; the file must still read back whole.
    half = sparse.random_array((6, 6), density=0.3, rng=rng, format="coo")
    matrix = sparse.coo_array(half + half.T + sparse.eye_array(6))
    _check_matrix_market(learner, learner_session, rng, matrix, "a symmetric 6x6 coo_array")


# -- mat_to_wav -------------------------------------------------------------------------

@exercise("io.mat_to_wav")
@pytest.mark.parametrize("layout", ["row", "column", "stereo"])
def test_mat_to_wav(learner, learner_session, rng, layout):
    n = int(rng.integers(100, 600))
    channels = 2 if layout == "stereo" else 1
    # Some samples are too loud: they must be clipped, not wrapped round.
    signal = rng.uniform(-1.4, 1.4, size=(n, channels))
    signal[:2, 0] = [1.0, -1.0]
    stored = {"row": signal.T, "column": signal, "stereo": signal}[layout]
    rate = int(rng.choice([8000, 16000, 44100]))
    mat_name, wav_name = _name(rng, "recording", "mat"), _name(rng, "recording", "wav")
    learner_session.put_file(mat_name, _mat_bytes({"fs": float(rate), "signal": stored}))
    what = f"mat_to_wav on a {rate} Hz recording stored as a {stored.shape[0]} x " \
           f"{stored.shape[1]} {layout} 'signal'"
    expect_int(learner.mat_to_wav(mat_name, wav_name), n,
               what=f"the number of frames {what} returns")
    expected_signal = np.clip(signal if channels > 1 else signal[:, 0], -1.0, 1.0)
    _check_int16_wav(_written(learner_session, wav_name, what), rate, expected_signal, what)
