"""Finding lexicon terms: matching rules, voice, sentences, speakers (analysis.lexicon.matching)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import build_articles

from analysis.clean import SENTENCES
from analysis.lexicon import SCARE_QUOTES_TERM, load_lexicon, matching
from analysis.lexicon.compiled import Matcher
from analysis.lexicon.matching import HITS, attach_speakers, match_terms
from analysis.quotes import QUOTES

LEXICON = load_lexicon()


def hits_of(text: str, quotes: list[tuple[int, int, str]] | None = None) -> pl.DataFrame:
    """HITS of the default lexicon in article "a" of outlet "O"; ``quotes``: (start, end, kind)."""
    articles = build_articles({"a": ("O", text)})
    table = quotes_table("a", quotes) if quotes is not None else None
    hits = match_terms(articles, sentences_table({"a": text}), table, LEXICON)
    HITS.check(hits)
    return hits


def found(text: str, category: str | None = None) -> list[tuple[str, str]]:
    """(term, matched text) of every hit in ``text``, optionally of one category."""
    hits = hits_of(text)
    if category is not None:
        hits = hits.filter(pl.col("category") == category)
    return list(zip(hits["term"], hits["matched_text"], strict=True))


def sentences_table(texts: dict[str, str]) -> pl.DataFrame:
    """A SENTENCES table splitting each text after '. ' (enough for sentences written here)."""
    rows = []
    for article_id, text in texts.items():
        start = 0
        for number, piece in enumerate(text.split(". ")):
            end = min(start + len(piece) + 1, len(text))
            rows.append((article_id, number, start, end))
            start = end + 1
    return pl.DataFrame(rows, schema=SENTENCES.polars_schema(), orient="row")


def quotes_table(article_id: str, spans: list[tuple[int, int, str]]) -> pl.DataFrame:
    """A QUOTES table from (start, end, kind) spans that include their marks."""
    rows = [
        (article_id, number, start, end, start + 1, end - 1, 0, kind, 1, True)
        for number, (start, end, kind) in enumerate(spans)
    ]
    return pl.DataFrame(rows, schema=QUOTES.polars_schema(), orient="row")


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


# --- matching rules -------------------------------------------------------------------------------


def test_matching_ignores_case():
    assert found("MILITANTS and Militants and militant", "armed_opposition") == [
        ("militant", "MILITANTS"),
        ("militant", "Militants"),
        ("militant", "militant"),
    ]


def test_inflections_of_a_verb_all_count_as_its_term():
    text = "They liberate, liberated, are liberating; the liberation came."
    assert [term for term, _ in found(text)] == ["liberate"] * 4


def test_whole_words_only():
    text = "Terrorism, rebellion, oppositional and the regimented freedom of capture-free zones."
    assert found(text, "armed_opposition") == []
    assert found(text, "government_side") == []
    assert found("recaptured", "change_of_control") == [("recapture", "recaptured")]


@pytest.mark.parametrize(
    "written",
    ["so-called", "So-Called", "so\u2011called", "so called", "so\u2013called", "socalled"],
)
def test_hyphen_variants_match(written):
    assert found(f"the {written} council", "distancing") == [("so-called", written)]


@pytest.mark.parametrize(
    "written",
    [
        "so-called “moderate opposition”",
        "so-called ‘moderate opposition’",
        'so-called "moderate opposition"',
        "so-called 'moderate opposition'",
        "so called «moderate opposition»",
        "so-called moderate opposition",
    ],
)
def test_so_called_matches_with_inner_quotes(written):
    text = f"Crimes by the {written} militants."
    assert found(text, "armed_opposition") == [
        ("so-called moderate opposition", written),
        ("militant", "militants"),
    ]
    assert found(text, "distancing") == [
        ("so-called", "so-called" if "-" in written else "so called")
    ]


def test_longest_match_wins_within_a_category():
    assert found("the Syrian Arab Army and pro-government forces", "government_side") == [
        ("Syrian Arab Army", "Syrian Arab Army"),
        ("pro-government forces", "pro-government forces"),
    ]
    assert found("illegal armed groups and armed opposition", "armed_opposition") == [
        ("illegal armed group", "illegal armed groups"),
        ("armed opposition", "armed opposition"),
    ]


def test_hyphenated_compounds_count_the_label():
    text = "militant-held and rebel-controlled areas of the Assad-regime"
    assert [term for term, _ in found(text, "armed_opposition")] == ["militant", "rebel"]


def test_possessive_keeps_the_term_without_the_s():
    assert found("the Syrian Army’s ground forces and Assad's forces", "government_side") == [
        ("Syrian Army", "Syrian Army"),
        ("Assad forces", "Assad's forces"),
    ]


def test_excluded_phrases_do_not_count():
    text = (
        "Fighter jets, fighter-planes and a fighter pilot; fighters regrouped. Regime change "
        "is not the regime. Anti-government forces met government forces. Free passage, "
        "freed hostages. Cleared of mines; cleared of militants."
    )
    assert found(text, "armed_opposition") == [("fighter", "fighters"), ("militant", "militants")]
    assert found(text, "government_side") == [
        ("regime", "regime"),
        ("government forces", "government forces"),
    ]
    assert found(text, "change_of_control") == [("freed", "freed"), ("cleared", "cleared")]


def test_irregular_forms_count():
    text = "Aleppo fell; the fall of Homs; they overran, retook and took control; prices fall."
    assert found(text, "change_of_control") == [
        ("fell", "fell"),
        ("fell", "fall of"),
        ("overrun", "overran"),
        ("retake", "retook"),
        ("take control", "took control"),
    ]


def test_british_and_american_spellings_both_match(tmp_path):
    path = tmp_path / "spelling.toml"
    path.write_text(
        '[lexicon]\nname = "s"\n\n[categories.words]\ndescription = "Test words. Two."\n'
        'terms = [{ term = "organise", inflect = "verb" }, "defence", "neighbourhood"]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon(path)
    text = "organized, organising, defense, defences, neighborhoods"
    hits = match_terms(build_articles({"a": ("O", text)}), None, None, lexicon)
    assert hits["term"].to_list() == ["organise", "organise", "defence", "defence", "neighbourhood"]


def test_categories_are_independent_but_hits_never_overlap_within_one():
    text = "the so-called ‘moderate opposition’ and moderate opposition"
    hits = hits_of(text)
    for _, group in hits.group_by("category"):
        spans = sorted(zip(group["start"], group["end"], strict=True))
        pairs = zip(spans, spans[1:], strict=False)
        assert all(end <= next_start for (_, end), (next_start, _) in pairs)
    assert hits.filter(pl.col("category") == "distancing")["term"].to_list() == ["so-called"]


def test_text_whose_lower_case_changes_length_keeps_offsets():
    text = "İstanbul: MILITANTS İ rebels"  # "İ".lower() is two characters
    hits = hits_of(text)
    assert hits["matched_text"].to_list() == ["MILITANTS", "rebels"]
    for start, end, matched in zip(hits["start"], hits["end"], hits["matched_text"], strict=True):
        assert text[start:end] == matched


# --- voice ----------------------------------------------------------------------------------------


def test_hit_inside_a_quotation_is_quoted_and_outside_is_narration():
    text = 'Terrorists fled. "Militants laid down arms," he said of the rebels.'
    hits = hits_of(text, [(*span(text, '"Militants laid down arms,"'), "quotation")])
    voices = dict(zip(hits["matched_text"], hits["voice"], strict=True))
    assert voices == {
        "Terrorists": "narration",
        "fled": "narration",
        "Militants": "quoted",
        "rebels": "narration",
    }


def test_quotation_across_paragraphs_is_one_quoted_span():
    text = "“The militants left.\n\n“The terrorists stayed,” he said. The rebels went."
    hits = hits_of(text, [(0, text.index(" he said"), "quotation")])
    assert hits.filter(pl.col("voice") == "quoted")["matched_text"].to_list() == [
        "militants",
        "terrorists",
    ]
    assert hits.filter(pl.col("voice") == "narration")["matched_text"].to_list() == ["rebels"]


def test_scare_quote_is_a_distancing_hit_in_the_outlets_voice():
    text = "Free passage for all ‘opposition’ factions."
    hits = hits_of(text, [(*span(text, "‘opposition’"), "scare")])
    scare = hits.filter(pl.col("term") == SCARE_QUOTES_TERM)
    assert scare["category"].to_list() == ["distancing"]
    assert scare["matched_text"].to_list() == ["‘opposition’"]
    assert hits["voice"].unique().to_list() == ["narration"]  # the term inside it too


def test_scare_quote_inside_a_quotation_is_quoted():
    text = "“Crimes of the so-called ‘moderate opposition’ militants,” the general said."
    quotes = [
        (*span(text, "“Crimes of the so-called ‘moderate opposition’ militants,”"), "quotation"),
        (*span(text, "‘moderate opposition’"), "scare"),
    ]
    hits = hits_of(text, quotes)
    assert hits["voice"].unique().to_list() == ["quoted"]
    assert SCARE_QUOTES_TERM in hits["term"].to_list()


# --- sentences, order, speakers -------------------------------------------------------------------


def test_each_hit_carries_its_sentence():
    text = "Rebels left. Then militants came back. No label here"
    hits = hits_of(text)
    assert hits["sentence_index"].to_list() == [0, 1]
    assert hits["sentence"].to_list() == ["Rebels left.", "Then militants came back."]


def test_rows_are_sorted_by_id_start_category():
    articles = build_articles({"b": ("O", "so-called moderate opposition"), "a": ("O", "rebels")})
    hits = match_terms(articles, None, None, LEXICON)
    assert hits.select("id", "start", "category").rows() == [
        ("a", 0, "armed_opposition"),
        ("b", 0, "armed_opposition"),
        ("b", 0, "distancing"),
    ]
    assert hits["sentence"].null_count() == hits.height  # no sentences table given


def test_attach_speakers_fills_quoted_hits_inside_a_direct_attribution():
    text = '"Militants surrendered," Konashenkov said. "Terrorists fled," a source said. Rebels.'
    first, second = span(text, '"Militants surrendered,"'), span(text, '"Terrorists fled,"')
    hits = hits_of(text, [(*first, "quotation"), (*second, "quotation")])
    attributions = pl.DataFrame(
        {
            "id": ["a", "a"],
            "start": [first[0], second[0]],
            "end": [first[1], second[1]],
            "direct": [True, False],
            "speaker_canonical": ["Igor Konashenkov", "a source"],
        },
    )
    with_speakers = attach_speakers(hits, attributions)
    HITS.check(with_speakers)
    assert dict(zip(with_speakers["matched_text"], with_speakers["speaker"], strict=True)) == {
        "Militants": "Igor Konashenkov",
        "Terrorists": None,
        "fled": None,
        "Rebels": None,
    }
    assert with_speakers.drop("speaker").equals(hits.drop("speaker"))



@pytest.mark.parametrize("pairs_at_once", [1, 2, 3, 5])
def test_attach_speakers_gives_the_same_speakers_whatever_the_chunk_of_pairs(
    monkeypatch, pairs_at_once
):
    # nested quotations (the innermost wins), a span shared by two attributions (the first
    # wins), an indirect one (ignored) and a second article
    text = (
        '"Militants said \'terrorists fled\' and rebels stayed," Konashenkov said. '
        '"Terrorists fled," a source said. Rebels.'
    )
    outer, inner = span(text, '"Militants said \'terrorists fled\' and rebels stayed,"'), span(
        text, "'terrorists fled'"
    )
    last = span(text, '"Terrorists fled,"')
    quoted = [(*outer, "quotation"), (*inner, "quotation"), (*last, "quotation")]
    hits = pl.concat(
        [hits_of(text, quoted), hits_of(text, quoted).with_columns(id=pl.lit("b"))]
    )
    attributions = pl.DataFrame(
        {
            "id": ["a", "a", "a", "a", "b"],
            "start": [outer[0], inner[0], inner[0], last[0], last[0]],
            "end": [outer[1], inner[1], inner[1], last[1], last[1]],
            "direct": [True, True, True, False, True],
            "speaker_canonical": ["Igor Konashenkov", "militants", "rebels", "a source", "B"],
        },
    )
    whole = attach_speakers(hits, attributions)
    assert whole.filter(pl.col("id") == "a")["speaker"].to_list() == [
        "Igor Konashenkov", "militants", "militants", "Igor Konashenkov", None, None, None,
    ]
    monkeypatch.setattr(matching, "PAIRS_AT_ONCE", pairs_at_once)
    assert attach_speakers(hits, attributions).equals(whole)


# --- properties -----------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "militant",
        "militants",
        "-held",
        "so",
        "-",
        "\u2011",
        "called",
        " ",
        "  ",
        "\n\n",
        "“",
        "”",
        "‘",
        "’",
        "'",
        '"',
        "moderate",
        "opposition",
        "Syrian",
        "Arab",
        "Army",
        "’s",
        "fighter",
        " jets",
        "liberated",
        "fall",
        " of",
        "regime",
        " change",
        "X",
        "İ",
        "ß",
        "é",
        ",",
        ".",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offsets_always_point_at_the_matched_text(text):
    hits = match_terms(build_articles({"a": ("O", text)}), None, None, LEXICON)
    for start, end, matched in zip(hits["start"], hits["end"], hits["matched_text"], strict=True):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == matched


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_batching_changes_nothing(texts):
    articles = build_articles({f"a{n}": (f"outlet{n % 2}", text) for n, text in enumerate(texts)})
    together = match_terms(articles, None, None, LEXICON)
    one_by_one = pl.concat(
        [match_terms(articles.slice(row, 1), None, None, LEXICON) for row in range(len(texts))]
    ).sort(["id", "start", "category", "end", "term"])
    assert together.equals(one_by_one)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_one_scan_equals_scanning_each_category_alone(text):
    together = sorted(LEXICON.matcher.find(text))
    alone = sorted(hit for category in LEXICON.categories for hit in Matcher([category]).find(text))
    assert together == alone


OVERLAPPING = r"""
[lexicon]
name = "overlapping categories with a pattern"

