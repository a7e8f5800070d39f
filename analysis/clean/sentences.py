"""Sentence spans of clean texts: the SENTENCES table."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import polars as pl

from analysis.schema import Column, Schema

SENTENCES = Schema(
    "sentences",
    (
        Column("id", pl.String, "article id"),
        Column("sentence", pl.Int64, "sentence number within the article, from 0"),
        Column("start", pl.Int64, "offset of the first character in clean_text"),
        Column("end", pl.Int64, "offset one past the last character in clean_text"),
    ),
)


# ---------------------------------------------------------------------------------------------
# Sentences


@cache
def _sentence_tokenizer():  # -> nltk PunktSentenceTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    text = resources.files("analysis.data").joinpath("abbreviations.txt").read_text()
    parameters.abbrev_types.update(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a clean text; sentences never cross paragraphs.

    Uses nltk's Punkt with its default parameters plus the packaged abbreviation list
    (analysis/data/abbreviations.txt), so "Lt.-Gen.", "U.S." and "Maj. Gen." do not end a
    sentence. Needs no downloaded nltk data.
    """
    tokenizer = _sentence_tokenizer()
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset = paragraph.start()
        for start, end in tokenizer.span_tokenize(paragraph.group(0)):
            if text[offset + start : offset + end].strip():
                spans.append((offset + start, offset + end))
    return spans


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """The SENTENCES table for an ARTICLES table (one row per sentence, in text order)."""
    ids: list[str] = []
    numbers: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for article_id, text in articles.select("id", "clean_text").iter_rows():
        for number, (start, end) in enumerate(sentence_spans(text)):
            ids.append(article_id)
            numbers.append(number)
            starts.append(start)
            ends.append(end)
    return pl.DataFrame(
        {"id": ids, "sentence": numbers, "start": starts, "end": ends},
        schema=SENTENCES.polars_schema(),
    )
