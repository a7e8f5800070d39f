"""The cleaning stage's thresholds and tuning constants, each with its unit (the furniture
patterns themselves are data: analysis/data/furniture.toml)."""

from __future__ import annotations

# one page, rules 1-5 and 7 (analysis.clean.pages)

BODY_MIN_WORDS = 12
"""Words of the shortest body paragraph (rule 5: a line this long ending like a sentence)."""

STANDFIRST_MIN_WORDS = 10
"""Words of the shortest standfirst line kept before the first body paragraph (rule 5)."""

DATELINE_MAX_WORDS = 8
"""Words of the longest line that a page timestamp (``[[dateline]]``) makes furniture."""

LINK_MAX_WORDS = 20
"""Words of the longest line below a photo credit taken as a related link (rule 2)."""

PROSE_MIN_WORDS = 4
"""Fewest words of a line that ends like a sentence for it to count as the article's prose,
which a ``[[line]]`` or ``[[tail]]`` rule does not remove (see :func:`is_prose_in_flow`)."""

MOST_PROSE_SHARE = 0.5
"""When the rules would remove prose lines holding more than this share of a page's words, its
prose lines are all kept, with a warning (:attr:`CleanPage.prose_restored`)."""

ENDING_WINDOW = 2_000
"""Characters at the end of a line that the ``[[ending]]`` patterns of rule 7 read."""

ENDING_ROUNDS = 12
"""Rule 7 cuts a repeated ending, then pattern endings, again while it finds some, at most
this many times ("... the army said. Source TRTWorld and agencies ... 11 Tags Syria": the tag
list goes, then the repeated source line before it); :func:`analysis.clean.repeated_endings`
looks for endings in as many rounds (TRT's footer: a link bar, then a copyright line, then
the sentences of a subscription block)."""


# what repeats across an outlet, rules 6 and 7 (analysis.clean.repeated)

REPEATED_MIN_ARTICLES = 3
"""Articles of one outlet a line must appear in to count as repeated (rule 6)."""

REPEATED_CHUNK = 20_000
"""Articles whose lines :func:`repeated_lines` splits at a time."""

ENDING_MAX_WORDS = 30
"""The longest repeated ending rule 7 looks for, in words."""

ENDING_SENTENCE_MIN_WORDS = 5
"""Fewest words of a repeated ending that ends like a sentence (rule 7)."""
