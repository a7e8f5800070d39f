"""The whole pipeline in one call, for the command line and for notebooks.

    >>> import analysis.pipeline as fl
    >>> result = fl.analyse("seeds")          # an Analysis: polars tables and figures
    >>> result.articles, result.rates          # inspect in a notebook
    >>> result.write_report("reports/seeds")  # the same report as `framelens report seeds`

Stages run one way: load -> clean -> sentences -> features -> statistics -> outputs. The
result types live in :mod:`analysis.results`, the first stages (:func:`prepare`) in
:mod:`analysis.preparation`, the per-article stages of one batch in :mod:`analysis.features`;
all are importable from here too.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analysis import results
from analysis.attribution import (
    SUMMARISED,
    summarise_attributions,
    type_stored_across_articles,
)
from analysis.compare import (
    ShownTables,
    attribution_by_unit,
    framing_by_unit,
    unit_names,
    vocabulary_by_unit,
)
from analysis.discover import shown_contrasts
from analysis.errors import InputWarning
from analysis.events import TRENDS, choose_period, find_events, framing_trends
from analysis.features import (
    FEATURE_COLUMNS,
    TERM_MIN_TOTAL,
    ArticleFeatures,
    article_features,
    cached_gazetteer,
    cached_lexicon,
    spec_of_file,
    spec_of_lexicon,
    stored_texts,
)
from analysis.groups import (
    groups_from_column,
    groups_from_file,
    is_identity,
    read_groups_file,
    report_units,
)
from analysis.lexicon import choose_lexicon, framing_rates, term_against_rest, term_differences
from analysis.parallel import BatchRunner, release_freed_memory
from analysis.preparation import check_grouping, prepare, select_outlets
from analysis.results import Options, Progress
from analysis.stored import StoredTable, TemporaryFolder
from analysis.terms import (
    COLLOCATE_HIT_COLUMNS,
    article_similarity,
    collocates,
    comparison_vectors,
    distinctive_terms,
    outlet_similarity,
    outlet_term_counts,
    scratch_folder,
)
from analysis.validation import read_judgements, term_precision

__all__ = [
    "Analysis",
    "ArticleFeatures",
    "Options",
    "Progress",
    "analyse",
    "check_grouping",
    "prepare",
    "select_outlets",
    "shown_units",
]


class Analysis(results.Analysis):
    """Everything framelens computed for one corpus (:class:`analysis.results.Analysis`),
    able to write its report."""

    def write_report(self, out: Path | str, *, format: str = "md", svg: bool = False) -> Path:
        """Write report.md (and report.html with format='html'), charts and data files under
        ``out``, atomically; returns the report's path."""
        from analysis.report import write_report

        return write_report(self, Path(out), format=format, svg=svg)


def shown_units(
    catalogue: pl.DataFrame, options: Options
) -> tuple[pl.DataFrame, list[InputWarning]]:
    """The UNITS table (analysis.groups) for the report, and warnings about the groups."""
    groups, warnings, order = None, [], None
    if options.groups is not None:
        listed = read_groups_file(options.groups)
        groups, warnings = groups_from_file(catalogue, listed, Path(options.groups).name)
        order = [group.name for group in listed]
    elif options.group_by is not None:
        groups, warnings = groups_from_column(catalogue, options.group_by)
        order = sorted(set(groups.values()), key=lambda name: (name == "ungrouped",
                                                                 name.casefold()))
    units = report_units(catalogue, groups, min_words=options.min_words,
                         max_shown=options.max_outlets, order=order)
    return units, warnings


def _without(table: StoredTable, *names: str) -> list[str]:
    """The columns of a stored table but ``names``."""
    return [name for name in table.schema if name not in names]


# Per-article steps appear in Analysis.timings with this suffix: their seconds are summed over
# batches (and so over worker processes), unlike the other stages' wall-clock seconds.
SUMMED = " (summed over batches)"


def analyse(
    corpus: Path | str,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
) -> Analysis:
    """Run every stage on a corpus folder or table file and return the tables."""
    folder = TemporaryFolder()  # the stored tables: removed with the Analysis, or on failure
    try:
        return _analyse(Path(corpus), options or Options(), progress, folder)
    except BaseException:
        folder.remove()
        raise


