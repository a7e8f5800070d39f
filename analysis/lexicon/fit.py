"""Choosing the lexicon packs that fit a corpus, from its clean texts alone.

The rule: ``general`` (every pack with ``always = true``) is always used; a topic pack is used
when at least :data:`MIN_ANCHOR_SHARE` of the articles mention one of its anchor words (whole
words, any case, plurals counted), unless a pack already chosen ``covers`` it. Chosen topic
packs come first, by name, and the ``always`` packs last, so that where two packs count the same
word the topic pack keeps it (see :func:`analysis.lexicon.loading.load_combined`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.lexicon.compiled import Matcher
from analysis.lexicon.defaults import MIN_ANCHOR_SHARE
from analysis.lexicon.forms import generated_forms
from analysis.lexicon.model import Category, Term
from analysis.lexicon.packs import Pack, RequestedLexicon, list_packs, resolve_lexicon
from analysis.schema import Column, Schema

PACK_FIT = Schema(
    "pack_fit",
    (
        Column("pack", pl.String, "name of a packaged lexicon pack"),
        Column("version", pl.String, "the pack's version"),
        Column("terms", pl.Int64, "canonical terms in the pack"),
        Column("articles_with_anchor", pl.Int64, "articles mentioning one of its anchor words"),
        Column("share", pl.Float64, "articles_with_anchor / articles (0 to 1)"),
        Column("used", pl.Boolean, "true when the pack is part of the lexicon of the run"),
        Column("reason", pl.String, "why the pack is used or left out, in words"),
    ),
)


@dataclass(frozen=True)
class LexiconChoice:
    """What to load for a run: packs or files combined in order, then files merged into them,
    and the PACK_FIT table that says why."""

    files: tuple[Path, ...]
    extensions: tuple[Path, ...]
    fit: pl.DataFrame


def anchor_articles(texts: Iterable[str], packs: Sequence[Pack]) -> dict[str, int]:
    """How many of ``texts`` mention an anchor word of each pack (packs without anchors: 0)."""
    categories = []
    for pack in packs:
        if not pack.anchors:
            continue
        terms = tuple(
            Term(anchor, pack.name, tuple(generated_forms(anchor, "noun")))
            for anchor in pack.anchors
        )
        categories.append(Category(pack.name, pack.name, "", terms))
    counts = {pack.name: 0 for pack in packs}
    if not categories:
        return counts
    matcher = Matcher(categories)
    for text in texts:
        for name in {category for category, *_ in matcher.find(text or "")}:
            counts[name] += 1
    return counts


def fit_packs(
    texts: Sequence[str],
    packs: Sequence[Pack] | None = None,
    min_share: float = MIN_ANCHOR_SHARE,
) -> pl.DataFrame:
    """Which packs fit the articles ``texts`` (their clean texts), as a PACK_FIT table with a
    row per pack: chosen topic packs by name, then the packs used always, then those left
    out by name. The same texts always give the same table."""
    packs = list_packs() if packs is None else list(packs)
    total = len(texts)
    found = anchor_articles(texts, packs)
    share = {name: (count / total if total else 0.0) for name, count in found.items()}
    threshold = f"{min_share:.0%}"
    used: dict[str, str] = {}
    left_out: dict[str, str] = {}
    passing = {
        pack.name for pack in packs if not pack.always and total and share[pack.name] >= min_share
    }
    for pack in packs:
        if pack.always:
            used[pack.name] = "used for every corpus"
            continue
        coverer = next((p.name for p in packs if p.name in passing and pack.name in p.covers), None)
        mentioned = f"{found[pack.name]} of {total} articles ({share[pack.name]:.0%}) mention "
        mentioned += f"an anchor word ({', '.join(pack.anchors[:4])}, ...)"
        if pack.name not in passing:
            left_out[pack.name] = f"{mentioned}, under the {threshold} needed"
        elif coverer is not None:
            left_out[pack.name] = f"{mentioned}, but {coverer} covers its topic"
        else:
            used[pack.name] = f"{mentioned}, at least the {threshold} needed"
    by_name = {pack.name: pack for pack in packs}
    always = [name for name in used if by_name[name].always]
    order = sorted(set(used) - set(always)) + sorted(always) + sorted(left_out)
    rows = [
        (
            name,
            by_name[name].version,
            by_name[name].terms,
            found[name],
            share[name],
            name in used,
            used.get(name) or left_out[name],
        )
        for name in order
    ]
    return pl.DataFrame(rows, schema=PACK_FIT.polars_schema(), orient="row")


def choose_lexicon(
    request: str | Path | Sequence[str | Path] | None,
    texts: Sequence[str],
    *,
    extend: bool = False,
) -> LexiconChoice:
    """The lexicon of a run on the articles ``texts``.

    With no request, the packs :func:`fit_packs` chooses. With a request (pack names and
    files, see :func:`analysis.lexicon.packs.resolve_lexicon`), exactly those, combined in
    the order given; with ``extend``, the request is added to what fit chooses: its packs
    after fit's, its files merged into the combination (a category of the same name gains
    their terms). The fit table is computed in every case; its ``used`` column says which
    packs the run uses.
    """
    requested: RequestedLexicon = resolve_lexicon(request)
    fit = fit_packs(texts)
    if request is None or not requested.names or extend:
        chosen = fit.filter(pl.col("used"))["pack"].to_list()
        fitted = tuple(pack.path for name in chosen for pack in list_packs() if pack.name == name)
        packs = tuple(dict.fromkeys(fitted + requested.packs))
        return LexiconChoice(packs, requested.files, _mark_used(fit, packs, "added by --lexicon"))
    files = _in_order(requested)
    return LexiconChoice(files, (), _mark_used(fit, requested.packs, "named by --lexicon"))


def _in_order(requested: RequestedLexicon) -> tuple[Path, ...]:
    """Packs and files in the order the user named them."""
    by_text = {str(path): path for path in requested.files}
    by_stem = {path.stem: path for path in requested.packs}
    ordered = [by_text.get(name) or by_stem.get(name) for name in requested.names]
    return tuple(dict.fromkeys(path for path in ordered if path is not None))


def _mark_used(fit: pl.DataFrame, packs: tuple[Path, ...], reason: str) -> pl.DataFrame:
    """The fit table with ``used`` set for exactly ``packs`` (reasons kept, or ``reason``
    for a pack fit left out that the user asked for; fit's choice noted when not asked)."""
    wanted = [path.stem for path in packs]
    rows = []
    for row in fit.iter_rows(named=True):
        if row["pack"] in wanted and not row["used"]:
            row["reason"] = f"{reason} ({row['reason']})"
        elif row["used"] and row["pack"] not in wanted:
            row["reason"] = f"not named by --lexicon ({row['reason']})"
        row["used"] = row["pack"] in wanted
        rows.append(row)
    table = pl.DataFrame(rows, schema=PACK_FIT.polars_schema(), orient="row")
    position = {name: index for index, name in enumerate(wanted)}
    return table.sort(
        pl.col("pack").replace_strict(position, default=len(wanted), return_dtype=pl.Int64),
        maintain_order=True,
    )
