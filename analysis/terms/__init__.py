"""Terms: the project's term analyzer, distinctive terms, collocates and article similarity.

- :mod:`analysis.terms.analyzer`: :func:`analyze` (words and 2-3 word phrases of a clean
  text, in Python, one text at a time) and :func:`make_analyzer`;
- :mod:`analysis.terms.tokenize` and :mod:`analysis.terms.matrix`: the same tokens and terms
  for a whole batch of texts at once (polars and numpy); :func:`term_matrix` gives the
  :class:`TermMatrix` (articles x terms) that counting and similarity share;
- :mod:`analysis.terms.partial`: :func:`count_batch`, :class:`PartialCounts` and
  :func:`merge_partials`; :mod:`analysis.terms.spill`: the same on disk for large corpora;
- :mod:`analysis.terms.counting`: :func:`outlet_term_counts`, :class:`OutletTermCounts`;
- :mod:`analysis.terms.keyness`: :func:`distinctive_terms` (TF-IDF, log-odds, G2), ``DISTINCTIVE``;
- :mod:`analysis.terms.collocates`: :func:`collocates` of lexicon hits, ``COLLOCATES``;
- :mod:`analysis.terms.similarity`: :func:`article_similarity` (near-copies) and
  :func:`outlet_similarity`, ``SIMILARITY`` and ``OUTLET_SIMILARITY``.

Every result is the same whatever the batches, and the same as the one-text-at-a-time Python
analyzer gives (``tests/terms/test_reference.py`` checks this on generated texts, the seeds
and FA-KES; cosines bit for bit).

Batches (for a pipeline that analyses batches of articles in worker processes)
-------------------------------------------------------------------------------
Each function below takes one batch (an ARTICLES table slice with ``outlet`` and
``clean_text``, plus ``id`` and ``words`` when present) and returns a picklable result;
merging gives exactly what the one-call functions give:

- counts only (distinctive terms, collocates, outlet similarity)::

      partials = [count_batch(batch) for batch in batches]       # in the workers
      counts = OutletTermCounts.from_partials(partials, min_total_count=2)

  ``PartialCounts.merge`` and ``merge_partials`` add partials up (integer sums over the
  union of terms: associative and commutative, any grouping and order); pruning happens only
  in ``from_partials``, on the merged counts.
- counts of a large corpus in bounded memory::

      pieces = [spill_batch(batch, directory) for batch in batches]   # writes files
      counts = merge_spilled(pieces, min_total_count=2)               # reads them, one shard
                                                                      # at a time, and removes them
- counts and article similarity from one analysis of each article::

      matrix = TermMatrix.concat([term_matrix(batch) for batch in batches])  # in order
      counts = outlet_term_counts(articles, min_total_count=2, matrix=matrix)
      similarity = article_similarity(articles, sentences, matrix=matrix)

- the same in bounded memory (what :func:`analysis.pipeline.analyse` does): the vocabulary
  goes to disk and only terms used twice or more are kept (:mod:`analysis.terms.vocabulary`)::

      pieces = [spill_terms(term_matrix(batch), directory) for batch in batches]  # workers
      matrix = join_batches(pieces, min_total_count=2)    # reads one shard at a time

Memory
------
Nothing dense of size articles x articles or articles x terms is ever made. The vocabulary
is not capped (a cap would change the counts); what is bounded is what is held at once:

- per-outlet counts keep every distinct term until the corpus-wide pruning
  (``min_total_count``: terms used fewer times in the whole corpus are dropped, looking only
  at final counts, so batches do not matter). Most distinct terms of a large corpus are
  phrases used once, so the unpruned counts are the largest object: about 25 bytes per
  distinct term plus 12 per (outlet, term) cell (some 50 million terms for 1 GB of text).
  :func:`spill_batch` / :func:`merge_spilled` keep them on disk and hold 1/``SHARDS`` of
  them at a time;
- a :class:`TermMatrix` holds every (article, term) cell as int32 (8 bytes) plus the
  unpruned vocabulary: for 1 GB of text, a few GB. :func:`join_batches` makes the pruned
  matrix the pipeline uses, holding one shard of the vocabulary at a time and then only the
  terms used twice or more (about 15% of them);
- article similarity keeps TF-IDF vectors only over terms used by two articles or more
  (terms of a single article are dropped after the rows are scaled to unit length, which
  leaves every cosine between two articles unchanged, bit for bit) and compares only
  *candidate* pairs (prefix filtering with a bound, exact; see
  :mod:`analysis.terms.similarity`), a block of rows at a time. Terms with a high document
  frequency are *not* dropped: they change cosines. The work grows with the number of
  candidates, not with the square of the corpus.
"""

from analysis.terms.analyzer import STOP_WORDS, analyze, make_analyzer
from analysis.terms.collocates import COLLOCATES, collocates, nearby_words
from analysis.terms.collocates import HIT_COLUMNS as COLLOCATE_HIT_COLUMNS
from analysis.terms.counting import TERM_COUNTS, OutletTermCounts, outlet_term_counts
from analysis.terms.defaults import SIMILARITY_FLOOR
from analysis.terms.keyness import DISTINCTIVE, distinctive_terms
from analysis.terms.matrix import TermMatrix, term_matrix
from analysis.terms.partial import PartialCounts, count_batch, merge_partials
from analysis.terms.shared_sentences import sentence_keys
from analysis.terms.similarity import (
    OUTLET_SIMILARITY,
    SIMILARITY,
    article_similarity,
    comparison_vectors,
    outlet_similarity,
)
from analysis.terms.spill import SHARDS, SpilledCounts, merge_spilled, spill_batch
from analysis.terms.tokenize import tokens
from analysis.terms.vocabulary import BatchTerms, join_batches, scratch_folder, spill_terms

__all__ = [
    "COLLOCATES",
    "COLLOCATE_HIT_COLUMNS",
    "DISTINCTIVE",
    "OUTLET_SIMILARITY",
    "SHARDS",
    "SIMILARITY",
    "SIMILARITY_FLOOR",
    "STOP_WORDS",
    "TERM_COUNTS",
    "BatchTerms",
    "OutletTermCounts",
    "PartialCounts",
    "SpilledCounts",
    "TermMatrix",
    "analyze",
    "article_similarity",
    "collocates",
    "comparison_vectors",
    "count_batch",
    "distinctive_terms",
    "join_batches",
    "make_analyzer",
    "merge_partials",
    "merge_spilled",
    "nearby_words",
    "outlet_similarity",
    "outlet_term_counts",
    "scratch_folder",
    "sentence_keys",
    "spill_batch",
    "spill_terms",
    "term_matrix",
    "tokens",
]
