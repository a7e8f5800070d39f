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
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import polars as pl

from analysis.attribution import (
    Gazetteer,
    find_attributions,
    load_gazetteer,
    summarise_attributions,
    type_stored_across_articles,
)
from analysis.attribution.summary import SUMMARISED
from analysis.clean import CleanedCorpus, clean_articles, split_sentences
from analysis.compare import (
    Relabeled,
    ShownTables,
    attribution_by_unit,
    framing_by_unit,
    relabel,
    unit_names,
    vocabulary_by_unit,
)
from analysis.corpus import ARTICLES, ColumnNames, load_corpus
from analysis.errors import FramelensError, InputWarning
from analysis.events import EVENTS, TRENDS, choose_period, find_events, framing_trends
from analysis.groups import (
    DEFAULT_MAX_SHOWN,
    DEFAULT_MIN_WORDS,
    groups_from_column,
    groups_from_file,
    is_identity,
    read_groups_file,
    report_units,
    unit_order,
)
from analysis.lexicon import (
    Lexicon,
    LexiconChoice,
    attach_speakers,
    choose_lexicon,
    concordance,
    framing_rates,
    load_combined,
    match_terms,
    term_against_rest,
    term_differences,
)
from analysis.lexicon.rates import narration_words
from analysis.parallel import (
    DEFAULT_BATCH_ROWS,
    BatchRunner,
    batches,
    release_freed_memory,
)
from analysis.quotes import find_quotes
from analysis.stored import StoredTable, TemporaryFolder, in_id_order
from analysis.terms import (
    BatchTerms,
    TermMatrix,
    article_similarity,
    collocates,
    distinctive_terms,
    join_batches,
    outlet_similarity,
    outlet_term_counts,
    spill_terms,
    term_matrix,
)
from analysis.terms.collocates import HIT_COLUMNS as COLLOCATE_HIT_COLUMNS
from analysis.terms.collocates import nearby_words
from analysis.terms.similarity import comparison_vectors, sentence_keys
from analysis.terms.vocabulary import scratch_folder
from analysis.validation import read_judgements, term_precision


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
    runner: BatchRunner | None = None,
) -> CleanedCorpus:
    """Load and clean a corpus (the first stages of :func:`analyse`)."""
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
    cleaned = clean_articles(loaded, runner)
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


@dataclass(frozen=True)
class ArticleFeatures:
    """What the per-article stages find in a batch of articles (tables as documented in
    analysis.clean, analysis.quotes, analysis.attribution and analysis.lexicon), with the
    batch's sentence keys, words near framing terms and term matrix (analysis.terms).

    The tables with a row per sentence, quotation, attribution or hit are stored in files
    (analysis.stored), each sorted by article id as the stages sort a whole table."""

    sentences: StoredTable
    quotes: StoredTable
    attributions: StoredTable
    hits: StoredTable
    concordance: StoredTable
    sentence_keys: StoredTable
    nearby: pl.DataFrame
    narration: pl.DataFrame
    """:func:`analysis.lexicon.rates.narration_words` of the articles."""
    matrix: TermMatrix | BatchTerms
    """A batch's :class:`BatchTerms` (its vocabulary on disk); for the whole corpus, the
    :class:`TermMatrix` pruned below ``TERM_MIN_TOTAL`` uses."""
    seconds: dict[str, float]
    """Seconds spent in each step (summed over batches, so over all workers)."""

    TABLES = ("sentences", "quotes", "attributions", "hits", "concordance", "sentence_keys")

    @staticmethod
    def combine(parts: list[ArticleFeatures], folder: str) -> ArticleFeatures:
        """The features of every batch put together: each table joined and ordered by
        article id as the stages order a whole table (a stable sort keeps each article's rows
        in their own order), so nothing depends on how the articles were batched; the
        batches' term counts joined in order (batches are consecutive slices of the
        articles), reading and removing their vocabulary files; the seconds of each step
        summed over the batches (so over all workers). A table whose batches are not in id
        order is read, sorted and written again to ``folder``."""
        tables = (
            _joined_by_id([getattr(part, name) for part in parts], folder)
            for name in ArticleFeatures.TABLES
        )
        seconds: dict[str, float] = {}
        for part in parts:
            for step, spent in part.seconds.items():
                seconds[step] = seconds.get(step, 0.0) + spent
        nearby = pl.concat([part.nearby for part in parts])
        narration = pl.concat([part.narration for part in parts])
        matrix = join_batches([part.matrix for part in parts], min_total_count=TERM_MIN_TOTAL)
        return ArticleFeatures(*tables, nearby, narration, matrix, seconds)


