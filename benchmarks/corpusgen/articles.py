"""The article stream: batches of fresh articles put together from the other modules, with
exact and near-duplicate reposts mixed in.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from . import datafiles
from .furniture import Furnisher, fixed_lines
from .layout import fill_words, lay_out, render, variant_table
from .markers import count_markers, marker_words, safe_filler
from .outlets import OUTLETS, Outlet, marker_rate_table, plant_markers, written_forms
from .text import TextMaker
from .words import COMMON_WORDS, TITLES, HeapsTracker, Vocabulary, count_words

ARTICLES_PER_BATCH = 256
"""Articles generated per batch; fixed so that corpora of different sizes nest."""
EXACT_REPOST_RATE = 0.01
"""Share of articles that are an exact repost of an earlier article by the same outlet."""
NEAR_REPOST_RATE = 0.01
"""Share of articles that are an edited copy of an earlier article by another outlet."""
REPOST_POOL = 256
"""How many recent articles a repost may copy."""
FIRST_DAY = dt.date(2016, 1, 1)
CORPUS_DAYS = 3 * 365
PEAK_DAY = dt.date(2016, 12, 10)
"""Coverage clusters around the fall of eastern Aleppo, as real coverage did."""


@dataclass
class Article:
    """One generated article and the counts truth.json needs."""

    id: str
    outlet: int
    title: str
    date: dt.date
    url: str
    text: str
    body: str
    """Article text without top and bottom furniture (still holding any photo captions)."""
    body_words: int
    caption_words: int
    furniture_words: int
    body_markers: np.ndarray
    caption_markers: np.ndarray
    furniture_markers: np.ndarray
    attributions: np.ndarray
    furniture_lines: int
    """Lines of page furniture, photo captions and credits included."""
    caption_lines: int
    droppable_last_paragraph: bool
    dateline: str
    note: str = ""

    @property
    def text_words(self) -> int:
        """Words of the whole text field: body, captions and furniture."""
        return self.body_words + self.caption_words + self.furniture_words


class CorpusGenerator:
    """Makes articles batch by batch; ``articles()`` yields them in order, forever."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.py_random = random.Random(seed * 7919 + 1)
        self.vocabulary = Vocabulary(seed)
        self.variants = variant_table(self.vocabulary.dense_words)
        self.heaps = HeapsTracker(self.vocabulary)
        shares = np.array([o.share for o in OUTLETS])
        self.shares = shares / sum(o.share for o in OUTLETS)
        self.length_scales = np.array([o.length_scale for o in OUTLETS])
        self.marker_rates = marker_rate_table()
        """Per outlet, the planted rate per word of every marker, in MARKERS order."""
        self.forms = written_forms()
        self.text = TextMaker(self.rng, self.py_random, self.vocabulary, self.marker_rates,
                              self.forms)  # fmt: skip
        self.furnisher = Furnisher(self.rng, self.py_random, self.vocabulary, self.text)
        self.serial = 0
        self.pool: list[Article] = []
        _check_fixed_text()

    # -- the stream ---------------------------------------------------------------------------

    def articles(self) -> Iterator[Article]:
        """Articles in corpus order, with reposts mixed in at the planted rates."""
        while True:
            fresh = self._batch()
            draws = self.rng.random(len(fresh))
            picks = self.rng.integers(0, REPOST_POOL, len(fresh))
            for article, draw, pick in zip(fresh, draws, picks, strict=True):
                if self.pool and draw < EXACT_REPOST_RATE:
                    yield self._exact_repost(self.pool[pick % len(self.pool)])
                    continue
                if self.pool and draw < EXACT_REPOST_RATE + NEAR_REPOST_RATE:
                    yield self._near_repost(self.pool[pick % len(self.pool)])
                    continue
                self.pool.append(article)
                if len(self.pool) > REPOST_POOL:
                    self.pool.pop(0)
                yield article

    def _next_id(self, outlet: Outlet) -> tuple[str, int]:
        self.serial += 1
        return f"{outlet.slug}-{self.serial:07d}", self.serial

    def _batch(self) -> list[Article]:
        """One batch of fresh articles: lay out the token stream, fill it with words, add
        quotes, datelines, planted markers and captions, then render and dress each article."""
        batch = lay_out(self.rng, ARTICLES_PER_BATCH, self.shares, self.length_scales)
        fill_words(batch, self.rng, self.vocabulary, self.heaps)
        self.text.add_quotes(batch)
        self.text.add_datelines(batch)
        plant_markers(batch, self.rng, self.py_random, self.marker_rates, self.forms)
        self.furnisher.add_captions(batch)
        tokens = render(batch, self.vocabulary, self.variants)
        body_words = np.add.reduceat(batch.token_words, batch.article_token_start)
        body_words += batch.extra_words
        articles = []
        for article in range(len(batch.outlet_of)):
            start, end = batch.article_token_start[article], batch.article_token_end[article]
            articles.append(
                self._assemble(
                    outlet_index=int(batch.outlet_of[article]),
                    main="".join(tokens[start:end]),
                    main_words=int(body_words[article]),
                    main_markers=batch.body_markers[article],
                    caption_words=int(batch.caption_words[article]),
                    caption_markers=batch.caption_markers[article],
                    caption_lines=int(batch.caption_lines[article]),
                    attributions=batch.attributions[article],
                    droppable=batch.last_paragraph_droppable(article),
                    dateline=batch.datelines[article],
                )
            )
        return articles

    # -- one article --------------------------------------------------------------------------

    def _date(self) -> dt.date:
        """A publication date in 2016-2018, half of them clustered around December 2016."""
        if self.py_random.random() < 0.5:
            offset = self.py_random.randrange(CORPUS_DAYS)
            return FIRST_DAY + dt.timedelta(days=offset)
        day = PEAK_DAY + dt.timedelta(days=round(self.py_random.gauss(0, 40)))
        last = FIRST_DAY + dt.timedelta(days=CORPUS_DAYS - 1)
        return min(max(day, FIRST_DAY), last)

    @staticmethod
    def _url(outlet: Outlet, date: dt.date, title: str, serial: int) -> str:
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
        section = outlet.url_sections[serial % len(outlet.url_sections)]
        return f"https://www.{outlet.domain}/{section}/{date:%Y/%m/%d}/{slug}-{serial}"

    def _assemble(
        self,
        *,
        outlet_index: int,
        main: str,
        main_words: int,
        main_markers: np.ndarray,
        caption_words: int,
        caption_markers: np.ndarray,
        caption_lines: int,
        attributions: np.ndarray,
        droppable: bool,
        dateline: str,
    ) -> Article:
        """An article from its rendered paragraphs: id, date and headline (repeated on the
        page for some outlets, where it counts as article text), then page furniture."""
        outlet = OUTLETS[outlet_index]
        article_id, serial = self._next_id(outlet)
        date = self._date()
        title = self.text.headline(outlet_index)
        body_markers = main_markers.copy()
        body_words = main_words
        body = main
        if self.py_random.random() < outlet.headline_share:
            # the headline repeated on the page is article text, as framelens keeps it
            body = f"{title.text}\n\n{main}"
            body_words += title.words
            for marker in title.markers:
                body_markers[marker] += 1
        text, furniture_words, furniture_markers, lines = self.furnisher.dress(
            outlet_index, body, date
        )
        return Article(
            id=article_id,
            outlet=outlet_index,
            title=title.text,
            date=date,
            url=self._url(outlet, date, title.text, serial),
            text=text,
            body=body,
            body_words=body_words,
            caption_words=caption_words,
            furniture_words=furniture_words,
            body_markers=body_markers,
            caption_markers=caption_markers.copy(),
            furniture_markers=furniture_markers,
            attributions=attributions.copy(),
            furniture_lines=lines + caption_lines,
            caption_lines=caption_lines,
            droppable_last_paragraph=droppable,
            dateline=dateline,
        )

    # -- reposts ------------------------------------------------------------------------------

    def _exact_repost(self, original: Article) -> Article:
        """The same outlet publishes the same page again a few days later."""
        outlet = OUTLETS[original.outlet]
        article_id, serial = self._next_id(outlet)
        date = original.date + dt.timedelta(days=self.py_random.randint(0, 3))
        return Article(
            id=article_id,
            outlet=original.outlet,
            title=original.title,
            date=date,
            url=self._url(outlet, date, original.title, serial),
            text=original.text,
            body=original.body,
            body_words=original.body_words,
            caption_words=original.caption_words,
            furniture_words=original.furniture_words,
            body_markers=original.body_markers.copy(),
            caption_markers=original.caption_markers.copy(),
            furniture_markers=original.furniture_markers.copy(),
            attributions=original.attributions.copy(),
            furniture_lines=original.furniture_lines,
            caption_lines=original.caption_lines,
            droppable_last_paragraph=original.droppable_last_paragraph,
            dateline=original.dateline,
            note=f"exact repost of {original.id}",
        )

    def _near_repost(self, original: Article) -> Article:
        """Another outlet runs the story as wire copy: its own dateline and page furniture,
        a later date, and without the last paragraph when that holds no quote."""
        choices = [o for o in range(len(OUTLETS)) if o != original.outlet]
        outlet_index = choices[self.py_random.randrange(len(choices))]
        outlet = OUTLETS[outlet_index]
        article_id, serial = self._next_id(outlet)
        body = original.body
        words = original.body_words
        markers = original.body_markers.copy()
        if original.droppable_last_paragraph:
            body, dropped = body.rsplit("\n\n", 1)
            words -= count_words(dropped)
            markers -= count_markers(dropped)
        dateline = ""
        if original.dateline:
            dateline = self.text.dateline(outlet)
            body = body.replace(original.dateline, dateline, 1)
            words += count_words(dateline) - count_words(original.dateline)
        date = original.date + dt.timedelta(days=self.py_random.randint(0, 2))
        text, furniture_words, furniture_markers, lines = self.furnisher.dress(
            outlet_index, body, date
        )
        return Article(
            id=article_id,
            outlet=outlet_index,
            title=original.title,
            date=date,
            url=self._url(outlet, date, original.title, serial),
            text=text,
            body=body,
            body_words=words,
            caption_words=original.caption_words,
            furniture_words=furniture_words,
            body_markers=markers,
            caption_markers=original.caption_markers.copy(),
            furniture_markers=furniture_markers,
            attributions=original.attributions.copy(),
            furniture_lines=lines + original.caption_lines,
            caption_lines=original.caption_lines,
            droppable_last_paragraph=False,
            dateline=dateline,
            note=f"near-duplicate of {original.id} ({OUTLETS[original.outlet].name})",
        )


def _check_fixed_text() -> None:
    """Fail loudly if a fixed string of the data files could plant a marker by accident."""
    names = {outlet.name for outlet in OUTLETS}  # outlet names may contain marker words
    fixed = [*COMMON_WORDS, *TITLES, *fixed_lines(), *(o.agency for o in OUTLETS),
             *(city for o in OUTLETS for city in o.cities)]  # fmt: skip
    for name in ("short_sources", "long_sources", "roles", "saying_verbs"):
        fixed += datafiles.strings("attributions", name)
    excluded = marker_words()
    for text in fixed:
        if not safe_filler(text, excluded) and text not in names:
            raise RuntimeError(f"fixed text {text!r} contains (part of) a planted marker")
