"""Plain data across the process boundary, as JSON: never pickles, never learner classes.

Both sides use this module. What it can carry: None, bool, int, float (NaN and inf too),
complex, str, bytes, list, tuple, dict (any keys it can carry), NumPy scalars, NumPy arrays
of numeric, boolean, string and datetime dtypes, SciPy sparse arrays and matrices (rebuilt
from their parts), and, from the checker to the worker only, references to functions in
`checker.callables.*`. Anything else is refused with `UnsupportedValue`, so an object whose
`__eq__` always says True, or a subclass of float or ndarray, arrives as the plain value
its bytes hold, or not at all.
"""

from __future__ import annotations

import base64
import importlib
import json
import math
import types
from typing import Any, Callable

import numpy as np

CALLABLES_PACKAGE = "checker.callables"
MAX_DEPTH = 64
_ARRAY_KINDS = set("biufcUSMm")
_SPARSE_FORMATS = {"coo", "csr", "csc", "bsr", "dia", "dok", "lil"}


class UnsupportedValue(TypeError):
    """A value that cannot cross the boundary; the message says what it was."""


def _type_name(value: Any) -> str:
    kind = type(value)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _encode_float(value: float) -> Any:
    # float.__repr__ reads the C double itself, whatever a subclass pretends.
    number = float(float.__repr__(value))
    if math.isfinite(number):
        return number
    return {"__float__": "nan" if math.isnan(number) else ("inf" if number > 0 else "-inf")}


def _encode_array(value: np.ndarray) -> dict[str, Any]:
    array = np.ndarray.view(value, np.ndarray)
    if not array.flags.c_contiguous:
        array = array.copy(order="C")
    if array.dtype.kind not in _ARRAY_KINDS or array.dtype.fields is not None:
        raise UnsupportedValue(
            f"an array of dtype {array.dtype} (an array must hold numbers, booleans, strings "
            "or dates, not Python objects such as lists)"
        )
    return {
        "__ndarray__": {
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "data": base64.b64encode(np.ndarray.tobytes(array)).decode("ascii"),
        }
    }


def _sparse_format(value: Any) -> str | None:
    module = type(value).__module__ or ""
    if not module.startswith("scipy.sparse"):
        return None
    fmt = getattr(value, "format", None)
    return fmt if fmt in _SPARSE_FORMATS else None


def _encode_sparse(value: Any, fmt: str, depth: int) -> dict[str, Any]:
    from scipy import sparse

    kind = "matrix" if isinstance(value, sparse.spmatrix) else "array"
    if fmt in ("csr", "csc", "bsr"):
        parts = {"data": value.data, "indices": value.indices, "indptr": value.indptr}
        if fmt == "bsr":
            parts["blocksize"] = list(value.blocksize)
    else:
        # coo, dia, dok and lil travel as coordinates and come back in their own format.
        coo = value.tocoo()
        parts = {"data": coo.data, "row": coo.row, "col": coo.col}
    encoded = {key: encode(item, depth=depth + 1) for key, item in parts.items()}
    return {
        "__sparse__": {
            "format": fmt,
            "kind": kind,
            "shape": [int(n) for n in value.shape],
            "parts": encoded,
        }
    }


def encode(value: Any, *, allow_callables: bool = False, depth: int = 0) -> Any:
    """Turn `value` into JSON-ready data, or raise UnsupportedValue saying why."""
    if depth > MAX_DEPTH:
        raise UnsupportedValue(f"data nested more than {MAX_DEPTH} levels deep")
    if value is None or type(value) is bool or type(value) is str:
        return value
    if isinstance(value, np.generic):
        return {"__npscalar__": _encode_array(np.asarray(value))["__ndarray__"]}
    if isinstance(value, int):
        return int.__index__(value) if type(value) is int else int(int.__repr__(value))
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, complex):
        return {"__complex__": [_encode_float(value.real), _encode_float(value.imag)]}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, np.ndarray):
        # By module, not isinstance: that would import numpy.ma, which NumPy loads lazily.
        if (type(value).__module__ or "").startswith("numpy.ma"):
            raise UnsupportedValue(
                "a masked array (numpy.ma: its mask would be lost on the way; .filled(value) "
                "or .compressed() give a plain array)")
        return _encode_array(value)
    fmt = _sparse_format(value)
    if fmt is not None:
        return _encode_sparse(value, fmt, depth)
    inner = dict(allow_callables=allow_callables, depth=depth + 1)
    if isinstance(value, tuple):
        return {"__tuple__": [encode(item, **inner) for item in tuple.__iter__(value)]}
    if isinstance(value, list):
        return [encode(item, **inner) for item in list.__iter__(value)]
    if isinstance(value, dict):
        if type(value) is not dict:
            # SciPy's result objects are dict subclasses: exercises ask for plain values.
            raise UnsupportedValue(f"an object of type {_type_name(value)} (a dict subclass, "
                                   "like SciPy's result objects: return the fields the "
                                   "docstring asks for, such as result.x)")
        return {
            "__dict__": [
                [encode(key, **inner), encode(item, **inner)] for key, item in dict.items(value)
            ]
        }
    if allow_callables and isinstance(value, types.FunctionType):
        module = value.__module__ or ""
        if not module.startswith(CALLABLES_PACKAGE + ".") or "." in value.__qualname__:
            raise UnsupportedValue(
                f"function {value.__qualname__} is not a top-level function of a "
                f"{CALLABLES_PACKAGE} module; only those travel"
            )
        return {"__callable__": f"{module}:{value.__qualname__}"}
    if callable(value):
        # An interpolator or fitted model returned where its values were asked for.
        raise UnsupportedValue(f"an object of type {_type_name(value)} (something to call, "
                               "not its values: call it at the points the docstring names "
                               "and return what that gives)")
    raise UnsupportedValue(f"an object of type {_type_name(value)}")


