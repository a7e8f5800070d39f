"""Finding lexicon terms in articles: the hits table, with each hit's voice and sentence.

Voice: a hit is ``quoted`` when it starts inside a direct quotation (a QUOTES row of kind
'quotation' or 'partial', straight or curly marks, possibly running across paragraphs) and
``narration`` otherwise, i.e. in the outlet's own words. A term inside a scare quote (or a
'mention', a name or word talked about) is narration: the outlet itself chose to distance the
phrase. Scare quotes themselves are hits of the lexicon's
scare-quotes category, term 'scare quotes', with the quoted phrase and its marks as the match.
"""

from __future__ import annotations

import polars as pl

from analysis.lexicon.defaults import PAIRS_AT_ONCE
from analysis.lexicon.model import SCARE_QUOTES_TERM, Lexicon
from analysis.schema import Column, Schema

# kinds of QUOTES rows whose words are someone else's (analysis.quotes)
QUOTATION_KINDS = ("quotation", "partial")
NARRATION = "narration"
QUOTED = "quoted"

HITS = Schema(
    "hits",
    (
        Column("id", pl.String, "article id"),
        Column("outlet", pl.String, "outlet of the article"),
        Column("category", pl.String, "lexicon category of the term"),
        Column("term", pl.String, "the lexicon's canonical term (or 'scare quotes')"),
        Column("matched_text", pl.String, "the text matched, exactly clean_text[start:end]"),
        Column(
            "voice",
            pl.String,
            "'narration' (the outlet's own words) or 'quoted' (inside a direct quotation)",
        ),
        Column(
            "speaker",
            pl.String,
            "for quoted hits, the canonical speaker of the quotation "
            "(filled by attach_speakers); null otherwise or when unknown",
        ),
        Column(
            "sentence",
            pl.String,
            "text of the sentence the hit starts in; null when no sentence covers it",
        ),
        Column("start", pl.Int64, "offset of the first matched character in clean_text"),
        Column("end", pl.Int64, "offset one past the last matched character (end exclusive)"),
        Column(
            "sentence_index",
            pl.Int64,
            "number of that sentence in the article (SENTENCES.sentence), or null",
        ),
    ),
)


def match_terms(
    articles: pl.DataFrame,
    sentences: pl.DataFrame | None,
    quotes: pl.DataFrame | None,
    lexicon: Lexicon,
) -> pl.DataFrame:
    """Every occurrence of a lexicon term in the articles' clean text, as a ``HITS`` table.

    ``articles`` follows ARTICLES, ``sentences`` SENTENCES and ``quotes`` QUOTES (either may be
    None: then no hit has a sentence, or every hit is narration). Offsets are character offsets
    into ``clean_text``, end exclusive. Rows are sorted by id, start, category. The speaker
    column is null; :func:`attach_speakers` fills it.
    """
    hits = pl.concat([_term_hits(articles, lexicon), _scare_quote_hits(articles, quotes, lexicon)])
    hits = _tag_voice(hits, quotes)
    hits = _attach_sentences(hits, sentences, articles)
    return hits.select(HITS.names).sort(["id", "start", "category", "end", "term"])


_RAW_SCHEMA = {
    "id": pl.String,
    "outlet": pl.String,
    "category": pl.String,
    "term": pl.String,
    "matched_text": pl.String,
    "start": pl.Int64,
    "end": pl.Int64,
}


def _term_hits(articles: pl.DataFrame, lexicon: Lexicon) -> pl.DataFrame:
    """Hits of the lexicon's terms: one regular-expression scan per article."""
    matcher = lexicon.matcher
    rows = []
    for article_id, outlet, text in articles.select("id", "outlet", "clean_text").iter_rows():
        if not text:
            continue
        for category, term, start, end in matcher.find(text):
            rows.append((article_id, outlet, category, term, text[start:end], start, end))
    return pl.DataFrame(rows, schema=_RAW_SCHEMA, orient="row")


def _scare_quote_hits(
    articles: pl.DataFrame, quotes: pl.DataFrame | None, lexicon: Lexicon
) -> pl.DataFrame:
    """Scare quotes (QUOTES rows of kind 'scare') as hits of the scare-quotes category."""
    category = lexicon.scare_quotes_category
    if category is None or quotes is None or quotes.is_empty():
        return pl.DataFrame(schema=_RAW_SCHEMA)
    scare = quotes.filter(pl.col("kind") == "scare").select(
        "id", pl.col("start").cast(pl.Int64), pl.col("end").cast(pl.Int64)
    )
    return scare.join(articles.select("id", "outlet", "clean_text"), on="id", how="inner").select(
        "id",
        "outlet",
        category=pl.lit(category, pl.String),
        term=pl.lit(SCARE_QUOTES_TERM, pl.String),
        matched_text=pl.col("clean_text").str.slice(
            pl.col("start"), pl.col("end") - pl.col("start")
        ),
        start="start",
        end="end",
    )


