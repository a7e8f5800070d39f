"""Candidate labels and their context vectors: which words and phrases are used alike.

A *candidate* is a content word (not a stop word, with a letter) or a phrase of two adjacent
content words, used at least ``min_uses`` times. Plurals and possessives are folded into one
candidate with their singular ("rebels", "rebel's" -> "rebel"; "gunmen" -> "gunman";
"illegal immigrants" -> "illegal immigrant") when the singular occurs in the corpus too, and
British and American spellings into one (defence / defense), as the lexicon matches them.

Each use of a candidate is described by its *contexts*: the two tokens on each side, by
position (stop words and punctuation included: "the ___ forces", "by ___ ."), and the content
words within five words on either side, in any order. Counts of contexts per candidate are
weighted by positive pointwise mutual information (PPMI, with context frequencies raised to
0.75) and reduced with a seeded truncated SVD (scikit-learn): two candidates whose vectors
point the same way (cosine near 1) can stand in for each other in the same sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits

from analysis.lexicon import word_spellings
from analysis.terms import STOP_WORDS, tokens
from analysis.tomlfile import read_packaged

POSITION_SLOTS = (-2, -1, 1, 2)
"""Positions of the tokens taken as contexts, in tokens before (-) and after (+) a use."""
WINDOW = 5
"""Content words this many tokens on either side of a use count as (unordered) contexts."""
MAX_CONTEXTS = 5_000
"""Only the most frequent context tokens are kept (the rest say little and cost memory)."""
CONTEXT_SMOOTHING = 0.75
"""Context frequencies are raised to this power in PPMI, so rare contexts score less."""
DIMENSIONS = 150
"""Dimensions kept by the truncated SVD."""
SPARSE_WEIGHT = 0.5
"""Weight of the cosine of the PPMI rows themselves (exact shared contexts) against that of
the reduced vectors (similar contexts) in the similarity of two candidates."""
SINGULAR_WEIGHT = 0.5
"""Each SVD dimension is weighted by its singular value to this power."""

PROPER_SHARE = 0.7
"""A candidate is a name when at least this share of its uses is capitalised."""

DISCOVER_DATA = "discover.toml"
"""The packaged data file (analysis/data/) of the words that never begin or end a candidate
phrase (see the file's header)."""


@cache
def _discover_data() -> dict:
    return read_packaged(DISCOVER_DATA)


def words_not_at_edge() -> frozenset[str]:
    """The lower-case words of DISCOVER_DATA's ``[phrases] not_at_edge``."""
    return frozenset(word.lower() for word in _discover_data()["phrases"]["not_at_edge"])


def never_candidates(outlets: list[str]) -> frozenset[str]:
    """Words and phrases that are never candidates: DISCOVER_DATA's ``[candidates] never``,
    and each outlet's name and the words in it (lower case)."""
    never = {word.lower() for word in _discover_data()["candidates"]["never"]}
    for outlet in outlets:
        words = [word.lower() for word in re.findall(r"\w+", outlet)]
        never.update(words)
        never.add(" ".join(words))
    return frozenset(never)


def masked_pattern() -> str:
    """One regular expression (polars' syntax) for DISCOVER_DATA's ``[text] masked``: web
    addresses, handles and photo credits, read as a break (never as words)."""
    return "|".join(f"(?:{pattern})" for pattern in _discover_data()["text"]["masked"])


_LETTER = re.compile(r"[^\W\d_]")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class TermSpace:
    """Candidates with their uses per outlet and their context vectors.

    ``terms`` is each candidate as a lexicon would write it (lower case, singular when the
    corpus has both numbers); ``plural`` is True when the plural was folded in;
    ``words`` 1 or 2 (int64); ``counts`` (candidates x outlets, int64): uses per outlet;
    ``articles`` (int64): articles using each candidate; ``outlets`` and ``outlet_words``
    (int64): each outlet's name and word count; ``vectors`` (candidates x dimensions,
    float64, unit length): the reduced PPMI context vectors.

    :meth:`similarity` mixes two cosines: of the reduced vectors (similar contexts) and of
    the PPMI rows themselves (the very same contexts), weighted by ``SPARSE_WEIGHT``.
    """

    terms: list[str]
    plural: np.ndarray
    words: np.ndarray
    counts: np.ndarray
    articles: np.ndarray
    outlets: list[str]
    outlet_words: np.ndarray
    outlet_articles: np.ndarray
    """Articles of each outlet (int64)."""
    vectors: np.ndarray
    contexts: sparse.csr_matrix
    """The PPMI rows themselves, scaled to unit length (candidates x context features)."""
    adjacent: dict[tuple[int, int], int]
    """Uses of two single-word candidates next to each other, in either order, keyed by
    their rows (smaller first): "sanctuary city" makes "sanctuary" and "city" look alike."""
    proper: np.ndarray
    """True for a name: most uses capitalised in every word, not in capitals throughout
    ("Fabius", "Deir Ezzor"; not "ISIL", not "regime")."""
    titled: np.ndarray
    """Share of each candidate's uses within a sentence capitalised in every word
    ("Ipsos", "Dreamers"; float64, 0-1)."""
    lower: np.ndarray
    """Share of each candidate's uses within a sentence in lower case throughout (float64,
    0-1); neither this nor ``titled`` for a word in capitals (DOJ)."""
    use_row: np.ndarray
    """The candidate of each use (int64), uses in token order within each candidate's
    phrase length: with ``use_start`` and ``use_text``, where each use is."""
    use_start: np.ndarray
    """Token index of each use's first token in the corpus's token sequence (int64)."""
    use_text: np.ndarray
    """The text (row of the articles table) of each use (int64)."""

    @cached_property
    def row_of(self) -> dict[str, int]:
        """The row of each candidate by its term."""
        return {term: row for row, term in enumerate(self.terms)}

    @cached_property
    def uses_by_candidate(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(token index, text) of every use, sorted by candidate then position, and where
        each candidate's uses begin and end in them (``bounds[row]:bounds[row + 1]``)."""
        order = np.lexsort((self.use_start, self.use_row))
        bounds = np.searchsorted(self.use_row[order], np.arange(len(self.terms) + 1))
        return self.use_start[order], self.use_text[order], bounds

    def similarity(self, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
        """(rows x others) similarity of candidates, -1 to 1 (float64)."""
        reduced = self.vectors[rows] @ self.vectors[others].T
        exact = (self.contexts[rows] @ self.contexts[others].T).toarray()
        return (1 - SPARSE_WEIGHT) * reduced + SPARSE_WEIGHT * exact

    def pair_similarity(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Similarity of each candidate in ``first`` with the one beside it in ``second``."""
        reduced = np.einsum("ij,ij->i", self.vectors[first], self.vectors[second])
        exact = np.asarray(self.contexts[first].multiply(self.contexts[second]).sum(axis=1))
        return (1 - SPARSE_WEIGHT) * reduced + SPARSE_WEIGHT * exact.ravel()


def _vocabulary(flat: pl.Series) -> tuple[np.ndarray, list[str]]:
    """(id of each token, the distinct lower-case tokens in sorted order)."""
    lower = (flat.str.to_lowercase().str.replace_all("\u2019", "'", literal=True)
             .str.replace(_POSSESSIVE.pattern, ""))
    vocabulary = lower.unique().sort()
    ids = lower.rank("dense").to_numpy().astype(np.int64) - 1
    return ids, vocabulary.to_list()


def _singular(word: str, known: set[str]) -> str:
    """The singular of ``word`` when it looks plural and the singular is in ``known``."""
    candidates = []
    if word.endswith("men"):
        candidates.append(word[:-3] + "man")
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        candidates.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        candidates.append(word[:-1])
    return next((singular for singular in candidates if singular in known), word)


def _spelled(word: str, known: set[str]) -> str:
    """One spelling for the national spellings of ``word`` that the corpus uses (the first in
    alphabetical order: defence for defence and defense), as the lexicon matches them alike."""
    return min(spelling for spelling in word_spellings(word) if spelling in known or
               spelling == word)


def _word_classes(
    vocabulary: list[str], never: frozenset[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(content word?, break?, lemma id, may begin a phrase?, may end a phrase?) for each
    vocabulary entry."""
    known = set(vocabulary)
    not_at_edge = words_not_at_edge()
    position = {word: index for index, word in enumerate(vocabulary)}
    content = np.zeros(len(vocabulary), dtype=bool)
    breaks = np.zeros(len(vocabulary), dtype=bool)
    lemma = np.arange(len(vocabulary), dtype=np.int64)
    begins = np.zeros(len(vocabulary), dtype=bool)
    ends = np.zeros(len(vocabulary), dtype=bool)
    for index, word in enumerate(vocabulary):
        if not any(character.isalnum() for character in word):
            breaks[index] = True
            continue
        if word in STOP_WORDS or len(word) < 2 or not _LETTER.search(word) or word in never:
            continue
        content[index] = True
        lemma[index] = position[_spelled(_singular(_spelled(word, known), known), known)]
        begins[index] = word not in not_at_edge
        ends[index] = begins[index] and not word.endswith("ed")
    return content, breaks, lemma, begins, ends


def term_space(
    articles: pl.DataFrame, *, min_uses: int = 5, seed: int = 0
) -> TermSpace:
    """The :class:`TermSpace` of an ARTICLES table (``outlet``, ``clean_text``).

    Candidates are used at least ``min_uses`` times in the corpus; ``seed`` fixes the SVD,
    so the same corpus gives the same vectors.
    """
    texts = articles["clean_text"].cast(pl.String).fill_null("")
    outlet_names = articles["outlet"].cast(pl.String).fill_null("unknown")
    outlets = sorted(set(outlet_names.to_list()), key=lambda name: (name.casefold(), name))
    outlet_index = {name: index for index, name in enumerate(outlets)}
    outlet_of_text = np.array([outlet_index[name] for name in outlet_names.to_list()],
                              dtype=np.int64)

    flat, per_text = tokens(texts.str.replace_all(masked_pattern(), " . "))
    text_of = np.repeat(np.arange(per_text.size, dtype=np.int64), per_text)
    token_ids, vocabulary = _vocabulary(flat)
    content_word, break_word, lemma_of, begins_of, ends_of = _word_classes(
        vocabulary, never_candidates(outlets))
    size = len(vocabulary)
    content = content_word[token_ids]
    is_break = break_word[token_ids]
    lemma = lemma_of[token_ids]
    words_of_text = np.bincount(text_of, weights=(~is_break).astype(np.float64),
                                minlength=per_text.size)
    outlet_words = np.bincount(outlet_of_text, weights=words_of_text,
                               minlength=len(outlets)).astype(np.int64)

    # Uses: single content words, then pairs of adjacent content words in one text.
    unigram_counts = np.bincount(lemma[content], minlength=size)
    unigram_keys = np.flatnonzero(unigram_counts >= min_uses)
    row_of_unigram = np.full(size, -1, dtype=np.int64)
    row_of_unigram[unigram_keys] = np.arange(unigram_keys.size)
    single = np.flatnonzero(content & (row_of_unigram[lemma] >= 0))
    pair_start = np.flatnonzero(begins_of[token_ids[:-1]] & ends_of[token_ids[1:]]
                                & (text_of[:-1] == text_of[1:]))
    pair_keys = lemma[pair_start] * size + lemma[pair_start + 1]
    distinct_pairs, pair_of_use, pair_counts = np.unique(pair_keys, return_inverse=True,
                                                         return_counts=True)
    kept_pairs = pair_counts >= min_uses
    never = never_candidates(outlets)
    for index in np.flatnonzero(kept_pairs):
        key = int(distinct_pairs[index])
        if f"{vocabulary[key // size]} {vocabulary[key % size]}" in never:
            kept_pairs[index] = False
    row_of_pair = np.full(distinct_pairs.size, -1, dtype=np.int64)
    row_of_pair[kept_pairs] = unigram_keys.size + np.arange(int(kept_pairs.sum()))
    pair_rows = row_of_pair[pair_of_use]
    keep_pair_use = pair_rows >= 0

    use_row = np.concatenate([row_of_unigram[lemma[single]], pair_rows[keep_pair_use]])
    use_start = np.concatenate([single, pair_start[keep_pair_use]])
    use_end = np.concatenate([single + 1, pair_start[keep_pair_use] + 2])
    rows = unigram_keys.size + int(kept_pairs.sum())

    terms = [vocabulary[key] for key in unigram_keys] + [
        f"{vocabulary[key // size]} {vocabulary[key % size]}"
        for key in distinct_pairs[kept_pairs]
    ]
    folded = lemma != token_ids
    plural = np.zeros(rows, dtype=bool)
    plural[np.unique(row_of_unigram[lemma[single[folded[single]]]])] = True
    pair_folded = folded[pair_start[keep_pair_use] + 1]
    plural[np.unique(pair_rows[keep_pair_use][pair_folded])] = True
    words = np.array([1] * unigram_keys.size + [2] * int(kept_pairs.sum()), dtype=np.int64)

    # A word of a name has a capital letter but is not in capitals throughout (al-Zor, Deir;
    # not ISIL).
    titled = ((flat.str.to_lowercase() != flat) & (flat.str.to_uppercase() != flat)).to_numpy()
    use_titled = titled[use_start] & titled[use_end - 1]
    titled_uses = np.bincount(use_row, weights=use_titled.astype(np.float64), minlength=rows)
    all_uses = np.bincount(use_row, minlength=rows)
    proper = titled_uses >= PROPER_SHARE * np.maximum(all_uses, 1)
    # Capitals at the start of a sentence say nothing about a word: left out of the share.
    previous = np.maximum(use_start - 1, 0)
    mid_sentence = (use_start > 0) & ~is_break[previous] & (text_of[previous] == text_of[use_start])
    lowered = (flat.str.to_lowercase() == flat).to_numpy()
    use_lower = lowered[use_start] & lowered[use_end - 1]
    within = np.maximum(np.bincount(use_row, weights=mid_sentence.astype(np.float64),
                                    minlength=rows), 1.0)
    titled_share = np.bincount(use_row, weights=(use_titled & mid_sentence).astype(np.float64),
                               minlength=rows) / within
    lower_share = np.bincount(use_row, weights=(use_lower & mid_sentence).astype(np.float64),
                              minlength=rows) / within

    use_text = text_of[use_start]
    counts = np.bincount(use_row * len(outlets) + outlet_of_text[use_text],
                         minlength=rows * len(outlets)).reshape(rows, len(outlets))
    articles_using = np.bincount(np.unique(use_row * per_text.size + use_text) // per_text.size,
                                 minlength=rows)

    context = np.where(is_break, size, np.where(content, lemma, token_ids))
    matrix = _context_counts(use_row, use_start, use_end, rows, context, content, is_break,
                             text_of, size)
    weighted = _ppmi(matrix)
    vectors = _reduce(weighted, seed)
    lengths = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    contexts = (sparse.diags(1.0 / np.where(lengths > 0, lengths, 1.0)) @ weighted).tocsr()
    adjacent: dict[tuple[int, int], int] = {}
    for key, uses in zip(distinct_pairs.tolist(), pair_counts.tolist(), strict=True):
        first, second = row_of_unigram[key // size], row_of_unigram[key % size]
        if first >= 0 and second >= 0 and first != second:
            pair = (min(first, second), max(first, second))
            adjacent[pair] = adjacent.get(pair, 0) + uses
    return TermSpace(terms, plural, words, counts.astype(np.int64),
                     articles_using.astype(np.int64), outlets, outlet_words,
                     np.bincount(outlet_of_text, minlength=len(outlets)).astype(np.int64),
                     vectors, contexts,
                     adjacent, proper, titled_share, lower_share, use_row, use_start, use_text)


def _context_counts(
    use_row: np.ndarray,
    use_start: np.ndarray,
    use_end: np.ndarray,
    rows: int,
    context: np.ndarray,
    content: np.ndarray,
    is_break: np.ndarray,
    text_of: np.ndarray,
    size: int,
) -> sparse.csr_matrix:
    """(candidates x context features) counts: positional tokens, then the window's words."""
    tokens_total = context.size
    frequency = np.bincount(context, minlength=size + 1)
    frequency[size] = frequency.max() + 1  # the break is always a context
    kept = np.argsort(-frequency, kind="stable")[:MAX_CONTEXTS]
    column_of = np.full(size + 1, -1, dtype=np.int64)
    column_of[kept] = np.arange(kept.size)
    width = kept.size
    parts = []
    for slot, offset in enumerate(POSITION_SLOTS):
        anchor = use_start if offset < 0 else use_end - 1
        where = anchor + offset
        inside = (where >= 0) & (where < tokens_total)
        safe = np.clip(where, 0, tokens_total - 1)
        same_text = inside & (text_of[safe] == text_of[anchor])
        value = np.where(same_text, context[safe], size)
        if abs(offset) == 2:  # beyond a break, the context is the break
            near = anchor + (1 if offset > 0 else -1)
            near_safe = np.clip(near, 0, tokens_total - 1)
            value = np.where(is_break[near_safe] | ~same_text, size, value)
        column = column_of[value]
        keep = column >= 0
        parts.append((use_row[keep], slot * width + column[keep]))
    bag = len(POSITION_SLOTS) * width
    for offset in [*range(-WINDOW, -0), *range(1, WINDOW + 1)]:
        anchor = use_start if offset < 0 else use_end - 1
        where = anchor + offset
        inside = (where >= 0) & (where < tokens_total)
        safe = np.clip(where, 0, tokens_total - 1)
        keep = inside & (text_of[safe] == text_of[anchor]) & content[safe]
        column = column_of[context[safe]]
        keep &= column >= 0
        parts.append((use_row[keep], bag + column[keep]))
    row_ids = np.concatenate([row for row, _ in parts])
    columns = np.concatenate([column for _, column in parts])
    matrix = sparse.csr_matrix(
        (np.ones(row_ids.size, dtype=np.float64), (row_ids, columns)),
        shape=(rows, (len(POSITION_SLOTS) + 1) * width),
    )
    matrix.sum_duplicates()
    return matrix


def _ppmi(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Positive pointwise mutual information of counts, contexts smoothed (CONTEXT_SMOOTHING)."""
    total = matrix.sum()
    if total == 0:
        return matrix
    row_share = np.asarray(matrix.sum(axis=1)).ravel() / total
    smoothed = np.asarray(matrix.sum(axis=0)).ravel() ** CONTEXT_SMOOTHING
    column_share = smoothed / smoothed.sum()
    coo = matrix.tocoo()
    pmi = np.log((coo.data / total) / (row_share[coo.row] * column_share[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)


def _reduce(matrix: sparse.csr_matrix, seed: int) -> np.ndarray:
    """Rows of ``matrix`` reduced by a seeded truncated SVD, scaled to unit length."""
    rows, columns = matrix.shape
    dimensions = min(DIMENSIONS, rows - 1, columns - 1)
    if dimensions < 1:
        dense = matrix.toarray()
    else:
        svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=5,
                           random_state=seed)
        # One BLAS thread: the products are small, and threads that wait for a busy core
        # cost several times the work itself (and may round differently).
        with threadpool_limits(limits=1):
            reduced = svd.fit_transform(matrix)
        # fit_transform gives U * S; keep S ** SINGULAR_WEIGHT instead of S.
        singular = np.where(svd.singular_values_ > 0, svd.singular_values_, 1.0)
        dense = reduced * singular ** (SINGULAR_WEIGHT - 1.0)
    length = np.linalg.norm(dense, axis=1, keepdims=True)
    return dense / np.where(length > 0, length, 1.0)
