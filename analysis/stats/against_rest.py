"""Each unit against the rest of the corpus: exact binomial tests, corrected for many
comparisons (Benjamini-Hochberg)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as scipy_stats

from analysis.errors import FramelensError
from analysis.stats.checks import _check_within, _non_negative, _positive


@dataclass(frozen=True)
class AgainstRest:
    """Exact tests of each unit's count of a term against the rest of the corpus.

    Every array is terms x units. ``rest_count`` and ``rest_words`` are the other units'
    counts and words; ``rate_ratio`` is the unit's rate over the rest's rate (inf when the
    rest never uses the term, nan when no one does); ``p_value`` is the exact two-sided
    conditional binomial test; ``q_value`` the Benjamini-Hochberg adjusted p-value over every
    entry that was tested; ``tested`` is False where the term has no use at all.
    """

    rest_count: np.ndarray
    rest_words: np.ndarray
    rate_ratio: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    tested: np.ndarray


def binomial_two_sided(count: ArrayLike, trials: ArrayLike, share: ArrayLike) -> np.ndarray:
    """Two-sided p-value of ``count`` successes in ``trials`` with chance ``share`` each:
    twice the smaller tail, at most 1 (exact; element-wise)."""
    count_array = np.asarray(count, dtype=float)
    trials_array = np.asarray(trials, dtype=float)
    share_array = np.asarray(share, dtype=float)
    upper = scipy_stats.binom.sf(count_array - 1, trials_array, share_array)
    lower = scipy_stats.binom.cdf(count_array, trials_array, share_array)
    return np.minimum(1.0, 2.0 * np.minimum(upper, lower))


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of a flat array of p-values, in the
    same order: an entry with q below a level is a discovery at that false discovery rate."""
    p = np.asarray(p_values, dtype=float).ravel()
    if p.size == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * p.size / np.arange(1, p.size + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty_like(p)
    q[order] = np.minimum(adjusted, 1.0)
    return q


def against_rest(counts: ArrayLike, totals: ArrayLike) -> AgainstRest:
    """Each unit (an outlet, a group, a pool) against all the others, for every term.

    ``counts`` is terms x units (uses of each term), ``totals`` the words of each unit (> 0).
    Given a term's total uses n, under equal rates a unit's uses are Binomial(n, its share of
    the words); the exact two-sided test of that is the unit's ``p_value``, valid however
    small the counts (no expected-count rule). The q-values correct for every term x unit
    tested at once (Benjamini-Hochberg), so a large corpus with many units does not turn
    chance gaps into findings.
    """
    counts_array = _non_negative(counts, "counts")
    totals_array = _positive(totals, "totals")
    if counts_array.ndim != 2 or counts_array.shape[1] != totals_array.size:
        raise FramelensError(
            f"counts must be terms x units with one total per unit; got shapes "
            f"{counts_array.shape} and {totals_array.shape}"
        )
    if totals_array.size < 2:
        raise FramelensError("comparing against the rest needs at least two units")
    _check_within(counts_array, totals_array[None, :], "units")
    uses = counts_array.sum(axis=1, keepdims=True)
    rest_count = uses - counts_array
    rest_words = totals_array.sum() - totals_array
    share = totals_array / totals_array.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_ratio = (counts_array / totals_array) / (rest_count / rest_words)
    tested = np.broadcast_to(uses > 0, counts_array.shape).copy()
    p_value = np.ones_like(counts_array)
    p_value[tested] = binomial_two_sided(
        counts_array[tested], np.broadcast_to(uses, counts_array.shape)[tested],
        np.broadcast_to(share, counts_array.shape)[tested])
    q_value = np.ones_like(counts_array)
    q_value[tested] = benjamini_hochberg(p_value[tested])
    return AgainstRest(
        rest_count=rest_count,
        rest_words=np.broadcast_to(rest_words, counts_array.shape).copy(),
        rate_ratio=rate_ratio,
        p_value=p_value,
        q_value=q_value,
        tested=tested,
    )
