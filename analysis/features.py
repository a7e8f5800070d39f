"""The per-article stages for one batch of articles: sentences, quotations, attributions,
framing hits, concordance lines, sentence keys, words near framing terms and term counts, each
article's results depending only on that article (:func:`article_features`), and the batches
put together again (:meth:`ArticleFeatures.combine`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from analysis.attribution import Gazetteer, find_attributions, load_gazetteer
from analysis.clean import split_sentences
from analysis.errors import FramelensError
from analysis.lexicon import (
    Lexicon,
    LexiconChoice,
    attach_speakers,
    concordance,
    load_combined,
    match_terms,
    narration_words,
)
from analysis.parallel import batches, release_freed_memory
from analysis.quotes import find_quotes
from analysis.stored import StoredTable, in_id_order
from analysis.terms import (
    BatchTerms,
    TermMatrix,
    join_batches,
    nearby_words,
    sentence_keys,
    spill_terms,
    term_matrix,
)


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
        nearby = summed_counts([part.nearby for part in parts], NEARBY_KEYS)
        narration = pl.concat([part.narration for part in parts])
        matrix = join_batches([part.matrix for part in parts], min_total_count=TERM_MIN_TOTAL)
        return ArticleFeatures(*tables, nearby, narration, matrix, seconds)


NEARBY_KEYS = ("outlet", "term", "collocate")
"""What the ``count`` of the batches' words near framing terms (analysis.terms.NEARBY) is by."""


def summed_counts(tables: list[pl.DataFrame], keys: tuple[str, ...]) -> pl.DataFrame:
    """The ``count`` of ``tables`` (the same schema) summed by ``keys``, two tables at a time
    (a tree of sums), so that no concatenation of every batch's rows is made. Rows come in the
    order in which their keys first occur in the tables one after the other, as one
    ``group_by(keys, maintain_order=True)`` of that concatenation gives them."""
    while len(tables) > 1:
        tables = [
            pl.concat(tables[start : start + 2])
            .group_by(keys, maintain_order=True)
            .agg(pl.col("count").sum())
            for start in range(0, len(tables), 2)
        ]
    return tables[0]


def _by_id(table: pl.DataFrame) -> pl.DataFrame:
    """``table`` stably sorted by ``id`` (skipping the sort when it already is)."""
    return table if table["id"].is_sorted() else table.sort("id", maintain_order=True)


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


LexiconSpec = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[int, int] | None, ...]]
"""Picklable key of a run's lexicon: files combined, files merged, their modification stamps."""


@cache
def cached_lexicon(
    files: tuple[str, ...], extensions: tuple[str, ...], stamps: tuple
) -> Lexicon:
    """The lexicon of a :data:`LexiconSpec`, loaded once per process."""
    return load_combined([Path(f) for f in files], [Path(f) for f in extensions])


def spec_of_lexicon(choice: LexiconChoice) -> LexiconSpec:
    """The key of a chosen lexicon (modification times included, so an edited file is read
    again)."""
    paths = (*choice.files, *choice.extensions)
    return (
        tuple(str(f) for f in choice.files),
        tuple(str(f) for f in choice.extensions),
        tuple(spec_of_file(path, False)[2] for path in paths),
    )


@cache
def cached_gazetteer(
    path: str | None, extend: bool, stamp: tuple[int, int] | None
) -> Gazetteer:
    """The gazetteer of a :func:`spec_of_file` key, loaded once per process."""
    return load_gazetteer(Path(path) if path else None, extend=extend)


def spec_of_file(
    path: Path | None, extend: bool
) -> tuple[str | None, bool, tuple[int, int] | None]:
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
    attributions = find_attributions(
        articles, sentences, quotes, cached_gazetteer(*gazetteer_spec)
    )
    step("finding attributions")
    hits = match_terms(articles, sentences, quotes, cached_lexicon(*lexicon_spec))
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
