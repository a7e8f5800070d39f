"""The pruned term matrix joined from batches whose vocabulary waits on disk
(analysis.terms.vocabulary)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from support import build_articles
from support.terms import _articles, _batches, repost_page, sentence_table

from analysis.errors import FramelensError
from analysis.terms import (
    TermMatrix,
    article_similarity,
    join_batches,
    outlet_term_counts,
    spill_terms,
    term_matrix,
)
from analysis.terms.partial import words_in_terms


def _joined(articles: pl.DataFrame, cuts: list[int], directory, min_total_count: int = 2):
    pieces = [spill_terms(term_matrix(batch), directory) for batch in _batches(articles, cuts)]
    return join_batches(pieces, min_total_count=min_total_count)


def _expected(whole: TermMatrix, min_total_count: int):
    """(kept terms, their counts, dropped uses per article and phrase length) from the
    unpruned matrix of all the articles at once."""
    uses = np.asarray(whole.counts.sum(axis=0)).ravel()
    keep = uses >= min_total_count
    lengths = words_in_terms(whole.terms) - whole.ngram_range[0]
    dropped = np.zeros((whole.height, whole.dropped.shape[1]), dtype=np.int64)
    pruned = whole.counts[:, ~keep].tocoo()
    np.add.at(dropped, (pruned.row, lengths[~keep][pruned.col]), pruned.data)
    return whole.terms.filter(pl.Series(keep)), whole.counts[:, keep], dropped


def _seed_corpus(seed_articles: pl.DataFrame) -> pl.DataFrame:
    """The cleaned seeds plus a blog repost of one of them: words shared and words not."""
    repost = build_articles({"zz-repost": ("Blog", repost_page("003_50bcb06095c7dcc2.txt"))})
    return pl.concat([seed_articles.select(repost.columns), repost])


@pytest.mark.parametrize("cuts", [[], [1], [2, 3], [1, 2, 3, 4, 5]])
@pytest.mark.parametrize("min_total_count", [1, 2, 3])
def test_joined_batches_equal_the_whole_matrix_pruned(
    seed_articles, tmp_path, cuts, min_total_count
):
    articles = _seed_corpus(seed_articles)
    whole = term_matrix(articles)
    terms, counts, dropped = _expected(whole, min_total_count)
    assert 0 < terms.len() < whole.terms.len() or min_total_count == 1
    joined = _joined(articles, cuts, tmp_path, min_total_count)
    assert joined.terms.to_list() == terms.to_list()
    assert joined.counts.has_canonical_format
    assert (joined.counts != counts).nnz == 0
    assert joined.dropped.tolist() == dropped.tolist()
    assert joined.ids.equals(whole.ids)
    assert joined.outlets.equals(whole.outlets)
    assert joined.words.tolist() == whole.words.tolist()
    assert joined.min_total_count == min_total_count
    assert list(tmp_path.iterdir()) == []  # every vocabulary file read and removed


def test_most_terms_of_real_articles_are_used_once(seed_articles, tmp_path):
    """What pruning saves: on the seeds, most distinct terms are phrases used once."""
    articles = _seed_corpus(seed_articles)
    whole = term_matrix(articles)
    joined = _joined(articles, [2], tmp_path)
    assert joined.terms.len() < whole.terms.len() / 2
    assert "aleppo" in joined.terms.to_list()
    # every use is either kept or counted as dropped
    assert joined.counts.sum() + joined.dropped.sum() == whole.counts.sum()


def test_outlet_counts_from_the_joined_matrix_equal_counting_the_articles(seed_articles, tmp_path):
    articles = _seed_corpus(seed_articles)
    joined = _joined(articles, [1, 4], tmp_path)
    direct = outlet_term_counts(articles, min_total_count=2)
    counted = outlet_term_counts(articles, min_total_count=2, matrix=joined)
    assert counted.table().equals(direct.table())
    assert counted.totals.tolist() == direct.totals.tolist()  # pruned uses still counted
    assert counted.words.tolist() == direct.words.tolist()
    with pytest.raises(FramelensError, match="pruned below 2 uses"):
        outlet_term_counts(articles, min_total_count=1, matrix=joined)


def test_similarity_from_the_joined_matrix_equals_the_unpruned_one(seed_articles, tmp_path):
    articles = _seed_corpus(seed_articles)
    sentences = sentence_table(articles)
    unpruned = article_similarity(articles, sentences, floor=0.05)
    pruned = article_similarity(
        articles, sentences, floor=0.05, matrix=_joined(articles, [3], tmp_path)
    )
    assert unpruned.height >= 3 and unpruned["near_copy"].any()
    assert pruned.drop("cosine").equals(unpruned.drop("cosine"))
    # the terms used once are added to each vector's length after the others: the last bits
    # of a cosine may differ, nothing more
    assert np.allclose(pruned["cosine"], unpruned["cosine"], rtol=1e-12, atol=0)


def test_similarity_refuses_a_matrix_pruned_of_shared_terms(seed_articles, tmp_path):
    articles = _seed_corpus(seed_articles)
    matrix = _joined(articles, [], tmp_path, min_total_count=3)
    with pytest.raises(FramelensError, match="pruned below 3 uses"):
        article_similarity(articles, sentence_table(articles), matrix=matrix)


def test_pruned_matrices_are_not_concatenated(tmp_path):
    articles = _articles(20)
    first, second = (_joined(batch, [], tmp_path) for batch in _batches(articles, [10]))
    with pytest.raises(FramelensError, match="join_batches"):
        TermMatrix.concat([first, second])


def test_a_corpus_whose_terms_are_all_used_once(tmp_path):
    articles = build_articles(
        {"a": ("RT", "Rebels shelled Aleppo."), "b": ("BBC", "Ministers met yesterday.")}
    )
    joined = _joined(articles, [1], tmp_path)
    assert joined.terms.len() == 0 and joined.counts.shape == (2, 0)
    assert joined.dropped[:, 0].tolist() == [3, 3]  # three words each, all dropped
    table = article_similarity(articles, sentence_table(articles), matrix=joined)
    assert table.is_empty()
    assert outlet_term_counts(articles, min_total_count=2, matrix=joined).totals[:, 0].sum() == 6


def test_batches_of_different_shards_are_not_joined(tmp_path):
    articles = _articles(20)
    first, second = _batches(articles, [10])
    pieces = [
        spill_terms(term_matrix(first), tmp_path, shards=4),
        spill_terms(term_matrix(second), tmp_path),
    ]
    with pytest.raises(FramelensError, match="shards"):
        join_batches(pieces)


def test_the_scratch_folder_is_removed_even_when_the_work_fails(tmp_path, monkeypatch):
    import tempfile

    from analysis.terms.vocabulary import scratch_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with scratch_folder() as folder:
        spill_terms(term_matrix(_articles(5)), folder)
        # the 16 vocabulary shards and the batch's counts
        assert len(list(Path(folder).iterdir())) == 17
    with pytest.raises(KeyboardInterrupt), scratch_folder() as folder:
        spill_terms(term_matrix(_articles(5)), folder)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_run_leaves_nothing_in_the_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    from support import SEEDS

    from analysis.pipeline import Options, analyse

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = analyse(SEEDS, Options(batch_rows=2))
    assert result.distinctive.height > 0
    # the vocabulary is gone; the stored tables stay as long as the result
    assert [path.name[:17] for path in tmp_path.iterdir()] == ["framelens-tables-"]
    del result
    assert list(tmp_path.iterdir()) == []
