"""Per-outlet summaries of attributions: how much, whose, and with which verbs.

Every table lists every outlet of the articles table, with zero rows where an outlet has no
attribution of a kind, so outlets line up for comparison. Shares are null when their
denominator is zero.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis.attribution.gazetteer import SPEAKER_TYPES
from analysis.schema import Column, Schema

VERB_CLASSES = ("neutral", "doubt", "assertive")

#: The columns of ``data/attributions.csv``, in order.
ATTRIBUTIONS_CSV_COLUMNS = (
    "id",
    "outlet",
    "speaker",
    "speaker_canonical",
    "speaker_type",
    "country",
    "cue",
    "verb_class",
    "direct",
    "quote",
    "sentence",
    "start",
    "end",
)

OUTLET_ATTRIBUTIONS = Schema(
    "outlet_attributions",
    (
        Column("outlet", pl.String, "outlet"),
        Column("words", pl.Int64, "words in the outlet's articles (analysis.tokens)"),
        Column("attributions", pl.Int64, "attributions found"),
        Column("rate_per_1000", pl.Float64, "attributions per 1,000 words"),
        Column("direct_share", pl.Float64, "share of attributions that carry a quotation"),
        Column(
            "quoted_text_share",
            pl.Float64,
            "share of the outlet's words that stand inside "
            "quotation marks (outermost quotes, any kind)",
        ),
        Column("anonymous_share", pl.Float64, "share of attributions to anonymous sources"),
    ),
)

SPEAKER_TYPE_COUNTS = Schema(
    "speaker_type_counts",
    (
        Column("outlet", pl.String, "outlet"),
        Column("speaker_type", pl.String, "speaker type code"),
        Column("count", pl.Int64, "attributions to speakers of this type"),
        Column("share", pl.Float64, "count / the outlet's attributions"),
    ),
)

VERB_CLASS_COUNTS = Schema(
    "verb_class_counts",
    (
        Column("outlet", pl.String, "outlet"),
        Column("speaker_type", pl.String, "speaker type code"),
        Column("verb_class", pl.String, "'neutral', 'doubt' or 'assertive'"),
        Column("count", pl.Int64, "attributions of this type introduced by a cue of this class"),
        Column("share", pl.Float64, "count / the outlet's attributions to this speaker type"),
    ),
)

TOP_SPEAKERS = Schema(
    "top_speakers",
    (
        Column("outlet", pl.String, "outlet"),
        Column("speaker_canonical", pl.String, "canonical speaker"),
        Column("speaker_type", pl.String, "its most frequent type in the outlet"),
        Column("country", pl.String, "its most frequent country in the outlet, or null"),
        Column("count", pl.Int64, "attributions to this speaker"),
        Column("rank", pl.Int64, "1 for the most quoted; ties ordered by name"),
    ),
)


SUMMARISED = {
    "attributions": ("outlet", "speaker_canonical", "speaker_type", "country", "verb_class",
                     "direct"),
    "articles": ("id", "outlet", "words"),
    "quotes": ("id", "start", "end", "words"),
}
"""The columns :func:`summarise_attributions` reads, by argument."""


def summarise_attributions(
    attributions: pl.DataFrame, articles: pl.DataFrame, quotes: pl.DataFrame, *, top: int = 10
) -> dict[str, pl.DataFrame]:
    """Summarise ATTRIBUTIONS per outlet.

    ``articles`` (ARTICLES) gives outlets and word counts, ``quotes`` (QUOTES) the quoted text.
    Only the columns in :data:`SUMMARISED` are read: the tables may hold just those.
    Returns {'outlets': OUTLET_ATTRIBUTIONS, 'speaker_types': SPEAKER_TYPE_COUNTS,
    'verb_classes': VERB_CLASS_COUNTS, 'top_speakers': TOP_SPEAKERS (``top`` per outlet)}.
    """
    outlets = articles.group_by("outlet").agg(pl.col("words").sum()).sort("outlet")
    types = list(SPEAKER_TYPES) + sorted(
        set(attributions["speaker_type"].drop_nulls().unique()) - set(SPEAKER_TYPES)
    )
    return {
        "outlets": _outlets(attributions, articles, quotes, outlets),
        "speaker_types": _speaker_types(attributions, outlets, types),
        "verb_classes": _verb_classes(attributions, outlets, types),
        "top_speakers": _top_speakers(attributions, top),
    }


def write_attributions_csv(attributions: pl.DataFrame, path: Path) -> None:
    """Write ``data/attributions.csv``: the ATTRIBUTIONS columns of ATTRIBUTIONS_CSV_COLUMNS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    attributions.select(ATTRIBUTIONS_CSV_COLUMNS).write_csv(path)


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then(part / whole).otherwise(None)


