"""Distinctive terms per outlet: TF-IDF, log-odds with an informative prior, and G2 keyness.

Each outlet is compared with the rest of the corpus (every other outlet together) by three
methods, from the per-outlet counts of :func:`analysis.terms.outlet_term_counts`:

- ``tfidf``: scikit-learn's ``TfidfTransformer`` with each outlet as one document
  (sublinear tf ``1 + ln(count)``, smoothed idf ``1 + ln((1 + outlets) / (1 + outlets using
  the term))``, rows scaled to unit length). The score is the term's weight in the outlet;
  the unit length is taken over the terms counted (pruned at ``min_count``), so scores
  compare terms within an outlet, and pruning never changes the ranking.
- ``log_odds``: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
  Quinn 2008) from :func:`analysis.stats.log_odds_dirichlet`, with the prior of
  :func:`analysis.stats.informative_prior` (default strength). The score is the z-score;
  only terms with a positive z (used more by the outlet) are listed.
- ``log_likelihood``: Dunning's G2 (:func:`analysis.stats.log_likelihood_g2`) with Hardie's
  log ratio as effect size. Only terms the outlet uses *more* than the rest are listed.

Words and phrases are separate vocabularies: a term is scored against the totals of terms
with the same number of words (a phrase against all phrases of its length), and the log-odds
prior is made per length. Terms dropped by pruning are kept as one "other" category, so
totals and the prior are what they would have been without pruning.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from sklearn.feature_extraction.text import TfidfTransformer

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.stats import informative_prior, log_likelihood_g2, log_odds_dirichlet, log_ratio
from analysis.terms.counting import OutletTermCounts, outlet_term_counts
from analysis.terms.defaults import DEFAULT_NGRAM_RANGE, MIN_RELIABLE_ARTICLES, MIN_RELIABLE_WORDS

METHODS = ("tfidf", "log_odds", "log_likelihood")
"""The three scores, in the order they appear in the table."""


DISTINCTIVE = Schema(
    "distinctive_terms",
    (
        Column("outlet", pl.String, "outlet name"),
        Column("term", pl.String, "a word or a phrase of 2-3 adjacent words (terms.analyze)"),
        Column("method", pl.String, "'tfidf', 'log_odds' or 'log_likelihood'"),
        Column(
            "score",
            pl.Float64,
            "tfidf: the term's TF-IDF weight in the outlet (0-1); log_odds: z-score "
            "(standard deviations); log_likelihood: G2 (3.84 is p = 0.05)",
        ),
        Column("count_outlet", pl.Int64, "occurrences of the term in the outlet"),
        Column("count_rest", pl.Int64, "occurrences of the term in all other outlets"),
        Column("rank", pl.Int64, "1 = most distinctive, per outlet and method"),
        Column(
            "effect_size",
            pl.Float64,
            "log_likelihood: log ratio, log2 of the outlet's rate over the rest's rate "
            "(0.5 added to both counts); null for the other methods",
        ),
        Column("articles_outlet", pl.Int64, "number of the outlet's articles that use the term"),
        Column(
            "note",
            pl.String,
            "why the outlet's lists are unreliable (few articles or words), or null",
        ),
    ),
)


def distinctive_terms(
    articles: pl.DataFrame,
    *,
    top: int = 15,
    min_count: int = 3,
    min_articles: int = 2,
    counts: OutletTermCounts | None = None,
    ngram_range: tuple[int, int] = DEFAULT_NGRAM_RANGE,
) -> pl.DataFrame:
    """The ``top`` most distinctive terms of each outlet under each method (``DISTINCTIVE``).

    ``articles`` is an ARTICLES table (``outlet``, ``clean_text``; ``words`` if present).
    Guards, so one-off words do not top the lists: a term is listed for an outlet only if
    the outlet uses it at least ``min_count`` times (default 3) in at least ``min_articles``
    of its articles (default 2, lowered to the outlet's article count, so an outlet with a
    single article still gets a list). Outlets with fewer than ``MIN_RELIABLE_ARTICLES``
    articles or ``MIN_RELIABLE_WORDS`` words get a note on every row.
    Pass ``counts`` (from :func:`outlet_term_counts`, pruned at most to ``min_count``) to
    reuse counts already made. A word or phrase that only ever occurs inside one longer
    listed phrase is left out in favour of that phrase. Rows are sorted by outlet, method
    and rank; ties in score are broken by higher count, then term. With fewer than two
    outlets there is no rest of the corpus to compare with, and the table is empty.
    """
    if top < 1 or min_count < 1 or min_articles < 1:
        raise FramelensError(
            f"top, min_count and min_articles must be at least 1; got {top}, {min_count}, "
            f"{min_articles}"
        )
    if counts is None:
        counts = outlet_term_counts(articles, ngram_range=ngram_range, min_total_count=min_count)
    elif counts.min_total_count > min_count:
        raise FramelensError(
            f"distinctive terms with min_count={min_count} need counts pruned at most to "
            f"{min_count} uses; these were pruned below {counts.min_total_count}: make them "
            f"with outlet_term_counts(articles, min_total_count={min_count})"
        )
    if len(counts.outlets) < 2 or counts.terms.size == 0:
        return DISTINCTIVE.empty()

    all_counts = counts.counts.tocsr()
    presence = counts.article_counts.tocsr()
    corpus_counts = np.asarray(all_counts.sum(axis=0)).ravel()
    lengths = counts.words_in_terms() - counts.ngram_range[0]
    corpus_totals = counts.totals.sum(axis=0)
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(all_counts.astype(float)).tocsr()

    tables = []
    for index, outlet in enumerate(counts.outlets):
        focus = all_counts[index].toarray().ravel()
        rest = corpus_counts - focus
        focus_totals, rest_totals = counts.totals[index], corpus_totals - counts.totals[index]
        used_in = presence[index].toarray().ravel()
        enough_articles = min(min_articles, int(counts.articles[index]))
        candidates = np.flatnonzero((focus >= min_count) & (used_in >= enough_articles))
        candidates = _without_parts_of_phrases(candidates, counts.terms, focus, rest)
        # Scores of the candidates only (log-odds needs the whole vocabulary for its totals).
        candidate_lengths = lengths[candidates]
        g2, effect, overused = _keyness(
            focus[candidates],
            rest[candidates],
            focus_totals[candidate_lengths],
            rest_totals[candidate_lengths],
        )
        log_odds = _log_odds_z(focus, rest, lengths, focus_totals, rest_totals)[candidates]
        scores = {
            "tfidf": tfidf[index].toarray().ravel()[candidates],
            "log_odds": log_odds,
            "log_likelihood": g2,
        }
        listed = {
            "tfidf": np.ones(candidates.size, dtype=bool),
            "log_odds": log_odds > 0,
            "log_likelihood": overused,
        }
        for method in METHODS:
            chosen = np.flatnonzero(listed[method])  # positions in candidates
            score = scores[method][chosen]
            # Terms are sorted, so their column number breaks ties alphabetically.
            order = np.lexsort((candidates[chosen], -focus[candidates[chosen]], -score))[:top]
            best = candidates[chosen[order]]
            tables.append(
                pl.DataFrame(
                    {
                        "outlet": [outlet] * best.size,
                        "term": counts.terms[best].tolist(),
                        "method": [method] * best.size,
                        "score": score[order].astype(float),
                        "count_outlet": focus[best].astype(np.int64),
                        "count_rest": rest[best].astype(np.int64),
                        "rank": np.arange(1, best.size + 1, dtype=np.int64),
                        "effect_size": effect[chosen[order]]
                        if method == "log_likelihood"
                        else None,
                        "articles_outlet": used_in[best].astype(np.int64),
                        "note": [_note(counts, index)] * best.size,
                    },
                    schema=DISTINCTIVE.polars_schema(),
                )
            )
    if not tables:
        return DISTINCTIVE.empty()
    return pl.concat(tables, how="vertical")


def _without_parts_of_phrases(
    candidates: np.ndarray, terms: np.ndarray, focus: np.ndarray, rest: np.ndarray
) -> np.ndarray:
    """``candidates`` without the terms that only ever occur inside one longer candidate.

    A word or phrase is left out when a longer candidate phrase containing it has the same
    count in the outlet and in the rest: every use of the shorter term is then a use of the
    longer one ("commenting" and "using" in "commenting using"), and listing both would
    only repeat it.
    """
    index_of = {terms[index]: index for index in candidates}
    redundant: set[int] = set()
    for index in candidates:
        words = terms[index].split(" ")
        for size in range(1, len(words)):
            for first in range(len(words) - size + 1):
                part = index_of.get(" ".join(words[first : first + size]))
                if part is not None and focus[part] == focus[index] and rest[part] == rest[index]:
                    redundant.add(part)
    if not redundant:
        return candidates
    return candidates[~np.isin(candidates, list(redundant))]


def _log_odds_z(
    focus: np.ndarray,
    rest: np.ndarray,
    lengths: np.ndarray,
    focus_totals: np.ndarray,
    rest_totals: np.ndarray,
) -> np.ndarray:
    """z-scores of the log-odds ratio with an informative prior, one vocabulary per length.

    Occurrences of terms pruned from the counts form one extra "other" category, so each
    group's total and the prior are those of the unpruned vocabulary.
    """
    z = np.zeros(focus.size)
    for length in range(focus_totals.size):
        in_length = lengths == length
        if not in_length.any():
            continue
        focus_part = focus[in_length].astype(float)
        rest_part = rest[in_length].astype(float)
        other_focus = focus_totals[length] - focus_part.sum()
        other_rest = rest_totals[length] - rest_part.sum()
        if other_focus + other_rest > 0:
            focus_part = np.append(focus_part, other_focus)
            rest_part = np.append(rest_part, other_rest)
        if focus_part.size < 2:
            continue  # a single category holds every occurrence: nothing to compare, z = 0
        prior = informative_prior(focus_part + rest_part)
        z[in_length] = log_odds_dirichlet(focus_part, rest_part, prior)[2][: in_length.sum()]
    return z


def _keyness(
    focus: np.ndarray, rest: np.ndarray, total_focus: np.ndarray, total_rest: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(G2, log ratio, used more by the outlet) per term, given the totals of its length.

    Where the outlet or the rest has no terms of a length at all, G2 is 0, the log ratio
    NaN and the term is not counted as used more.
    """
    comparable = (total_focus > 0) & (total_rest > 0)
    g2 = np.zeros(focus.size)
    effect = np.full(focus.size, np.nan)
    if comparable.any():
        args = (
            focus[comparable],
            total_focus[comparable],
            rest[comparable],
            total_rest[comparable],
        )
        g2[comparable] = log_likelihood_g2(*args)
        effect[comparable] = log_ratio(*args)
    # Compare rates without dividing: focus / total_focus > rest / total_rest.
    overused = comparable & (focus * total_rest > rest * total_focus)
    return g2, effect, overused


def _note(counts: OutletTermCounts, index: int) -> str | None:
    """Why an outlet's lists are unreliable, or None."""
    articles, words = int(counts.articles[index]), int(counts.words[index])
    reasons = []
    if articles < MIN_RELIABLE_ARTICLES:
        reasons.append(f"{articles} article" + ("" if articles == 1 else "s"))
    if words < MIN_RELIABLE_WORDS:
        reasons.append(f"{words:,} words")
    if not reasons:
        return None
    return (
        f"outlet has only {' and '.join(reasons)} (fewer than {MIN_RELIABLE_ARTICLES} articles "
        f"or {MIN_RELIABLE_WORDS:,} words): the lists describe these articles more than the "
        "outlet and are unreliable"
    )
