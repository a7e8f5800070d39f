"""Events: articles about the same event, across outlets.

Candidate pairs first: two articles are compared when, by their text alone, they are
somewhat alike (the mean of four cosines, :func:`analysis.events.evidence.candidate_vectors`,
at least ``CANDIDATE_FLOOR``) and, when both have a date, the dates are at most
``WINDOW_DAYS`` apart (articles without a date are compared with every other article). Each
candidate pair is then scored from its evidence of being one event
(:mod:`analysis.events.evidence`: shared rare content words, names and places, numbers and
dates, quoted words, headline words, and the cosine of the terms layer's vectors cut to each
article's ``EVENT_TERMS`` heaviest terms), combined by a logistic rule into a score from 0 to
1. Pairs scoring at least ``LINK_FLOOR`` are *linked*.

Events are then made by average-linkage clustering inside each connected group of linked
articles: two groups of articles merge while the mean score over all their pairs of
articles (0 for pairs that are not linked: too far apart in time or in text) is at least
``EVENT_SCORE``. Average linkage does not chain: a long run of articles each like the next
stays apart unless the run holds together as a whole. A connected group larger than
``MAX_GROUP`` articles is first split by raising the floor of its links, so the work stays
small (no articles x articles matrix is ever made: links are found block by block, among
articles close in time).

Everything is deterministic: articles are taken in id order, ties broken by id, and events
are numbered by their first date (undated last), then their first article id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components

from analysis.errors import FramelensError
from analysis.events.evidence import (
    article_evidence,
    candidate_vectors,
    event_vectors,
    link_scores,
    pair_evidence,
)
from analysis.schema import Column, Schema

WINDOW_DAYS = 3
"""Dated articles more than this many days apart are never the same event."""

EVENT_TERMS = 40
"""Terms kept in each article's event vector: its heaviest TF-IDF terms."""

CANDIDATE_FLOOR = 0.05
"""Mean cosine (0-1) of the candidate vectors below which a pair is not scored."""

LINK_FLOOR = 0.1
"""Link score (0-1) below which two articles are not linked at all."""

EVENT_SCORE = 0.35
"""Average-linkage cut: groups merge while the mean link score of their pairs is at least
this."""

MAX_GROUP = 2000
"""Connected groups larger than this (articles) are split by raising their link floor."""

FLOOR_STEP = 0.05
"""How much the link floor rises each time a connected group is too large."""

NEIGHBOURS = 50
"""Links each article keeps, at most: to its most alike articles (by cosine, then row), so
the links grow with the number of articles, not with its square, however alike they are."""

BLOCK_CELLS = 4_000_000
"""Cells (rows x columns) of one block product when looking for links."""

LABEL_TERMS = 4
"""Terms in an event's label when it has no headline."""

EVENTS = Schema(
    "events",
    (
        Column("id", pl.String, "article id"),
        Column("outlet", pl.String, "the article's outlet"),
        Column("date", pl.String, "the article's date (YYYY-MM-DD), null when it has none"),
        Column("event", pl.Int64, "event number, 1 for the event that starts first (undated "
               "events last, then by first article id)"),
        Column("label", pl.String, "the event in words: the headline of its earliest article "
               "(or of its first by id), else its heaviest terms"),
        Column("first_date", pl.String, "the event's earliest date, null when none of its "
               "articles has a date"),
        Column("last_date", pl.String, "the event's latest date, null likewise"),
        Column("articles", pl.Int64, "articles in the event"),
        Column("outlets", pl.String, "the event's outlets, by name, joined with '; '"),
        Column("outlet_count", pl.Int64, "number of distinct outlets in the event"),
    ),
)


