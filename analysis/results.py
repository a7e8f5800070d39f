"""What a run is asked to do and what it returns: :class:`Options`, :class:`Progress` and
:class:`Analysis`, the tables every later stage (the report, a notebook) reads."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from analysis.attribution import Gazetteer
from analysis.compare import Relabeled, ShownTables, relabel, unit_names
from analysis.corpus import ARTICLES, ColumnNames
from analysis.errors import FramelensError, InputWarning
from analysis.events import EVENTS, TRENDS
from analysis.groups import (
    DEFAULT_MAX_SHOWN,
    DEFAULT_MIN_WORDS,
    is_identity,
    report_units,
    unit_order,
)
from analysis.lexicon import Lexicon
from analysis.parallel import DEFAULT_BATCH_ROWS
from analysis.stored import StoredTable, TemporaryFolder


@dataclass
class Options:
    """What the user chose; every field has the command line's default."""

    manifest: Path | None = None
    columns: ColumnNames = field(default_factory=ColumnNames)
    outlets: list[str] | None = None
    top: int = 15
    lexicon: list[str | Path] | str | Path | None = None
    """Lexicon packs and files, combined in order (``["general", "immigration"]``, or a
    comma-separated string); None lets framelens choose the packs that fit the corpus
    (analysis.lexicon.fit)."""
    extend_lexicon: bool = False
    """True adds ``lexicon`` to the packs framelens chooses instead of replacing them."""
    gazetteer: Path | None = None
    extend_gazetteer: bool = False
    workers: int | None = 1
    """Processes for per-article stages: 1 runs in this process, None uses every core (the
    command line's default). Worker processes are spawned, so a script that asks for more
    than one must call analyse() under ``if __name__ == "__main__":``."""
    batch_rows: int = DEFAULT_BATCH_ROWS
    """Articles per batch; results do not depend on it."""
    scheduler: str | None = None
    """The address of a running Dask scheduler to run the per-article stages on (default: the
    FRAMELENS_SCHEDULER environment variable, else a local cluster of ``workers``); results do
    not depend on it."""
    judgements: Path | None = None
    """A judgements file (``framelens lexicon sample``, marked y / n): the report then gives
    each judged term's precision (analysis.validation)."""
    group_by: str | None = None
    """A column of the table or manifest whose value groups the outlets (analysis.groups)."""
    groups: Path | None = None
    """A groups TOML file (analysis.groups); not with ``group_by``."""
    min_words: int = DEFAULT_MIN_WORDS
    """Outlets (or groups) with fewer words are pooled in the report's tables and charts."""
    max_outlets: int = DEFAULT_MAX_SHOWN
    """The report shows at most this many outlets (or groups) by name and pools the rest."""
    period: str | None = None
    """Framing trends per "week", "month" or "quarter"; None (or "auto") chooses from the
    span of the dates (analysis.events.choose_period)."""


