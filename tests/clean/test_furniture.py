"""Cleaning scraped pages: what must go and what must stay, line by line, on the seeds."""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT, SEEDS, build_articles

from analysis.clean import (
    DUPLICATES,
    PAGES,
    REMOVED_LINES,
    SENTENCES,
    clean_articles,
    clean_batch,
    clean_page,
    furniture_rules,
    repeated_endings,
    repeated_lines,
    sentence_spans,
    split_sentences,
)
from analysis.clean.alike import differing_characters
from analysis.clean.articles import PYTHON_WHITESPACE
from analysis.clean.pages import _TERMINAL, is_sentence
from analysis.clean.rules import KINDS, polars_patterns
from analysis.corpus import ARTICLES, LoadedCorpus
from analysis.tokens import count_words

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


# --- batches: polars measures the lines, Python decides --------------------------------------

# Lines that Python's re and polars read differently (long s and dotless i fold to s and i for
# Python only, U+001C is whitespace for Python only, a combining accent is a word character
# for polars only), furniture, and ordinary lines.
TRICKY_LINES = [
    "ſhare",
    "Regıster",
    "SHARE",
    "Share\x1c",
    "\x1cShare",
    "Tags:\x1cwar",
    "Comment",
    "сomment",
    "• Comment",
    "© AFP 2018/ Someone",
    "Photo: Reuters",
    "Related:",
    "Tags: war",
    "Leave a Reply",
    "7 Dec, 2016 19:16",
    "08:11 GMT +317 March 2018",
    "2016-12-07",
    "A caption (File)",
    "Soldiers patrol the old city on December 10, 2016.",
    "Fri 07 Apr 2017 at 0914 Homs governor says the strike killed civilians overnight.",
    "12 February 2015\x1cCasualties mount in the city as the regime continues its assault.",
    "Follow our live coverage on Telegram",
    "Rebels shelled the city on Monday and the army answered, a monitor said. Hazem Sabbagh",
    "Rebels shelled the city on Monday and the army answered, a monitor said. Reporting by "
    "Jane Doe; Editing by John Roe Our Standards:The Trust Principles.",
    "Published April 2 2017 Rebels shelled the city on Monday and the army answered, it said.",
    "The army said it took the hill after a week of fighting near the town. ... 11 Tags war",
    "Subheading without stop",
    "Subheading without stop",
    "Headline About The War In Syria",
    "“A quote,” he said.",
    BODY.strip(),
    "Caf\u00e9 owners said the district’s streets were empty after e\u0301 the attack on Monday.",
    "The ΑΣ group’s ² fighters and İstanbul officials said 3.5 km of road was closed today.",
    "doubled caption textdoubled caption text",
    "word\u00a0\u00a0spaced  line\twith tabs here.",
]
batch_lines = st.lists(
    st.one_of(
        st.sampled_from(TRICKY_LINES),
        st.text(
            alphabet=st.sampled_from("aſıIİKk sS\x1c\u0301²Σ“”’.-,:0123456789©()\u00a0"),
            max_size=40,
        ),
    ),
    max_size=12,
)


