"""Article and outlet similarity, near-copies and reposts (analysis.terms.similarity)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity
from support.terms import raw_seed_texts, repost_page, seed_article_lines, sentence_table

from analysis.errors import FramelensError
from analysis.terms import (
    OUTLET_SIMILARITY,
    SIMILARITY,
    analyze,
    article_similarity,
    outlet_similarity,
    pairs,
    shared_sentences,
    similarity,
)
from analysis.terms import vectors as tfidf
from analysis.terms.pairs import _most_alike


def test_the_seeds_as_scraped_have_no_near_copies(make_articles):
    articles = make_articles(raw_seed_texts())
    table = article_similarity(articles, sentence_table(articles))
    SIMILARITY.check(table)
    assert not table["near_copy"].any()


def test_the_cleaned_seeds_have_no_near_copies(seed_articles, seed_sentences):
    table = article_similarity(seed_articles, seed_sentences, floor=0.01)
    SIMILARITY.check(table)
    assert table.height == 10  # every pair, at this floor
    assert not table["near_copy"].any()
    assert table["cosine"].max() < 0.5


def test_a_planted_repost_is_flagged(make_articles):
    texts = raw_seed_texts()
    texts["repost"] = ("Syria Solidarity Network", repost_page("003_50bcb06095c7dcc2.txt"))
    articles = make_articles(texts)
    table = article_similarity(articles, sentence_table(articles))
    flagged = table.filter("near_copy")
    assert flagged.select("id_a", "id_b").rows() == [("003_50bcb06095c7dcc2", "repost")]
    pair = flagged.row(0, named=True)
    assert pair["outlet_a"] == "Press TV"
    # The captions and furniture of the scraped page dilute the cosine a little; every
    # article sentence of the repost is in the original (its own furniture is not).
    assert pair["cosine"] >= 0.6
    assert pair["shared_sentence_share"] >= 0.8
    assert pair["shared_sentences"] >= 15


def test_vectors_made_apart_from_the_matrix_give_the_same_table(make_articles):
    from analysis.terms import term_matrix
    from analysis.terms.similarity import comparison_vectors

    texts = raw_seed_texts()
    texts["repost"] = ("Syria Solidarity Network", repost_page("003_50bcb06095c7dcc2.txt"))
    articles = make_articles(texts)
    sentences = sentence_table(articles)
    matrix = term_matrix(articles)
    vectors = comparison_vectors(matrix, articles)
    assert vectors.shape[0] == articles.height
    expected = article_similarity(articles, sentences)
    assert expected.filter("near_copy").height == 1
    assert article_similarity(articles, sentences, vectors=vectors).equals(expected)
    assert article_similarity(articles, sentences, matrix=matrix).equals(expected)
    with pytest.raises(FramelensError, match="5 vectors for 6 articles"):
        article_similarity(articles, sentences, vectors=vectors[:5])
    with pytest.raises(FramelensError):  # the matrix of other articles
        comparison_vectors(matrix, articles.slice(1))


def test_an_article_inside_a_longer_page_is_flagged_by_its_sentences(make_articles):
    short = "\n\n".join(seed_article_lines("001_0b2e70bf5053be85.txt"))
    long = "\n\n".join(
        seed_article_lines("000_109e43fdd403fab8.txt")
        + seed_article_lines("001_0b2e70bf5053be85.txt")[1:]
        + seed_article_lines("004_0dc43f7eaad64226.txt")
    )
    articles = make_articles({"short": ("Blog", short), "long": ("Aggregator", long)})
    table = article_similarity(articles, sentence_table(articles))
    pair = table.row(0, named=True)
    assert pair["cosine"] < 0.8  # the words of the long page dilute the cosine ...
    assert pair["shared_sentence_share"] >= 0.9  # ... but the short article is all there
    assert pair["near_copy"]


def test_identical_articles_have_cosine_one(make_articles):
    text = "\n\n".join(seed_article_lines("003_50bcb06095c7dcc2.txt"))
    articles = make_articles({"a": ("X", text), "b": ("Y", text), "c": ("Z", "Army advanced.")})
    table = article_similarity(articles, sentence_table(articles))
    assert table.select("id_a", "id_b", "shared_sentence_share").rows() == [("a", "b", 1.0)]
    assert table["cosine"].item() == pytest.approx(1.0)


def test_cosines_match_scikit_learn(make_articles):
    articles = make_articles(raw_seed_texts())
    table = article_similarity(articles, sentence_table(articles), floor=1e-9)
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    expected = cosine_similarity(vectorizer.fit_transform(articles["clean_text"].to_list()))
    ids = articles["id"].to_list()
    for id_a, id_b, cosine in table.select("id_a", "id_b", "cosine").iter_rows():
        assert cosine == pytest.approx(expected[ids.index(id_a), ids.index(id_b)])
    assert table.height == 10


def test_share_is_null_without_sentences(make_articles):
    text = "\n\n".join(seed_article_lines("003_50bcb06095c7dcc2.txt"))
    articles = make_articles({"a": ("X", text), "b": ("Y", text)})
    table = article_similarity(articles, sentence_table(articles).filter(id="a"))
    assert table["shared_sentence_share"].to_list() == [None]
    assert table["near_copy"].to_list() == [True]  # by cosine


def test_listing_is_sorted_and_deterministic(make_articles):
    texts = raw_seed_texts()
    texts["repost"] = ("Blog", repost_page("003_50bcb06095c7dcc2.txt"))
    texts["copy"] = ("Other blog", texts["002_22da2d786eb33f9f"][1])
    articles = make_articles(texts)
    table = article_similarity(articles, sentence_table(articles), floor=0.05)
    assert table["cosine"].is_sorted(descending=True)
    assert (table["id_a"] < table["id_b"]).all()
    reversed_order = articles.reverse()
    assert table.equals(
        article_similarity(reversed_order, sentence_table(reversed_order), floor=0.05)
    )


def test_duplicate_ids_are_a_user_error(make_articles):
    articles = make_articles({"a": ("X", "Army advanced."), "b": ("Y", "Army left.")})
    doubled = pl.concat([articles, articles])
    with pytest.raises(FramelensError, match="unique"):
        article_similarity(doubled, sentence_table(articles))
    with pytest.raises(FramelensError, match="threshold"):
        article_similarity(articles, sentence_table(articles), threshold=80)


def test_outlet_similarity(make_articles):
    army = "\n\n".join(seed_article_lines("004_0dc43f7eaad64226.txt"))
    articles = make_articles(
        {
            "a1": ("A", army),
            "b1": ("B", army + "\nRebels fled."),
            "c1": ("C", "\n\n".join(seed_article_lines("000_109e43fdd403fab8.txt"))),
        }
    )
    table = outlet_similarity(articles)
    OUTLET_SIMILARITY.check(table)
    assert table.select("outlet_a", "outlet_b").rows()[0] == ("A", "B")
    assert table.height == 3
    assert table["cosine"].is_sorted(descending=True)
    assert table["cosine"][0] > 0.95
    assert table.filter(outlet_a="A", outlet_b="C")["cosine"].item() < 0.5


def test_outlet_similarity_is_the_cosine_of_outlet_tfidf_vectors(make_articles):
    texts = raw_seed_texts()
    articles = make_articles(texts)
    table = outlet_similarity(articles)
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    # One article per outlet here, so outlet vectors are article vectors.
    vectors = vectorizer.fit_transform([text for _, text in texts.values()])
    expected = cosine_similarity(vectors)
    outlets = [outlet for outlet, _ in texts.values()]
    for outlet_a, outlet_b, cosine in table.iter_rows():
        i, j = outlets.index(outlet_a), outlets.index(outlet_b)
        assert cosine == pytest.approx(expected[i, j])
    assert np.isclose(table["cosine"].max(), expected[~np.eye(5, dtype=bool)].max())


def test_sentence_keys_made_batch_by_batch_give_the_same_table(make_articles):
    from analysis.terms.shared_sentences import SENTENCE_KEYS, sentence_keys

    original = "\n\n".join(seed_article_lines("003_50bcb06095c7dcc2.txt"))
    articles = make_articles(
        {
            "a": ("Press TV", original),
            "b": ("Blog", "Reposted with thanks.\n\n" + original.replace("’", "'").upper()),
            "c": ("RT", "Nothing here is shared with anyone. It is all new text today."),
        }
    )
    sentences = sentence_table(articles)
    whole = sentence_keys(articles, sentences)
    SENTENCE_KEYS.check(whole)
    batched = pl.concat(
        sentence_keys(articles.slice(start, 1), sentences.filter(pl.col("id") == article_id))
        for start, article_id in enumerate(["a", "b", "c"])
    )
    assert whole.equals(batched)
    # typography and case do not change a key, so the repost shares the original's keys
    keys = {article_id: set(group["key"]) for (article_id,), group in whole.group_by("id")}
    assert keys["a"] and keys["a"] <= keys["b"]
    assert not keys["c"] & keys["a"]
    assert article_similarity(articles, sentences, keys=batched).equals(
        article_similarity(articles, sentences)
    )
    # with the keys, the sentences are not needed (the pipeline leaves them on disk)
    assert article_similarity(articles, None, keys=batched).equals(
        article_similarity(articles, sentences)
    )
    with pytest.raises(FramelensError, match="sentences or their keys"):
        article_similarity(articles, None)


def test_blocks_of_rows_give_the_same_pairs(make_articles, monkeypatch):
    original = "\n\n".join(seed_article_lines("003_50bcb06095c7dcc2.txt"))
    articles = make_articles(
        {
            "a": ("Press TV", original),
            "b": ("Blog", "Reposted.\n\n" + original),
            "c": ("RT", "\n\n".join(seed_article_lines("004_0dc43f7eaad64226.txt"))),
            "d": ("Sputnik", "\n\n".join(seed_article_lines("000_109e43fdd403fab8.txt"))),
        }
    )
    whole = article_similarity(articles, sentence_table(articles), floor=0.05)
    assert whole.height >= 3
    monkeypatch.setattr(pairs, "INDEX_BLOCK", 1)
    monkeypatch.setattr(tfidf, "VECTOR_BLOCK", 1)
    monkeypatch.setattr(pairs, "ROW_BLOCK", 1)
    assert article_similarity(articles, sentence_table(articles), floor=0.05).equals(whole)


@pytest.mark.parametrize("block", [1, 3, 7])
def test_unit_vectors_are_the_same_whatever_the_block_of_rows(monkeypatch, block):
    generator = np.random.default_rng(11)
    dense = generator.poisson(0.3, size=(40, 25)).astype(np.int32)
    dense[[0, 17, 39]] = 0  # rows without any term
    dense[:, 5] = 0
    dense[3, 5] = 2  # a term of one article: dropped with shared_only
    counts = sparse.csr_matrix(dense)
    whole = {shared: tfidf.unit_vectors(counts, shared_only=shared) for shared in (0, 1)}
    assert whole[1].shape[1] < whole[0].shape[1]
    monkeypatch.setattr(tfidf, "VECTOR_BLOCK", block)
    for shared, expected in whole.items():
        vectors = tfidf.unit_vectors(counts, shared_only=bool(shared))
        assert vectors.shape == expected.shape
        assert np.array_equal(vectors.indptr, expected.indptr)
        assert np.array_equal(vectors.indices, expected.indices)
        assert np.array_equal(vectors.data, expected.data)


def _clustered_unit_vectors(seed: int, articles: int = 300, terms: int = 400) -> np.ndarray:
    """Unit vectors like TF-IDF rows: Zipf-like common terms that most rows share, rare terms
    a few share, and families of near-copies (a parent plus noise), so every band of
    cosines from 0 to 1 is populated; one row is empty."""
    generator = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, terms + 1) ** 1.1
    rows = np.zeros((articles, terms))
    for row in range(articles):
        if row % 7 and row > 10:  # most rows copy an earlier one, then change it
            rows[row] = rows[generator.integers(0, row)] * generator.uniform(0.2, 1.0)
        used = generator.choice(
            terms, size=generator.integers(3, 40), p=popularity / popularity.sum()
        )
        rows[row, used] += generator.uniform(0.1, 2.0, size=used.size)
    rows[5] = 0.0
    lengths = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, lengths, out=np.zeros_like(rows), where=lengths > 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("floor", [0.3, 0.6, 0.8, 0.95])
def test_pairs_above_the_floor_are_exactly_those_of_the_full_product(seed, floor, monkeypatch):

    vectors = sparse.csr_matrix(_clustered_unit_vectors(seed))
    full = sparse.triu(vectors @ vectors.T, k=1).tocoo()
    above = full.data >= floor
    expected = sorted(zip(full.row[above], full.col[above], full.data[above], strict=True))
    assert 0 < len(expected) < full.nnz  # the floor splits the pairs: the test has teeth
    rows, columns, cosines = pairs._pairs_above(vectors, floor)
    # every pair, and every cosine bit for bit as the product of all rows sums it
    assert sorted(zip(rows, columns, cosines, strict=True)) == expected
    monkeypatch.setattr(pairs, "INDEX_BLOCK", 7)
    monkeypatch.setattr(pairs, "ROW_BLOCK", 3)
    monkeypatch.setattr(pairs, "CANDIDATE_BLOCK", 50)
    rows, columns, cosines = pairs._pairs_above(vectors, floor)
    assert sorted(zip(rows, columns, cosines, strict=True)) == expected


def test_candidates_below_the_bound_are_not_multiplied():
    """The bound drops most candidates before any exact cosine is computed."""

    vectors = sparse.csr_matrix(_clustered_unit_vectors(4, articles=600))
    index = pairs._Index(vectors, 0.6)
    postings = index.weights.T.tocsr()
    everything = (index.weights @ postings).tocoo()
    sharing = int((everything.row != everything.col).sum()) // 2
    rows, columns = index.candidates(0, vectors.shape[0], postings)
    full = sparse.triu(vectors @ vectors.T, k=1).tocsr()
    reaching = int((full.data >= 0.6).sum())
    assert reaching <= rows.size < sharing
    assert np.all(np.asarray(full[np.minimum(rows, columns), np.maximum(rows, columns)]) > 0)


# -- bounded listing: each article's most alike partners ------------------------------------------


def test_most_alike_keeps_a_pair_among_the_first_of_either_article():
    rows = np.array([0, 0, 0, 1, 0])
    columns = np.array([1, 2, 3, 2, 1])  # (0, 1) given twice: the first cosine counts
    cosines = np.array([0.9, 0.8, 0.7, 0.95, 0.1])
    kept = _most_alike(rows, columns, cosines, 1)
    # 0's best is 1 (0.9); 1's and 2's best is each other (0.95); 3's only partner is 0
    assert [(int(r), int(c), float(x)) for r, c, x in zip(*kept, strict=True)] == [
        (0, 1, 0.9),
        (0, 3, 0.7),
        (1, 2, 0.95),
    ]
    # a tie goes to the partner that comes first: 0 keeps 1, not 2 (whose best is 3)
    kept = _most_alike(
        np.array([0, 0, 1, 2]), np.array([2, 1, 3, 3]), np.array([0.8, 0.8, 0.9, 0.95]), 1
    )
    assert list(zip(kept[0].tolist(), kept[1].tolist(), strict=True)) == [(0, 1), (1, 3), (2, 3)]


def _templated(count: int) -> dict[str, tuple[str, str]]:
    words = "army rebels town siege officials statement militants forces".split()
    return {
        f"t{number:03d}": ("Wire", f"The {words[number % 8]} said {words[number * 3 % 8]} "
                           "left the town today after the talks.")
        for number in range(count)
    }


@pytest.mark.parametrize("most", [1, 2])
def test_alike_articles_keep_their_most_alike_partners_and_pruning_changes_nothing(
    make_articles, monkeypatch, most
):
    articles = make_articles(_templated(40))
    monkeypatch.setattr(similarity, "MOST_ALIKE", most)
    monkeypatch.setattr(pairs, "MOST_ALIKE", most)
    table = article_similarity(articles, sentence_table(articles))
    ends = pl.concat([table["id_a"], table["id_b"]]).value_counts()
    assert ends.height == 40 and ends["count"].min() >= most
    assert table.height <= most * 40 < 40 * 39 // 2
    pruned = []
    monkeypatch.setattr(pairs, "_most_alike", lambda *given: pruned.append(given[0].size)
                        or _most_alike(*given))
    monkeypatch.setattr(pairs, "PRUNE_FROM", -10**9)  # prune after every block
    monkeypatch.setattr(pairs, "ROW_BLOCK", 1)
    assert article_similarity(articles, sentence_table(articles)).equals(table)
    assert len(pruned) > 1  # pruned while finding pairs, not only at the end


def test_a_sentence_in_very_many_articles_is_not_a_shared_sentence(make_articles, monkeypatch):
    footer = "All our reporting follows the standards of this news agency."
    texts = {
        "a": ("Wire", f"Rebels left the northern town on Monday. {footer}"),
        "b": ("Wire", f"Officials opened the southern road on Friday. {footer}"),
        "c": ("Wire", f"Activists counted the dead in the eastern district. {footer}"),
    }
    articles = make_articles(texts)
    shared = article_similarity(articles, sentence_table(articles))
    assert shared.height == 3 and shared["shared_sentences"].to_list() == [1, 1, 1]
    # the footer is in all three
    monkeypatch.setattr(shared_sentences, "BOILERPLATE_ARTICLES", 2)
    assert article_similarity(articles, sentence_table(articles)).is_empty()
