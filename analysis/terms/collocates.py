"""Collocates of framing terms: the words that stand next to each lexicon term, per outlet.

The node is a lexicon hit (its character offsets in the article's clean text); the window is
``window`` words of the text on each side of it (stop words and numbers count as positions,
as in most concordancers, but are never collocates). The association measure is logDice
(Rychlý 2008), which unlike PMI does not reward rare words and does not depend on corpus size:

    logDice = 14 + log2(2 * f_xy / (f_x + f_y))

with f_xy the collocate's occurrences within the windows of the term (an occurrence near two
uses of the term counts once), f_x the term's hits in the outlet and f_y the collocate's
occurrences in all of the outlet's articles. 14 is the maximum when the two always occur
together; every halving of f_xy lowers the score by 1.

nltk's collocation finders score pairs of *tokens* from one token stream; a lexicon node is a
span given by character offsets (and may be several words), so the counts are made here and
logDice, which needs no library, is computed directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

import numpy as np
import polars as pl

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.terms.counting import (
    OutletTermCounts,
    outlet_term_counts,
    require_columns,
    term_of_word,
)
from analysis.tokens import word_spans

COLLOCATES = Schema(
    "collocates",
    (
        Column("outlet", pl.String, "outlet name"),
        Column("term", pl.String, "the lexicon term (the hits' term column)"),
        Column("collocate", pl.String, "a word within the window, in term form (terms.analyze)"),
        Column("count", pl.Int64, "occurrences of the collocate within the windows of the term"),
        Column(
            "score",
            pl.Float64,
            "logDice: 14 + log2(2 * count / (term_count + "
            "collocate_count)); 14 at most, higher is stronger",
        ),
        Column("measure", pl.String, "'logdice'"),
        Column("rank", pl.Int64, "1 = strongest collocate of the term in the outlet"),
        Column("term_count", pl.Int64, "hits of the term in the outlet (f_x)"),
        Column("collocate_count", pl.Int64, "occurrences of the collocate in the outlet (f_y)"),
    ),
)


def collocates(
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    window: int = 5,
    min_count: int = 2,
    top: int = 10,
    counts: OutletTermCounts | None = None,
) -> pl.DataFrame:
    """The ``top`` strongest collocates of each lexicon term in each outlet (``COLLOCATES``).

    ``articles`` is an ARTICLES table (``id``, ``outlet``, ``clean_text``); ``hits`` a HITS
    table from the lexicon layer (``id``, ``term``, ``start``, ``end``: character offsets
    into clean_text, end exclusive). A collocate is listed only if it occurs at least
    ``min_count`` times (default 2) within ``window`` words (default 5) of the term.
    Rows are sorted by outlet, term and rank; ties in score go to the higher count, then
    alphabetical order. ``counts`` reuses the single-word counts of
    :func:`analysis.terms.outlet_term_counts` (pruned at most to ``min_count``) for the
    collocates' frequencies; by default they are counted here.
    """
    require_columns(articles, ("id", "outlet", "clean_text"), "articles")
    require_columns(hits, ("id", "term", "start", "end"), "hits")
    if window < 1 or min_count < 1 or top < 1:
        raise FramelensError(
            f"window, min_count and top must be at least 1; got {window}, {min_count}, {top}"
        )
    if hits.is_empty():
        return COLLOCATES.empty()
    texts = dict(articles.select("id", pl.col("clean_text").fill_null("")).iter_rows())
    outlets = dict(articles.select("id", pl.col("outlet").fill_null("unknown")).iter_rows())
    unknown = hits.filter(~pl.col("id").is_in(list(texts)))["id"].unique().sort()
    if unknown.len():
        raise FramelensError(
            f"hits refer to {unknown.len()} article id(s) not in the articles table "
            f"(first: {unknown[0]!r}); pass the hits made from these articles"
        )

    near: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    term_hits: Counter[tuple[str, str]] = Counter()
    ordered = (
        hits.select("id", "term", "start", "end")
        .filter(pl.col("term").is_not_null())
        .sort("id", "term", "start")
    )
    for (article_id, term), spans in ordered.group_by(["id", "term"], maintain_order=True):
        outlet = outlets[article_id]
        term_hits[outlet, term] += spans.height
        near[outlet, term].update(
            _window_words(
                texts[article_id], spans["start"].to_list(), spans["end"].to_list(), window
            )
        )

    if counts is None:
        with_hits = pl.col("outlet").fill_null("unknown").is_in([outlet for outlet, _ in near])
        counts = outlet_term_counts(articles.filter(with_hits), ngram_range=(1, 1))
    elif counts.ngram_range[0] != 1 or counts.min_total_count > min_count:
        raise FramelensError(
            "collocates need counts of single words pruned at most to min_count "
            f"({min_count}); got counts of {counts.ngram_range} words pruned below "
            f"{counts.min_total_count} uses: make them with outlet_term_counts(articles, "
            f"min_total_count={min_count}) or leave counts out"
        )
    tables = [
        _ranked_collocates(outlet, term, found, term_hits[outlet, term], counts, min_count, top)
        for (outlet, term), found in sorted(near.items())
    ]
    return pl.concat(tables, how="vertical") if tables else COLLOCATES.empty()


def _window_words(text: str, starts: list[int], ends: list[int], window: int) -> list[str]:
    """Term-form words within ``window`` words of any of the node spans in one article.

    Every word position is counted once, however many nodes it is near; words of the
    nodes themselves are left out.
    """
    spans = list(word_spans(text))
    word_starts = [start for start, _ in spans]
    word_ends = [end for _, end in spans]
    nodes: set[int] = set()
    for start, end in zip(starts, ends, strict=True):
        # Words overlapping [start, end): the first ending after start to the last starting
        # before end.
        nodes.update(range(bisect_right(word_ends, start), bisect_left(word_starts, end)))
    around: set[int] = set()
    for position in nodes:
        around.update(range(max(0, position - window), min(len(spans), position + window + 1)))
    words = (term_of_word(text[spans[i][0] : spans[i][1]]) for i in sorted(around - nodes))
    return [word for word in words if word is not None]


def _outlet_counts(counts: OutletTermCounts, outlet: str, words: list[str]) -> np.ndarray:
    """Occurrences of each of ``words`` (all in ``counts.terms``) in the outlet, as int64."""
    columns = np.searchsorted(counts.terms, np.array(words, dtype=object))
    found = columns < counts.terms.size
    if outlet not in counts.outlets or not found.all() or list(counts.terms[columns]) != words:
        raise FramelensError(
            "collocates: the counts passed in were not made from these articles (an outlet "
            "or a word near a term is missing from them); leave counts out to count here"
        )
    row = counts.counts.tocsr()[counts.outlets.index(outlet)]
    return row[:, columns].toarray().ravel().astype(np.int64)


def _ranked_collocates(
    outlet: str,
    term: str,
    found: Counter[str],
    term_count: int,
    outlet_counts: OutletTermCounts,
    min_count: int,
    top: int,
) -> pl.DataFrame:
    """The ``top`` collocates of one term in one outlet by logDice, as COLLOCATES rows."""
    kept = sorted(word for word, count in found.items() if count >= min_count)
    counts = np.array([found[word] for word in kept], dtype=np.int64)
    collocate_counts = _outlet_counts(outlet_counts, outlet, kept)
    scores = 14.0 + np.log2(2.0 * counts / (term_count + collocate_counts))
    # kept is alphabetical, so its position breaks the remaining ties.
    best = np.lexsort((np.arange(len(kept)), -counts, -scores))[:top]
    return pl.DataFrame(
        {
            "outlet": [outlet] * best.size,
            "term": [term] * best.size,
            "collocate": [kept[i] for i in best],
            "count": counts[best],
            "score": scores[best],
            "measure": ["logdice"] * best.size,
            "rank": np.arange(1, best.size + 1, dtype=np.int64),
            "term_count": np.full(best.size, term_count, dtype=np.int64),
            "collocate_count": collocate_counts[best],
        },
        schema=COLLOCATES.polars_schema(),
    )