def _by_id(table: pl.DataFrame) -> pl.DataFrame:
    """``table`` stably sorted by ``id`` (skipping the sort when it already is)."""
    return table if table["id"].is_sorted() else table.sort("id", maintain_order=True)


def _without(table: StoredTable, *names: str) -> list[str]:
    """The columns of a stored table but ``names``."""
    return [name for name in table.schema if name not in names]


def _joined_by_id(parts: list[StoredTable], folder: str) -> StoredTable:
    """Stored tables, each sorted by id, joined into one sorted by id. When their articles
    are in id order (as :func:`analyse` puts them), the files are joined without reading them;
    otherwise the rows are read, stably sorted and written again as one file."""
    joined = StoredTable.join(parts)
    if in_id_order(parts):
        return joined
    return StoredTable.write(_by_id(joined.read()), folder)


def stored_texts(articles: pl.DataFrame, rows: int, folder: str) -> list[StoredTable]:
    """The ``id`` and ``clean_text`` of ``articles`` written to files in ``folder``, one file
    per ``rows`` articles (the batches of a :class:`BatchRunner` with ``batch_rows=rows``),
    so that each batch's worker reads its own texts and nothing more."""
    return [
        StoredTable.write(batch, folder)
        for batch in batches(articles.select("id", "clean_text"), rows)
    ]


def with_stored_texts(articles: pl.DataFrame) -> pl.DataFrame:
    """``articles`` with the ``clean_text`` of each row read from the stored table whose file
    its ``text_file`` column names (:func:`stored_texts`), in place of that column."""
    files = articles["text_file"].unique(maintain_order=True).to_list()
    texts = pl.scan_ipc(files).select("id", "clean_text").collect()
    joined = articles.drop("text_file").join(texts, on="id", how="left", maintain_order="left")
    if joined.height != articles.height or joined["clean_text"].null_count():
        raise FramelensError("the stored texts do not match their articles (a file in the "
                             "temporary folder was changed or removed during the run)")
    return joined


SENTENCES_STEP = "splitting sentences"
LEXICON_STEP = "matching the framing lexicon"
FEATURE_COLUMNS = ("id", "outlet", "clean_text", "words")
"""The ARTICLES columns that :func:`article_features` reads."""
KEYS_STEP = "keying sentences for copies"
NEARBY_STEP = "words near framing terms"
NARRATION_STEP = "words in the outlets' own voice"
TERMS_STEP = "counting words and phrases"
STORE_STEP = "storing the tables"
TERM_MIN_TOTAL = 2
"""Terms used fewer times in the whole corpus are left out of distinctive terms, collocates
and the term matrix (analysis.terms.vocabulary); article similarity counts them in each
article's vector length."""
# Per-article steps appear in Analysis.timings with this suffix: their seconds are summed over
# batches (and so over worker processes), unlike the other stages' wall-clock seconds.
SUMMED = " (summed over batches)"


LexiconSpec = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, int] | None, ...]]
"""Picklable key of a run's lexicon: files combined, files merged, their modification stamps."""


@cache
def _lexicon(files: tuple[str, ...], extensions: tuple[str, ...], stamps: tuple) -> Lexicon:
    return load_combined([Path(f) for f in files], [Path(f) for f in extensions])


def _lexicon_spec(choice: LexiconChoice) -> LexiconSpec:
    """The key of a chosen lexicon (modification times included, so an edited file is read
    again)."""
    paths = (*choice.files, *choice.extensions)
    return (
        tuple(str(f) for f in choice.files),
        tuple(str(f) for f in choice.extensions),
        tuple(_spec(path, False)[2] for path in paths),
    )


