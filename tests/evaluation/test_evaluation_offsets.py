"""Clean-text offsets mapped back to the text as read (analysis.evaluation.offsets)."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT

from analysis.clean import clean_page
from analysis.corpus import load_corpus
from analysis.evaluation import clean_offset_map

CORPORA = Path(os.environ.get("FRAMELENS_CORPORA", PROJECT.parent / "shared" / "corpora"))


def assert_maps_back(raw: str, clean: str, removed: list[tuple[int, str]]) -> None:
    """Every clean character is the raw character it maps to (a space: a run of whitespace;
    a paragraph separator: the end of a kept line), in increasing order."""
    positions = clean_offset_map(raw, clean, removed).positions
    assert len(positions) == len(clean)
    assert positions == sorted(positions)
    for index, (char, position) in enumerate(zip(clean, positions, strict=True)):
        if char == "\n":
            assert raw[position - 1] != "\n" or index == 0
        elif char == " ":
            assert raw[position].isspace()
        else:
            assert raw[position] == char


def removed_of(page) -> list[tuple[int, str]]:
    """REMOVED_LINES (line, text) of a CleanPage, as analysis.clean.clean_batch writes them."""
    rows = []
    for line in page.lines:
        if not line.keep:
            rows.append((line.number, line.text))
        else:
            rows.extend((line.number, text) for text, _ in line.removed_parts())
    return rows


def test_spans_map_over_removed_lines_and_spaces():
    raw = "Menu\n\n  Officials said \u00a0 the vote was close and the chamber stayed open.\nSearch"
    page = clean_page(raw)
    assert page.text == "Officials said the vote was close and the chamber stayed open."
    offsets = clean_offset_map(raw, page.text, removed_of(page))
    start = page.text.index("said the")
    raw_start, raw_end = offsets.span(start, start + len("said the"))
    assert raw[raw_start:raw_end] == "said \u00a0 the"
    assert offsets.span(0, 9) == (raw.index("Officials"), raw.index("Officials") + 9)


def test_a_date_cut_from_the_first_line_is_skipped():
    raw = ("Wed 05 Apr 2017 Syria attack kills ten people in the north of the country, the "
           "army said on Wednesday.")
    page = clean_page(raw)
    assert page.text.startswith("Syria attack")
    offsets = clean_offset_map(raw, page.text, removed_of(page))
    start = page.text.index("army")
    assert offsets.span(start, start + 4) == (raw.index("army"), raw.index("army") + 4)
    assert offsets.span(0, 5) == (raw.index("Syria"), raw.index("Syria") + 5)


def test_the_seeds_map_back(seed_corpus):
    removed = seed_corpus.removed
    for article_id, raw, clean in seed_corpus.articles.select(
        "id", "raw_text", "clean_text"
    ).iter_rows():
        rows = removed.filter(pl.col("id") == article_id).select("line", "text").rows()
        assert_maps_back(raw, clean, rows)


_LINES = st.sampled_from([
    "Menu", "Search", "Photo: Reuters", "A caption above the credit",
    "The minister said on Monday that the talks would resume next week in the capital.",
    "  Officials\u00a0said  the  vote was close, and\tthe chamber stayed open until dawn.  ",
    "Senate Passes The Budget", "", "   ", "12 34 56",
    "\u201cWe won,\u201d said Senator Jane Smith, who led the effort for the majority today.",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=12))
def test_any_page_maps_back(lines):
    raw = "\n".join(lines)
    page = clean_page(raw)
    assert_maps_back(raw, page.text, removed_of(page))


@pytest.mark.parametrize("corpus", ["fakes/articles.jsonl", "polnear-dev/articles.jsonl"])
def test_development_corpora_map_back(corpus):
    path = CORPORA / corpus
    if not path.is_file():
        pytest.skip(f"{path} not found (needs ../shared/corpora beside the repository, or "
                    "FRAMELENS_CORPORA naming the corpora folder)")
    from analysis.clean import clean_articles

    cleaned = clean_articles(load_corpus(path))
    removed: dict[str, list[tuple[int, str]]] = {}
    for article_id, line, text in cleaned.removed.select("id", "line", "text").iter_rows():
        removed.setdefault(article_id, []).append((line, text))
    for article_id, raw, clean in cleaned.articles.select(
        "id", "raw_text", "clean_text"
    ).iter_rows():
        assert_maps_back(raw, clean, removed.get(article_id, []))