[categories.labels]
description = "Labels. For the test."
terms = ["moderate opposition", "so-called moderate opposition", "militant"]

[categories.doubt]
description = "Doubt. For the test."
inflect = "none"
terms = [
  "so-called",
  { term = "fall", pattern = 'fell|fall(?=\s+of\b)', examples = ["fell"] },
  "opposition militants",
]
"""


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory):
    """A lexicon whose categories overlap ("so-called ...") and which has a pattern."""
    path = tmp_path_factory.mktemp("lexicon") / "overlapping.toml"
    path.write_text(OVERLAPPING, encoding="utf-8")
    return load_lexicon(path)


def test_overlapping_categories_with_a_pattern_each_count(overlapping):
    assert overlapping.matcher.find("so-called moderate opposition militants fell") == [
        ("labels", "so-called moderate opposition", 0, 29),
        ("doubt", "so-called", 0, 9),
        ("doubt", "opposition militants", 19, 39),
        ("labels", "militant", 30, 39),
        ("doubt", "fall", 40, 44),
    ]


@settings(max_examples=150, deadline=None)
@given(text=TEXTS)
def test_one_scan_equals_each_category_alone_with_patterns_and_overlaps(overlapping, text):
    together = sorted(overlapping.matcher.find(text))
    alone = sorted(
        hit for category in overlapping.categories for hit in Matcher([category]).find(text)
    )
    assert together == alone


def test_a_hyphen_in_a_term_matches_space_hyphen_or_nothing():
    text = "airstrikes, air strikes, air-strikes and an air strike"
    assert [term for term, _ in found(text, "humanitarian")] == ["airstrike"] * 4