def _outlets(attributions, articles, quotes, outlets) -> pl.DataFrame:
    counts = attributions.group_by("outlet").agg(
        pl.len().cast(pl.Int64).alias("attributions"),
        pl.col("direct").sum().cast(pl.Int64).alias("direct"),
        (pl.col("speaker_type") == "anonymous").sum().cast(pl.Int64).alias("anonymous"),
    )
    # A quote is outermost when it starts at or after the end of every earlier quote of its
    # article. Lifting each article's offsets above the previous article's (by its run number
    # times the largest end + 1) lets one running maximum over the whole table stand for a
    # running maximum per article, which is much faster than a window over many articles.
    lift = pl.col("id").rle_id().cast(pl.Int64) * (pl.col("end").max() + 1)
    covered_to = (pl.col("end") + lift).cum_max().shift(1).fill_null(-1)
    outermost = (
        quotes.sort("id", "start")
        .filter(pl.col("start") + lift >= covered_to)
        .join(articles.select("id", "outlet"), on="id")
        .group_by("outlet")
        .agg(pl.col("words").sum().cast(pl.Int64).alias("quoted_words"))
    )
    table = (
        outlets.join(counts, on="outlet", how="left")
        .join(outermost, on="outlet", how="left")
        .with_columns(pl.col("attributions", "direct", "anonymous", "quoted_words").fill_null(0))
        .with_columns(
            _share(pl.col("attributions") * 1000, pl.col("words")).alias("rate_per_1000"),
            _share(pl.col("direct"), pl.col("attributions")).alias("direct_share"),
            _share(pl.col("quoted_words"), pl.col("words")).alias("quoted_text_share"),
            _share(pl.col("anonymous"), pl.col("attributions")).alias("anonymous_share"),
        )
    )
    return table.select(pl.col(c.name).cast(c.dtype) for c in OUTLET_ATTRIBUTIONS.columns).sort(
        "outlet"
    )


def _grid(outlets: pl.DataFrame, **axes: list[str]) -> pl.DataFrame:
    grid = outlets.select("outlet")
    for name, values in axes.items():
        order = pl.DataFrame({name: values, f"{name}_order": list(range(len(values)))})
        grid = grid.join(order, how="cross")
    return grid


def _speaker_types(attributions, outlets, types) -> pl.DataFrame:
    counts = attributions.group_by("outlet", "speaker_type").agg(pl.len().alias("count"))
    table = (
        _grid(outlets, speaker_type=types)
        .join(counts, on=["outlet", "speaker_type"], how="left")
        .with_columns(pl.col("count").fill_null(0).cast(pl.Int64))
        .with_columns(_share(pl.col("count"), pl.col("count").sum().over("outlet")).alias("share"))
        .sort("outlet", "speaker_type_order")
    )
    return table.select(pl.col(c.name).cast(c.dtype) for c in SPEAKER_TYPE_COUNTS.columns)


def _verb_classes(attributions, outlets, types) -> pl.DataFrame:
    counts = attributions.group_by("outlet", "speaker_type", "verb_class").agg(
        pl.len().alias("count")
    )
    table = (
        _grid(outlets, speaker_type=types, verb_class=list(VERB_CLASSES))
        .join(counts, on=["outlet", "speaker_type", "verb_class"], how="left")
        .with_columns(pl.col("count").fill_null(0).cast(pl.Int64))
        .with_columns(
            _share(pl.col("count"), pl.col("count").sum().over("outlet", "speaker_type")).alias(
                "share"
            )
        )
        .sort("outlet", "speaker_type_order", "verb_class_order")
    )
    return table.select(pl.col(c.name).cast(c.dtype) for c in VERB_CLASS_COUNTS.columns)


def _top_speakers(attributions: pl.DataFrame, top: int) -> pl.DataFrame:
    named = attributions.filter(pl.col("speaker_canonical").is_not_null())
    if named.height == 0:
        return TOP_SPEAKERS.empty()
    table = (
        named.group_by("outlet", "speaker_canonical")
        .agg(
            pl.len().cast(pl.Int64).alias("count"),
            pl.col("speaker_type").mode().sort().first(),
            pl.col("country").drop_nulls().mode().sort().first(),
        )
        .sort(["outlet", "count", "speaker_canonical"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("outlet").cast(pl.Int64).alias("rank"))
        .filter(pl.col("rank") <= top)
    )
    return table.select(pl.col(c.name).cast(c.dtype) for c in TOP_SPEAKERS.columns)