def _analyse(
    corpus: Path, options: Options, progress: Progress | None, folder: TemporaryFolder
) -> Analysis:
    tracker = progress or Progress(enabled=False)
    # A broken judgements file stops the run before any work is done.
    judged = read_judgements(options.judgements) if options.judgements else None
    # Each batch's vocabulary waits in ``scratch`` until the terms used once are known.
    with scratch_folder() as scratch:
        with BatchRunner(workers=options.workers, batch_rows=options.batch_rows,
                         scheduler=options.scheduler, announce=tracker.note,
                         batch_done=tracker.batch) as runner:
            # The raw pages are not read again after cleaning. In id order, every batch's
            # tables join in the order of a whole table, unsorted.
            cleaned = prepare(corpus, options, tracker, runner, with_raw_text=False)
            articles = cleaned.articles
            if not articles["id"].is_sorted():
                articles = articles.sort("id")
            # The packs that fit are chosen from the clean texts, before any batch is analysed.
            choice = choose_lexicon(options.lexicon, articles["clean_text"].fill_null(""),
                                    extend=options.extend_lexicon)
            # The texts wait in files too, one per batch, each read by the worker that
            # analyses the batch: the later stages need the tables the workers make.
            texts = stored_texts(articles, runner.batch_rows, folder.path)
            names = [name for text in texts for name in [text.files[0]] * text.height]
            articles = articles.drop("clean_text")
            cleaned.articles = articles
            release_freed_memory()  # the raw pages and texts, before the workers' results
            lexicon_spec = spec_of_lexicon(choice)
            gazetteer_spec = spec_of_file(options.gazetteer, options.extend_gazetteer)
            # Load once here: a broken file stops the run before any work goes to workers.
            lexicon = cached_lexicon(*lexicon_spec)
            gazetteer = cached_gazetteer(*gazetteer_spec)
            tracker.stage("finding sentences, quotations, attributions, framing terms and "
                          "vocabulary", f"{articles.height} articles")
            # One analysis of every text per batch, shared by every later stage.
            needed = articles.select(  # what the workers read, and no more
                *(name for name in FEATURE_COLUMNS if name != "clean_text"),
                text_file=pl.Series(names, dtype=pl.Categorical),
            )
            del names
            arguments = (lexicon_spec, gazetteer_spec, scratch, folder.path)
            parts = runner.map(article_features, needed, *arguments) or [
                article_features(needed, *arguments)
            ]
            del needed
        # The workers have stopped (their memory is free) before the batches are joined.
        features = ArticleFeatures.combine(parts, folder.path)
        del parts
    # What the later stages need, so each can be let go as soon as its last stage is done.
    stored = {name: getattr(features, name) for name in Analysis.STORED if name != "texts"}
    stored["attributions"] = type_stored_across_articles(stored["attributions"], folder.path)
    stored["texts"] = StoredTable.join(texts)
    matrix, nearby, keys = features.matrix, features.nearby, features.sentence_keys
    narration = features.narration
    seconds = features.seconds
    del features
    release_freed_memory()  # the batches' counts, joined
    # The term counts are the largest table in memory: the stages that read them go first,
    # and they are let go before the per-row tables are read. The counts per outlet are let
    # go too before the vectors are made, the step that holds the most.
    tracker.stage("scoring distinctive vocabulary")
    tracker.timings.update({step + SUMMED: spent for step, spent in seconds.items()})
    units, group_warnings = shown_units(articles, options)
    cleaned.warnings.extend(group_warnings)
    by_unit = not is_identity(units)
    counts = outlet_term_counts(articles, min_total_count=TERM_MIN_TOTAL, matrix=matrix)
    distinctive = distinctive_terms(articles, top=options.top, counts=counts)
    outlets_alike = outlet_similarity(articles, counts=counts)
    # The stored tables are read when a stage needs them and dropped after it, with only the
    # columns the stage reads (never the sentence text, which only the report shows).
    collocate_hits = stored["hits"].read(list(COLLOCATE_HIT_COLUMNS))
    neighbours = collocates(articles, collocate_hits, counts=counts, nearby=nearby)
    del counts
    if by_unit:  # the report's groups or pools: the same tables again, per unit
        vocabulary = vocabulary_by_unit(units, articles, collocate_hits, matrix=matrix,
                                        nearby=nearby, top=options.top,
                                        min_total_count=TERM_MIN_TOTAL)
    else:
        vocabulary = (distinctive, neighbours, outlets_alike)
    del nearby, collocate_hits
    release_freed_memory()
    tracker.stage("comparing articles for copies")
    # The vectors replace the term counts, which are let go before the vectors are indexed.
    vectors = comparison_vectors(matrix, articles)
    del matrix
    release_freed_memory()
    similarity = article_similarity(articles, None, keys=keys.read(), vectors=vectors)
    tracker.stage("grouping articles into events")
    events = find_events(articles.with_columns(stored["texts"].read(["clean_text"])["clean_text"]),
                         vectors)
    del vectors
    release_freed_memory()
    tracker.stage("counting framing terms", f"{stored['hits'].height} hits")
    hits = stored["hits"].read(_without(stored["hits"], "matched_text", "sentence"))
    rates = framing_rates(hits, articles, lexicon, narration=narration)
    differences = term_differences(hits, articles, lexicon)
    precision = (None if judged is None
                 else term_precision(judged, hits, source=options.judgements))
    if by_unit:
        framing = framing_by_unit(units, articles, hits, narration, lexicon)
    else:
        framing = (rates, differences, term_against_rest(hits, articles, lexicon))
    period = choose_period(articles, options.period)
    trends = (framing_trends(hits, articles, rates, period) if period is not None
              else TRENDS.empty())
    del hits, narration
    release_freed_memory()
    attributions = stored["attributions"].read(SUMMARISED["attributions"])
    quotes = stored["quotes"].read(SUMMARISED["quotes"])
    summary = summarise_attributions(attributions, articles, quotes)
    unit_summary = (attribution_by_unit(units, attributions, articles, quotes) if by_unit
                    else summary)
    del quotes, attributions
    shown = ShownTables(units, *framing, *vocabulary, attribution_summary=unit_summary)
    tracker.stage("discovering contested labels")
    contrasts = shown_contrasts(articles, stored["texts"], lexicon,
                                names=unit_names(units) if by_unit else None)
    tracker.done()
    return Analysis(
        corpus=corpus,
        name=cleaned.name,
        options=options,
        catalogue=articles,
        removed=cleaned.removed,
        duplicates=cleaned.duplicates,
        warnings=cleaned.warnings,
        lexicon=lexicon,
        gazetteer=gazetteer,
        lexicon_fit=choice.fit,
        rates=rates,
        differences=differences,
        attribution_summary=summary,
        distinctive=distinctive,
        collocates=neighbours,
        similarity=similarity,
        outlet_similarity=outlets_alike,
        timings=tracker.timings,
        stored=stored,
        folder=folder,
        precision=precision,
        shown=shown,
        events=events,
        trends=trends,
        trend_period=period,
        contrasts=contrasts,
    )
