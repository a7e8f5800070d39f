"""The terms stage's thresholds and tuning constants, each with its unit: which pairs of articles
are listed as alike or as near-copies, and which sentences count as shared."""

from __future__ import annotations

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
