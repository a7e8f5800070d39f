"""The terms layer on the FA-KES development corpus (792 articles, 15 outlets).

Skipped where ../shared/corpora is absent. Prints timings (run with ``pytest -s`` to see them).
"""

from __future__ import annotations

import re
import time

import polars as pl
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from support.terms import sentence_table

from analysis.terms import (
    COLLOCATES,
    DISTINCTIVE,
    OUTLET_SIMILARITY,
    SIMILARITY,
    article_similarity,
    collocates,
    distinctive_terms,
    outlet_similarity,
    outlet_term_counts,
)

FRAMING_TERMS = ("militants", "terrorists", "rebels", "regime")


@pytest.fixture(scope="module")
def fakes(fakes_path) -> pl.DataFrame:
    """The corpus as an ARTICLES-like table (id, outlet, clean_text), plus duplicate_text_of."""
    raw = pl.read_ndjson(fakes_path, infer_schema_length=None)
    return raw.select("id", "outlet", "duplicate_text_of", clean_text="text")


def _framing_hits(articles: pl.DataFrame) -> pl.DataFrame:
    pattern = re.compile(rf"\b({'|'.join(FRAMING_TERMS)})\b", re.IGNORECASE)
    rows = [
        (article_id, outlet, match.group(1).lower(), match.start(), match.end())
        for article_id, outlet, text in articles.select("id", "outlet", "clean_text").iter_rows()
        for match in pattern.finditer(text)
    ]
    return pl.DataFrame(rows, schema=["id", "outlet", "term", "start", "end"], orient="row")


def _timed(label: str, timings: dict[str, float], work):
    started = time.perf_counter()
    result = work()
    timings[label] = time.perf_counter() - started
    return result


def test_terms_layer_runs_on_the_fakes_corpus(fakes):
    timings: dict[str, float] = {}
    texts = fakes["clean_text"].to_list()
    _timed("CountVectorizer().fit alone (reference)", timings, lambda: CountVectorizer().fit(texts))
    counts = _timed("outlet_term_counts", timings, lambda: outlet_term_counts(fakes))
    distinctive = _timed(
        "distinctive_terms (counts reused)",
        timings,
        lambda: distinctive_terms(fakes, counts=counts),
    )
    hits = _framing_hits(fakes)
    near = _timed(
        "collocates (counts reused)", timings, lambda: collocates(fakes, hits, counts=counts)
    )
    sentences = sentence_table(fakes)
    similar = _timed("article_similarity", timings, lambda: article_similarity(fakes, sentences))
    outlets = _timed(
        "outlet_similarity (counts reused)",
        timings,
        lambda: outlet_similarity(fakes, counts=counts),
    )
    print(
        f"\nfakes corpus: {fakes.height} articles, {len(counts.outlets)} outlets, "
        f"{counts.terms.size:,} terms"
    )
    for label, seconds in timings.items():
        print(f"  {label:<42} {seconds:6.2f} s")

    DISTINCTIVE.check(distinctive)
    COLLOCATES.check(near)
    SIMILARITY.check(similar)
    OUTLET_SIMILARITY.check(outlets)
    assert set(distinctive["outlet"]) == set(fakes["outlet"])
    assert distinctive.filter(outlet="tass")["note"].str.contains("763 words").all()
    assert distinctive.filter(outlet="ahram")["note"].is_null().all()
    assert outlets.height == 15 * 14 // 2
    assert set(near["term"]) <= set(FRAMING_TERMS)

    # The dataset's own record of articles whose text duplicates another's.
    duplicates = fakes.filter(pl.col("duplicate_text_of").is_not_null()).select(
        id_a=pl.min_horizontal("id", "duplicate_text_of"),
        id_b=pl.max_horizontal("id", "duplicate_text_of"),
    )
    flagged = duplicates.join(similar, on=["id_a", "id_b"], how="left")
    assert flagged["near_copy"].to_list() == [True] * duplicates.height


def test_batches_change_nothing_on_the_fakes_corpus(fakes):
    one_batch = outlet_term_counts(fakes, batch_size=fakes.height, min_total_count=2)
    small_batches = outlet_term_counts(fakes, batch_size=97, min_total_count=2)
    assert one_batch.table().equals(small_batches.table())
    assert (one_batch.totals == small_batches.totals).all()