def _batch(pages: list[tuple[str, str | None, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"id": f"a{i}", "outlet": outlet, "title": title, "raw_text": text}
            for i, (outlet, title, text) in enumerate(pages)
        ],
        schema={"id": pl.String, "outlet": pl.String, "title": pl.String, "raw_text": pl.String},
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.sampled_from([None, "Headline About The War In Syria"]),
            batch_lines.map("\n".join),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_batch_is_cleaned_exactly_as_page_by_page(pages):
    raw = _batch(pages)
    repeated = repeated_lines(raw)
    endings = repeated_endings(raw)
    cleaned, removed = clean_batch(raw, repeated, endings)
    PAGES.check(cleaned)
    expected_removed = []
    for article, (outlet, title, text), row in zip(
        raw["id"], pages, cleaned.iter_rows(named=True), strict=True
    ):
        page = clean_page(
            text,
            title=title,
            repeated=repeated.get(outlet, frozenset()),
            endings=endings.get(outlet, frozenset()),
        )
        words = count_words(page.text)
        key = " ".join(re.findall(r"\w+", page.text.lower()))
        assert row == {
            "clean_text": page.text,
            "page_title": page.title,
            "page_date": page.date,
            "words": words,
            "chars_removed": page.chars_removed,
            "lines_removed": page.lines_removed,
            "prose_restored": page.prose_restored,
            "duplicate_key": hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
            if words
            else None,
        }
        for line in page.lines:
            if not line.keep:
                expected_removed.append((article, line.number, line.text, line.reason))
            else:
                expected_removed.extend(
                    (article, line.number, text, reason) for text, reason in line.removed_parts()
                )
    assert removed.rows() == expected_removed


def test_lines_the_engines_read_differently_are_decided_by_python():
    raw = _batch([("A", None, f"ſhare\nRegıster\n{BODY}\nTags:\x1cwar\nMore text here.")])
    _, removed = clean_batch(raw, {})
    assert dict(zip(removed["text"], removed["reason"], strict=True)) == {
        "ſhare": "share prompt",
        "Regıster": "navigation",
        "Tags:\x1cwar": "tags",
        "More text here.": "tags",
    }


def test_characters_the_engines_read_differently_are_found():
    texts = pl.Series(["ı ſ İ \x1c e\u0301 ² “quoted” © é ß Σ 3.5"])
    differing = differing_characters(texts)
    assert {"ı", "İ", "\x1c", "\u0301", "²"} <= set(differing)
    assert not {"“", "”", "©", "é", "Σ", " ", "."} & set(differing)


def test_every_packaged_rule_kind_is_prefiltered_by_polars():
    rules = furniture_rules()
    assert all(rules.polars[kind] for kind in KINDS)


@pytest.mark.filterwarnings("ignore:Possible set:FutureWarning")
@pytest.mark.parametrize(
    "pattern", [r"(?<=a)b", r"\<word", r"(a)\1", r"a\Z", r"[\b]x", r"(?x) a b", r"[a&&b]", r"a{,2}"]
)
def test_rules_polars_may_read_otherwise_are_left_to_python(pattern):
    assert polars_patterns((re.compile(pattern, re.IGNORECASE),)) is None


def test_word_boundaries_are_dropped_only_where_polars_would_match_more():
    found = polars_patterns((re.compile(r"\bon\b", re.IGNORECASE), re.compile(r"^x\\b")))
    assert found is not None
    lines = pl.Series(["upon", "on", "x\\b", "x"])
    assert lines.str.contains(found[0]).to_list() == [True, True, True, False]


def test_python_whitespace_is_every_character_str_strip_removes():
    every = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    assert PYTHON_WHITESPACE == every


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?…\"'”’)]“\n\t\x1c\u00a0"), max_size=12))
def test_is_sentence_reads_the_end_of_a_line_as_the_terminal_pattern_does(text):
    assert is_sentence(text) == bool(_TERMINAL.search(text))


def test_a_date_glued_to_the_start_is_not_counted_as_words_nor_taken_as_the_page_date():
    page = clean_page("Fri 07 Apr 2017 at 0914 Homs governor says the strike killed civilians.")
    assert page.words == count_words(page.text) == 7
    assert page.date is None
    page = clean_page("7 Dec, 2016 19:16\nFri 07 Apr 2017 at 0914 Homs governor says so.")
    assert (page.text, page.date) == ("Homs governor says so.", "2016-12-07T19:16")


def test_repeated_lines_do_not_depend_on_chunks_or_on_hash_collisions(seed_corpus, monkeypatch):
    from support import SEEDS

    from analysis.clean import repeated as module
    from analysis.corpus import load_corpus

    raw = load_corpus(SEEDS).articles
    page = "\n".join(["Follow us on Telegram", "Share this article", "A body line of its own."])
    extra = pl.DataFrame(
        [(f"x{n}", "Blog", f"{page}\nArticle {n} says something else entirely.")
         for n in range(4)],
        schema={"id": pl.String, "outlet": pl.String, "raw_text": pl.String},
        orient="row",
    )  # fmt: skip
    corpus = pl.concat([raw.select("id", "outlet", "raw_text"), extra])
    expected = module.repeated_lines(corpus)
    assert {"follow us on telegram", "share this article"} <= {
        line.casefold() for line in expected["Blog"]
    }
    monkeypatch.setattr(module, "REPEATED_CHUNK", 2)
    assert module.repeated_lines(corpus) == expected
    monkeypatch.setattr(module, "_line_key", lambda: pl.lit(7, dtype=pl.UInt64))  # all collide
    assert module.repeated_lines(corpus) == expected
