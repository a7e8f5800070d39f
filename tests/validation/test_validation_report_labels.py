"""The report's "Labels the lexicon does not know": a large corpus is read as an even sample."""

from __future__ import annotations

from support import build_articles

from analysis.report.labels import sampled_articles


def test_a_corpus_over_the_word_budget_is_read_every_kth_article_in_id_order():
    texts = {f"a{number:02d}": ("RT", "Militants held the bridge again today.")
             for number in range(10)}
    articles = build_articles(texts).reverse()
    # Six words an article, sixty in all: a budget of 25 takes every third article.
    sample = sampled_articles(articles, max_words=25)
    assert sample["id"].to_list() == ["a00", "a03", "a06", "a09"]
    assert sampled_articles(articles, max_words=60)["id"].to_list() == sorted(texts)
