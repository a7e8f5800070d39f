"""Discovered contrast sets as a table: each term's uses per outlet, with the set's scores."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import polars as pl

from analysis.discover.sets import ContrastSetFound, find_sets
from analysis.discover.vectors import TermSpace, term_space
from analysis.errors import FramelensError
from analysis.schema import Column, Schema

DEFAULT_TOP = 20
"""Sets kept by default."""

CONTRASTS = Schema(
    "contrasts",
    (
        Column("set", pl.Int64, "rank of the set, 1 = outlets diverge most"),
        Column("term", pl.String, "a label of the set: a word or two-word phrase, lower case, "
               "singular when the corpus has both numbers (plural and possessive uses count)"),
        Column("outlet", pl.String, "an outlet that uses at least one term of the set"),
        Column("uses", pl.Int64, "uses of the term by the outlet"),
        Column("rate_per_1000", pl.Float64, "uses per 1,000 words of the outlet's text"),
        Column("share_in_set", pl.Float64, "uses of the term over the outlet's uses of all the "
               "set's terms (0-1)"),
        Column("set_name", pl.String, "the set's terms joined by ' / ', most used first"),
        Column("set_score", pl.Float64, "similarity x divergence x evidence (0-1): how "
               "strongly the outlets diverge in naming one thing, and how sure that is"),
        Column("similarity", pl.Float64, "mean cosine between the context vectors of the "
               "term and the set's other terms (-1 to 1)"),
        Column("divergence", pl.Float64, "Cramér's V (bias-corrected) of the set's terms x "
               "outlets table of uses: 0 every outlet splits its uses alike, 1 each outlet "
               "uses one term only"),
        Column("term_uses", pl.Int64, "uses of the term in the whole corpus"),
        Column("plural", pl.Boolean, "true when plural uses were counted with the singular "
               "(the draft lexicon then inflects the term as a noun)"),
        Column("set_similarity", pl.Float64, "mean cosine between the context vectors of "
               "each two terms of the set (-1 to 1)"),
    ),
)


@dataclass(frozen=True)
class DiscoveredSet:
    """One contrast set: its rank, its terms (most used first) and its scores."""

    rank: int
    terms: tuple[str, ...]
    plural: tuple[bool, ...]
    score: float
    similarity: float
    divergence: float

    @property
    def name(self) -> str:
        """The terms joined by ' / '."""
        return " / ".join(self.terms)

    @property
    def code(self) -> str:
        """A lexicon category name for the set: discovered_01_regime_government."""
        words = re.sub(r"[^a-z0-9]+", "_", "_".join(self.terms[:3]).lower()).strip("_")
        return f"discovered_{self.rank:02d}_{words[:48].rstrip('_')}"


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover_contrasts` found: the ranked ``sets`` and the ``contrasts`` table
    (``CONTRASTS``) of their terms' uses per outlet."""

    sets: list[DiscoveredSet]
    contrasts: pl.DataFrame


def discover_contrasts(
    articles: pl.DataFrame,
    *,
    top: int = DEFAULT_TOP,
    min_uses: int = 5,
    seed: int = 0,
    lexicon=None,
) -> Discovery:
    """Contested labels found in ``articles`` (ARTICLES: ``outlet``, ``clean_text``) alone.

    Returns the ``top`` sets of words or phrases that outlets use in the same contexts but
    in different proportions, best first (see :mod:`analysis.discover`). Candidates are used
    at least ``min_uses`` times; ``seed`` fixes the SVD, so a corpus always gives the same
    sets. With ``lexicon`` (a :class:`analysis.lexicon.Lexicon`), sets whose every term is
    already a term of it are left out. Needs two outlets or more (else no set is found).
    """
    if top < 1 or min_uses < 2:
        raise FramelensError(f"discover: top must be at least 1 and min_uses at least 2; got "
                             f"{top} and {min_uses}")
    if articles.is_empty():
        return Discovery([], CONTRASTS.empty())
    space = term_space(articles, min_uses=min_uses, seed=seed)
    found = find_sets(space)
    if lexicon is not None:
        found = [item for item in found if not _known(item, space, lexicon)]
    kept = found[:top]
    sets = [_described(rank, item, space) for rank, item in enumerate(kept, start=1)]
    return Discovery(sets, _table(sets, kept, space))


def sets_of(contrasts: pl.DataFrame) -> list[DiscoveredSet]:
    """The sets of a CONTRASTS table, by rank, each with its terms in the table's order (most
    used first): what :func:`discover_contrasts` returned with it."""
    found = []
    for (rank,), rows in contrasts.group_by("set", maintain_order=True):
        terms = rows.unique("term", maintain_order=True)
        first = terms.row(0, named=True)
        found.append(DiscoveredSet(
            int(rank), tuple(terms["term"]), tuple(terms["plural"]), first["set_score"],
            first["set_similarity"], first["divergence"]))
    return sorted(found, key=lambda item: item.rank)


def _known(item: ContrastSetFound, space: TermSpace, lexicon) -> bool:
    """True when every term of the set is a term (or a form of one) of ``lexicon``."""
    return all(lexicon.find_term(space.terms[row]) is not None for row in item.members)


def _order(item: ContrastSetFound, space: TermSpace) -> list[int]:
    """The set's rows, most used first (ties: by term)."""
    return sorted(item.members, key=lambda row: (-int(space.counts[row].sum()), space.terms[row]))


def _described(rank: int, item: ContrastSetFound, space: TermSpace) -> DiscoveredSet:
    rows = _order(item, space)
    return DiscoveredSet(
        rank,
        tuple(space.terms[row] for row in rows),
        tuple(bool(space.plural[row]) for row in rows),
        item.score,
        item.similarity,
        item.divergence,
    )


def _table(sets: list[DiscoveredSet], found: list[ContrastSetFound],
           space: TermSpace) -> pl.DataFrame:
    rows = []
    for described, item in zip(sets, found, strict=True):
        members = _order(item, space)
        rows_array = np.array(members)
        similarity = space.similarity(rows_array, rows_array)
        set_uses = space.counts[members].sum(axis=0)
        for position, row in enumerate(members):
            others = [similarity[position, n] for n in range(len(members)) if n != position]
            for outlet_index, outlet in enumerate(space.outlets):
                if set_uses[outlet_index] == 0:
                    continue
                uses = int(space.counts[row, outlet_index])
                words = int(space.outlet_words[outlet_index])
                rows.append((
                    described.rank, space.terms[row], outlet, uses,
                    1000.0 * uses / words if words else float("nan"),
                    uses / float(set_uses[outlet_index]), described.name, described.score,
                    float(np.mean(others)), described.divergence,
                    int(space.counts[row].sum()), bool(space.plural[row]),
                    described.similarity,
                ))
    return pl.DataFrame(rows, schema=CONTRASTS.polars_schema(), orient="row")
