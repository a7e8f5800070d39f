"""Do outlets differ? The k x 2 homogeneity test of a term across k outlets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from analysis.errors import FramelensError
from analysis.stats.checks import _check_within, _non_negative, _positive
from analysis.stats.defaults import (
    MAX_SHARE_SMALL_EXPECTED,
    MIN_EXPECTED_COUNT,
    SMALL_EXPECTED_COUNT,
)
from analysis.stats.keyness import _g2_from_table, g2_p_value


@dataclass(frozen=True)
class OutletDifference:
    """The k x 2 homogeneity test for one term across k outlets.

    ``g2`` (unitless), ``df`` = k - 1, ``p_value``; ``min_expected`` is the smallest count of
    the term expected in any outlet if all outlets used it at the same rate; ``too_small`` is
    True when the expected counts fail Cochran's rule (any below 1, or more than a fifth of
    them below 5), and the result should read "counts too small to tell".
    """

    g2: float
    df: int
    p_value: float
    min_expected: float
    too_small: bool


@dataclass(frozen=True)
class OutletDifferences:
    """:class:`OutletDifference` for many terms: one array entry per term (``df`` is shared)."""

    g2: np.ndarray
    df: int
    p_value: np.ndarray
    min_expected: np.ndarray
    too_small: np.ndarray


def outlets_differ_many(counts: ArrayLike, totals: ArrayLike) -> OutletDifferences:
    """Log-likelihood G2 test of whether k outlets use each term at the same rate.

    ``counts`` is (terms x outlets): occurrences of each term per outlet; ``totals`` (outlets)
    the words of each outlet (> 0). Per term the table is k x 2, [count, total - count] per
    outlet; df = k - 1. Returns :class:`OutletDifferences` with one entry per term; a term no
    outlet uses gets G2 0, p 1 and ``too_small`` True.
    """
    counts_array = _non_negative(counts, "counts")
    totals_array = _positive(totals, "totals")
    if counts_array.ndim != 2 or totals_array.ndim != 1:
        raise FramelensError(
            f"counts must be terms x outlets and totals one per outlet; got shapes "
            f"{counts_array.shape} and {totals_array.shape}"
        )
    if counts_array.shape[1] != totals_array.size:
        raise FramelensError(
            f"counts have {counts_array.shape[1]} outlets but totals {totals_array.size}"
        )
    outlets = totals_array.size
    if outlets < 2:
        raise FramelensError("comparing outlets needs at least two outlets")
    _check_within(counts_array, totals_array[None, :], "outlets")
    table = np.stack([counts_array, totals_array[None, :] - counts_array], axis=-1)
    g2 = _g2_from_table(table)
    df = outlets - 1
    expected_counts = counts_array.sum(axis=1, keepdims=True) * totals_array / totals_array.sum()
    min_expected = expected_counts.min(axis=1)
    share_small = (expected_counts < SMALL_EXPECTED_COUNT).mean(axis=1)
    return OutletDifferences(
        g2=g2,
        df=df,
        p_value=g2_p_value(g2, df),
        min_expected=min_expected,
        too_small=(min_expected < MIN_EXPECTED_COUNT)
        | (share_small > MAX_SHARE_SMALL_EXPECTED),
    )


def outlets_differ(counts: ArrayLike, totals: ArrayLike) -> OutletDifference:
    """Log-likelihood G2 test of whether k outlets use one term at the same rate.

    ``counts`` has the term's occurrences per outlet, ``totals`` the words per outlet (> 0).
    Returns :class:`OutletDifference` (g2, df = k - 1, p_value, min_expected, too_small).
    """
    counts_array = np.asarray(counts, dtype=float)
    if counts_array.ndim != 1:
        raise FramelensError(f"counts must be one entry per outlet; got shape {counts_array.shape}")
    many = outlets_differ_many(counts_array[None, :], totals)
    return OutletDifference(
        g2=float(many.g2[0]),
        df=many.df,
        p_value=float(many.p_value[0]),
        min_expected=float(many.min_expected[0]),
        too_small=bool(many.too_small[0]),
    )
