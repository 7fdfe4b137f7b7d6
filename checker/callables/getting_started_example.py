"""A function the codec's tests hand across the boundary."""

from __future__ import annotations

import numpy as np


def double(x: float) -> float:
    return 2.0 * float(np.asarray(x))