def _decode_array(spec: Any) -> np.ndarray:
    if not isinstance(spec, dict) or set(spec) != {"dtype", "shape", "data"}:
        raise UnsupportedValue("a malformed array")
    dtype = np.dtype(spec["dtype"])
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None:
        raise UnsupportedValue(f"an array of dtype {dtype}")
    shape = tuple(int(n) for n in spec["shape"])
    if any(n < 0 for n in shape):
        raise UnsupportedValue("an array with a negative dimension")
    raw = base64.b64decode(spec["data"], validate=True)
    if len(raw) != dtype.itemsize * math.prod(shape):
        raise UnsupportedValue("an array whose data does not fill its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_sparse(spec: Any, decode_item: Callable[[Any], Any]) -> Any:
    from scipy import sparse

    fmt, kind = spec.get("format"), spec.get("kind")
    if fmt not in _SPARSE_FORMATS or kind not in ("array", "matrix"):
        raise UnsupportedValue("a malformed sparse array")
    shape = tuple(int(n) for n in spec["shape"])
    parts = {key: decode_item(item) for key, item in dict(spec["parts"]).items()}
    if not all(isinstance(parts.get(key), np.ndarray) for key in ("data",)):
        raise UnsupportedValue("a malformed sparse array")
    build = getattr(sparse, f"{fmt}_{kind}")
    if fmt in ("csr", "csc"):
        return build((parts["data"], parts["indices"], parts["indptr"]), shape=shape)
    if fmt == "bsr":
        return build(
            (parts["data"], parts["indices"], parts["indptr"]),
            shape=shape,
            blocksize=tuple(parts["blocksize"]),
        )
    coo = getattr(sparse, f"coo_{kind}")((parts["data"], (parts["row"], parts["col"])), shape=shape)
    return coo if fmt == "coo" else coo.asformat(fmt)


def _resolve_callable(reference: Any) -> Callable[..., Any]:
    module_name, _, name = reference.partition(":") if isinstance(reference, str) else ("", "", "")
    parts = module_name.split(".")
    if (not module_name.startswith(CALLABLES_PACKAGE + ".") or len(parts) != 3
            or not all(part.isidentifier() for part in parts) or not name.isidentifier()):
        raise UnsupportedValue("a malformed function reference")
    function = getattr(importlib.import_module(module_name), name, None)
    if not isinstance(function, types.FunctionType) or function.__module__ != module_name:
        raise UnsupportedValue(f"{module_name} has no function {name!r}")
    return function


def decode(data: Any, *, allow_callables: bool = False, depth: int = 0) -> Any:
    """Rebuild a value from `encode`'s output, as built-in types and real NumPy/SciPy ones."""
    if depth > MAX_DEPTH + 2:
        raise UnsupportedValue(f"data nested more than {MAX_DEPTH} levels deep")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    inner = dict(allow_callables=allow_callables, depth=depth + 1)
    if isinstance(data, list):
        return [decode(item, **inner) for item in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise UnsupportedValue("malformed data")
    (tag, body), = data.items()
    if tag == "__float__":
        if body not in ("nan", "inf", "-inf"):
            raise UnsupportedValue("a malformed float")
        return float(body)
    if tag == "__complex__":
        real, imag = (decode(part, **inner) for part in body)
        return complex(float(real), float(imag))
    if tag == "__bytes__":
        return base64.b64decode(body, validate=True)
    if tag == "__ndarray__":
        return _decode_array(body)
    if tag == "__npscalar__":
        array = _decode_array(body)
        if array.shape != ():
            raise UnsupportedValue("a malformed NumPy scalar")
        return array[()]
    if tag == "__tuple__":
        return tuple(decode(item, **inner) for item in body)
    if tag == "__dict__":
        result = {}
        for pair in body:
            key, value = pair
            key, value = decode(key, **inner), decode(value, **inner)
            try:
                result[key] = value
            except TypeError as exc:
                raise UnsupportedValue(f"a dict key that cannot be hashed: {exc}") from None
        return result
    if tag == "__sparse__":
        return _decode_sparse(body, lambda item: decode(item, **inner))
    if tag == "__callable__" and allow_callables:
        return _resolve_callable(body)
    raise UnsupportedValue(f"unknown data tag {tag!r}")


def dumps(value: Any, *, allow_callables: bool = False) -> bytes:
    return json.dumps(encode(value, allow_callables=allow_callables), allow_nan=False).encode()


def loads(raw: bytes, *, allow_callables: bool = False) -> Any:
    return decode(json.loads(raw), allow_callables=allow_callables)
