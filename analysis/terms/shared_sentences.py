"""Sentences two articles share word for word: each sentence's key (a hash of its normalised
text), and the share of the shorter article's sentences found in the other."""

from __future__ import annotations

import polars as pl

from analysis.schema import Column, Schema
from analysis.terms.counting import (
    require_columns,
)
from analysis.terms.defaults import BOILERPLATE_ARTICLES, MIN_SENTENCE_WORDS
from analysis.tokens import WORD_PATTERN

SENTENCE_KEYS = Schema(
    "sentence keys",
    (
        Column("id", pl.String, "article id"),
        Column("key", pl.UInt64, "64-bit hash of the sentence's normalised text"),
    ),
)


def sentence_keys(articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Distinct (id, key) of every sentence of ``MIN_SENTENCE_WORDS`` words or more
    (``SENTENCE_KEYS``): what :func:`article_similarity` compares to find shared sentences.

    Text is lowercased, curly and angle quotes made straight and runs of spacing made
    one space, so copies that differ only in typography compare equal; each text is then
    hashed (polars' hash with a fixed seed: the same in every process of one polars
    version), so batches can be keyed in worker processes and only 8 bytes per sentence
    are kept. Two different sentences share a key with odds of about 1 in 10^19.
    """
    require_columns(sentences, ("id", "start", "end"), "sentences")
    text = pl.col("clean_text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
    return (
        sentences.select("id", "start", "end")
        .join(articles.select("id", pl.col("clean_text").fill_null("")), on="id", how="inner")
        .select(
            "id",
            text=text.str.to_lowercase()
            .str.replace_all(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]", '"')
            .str.replace_all(r"[\u2018\u2019\u201a\u201b\u2032`]", "'")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars(),
        )
        .filter(pl.col("text").str.count_matches(WORD_PATTERN) >= MIN_SENTENCE_WORDS)
        .select("id", key=pl.col("text").hash(seed=_KEY_SEED))
        .unique(["id", "key"], maintain_order=True)
        .cast(SENTENCE_KEYS.polars_schema())
    )


_KEY_SEED = 20161213  # any fixed number: keys are only compared within one run


def _shared_sentences(normalised: pl.DataFrame, per_article: pl.DataFrame) -> pl.DataFrame:
    """(id_a, id_b, shared_sentences, shared_sentence_share) for pairs sharing a sentence.

    ``normalised`` comes from :func:`sentence_keys`, ``per_article`` counts its rows
    per id; the share is divided by the sentences of the article with fewer of them.
    """
    common = normalised.group_by("key").agg(articles=pl.len()).filter(
        pl.col("articles") > BOILERPLATE_ARTICLES
    )
    if common.height:
        normalised = normalised.join(common, on="key", how="anti")
    pairs = (
        normalised.join(normalised, on="key", suffix="_b")
        .filter(pl.col("id") < pl.col("id_b"))
        .group_by(id_a="id", id_b="id_b")
        .agg(shared_sentences=pl.len().cast(pl.Int64))
    )
    return (
        pairs.join(per_article.rename({"id": "id_a", "sentences": "n_a"}), on="id_a")
        .join(per_article.rename({"id": "id_b", "sentences": "n_b"}), on="id_b")
        .select(
            "id_a",
            "id_b",
            "shared_sentences",
            shared_sentence_share=pl.col("shared_sentences") / pl.min_horizontal("n_a", "n_b"),
        )
    )
