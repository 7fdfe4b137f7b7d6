"""What crosses the process boundary comes back as plain, trusted data."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest
from scipy import sparse

from checker import codec
from checker.callables import __name__ as callables_package


def roundtrip(value, **options):
    return codec.loads(codec.dumps(value, **options), **options)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                                   "uint32", "uint64", "float16", "float32", "float64",
                                   "complex64", "complex128", ">f8", "<U5", "S3",
                                   "datetime64[s]", "timedelta64[ms]"])
def test_arrays_of_every_dtype_round_trip_exactly(dtype):
    values = np.arange(12).reshape(3, 4) % 3
    array = values.astype(dtype)
    back = roundtrip(array)
    assert type(back) is np.ndarray
    assert back.dtype == array.dtype and back.shape == array.shape
    assert np.array_equal(back, array)


def test_nan_inf_and_non_contiguous_arrays():
    array = np.array([[np.nan, np.inf], [-np.inf, -0.0]])[:, ::-1]
    back = roundtrip(array)
    assert np.array_equal(back, array, equal_nan=True)
    assert math.copysign(1.0, back[1, 0]) == -1.0
    assert roundtrip(np.empty((0, 3))).shape == (0, 3)


def test_scalars_and_nested_containers():
    value = {"a": [1, 2.5, None, True], 3: (float("nan"), float("inf"), -float("inf")),
             (1, 2): {"deep": [complex(1, -2), b"\x00\xff", "text"]},
             "big": 2 ** 200, "np": (np.float32(1.5), np.int64(7), np.bool_(True))}
    back = roundtrip(value)
    assert back["a"] == [1, 2.5, None, True]
    assert math.isnan(back[3][0]) and back[3][1:] == (math.inf, -math.inf)
    assert back[(1, 2)] == {"deep": [complex(1, -2), b"\x00\xff", "text"]}
    assert back["big"] == 2 ** 200 and type(back["big"]) is int
    assert type(back["np"][0]) is np.float32 and back["np"][0] == np.float32(1.5)
    assert type(back["np"][1]) is np.int64 and type(back["np"][2]) is np.bool_
    assert type(back[(1, 2)]) is dict and isinstance(back[3], tuple)


@pytest.mark.parametrize("build", [sparse.csr_array, sparse.csc_array, sparse.coo_array,
                                   sparse.lil_array, sparse.dok_array, sparse.csr_matrix])
def test_sparse_arrays_are_rebuilt_from_their_parts(build):
    dense = np.array([[0, 1.5, 0], [2, 0, 0], [0, 0, -3]])
    value = build(dense)
    back = roundtrip(value)
    assert type(back) is type(value)
    assert np.array_equal(back.toarray(), dense)


def test_bsr_and_dia_arrays():
    dense = np.kron(np.eye(2), np.ones((2, 2)))
    for value in (sparse.bsr_array(dense, blocksize=(2, 2)), sparse.dia_array(dense)):
        back = roundtrip(value)
        assert back.format == value.format
        assert np.array_equal(back.toarray(), dense)


class AlwaysEqual:
    def __eq__(self, other):
        return True


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return 42.0


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)


def test_learner_defined_objects_are_refused():
    with pytest.raises(codec.UnsupportedValue, match="AlwaysEqual"):
        codec.dumps(AlwaysEqual())
    with pytest.raises(codec.UnsupportedValue):
        codec.dumps([1, {"x": AlwaysEqual()}])
    with pytest.raises(codec.UnsupportedValue):
        codec.dumps(np.array([AlwaysEqual()], dtype=object))


def test_a_masked_array_is_refused_rather_than_losing_its_mask():
    masked = np.ma.masked_array([1.0, -999.0, 3.0], mask=[False, True, False])
    with pytest.raises(codec.UnsupportedValue, match=r"masked array .*\.filled"):
        codec.dumps(masked)
    with pytest.raises(codec.UnsupportedValue, match="masked array"):
        codec.dumps({"mean": np.ma.masked})  # the masked constant is a masked array too
    assert codec.loads(codec.dumps(masked.filled(0.0))).tolist() == [1.0, 0.0, 3.0]


def test_subclasses_arrive_as_the_plain_value_they_hold():
    back = roundtrip(LyingFloat(1.25))
    assert type(back) is float and back == 1.25
    lying = np.arange(3.0).view(LyingArray)
    back = roundtrip(lying)
    assert type(back) is np.ndarray and not np.array_equal(back, np.ones(3))


def test_functions_travel_only_as_references_into_the_checker():
    import checker.callables.getting_started_example as module  # noqa: F401

    reference = codec.encode(module.double, allow_callables=True)
    assert reference == {"__callable__": f"{callables_package}.getting_started_example:double"}
    assert codec.decode(reference, allow_callables=True) is module.double
    with pytest.raises(codec.UnsupportedValue):
        codec.encode(lambda x: x, allow_callables=True)
    with pytest.raises(codec.UnsupportedValue):
        codec.encode(module.double)  # not from the worker side
    for forged in ("os:system", "checker.callables.x:y", "checker.codec:decode",
                   "checker.callables.getting_started_example:np"):
        with pytest.raises((codec.UnsupportedValue, ModuleNotFoundError)):
            codec.decode({"__callable__": forged}, allow_callables=True)
    with pytest.raises(codec.UnsupportedValue):
        codec.decode({"__callable__": "checker.callables.getting_started_example:double"})


@pytest.mark.parametrize("data", [
    {"__ndarray__": {"dtype": "O", "shape": [1], "data": ""}},
    {"__ndarray__": {"dtype": "<f8", "shape": [2], "data": "AAAA"}},
    {"__ndarray__": {"dtype": "<f8", "shape": [-1], "data": ""}},
    {"__pickle__": "gASV"},
    {"__float__": "1e999"},
    {"a": 1, "b": 2},
])
def test_malformed_data_is_refused(data):
    with pytest.raises((codec.UnsupportedValue, ValueError, TypeError)):
        codec.decode(data)


def test_nesting_is_capped():
    value: list = []
    for _ in range(codec.MAX_DEPTH + 5):
        value = [value]
    with pytest.raises(codec.UnsupportedValue, match="nested"):
        codec.encode(value)


def test_dict_subclasses_such_as_scipy_results_are_refused():
    import scipy.differentiate

    result = scipy.differentiate.derivative(np.sin, 1.0)
    with pytest.raises(codec.UnsupportedValue, match=r"dict subclass.*such as result\.x"):
        codec.encode(result)


def test_an_interpolator_returned_instead_of_its_values_is_told_to_call_it():
    import scipy.interpolate

    spline = scipy.interpolate.PchipInterpolator([0.0, 1.0, 2.0], [0.0, 1.0, 4.0])
    with pytest.raises(codec.UnsupportedValue,
                       match="PchipInterpolator .something to call, not its values"):
        codec.encode(spline)
    with pytest.raises(codec.UnsupportedValue, match=r"^an object of type object$"):
        codec.encode(object())


def test_only_the_dtypes_the_encoder_sends_are_decoded():
    # Sized right, so only the dtype check can refuse them (frombuffer alone would build
    # a void array, and refuse an object one with a ValueError of its own).
    for dtype in ("|V8", "O"):
        data = {"__ndarray__": {"dtype": dtype, "shape": [1],
                                "data": base64.b64encode(bytes(8)).decode("ascii")}}
        with pytest.raises(codec.UnsupportedValue, match="dtype"):
            codec.decode(data)


def test_decoding_caps_nesting_too():
    # What a worker sends is decoded by the checker: the cap holds on that side as well.
    data: list = []
    for _ in range(codec.MAX_DEPTH + 5):
        data = [data]
    with pytest.raises(codec.UnsupportedValue, match="nested"):
        codec.decode(data)


def test_a_function_imported_into_a_callables_module_is_no_reference(monkeypatch):
    import os.path
    import shutil

    import checker.callables.getting_started_example as module

    # Reachable by name from a callables module, but defined elsewhere: never resolved.
    monkeypatch.setattr(module, "smuggled", shutil.rmtree, raising=False)
    monkeypatch.setattr(module, "builtin", os.system, raising=False)
    for name in ("smuggled", "builtin"):
        with pytest.raises(codec.UnsupportedValue, match="has no function"):
            codec.decode({"__callable__": f"{module.__name__}:{name}"}, allow_callables=True)
    # Nor does the checker send a top-level function of any other module.
    with pytest.raises(codec.UnsupportedValue, match="only those travel"):
        codec.encode(os.path.join, allow_callables=True)


class ShapeLyingArray(np.ndarray):
    @property
    def dtype(self):
        return np.dtype("float64")

    @property
    def shape(self):
        return (3,)


def test_an_array_subclass_cannot_lie_about_its_dtype_or_shape():
    lying = np.arange(7, dtype=np.int8).view(ShapeLyingArray)
    back = roundtrip(lying)
    assert type(back) is np.ndarray and back.dtype == np.int8 and back.shape == (7,)
    assert np.array_equal(back, np.arange(7))
