"""The default lexicon on the five cleaned seeds: counts pinned by reading the articles.

Counts are per article over its clean text, headline included (the cleaner keeps it), as
(all hits, narration hits). They were made by reading each article paragraph by paragraph;
the comments say where the less obvious ones come from.
"""

from __future__ import annotations

import polars as pl
import pytest

from analysis.lexicon import load_lexicon
from analysis.lexicon.matching import HITS, attach_speakers, match_terms
from analysis.quotes import find_quotes

SPUTNIK, BLOG, UNIDENTIFIED, PRESS_TV, RT = (
    "000_109e43fdd403fab8",
    "001_0b2e70bf5053be85",
    "002_22da2d786eb33f9f",
    "003_50bcb06095c7dcc2",
    "004_0dc43f7eaad64226",
)

EXPECTED = {
    SPUTNIK: {
        "terrorist": (1, 1),  # "the Jabhat al Nusra terrorist group"
        "militant": (3, 1),  # "fleeing militants"; two inside the ministry's statements
        "armed opposition": (2, 1),
        "opposition": (1, 1),  # "armed Syrian opposition": not the phrase armed opposition
        "armed group": (1, 1),
        "government forces": (1, 1),
        "liberate": (2, 1),
        "reconciliation": (3, 1),
        "return home": (2, 2),  # headline "Returned Home", "returning to their homes"
        "humanitarian corridor": (1, 0),
        "humanitarian aid": (2, 1),
        "humanitarian pause": (1, 1),
        "evacuate": (1, 1),  # "medical evacuation"
        "civilian": (3, 1),
        "flee": (2, 2),
        "displaced": (2, 1),
        "airstrike": (1, 0),
        "so-called": (1, 0),  # "so-called Democratic Federation", inside a statement
    },
    BLOG: {
        "militant": (5, 4),  # headline "Militant-Held", "militant-controlled"
        "reconciliation": (3, 2),
        "amnesty": (2, 1),
        "Syrian troops": (1, 0),
        "government forces": (1, 1),
        "civilian": (1, 1),
    },
    UNIDENTIFIED: {
        "militant": (17, 10),
        "civilian": (7, 3),
        "Syrian Army": (4, 3),
        "amnesty": (4, 2),  # "amnestied" twice
        "liberate": (4, 1),
        "humanitarian aid": (4, 3),  # the "Humanitarian Aid" subheading counts
        "recapture": (3, 1),
        "terrorist": (3, 0),  # only ever inside Rudskoy's quotes
        "reconciliation": (3, 1),
        "take control": (2, 2),  # "takes control", "gained control"
        "so-called moderate opposition": (2, 1),
        "so-called": (2, 1),
        "Syrian troops": (1, 1),
        "government forces": (1, 0),
        "gunman": (1, 0),
        "seize": (1, 0),
        "cleared": (1, 1),  # "cleared of militants"; twice "cleared of mines" does not count
        "regain": (1, 1),
        "retake": (1, 1),
        "escape": (1, 0),
        "flee": (1, 1),
        "return home": (1, 0),
    },
    PRESS_TV: {
        "militant": (16, 13),
        "terrorist": (2, 2),
        "civilian": (6, 4),
        "evacuate": (3, 1),
        "retake": (3, 3),  # "to retake", "has retaken", "retook"
        "reconciliation": (3, 1),
        "Syrian forces": (2, 2),  # subheading "Syria forces continue to purge Aleppo"
        "liberate": (2, 2),
        "purge": (1, 1),
        "government forces": (1, 1),
        "government troops": (1, 0),
        "humanitarian corridor": (1, 0),
        "so-called": (1, 1),  # "The so-called Syrian Observatory for Human Rights"
        "flee": (1, 1),
        "escape": (1, 1),
    },
    RT: {
        "militant": (18, 14),
        "Syrian Army": (6, 6),
        "evacuate": (5, 5),
        "government forces": (4, 4),  # one is "governmental forces"
        "civilian": (3, 3),
        "reconciliation": (3, 3),
        "opposition": (3, 2),  # one inside the scare quote ‘opposition’ is narration
        "liberate": (2, 2),
        "retake": (1, 1),
        "seize": (1, 1),  # "seize control"
        "take control": (1, 1),
        "Syrian forces": (1, 1),
        "fighter": (1, 1),  # "wounded fighters"
        "armed group": (1, 1),
        "extremist": (1, 1),
        "flee": (1, 1),
        "humanitarian aid": (1, 0),
    },
}


@pytest.fixture(scope="module")
def seed_quotes(seed_articles):
    return find_quotes(seed_articles)


@pytest.fixture(scope="module")
def seed_hits(seed_articles, seed_sentences, seed_quotes):
    hits = match_terms(seed_articles, seed_sentences, seed_quotes, load_lexicon())
    HITS.check(hits)
    return hits


