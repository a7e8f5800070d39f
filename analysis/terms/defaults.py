"""The terms stage's thresholds and tuning constants, each with its unit: which pairs of articles
are listed as alike or as near-copies, which sentences count as shared, when a comparison is
reliable, and how much is held in memory at a time. (``SHARDS`` of :mod:`analysis.terms.spill`
and of :mod:`analysis.terms.vocabulary` are two different splits and stay with their files.)"""

from __future__ import annotations

# article similarity (analysis.terms.similarity, pairs, shared_sentences)

SIMILARITY_FLOOR = 0.6
"""Pairs of articles with a lower cosine are not listed (unless they are near-copies).

Below about 0.6, pairs of articles on the same events are common and their number grows with
the square of the corpus (at 0.3, FA-KES has 320 such pairs among 787 articles; a 100 MB corpus
spent a minute finding them); above it, pairs are rare and cheap to find."""

NEAR_COPY_COSINE = 0.8
"""A pair with at least this cosine is a near-copy."""

NEAR_COPY_SHARE = 0.5
"""A pair sharing at least this share of the shorter article's sentences is a near-copy."""

MIN_SENTENCE_WORDS = 5
"""Sentences with fewer words ("He said.", "Related:") are left out of sentence sharing."""

ROW_BLOCK = 1000
"""Articles compared with all others at a time, so no articles x articles matrix is made."""

MOST_ALIKE = 10
"""Each article's most alike partners kept, at most: a pair is listed when it is among the
ten most alike of either article (by cosine, then by order of the articles). Beyond, n
templated items that all look alike would give n^2/2 pairs."""

BOILERPLATE_ARTICLES = 100
"""A sentence found in more articles than this is boilerplate (a footer, a standard line),
not evidence that one article copies another: it is left out of shared sentences."""


# terms (analysis.terms.analyzer)

DEFAULT_NGRAM_RANGE = (1, 3)
"""Terms are single words and phrases of up to three adjacent words."""


# the term matrix (analysis.terms.matrix)

DEFAULT_BATCH_SIZE = 2000
"""Articles analysed at a time (results do not depend on it)."""


# counting (analysis.terms.counting)

MERGE_NONZEROS = 1 << 20
""":func:`outlet_term_counts` merges its batches' partial counts once this many unmerged
cells (or more than the merged counts hold) have piled up."""


# distinctive terms (analysis.terms.keyness)

MIN_RELIABLE_ARTICLES = 5
"""An outlet with fewer articles than this gets a note: its lists describe those articles."""

MIN_RELIABLE_WORDS = 5000
"""An outlet with fewer words than this gets a note: a few uses move a term up or down."""


# collocates (analysis.terms.collocates)

EXCERPT_REACH = 80
"""Characters of text read either side of a hit for its window: about 12 words of news, so
few windows of 5 words need their whole article (at 80 characters, nearby_words took a third
of the time that reading whole articles took on a generated corpus; less saves no more)."""


# TF-IDF vectors (analysis.terms.vectors)

VECTOR_BLOCK = 5_000
"""Articles weighted at a time by :func:`unit_vectors`."""


# pairs above the floor (analysis.terms.pairs)

PRUNE_FROM = 1_000_000
"""Pairs found beyond ``MOST_ALIKE`` per article before :func:`_pairs_above` drops the ones
that cannot be listed."""

CANDIDATE_BLOCK = 4_000_000
"""Candidate pairs looked at in one block of rows, at most (unless one row has more)."""

INDEX_BLOCK = 5_000
"""Rows whose indexed part is found at a time (the work arrays are a few times their size)."""
