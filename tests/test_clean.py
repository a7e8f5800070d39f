"""Cleaning scraped pages: what must go and what must stay, line by line, on the seeds."""

from __future__ import annotations

import tomllib
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT, SEEDS, build_articles

from analysis.clean import (
    DUPLICATES,
    REMOVED_LINES,
    SENTENCES,
    clean_articles,
    clean_page,
    sentence_spans,
    split_sentences,
)
from analysis.corpus import ARTICLES, LoadedCorpus

ANNOTATION = tomllib.loads((PROJECT / "tests/fixtures/seed_cleaning.toml").read_text())["seeds"]


@pytest.mark.parametrize("file_name", sorted(ANNOTATION))
def test_seed_lines_kept_and_removed_as_annotated(file_name):
    raw = (SEEDS / file_name).read_text(encoding="utf-8")
    annotation = ANNOTATION[file_name]
    page = clean_page(raw, title=annotation["title"])
    kept = Counter(line.text for line in page.lines if line.keep)
    removed = Counter(line.text for line in page.lines if not line.keep)
    assert kept == Counter(annotation["keep"])
    assert removed == Counter(annotation["remove"])


@pytest.mark.parametrize("file_name", sorted(ANNOTATION))
def test_seed_cleaning_without_manifest_finds_the_same_lines(file_name):
    raw = (SEEDS / file_name).read_text(encoding="utf-8")
    page = clean_page(raw)
    assert Counter(line.text for line in page.lines if line.keep) == Counter(
        ANNOTATION[file_name]["keep"]
    )
    assert page.title == ANNOTATION[file_name]["title"]


def test_sputnik_caption_and_related_links_are_not_article_text(seed_articles):
    sputnik = seed_articles.filter(pl.col("outlet") == "Sputnik")["clean_text"][0]
    assert "rebel-controlled" not in sputnik  # only in an AFP caption
    assert "Regime Change" not in sputnik  # only in a related-link headline
    assert "Community standards" not in sputnik
    assert sputnik.startswith("Russian MoD: Over 800,000 Returned Home")
    assert sputnik.rstrip().endswith("controlled by Damascus since December 1.")


def test_headline_kept_once_when_the_page_repeats_it(seed_articles):
    blog = seed_articles.filter(pl.col("id").str.starts_with("001"))["clean_text"][0]
    assert blog.count("Citizens Leave Militant-Held Districts") == 1


def test_removed_lines_say_why(seed_corpus):
    removed = seed_corpus.removed
    REMOVED_LINES.check(removed)
    reasons = dict(zip(removed["text"], removed["reason"], strict=True))
    assert reasons["© AFP 2018/ ALBARAKA NEWS"] == "photo credit"
    assert reasons["Russia General Staff Chief Explains Who Trained Daesh Leaders in Syria"] == (
        "related link"
    )
    assert reasons["Related:"] == "related links"
    assert reasons["Leave a Reply"] == "comment form"
    assert reasons["08:11 GMT +317 March 2018"] == "page timestamp"


def test_counts_of_removed_characters_and_lines(seed_articles):
    sputnik = seed_articles.filter(pl.col("outlet") == "Sputnik").row(0, named=True)
    assert sputnik["lines_removed"] == len(ANNOTATION["000_109e43fdd403fab8.txt"]["remove"])
    assert sputnik["chars_removed"] == sum(
        len(line) for line in ANNOTATION["000_109e43fdd403fab8.txt"]["remove"]
    )
    assert sputnik["chars_removed"] > len(sputnik["clean_text"])  # furniture outweighs the article


def test_page_timestamps_become_iso_dates():
    rt = clean_page((SEEDS / "004_0dc43f7eaad64226.txt").read_text(encoding="utf-8"))
    sputnik = clean_page((SEEDS / "000_109e43fdd403fab8.txt").read_text(encoding="utf-8"))
    assert rt.date == "2016-12-07T19:16"
    assert sputnik.date == "2018-03-17T08:11+03:00"


def test_articles_table_follows_its_schema(seed_corpus):
    ARTICLES.check(seed_corpus.articles)
    DUPLICATES.check(seed_corpus.duplicates)
    assert seed_corpus.articles.height == 5


def test_cleaning_a_clean_text_changes_nothing(seed_articles):
    for title, text in seed_articles.select("title", "clean_text").iter_rows():
        assert clean_page(text, title=title).text == text


def test_date_glued_to_the_start_of_a_text_is_removed():
    page = clean_page("Fri 07 Apr 2017 at 0914 Homs governor says U.S. attack caused deaths. "
                      "A U.S. missile strike on an airbase near Homs caused deaths.")
    assert page.text.startswith("Homs governor says")
    page = clean_page("12 February 2015 Casualties mount in the Eastern Ghouta city as the "
                      "regime continues its assault.")
    assert page.text.startswith("Casualties mount")
    page = clean_page("10 dead after strikes on rebel-held hospitals in Syria. Air strikes hit.")
    assert page.text.startswith("10 dead after strikes")


def _article(article_id: str, outlet: str, text: str) -> dict:
    return {"id": article_id, "outlet": outlet, "outlet_source": "manifest", "title": None,
            "date": None, "url": None, "path": f"{article_id}.txt", "raw_text": text}


