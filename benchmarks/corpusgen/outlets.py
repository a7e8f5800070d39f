"""The invented outlets (``data/outlets.toml``) and how their framing terms are planted.

Each outlet writes its markers at its own rates per 1,000 words; ``plant_markers`` replaces
filler words of a batch with them, so that each outlet's expected count is exactly its rate
times its words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import datafiles
from .layout import Batch
from .markers import DISTINCTIVE_WORDS, FRAMING_TERMS, MARKERS, N_MARKERS, Term
from .words import count_words

QUOTATION_MARKS: dict[str, tuple[str, str, str, str]] = {
    name: tuple(marks) for name, marks in datafiles.get("outlets", "quotation_marks").items()
}
"""Opening, closing, inner opening and inner closing quotation marks, by style name."""


@dataclass(frozen=True)
class Outlet:
    """One invented outlet: its share of the corpus, its vocabulary and its page furniture.

    ``rates`` and ``distinctive`` give planted occurrences per 1,000 words of article text.
    ``top`` and ``bottom`` name furniture styles (``data/furniture.toml``) used with
    probability ``top_share``/``bottom_share``; ``captions_per_paragraph`` is the chance of a
    photo caption and credit between two paragraphs. outlets.toml describes every field.
    """

    name: str
    slug: str
    domain: str
    agency: str
    cities: tuple[str, ...]
    share: float
    length_scale: float
    quotation_marks: str
    rates: dict[str, float]
    distinctive: dict[str, float]
    top: str
    bottom: str
    top_share: float
    bottom_share: float
    captions_per_paragraph: float
    headline_share: float
    dateline_share: float
    title_case: bool
    credit: str
    url_sections: tuple[str, ...]

    @property
    def quotes(self) -> tuple[str, str, str, str]:
        """Opening, closing, inner opening and inner closing quotation marks."""
        return QUOTATION_MARKS[self.quotation_marks]

    def forms(self, term: Term) -> tuple[str, ...]:
        """The written forms of ``term`` in this outlet's typography (its inner quotes)."""
        inner_open, inner_close = self.quotes[2:]
        return tuple(form.replace("‘", inner_open).replace("’", inner_close) for form in term.forms)


def _outlet(entry: dict[str, Any], defaults: dict[str, Any]) -> Outlet:
    """An Outlet from one [[outlet]] table, checked against the markers and furniture styles."""
    name = entry.get("name", "?")
    where = f"{datafiles.DATA_FOLDER / 'outlets.toml'}: outlet {name!r}"
    fields = {**defaults, **entry}
    missing = [key for key in Outlet.__dataclass_fields__ if key not in fields]
    if missing:
        raise datafiles.DataFileError(f"{where} is missing {', '.join(missing)}")
    checks = (
        ("rates", set(fields["rates"]), {term.name for term in FRAMING_TERMS}),
        ("distinctive", set(fields["distinctive"]), {word.name for word in DISTINCTIVE_WORDS}),
        ("quotation_marks", {fields["quotation_marks"]}, set(QUOTATION_MARKS)),
        ("top", {fields["top"]}, set(datafiles.get("furniture", "top"))),
        ("bottom", {fields["bottom"]}, set(datafiles.get("furniture", "bottom"))),
    )
    for key, given, known in checks:
        if given - known:
            raise datafiles.DataFileError(
                f"{where}: {key} names {', '.join(sorted(given - known))}, which "
                f"markers.toml or furniture.toml does not define"
            )
    fields["cities"] = tuple(fields["cities"])
    fields["url_sections"] = tuple(fields["url_sections"])
    return Outlet(**{key: fields[key] for key in Outlet.__dataclass_fields__})


OUTLETS: tuple[Outlet, ...] = tuple(
    _outlet(entry, datafiles.get("outlets", "defaults"))
    for entry in datafiles.get("outlets", "outlet")
)


def marker_rate_table() -> np.ndarray:
    """Planted rate per word (not per 1,000) of every marker, shape (outlets, markers)."""
    rates = np.zeros((len(OUTLETS), N_MARKERS))
    for o, outlet in enumerate(OUTLETS):
        for m, marker in enumerate(MARKERS):
            rate = outlet.rates.get(marker.name, outlet.distinctive.get(marker.name, 0.0))
            rates[o, m] = rate / 1000.0
    return rates


def written_forms() -> list[list[list[tuple[str, int]]]]:
    """Per outlet and marker, the written forms with their word counts."""
    return [
        [[(form, count_words(form)) for form in outlet.forms(marker)] for marker in MARKERS]
        for outlet in OUTLETS
    ]


def plant_markers(
    batch: Batch,
    rng: np.random.Generator,
    py_random: random.Random,
    marker_rates: np.ndarray,
    forms: list[list[list[tuple[str, int]]]],
) -> None:
    """Replace filler words of ``batch`` with framing terms and distinctive words.

    Counts per article are Poisson around outlet rate x article words x a loading that
    makes some articles far more loaded than others; the loadings are scaled so that each
    outlet's expected count over the batch is exactly its rate times its words.
    """
    count = len(batch.outlet_of)
    starts, ends = batch.article_token_start, batch.article_token_end
    words = (np.add.reduceat(batch.token_words, starts) + batch.extra_words).astype(float)
    loading = rng.gamma(3.0, 1.0 / 3.0, count)
    weighted = np.bincount(batch.outlet_of, words * loading, len(OUTLETS))
    plain = np.bincount(batch.outlet_of, words, len(OUTLETS))
    loading *= (plain / np.maximum(weighted, 1e-9))[batch.outlet_of]
    planted = rng.poisson(marker_rates[batch.outlet_of] * (words * loading)[:, None])
    article_of = np.repeat(np.repeat(np.arange(count), N_MARKERS), planted.ravel())
    marker_of = np.repeat(np.tile(np.arange(N_MARKERS), count), planted.ravel())
    positions = starts[article_of] + (
        rng.random(len(article_of)) * (ends - starts)[article_of]
    ).astype(np.int64)
    form_draws = rng.integers(0, 1 << 30, len(positions))
    taken: set[int] = set()
    for position, marker, article, draw in zip(
        positions.tolist(), marker_of.tolist(), article_of.tolist(), form_draws.tolist(),
        strict=True,
    ):  # fmt: skip
        while position in taken:  # two plantings drew the same word: move one along
            position = int(starts[article]) + py_random.randrange(
                int(ends[article] - starts[article])
            )
        taken.add(position)
        choices = forms[batch.outlet_of[article]][marker]
        text, form_words = choices[draw % len(choices)]
        batch.base[position] = text
        batch.token_words[position] = form_words
    np.add.at(batch.body_markers, (article_of, marker_of), 1)
