"""The vectorised terms layer gives exactly what the one-text-at-a-time Python code gives.

The references below are small, plain implementations of the terms layer as it was before it
was vectorised: the Python analyzer (:func:`analysis.terms.make_analyzer`, unchanged) applied
to one text at a time, Counters per outlet, collocate windows found with ``bisect`` on each
article's word spans, and cosines from scikit-learn's CountVectorizer and TfidfTransformer with
a product of all articles with all others. They run on the seeds, on texts written for the
case, on generated texts (hypothesis) and on the FA-KES corpus (skipped where it is absent).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from support.terms import sentence_table

from analysis.terms import (
    article_similarity,
    collocates,
    make_analyzer,
    outlet_term_counts,
    term_matrix,
)
from analysis.terms.analyzer import term_of_word
from analysis.terms.matrix import count_terms
from analysis.terms.tokenize import TOKEN, tokens, word_offsets
from analysis.tokens import WORD_PATTERN, word_spans

# ---------------------------------------------------------------------------------------------
# References


def reference_outlet_counts(
    articles: pl.DataFrame, ngram_range=(1, 3), min_total_count: int = 1
) -> dict:
    """Per-outlet term counts, article counts, totals per length, articles and words."""
    analyzer = make_analyzer(ngram_range)
    counts: defaultdict[str, Counter] = defaultdict(Counter)
    used: defaultdict[str, Counter] = defaultdict(Counter)
    articles_per_outlet: Counter = Counter()
    words: Counter = Counter()
    for outlet, text, given_words in articles.select(
        pl.col("outlet").fill_null("unknown"),
        pl.col("clean_text").fill_null(""),
        pl.col("words") if "words" in articles.columns else pl.lit(None, dtype=pl.Int64),
    ).iter_rows():
        terms = Counter(analyzer(text))
        counts[outlet].update(terms)
        used[outlet].update(terms.keys())
        articles_per_outlet[outlet] += 1
        words[outlet] += given_words if given_words is not None else _polars_words(text)
    outlets = sorted(articles_per_outlet)
    corpus = Counter()
    for outlet in outlets:
        corpus.update(counts[outlet])
    kept = {term for term, count in corpus.items() if count >= min_total_count}
    shortest, longest = ngram_range
    totals = [
        [
            sum(c for term, c in counts[outlet].items() if term.count(" ") + 1 == size)
            for size in range(shortest, longest + 1)
        ]
        for outlet in outlets
    ]
    rows = sorted(
        (outlet, term, term.count(" ") + 1, counts[outlet][term], used[outlet][term])
        for outlet in outlets
        for term in counts[outlet]
        if term in kept
    )
    return {
        "outlets": tuple(outlets),
        "terms": sorted(kept),
        "rows": rows,
        "totals": totals,
        "articles": [articles_per_outlet[outlet] for outlet in outlets],
        "words": [words[outlet] for outlet in outlets],
    }


def _polars_words(text: str) -> int:
    return pl.Series([text]).str.count_matches(WORD_PATTERN).item()


def reference_collocates(
    articles: pl.DataFrame, hits: pl.DataFrame, window: int = 5, min_count: int = 2, top: int = 10
) -> list[tuple]:
    """(outlet, term, collocate, count, score, rank, term_count, collocate_count) rows."""
    texts = dict(articles.select("id", pl.col("clean_text").fill_null("")).iter_rows())
    outlets = dict(articles.select("id", pl.col("outlet").fill_null("unknown")).iter_rows())
    near: defaultdict[tuple[str, str], Counter] = defaultdict(Counter)
    term_hits: Counter = Counter()
    spans_of: defaultdict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for article_id, term, start, end in hits.select("id", "term", "start", "end").iter_rows():
        spans_of[article_id, term].append((start, end))
    for (article_id, term), spans in spans_of.items():
        outlet = outlets[article_id]
        term_hits[outlet, term] += len(spans)
        text = texts[article_id]
        words = list(word_spans(text))
        starts, ends = [s for s, _ in words], [e for _, e in words]
        nodes = set()
        for start, end in spans:
            nodes.update(range(bisect_right(ends, start), bisect_left(starts, end)))
        around = set()
        for position in nodes:
            around.update(range(max(0, position - window), min(len(words), position + window + 1)))
        for position in around - nodes:
            form = term_of_word(text[words[position][0] : words[position][1]])
            if form is not None:
                near[outlet, term][form] += 1
    frequency: defaultdict[str, Counter] = defaultdict(Counter)
    for article_id, text in texts.items():
        for word in re.findall(WORD_PATTERN, text):
            form = term_of_word(word)
            if form is not None:
                frequency[outlets[article_id]][form] += 1
    rows = []
    for (outlet, term), found in sorted(near.items()):
        kept = sorted(word for word, count in found.items() if count >= min_count)
        counts = np.array([found[word] for word in kept], dtype=np.int64)
        word_counts = np.array([frequency[outlet][word] for word in kept], dtype=np.int64)
        term_count = term_hits[outlet, term]
        scores = 14.0 + np.log2(2.0 * counts / (term_count + word_counts))
        best = sorted(range(len(kept)), key=lambda i: (-scores[i], -counts[i], kept[i]))[:top]
        for rank, i in enumerate(best, start=1):
            rows.append(
                (outlet, term, kept[i], int(counts[i]), float(scores[i]), rank, term_count)
                + (int(word_counts[i]),)
            )
    return rows


def reference_cosines(
    articles: pl.DataFrame, floor: float, most: int = 10
) -> dict[tuple[str, str], float]:
    """{(id_a, id_b): cosine} of every pair at or above ``floor``, all pairs multiplied, that is
    among the ``most`` most alike of one of its articles (by cosine, then by position)."""
    vectorizer = CountVectorizer(analyzer=make_analyzer((1, 3)))
    counts = vectorizer.fit_transform(articles["clean_text"].fill_null("").to_list())
    counts.sort_indices()  # columns are the terms in alphabetical order
    vectors = sparse.csr_matrix(
        TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(float))
    )
    product = sparse.triu(vectors @ vectors.T, k=1).tocoo()
    ids = articles["id"].to_list()
    partners: dict[int, list[tuple[float, int]]] = {}
    for i, j, cosine in zip(product.row, product.col, product.data, strict=True):
        if cosine >= floor:
            partners.setdefault(int(i), []).append((-float(cosine), int(j)))
            partners.setdefault(int(j), []).append((-float(cosine), int(i)))
    pairs = {}
    for i, listed in partners.items():
        for negative, j in sorted(listed)[:most]:
            pair = (ids[i], ids[j]) if ids[i] < ids[j] else (ids[j], ids[i])
            pairs[pair] = float(np.clip(-negative, 0.0, 1.0))
    return pairs


# ---------------------------------------------------------------------------------------------
# Comparisons


def assert_counts_match_reference(articles: pl.DataFrame, ngram_range=(1, 3), min_total_count=1):
    expected = reference_outlet_counts(articles, ngram_range, min_total_count)
    counts = outlet_term_counts(articles, ngram_range=ngram_range, min_total_count=min_total_count)
    assert counts.outlets == expected["outlets"]
    assert list(counts.terms) == expected["terms"]
    assert counts.table().rows() == expected["rows"]
    assert counts.totals.tolist() == expected["totals"]
    assert counts.articles.tolist() == expected["articles"]
    assert counts.words.tolist() == expected["words"]


def assert_matrix_matches_reference(texts: list[str], ngram_range=(1, 3)):
    terms, counts = count_terms(pl.Series(texts, dtype=pl.String), ngram_range)
    analyzer = make_analyzer(ngram_range)
    expected_terms = sorted({term for text in texts for term in analyzer(text)})
    assert terms.to_list() == expected_terms
    assert counts.has_canonical_format
    for row, text in enumerate(texts):
        found = counts[row]
        got = dict(zip(terms.gather(found.indices).to_list(), found.data.tolist(), strict=True))
        assert got == Counter(analyzer(text)), text


def assert_similarity_matches_reference(articles: pl.DataFrame, floor: float):
    table = article_similarity(articles, sentence_table(articles), floor=floor)
    expected = reference_cosines(articles, floor)
    found = {
        (id_a, id_b): cosine
        for id_a, id_b, cosine in table.select("id_a", "id_b", "cosine").iter_rows()
        if cosine >= floor
    }
    assert found == expected  # bit for bit


def _hits(articles: pl.DataFrame, pattern: str) -> pl.DataFrame:
    rows = [
        (article_id, match.group().lower(), match.start(), match.end())
        for article_id, text in articles.select("id", "clean_text").iter_rows()
        for match in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]
    return pl.DataFrame(rows, schema=["id", "term", "start", "end"], orient="row")


def assert_collocates_match_reference(articles: pl.DataFrame, hits: pl.DataFrame, **options):
    table = collocates(articles, hits, **options)
    expected = reference_collocates(articles, hits, **options)
    got = table.select(
        "outlet", "term", "collocate", "count", "score", "rank", "term_count", "collocate_count"
    ).rows()
    assert got == expected


# ---------------------------------------------------------------------------------------------
# Texts written for the case and generated texts

# Pieces that stress the analyzer: stop words and acronyms, numbers, inner hyphens and
# apostrophes, curly quotes, punctuation and line breaks, and characters that Python's re
# and polars' regex engine classify differently (combining accents, superscript digits,
# information separators, a zero-width joiner), which send a text to the Python tokenizer.
PIECES = [
    "Aleppo", "militants", "the", "of", "US", "IS", "WHO", "Syria’s", "it's", "8,500", "3.5",
    "2016", "so-called", "rebels", "Army", "Idlib", "café", "cafe\u0301", "x²", "½",
    "\x1c", "a\u200db", "حلب", "東京", "naïve", "_", "—", " ", "  ", ", ", ". ", "\n", "\t",
    "“", "”", "(", ") ", "-", "'", "’", "!", "?", ";",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=50).map(" ".join)
SPACED = st.lists(st.sampled_from(PIECES), max_size=50).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXTS, SPACED), min_size=1, max_size=6))
def test_count_terms_equals_the_python_analyzer(texts):
    for ngram_range in ((1, 3), (1, 1), (2, 3)):
        assert_matrix_matches_reference(texts, ngram_range)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXTS, SPACED), min_size=1, max_size=6))
def test_word_offsets_equal_word_spans(texts):
    starts, ends, words, per_text = word_offsets(pl.Series(texts, dtype=pl.String))
    expected = [(i, s, e) for i, text in enumerate(texts) for s, e in word_spans(text)]
    rows = np.repeat(np.arange(len(texts)), per_text)
    assert list(zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True)) == expected
    assert words.to_list() == [texts[i][s:e] for i, s, e in expected]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(TEXTS, SPACED), min_size=1, max_size=6))
def test_tokens_are_those_of_python_re(texts):
    flat, per_text = tokens(pl.Series(texts, dtype=pl.String))
    expected = [token for text in texts for token in TOKEN.findall(text)]
    # Python gives "" for a phrase break, polars the punctuation character or line break.
    got = [token if re.fullmatch(WORD_PATTERN, token) else "" for token in flat.to_list()]
    assert got == expected
    assert per_text.tolist() == [len(TOKEN.findall(text)) for text in texts]


def test_a_text_the_engines_read_differently_is_read_by_python():
    # polars' \w takes the combining accent as part of the word, Python's re does not.
    text = "cafe\u0301 society"
    assert_matrix_matches_reference([text, "cafe society"])
    starts, ends, _, _ = word_offsets(pl.Series([text]))
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == list(word_spans(text))


def test_corpus_with_nulls_and_empty_texts(make_articles):
    articles = make_articles({"a": ("RT", ""), "b": ("RT", "Army advanced."), "c": ("X", "2016")})
    articles = pl.concat(
        [articles, articles.head(1).with_columns(id=pl.lit("d"), clean_text=pl.lit(None))]
    )
    assert_counts_match_reference(articles)


# ---------------------------------------------------------------------------------------------
# The seeds and the FA-KES corpus


def test_seed_counts_match_the_reference(seed_articles):
    for ngram_range in ((1, 3), (1, 1), (2, 2)):
        assert_counts_match_reference(seed_articles, ngram_range)
    assert_counts_match_reference(seed_articles, min_total_count=2)


def test_seed_collocates_match_the_reference(seed_articles):
    hits = _hits(seed_articles, r"\b(militants?|terrorists?|rebels?|civilians?)\b")
    assert_collocates_match_reference(seed_articles, hits)
    assert_collocates_match_reference(seed_articles, hits, window=2, min_count=1, top=3)


@pytest.mark.parametrize("floor", [0.01, 0.3, 0.8])
def test_seed_similarity_matches_the_reference(seed_articles, floor):
    assert_similarity_matches_reference(seed_articles, floor)


@pytest.fixture(scope="module")
def fakes(fakes_path) -> pl.DataFrame:
    raw = pl.read_ndjson(fakes_path, infer_schema_length=None)
    return raw.select("id", "outlet", clean_text="text")


@pytest.mark.slow
def test_fakes_counts_match_the_reference(fakes):
    assert_counts_match_reference(fakes, min_total_count=2)
    texts = fakes["clean_text"].to_list()
    assert_matrix_matches_reference(texts)


@pytest.mark.slow
def test_fakes_collocates_match_the_reference(fakes):
    hits = _hits(fakes, r"\b(militants|terrorists|rebels|regime)\b")
    assert_collocates_match_reference(fakes, hits)


@pytest.mark.slow
@pytest.mark.parametrize("floor", [0.05, 0.3, 0.5, 0.8])
def test_fakes_similarity_matches_the_reference(fakes, floor):
    assert_similarity_matches_reference(fakes, floor)


def test_logdice_of_the_reference_is_the_documented_formula(make_articles):
    articles = make_articles({"a": ("RT", "militants shelled Aleppo and militants shelled")})
    rows = reference_collocates(articles, _hits(articles, r"militants"), min_count=1)
    shelled = next(row for row in rows if row[2] == "shelled")
    assert shelled[4] == pytest.approx(14 + math.log2(2 * 2 / (2 + 2)))
    assert term_matrix(articles).terms.len() > 0
