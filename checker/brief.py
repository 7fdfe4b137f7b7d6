"""Values as the messages show them: short enough to read at a glance, exact where small."""

from __future__ import annotations

from typing import Any

import numpy as np

# Arrays of up to this many values are shown whole; larger ones by their shape.
MAX_SHOWN = 10
# A call's arguments longer than this are cut, so one message stays a few lines.
MAX_CALL = 160


def brief(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= MAX_SHOWN:
            # One row a line: wrapping a row would read as a row of its own.
            return np.array2string(value, precision=6, separator=", ", max_line_width=200)
        return f"array of shape {value.shape}"
    if isinstance(value, np.generic):
        value = value.item()  # 0.25, not NumPy 2's np.float64(0.25)
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    if hasattr(value, "tocsr") and hasattr(value, "shape"):
        return f"sparse array of shape {value.shape}"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def call_text(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """`name(arg, ..., key=value)` with each value brief: the call a message is about."""
    # One line: a small 2-D array shows a row per line, which would break the call apart.
    shown = ", ".join(" ".join(text.split()) for text in [
        *map(brief, args), *(f"{k}={brief(v)}" for k, v in kwargs.items())])
    if len(shown) > MAX_CALL:
        shown = shown[:MAX_CALL - 3] + "..."
    return f"{name}({shown})"
