"""The pipeline's discovery stage: the corpus as the report compares it, a large corpus read
as an even sample."""

from __future__ import annotations

import polars as pl
from support import build_articles
from support.planted import planted_articles

from analysis.discover import CONTRASTS, sampled_articles, sets_of, shown_contrasts
from analysis.pipeline import Options, analyse


class _Texts:
    """Clean texts to scan, as a stored table gives them."""

    def __init__(self, articles: pl.DataFrame) -> None:
        self.articles = articles

    def scan(self, columns=None) -> pl.LazyFrame:
        return self.articles.lazy().select(columns or self.articles.columns)


def test_a_corpus_over_the_word_budget_is_read_every_kth_article_in_id_order():
    texts = {f"a{number:02d}": ("RT", "Militants held the bridge again today.")
             for number in range(10)}
    articles = build_articles(texts).reverse()
    # Six words an article, sixty in all: a budget of 25 takes every third article.
    sample = sampled_articles(articles, max_words=25)
    assert sample["id"].to_list() == ["a00", "a03", "a06", "a09"]
    assert sampled_articles(articles, max_words=60)["id"].to_list() == sorted(texts)


def test_with_groups_the_sets_compare_the_groups_not_the_outlets():
    planted = planted_articles()
    catalogue = planted.drop("clean_text")
    names = {"Northern Herald": "opposition press", "Capital Times": "state press",
             "Evening Wire": "state press"}
    contrasts = shown_contrasts(catalogue, _Texts(planted), names=names)
    CONTRASTS.check(contrasts)
    regime = next(found for found in sets_of(contrasts) if "regime" in found.terms)
    rows = contrasts.filter(pl.col("set") == regime.rank)
    assert set(rows["outlet"]) == {"opposition press", "state press"}
    uses = {(row["term"], row["outlet"]): row["uses"] for row in rows.iter_rows(named=True)}
    # Four articles of eight sentences each per outlet; the state press is two outlets.
    assert uses[("regime", "opposition press")] == 32
    assert uses[("government", "state press")] == 64


def test_the_table_gives_back_the_sets_it_was_made_of():
    planted = planted_articles()
    contrasts = shown_contrasts(planted.drop("clean_text"), _Texts(planted))
    found = sets_of(contrasts)
    assert [item.rank for item in found] == sorted(set(contrasts["set"]))
    assert {"government", "regime"} in [set(item.terms) for item in found]


def test_the_pipeline_discovers_over_the_groups_of_a_grouped_report(tmp_path):
    planted = planted_articles()
    sides = {"Northern Herald": "opposition", "Capital Times": "state", "Evening Wire": "state"}
    corpus = tmp_path / "articles.jsonl"
    (planted.select("id", "outlet", text="clean_text")
     .with_columns(side=pl.col("outlet").replace(sides)).write_ndjson(corpus))
    result = analyse(corpus, Options(group_by="side", min_words=0, lexicon="general"))
    CONTRASTS.check(result.contrasts)
    assert set(result.contrasts["outlet"]) == {"opposition", "state"}
    regime = next(found for found in sets_of(result.contrasts) if "regime" in found.terms)
    assert set(regime.terms) == {"government", "regime"}
