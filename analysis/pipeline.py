"""The whole pipeline in one call, for the command line and for notebooks.

    >>> import analysis.pipeline as fl
    >>> result = fl.analyse("seeds")          # an Analysis: polars tables and figures
    >>> result.articles, result.rates          # inspect in a notebook
    >>> result.write_report("reports/seeds")  # the same report as `framelens report seeds`

Stages run one way: load -> clean -> sentences -> features -> statistics -> outputs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analysis.clean import CleanedCorpus, clean_articles, split_sentences
from analysis.corpus import ColumnNames, load_corpus
from analysis.errors import FramelensError, InputWarning


@dataclass
class Options:
    """What the user chose; every field has the command line's default."""

    manifest: Path | None = None
    columns: ColumnNames = field(default_factory=ColumnNames)
    outlets: list[str] | None = None
    top: int = 15


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

    def _finish(self) -> None:
        if self._stage is not None and self._started is not None:
            self.timings[self._stage] = time.perf_counter() - self._started
        self._stage = None

    def done(self) -> None:
        self._finish()


@dataclass
class Analysis:
    """Everything framelens computed for one corpus, as polars tables.

    Table schemas are documented where they are produced: ``articles`` (analysis.corpus
    ARTICLES), ``sentences`` (analysis.clean SENTENCES), ``removed`` and ``duplicates``
    (analysis.clean).
    """

    corpus: Path
    name: str
    options: Options
    articles: pl.DataFrame
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    sentences: pl.DataFrame
    warnings: list[InputWarning]
    timings: dict[str, float]

    @property
    def outlets(self) -> list[str]:
        """Outlets in report order: the user's --outlets order, else by name."""
        present = self.articles["outlet"].unique().to_list()
        if self.options.outlets:
            return [outlet for outlet in self.options.outlets if outlet in present]
        return sorted(present, key=str.casefold)

    def write_report(self, out: Path | str, *, format: str = "md") -> Path:
        """Write report.md (or report.html) and data files under ``out``; returns the report."""
        from analysis.report import write_report

        return write_report(self, Path(out), format=format)


def select_outlets(cleaned: CleanedCorpus, outlets: list[str] | None) -> CleanedCorpus:
    """Keep only the chosen outlets (error naming the ones that are not in the corpus)."""
    if not outlets:
        return cleaned
    present = set(cleaned.articles["outlet"].unique().to_list())
    missing = [outlet for outlet in outlets if outlet not in present]
    if missing:
        raise FramelensError(f"--outlets: not in the corpus: {', '.join(missing)}; outlets are: "
                             f"{', '.join(sorted(present, key=str.casefold))}")
    keep = pl.col("outlet").is_in(outlets)
    articles = cleaned.articles.filter(keep)
    ids = articles["id"]
    return CleanedCorpus(
        articles,
        cleaned.removed.filter(pl.col("id").is_in(ids.implode())),
        cleaned.duplicates.filter(keep),
        cleaned.warnings,
        cleaned.name,
    )


def prepare(
    corpus: Path | str,
    options: Options | None = None,
    progress: Progress | None = None,
) -> CleanedCorpus:
    """Load and clean a corpus (the first stages of :func:`analyse`)."""
    options = options or Options()
    progress = progress or Progress(enabled=False)
    progress.stage("loading", str(corpus))
    loaded = load_corpus(corpus, manifest=options.manifest, columns=options.columns)
    progress.stage("cleaning", f"{loaded.articles.height} articles")
    cleaned = clean_articles(loaded)
    if cleaned.articles.is_empty():
        raise FramelensError(f"{corpus}: no article has any text left after cleaning")
    return select_outlets(cleaned, options.outlets)


def analyse(
    corpus: Path | str,
    options: Options | None = None,
    *,
    progress: Progress | Callable[[], Progress] | None = None,
) -> Analysis:
    """Run every stage on a corpus folder or table file and return the tables."""
    options = options or Options()
    tracker = progress if isinstance(progress, Progress) else Progress(enabled=False)
    cleaned = prepare(corpus, options, tracker)
    articles = cleaned.articles
    tracker.stage("splitting sentences", f"{articles.height} articles")
    sentences = split_sentences(articles)
    tracker.done()
    return Analysis(
        corpus=Path(corpus),
        name=cleaned.name,
        options=options,
        articles=articles,
        removed=cleaned.removed,
        duplicates=cleaned.duplicates,
        sentences=sentences,
        warnings=cleaned.warnings,
        timings=tracker.timings,
    )
