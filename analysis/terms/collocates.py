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

import numpy as np
import polars as pl
from scipy import sparse

from analysis.errors import FramelensError
from analysis.schema import Column, Schema
from analysis.terms.counting import OutletTermCounts, outlet_term_counts, require_columns
from analysis.terms.defaults import EXCERPT_REACH
from analysis.terms.matrix import distinct, token_codes
from analysis.terms.tokenize import word_offsets

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


HIT_COLUMNS = ("id", "term", "start", "end")
"""The HITS columns :func:`collocates` reads (a caller may pass only these)."""


def collocates(
    articles: pl.DataFrame,
    hits: pl.DataFrame,
    *,
    window: int = 5,
    min_count: int = 2,
    top: int = 10,
    counts: OutletTermCounts | None = None,
    nearby: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The ``top`` strongest collocates of each lexicon term in each outlet (``COLLOCATES``).

    ``articles`` is an ARTICLES table (``id``, ``outlet``, ``clean_text``); ``hits`` a HITS
    table from the lexicon layer (``id``, ``term``, ``start``, ``end``: character offsets
    into clean_text, end exclusive). A collocate is listed only if it occurs at least
    ``min_count`` times (default 2) within ``window`` words (default 5) of the term.
    Rows are sorted by outlet, term and rank; ties in score go to the higher count, then
    alphabetical order. ``counts`` reuses the single-word counts of
    :func:`analysis.terms.outlet_term_counts` (pruned at most to ``min_count``) for the
    collocates' frequencies; by default they are counted here. ``nearby`` reuses the
    :func:`nearby_words` of these articles and hits with the same ``window`` (made batch by
    batch and concatenated); by default the articles are read here. With both, ``clean_text``
    is not read.
    """
    reads_texts = nearby is None or counts is None
    require_columns(
        articles, ("id", "outlet", "clean_text") if reads_texts else ("id", "outlet"), "articles"
    )
    require_columns(hits, HIT_COLUMNS, "hits")
    if window < 1 or min_count < 1 or top < 1:
        raise FramelensError(
            f"window, min_count and top must be at least 1; got {window}, {min_count}, {top}"
        )
    if hits.is_empty():
        return COLLOCATES.empty()
    text = ("clean_text",) if reads_texts else ()
    known = articles.select("id", *text, pl.col("outlet").fill_null("unknown"))
    if known["id"].is_duplicated().any():  # as before: the last article with an id counts
        known = known.unique("id", keep="last", maintain_order=True)
    unknown = hits.filter(~pl.col("id").is_in(known["id"].implode()))["id"].unique().sort()
    if unknown.len():
        raise FramelensError(
            f"hits refer to {unknown.len()} article id(s) not in the articles table "
            f"(first: {unknown[0]!r}); pass the hits made from these articles"
        )

    hits = hits.filter(pl.col("term").is_not_null())
    if nearby is None:
        nearby = nearby_words(known, hits, window)
    found = nearby.group_by("outlet", "term", "collocate").agg(pl.col("count").sum())
    term_counts = (
        hits.select("id", "term")
        .join(known.select("id", "outlet"), on="id", how="left")
        .group_by("outlet", "term")
        .agg(term_count=pl.len().cast(pl.Int64))
    )
    if counts is None:
        outlets = term_counts["outlet"].unique().implode()
        with_hits = pl.col("outlet").fill_null("unknown").is_in(outlets)
        counts = outlet_term_counts(articles.filter(with_hits), ngram_range=(1, 1))
    elif counts.ngram_range[0] != 1 or counts.min_total_count > min_count:
        raise FramelensError(
            "collocates need counts of single words pruned at most to min_count "
            f"({min_count}); got counts of {counts.ngram_range} words pruned below "
            f"{counts.min_total_count} uses: make them with outlet_term_counts(articles, "
            f"min_total_count={min_count}) or leave counts out"
        )
    if term_counts.is_empty():
        return COLLOCATES.empty()
    kept = found.filter(pl.col("count") >= min_count).join(
        term_counts, on=["outlet", "term"], how="left"
    )
    collocate_counts = _outlet_counts(counts, term_counts["outlet"].unique(), kept)
    return _ranked(kept, collocate_counts, top)


NEARBY = Schema(
    "nearby words",
    (
        Column("outlet", pl.String, "outlet name"),
        Column("term", pl.String, "the lexicon term"),
        Column("collocate", pl.String, "a word within the window, in term form (terms.analyze)"),
        Column("count", pl.Int64, "occurrences within the windows of the term"),
    ),
)


def nearby_words(articles: pl.DataFrame, hits: pl.DataFrame, window: int = 5) -> pl.DataFrame:
    """How often each word stands within ``window`` words of each term, per outlet (``NEARBY``).

    ``articles`` needs ``id``, ``outlet`` and ``clean_text``; ``hits`` ``id``, ``term``,
    ``start`` and ``end``. A hit's nodes are the words overlapping [start, end) (the first
    ending after start to the last starting before end); each word position within
    ``window`` words of any node of the same (article, term) counts once, and words of the
    nodes themselves are left out. Windows never leave an article, so the tables of batches
    of articles (with their hits), concatenated and summed by (outlet, term, collocate), are
    the table of all of them.

    Only the text around the hits is tokenized: stretches reaching ``EXCERPT_REACH``
    characters either side of each hit (joined where they overlap, widened to the nearest
    space so no word is cut). An article where some hit has fewer than ``window`` words
    before or after it inside its stretch (long words, numbers, punctuation) is tokenized
    whole instead, so the counts are exactly those of whole articles.
    """
    hits = hits.filter(pl.col("term").is_not_null())
    if hits.is_empty():
        return NEARBY.empty()
    articles = articles.select("id", "clean_text", pl.col("outlet").fill_null("unknown"))
    with_hits = articles.filter(pl.col("id").is_in(hits["id"].unique().implode()))
    texts = dict(with_hits.select("id", "clean_text").iter_rows())
    excerpts = _excerpts(texts, hits, EXCERPT_REACH)
    counted, too_short = _count_nearby(excerpts, with_hits, hits, window)
    if too_short:
        whole = pl.DataFrame(
            [(article_id, 0, texts[article_id], True, True) for article_id in too_short],
            schema=_EXCERPT_SCHEMA,
            orient="row",
        )
        again, _ = _count_nearby(
            whole, with_hits, hits.filter(pl.col("id").is_in(too_short)), window
        )
        counted = pl.concat([counted.filter(~pl.col("id").is_in(too_short)), again])
    found = counted.group_by("outlet", "term", "collocate").agg(count=pl.len().cast(pl.Int64))
    return found.select(NEARBY.names).cast(NEARBY.polars_schema())


_EXCERPT_SCHEMA = {"id": pl.String, "start": pl.Int64, "text": pl.String,
                   "at_start": pl.Boolean, "at_end": pl.Boolean}  # fmt: skip


def _excerpts(texts: dict[str, str], hits: pl.DataFrame, reach: int) -> pl.DataFrame:
    """(id, start, text, at_start, at_end): the stretches of each article around its hits.

    Each hit's [start - reach, end + reach) is clipped to the text, overlapping ranges are
    joined, and each range is widened to start just after a space or line break and to stop
    at one (or at the text's ends), so that it holds whole words only. ``at_start`` and
    ``at_end`` say whether a stretch starts or ends where the article text does.
    """
    ranges = (
        hits.select("id", "start", "end")
        .sort("id", "start")
        .with_columns(low=pl.col("start") - reach, high=pl.col("end") + reach)
        .with_columns(
            new=(pl.col("low") > pl.col("high").cum_max().shift(1).over("id"))
            .fill_null(True)
            .cum_sum()
        )
        .group_by("id", "new", maintain_order=True)
        .agg(pl.col("low").min(), pl.col("high").max())
    )
    rows = []
    for article_id, low, high in ranges.select("id", "low", "high").iter_rows():
        text = texts[article_id]
        low = max(text.rfind(" ", 0, max(low, 0)), text.rfind("\n", 0, max(low, 0))) + 1
        stops = [found for found in (text.find(" ", high), text.find("\n", high)) if found >= 0]
        high = min(stops) if stops and high < len(text) else len(text)
        if rows and rows[-1][0] == article_id and low <= rows[-1][2]:
            low = rows[-1][1]  # widening made it touch the stretch before: join them
            rows.pop()
        rows.append((article_id, low, high))
    return pl.DataFrame(
        [(article_id, low, texts[article_id][low:high], low == 0,
          high == len(texts[article_id])) for article_id, low, high in rows],
        schema=_EXCERPT_SCHEMA,
        orient="row",
    )  # fmt: skip


def _count_nearby(
    excerpts: pl.DataFrame, articles: pl.DataFrame, hits: pl.DataFrame, window: int
) -> tuple[pl.DataFrame, list[str]]:
    """(id, outlet, term, collocate) of every word near a node, one row per position, and
    the ids of articles where a window reached past its stretch of text (to be read whole).

    ``excerpts`` are (id, start, text, at_start, at_end) stretches of the articles that hold
    all their hits (:func:`_excerpts`), or whole texts.
    """
    starts, ends, words, per_excerpt = word_offsets(excerpts["text"])
    excerpt_start = excerpts["start"].to_numpy().astype(np.int64)
    first_word = np.cumsum(per_excerpt) - per_excerpt
    excerpt_of_word = np.repeat(np.arange(per_excerpt.size, dtype=np.int64), per_excerpt)
    starts = starts + excerpt_start[excerpt_of_word]  # offsets in the article text
    ends = ends + excerpt_start[excerpt_of_word]
    groups = hits.select("id", "term").unique(maintain_order=True).with_row_index("group")
    table = (
        hits.select("id", "term", "start", "end")
        .join(groups, on=["id", "term"], how="left")
        .join(articles.select("id", "outlet").with_row_index("article"), on="id", how="left")
    )
    # The excerpt holding each hit: the last one of its article starting at or before it.
    article_of = dict(table.select("id", "article").unique().iter_rows())
    article_of_excerpt = np.array([article_of[i] for i in excerpts["id"]], dtype=np.int64)
    text_stride = int(max(excerpt_start.max(initial=0), table["end"].max() or 0)) + 1
    excerpt_keys = article_of_excerpt * text_stride + excerpt_start
    hit_keys = (table["article"].to_numpy().astype(np.int64) * text_stride
                + table["start"].to_numpy())  # fmt: skip
    order = np.argsort(excerpt_keys, kind="stable")
    excerpt = order[np.searchsorted(excerpt_keys[order], hit_keys, "right") - 1]
    # Offsets made distinct across excerpts, so one sorted search finds every hit's words.
    stride = int(max(ends.max(initial=0), table["end"].max() or 0)) + 1
    first_node = np.searchsorted(
        excerpt_of_word * stride + ends, excerpt * stride + table["start"].to_numpy(), "right"
    )
    after_node = np.searchsorted(
        excerpt_of_word * stride + starts, excerpt * stride + table["end"].to_numpy(), "left"
    )
    low, high = first_word[excerpt], first_word[excerpt] + per_excerpt[excerpt]
    at_start = excerpts["at_start"].to_numpy()[excerpt]
    at_end = excerpts["at_end"].to_numpy()[excerpt]
    short = ((first_node - low < window) & ~at_start) | ((high - after_node < window) & ~at_end)
    too_short = sorted(set(table.filter(pl.Series(short))["id"].to_list()))

    size = max(words.len(), 1)
    nodes = distinct(_spans(table["group"].to_numpy(), first_node, after_node, size))
    node_group, node_word = np.divmod(nodes, size)
    home = excerpt_of_word[node_word]
    around = distinct(
        _spans(
            node_group,
            np.maximum(first_word[home], node_word - window),
            np.minimum(first_word[home] + per_excerpt[home], node_word + window + 1),
            size,
        )
    )
    near_group, near_word = np.divmod(around[~_contains(nodes, around)], size)
    codes, terms = token_codes(words.gather(near_word))
    is_term = codes >= 0
    group_of = table.group_by("group").agg(pl.col("id", "outlet", "term").first())
    counted = (
        pl.DataFrame(
            {"group": near_group[is_term], "code": codes[is_term]},
            schema={"group": pl.UInt32, "code": pl.Int64},
        )
        .join(group_of, on="group", how="left")
    )
    counted = counted.with_columns(terms.gather(counted["code"]).alias("collocate"))
    return counted.select("id", "outlet", "term", "collocate"), too_short


def _contains(ordered: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in the sorted array ``ordered``."""
    if not ordered.size:
        return np.zeros(values.size, dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), ordered.size - 1)
    return ordered[at] == values