def quotation_spans(quotes: pl.DataFrame | None) -> pl.DataFrame:
    """Direct quotations, full or partial, as non-overlapping spans: columns id, start, end
    (nested ones merged)."""
    empty = pl.DataFrame(schema={"id": pl.String, "start": pl.Int64, "end": pl.Int64})
    if quotes is None or quotes.is_empty():
        return empty
    spans = (
        quotes.filter(pl.col("kind").is_in(QUOTATION_KINDS))
        .select("id", pl.col("start").cast(pl.Int64), pl.col("end").cast(pl.Int64))
        .sort("id", "start")
    )
    if spans.is_empty():
        return empty
    reach = pl.col("end").cum_max().shift(1).over("id")
    starts_anew = reach.is_null() | (pl.col("start") >= reach)
    return (
        spans.with_columns(group=starts_anew.cast(pl.Int64).cum_sum().over("id"))
        .group_by("id", "group")
        .agg(pl.col("start").min(), pl.col("end").max())
        .select("id", "start", "end")
        .sort("id", "start")
    )


def _tag_voice(hits: pl.DataFrame, quotes: pl.DataFrame | None) -> pl.DataFrame:
    """Add ``voice``: 'quoted' when the hit starts inside a direct quotation."""
    spans = quotation_spans(quotes).rename({"start": "quote_start", "end": "quote_end"})
    located = hits.sort("id", "start").join_asof(
        spans,
        left_on="start",
        right_on="quote_start",
        by="id",
        strategy="backward",
        check_sortedness=False,
    )
    inside = pl.col("quote_end").is_not_null() & (pl.col("start") < pl.col("quote_end"))
    return located.with_columns(
        voice=pl.when(inside).then(pl.lit(QUOTED)).otherwise(pl.lit(NARRATION)),
        speaker=pl.lit(None, pl.String),
    ).drop("quote_start", "quote_end")


def _attach_sentences(
    hits: pl.DataFrame, sentences: pl.DataFrame | None, articles: pl.DataFrame
) -> pl.DataFrame:
    """Add ``sentence_index`` and ``sentence`` (its text) for the sentence each hit starts in."""
    if sentences is None or sentences.is_empty():
        return hits.with_columns(
            sentence=pl.lit(None, pl.String), sentence_index=pl.lit(None, pl.Int64)
        )
    spans = sentences.select(
        "id",
        sentence_number=pl.col("sentence").cast(pl.Int64),
        sentence_start=pl.col("start").cast(pl.Int64),
        sentence_end=pl.col("end").cast(pl.Int64),
    ).sort("id", "sentence_start")
    located = hits.sort("id", "start").join_asof(
        spans,
        left_on="start",
        right_on="sentence_start",
        by="id",
        strategy="backward",
        check_sortedness=False,
    )
    inside = pl.col("sentence_end").is_not_null() & (pl.col("start") < pl.col("sentence_end"))
    located = located.join(articles.select("id", "clean_text"), on="id", how="left")
    text = pl.col("clean_text").str.slice(
        pl.col("sentence_start"), pl.col("sentence_end") - pl.col("sentence_start")
    )
    return located.with_columns(
        sentence=pl.when(inside).then(text),
        sentence_index=pl.when(inside).then(pl.col("sentence_number")),
    ).drop("sentence_number", "sentence_start", "sentence_end", "clean_text")


def attach_speakers(hits: pl.DataFrame, attributions: pl.DataFrame) -> pl.DataFrame:
    """``hits`` with ``speaker`` filled for quoted hits inside a direct attribution's quote.

    ``attributions`` follows ATTRIBUTIONS (analysis.attribution); only rows with ``direct`` true
    are used, and a hit takes the ``speaker_canonical`` of the innermost direct quotation span
    (start, end) its start lies in, in the same article; when two attributions share that span,
    the first in the attributions table wins. Other hits keep their speaker.
    """
    direct = (
        attributions.with_row_index("attribution")
        .filter(pl.col("direct"))
        .select(
            "id",
            "attribution",
            span_start=pl.col("start").cast(pl.Int64),
            span_end=pl.col("end").cast(pl.Int64),
            found=pl.col("speaker_canonical").cast(pl.String),
        )
    )
    numbered = hits.with_row_index("row")
    inside = (pl.col("span_start") <= pl.col("start")) & (pl.col("start") < pl.col("span_end"))
    spans = direct.group_by("id").agg(spans=pl.len())
    quoted = (
        numbered.filter(pl.col("voice") == QUOTED)
        .select("row", "id", "start")
        .join(spans, on="id", how="inner")
        # Each hit is paired with every span of its article before the filter, so the hits go
        # in chunks of about PAIRS_AT_ONCE pairs: an article with thousands of quoted hits and
        # quotations does not make millions of rows at once.
        .with_columns(chunk=(pl.col("spans").cum_sum() - 1) // PAIRS_AT_ONCE)
    )
    parts = [
        chunk.join(direct, on="id", how="inner")
        .filter(inside)
        .sort("row", pl.col("span_end") - pl.col("span_start"), "attribution")
        .group_by("row", maintain_order=True)
        .first()
        .select("row", "found")
        for chunk in quoted.partition_by("chunk", maintain_order=True)
    ]
    found = (
        pl.concat(parts)
        if parts
        else pl.DataFrame(schema={"row": pl.get_index_type(), "found": pl.String})
    )
    return (
        numbered.join(found, on="row", how="left")
        .sort("row")
        .with_columns(speaker=pl.coalesce("found", "speaker"))
        .select(HITS.names)
    )