def counts(hits: pl.DataFrame, article_id: str) -> dict[str, tuple[int, int]]:
    table = (
        hits.filter(pl.col("id") == article_id)
        .group_by("term")
        .agg(pl.len(), (pl.col("voice") == "narration").sum().alias("narration"))
    )
    return {term: (total, narration) for term, total, narration in table.iter_rows()}


@pytest.mark.parametrize("article_id", list(EXPECTED))
def test_seed_counts_match_a_reading_of_the_article(seed_hits, article_id):
    got = counts(seed_hits, article_id)
    # Scare quotes depend on analysis.quotes telling them from quotations; see
    # test_scare_quotes_are_the_quotes_tables_scare_rows.
    got.pop("scare quotes", None)
    assert got == EXPECTED[article_id]


def test_sputnik_body_has_no_rebel_or_regime(seed_hits, seed_articles):
    sputnik = seed_hits.filter(pl.col("id") == SPUTNIK)
    assert not {"rebel", "regime"} & set(sputnik["term"])
    # They were in the page only as a photo caption and a related-link headline.
    raw = seed_articles.filter(pl.col("id") == SPUTNIK)["raw_text"][0]
    assert "rebel-controlled town of Arbin" in raw and "Regime Change" in raw


def test_so_called_moderate_opposition_is_found_with_inner_quotation_marks(seed_hits):
    phrase = seed_hits.filter(pl.col("term") == "so-called moderate opposition")
    assert phrase.select("id", "matched_text", "voice").rows() == [
        (UNIDENTIFIED, "so-called “moderate opposition”", "narration"),
        (UNIDENTIFIED, "so-called ‘moderate opposition’", "quoted"),
    ]
    # The shorter term inside the phrase is not counted again in its category.
    assert "moderate opposition" not in seed_hits["term"].to_list()


def test_press_tv_says_terrorists_itself_and_quotes_militants(seed_hits, seed_articles):
    press_tv = seed_hits.filter(pl.col("id") == PRESS_TV)
    text = seed_articles.filter(pl.col("id") == PRESS_TV)["clean_text"][0]
    first_paragraph_end = text.index("\n\n", text.index("Russia has denied"))
    terrorists = press_tv.filter(
        (pl.col("matched_text") == "terrorists") & (pl.col("end") <= first_paragraph_end)
    )
    assert terrorists["voice"].to_list() == ["narration"]
    konashenkov = text.index("“Over the past night"), text.index("said Russian Defense Ministry")
    quoted = press_tv.filter(
        (pl.col("start") > konashenkov[0])
        & (pl.col("end") < konashenkov[1])
        & (pl.col("category") == "armed_opposition")
    )
    assert quoted.select("matched_text", "voice").rows() == [
        ("militant", "quoted"),
        ("militants", "quoted"),
    ]  # "militant-held", "291 militants"


def test_every_seed_hit_points_at_its_text_and_sentence(seed_hits, seed_articles):
    texts = dict(seed_articles.select("id", "clean_text").iter_rows())
    for article_id, matched, sentence, start, end in seed_hits.select(
        "id", "matched_text", "sentence", "start", "end"
    ).iter_rows():
        assert texts[article_id][start:end] == matched
        assert sentence is not None and sentence in texts[article_id]
    assert seed_hits["sentence_index"].null_count() == 0


def test_scare_quotes_are_the_quotes_tables_scare_rows(seed_hits, seed_quotes):
    scare_rows = seed_quotes.filter(pl.col("kind") == "scare").select("id", "start", "end")
    scare_hits = seed_hits.filter(pl.col("term") == "scare quotes")
    assert (
        scare_hits.select("id", "start", "end")
        .sort("id", "start")
        .equals(scare_rows.sort("id", "start"))
    )
    assert set(scare_hits["category"]) == {"distancing"}
    rt_scare = scare_hits.filter(pl.col("id") == RT)["matched_text"].to_list()
    # the outlet's own ‘opposition’ counts; the minister's “strategic victory” (after "called")
    # is a partial quotation, not a scare quote
    assert rt_scare == ["‘opposition’"]


def test_quoted_seed_hits_carry_the_speaker_of_their_quotation(
    seed_articles, seed_sentences, seed_quotes, seed_hits
):
    attribution = pytest.importorskip("analysis.attribution")
    attributions = attribution.find_attributions(seed_articles, seed_sentences, seed_quotes)
    hits = attach_speakers(seed_hits, attributions)
    HITS.check(hits)
    quoted_labels = hits.filter(
        (pl.col("id") == PRESS_TV)
        & (pl.col("voice") == "quoted")
        & (pl.col("category") == "armed_opposition")
    )
    assert quoted_labels.select("matched_text", "speaker").rows() == [
        ("militants", "Sergei Ryabkov"),
        ("militant", "Igor Konashenkov"),
        ("militants", "Igor Konashenkov"),
    ]
    assert (
        hits.filter(pl.col("voice") == "narration")["speaker"].null_count()
        == hits.filter(pl.col("voice") == "narration").height
    )
    assert hits.drop("speaker").equals(seed_hits.drop("speaker"))