def _loaded(rows: list[dict]) -> LoadedCorpus:
    from analysis.corpus import RAW_ARTICLES

    return LoadedCorpus(pl.DataFrame(rows, schema=RAW_ARTICLES.polars_schema()))


BODY = ("The army said on Tuesday that it had retaken three districts of the city from the "
        "militants after a week of heavy fighting. ")


def test_lines_repeated_across_an_outlets_articles_are_furniture():
    rows = [
        _article(f"a{i}", "Daily Example",
                 f"Headline number {i} about the war\nFollow our live coverage on Telegram\n"
                 f"{BODY * (i + 1)}\nThe war has killed more than 400,000 people since 2011, "
                 "according to monitors cited by the paper.")
        for i in range(4)
    ] + [_article("b1", "Other Outlet", f"Other headline here\n{BODY}\nFollow our live "
                  "coverage on Telegram")]
    cleaned = clean_articles(_loaded(rows))
    texts = dict(cleaned.articles.select("id", "clean_text").iter_rows())
    assert "Follow our live coverage" not in texts["a0"]
    assert "Follow our live coverage" in texts["b1"]  # only once in that outlet: kept
    # a full sentence repeated in every article of the outlet is boilerplate too
    assert "400,000" not in texts["a0"]


def test_duplicate_articles_are_counted_once_and_reported():
    rows = [
        _article("first", "Outlet A", f"Some headline for the story\n{BODY}"),
        _article("repost", "Outlet B", f"Some headline for the story\nSHARE THIS ARTICLE\n{BODY}"
                 "\nLeave a Reply\nYou are commenting using your Twitter account."),
        _article("other", "Outlet B", f"Another headline\n{BODY} And more news followed."),
    ]
    cleaned = clean_articles(_loaded(rows))
    assert cleaned.articles["id"].to_list() == ["first", "other"]
    assert cleaned.duplicates.row(0, named=True) == {
        "id": "repost", "duplicate_of": "first", "outlet": "Outlet B", "kind": "near-exact"}
    assert any("duplicate of article first" in str(w) for w in cleaned.warnings)


def test_empty_articles_are_reported_not_counted():
    rows = [_article("empty", "A", "   \n\n"), _article("furniture", "A", "Register\nLog in\n"),
            _article("real", "A", BODY)]
    cleaned = clean_articles(_loaded(rows))
    assert cleaned.articles["id"].to_list() == ["real"]
    problems = sorted(str(w) for w in cleaned.warnings)
    assert problems == ["empty.txt: skipped: empty file",
                        "furniture.txt: skipped: nothing left after removing page furniture"]


# --- sentences --------------------------------------------------------------------------------

def test_titles_and_abbreviations_do_not_split_sentences():
    text = ("The head of the department, Lt.-Gen. Sergei Rudskoy, said so on Friday. Maj. Gen. "
            "Igor Konashenkov of the U.S. desk spoke. Syrian Army retakes 70% of E. Aleppo.")
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    assert sentences == [
        "The head of the department, Lt.-Gen. Sergei Rudskoy, said so on Friday.",
        "Maj. Gen. Igor Konashenkov of the U.S. desk spoke.",
        "Syrian Army retakes 70% of E. Aleppo.",
    ]


def test_sentences_never_cross_paragraphs():
    text = "Headline without a full stop\n\nFirst paragraph ends here. Second sentence."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Headline without a full stop", "First paragraph ends here.", "Second sentence."]


def test_seed_sentences_follow_schema_and_point_into_clean_text(seed_articles, seed_sentences):
    SENTENCES.check(seed_sentences)
    texts = dict(seed_articles.select("id", "clean_text").iter_rows())
    for article_id, _, start, end in seed_sentences.iter_rows():
        sentence = texts[article_id][start:end]
        assert sentence == sentence.strip() and sentence
        assert "\n" not in sentence
    ryabkov = [texts[i][a:b] for i, _, a, b in seed_sentences.iter_rows()
               if "Ryabkov said" in texts[i][a:b]]
    assert ryabkov == ["Following the announcement, Russian Deputy Foreign Minister Sergei Ryabkov "
                       "said that the militants' claims were fictitious, adding that Moscow is "
                       "currently working towards the establishment of the required conditions "
                       "for the safe extractions of civilians from Aleppo."]


def test_split_sentences_does_not_depend_on_batching(seed_articles, seed_sentences):
    parts = [split_sentences(seed_articles.slice(i, 1)) for i in range(seed_articles.height)]
    assert pl.concat(parts).equals(seed_sentences)


page_lines = st.lists(
    st.one_of(
        st.sampled_from(["Register", "© AFP 2018/ Someone", "Related:", "Tags: war, peace",
                         "Leave a Reply", "7 Dec, 2016 19:16", "A caption (File)", "", "  ",
                         "Subheading without stop", "“A quote,” he said.", BODY.strip()]),
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(page_lines)
def test_cleaning_never_crashes_and_is_idempotent(lines):
    raw = "\n".join(lines)
    page = clean_page(raw)
    again = clean_page(page.text, title=page.title)
    assert again.text == page.text
    assert page.chars_removed >= 0
    for start, end in sentence_spans(page.text):
        assert 0 <= start < end <= len(page.text)


def test_build_articles_helper_matches_schema():
    ARTICLES.check(build_articles({"x": ("Outlet", "Some text.")}))
