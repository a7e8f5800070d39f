"""Events across outlets (analysis.events.alignment): planted events in generated text,
articles without dates, the seeds and FA-KES."""

from __future__ import annotations

import json
import sys

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import adjusted_rand_score
from support import FAKES, PROJECT

from analysis.errors import FramelensError
from analysis.events import EVENTS, EventOptions, events_of_texts
from analysis.events.alignment import links

sys.path.insert(0, str(PROJECT / "benchmarks"))
from planted_events import planted_articles  # noqa: E402


def _articles(rows: list[tuple[str, str, str | None, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"id": i, "outlet": o, "date": d, "title": t, "clean_text": x} for i, o, d, t, x in rows],
        schema={"id": pl.String, "outlet": pl.String, "date": pl.String, "title": pl.String,
                "clean_text": pl.String},
    )


ALEPPO_RT = ("Syrian troops liberated the Sheikh Saeed district of eastern Aleppo on Wednesday "
             "and evacuated 1,200 civilians through the Jisr al-Haj corridor, the Russian "
             "Defence Ministry said.")
ALEPPO_WIRE = ("Government forces captured the Sheikh Saeed district in eastern Aleppo on "
               "Wednesday as 1,200 civilians fled through the Jisr al-Haj crossing, the Russian "
               "Defence Ministry said.")
GHOUTA = ("Rebels shelled the Old City of Damascus from Eastern Ghouta, killing four people "
          "near the Bab Touma gate, state television reported.")
PALMYRA = ("Islamic State fighters retook the ancient city of Palmyra after Russian jets "
           "withdrew, leaving the Roman theatre in their hands.")


def test_one_event_told_by_two_outlets_in_different_words_is_one_event():
    articles = _articles([
        ("a", "RT", "2016-12-07", "Aleppo district liberated", ALEPPO_RT),
        ("b", "Wire", "2016-12-08", "Aleppo district captured", ALEPPO_WIRE),
        ("c", "Wire", "2016-12-07", "Shells hit Damascus", GHOUTA),
        ("d", "RT", "2016-12-11", "Palmyra lost again", PALMYRA),
        ("e", "Wire", "2016-12-11", "Palmyra falls", PALMYRA.replace("retook", "seized")),
    ])
    events = events_of_texts(articles)
    EVENTS.check(events)
    event = dict(events.select("id", "event").iter_rows())
    assert event["a"] == event["b"]
    assert event["d"] == event["e"]
    assert len({event["a"], event["c"], event["d"]}) == 3
    first = events.filter(pl.col("id") == "a").row(0, named=True)
    assert first["outlets"] == "RT; Wire" and first["outlet_count"] == 2
    assert first["first_date"] == "2016-12-07" and first["last_date"] == "2016-12-08"
    assert first["label"] == "Aleppo district liberated"  # the earliest headline


def test_the_same_text_a_month_apart_is_two_events():
    articles = _articles([
        ("a", "RT", "2016-12-07", "Aleppo", ALEPPO_RT),
        ("b", "Wire", "2017-01-09", "Aleppo", ALEPPO_WIRE),
    ])
    events = events_of_texts(articles)
    assert events["event"].n_unique() == 2


def test_an_article_without_a_date_joins_its_event_by_text_alone():
    articles = _articles([
        ("a", "RT", "2016-12-07", "Aleppo", ALEPPO_RT),
        ("b", "Wire", None, "Aleppo", ALEPPO_WIRE),
        ("c", "Wire", "2016-12-07", "Damascus", GHOUTA),
    ])
    events = events_of_texts(articles)
    event = dict(events.select("id", "event").iter_rows())
    assert event["a"] == event["b"] != event["c"]
    undated = events.filter(pl.col("id") == "b").row(0, named=True)
    assert undated["date"] is None and undated["first_date"] == "2016-12-07"


def test_planted_events_are_recovered_with_adjusted_rand_above_0_85():
    planted = planted_articles(seed=3)
    assert planted["date"].null_count() > 0  # some dates are missing, as planted
    events = events_of_texts(planted.rename({"text": "clean_text"}).drop("event"))
    joined = planted.join(events.select("id", pl.col("event").alias("found")), on="id")
    assert adjusted_rand_score(joined["event"], joined["found"]) >= 0.85


def test_grouping_does_not_depend_on_row_order():
    planted = planted_articles(seed=5, events=12, unrelated=10)
    articles = planted.rename({"text": "clean_text"}).drop("event")
    forward = events_of_texts(articles)
    backward = events_of_texts(articles.reverse())
    assert forward.equals(backward)


def test_links_respect_the_window_and_compare_undated_articles_with_all():
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    from scipy import sparse

    days = np.array([0, 2, 10, -1])
    first, second, _ = links(sparse.csr_matrix(vectors), days, 3, 0.5)
    assert sorted(zip(first.tolist(), second.tolist(), strict=True)) == [
        (0, 1), (0, 3), (1, 3), (2, 3)]


def test_bad_options_are_one_line_errors():
    with pytest.raises(FramelensError, match="event window"):
        EventOptions(window_days=-1).check()
    with pytest.raises(FramelensError, match="between 0 and 1"):
        EventOptions(event_score=1.5).check()


def test_seed_reports_of_the_battle_of_aleppo_form_one_event(seed_articles):
    events = events_of_texts(seed_articles)
    aleppo = events.filter(pl.col("outlet").is_in(["RT", "Press TV"]))
    assert aleppo["event"].n_unique() == 1
    sputnik_2018 = events.filter(pl.col("date") == "2018-03-17")
    assert sputnik_2018["articles"][0] == 1


@pytest.mark.skipif(not FAKES.exists(), reason="../shared/corpora (FA-KES) is not here")
def test_fakes_copies_of_one_wire_story_are_one_event_and_dates_bound_events():
    from analysis.pipeline import Options, prepare

    articles = prepare(FAKES, Options()).articles
    events = events_of_texts(articles)
    assert events.height == articles.height
    rows = [json.loads(line) for line in FAKES.read_text(encoding="utf-8").splitlines()]
    titles = {row["id"]: row["title"] for row in rows}
    blast = [i for i, title in titles.items() if "30 Syrian rebels killed" in title.casefold()
             or "30 syrian rebels killed" in title.casefold()]
    assert len(blast) == 2
    found = events.filter(pl.col("id").is_in(blast))
    assert found["event"].n_unique() == 1
    spans = events.filter(pl.col("first_date").is_not_null()).select(
        pl.col("last_date").str.to_date() - pl.col("first_date").str.to_date())
    # Average linkage keeps events short: none spans more than a few windows.
    assert spans.to_series().max().days <= 12
