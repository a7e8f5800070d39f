"""framelens discover: planted contrasts are found, ranked, written and checked."""

from __future__ import annotations

import polars as pl
import pytest
from support import build_articles
from support.planted import OUTLETS, planted_articles

from analysis.discover import CONTRASTS, discover_contrasts, sets_of, write_discovery
from analysis.discover.sets import cramers_v, spelling_variants
from analysis.lexicon import check_lexicon, load_lexicon, match_terms


@pytest.fixture(scope="module")
def planted():
    return planted_articles()


@pytest.fixture(scope="module")
def discovery(planted):
    return discover_contrasts(planted)


def _sets(discovery) -> list[set[str]]:
    return [set(found.terms) for found in discovery.sets]


def test_planted_labels_for_the_same_actors_are_grouped(discovery):
    sets = _sets(discovery)
    assert {"government", "regime"} in sets
    assert {"militants", "rebels", "terrorists"} in sets


def test_the_shared_vocabulary_forms_no_set(discovery):
    terms = {term for found in discovery.sets for term in found.terms}
    # Every outlet writes these words alike: none of them is a contested label.
    assert not terms & {"market", "schools", "checkpoint", "river", "doctors", "farmers"}


def test_contrasts_table_follows_its_schema_and_counts_each_outlets_uses(discovery):
    CONTRASTS.check(discovery.contrasts)
    regime_set = next(found for found in discovery.sets if "regime" in found.terms)
    rows = discovery.contrasts.filter(pl.col("set") == regime_set.rank)
    uses = {(row["term"], row["outlet"]): row["uses"] for row in rows.iter_rows(named=True)}
    # Four articles each; "regime" and "government" fill the same eight sentences.
    assert uses[("regime", "Northern Herald")] == 32
    assert uses[("government", "Northern Herald")] == 0
    assert uses[("government", "Capital Times")] == 32
    shares = rows.filter(pl.col("outlet") == "Evening Wire")
    assert dict(zip(shares["term"], shares["share_in_set"], strict=True)) == {
        "government": 1.0, "regime": 0.0}
    assert regime_set.divergence > 0.9  # each outlet uses one label only


def test_the_contrasts_table_holds_every_set_with_its_scores(discovery):
    assert sets_of(discovery.contrasts) == discovery.sets


def test_the_same_corpus_and_seed_give_the_same_sets(planted, discovery):
    again = discover_contrasts(planted)
    assert again.contrasts.equals(discovery.contrasts)


def test_sets_the_lexicon_already_knows_are_left_out(planted):
    known = discover_contrasts(planted, lexicon=load_lexicon())
    # The default lexicon has terrorist, militant and rebel, but not "government".
    assert {"militants", "rebels", "terrorists"} not in _sets(known)
    assert {"government", "regime"} in _sets(known)


def test_one_outlet_gives_no_set():
    text = " ".join(["The regime shelled the town and the regime blamed the rebels."] * 10)
    articles = build_articles({"a": ("Solo", text), "b": ("Solo", text)})
    assert discover_contrasts(articles).sets == []


def test_written_lexicon_passes_check_loads_and_counts_the_labels(planted, discovery, tmp_path):
    write_discovery(discovery, planted, tmp_path / "out", "planted")
    lexicon_file = tmp_path / "out" / "lexicon.toml"
    assert check_lexicon(lexicon_file) == []
    lexicon = load_lexicon(lexicon_file)
    hits = match_terms(planted, None, None, lexicon)
    counted = hits.group_by("outlet", "term").len()
    regime = counted.filter(pl.col("term") == "regime")
    assert regime.rows() == [("Northern Herald", "regime", 32)]
    csv_text = (tmp_path / "out" / "contrasts.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("set,term,outlet,uses,rate_per_1000")


def test_evidence_lines_show_each_label_in_each_outlet_with_offsets(planted, discovery, tmp_path):
    path = write_discovery(discovery, planted, tmp_path / "out", "planted")
    evidence = path.read_text(encoding="utf-8")
    assert "“government” / “regime”" in evidence
    line = next(line for line in evidence.splitlines()
                if line.startswith("- Northern Herald:") and "**regime**" in line)
    article, offsets = line.rsplit("[", 1)[1].rstrip("]").split(" ")
    start, end = (int(number) for number in offsets.split("–"))
    text = planted.filter(pl.col("id") == article.strip("`"))["clean_text"][0]
    assert text[start:end] == "regime"


def test_outlet_names_and_text_are_escaped_in_the_evidence(tmp_path):
    hostile = {"<b>Herald</b> | *x*": OUTLETS["Northern Herald"]}
    renamed = planted_articles().with_columns(
        outlet=pl.when(pl.col("outlet") == "Northern Herald")
        .then(pl.lit(next(iter(hostile)))).otherwise(pl.col("outlet")))
    found = discover_contrasts(renamed)
    evidence = write_discovery(found, renamed, tmp_path / "out", "planted").read_text("utf-8")
    assert "<b>" not in evidence
    assert "&lt;b&gt;Herald&lt;/b&gt; \\| \\*x\\*" in evidence


def test_seeds_have_too_little_text_for_a_set(seed_articles, tmp_path):
    found = discover_contrasts(seed_articles)
    assert found.sets == []
    path = write_discovery(found, seed_articles, tmp_path / "out", "seeds")
    assert "No set was found" in path.read_text(encoding="utf-8")


def test_spellings_of_one_name_are_not_two_labels():
    assert spelling_variants("raqqa", "raqa")
    assert spelling_variants("deir al-zor", "deir ezzor")
    assert spelling_variants("neighboring iraq", "neighbouring iraq")
    assert not spelling_variants("isil", "isis")
    assert not spelling_variants("syrian regime", "syrian government")
    assert not spelling_variants("daesh terrorist", "isis terrorist")


def test_cramers_v_is_zero_for_alike_outlets_and_one_for_split_ones():
    import numpy as np

    alike = np.array([[[10, 20], [10, 20]]])
    split = np.array([[[30, 0], [0, 30]]])
    assert cramers_v(alike)[0] == 0.0
    assert cramers_v(split)[0] == pytest.approx(1.0, abs=0.02)


def test_the_notebook_api_reaches_discovery_and_sampling(planted):
    import analysis

    assert analysis.discover_contrasts(planted, top=1).sets[0].terms == (
        "militants", "rebels", "terrorists")
    assert analysis.sample_hits is not None and analysis.Options(judgements="j.csv").judgements


@pytest.mark.slow
def test_fakes_labels_for_the_armed_groups_and_the_government_are_found(fakes_path):
    from analysis.pipeline import prepare

    found = discover_contrasts(prepare(fakes_path).articles, top=20)
    sets = _sets(found)
    assert {"opposition-held", "rebel-held"} in sets
    assert {"government-held", "regime-held"} in sets
    assert any({"government siege", "regime siege"} <= terms for terms in sets)
