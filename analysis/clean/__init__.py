"""Removing page furniture from scraped articles, duplicates, and sentence spans.

Scraped pages carry navigation, login forms, comment policies, captions, credits and
related-link lists around the article. :func:`clean_page` decides line by line what is the
outlet's article text, using the rules in ``analysis/data/furniture.toml`` and a few
structural rules (below). :func:`clean_articles` applies it to a whole corpus, adds lines
that repeat across an outlet's articles, drops empty and duplicate articles with warnings,
and returns the ``ARTICLES`` table. :func:`split_sentences` gives the ``SENTENCES`` table.

Structural rules, in the order they apply:

1. A line matching a ``[[line]]`` pattern, a page timestamp (``[[dateline]]``), or a doubled
   string ("captionCaption") is furniture.
2. A photo credit (``[[credit]]``) is furniture; so is the line directly above it (its
   caption) and a short line directly below it without final punctuation (a related link).
3. A line matching a ``[[caption]]`` pattern is a photo caption.
4. Once a body paragraph has been seen, a ``[[tail]]`` line starts the page's tail: comment
   sections, related links and tags down to the end of the page.
5. Before the first body paragraph (a line of 12 or more words ending with . ! ? or a
   closing quote), only the headline and standfirst lines of 10 or more words are kept; a
   second copy of the headline is furniture.
6. Across a corpus, a line that appears in three or more of one outlet's articles is
   furniture when it is not a sentence, or when it appears in at least half of them.

The package: :mod:`~analysis.clean.rules` (the furniture rules), :mod:`~analysis.clean.pages`
(one page, rules 1-5), :mod:`~analysis.clean.articles` (batches and corpora, rule 6,
duplicates), :mod:`~analysis.clean.alike` (which texts polars reads as Python does) and
:mod:`~analysis.clean.sentences`.

The clean text is the kept lines, each stripped and with runs of whitespace (non-breaking
spaces included) made one space, joined by blank lines (one paragraph per line); the
headline stays, once, as the first paragraph.
"""

from analysis.clean.articles import (
    DUPLICATES,
    PAGES,
    REMOVED_LINES,
    CleanedCorpus,
    clean_articles,
    clean_batch,
    repeated_lines,
)
from analysis.clean.pages import CleanPage, LineDecision, clean_page
from analysis.clean.rules import FurnitureRules, furniture_rules
from analysis.clean.sentences import SENTENCES, sentence_spans, split_sentences

__all__ = [
    "DUPLICATES",
    "PAGES",
    "REMOVED_LINES",
    "SENTENCES",
    "CleanPage",
    "CleanedCorpus",
    "FurnitureRules",
    "LineDecision",
    "clean_articles",
    "clean_batch",
    "clean_page",
    "furniture_rules",
    "repeated_lines",
    "sentence_spans",
    "split_sentences",
]
