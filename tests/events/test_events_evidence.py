"""Evidence that two articles tell one event (analysis.events.evidence): names, numbers,
quotations, outlet boilerplate, and the link score, on sentences written for the case."""

from __future__ import annotations

import sys

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score
from support import PROJECT

from analysis.events import events_of_texts
from analysis.events.evidence import (
    KINDS,
    article_evidence,
    link_scores,
    names,
    numbers,
    pair_evidence,
    quote_runs,
)

sys.path.insert(0, str(PROJECT / "benchmarks"))
from planted_events import planted_set  # noqa: E402


def test_names_are_capitalised_runs_and_words_not_opening_a_sentence():
    found = names("Rebels shelled Khan Shaykhun on Tuesday. The strike hit the town, "
                  "Governor Talal Barazi told reporters in Idlib.")
    assert "khan shaykhun" in found and "shaykhun" in found
    assert "governor talal barazi" in found and "idlib" in found
    assert "rebels" not in found and "tuesday" not in found and "the" not in found


def test_numbers_keep_counts_and_dates_but_not_years():
    found = numbers("At least 58 people died and 1,200 fled on April 4, 2017; a toll of "
                    "seven was given on 5 April.")
    assert "58" in found and "1200" in found
    assert "date:4-4" in found and "date:4-5" in found
    assert "2017" not in found and "7" not in found


def test_the_same_quoted_words_are_found_in_two_reports():
    one = quote_runs('"We will not stand by while families are left behind," she said.')
    other = quote_runs('She told the crowd: “we will not stand by while families suffer.”')
    assert set(one) & set(other) == {"we will not stand by while",
                                     "will not stand by while families"}
    assert not set(one) & set(quote_runs('"We will not stand for it," he said.'))


def test_words_one_outlet_uses_in_most_articles_are_its_boilerplate():
    texts = [f"Story number {word} about floods. Sign up for the Ledger briefing."
             for word in ("alpha", "bravo", "charlie", "delta", "echo")]
    texts.append("The Ledger briefing covered floods in Fresno.")
    outlets = ["Ledger"] * 5 + ["Other"]
    evidence = article_evidence(texts, [None] * 6, outlets)
    words = evidence.matrices["words"]
    # 'briefing' is removed from the Ledger's rows and kept in the other outlet's row.
    assert words[:5].multiply(words[5]).sum() < 0.5
    assert words[5].nnz == 5  # ledger, briefing, covered, floods, fresno


RT = ("Syrian troops liberated the Sheikh Saeed district of eastern Aleppo on Wednesday and "
      "evacuated 1,200 civilians through the Jisr al-Haj corridor, the Russian Defence "
      "Ministry said. Lieutenant-General Sergei Rudskoy said 52 neighbourhoods were cleared.")
WIRE = ("Government forces captured Sheikh Saeed in east Aleppo as about 1,200 people fled via "
        "Jisr al-Haj, according to Moscow. Rudskoy told a briefing that 52 neighbourhoods had "
        "fallen and that rebels had shelled the crossing.")
OTHER = ("Government forces captured a village near Hama as people fled the shelling, "
         "according to the Syrian Observatory. A briefing in Moscow said the army advanced.")


def test_a_pair_telling_one_event_scores_above_a_pair_of_the_same_kind():
    evidence = article_evidence([RT, WIRE, OTHER], ["Aleppo district liberated",
                                                    "Sheikh Saeed captured", "Village taken"],
                                ["RT", "Wire", "Wire"])
    from scipy import sparse

    terms = sparse.identity(3, format="csr")  # no help from the terms layer
    features = pair_evidence(evidence, terms, np.array([0, 0]), np.array([1, 2]))
    assert features.shape == (2, len(KINDS))
    same, different = link_scores(features)
    assert same > 0.5 > different


def test_planted_ten_events_told_by_five_outlets_are_recovered():
    planted = planted_set("ten_events", seed=3)
    assert planted["date"].null_count() > 0 and planted["outlet"].n_unique() == 5
    events = events_of_texts(planted.rename({"text": "clean_text"}).drop("event"))
    joined = planted.join(events.select("id", pl.col("event").alias("found")), on="id")
    assert adjusted_rand_score(joined["event"], joined["found"]) >= 0.9
