"""Page furniture: photo captions between paragraphs, and the lines above and below an article
(navigation, timestamps, related links, tags, comment forms), in the styles of
``data/furniture.toml``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable

import numpy as np

from . import datafiles
from .layout import Batch
from .markers import N_MARKERS
from .outlets import OUTLETS, Outlet
from .text import Fragment, TextMaker
from .words import MONTHS, Vocabulary, count_words, phrase_words

NAVIGATION = datafiles.strings("furniture", "navigation")
SECTIONS = datafiles.strings("furniture", "sections")
TAGS = datafiles.strings("furniture", "tags")
ICONS = datafiles.strings("furniture", "icons")
TOP_STYLES = {name: tuple(lines) for name, lines in datafiles.get("furniture", "top").items()}
BOTTOM_STYLES = {name: tuple(lines) for name, lines in datafiles.get("furniture", "bottom").items()}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PAGE_VALUES = {"clock", "day", "month", "month_short", "year", "outlet", "domain"}
"""Placeholders filled from the page (its date, its outlet) rather than drawn."""
_DRAWN_VALUES = {"section", "tags", "icons", "copyright_year"}
_LINE_BLOCKS = {"{navigation}", "{related}"}
"""Placeholders that stand for several lines; they must be a whole line."""


def _check_styles() -> None:
    """Fail on a style line with a placeholder this module does not fill."""
    for styles in (TOP_STYLES, BOTTOM_STYLES):
        for name, lines in styles.items():
            for line in lines:
                unknown = set(_PLACEHOLDER.findall(line)) - _PAGE_VALUES - _DRAWN_VALUES
                if line not in _LINE_BLOCKS and unknown:
                    raise datafiles.DataFileError(
                        f"furniture.toml: style {name!r} uses unknown placeholder(s) "
                        f"{', '.join(sorted(unknown))} in {line!r}"
                    )


_check_styles()


def fixed_lines() -> list[str]:
    """Every fixed furniture string, placeholders removed (to check none plants a marker)."""
    lines = [*NAVIGATION, *SECTIONS, *TAGS, *ICONS]
    for styles in (TOP_STYLES, BOTTOM_STYLES):
        lines += [_PLACEHOLDER.sub("", line) for style in styles.values() for line in style]
    return lines


class Furnisher:
    """Adds page furniture to articles, drawing from the generator's shared random streams."""

    def __init__(
        self,
        rng: np.random.Generator,
        py_random: random.Random,
        vocabulary: Vocabulary,
        text: TextMaker,
    ) -> None:
        self.rng, self.py_random, self.vocabulary, self.text = rng, py_random, vocabulary, text

    # -- captions between paragraphs ----------------------------------------------------------

    def add_captions(self, batch: Batch) -> None:
        """Put a photo caption and credit (page furniture) between some paragraphs."""
        draws = self.rng.random(len(batch.sentence_ends))
        rates = np.array([OUTLETS[o].captions_per_paragraph for o in batch.outlet_of])
        captioned = batch.paragraph_end & (draws < rates[batch.article_of_sentence])
        captioned[batch.last_sentence] = False
        batch.captioned = captioned
        for sentence in np.flatnonzero(captioned).tolist():
            article = int(batch.article_of_sentence[sentence])
            block = self.caption(int(batch.outlet_of[article]))
            batch.after[int(batch.sentence_ends[sentence] - 1)] = block.text
            batch.caption_words[article] += block.words
            batch.caption_lines[article] += block.text.count("\n") - 1
            for marker in block.markers:
                batch.caption_markers[article, marker] += 1

    def caption(self, outlet_index: int) -> Fragment:
        """A photo caption, its credit and sometimes a related-article link, as page lines."""
        outlet, py_random = OUTLETS[outlet_index], self.py_random
        line = self.text.headline(outlet_index, term_chance=0.25, title_case=False)
        caption = line.text
        if py_random.random() < 0.5:
            caption += " (File)"
        else:
            day = py_random.randint(1, 28)
            caption += f" on {py_random.choice(MONTHS)} {day}, {py_random.randint(2012, 2018)}."
        name = self.vocabulary.person(py_random.randint(1, 5000))
        credit = outlet.credit.format(
            year=py_random.randint(2014, 2018), NAME=name.upper(), Name=name
        )
        lines = [caption, credit]
        markers = list(line.markers)
        if py_random.random() < 0.4:
            related = self.text.headline(outlet_index, term_chance=0.35)
            lines.append(related.text)
            markers.extend(related.markers)
        text = "\n".join(lines) + "\n\n"
        return Fragment(text, count_words(text), markers)

    # -- furniture around the article ---------------------------------------------------------

    def dress(
        self, outlet_index: int, body: str, date: dt.date
    ) -> tuple[str, int, np.ndarray, int]:
        """Put the outlet's top and bottom furniture around ``body``; return the text, the
        furniture words, the markers in the furniture and the furniture line count."""
        outlet = OUTLETS[outlet_index]
        markers = np.zeros(N_MARKERS, dtype=np.int64)
        lines_top: list[str] = []
        lines_bottom: list[str] = []
        if self.py_random.random() < outlet.top_share:
            lines_top = self._top(outlet, outlet_index, date)
        if self.py_random.random() < outlet.bottom_share:
            lines_bottom, planted = self._bottom(outlet, outlet_index)
            for marker in planted:
                markers[marker] += 1
        parts = []
        if lines_top:
            parts.append("\n".join(lines_top) + "\n\n")
        parts.append(body)
        if lines_bottom:
            parts.append("\n\n\n" + "\n".join(lines_bottom))
        furniture = lines_top + lines_bottom
        words = sum(phrase_words(line) for line in furniture)
        return "".join(parts), words, markers, len(furniture)

    def _top(self, outlet: Outlet, outlet_index: int, date: dt.date) -> list[str]:
        """Lines above the article: navigation, breadcrumbs, icon strings, page timestamps."""
        py_random = self.py_random
        clock = f"{py_random.randint(0, 23):02d}:{py_random.randint(0, 59):02d}"
        month = MONTHS[date.month - 1]
        page = {"clock": clock, "day": str(date.day), "month": month,
                "month_short": month[:3], "year": str(date.year)}  # fmt: skip
        lines, _ = self._fill(TOP_STYLES[outlet.top], outlet, outlet_index, page)
        return lines

    def _bottom(self, outlet: Outlet, outlet_index: int) -> tuple[list[str], list[int]]:
        """Lines below the article (related links, tags, comment forms, share prompts) and
        the markers planted in related-link headlines."""
        return self._fill(BOTTOM_STYLES[outlet.bottom], outlet, outlet_index, {})

    def _fill(
        self, style: tuple[str, ...], outlet: Outlet, outlet_index: int, page: dict[str, str]
    ) -> tuple[list[str], list[int]]:
        """A style's lines with their placeholders filled in page order, and the markers that
        related-link headlines carry. Random draws happen in the order the lines need them."""
        py_random = self.py_random
        values = {**page, "outlet": outlet.name, "domain": outlet.domain}
        drawn: dict[str, Callable[[], str]] = {
            "section": lambda: py_random.choice(SECTIONS),
            "tags": lambda: ", ".join(py_random.sample(TAGS, py_random.randint(3, 7))),
            "icons": lambda: " ".join(f"icon {name}" for name in py_random.sample(ICONS, 9)),
            "copyright_year": lambda: str(py_random.randint(2016, 2018)),
        }

        def fill(found: re.Match[str]) -> str:
            key = found[1]
            return values[key] if key in values else drawn[key]()

        lines: list[str] = []
        markers: list[int] = []
        for line in style:
            if line == "{navigation}":
                lines += py_random.sample(NAVIGATION, py_random.randint(2, 5))
            elif line == "{related}":
                for _ in range(py_random.randint(3, 5)):
                    headline = self.text.headline(outlet_index, term_chance=0.5)
                    lines.append(headline.text)
                    markers.extend(headline.markers)
            else:
                lines.append(_PLACEHOLDER.sub(fill, line))
        return lines, markers
