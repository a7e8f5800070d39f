"""Checks of the numbers the statistics are given: one-line errors naming what is wrong."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from analysis.errors import FramelensError


def _non_negative(values: ArrayLike, name: str) -> np.ndarray:
    """``values`` as a float array, or FramelensError if any entry is negative or not finite."""
    array = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(array)):
        raise FramelensError(f"{name} must be finite numbers; found NaN or infinity")
    if np.any(array < 0):
        raise FramelensError(f"{name} must not be negative; found {array.min()}")
    return array


def _positive(values: ArrayLike, name: str) -> np.ndarray:
    array = _non_negative(values, name)
    if np.any(array == 0):
        raise FramelensError(f"{name} must be greater than 0; drop empty corpora or outlets first")
    return array


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise FramelensError(f"confidence level must be between 0 and 1 (e.g. 0.95); got {level}")


def _check_within(counts: np.ndarray, totals: np.ndarray, what: str) -> None:
    if np.any(counts > totals):
        raise FramelensError(f"{what}: a term count is larger than its total number of words")