@dataclass(frozen=True)
class EventOptions:
    """The tuning of :func:`find_events` (defaults: the module's constants)."""

    window_days: int = WINDOW_DAYS
    event_terms: int = EVENT_TERMS
    link_floor: float = LINK_FLOOR
    event_score: float = EVENT_SCORE

    def check(self) -> None:
        if self.window_days < 0:
            raise FramelensError(f"the event window must be 0 days or more; got {self.window_days}")
        if self.event_terms < 1:
            raise FramelensError(f"event vectors need at least one term; got {self.event_terms}")
        for name, value in (("link floor", self.link_floor), ("event score", self.event_score)):
            if not 0 < value <= 1:
                raise FramelensError(f"the {name} must be between 0 and 1; got {value}")


def day_numbers(dates: pl.Series) -> np.ndarray:
    """Days since 1970-01-01 of ISO dates (the first 10 characters), -1 where there is no
    readable date."""
    parsed = dates.cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    days = parsed.cast(pl.Int64).fill_null(-1).to_numpy().copy()
    return days


def links(
    vectors: sparse.csr_matrix, days: np.ndarray, window_days: int, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, cosine) of every pair first < second (row numbers) with cosine >=
    ``floor`` whose days are at most ``window_days`` apart, or either has no day (-1).

    Dated rows are compared block by block with the rows whose days fall within the
    window of the block's days; undated rows with every row. No block product has more than
    about ``BLOCK_CELLS`` cells."""
    rows = vectors.shape[0]
    dated = np.flatnonzero(days >= 0)
    undated = np.flatnonzero(days < 0)
    dated = dated[np.argsort(days[dated], kind="stable")]
    dated_days = days[dated]
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def compare(block: np.ndarray, columns: np.ndarray) -> None:
        if block.size == 0 or columns.size == 0:
            return
        product = (vectors[block] @ vectors[columns].T).tocoo()
        first, second = block[product.row], columns[product.col]
        keep = ((product.data >= floor) & (first != second)
                & (np.abs(days[first] - days[second]) <= window_days))
        first, second, cosine = _most_alike(first[keep], second[keep], product.data[keep])
        found.append((np.minimum(first, second), np.maximum(first, second), cosine))

    start = 0
    while start < dated.size:
        # Grow the block while its window of columns stays within the cell budget.
        stop = start + 1
        while stop < dated.size:
            low = np.searchsorted(dated_days, dated_days[start] - window_days, "left")
            high = np.searchsorted(dated_days, dated_days[stop] + window_days, "right")
            if (stop + 1 - start) * (high - low) > BLOCK_CELLS:
                break
            stop += 1
        low = np.searchsorted(dated_days, dated_days[start] - window_days, "left")
        high = np.searchsorted(dated_days, dated_days[stop - 1] + window_days, "right")
        block = dated[start:stop]
        columns = dated[low:high]
        # Each pair is looked at from both rows' blocks; keeping first < second leaves one.
        compare(block, columns)
        start = stop
    everyone = np.arange(rows)
    step = max(1, BLOCK_CELLS // max(rows, 1))
    for start in range(0, undated.size, step):
        # Undated rows are compared with every row, by their words alone.
        block = undated[start:start + step]
        product = (vectors[block] @ vectors.T).tocoo()
        keep = (product.data >= floor) & (block[product.row] != product.col)
        one, other, cosine = _most_alike(block[product.row[keep]],
                                         everyone[product.col[keep]], product.data[keep])
        found.append((np.minimum(one, other), np.maximum(one, other), cosine))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    first = np.concatenate([part[0] for part in found])
    second = np.concatenate([part[1] for part in found])
    cosine = np.concatenate([part[2] for part in found])
    # A pair found twice (two undated rows, or overlapping blocks) is kept once.
    order = np.lexsort((second, first))
    first, second, cosine = first[order], second[order], cosine[order]
    unique = np.ones(first.size, dtype=bool)
    unique[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
    return first[unique], second[unique], np.clip(cosine[unique], 0.0, 1.0)


def _most_alike(
    rows: np.ndarray, columns: np.ndarray, cosine: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links of each row to its ``NEIGHBOURS`` most alike columns (highest cosine, then
    lowest column)."""
    order = np.lexsort((columns, -cosine, rows))
    rows, columns, cosine = rows[order], columns[order], cosine[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if rows.size else rows
    rank = np.arange(rows.size) - np.repeat(starts, np.diff(np.r_[starts, rows.size]))
    keep = rank < NEIGHBOURS
    return rows[keep], columns[keep], cosine[keep]


def cluster_links(
    rows: int,
    first: np.ndarray,
    second: np.ndarray,
    cosine: np.ndarray,
    options: EventOptions,
) -> np.ndarray:
    """A group number per row: average-linkage clusters of the link graph (see the module
    docstring), numbered in order of their first row."""
    groups = np.full(rows, -1, dtype=np.int64)
    pending = [(np.arange(rows), first, second, cosine, options.link_floor)]
    next_group = 0
    while pending:
        members, first, second, cosine, floor = pending.pop()
        keep = cosine >= floor
        first, second, cosine = first[keep], second[keep], cosine[keep]
        local = {row: index for index, row in enumerate(members.tolist())}
        size = members.size
        a = np.fromiter((local[row] for row in first.tolist()), dtype=np.int64, count=first.size)
        b = np.fromiter((local[row] for row in second.tolist()), dtype=np.int64,
                        count=second.size)
        graph = sparse.csr_matrix((np.ones(a.size), (a, b)), shape=(size, size))
        count, component = connected_components(graph, directed=False)
        edge_component = component[a] if a.size else np.zeros(0, dtype=np.int64)
        for number in range(count):
            inside = np.flatnonzero(component == number)
            chosen = edge_component == number
            if inside.size == 1:
                groups[members[inside[0]]] = next_group
                next_group += 1
            elif inside.size > MAX_GROUP:
                pending.append((members[inside], members[a[chosen]], members[b[chosen]],
                                cosine[chosen], floor + FLOOR_STEP))
            else:
                labels = _average_linkage(inside, a[chosen], b[chosen], cosine[chosen],
                                          options.event_score)
                for label in np.unique(labels):
                    groups[members[inside[labels == label]]] = next_group
                    next_group += 1
    # Number the groups by their first row, so the result does not depend on the work order.
    _, first_row = np.unique(groups, return_index=True)
    order = np.argsort(first_row)
    mapping = np.empty(first_row.size, dtype=np.int64)
    mapping[order] = np.arange(first_row.size)
    return mapping[np.searchsorted(np.unique(groups), groups)]


def group_articles(
    days: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    cosine: np.ndarray,
    options: EventOptions,
) -> np.ndarray:
    """A group number per row, from the links (first, second, cosine) of :func:`links`.

    Dated rows are clustered first (:func:`cluster_links`, links within the window only).
    Each undated row then joins the dated group whose mean score with it (0 for members it
    is not linked to) is highest, when that mean is at least ``event_score`` (ties: the
    lower group number); the undated rows left try once more against the groups with the
    undated rows that joined them; those still left are clustered among themselves. So an
    undated article never bridges two dated events."""
    rows = days.size
    dated = days >= 0
    groups = np.full(rows, -1, dtype=np.int64)
    both = dated[first] & dated[second]
    dated_rows = np.flatnonzero(dated)
    if dated_rows.size:
        local = np.full(rows, -1, dtype=np.int64)
        local[dated_rows] = np.arange(dated_rows.size)
        groups[dated_rows] = cluster_links(dated_rows.size, local[first[both]],
                                           local[second[both]], cosine[both], options)
    count = int(groups.max()) + 1 if dated_rows.size else 0
    undated_rows = np.flatnonzero(~dated)
    if undated_rows.size == 0:
        return groups
    # First each undated row by its links to dated rows, then the rows left by their links
    # to every member of the events so far (the undated rows that joined them included).
    homeless = _join_events(undated_rows, groups, first, second, cosine, count,
                            options.event_score)
    homeless = _join_events(np.asarray(homeless, dtype=np.int64), groups, first, second,
                            cosine, count, options.event_score)
    if homeless:
        homeless_rows = np.asarray(homeless)
        local = np.full(rows, -1, dtype=np.int64)
        local[homeless_rows] = np.arange(homeless_rows.size)
        among = (local[first] >= 0) & (local[second] >= 0)
        groups[homeless_rows] = count + cluster_links(
            homeless_rows.size, local[first[among]], local[second[among]], cosine[among],
            options)
    return groups


def _join_events(
    loose: np.ndarray,
    groups: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    score: np.ndarray,
    count: int,
    cut: float,
) -> list[int]:
    """Put each row of ``loose`` (rows with group -1) in the group of ``groups`` (numbers
    below ``count``) whose mean link score with it is highest (0 for members it is not
    linked to; ties: the lower group number), when that mean is at least ``cut``. Each row is
    judged on the groups as they were before this call. Returns the rows that joined none."""
    placed = groups >= 0
    sizes = np.bincount(groups[placed], minlength=count) if count else np.zeros(0)
    waiting = np.zeros(groups.size, dtype=bool)
    waiting[loose] = True
    totals: dict[int, dict[int, float]] = {}
    for one, other, value in zip(first.tolist(), second.tolist(), score.tolist(), strict=True):
        for row, member in ((one, other), (other, one)):
            if waiting[row] and placed[member]:
                group = int(groups[member])
                totals.setdefault(row, {})
                totals[row][group] = totals[row].get(group, 0.0) + value
    homeless = []
    for row in loose.tolist():
        best, best_mean = -1, 0.0
        for group, total in sorted(totals.get(row, {}).items()):
            mean = total / sizes[group]
            if mean > best_mean:
                best, best_mean = group, mean
        if best >= 0 and best_mean >= cut:
            groups[row] = best
        else:
            homeless.append(row)
    return homeless


def _average_linkage(
    inside: np.ndarray, a: np.ndarray, b: np.ndarray, cosine: np.ndarray, cut: float
) -> np.ndarray:
    """Cluster labels of the rows ``inside`` (local numbers) from their links (a, b, cosine):
    average linkage over distances 1 - cosine (1 where not linked), cut at 1 - ``cut``."""
    size = inside.size
    position = np.full(int(inside.max()) + 1, -1, dtype=np.int64)
    position[inside] = np.arange(size)
    i, j = position[a], position[b]
    low, high = np.minimum(i, j), np.maximum(i, j)
    distances = np.ones(size * (size - 1) // 2)
    # Index of (low, high) in scipy's condensed form.
    index = size * low - low * (low + 1) // 2 + (high - low - 1)
    distances[index] = 1.0 - cosine
    tree = linkage(distances, method="average")
    return fcluster(tree, t=1.0 - cut + 1e-12, criterion="distance")


def scored_pairs(
    articles: pl.DataFrame, weights: sparse.csr_matrix, days: np.ndarray, options: EventOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, evidence) of the candidate pairs of ``articles`` (``clean_text``,
    ``title``, ``outlet``): row numbers first < second and one row of
    :func:`analysis.events.evidence.pair_evidence` per pair. ``weights`` are the event
    vectors of the terms layer, ``days`` the articles' :func:`day_numbers`."""
    evidence = article_evidence(articles["clean_text"].fill_null("").to_list(),
                                articles["title"].to_list(), articles["outlet"].to_list())
    candidates = candidate_vectors(evidence, weights)
    first, second, _ = links(candidates, days, options.window_days, CANDIDATE_FLOOR)
    return first, second, pair_evidence(evidence, weights, first, second)


def find_events(
    articles: pl.DataFrame,
    vectors: sparse.csr_matrix,
    options: EventOptions | None = None,
    *,
    terms: list[str] | None = None,
) -> pl.DataFrame:
    """Each article's event (``EVENTS``, one row per article, sorted by event then date then
    id).

    ``articles`` has ``id``, ``outlet``, ``title``, ``date`` (ISO 8601 or null) and
    ``clean_text``, one row
    per row of ``vectors`` (:func:`analysis.terms.similarity.comparison_vectors` of the same
    articles). ``terms`` names the vectors' columns, for labels of events without a
    headline (else such an event is labelled by its first article's id)."""
    options = options or EventOptions()
    options.check()
    if vectors.shape[0] != articles.height:
        raise FramelensError(f"find_events: {vectors.shape[0]} vectors for "
                             f"{articles.height} articles")
    if articles.is_empty():
        return EVENTS.empty()
    days = day_numbers(articles["date"])
    weights = event_vectors(vectors, options.event_terms)
    first, second, evidence = scored_pairs(articles, weights, days, options)
    score = link_scores(evidence)
    linked = score >= options.link_floor
    groups = group_articles(days, first[linked], second[linked], score[linked], options)
    table = articles.select(
        "id", "outlet", "title",
        date=pl.Series([_iso(day) for day in days.tolist()], dtype=pl.String),
        group=pl.Series(groups, dtype=pl.Int64),
        day=pl.Series(days, dtype=pl.Int64),
    )
    return _describe(table, weights, terms)


def _iso(day: int) -> str | None:
    return None if day < 0 else date.fromordinal(day + 719163).isoformat()


def _describe(
    table: pl.DataFrame, weights: sparse.csr_matrix, terms: list[str] | None
) -> pl.DataFrame:
    """Number the groups as events and give each its label, dates and outlets."""
    dated_first = pl.when(pl.col("day") >= 0).then(pl.col("day"))
    table = table.with_row_index("row")
    summary = (
        table.with_columns(dated=dated_first)
        .sort("dated", "id", nulls_last=True)
        .group_by("group", maintain_order=True)
        .agg(
            first_day=pl.col("dated").min(),
            first_id=pl.col("id").min(),
            title=pl.col("title").drop_nulls().first(),
            first_date=pl.col("date").min(),
            last_date=pl.col("date").max(),
            articles=pl.len().cast(pl.Int64),
            outlets=pl.col("outlet").fill_null("unknown").unique().sort().str.join("; "),
            outlet_count=pl.col("outlet").fill_null("unknown").n_unique().cast(pl.Int64),
            rows=pl.col("row"),
        )
        .sort("first_day", "first_id", nulls_last=True)
        .with_row_index("event", offset=1)
    )
    labels = [
        title if title else _term_label(weights, rows, terms, first_id)
        for title, rows, first_id in summary.select("title", "rows", "first_id").iter_rows()
    ]
    summary = summary.with_columns(
        event=pl.col("event").cast(pl.Int64),
        label=pl.Series(labels, dtype=pl.String),
    ).drop("rows", "title", "first_day", "first_id")
    return (
        table.join(summary, on="group", how="left")
        .sort("event", "day", "id")
        .select(EVENTS.names)
        .cast(EVENTS.polars_schema())
    )


def _term_label(
    weights: sparse.csr_matrix, rows: list[int], terms: list[str] | None, first_id: str
) -> str:
    """The heaviest terms of an event's summed vectors, or its first article's id."""
    if terms is None:
        return f"article {first_id}"
    total = np.asarray(weights[rows].sum(axis=0)).ravel()
    best = np.argsort(-total, kind="stable")[:LABEL_TERMS]
    return ", ".join(terms[index] for index in best if total[index] > 0) or f"article {first_id}"


def events_of_texts(articles: pl.DataFrame, options: EventOptions | None = None) -> pl.DataFrame:
    """:func:`find_events` for articles with their ``clean_text`` (``id``, ``outlet``,
    ``title``, ``date``, ``clean_text``; ids unique): the texts are analysed here, as the
    terms layer does for the whole corpus."""
    from analysis.terms import comparison_vectors, term_matrix

    if articles.is_empty():
        return EVENTS.empty()
    ordered = articles.sort("id")
    if "words" not in ordered.columns:
        from analysis.tokens import count_words

        ordered = ordered.with_columns(
            words=pl.col("clean_text").map_elements(count_words, return_dtype=pl.Int64))
    matrix = term_matrix(ordered.select("id", "outlet", "clean_text", "words"))
    vectors = comparison_vectors(matrix, ordered)
    return find_events(ordered, vectors, options)