@cache
def _gazetteer(path: str | None, extend: bool, stamp: tuple[int, int] | None) -> Gazetteer:
    return load_gazetteer(Path(path) if path else None, extend=extend)


def _spec(path: Path | None, extend: bool) -> tuple[str | None, bool, tuple[int, int] | None]:
    """A picklable key for a lexicon or gazetteer file (its modification time included, so
    an edited file is read again)."""
    if path is None:
        return None, extend, None
    try:
        status = Path(path).stat()
    except OSError:
        return str(path), extend, None  # loading will report the problem
    return str(path), extend, (status.st_mtime_ns, status.st_size)


def article_features(
    articles: pl.DataFrame,
    lexicon_spec: LexiconSpec,
    gazetteer_spec: tuple[str | None, bool, tuple[int, int] | None],
    scratch: str,
    folder: str,
) -> ArticleFeatures:
    """Sentences, quotations, attributions, framing hits and their concordance lines for a
    batch of articles, with its sentence keys, words near framing terms and term counts (the
    batch's vocabulary written to files in the directory ``scratch``). Each article's
    results depend only on that article. The tables are written, sorted by id, to files in
    the directory ``folder``.

    ``articles`` has the ARTICLES columns of ``FEATURE_COLUMNS``; its ``clean_text`` may
    instead wait in a stored table, named in a ``text_file`` column (:func:`stored_texts`)."""
    release_freed_memory()  # what the worker's previous batch left
    if "text_file" in articles.columns:
        articles = with_stored_texts(articles)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    sentences = split_sentences(articles)
    step(SENTENCES_STEP)
    quotes = find_quotes(articles)
    step("finding quotations")
    attributions = find_attributions(articles, sentences, quotes, _gazetteer(*gazetteer_spec))
    step("finding attributions")
    hits = match_terms(articles, sentences, quotes, _lexicon(*lexicon_spec))
    hits = attach_speakers(hits, attributions)
    step(LEXICON_STEP)
    lines = concordance(hits, articles)
    step("concordance lines")
    keys = sentence_keys(articles, sentences)
    step(KEYS_STEP)
    nearby = nearby_words(articles, hits)
    step(NEARBY_STEP)
    narration = narration_words(articles, quotes)
    step(NARRATION_STEP)
    matrix = spill_terms(term_matrix(articles, batch_size=max(articles.height, 1)), scratch)
    step(TERMS_STEP)
    stored = [
        StoredTable.write(_by_id(table), folder)
        for table in (sentences, quotes, attributions, hits, lines, keys)
    ]
    step(STORE_STEP)
    return ArticleFeatures(*stored, nearby, narration, matrix, seconds)


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
            cleaned = prepare(corpus, options, tracker, runner)
            # The raw pages are not read again. In id order, every batch's tables join in the
            # order of a whole table, unsorted.
            articles = cleaned.articles.drop("raw_text")
            if not articles["id"].is_sorted():
                articles = articles.sort("id")
            # The packs that fit are chosen from the clean texts, before any batch is analysed.
            choice = choose_lexicon(options.lexicon, articles["clean_text"].fill_null("").to_list(),
                                    extend=options.extend_lexicon)
            # The texts wait in files too, one per batch, each read by the worker that
            # analyses the batch: the later stages need the tables the workers make.
            texts = stored_texts(articles, runner.batch_rows, folder.path)
            names = [name for text in texts for name in [text.files[0]] * text.height]
            articles = articles.drop("clean_text")
            cleaned.articles = articles
            release_freed_memory()  # the raw pages and texts, before the workers' results
            lexicon_spec = _lexicon_spec(choice)
            gazetteer_spec = _spec(options.gazetteer, options.extend_gazetteer)
            # Load once here: a broken file stops the run before any work goes to workers.
            lexicon = _lexicon(*lexicon_spec)
            gazetteer = _gazetteer(*gazetteer_spec)
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
    events = find_events(articles, vectors)
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
    )
