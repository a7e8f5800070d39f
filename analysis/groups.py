"""Which outlets a report compares: groups of outlets, and small outlets pooled.

A corpus with hundreds of outlets cannot be read outlet by outlet. Two things make it
readable, and neither changes the data files, which keep every outlet:

* **groups**: each outlet belongs to one group, from a column of the table or manifest
  (``--group-by allsides_bias``) or from a groups file (``--groups groups.toml``); the report
  then compares the groups.
* **pooling**: the report shows at most ``max_shown`` outlets (or groups), the largest by
  words, each with at least ``min_words`` words; the others are shown together as one pool,
  "other outlets (N)".

The result is the ``UNITS`` table: one row per outlet, saying which group it is in and under
which name the report shows it (its ``unit``).

A groups file::

    # Each [groups.NAME] table is one group, in the order the report shows them.
    [groups.state]
    description = "Funded and run by a state"
    outlets = ["RT", "Press TV", "SANA"]

    [groups.independent]
    description = "Privately owned"
    outlets = ["Reuters", "Al-Araby Al-Jadeed"]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError, InputWarning
from analysis.schema import Column, Schema
from analysis.tomlfile import SourceLines, read_toml

DEFAULT_MIN_WORDS = 5_000
"""Outlets (or groups) with fewer words than this are pooled when enough others are shown."""
DEFAULT_MAX_SHOWN = 12
"""The report shows at most this many outlets (or groups) by name; the rest are pooled."""
UNGROUPED = "ungrouped"
"""The group of outlets that the groups file does not list or whose group column is empty."""

UNITS = Schema(
    "units",
    (
        Column("outlet", pl.String, "outlet"),
        Column("group", pl.String, "the outlet's group (null when the report is not grouped)"),
        Column("unit", pl.String, "what the report shows the outlet as: the outlet, its "
               "group, or a pool such as 'other outlets (57)'"),
        Column("articles", pl.Int64, "articles of the outlet"),
        Column("words", pl.Int64, "words of the outlet's articles"),
        Column("pooled", pl.Boolean, "true when the outlet (or its group) is in a pool"),
    ),
)


@dataclass(frozen=True)
class Group:
    """One group of a groups file: its name, what it is, and its outlets in file order."""

    name: str
    description: str
    outlets: tuple[str, ...]


def read_groups_file(path: Path | str) -> list[Group]:
    """Read and check a groups TOML file (module docstring); problems raise FramelensError
    naming the file and line."""
    path = Path(path)
    data, text = read_toml(path)
    lines = SourceLines(text)
    unknown = sorted(set(data) - {"groups"})
    if unknown:
        where = lines.header(unknown[0]) or lines.key(unknown[0], 1)
        raise FramelensError(f"{path}:{where}: unknown key {unknown[0]!r}; a groups file has "
                             "only [groups.NAME] tables")
    tables = data.get("groups")
    if not isinstance(tables, dict) or not tables:
        raise FramelensError(f"{path}:1: no groups; write one [groups.NAME] table per group, "
                             "with outlets = [...]")
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for name, table in tables.items():
        where = lines.header("groups", name) or 1
        if not isinstance(table, dict):
            raise FramelensError(f"{path}:{where}: groups.{name} must be a table with "
                                 "outlets = [...]")
        extra = sorted(set(table) - {"description", "outlets"})
        if extra:
            raise FramelensError(f"{path}:{lines.key(extra[0], where)}: groups.{name}: unknown "
                                 f"key {extra[0]!r} (use description and outlets)")
        description = table.get("description", "")
        if not isinstance(description, str):
            raise FramelensError(f"{path}:{lines.key('description', where)}: groups.{name}: "
                                 "description must be text")
        outlets = table.get("outlets")
        if not isinstance(outlets, list) or not outlets:
            raise FramelensError(f"{path}:{lines.key('outlets', where)}: groups.{name}: "
                                 "outlets must be a non-empty list of outlet names")
        for outlet in outlets:
            if not isinstance(outlet, str) or not outlet.strip():
                raise FramelensError(f"{path}:{lines.key('outlets', where)}: groups.{name}: "
                                     f"every outlet must be a non-empty name, not {outlet!r}")
            line = lines.string(outlet, where)
            if outlet in seen:
                raise FramelensError(f"{path}:{line}: outlet {outlet!r} is in two groups, "
                                     f"{seen[outlet]!r} and {name!r}; keep it in one")
            seen[outlet] = name
        if name == UNGROUPED:
            raise FramelensError(f"{path}:{where}: {UNGROUPED!r} is the name framelens gives "
                                 "to outlets no group lists; choose another name")
        groups.append(Group(name, description, tuple(outlets)))
    return groups


def groups_from_file(
    catalogue: pl.DataFrame, groups: list[Group], source: str
) -> tuple[dict[str, str], list[InputWarning]]:
    """Each outlet of ``catalogue`` mapped to its group in ``groups``; outlets the file does
    not list go to ``UNGROUPED`` with one warning naming them (and the file, ``source``), as
    do outlets listed but absent from the corpus."""
    present = sorted(catalogue["outlet"].unique().to_list(), key=str.casefold)
    listed = {outlet: group.name for group in groups for outlet in group.outlets}
    mapping = {outlet: listed.get(outlet, UNGROUPED) for outlet in present}
    warnings = []
    unlisted = [outlet for outlet in present if outlet not in listed]
    if unlisted:
        warnings.append(InputWarning(source, f"{len(unlisted)} outlet(s) in no group, shown "
                                     f"as {UNGROUPED!r}: {_some(unlisted)}"))
    absent = [outlet for outlet in listed if outlet not in mapping]
    if absent:
        warnings.append(InputWarning(source, f"{len(absent)} outlet(s) of the groups file are "
                                     f"not in the corpus: {_some(absent)}"))
    return mapping, warnings


def groups_from_column(
    catalogue: pl.DataFrame, column: str
) -> tuple[dict[str, str], list[InputWarning]]:
    """Each outlet mapped to its group from the articles' ``group`` column (the values of the
    corpus column ``column``). An outlet whose articles disagree takes its most common value
    (ties: the first by name), with a warning; empty values count as ``UNGROUPED``, with a
    warning saying how many articles have none."""
    values = catalogue.select(
        "outlet",
        group=pl.col("group").cast(pl.String).str.strip_chars()
        .replace("", None).fill_null(UNGROUPED),
    )
    warnings = []
    empty = values.filter(pl.col("group") == UNGROUPED).height
    if empty:
        warnings.append(InputWarning(f"column {column}", f"{empty} article(s) have no value; "
                                     f"their outlets are grouped as {UNGROUPED!r}"))
    tally = values.group_by("outlet", "group").len().sort(
        ["outlet", "len", "group"], descending=[False, True, False])
    mapping: dict[str, str] = {}
    mixed = []
    for outlet, group, _ in tally.iter_rows():
        if outlet in mapping:
            if outlet not in mixed:
                mixed.append(outlet)
            continue
        mapping[outlet] = group
    if mixed:
        warnings.append(InputWarning(f"column {column}", f"{len(mixed)} outlet(s) have several "
                                     "values; each is grouped by its most common value: "
                                     f"{_some(mixed)}"))
    return mapping, warnings


def _some(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def pool_label(count: int, grouped: bool) -> str:
    """The name of a pool of ``count`` outlets (or groups)."""
    return f"other {'groups' if grouped else 'outlets'} ({count})"


def report_units(
    catalogue: pl.DataFrame,
    groups: dict[str, str] | None = None,
    *,
    min_words: int = DEFAULT_MIN_WORDS,
    max_shown: int = DEFAULT_MAX_SHOWN,
    order: list[str] | None = None,
) -> pl.DataFrame:
    """The ``UNITS`` table: which unit the report shows each outlet as.

    Without ``groups`` the units are outlets, with them (outlet -> group) groups. A unit is
    shown by name when it is among the ``max_shown`` largest by words and has at least
    ``min_words`` words; the others form one pool. Where fewer than two units have
    ``min_words``, the ``max_shown`` largest are shown however small; a pool of a single
    unit is not made (that unit is shown by name). ``order`` lists units in the order the
    report should show them (default: by words, largest first); the pool comes last.
    """
    per_outlet = catalogue.group_by("outlet").agg(
        articles=pl.len().cast(pl.Int64), words=pl.col("words").sum().cast(pl.Int64))
    grouped = groups is not None
    per_outlet = per_outlet.with_columns(
        group=pl.col("outlet").replace_strict(groups, default=UNGROUPED, return_dtype=pl.String)
        if grouped else pl.lit(None, dtype=pl.String))
    key = "group" if grouped else "outlet"
    sizes = (per_outlet.group_by(key).agg(pl.col("words").sum())
             .sort(["words", key], descending=[True, False]))
    large = sizes.filter(pl.col("words") >= min_words)[key].to_list()[:max_shown]
    if len(large) < 2:  # too few large enough to compare: the largest, however small
        large = sizes[key].to_list()[:max_shown]
    pooled = [name for name in sizes[key].to_list() if name not in set(large)]
    if len(pooled) < 2:
        pooled = []
    shown_names = [name for name in sizes[key].to_list() if name not in set(pooled)]
    label = pool_label(len(pooled), grouped)
    in_pool = set(pooled)
    units = per_outlet.with_columns(
        unit=pl.when(pl.col(key).is_in(list(in_pool))).then(pl.lit(label))
        .otherwise(pl.col(key)),
        pooled=pl.col(key).is_in(list(in_pool)),
    )
    rank = {name: index for index, name in enumerate(order or shown_names)}
    rank.setdefault(label, len(rank) + 1)
    units = units.with_columns(
        rank=pl.col("unit").replace_strict(rank, default=len(rank), return_dtype=pl.Int64))
    return units.sort(["rank", "unit", "words", "outlet"],
                      descending=[False, False, True, False]).select(UNITS.names)


def unit_order(units: pl.DataFrame) -> list[str]:
    """The units of a ``UNITS`` table in report order (each once)."""
    return units["unit"].unique(maintain_order=True).to_list()


def is_identity(units: pl.DataFrame) -> bool:
    """True when every unit is its outlet: the report shows the outlets as they are."""
    return bool((units["unit"] == units["outlet"]).all()) and units["group"].is_null().all()
