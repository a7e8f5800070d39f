"""Text built around the filler words: quotations and their attributions, datelines,
headlines and people's names (the attribution strings come from ``data/attributions.toml``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from . import datafiles
from .layout import ATTRIBUTION_PATTERNS, Batch
from .markers import N_MARKERS
from .outlets import OUTLETS, Outlet
from .words import TITLES, ZIPF_KNEE, RankPool, Vocabulary, capitalize, count_words, phrase_words

SENTENCE_PATTERN_WEIGHTS = (0.77, 0.09, 0.05, 0.06, 0.03)
"""Probability that a sentence is plain narrative or uses attribution patterns 1-4."""
MULTI_PARAGRAPH_QUOTE_RATE = 0.02
"""Chance that a paragraph opens a quote that runs into the next paragraph."""

SHORT_SOURCES = datafiles.strings("attributions", "short_sources")
LONG_SOURCES = datafiles.strings("attributions", "long_sources")
ROLES = datafiles.strings("attributions", "roles")
SAYING_VERBS = datafiles.strings("attributions", "saying_verbs")


@dataclass
class Fragment:
    """Generated text with its word count and the markers planted in it."""

    text: str
    words: int
    markers: list[int] = field(default_factory=list)


class TextMaker:
    """Makes quotes, attributions, datelines, headlines and names from shared random streams.

    ``marker_rates`` (per word, by outlet and marker) and ``forms`` (written forms by outlet
    and marker) decide which framing terms headlines carry.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        py_random: random.Random,
        vocabulary: Vocabulary,
        marker_rates: np.ndarray,
        forms: list[list[list[tuple[str, int]]]],
    ) -> None:
        self.rng, self.py_random, self.vocabulary = rng, py_random, vocabulary
        self.marker_rates, self.forms = marker_rates, forms
        self._person_ranks = RankPool(rng, knee=300)
        self._headline_ranks = RankPool(rng, knee=ZIPF_KNEE, modulo=3000)

    # -- quotes and attributions --------------------------------------------------------------

    def add_quotes(self, batch: Batch) -> None:
        """Turn some sentences into quotes with attributions, and some paragraph pairs into
        one quote running over both paragraphs."""
        py_random = self.py_random
        n_sentences = len(batch.sentence_ends)
        batch.pattern = self.rng.choice(
            len(SENTENCE_PATTERN_WEIGHTS), n_sentences, p=np.array(SENTENCE_PATTERN_WEIGHTS)
        )
        multi = self.rng.random(n_sentences) < MULTI_PARAGRAPH_QUOTE_RATE
        openings = batch.paragraph_start & multi
        for opening in np.flatnonzero(openings).tolist():
            self._add_multi_paragraph_quote(batch, opening)
        batch.pattern[batch.in_multi] = 0
        for sentence in np.flatnonzero(batch.pattern).tolist():
            article = int(batch.article_of_sentence[sentence])
            kind = int(batch.pattern[sentence]) - 1
            opening_quote, closing_quote = OUTLETS[batch.outlet_of[article]].quotes[:2]
            start = int(batch.sentence_starts[sentence])
            end = int(batch.sentence_ends[sentence] - 1)
            if kind == 0:
                phrase = f"{py_random.choice(SHORT_SOURCES)} {py_random.choice(SAYING_VERBS)}"
                batch.prefix[start] = opening_quote
                batch.closing[end] = f",{closing_quote} {phrase}."
            elif kind == 1:
                phrase = f"said {self.titled_person()}"
                batch.prefix[start] = opening_quote
                batch.closing[end] = f",{closing_quote} {phrase}."
            elif kind == 2:
                phrase = f"according to {py_random.choice(LONG_SOURCES)}"
                batch.closing[end] = f", {phrase}."
            else:
                phrase = f"{self.person()}, {py_random.choice(ROLES)}, said:"
                batch.prefix[start] = f"{phrase} {opening_quote}"
                batch.closing[end] = f".{closing_quote}"
            batch.extra_words[article] += phrase_words(phrase)
            batch.attributions[article, kind] += 1

    def _add_multi_paragraph_quote(self, batch: Batch, opening: int) -> None:
        """A quote over the paragraph starting at sentence ``opening`` and the next one: each
        paragraph opens with a quotation mark, only the second one closes it."""
        article = int(batch.article_of_sentence[opening])
        last = int(batch.last_sentence[article])
        second = opening + 1
        while second <= last and not batch.paragraph_start[second]:
            second += 1
        if second > last:
            return
        close = second
        while not batch.paragraph_end[close]:
            close += 1
        if batch.in_multi[opening : close + 1].any():
            return
        batch.in_multi[opening : close + 1] = True
        quotes = OUTLETS[batch.outlet_of[article]].quotes
        batch.prefix[int(batch.sentence_starts[opening])] = quotes[0]
        batch.prefix[int(batch.sentence_starts[second])] = quotes[0]
        phrase = f"{self.py_random.choice(SHORT_SOURCES)} {self.py_random.choice(SAYING_VERBS)}"
        batch.closing[int(batch.sentence_ends[close] - 1)] = f",{quotes[1]} {phrase}."
        batch.extra_words[article] += phrase_words(phrase)
        batch.attributions[article, len(ATTRIBUTION_PATTERNS) - 1] += 1

    # -- datelines ----------------------------------------------------------------------------

    def dateline(self, outlet: Outlet) -> str:
        """A dateline in ``outlet``'s style: "CITY (Agency) — "."""
        return f"{self.py_random.choice(outlet.cities)} ({outlet.agency}) — "

    def add_datelines(self, batch: Batch) -> None:
        """Open the first paragraph of some articles with a dateline."""
        draws = self.rng.random(len(batch.outlet_of))
        for article, draw in enumerate(draws.tolist()):
            outlet = OUTLETS[batch.outlet_of[article]]
            if draw < outlet.dateline_share:
                dateline = self.dateline(outlet)
                batch.datelines[article] = dateline
                position = int(batch.sentence_starts[batch.first_sentence[article]])
                batch.prefix[position] = dateline + batch.prefix.get(position, "")
                batch.extra_words[article] += phrase_words(dateline)

    # -- people and headlines -----------------------------------------------------------------

    def person(self) -> str:
        """A person's name: a few recur often (spokesmen), most are rare."""
        return self.vocabulary.person(self._person_ranks.next())

    def titled_person(self) -> str:
        """A person's name after a title, e.g. "Maj. Gen. X Y"."""
        return f"{self.py_random.choice(TITLES)} {self.person()}"

    def headline(
        self, outlet_index: int, term_chance: float | None = None, title_case: bool | None = None
    ) -> Fragment:
        """A headline of 6-12 words that carries one of the outlet's markers with probability
        ``term_chance`` (default: the outlet's planted rate per word times the headline's words,
        so a headline shown in the article leaves the article's rates unbiased)."""
        outlet = OUTLETS[outlet_index]
        py_random, vocabulary = self.py_random, self.vocabulary
        size = py_random.randint(6, 12)
        # headlines use the commoner 3,000 words (rarer ranks fold back into that range)
        words = [vocabulary.dense_words[self._headline_ranks.next()] for _ in range(size)]
        rates = self.marker_rates[outlet_index]
        if term_chance is None:
            term_chance = float(rates.sum()) * size
        markers: list[int] = []
        if py_random.random() < term_chance:
            marker = py_random.choices(range(N_MARKERS), weights=rates.tolist())[0]
            forms = self.forms[outlet_index][marker]
            words[py_random.randrange(size)] = py_random.choice(forms)[0]
            markers.append(marker)
        if outlet.title_case if title_case is None else title_case:
            words = [capitalize(word) for word in words]
        text = capitalize(" ".join(words))
        return Fragment(text, count_words(text), markers)
