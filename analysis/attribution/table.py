"""The ATTRIBUTIONS table: its schema, and :func:`find_attributions`, which fills it from the
articles, their sentences and their quotations with the rules of
:mod:`analysis.attribution.find`."""

from __future__ import annotations

import polars as pl

from analysis.attribution.context_types import type_from_article
from analysis.attribution.find import _Finder
from analysis.attribution.gazetteer import SPEAKER_TYPES, Gazetteer
from analysis.attribution.gazetteer_file import load_gazetteer
from analysis.attribution.records import Quote
from analysis.reporting_verbs import ReportingVerbs, load_reporting_verbs
from analysis.schema import Column, Schema

ATTRIBUTIONS = Schema(
    "attributions",
    (
        Column("id", pl.String, "article id"),
        Column("outlet", pl.String, "outlet of the article"),
        Column(
            "speaker",
            pl.String,
            'the speaker as written ("he", "the ministry"); null for an agentless passive',
        ),
        Column(
            "speaker_canonical",
            pl.String,
            "the speaker resolved within the article: "
            "pronouns and short mentions to the full mention, names without titles",
        ),
        Column(
            "speaker_type",
            pl.String,
            "a type code declared in sources.toml [types] "
            "(docs/speaker-types.md): " + ", ".join(SPEAKER_TYPES),
        ),
        Column("country", pl.String, "the speaker's country ('; '-joined when several), or null"),
        Column(
            "cue",
            pl.String,
            'the reporting cue, lower case ("said", "according to", '
            '"claims made by", ":" for a headline)',
        ),
        Column("verb_class", pl.String, "'neutral', 'doubt' or 'assertive' (reporting_verbs.toml)"),
        Column("direct", pl.Boolean, "true when the attribution carries a quotation in marks"),
        Column(
            "quote",
            pl.String,
            "the quoted text without marks (direct), or the reported "
            "content of the sentence (indirect)",
        ),
        Column("sentence", pl.String, "the text of the sentence holding the cue"),
        Column(
            "start",
            pl.Int64,
            "direct: the quote's start (its opening mark, as in QUOTES); "
            "indirect: the sentence's start; character offset into clean_text",
        ),
        Column(
            "end",
            pl.Int64,
            "direct: one past the quote's closing mark; indirect: the sentence's end",
        ),
        Column(
            "quote_index",
            pl.Int64,
            "the QUOTES `quote` number of a direct attribution, null for indirect",
        ),
        Column("sentence_index", pl.Int64, "the SENTENCES `sentence` number holding the cue"),
        Column("cue_start", pl.Int64, "offset of the cue in clean_text"),
        Column("cue_end", pl.Int64, "offset one past the cue"),
        Column("speaker_start", pl.Int64, "offset of the speaker as written, null if none"),
        Column("speaker_end", pl.Int64, "offset one past the speaker, null if none"),
    ),
)


def find_attributions(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    quotes: pl.DataFrame,
    gazetteer: Gazetteer | None = None,
    verbs: ReportingVerbs | None = None,
) -> pl.DataFrame:
    """Find every attribution in the articles.

    ``articles`` follows ``analysis.corpus.ARTICLES``, ``sentences`` ``analysis.clean.SENTENCES``
    and ``quotes`` ``analysis.quotes.QUOTES`` (all for the same clean_text). ``gazetteer`` and
    ``verbs`` default to the packaged ``sources.toml`` and ``reporting_verbs.toml``. Returns a
    table following :data:`ATTRIBUTIONS`, one row per attribution, sorted by id and start.
    """
    finder = _Finder(gazetteer or load_gazetteer(), verbs or load_reporting_verbs())
    sentences_by_article = _group(sentences.select("id", "sentence", "start", "end"))
    quotes_by_article = _group(
        quotes.select("id", "quote", "start", "end", "inner_start", "inner_end", "kind")
    )
    rows: list[tuple] = []
    table = articles.select("id", "outlet", "clean_text")
    hits = finder.search.literal_hits(table.get_column("clean_text"))
    for (article_id, outlet, text), text_hits in zip(table.iter_rows(), hits, strict=True):
        if not text:
            continue
        article_quotes = [Quote(*row) for row in quotes_by_article.get(article_id, [])]
        article_sentences = sentences_by_article.get(article_id, [])
        for row in finder.article(text, article_sentences, article_quotes, text_hits):
            rows.append((article_id, outlet, *row))
    columns = zip(*rows, strict=True) if rows else ([] for _ in ATTRIBUTIONS.names)
    table = pl.DataFrame(
        dict(zip(ATTRIBUTIONS.names, map(list, columns), strict=True)),
        schema=ATTRIBUTIONS.polars_schema(),
    )
    table = type_from_article(table, articles.select("id", "clean_text"), finder.gazetteer)
    return table.sort("id", "start", "cue_start", maintain_order=True)


def _group(table: pl.DataFrame) -> dict[str, list[tuple]]:
    """The rows of ``table`` by its first column (an article id), sorted by its first two
    columns, each without the id."""
    table = table.sort(table.columns[:2])
    columns = (table.get_column(name).to_list() for name in table.columns[1:])
    rows = list(zip(*columns, strict=True))  # one tuple per row, built in C
    grouped: dict[str, list[tuple]] = {}
    at = 0
    runs = table.get_column(table.columns[0]).rle().struct.unnest()
    for article_id, count in zip(runs["value"], runs["len"], strict=True):
        grouped[article_id] = rows[at : at + count]
        at += count
    return grouped
