"""The token stream of a batch of articles: lengths, sentences, paragraphs, separators, filler
words, and rendering the stream to text once the other modules have edited it.

A batch is one long stream of word slots. Every slot has a separator code (what follows the
word) and a filler word drawn from the Zipf ranks. Other modules then edit slots through the
``Batch`` dictionaries (quotes, attributions, datelines, planted markers, captions) before
``render`` turns each slot into a string.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .markers import N_MARKERS
from .words import DENSE_VOCABULARY, HeapsTracker, Vocabulary, capitalize, draw_ranks

MEDIAN_ARTICLE_WORDS = 450
ARTICLE_LENGTH_SIGMA = 0.62
"""Standard deviation of log(article words): about 1 article in 100 exceeds 2,000 words."""
MIN_ARTICLE_WORDS, MAX_ARTICLE_WORDS = 60, 8_000
SENTENCE_WORDS_MEAN, SENTENCE_WORDS_SD = 21.0, 6.0
MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS = 10, 35
PARAGRAPH_SENTENCE_WEIGHTS = (0.30, 0.35, 0.22, 0.13)
"""Probability that a paragraph has 1, 2, 3 or 4 sentences."""
COMMA_RATE = 0.065
"""Probability that a word inside a sentence is followed by a comma."""

ATTRIBUTION_PATTERNS = (
    "quote_then_source_said",  # “...,” the ministry said.
    "quote_then_said_title_name",  # “...,” said Maj. Gen. X Y.
    "according_to",  # ..., according to local sources.
    "name_role_said_colon_quote",  # X, a spokesman for ..., said: “...”
    "multi_paragraph_quote",  # “... (paragraph) “...,” the envoy said.
)
"""Kinds of attributed sentence; a sentence's ``Batch.pattern`` is 0 (plain) or kind + 1."""

# Separator codes: what follows a word in the token stream.
SEP_SPACE, SEP_COMMA, SEP_SENTENCE, SEP_PARAGRAPH, SEP_ARTICLE, SEP_START = range(6)
SEPARATORS = (" ", ", ", ". ", ".\n\n", ".", " ")
"""Text after a word, by separator code; SEP_START is a capitalised sentence-initial word."""
_TAILS = {SEP_SENTENCE: " ", SEP_PARAGRAPH: "\n\n", SEP_ARTICLE: ""}


def variant_table(words: list[str]) -> list[str]:
    """Each of ``words`` followed by each separator, separator-major: the string of a plain
    slot is ``table[rank - 1 + len(words) * code]``."""
    table: list[str] = []
    for code, separator in enumerate(SEPARATORS):
        if code == SEP_START:
            table += [capitalize(word) + separator for word in words]
        elif code in _TAILS:  # "U.S." ends a sentence without a second full stop
            tail = _TAILS[code]
            table += [word + tail if word.endswith(".") else word + separator for word in words]
        else:
            table += [word + separator for word in words]
    return table


@dataclass
class Batch:
    """Working state of one batch: the token stream's layout and the edits to render.

    Arrays indexed by sentence or by token cover the whole batch; ``base`` replaces a token's
    word, ``prefix`` goes before it, ``closing`` replaces its separator (quote closings and
    attributions) and ``after`` follows it (captions between paragraphs).
    """

    outlet_of: np.ndarray
    article_of_sentence: np.ndarray
    sentence_starts: np.ndarray
    sentence_ends: np.ndarray
    first_sentence: np.ndarray
    last_sentence: np.ndarray
    paragraph_start: np.ndarray
    paragraph_end: np.ndarray
    codes: np.ndarray
    ranks: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    table_index: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    token_words: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    base: dict[int, str] = field(default_factory=dict)
    prefix: dict[int, str] = field(default_factory=dict)
    closing: dict[int, str] = field(default_factory=dict)
    after: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        count, sentences = len(self.outlet_of), len(self.sentence_ends)
        self.article_token_start = self.sentence_starts[self.first_sentence]
        self.article_token_end = self.sentence_ends[self.last_sentence]
        self.extra_words = np.zeros(count, dtype=np.int64)
        self.body_markers = np.zeros((count, N_MARKERS), dtype=np.int64)
        self.attributions = np.zeros((count, len(ATTRIBUTION_PATTERNS)), dtype=np.int64)
        self.caption_words = np.zeros(count, dtype=np.int64)
        self.caption_markers = np.zeros((count, N_MARKERS), dtype=np.int64)
        self.caption_lines = np.zeros(count, dtype=np.int64)
        self.datelines = [""] * count
        self.pattern = np.zeros(sentences, dtype=np.int64)
        self.in_multi = np.zeros(sentences, dtype=bool)
        self.captioned = np.zeros(sentences, dtype=bool)

    def last_paragraph_droppable(self, article: int) -> bool:
        """Whether a near-duplicate may cut the article's last paragraph without breaking a
        quote: at least three paragraphs, no quote in the last, no caption before it."""
        first, last = int(self.first_sentence[article]), int(self.last_sentence[article])
        opening = last
        while not self.paragraph_start[opening]:
            opening -= 1
        paragraphs = int(self.paragraph_start[first : last + 1].sum())
        return (
            paragraphs >= 3
            and not self.pattern[opening : last + 1].any()
            and not self.in_multi[opening : last + 1].any()
            and not self.captioned[opening - 1]
        )