class Progress:
    """Stage-by-stage progress on standard error, shown only on a terminal."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.timings: dict[str, float] = {}
        self._started: float | None = None
        self._stage: str | None = None

    def stage(self, name: str, detail: str = "") -> None:
        self._finish()
        self._stage, self._started = name, time.perf_counter()
        if self.enabled:
            print(f"framelens: {name}{' ' + detail if detail else ''} ...", file=sys.stderr)

    def note(self, message: str) -> None:
        """A line of information under the current stage (shown only when enabled)."""
        if self.enabled:
            print(f"framelens: {message}", file=sys.stderr)

    def batch(self, finished: int, total: int) -> None:
        """"batch 3 of 12" under the current stage, rewritten in place as batches finish: only
        on a terminal, and only for stages of two or more batches."""
        if self.enabled and total > 1 and sys.stderr.isatty():
            end = "\n" if finished >= total else ""
            print(f"\rframelens:   batch {finished} of {total}", end=end, file=sys.stderr,
                  flush=True)

    def _finish(self) -> None:
        if self._stage is not None and self._started is not None:
            self.timings[self._stage] = time.perf_counter() - self._started
        self._stage = None

    def done(self) -> None:
        self._finish()


def _no_contrasts() -> pl.DataFrame:
    # Imported here: discovery's modules (scikit-learn) load only when a run needs them.
    from analysis.discover import CONTRASTS

    return CONTRASTS.empty()


def _stored(name: str, meaning: str) -> property:
    """A property of :class:`Analysis` that reads one of its stored tables."""

    def read(self: Analysis) -> pl.DataFrame:
        return self.stored[name].read()

    read.__doc__ = f"{meaning}, read from its file each time it is asked for."
    return property(read)


@dataclass
class Analysis:
    """Everything framelens computed for one corpus, as polars tables.

    Table schemas are documented where they are produced: ``articles`` (analysis.corpus
    ARTICLES without ``raw_text``, which is dropped after cleaning, in id order;
    :func:`prepare` keeps both the text and the corpus's order), ``sentences``, ``removed``
    and ``duplicates`` (analysis.clean), ``quotes`` (analysis.quotes), ``hits``, ``rates``,
    ``differences``, ``concordance`` (analysis.lexicon), ``distinctive``, ``collocates``,
    ``similarity``, ``outlet_similarity`` (analysis.terms), ``attributions`` and the tables
    of ``attribution_summary`` (analysis.attribution).

    The articles' texts and the five tables with a row per sentence, quotation, hit or
    attribution (``sentences``, ``quotes``, ``hits``, ``concordance``, ``attributions``) are
    the largest by far; they wait in files (``stored``, in ``folder``, a temporary folder
    removed with this object) and each is read whole every time it is asked for (``articles``
    joins the texts to ``catalogue``): keep it in a variable to use it twice.
    """

    corpus: Path
    name: str
    options: Options
    catalogue: pl.DataFrame
    """``articles`` without ``clean_text``: everything known about each article but its text,
    held in memory."""
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    warnings: list[InputWarning]
    lexicon: Lexicon
    gazetteer: Gazetteer
    lexicon_fit: pl.DataFrame
    """PACK_FIT (analysis.lexicon.fit): which packs the lexicon is made of, and why."""
    rates: pl.DataFrame
    differences: pl.DataFrame
    attribution_summary: dict[str, pl.DataFrame]
    distinctive: pl.DataFrame
    collocates: pl.DataFrame
    similarity: pl.DataFrame
    outlet_similarity: pl.DataFrame
    timings: dict[str, float]
    stored: dict[str, StoredTable]
    """The stored tables by name (:attr:`STORED`)."""
    folder: TemporaryFolder
    precision: pl.DataFrame | None = None
    """TERM_PRECISION (analysis.validation) when ``options.judgements`` was given."""
    shown: ShownTables | None = None
    """The tables of what the report compares (groups, outlets, pools; analysis.compare)."""
    order: list[str] | None = None
    """Set in the report's view (:meth:`for_report`): the units in report order."""
    events: pl.DataFrame = field(default_factory=EVENTS.empty)
    """EVENTS (analysis.events): each article's event."""
    trends: pl.DataFrame = field(default_factory=TRENDS.empty)
    """TRENDS (analysis.events): framing uses per outlet and period; empty when the dates
    span too little time."""
    trend_period: str | None = None
    """The period of ``trends`` (week, month or quarter), None when there are none."""
    contrasts: pl.DataFrame = field(default_factory=_no_contrasts)
    """CONTRASTS (analysis.discover): contested labels discovered in the corpus, compared
    across the report's units (its groups or pools where it shows them, else the outlets);
    analysis.discover.shown_contrasts."""

    STORED = ("texts", "sentences", "quotes", "hits", "concordance", "attributions")

    sentences = _stored("sentences", "SENTENCES (analysis.clean)")
    quotes = _stored("quotes", "QUOTES (analysis.quotes)")
    hits = _stored("hits", "HITS (analysis.lexicon)")
    concordance = _stored("concordance", "CONCORDANCE (analysis.lexicon)")
    attributions = _stored("attributions", "ATTRIBUTIONS (analysis.attribution)")

    @property
    def articles(self) -> pl.DataFrame:
        """The articles with their ``clean_text``, the texts read from their file each time
        (``catalogue`` has the rest, in memory)."""
        texts = self.stored["texts"].read()
        if not texts["id"].equals(self.catalogue["id"]):
            raise FramelensError("the stored texts do not match the articles")
        order = [name for name in ARTICLES.names if name != "raw_text"]
        return self.catalogue.with_columns(texts["clean_text"]).select(order)

    @property
    def outlets(self) -> list[str]:
        """Outlets in report order: the user's --outlets order, else by name (in the report's
        view, :meth:`for_report`, the units it shows)."""
        if self.order is not None:
            return list(self.order)
        present = self.catalogue["outlet"].unique().to_list()
        if self.options.outlets:
            return [outlet for outlet in self.options.outlets if outlet in present]
        return sorted(present, key=str.casefold)

    @property
    def units(self) -> pl.DataFrame:
        """The UNITS table (analysis.groups): each outlet's group and how the report shows it."""
        if self.shown is None:
            return report_units(self.catalogue, min_words=0, max_shown=10**9)
        return self.shown.units

    def for_report(self) -> Analysis:
        """This analysis as the report shows it: every table by unit (group, outlet or pool)
        in place of outlet, the stored tables relabeled as they are read; pairs of articles
        (``similarity``, ``duplicates``) keep their outlets' own names. Returns itself, with
        the one-against-the-rest tests, when the report shows the outlets as they are."""
        shown = self.shown
        if shown is None:
            return self
        order = unit_order(shown.units)
        if is_identity(shown.units):
            return replace(self, differences=shown.differences, order=self.outlets)
        names = unit_names(shown.units)
        return replace(
            self,
            catalogue=relabel(self.catalogue, names),
            rates=shown.rates,
            differences=shown.differences,
            attribution_summary=shown.attribution_summary,
            distinctive=shown.distinctive,
            collocates=shown.collocates,
            outlet_similarity=shown.outlet_similarity,
            stored={name: Relabeled(table, names) for name, table in self.stored.items()},
            order=order,
        )
