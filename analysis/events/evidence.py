"""Evidence that two articles tell the same event, for any news.

Different outlets tell one event in different words: their TF-IDF vectors meet on little
but the facts. So each article is reduced to the facts it states, each kind in a matrix of
its own (one row per article, IDF-weighted, unit length unless said otherwise):

- ``words``: content words (no stop words, no numbers), sublinear counts;
- ``names``: capitalised names and places (a run of capitalised words, and each of its words;
  a lone capitalised word that opens a sentence is not taken);
- ``numbers``: numbers of two digits or more (casualty counts, votes, sums; years left out)
  and dates written in the text (``April 4``, ``4 April``);
- ``quotes``: runs of 6 words inside quotation marks (the same quoted words, whoever
  reports them), not weighted: the row counts them;
- ``headline``: the headline's content words and names, weighted by the words' IDF;
- ``rare_name``: the names again, each weighted by its IDF over the largest IDF possible
  (one article): a pair's evidence is its rarest shared name (a small town, a person).

Outlet boilerplate is removed before weighting: a word, name or number that one outlet uses
in at least ``BOILERPLATE_SHARE`` of its articles (outlets with ``BOILERPLATE_ARTICLES`` or
more) says who wrote the article, not what happened, and is dropped from that outlet's rows.

:func:`pair_evidence` gives, for pairs of articles, one column per kind (cosines; for
quotes, shared runs / ``QUOTE_RUNS`` capped at 1) and the cosine of the terms layer's
vectors; :func:`link_scores` combines them by a logistic rule (``LINK_WEIGHTS``, fitted on
pairs of a planted set by ``benchmarks/events_eval.py fit``) into a score from 0 to 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

BOILERPLATE_SHARE = 0.5
"""Share (0-1) of an outlet's articles above which a term is that outlet's boilerplate."""

BOILERPLATE_ARTICLES = 5
"""Outlets with fewer articles than this have no boilerplate removed."""

QUOTE_WORDS = 6
"""Words in a run of quoted words that two articles must share."""

QUOTE_RUNS = 3
"""Shared quoted runs at which the quotation evidence is full (1)."""

KINDS = ("words", "names", "rare_name", "numbers", "quotes", "headline", "terms")
"""The columns of :func:`pair_evidence`, in order."""

LINK_WEIGHTS = {"words": 9.02, "names": 8.90, "rare_name": 4.13, "numbers": 6.20,
                "quotes": 0.43, "headline": 1.27, "terms": 5.81}
"""Logistic weights of each kind of evidence (fitted by ``benchmarks/events_eval.py fit``)."""

LINK_INTERCEPT = -9.61
"""Logistic intercept of the link score."""

PAIR_CHUNK = 50_000
"""Pairs whose evidence is computed at once (memory: their articles' rows are copied)."""

COUNT_SLICE = 2_000
"""Texts whose words, names, numbers or quoted runs are read at once (memory)."""

CANDIDATE_KINDS = ("words", "names", "headline", "terms")
"""The kinds whose mean cosine finds candidate pairs (see :func:`candidate_vectors`)."""

MONTHS = {name[:3]: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Each pattern opens with its first character (a digit, a month's capital) and checks what
# comes before that character after it, so the regex engine can skip to likely starts.
_DAY_MONTH = re.compile(rf"(\d(?<!\w\d)\d?)\s+{_MONTH}(?![a-z])")
_MONTH_DAY = re.compile(r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?<!\w...))"
                        r"[a-z]*\.?\s+(\d{1,2})\b")
_NUMBER = re.compile(r"\d(?<![\w.]\d)[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+(?:al-|el-|bin |de |of )?[A-Z][\w'’-]*)*")
_QUOTED = re.compile(r"[\"“]([^\"“”]{20,1000}?)[\"”]")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”(]\s*)$")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "also",
                                              "would", "could", "one", "two", "year", "years"}
CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                            "sunday", "january", "february", "march", "april", "may", "june",
                            "july", "august", "september", "october", "november", "december"})


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stop words."""
    return [word for word in _WORD.findall(text.lower())
            if len(word) > 2 and word not in STOP_WORDS]


def names(text: str) -> list[str]:
    """Capitalised names in ``text``, lower case: each run of capitalised words of two
    words or more and each of its words (a leading stop word dropped), and single
    capitalised words that do not open a sentence. Week days and months are left out."""
    found = []
    for match in _NAME_RUN.finditer(text):
        terms, single = _run_terms(match.group())
        if not single:
            found.extend(terms)
        elif not _SENTENCE_END.search(text[max(0, match.start() - 3):match.start()]):
            found.extend(terms)
    return found


@lru_cache(maxsize=1 << 16)
def _run_terms(run: str) -> tuple[tuple[str, ...], bool]:
    """The names :func:`names` takes from one run of capitalised words, and whether they are
    a single word (taken only where it does not open a sentence). Runs repeat across
    articles, so they are read once."""
    words = run.split()
    while words and words[0].lower() in STOP_WORDS:
        words = words[1:]
    words = [word.lower() for word in words if word.lower() not in CALENDAR_WORDS]
    if len(words) >= 2:
        return (" ".join(words), *(word for word in words if word not in STOP_WORDS)), False
    if len(words) == 1 and words[0] not in STOP_WORDS:
        return (words[0],), True
    return (), False


def numbers(text: str) -> list[str]:
    """Numbers of two digits or more (commas removed; years 1900-2099 left out) and dates
    in the text as ``date:MONTH-DAY``."""
    found = []
    for value in _NUMBER.findall(text):
        value = value.replace(",", "").rstrip(".")
        if len(value.split(".")[0]) < 2 or (len(value) == 4 and value[:2] in ("19", "20")):
            continue
        found.append(value)
    for day, month in _DAY_MONTH.findall(text):
        found.append(f"date:{MONTHS[month[:3].lower()]}-{int(day)}")
    for month, day in _MONTH_DAY.findall(text):
        found.append(f"date:{MONTHS[month[:3].lower()]}-{int(day)}")
    return found


def quote_runs(text: str) -> list[str]:
    """Every run of ``QUOTE_WORDS`` words inside quotation marks, lower case."""
    runs = []
    for quoted in _QUOTED.findall(text):
        words = re.findall(r"[a-z0-9]+", quoted.lower())
        runs.extend(" ".join(words[start:start + QUOTE_WORDS])
                    for start in range(len(words) - QUOTE_WORDS + 1))
    return runs


@dataclass
class Evidence:
    """One matrix per kind of :data:`KINDS` but ``terms`` (rows: articles)."""

    matrices: dict[str, sparse.csr_matrix]


def article_evidence(texts: list[str], titles: list[str | None],
                     outlets: list[str | None]) -> Evidence:
    """The evidence matrices of articles (their clean texts, headlines and outlets, one
    entry per article)."""
    outlet_codes = np.unique(np.asarray([outlet or "" for outlet in outlets]),
                             return_inverse=True)[1]
    words, vocabulary = _count_content_words(texts)
    counted = {"words": words, "names": _count(texts, names), "numbers": _count(texts, numbers)}
    rows = len(texts)
    matrices = {}
    kept = {}
    for kind, counts in counted.items():
        kept[kind] = _without_boilerplate(counts, outlet_codes)
        matrices[kind] = _weighted(kept[kind], _idf(kept[kind], rows))
    # Each name's IDF over the IDF of a name found in one article only.
    rarity = _idf(kept["names"], rows) / (np.log((rows + 1) / 2) + 1.0)
    matrices["rare_name"] = sparse.csr_matrix((kept["names"] > 0).astype(float)
                                              @ sparse.diags(rarity))
    quotes = _count(texts, quote_runs, hashed=True)
    matrices["quotes"] = (quotes > 0).astype(float).tocsr()
    # Headlines: their content words and names, weighted by the texts' IDF of words.
    idf = _idf(words, rows)
    heads = [title or "" for title in titles]
    head_counts = CountVectorizer(analyzer=content_words, vocabulary=vocabulary).transform(heads)
    matrices["headline"] = _weighted(head_counts.tocsr(), idf)
    return Evidence(matrices)


def _count_content_words(texts: list[str]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """:func:`content_words` counted per text (as :func:`_count`, with the words found by
    polars; each row's entries in column order) and the columns' words."""
    stop_words = sorted(STOP_WORDS)
    # A slice of texts at a time, and each slice's counts turned into matrix rows on its own:
    # every word of a large corpus in one table (and its copies on the way to a matrix) would
    # be the step's peak of memory.
    slices = [
        pl.DataFrame({"text": texts[start:start + COUNT_SLICE]}, schema={"text": pl.String})
        .with_row_index("row")
        .select("row", word=pl.col("text").str.to_lowercase().str.extract_all(_WORD.pattern))
        .explode("word")
        .filter(pl.col("word").str.len_chars() > 2, ~pl.col("word").is_in(stop_words))
        .group_by("row", "word").len()
        for start in range(0, len(texts), COUNT_SLICE)
    ]
    words = pl.concat([tokens["word"].unique() for tokens in slices]).unique().sort()
    if words.is_empty():
        return sparse.csr_matrix((len(texts), 1)), {"": 0}
    vocabulary = dict(zip(words.to_list(), range(words.len()), strict=True))
    columns = pl.DataFrame({"word": words, "column": range(words.len())})
    parts = []
    for start in range(0, len(texts), COUNT_SLICE):
        tokens = slices.pop(0).join(columns, on="word")
        parts.append(sparse.csr_matrix(
            (tokens["len"].cast(pl.Float64).to_numpy(),
             (tokens["row"].to_numpy(), tokens["column"].to_numpy())),
            shape=(min(COUNT_SLICE, len(texts) - start), words.len())))
    return sparse.vstack(parts, format="csr"), vocabulary


def _count(texts: list[str], analyzer, *, hashed: bool = False) -> sparse.csr_matrix:
    """The terms ``analyzer`` finds in each text counted (one row per text, one column per
    term in sorted order). As scikit-learn's CountVectorizer counts, each row's entries stay
    in the order their terms were first seen in the corpus (sums over a row, such as its
    length, then round alike). With ``hashed``, a term is its 64-bit hash and the columns
    # are in the hashes' order: for long terms (quoted runs) whose matrix is only multiplied,
    # where the order of columns changes nothing."""
    # A slice of texts at a time: a Python list, or a table, of every term of a large corpus
    # (millions of small strings) would be the step's peak of memory. Each slice keeps its
    # (row, term) counts and where each term first appears (position over the corpus).
    slices = []
    position = 0
    for start in range(0, len(texts), COUNT_SLICE):
        found = [analyzer(text) for text in texts[start:start + COUNT_SLICE]]
        lengths = [len(row) for row in found]
        terms = pl.Series("word", [term for row in found for term in row], dtype=pl.String)
        if hashed:
            terms = terms.hash(seed=0)
        slices.append(
            pl.DataFrame({"row": np.repeat(np.arange(start, start + len(found)), lengths),
                          "word": terms})
            .with_row_index("position", offset=position)
            .group_by("row", "word").agg(pl.len(), pl.col("position").min()))
        position += terms.len()
    if position == 0:  # not one term in any text
        return sparse.csr_matrix((len(texts), 1))
    # Columns in the terms' sorted order; a row's entries in the order the terms were first seen.
    words = (pl.concat([part.select("word", "position") for part in slices])
             .group_by("word").agg(seen=pl.col("position").min())
             .sort("word").with_row_index("column"))
    tokens = pl.concat([
        slices.pop(0).join(words.select("word", "column", "seen"), on="word")
        .select(pl.col("row").cast(pl.Int64), pl.col("column").cast(pl.Int64), "len", "seen")
        .sort("row", "seen")
        for _ in range(len(slices))
    ])
    return _matrix(tokens, len(texts), words.height)


def _matrix(tokens: pl.DataFrame, rows: int, columns: int) -> sparse.csr_matrix:
    """The counts ``len`` at (``row``, ``column``) of ``tokens`` (sorted by row) as a matrix
    of ``rows`` by ``columns``, each row's entries in the order of ``tokens``."""
    indptr = np.concatenate([[0], np.cumsum(np.bincount(tokens["row"].to_numpy(),
                                                        minlength=rows))])
    return sparse.csr_matrix(
        (tokens["len"].cast(pl.Float64).to_numpy(writable=True),
         tokens["column"].cast(pl.Int32).to_numpy(writable=True), indptr),
        shape=(rows, columns))


def _idf(counts: sparse.csr_matrix, rows: int) -> np.ndarray:
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((rows + 1) / (frequency + 1)) + 1.0


def _without_boilerplate(counts: sparse.csr_matrix, outlets: np.ndarray) -> sparse.csr_matrix:
    """``counts`` with each outlet's boilerplate terms removed from its rows."""
    counts = counts.tocsr(copy=True)
    for outlet in np.unique(outlets):
        rows = np.flatnonzero(outlets == outlet)
        if rows.size < BOILERPLATE_ARTICLES:
            continue
        share = np.asarray((counts[rows] > 0).sum(axis=0)).ravel() / rows.size
        common = share >= BOILERPLATE_SHARE
        if not common.any():
            continue
        for row in rows:
            start, stop = counts.indptr[row], counts.indptr[row + 1]
            counts.data[start:stop][common[counts.indices[start:stop]]] = 0.0
    counts.eliminate_zeros()
    return counts


def _weighted(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear counts times IDF, each row scaled to unit length."""
    weighted = counts.tocsr(copy=True)
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    lengths = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / lengths) @ weighted)


def event_vectors(vectors: sparse.csr_matrix, terms: int) -> sparse.csr_matrix:
    """Each row of ``vectors`` cut to its ``terms`` heaviest entries (ties: the earlier
    column) and scaled to unit length again."""
    vectors = sparse.csr_matrix(vectors, dtype=float)
    vectors.sort_indices()
    data, indices, indptr = [], [], [0]
    for row in range(vectors.shape[0]):
        start, stop = vectors.indptr[row], vectors.indptr[row + 1]
        weights = vectors.data[start:stop]
        columns = vectors.indices[start:stop]
        if weights.size > terms:
            keep = np.sort(np.argsort(-weights, kind="stable")[:terms])
            weights, columns = weights[keep], columns[keep]
        length = float(np.sqrt(np.sum(weights * weights)))
        data.append(weights / length if length > 0 else weights)
        indices.append(columns)
        indptr.append(indptr[-1] + weights.size)
    return sparse.csr_matrix(
        (np.concatenate(data) if data else np.zeros(0), np.concatenate(indices) if indices
         else np.zeros(0, dtype=np.int64), np.asarray(indptr)),
        shape=vectors.shape,
    )


def candidate_vectors(evidence: Evidence, terms: sparse.csr_matrix) -> sparse.csr_matrix:
    """One unit vector per article whose cosine with another's is the mean of their cosines
    over ``CANDIDATE_KINDS`` (each kind's rows cut to their 60 heaviest entries): pairs worth
    scoring are found with it."""
    parts = [event_vectors(terms if kind == "terms" else evidence.matrices[kind], 60)
             for kind in CANDIDATE_KINDS]
    return sparse.hstack(parts, format="csr") / np.sqrt(len(parts))


def pair_evidence(evidence: Evidence, terms: sparse.csr_matrix, first: np.ndarray,
                  second: np.ndarray) -> np.ndarray:
    """One row per pair (``first[i]``, ``second[i]``; row numbers), one column per kind of
    :data:`KINDS`: cosines from 0 to 1, and for quotes the shared runs over ``QUOTE_RUNS``
    (at most 1)."""
    if first.size > PAIR_CHUNK:  # in chunks, so the rows taken out stay small
        return np.vstack([pair_evidence(evidence, terms, first[start:start + PAIR_CHUNK],
                                        second[start:start + PAIR_CHUNK])
                          for start in range(0, first.size, PAIR_CHUNK)])
    columns = []
    for kind in KINDS:
        matrix = terms if kind == "terms" else evidence.matrices[kind]
        if first.size == 0:
            columns.append(np.zeros(0))
            continue
        if kind == "rare_name":
            shared = matrix[first].multiply(matrix[second] > 0)
            value = shared.max(axis=1).toarray().ravel()
        else:
            value = np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()
        if kind == "quotes":
            value = np.minimum(value / QUOTE_RUNS, 1.0)
        columns.append(np.clip(value, 0.0, 1.0))
    return np.column_stack(columns)


def link_scores(features: np.ndarray) -> np.ndarray:
    """The link score (0-1) of each row of :func:`pair_evidence`: the logistic function of
    ``LINK_INTERCEPT`` plus the weighted evidence."""
    weights = np.asarray([LINK_WEIGHTS[kind] for kind in KINDS])
    return 1.0 / (1.0 + np.exp(-(LINK_INTERCEPT + features @ weights)))