def _spans(groups: np.ndarray, low: np.ndarray, high: np.ndarray, size: int) -> np.ndarray:
    """Keys ``group * size + position`` for every position in [low, high) of each row."""
    lengths = np.clip(high - low, 0, None)
    row = np.repeat(np.arange(lengths.size), lengths)
    step = np.arange(row.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return groups.astype(np.int64)[row] * size + low[row] + step


def _outlet_counts(counts: OutletTermCounts, outlets: pl.Series, kept: pl.DataFrame) -> np.ndarray:
    """Occurrences of each kept collocate in its outlet (f_y), from ``counts``, as int64."""
    words, which = np.unique(
        np.array(kept["collocate"].to_list(), dtype=object), return_inverse=True
    )
    columns = np.searchsorted(counts.terms, words)
    found = columns < counts.terms.size
    found[found] = counts.terms[columns[found]] == words[found]
    columns = columns[which] if which.size else columns[:0]
    if not set(outlets.to_list()) <= set(counts.outlets) or not found.all():
        raise FramelensError(
            "collocates: the counts passed in were not made from these articles (an outlet "
            "or a word near a term is missing from them); leave counts out to count here"
        )
    rows = kept["outlet"].cast(pl.Enum(list(counts.outlets))).to_physical().to_numpy()
    return _cells(counts.counts.tocsr(), rows.astype(np.int64), columns)


def _cells(matrix: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """matrix[rows[i], columns[i]] for each i, as int64 (0 where nothing is stored)."""
    matrix = matrix.copy() if not matrix.has_canonical_format else matrix
    matrix.sum_duplicates()
    width = max(matrix.shape[1], 1)
    stored = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr)) * width
    stored += matrix.indices
    wanted = rows * width + columns
    at = np.minimum(np.searchsorted(stored, wanted), max(stored.size - 1, 0))
    hit = stored[at] == wanted if stored.size else np.zeros(wanted.size, dtype=bool)
    return np.where(hit, matrix.data[at] if stored.size else 0, 0).astype(np.int64)


def _ranked(kept: pl.DataFrame, collocate_counts: np.ndarray, top: int) -> pl.DataFrame:
    """The ``top`` collocates of each term in each outlet by logDice, as COLLOCATES rows.

    Ties in score go to the higher count, then alphabetical order.
    """
    count = kept["count"].to_numpy()
    scores = 14.0 + np.log2(2.0 * count / (kept["term_count"].to_numpy() + collocate_counts))
    ranked = (
        kept.with_columns(
            score=pl.Series(scores, dtype=pl.Float64),
            collocate_count=pl.Series(collocate_counts, dtype=pl.Int64),
            measure=pl.lit("logdice"),
        )
        .sort(
            ["outlet", "term", "score", "count", "collocate"],
            descending=[False, False, True, True, False],
        )
        .with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("outlet", "term"))
    )
    return (
        ranked.filter(pl.col("rank") <= top)
        .select(COLLOCATES.names)
        .cast(COLLOCATES.polars_schema())
    )