def lay_out(
    rng: np.random.Generator, count: int, shares: np.ndarray, length_scales: np.ndarray
) -> Batch:
    """Outlets (drawn by ``shares``), article lengths (log-normal, times the outlet's
    ``length_scales``), sentences of 10-35 words, paragraphs of 1-4 sentences, and the
    separator after every word of the batch's token stream."""
    outlet_of = rng.choice(len(shares), count, p=shares)
    scales = length_scales[outlet_of]
    target = np.exp(
        math.log(MEDIAN_ARTICLE_WORDS) + ARTICLE_LENGTH_SIGMA * rng.standard_normal(count)
    )
    target = np.clip(target * scales, MIN_ARTICLE_WORDS, MAX_ARTICLE_WORDS)
    # sentence words plus the words that attributions add, about 23 per sentence
    sentences_per_article = np.maximum(3, np.rint(target / 23.0)).astype(np.int64)
    n_sentences = int(sentences_per_article.sum())
    lengths = np.clip(
        np.rint(rng.normal(SENTENCE_WORDS_MEAN, SENTENCE_WORDS_SD, n_sentences)),
        MIN_SENTENCE_WORDS,
        MAX_SENTENCE_WORDS,
    ).astype(np.int64)
    sentence_ends = np.cumsum(lengths)
    first_sentence = np.concatenate(([0], np.cumsum(sentences_per_article)[:-1]))
    last_sentence = first_sentence + sentences_per_article - 1

    paragraph_sizes = rng.choice(
        np.arange(1, 5), n_sentences, p=np.array(PARAGRAPH_SENTENCE_WEIGHTS)
    )
    paragraph_end = np.zeros(n_sentences, dtype=bool)
    cut = np.cumsum(paragraph_sizes) - 1
    paragraph_end[cut[cut < n_sentences]] = True
    paragraph_end[last_sentence] = True
    paragraph_start = np.zeros(n_sentences, dtype=bool)
    paragraph_start[0] = True
    paragraph_start[1:] = paragraph_end[:-1]

    n_tokens = int(sentence_ends[-1])
    sentence_starts = sentence_ends - lengths
    codes = np.where(rng.random(n_tokens) < COMMA_RATE, SEP_COMMA, SEP_SPACE)
    codes[sentence_ends - 1] = np.where(paragraph_end, SEP_PARAGRAPH, SEP_SENTENCE)
    codes[sentence_ends[last_sentence] - 1] = SEP_ARTICLE
    codes[sentence_starts] = SEP_START
    return Batch(
        outlet_of=outlet_of,
        article_of_sentence=np.repeat(np.arange(count), sentences_per_article),
        sentence_starts=sentence_starts,
        sentence_ends=sentence_ends,
        first_sentence=first_sentence,
        last_sentence=last_sentence,
        paragraph_start=paragraph_start,
        paragraph_end=paragraph_end,
        codes=codes.astype(np.int64),
    )


def fill_words(
    batch: Batch, rng: np.random.Generator, vocabulary: Vocabulary, heaps: HeapsTracker
) -> None:
    """Draw every filler word of the batch at once from the Zipf ranks."""
    ranks = draw_ranks(rng, len(batch.codes))
    heaps.track(ranks)
    dense = ranks <= DENSE_VOCABULARY
    dense_index = np.where(dense, ranks - 1, 0)
    batch.ranks = ranks
    batch.table_index = dense_index + DENSE_VOCABULARY * batch.codes
    batch.token_words = np.where(dense, vocabulary.dense_counts[dense_index], 0)
    for position in np.flatnonzero(~dense).tolist():
        text, words = vocabulary.word(int(ranks[position]))
        batch.base[position] = text
        batch.token_words[position] = words


def render(batch: Batch, vocabulary: Vocabulary, variants: list[str]) -> list[str]:
    """The batch's token strings: ``variants`` lookups for plain words, built for the rest."""
    tokens = list(map(variants.__getitem__, batch.table_index.tolist()))
    base, prefix, closing, after = batch.base, batch.prefix, batch.closing, batch.after
    codes = batch.codes
    for position in set(base) | set(prefix) | set(closing) | set(after):
        code = int(codes[position])
        word = base.get(position)
        if word is None:
            word = vocabulary.dense_words[int(batch.ranks[position]) - 1]
        if code == SEP_START:
            word = capitalize(word)
        end = closing.get(position)
        if end is None:
            end = " " if code == SEP_START else SEPARATORS[code]
            if code in _TAILS and word.endswith("."):
                end = _TAILS[code]  # "U.S." ends a sentence without a second full stop
        else:
            if word.endswith(".") and end.startswith("."):
                end = end[1:]
            end += _TAILS[code]
        tokens[position] = prefix.get(position, "") + word + end + after.get(position, "")
    return tokens
