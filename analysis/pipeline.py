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

from analysis.attribution import (
    Gazetteer,
    find_attributions,
    load_gazetteer,
    summarise_attributions,
)
from analysis.clean import CleanedCorpus, clean_articles, split_sentences
from analysis.corpus import ColumnNames, load_corpus
from analysis.errors import FramelensError, InputWarning
from analysis.lexicon import (
    Lexicon,
    attach_speakers,
    concordance,
    framing_rates,
    load_lexicon,
    match_terms,
    term_differences,
)
from analysis.quotes import find_quotes
from analysis.terms import (
    article_similarity,
    collocates,
    distinctive_terms,
    outlet_similarity,
    outlet_term_counts,
)


@dataclass
class Options:
    """What the user chose; every field has the command line's default."""

    manifest: Path | None = None
    columns: ColumnNames = field(default_factory=ColumnNames)
    outlets: list[str] | None = None
    top: int = 15
    lexicon: Path | None = None
    extend_lexicon: bool = False
    gazetteer: Path | None = None
    extend_gazetteer: bool = False


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
    ARTICLES), ``sentences``, ``removed`` and ``duplicates`` (analysis.clean), ``quotes``
    (analysis.quotes), ``hits``, ``rates``, ``differences``, ``concordance``
    (analysis.lexicon), ``distinctive``, ``collocates``, ``similarity``,
    ``outlet_similarity`` (analysis.terms), ``attributions`` and the tables of
    ``attribution_summary`` (analysis.attribution).
    """

    corpus: Path
    name: str
    options: Options
    articles: pl.DataFrame
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    sentences: pl.DataFrame
    warnings: list[InputWarning]
    lexicon: Lexicon
    gazetteer: Gazetteer
    quotes: pl.DataFrame
    hits: pl.DataFrame
    rates: pl.DataFrame
    differences: pl.DataFrame
    concordance: pl.DataFrame
    attributions: pl.DataFrame
    attribution_summary: dict[str, pl.DataFrame]
    distinctive: pl.DataFrame
    collocates: pl.DataFrame
    similarity: pl.DataFrame
    outlet_similarity: pl.DataFrame
    timings: dict[str, float]

    @property
    def outlets(self) -> list[str]:
        """Outlets in report order: the user's --outlets order, else by name."""
        present = self.articles["outlet"].unique().to_list()
        if self.options.outlets:
            return [outlet for outlet in self.options.outlets if outlet in present]
        return sorted(present, key=str.casefold)

    def write_report(self, out: Path | str, *, format: str = "md", svg: bool = False) -> Path:
        """Write report.md (and report.html with format='html'), charts and data files under
        ``out``, atomically; returns the report's path."""
        from analysis.report import write_report

        return write_report(self, Path(out), format=format, svg=svg)


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
    tracker.stage("finding quotations and attributions")
    quotes = find_quotes(articles)
    gazetteer = load_gazetteer(options.gazetteer, extend=options.extend_gazetteer)
    attributions = find_attributions(articles, sentences, quotes, gazetteer)
    tracker.stage("matching the framing lexicon")
    lexicon = load_lexicon(options.lexicon, extend=options.extend_lexicon)
    hits = attach_speakers(match_terms(articles, sentences, quotes, lexicon), attributions)
    tracker.stage("counting terms", f"{hits.height} framing hits")
    rates = framing_rates(hits, articles, lexicon, quotes)
    differences = term_differences(hits, articles, lexicon)
    lines = concordance(hits, articles)
    summary = summarise_attributions(attributions, articles, quotes)
    tracker.stage("scoring distinctive vocabulary")
    counts = outlet_term_counts(articles, min_total_count=2)
    distinctive = distinctive_terms(articles, top=options.top, counts=counts)
    neighbours = collocates(articles, hits, counts=counts)
    tracker.stage("comparing articles for copies")
    similarity = article_similarity(articles, sentences)
    outlets_alike = outlet_similarity(articles, counts=counts)
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
        lexicon=lexicon,
        gazetteer=gazetteer,
        quotes=quotes,
        hits=hits,
        rates=rates,
        differences=differences,
        concordance=lines,
        attributions=attributions,
        attribution_summary=summary,
        distinctive=distinctive,
        collocates=neighbours,
        similarity=similarity,
        outlet_similarity=outlets_alike,
        timings=tracker.timings,
    )
