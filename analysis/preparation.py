"""The first stages: a corpus loaded, cleaned and narrowed to the chosen outlets
(:func:`prepare`), for :func:`analysis.pipeline.analyse`, ``framelens clean``, ``framelens kwic``
and ``framelens lexicon sample``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from analysis.clean import CleanedCorpus, clean_articles
from analysis.corpus import load_corpus
from analysis.errors import FramelensError
from analysis.groups import read_groups_file
from analysis.parallel import BatchRunner
from analysis.results import Options, Progress


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
    runner: BatchRunner | None = None,
    *,
    with_raw_text: bool = True,
) -> CleanedCorpus:
    """Load and clean a corpus (the first stages of :func:`analyse`); without
    ``with_raw_text``, the articles table has no ``raw_text`` column."""
    options = options or Options()
    progress = progress or Progress(enabled=False)
    check_grouping(options)
    progress.stage("loading", str(corpus))
    columns = options.columns
    if options.group_by is not None:
        columns = replace(columns, group=options.group_by)
    loaded = load_corpus(corpus, manifest=options.manifest, columns=columns)
    labels = None
    if "group" in loaded.articles.columns:  # kept aside: cleaning keeps the ARTICLES columns
        labels = loaded.articles.select("id", "group")
        loaded.articles = loaded.articles.drop("group")
    progress.stage("cleaning", f"{loaded.articles.height} articles")
    cleaned = clean_articles(loaded, runner, with_raw_text=with_raw_text)
    del loaded
    if cleaned.articles.is_empty():
        raise FramelensError(f"{corpus}: no article has any text left after cleaning")
    if labels is not None:
        cleaned.articles = cleaned.articles.join(labels, on="id", how="left",
                                                 maintain_order="left")
    return select_outlets(cleaned, options.outlets)


def check_grouping(options: Options) -> None:
    """Refuse grouping and pooling options that cannot work (one-line errors)."""
    if options.group_by is not None and options.groups is not None:
        raise FramelensError("--group-by and --groups both group the outlets; give one")
    if options.min_words < 0:
        raise FramelensError("--min-words must be 0 or more")
    if options.max_outlets < 1:
        raise FramelensError("--max-outlets must be at least 1")
    if options.groups is not None:
        read_groups_file(options.groups)  # a broken file stops the run before the work
