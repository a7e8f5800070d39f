"""A seeded, stratified sample of framing hits for a reader to judge (``framelens lexicon sample``).

For each term, up to ``per_term`` hits are drawn, spread over the outlets: the outlets take
turns (in an order drawn at random), each giving one of its hits drawn at random, until the
term has ``per_term`` hits or none is left. The random draws of a term depend only on the
seed and the term, so adding a term to the lexicon leaves the other terms' samples as they
were, and the same corpus, lexicon and seed always give the same file.

The file is a CSV a spreadsheet opens safely: a cell that starts with = + - @ (or a tab or
carriage return) gets an apostrophe in front, so that it is not read as a formula; reading
the file back removes it.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path

import numpy as np
import polars as pl

from analysis.errors import FramelensError
from analysis.output import table_to_csv
from analysis.schema import Column, Schema

DEFAULT_PER_TERM = 20
"""Hits sampled per term by default."""
CONTEXT_WORDS = 12
"""Words of context on each side of a sampled hit."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these could run as a formula in a spreadsheet."""
GUARD = "'"
"""Put before such a cell (and taken away again when the file is read)."""

SAMPLE = Schema(
    "hit_sample",
    (
        Column("id", pl.String, "article id"),
        Column("outlet", pl.String, "outlet of the article"),
        Column("term", pl.String, "the lexicon's canonical term"),
        Column("start", pl.Int64, "offset of the hit in the cleaned text"),
        Column("end", pl.Int64, "offset one past the hit (end exclusive)"),
        Column("left", pl.String, f"up to {CONTEXT_WORDS} words before the hit"),
        Column("match", pl.String, "the text matched"),
        Column("right", pl.String, f"up to {CONTEXT_WORDS} words after the hit"),
        Column("relevant", pl.String, "empty: the reader writes y (the hit is the framing the "
               "term stands for) or n (it is not: another sense, a name, a quotation of a "
               "title ...)"),
        Column("category", pl.String, "lexicon category of the term"),
        Column("voice", pl.String, "'narration' or 'quoted'"),
    ),
)


def _random(seed: int, term: str) -> np.random.Generator:
    return np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(term.encode("utf-8"))])


def sample_hits(lines: pl.DataFrame, *, per_term: int = DEFAULT_PER_TERM,
                seed: int = 0) -> pl.DataFrame:
    """A stratified random sample of hits (``SAMPLE``), from keyword-in-context ``lines``
    (``analysis.lexicon.CONCORDANCE``: one row per hit). Rows are sorted by term, outlet,
    id and start; ``relevant`` is empty."""
    if per_term < 1:
        raise FramelensError(f"--per-term must be at least 1; got {per_term}")
    columns = ["id", "outlet", "category", "term", "voice", "left", "match", "right",
               "start", "end"]
    ordered = lines.select(columns).sort("term", "outlet", "id", "start", "end", "category")
    chosen: list[int] = []
    offset = 0
    for (term,), group in ordered.group_by("term", maintain_order=True):
        random = _random(seed, str(term))
        outlets = group["outlet"].to_list()
        by_outlet: dict[str, list[int]] = {}
        for position, outlet in enumerate(outlets):
            by_outlet.setdefault(outlet, []).append(offset + position)
        queues = [list(np.array(by_outlet[outlet])[random.permutation(len(by_outlet[outlet]))])
                  for outlet in sorted(by_outlet)]
        turn = random.permutation(len(queues)).tolist()
        taken = 0
        while taken < per_term and any(queues):
            for index in turn:
                if queues[index] and taken < per_term:
                    chosen.append(int(queues[index].pop(0)))
                    taken += 1
        offset += group.height
    sample = ordered[sorted(chosen)] if chosen else ordered.clear()
    return sample.with_columns(relevant=pl.lit("", pl.String)).select(SAMPLE.names)


def guard_cells(table: pl.DataFrame) -> pl.DataFrame:
    """``table`` with every text cell that a spreadsheet could read as a formula guarded."""
    pattern = "^[" + "".join("\\t" if c == "\t" else "\\r" if c == "\r" else "\\" + c
                             for c in FORMULA_STARTS) + "]"
    return table.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit(GUARD) + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in table.schema.items() if dtype == pl.String
    )


def unguard(value: str) -> str:
    """A cell as written before :func:`guard_cells`."""
    if value.startswith(GUARD) and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def write_sample(sample: pl.DataFrame, path: Path) -> Path:
    """Write the sample as a guarded CSV file at ``path`` (replaced atomically)."""
    path = Path(path)
    if path.is_dir():
        raise FramelensError(f"{path}: is a folder; give a file name for the sample (.csv)")
    text = table_to_csv(guard_cells(sample))
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".framelens-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def sample_corpus(corpus: Path | str, options=None, *, per_term: int = DEFAULT_PER_TERM,
                  seed: int = 0) -> pl.DataFrame:
    """Load and clean a corpus, find its framing hits with the lexicon a report with
    ``options`` uses (the packs that fit the corpus, or ``options.lexicon``) and return
    :func:`sample_hits` of them (for ``framelens lexicon sample``)."""
    from analysis.lexicon import choose_lexicon, concordance, load_combined, match_terms
    from analysis.preparation import prepare
    from analysis.quotes import find_quotes
    from analysis.results import Options

    options = options or Options()
    cleaned = prepare(corpus, options)
    articles = cleaned.articles
    choice = choose_lexicon(options.lexicon, articles["clean_text"].fill_null("").to_list(),
                            extend=options.extend_lexicon)
    lexicon = load_combined(choice.files, choice.extensions)
    hits = match_terms(articles, None, find_quotes(articles), lexicon)
    return sample_hits(concordance(hits, articles, CONTEXT_WORDS), per_term=per_term, seed=seed)
