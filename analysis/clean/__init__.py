"""Removing page furniture from scraped articles, duplicates, and sentence spans.

Scraped pages carry navigation, login forms, comment policies, captions, credits and
related-link lists around the article. :func:`clean_page` decides line by line what is the
outlet's article text, using the rules in ``analysis/data/furniture.toml`` and a few
structural rules (below). :func:`clean_articles` applies it to a whole corpus, adds lines
that repeat across an outlet's articles, drops empty and duplicate articles with warnings,
and returns the ``ARTICLES`` table. :func:`split_sentences` gives the ``SENTENCES`` table.

Structural rules, in the order they apply (rule 7 works inside lines; the others decide
whole lines):

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
7. Furniture glued to the text inside a line, as in exports that flatten each page into one
   line ("... by the army. Reporting by ...; Editing by ... Our Standards: The Thomson
   Reuters Trust Principles."). A date glued to the start of the first kept line is removed
   (``[[leading_date]]``). At the end of the last kept line, when it has 12 or more words:
   the longest of its outlet's *repeated endings* goes, then what each ``[[ending]]``
   pattern finds at the end of what is left. A repeated ending is one or more of the last
   words (at most 30) of the last line of three or more of the outlet's pages, with no word
   inside it that ends a sentence and words before it; it is furniture when it does not
   end like a sentence, or when it has five or more words and ends half or more of the
   outlet's pages. So "Hazem Sabbagh" goes from "... private properties. Hazem Sabbagh"
   while the sentence before it stays, and a background sentence repeated in a few
   articles stays. Endings are found again in what the rule leaves of the pages it cut,
   where "half the pages" means half of those pages (up to twelve rounds): so a block of
   sentences that follows the same link bar on many pages goes with it.

The package: :mod:`~analysis.clean.rules` (the furniture rules), :mod:`~analysis.clean.pages`
(one page, rules 1-5), :mod:`~analysis.clean.endings` (rule 7's cuts at the end of a line),
:mod:`~analysis.clean.repeated` (what repeats across an outlet: rule 6's lines and rule 7's
repeated endings), :mod:`~analysis.clean.articles` (batches and corpora, duplicates),
:mod:`~analysis.clean.alike` (which texts polars reads as Python does) and
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
)
from analysis.clean.pages import CleanPage, LineDecision, clean_page
from analysis.clean.repeated import repeated_endings, repeated_lines
from analysis.clean.rules import FurnitureRules, furniture_rules
from analysis.clean.sentences import SENTENCES, abbreviations, sentence_spans, split_sentences

__all__ = [
    "DUPLICATES",
    "PAGES",
    "REMOVED_LINES",
    "SENTENCES",
    "CleanPage",
    "CleanedCorpus",
    "FurnitureRules",
    "LineDecision",
    "abbreviations",
    "clean_articles",
    "clean_batch",
    "clean_page",
    "furniture_rules",
    "repeated_endings",
    "repeated_lines",
    "sentence_spans",
    "split_sentences",
]
