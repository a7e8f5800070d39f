"""What repeats across an outlet's pages: lines in three or more of its articles (rule 6) and
the repeated endings of its pages' last lines (rule 7), counted over the whole corpus a chunk
of articles at a time."""

from __future__ import annotations

from collections import Counter

import polars as pl

from analysis.clean.defaults import (
    BODY_MIN_WORDS,
    ENDING_MAX_WORDS,
    ENDING_ROUNDS,
    ENDING_SENTENCE_MIN_WORDS,
    ENDING_WINDOW,
    REPEATED_CHUNK,
    REPEATED_MIN_ARTICLES,
)
from analysis.clean.endings import RepeatedEndings, ending_cuts
from analysis.clean.pages import is_sentence, normalise_line
from analysis.clean.rules import FurnitureRules, furniture_rules


def repeated_lines(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Per outlet, the normalised lines that count as furniture by rule 6 (see module doc).

    Lines are counted by a 64-bit hash of their stripped text, ``REPEATED_CHUNK`` articles at
    a time, so what is held at once is a number per distinct line rather than every line of
    the corpus; the text of the few lines that repeat is then read back. Should two lines
    ever share a hash, the lines are counted again by their text.
    """
    if raw.is_empty():
        return {}
    hashed = pl.concat(
        _stripped_lines(chunk, offset)
        .select("outlet", "article", key=_line_key())
        .unique()
        for offset, chunk in _chunks(raw)
    )
    repeated_keys = (
        hashed.group_by("outlet", "key")
        .agg(articles=pl.len())
        .filter(pl.col("articles") >= REPEATED_MIN_ARTICLES)
    )
    del hashed
    texts = pl.concat(
        _stripped_lines(chunk, offset)
        .with_columns(key=_line_key())
        .join(repeated_keys.select("outlet", "key"), on=["outlet", "key"], how="semi",
              nulls_equal=True)
        .select("outlet", "key", "line")
        .unique()
        for offset, chunk in _chunks(raw)
    ).unique()
    if texts.select(pl.struct("outlet", "key").is_duplicated().any()).item():
        counted = _count_repeated_by_text(raw)  # two lines share a hash: count by text
    else:
        counted = repeated_keys.join(texts, on=["outlet", "key"], nulls_equal=True).select(
            "outlet", "line", "articles"
        )
    articles_per_outlet = raw.group_by("outlet").agg(outlet_articles=pl.len())
    result: dict[str, set[str]] = {}
    for outlet, line, articles, total in counted.join(
        articles_per_outlet, on="outlet", nulls_equal=True
    ).iter_rows():
        if not is_sentence(line) or articles * 2 >= total:
            result.setdefault(outlet, set()).add(normalise_line(line))
    return {outlet: frozenset(lines) for outlet, lines in result.items()}


_COUNTED_CHARS = 1_000
"""Characters at the end of each page in which :func:`repeated_endings` counts endings
(``REPEATED_CHUNK`` pages at a time)."""
_LAST_CHARS = ENDING_WINDOW + 1_000
"""Characters at the end of each page in which :func:`repeated_endings` applies rule 7: enough
for the ``[[ending]]`` patterns' window and an ending after it."""


def repeated_endings(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Per outlet, the endings that count as furniture by rule 7 (see the module doc of
    analysis.clean), each as its words one space apart.

    An ending is counted in a page's last non-blank line when that line has
    ``BODY_MIN_WORDS`` words or more (split at whitespace); it is one or more of the line's
    last words, at most ``ENDING_MAX_WORDS``, after its last word that ends a sentence and
    with words before it. Endings are found in rounds (``ENDING_ROUNDS`` at most, while
    new ones are found): the first counts them in every page. Each later round counts them
    only in the pages from which rule 7, with the endings found so far, cuts more than
    before (:func:`analysis.clean.endings.ending_cuts`), in what it leaves of them; "half the
    outlet's pages" then means half of those pages.
    """
    if raw.is_empty():
        return {}
    rules = furniture_rules()
    population = dict(raw.group_by("outlet").len().iter_rows())
    found: dict[str | None, set[str]] = {}
    rows: list[int] | None = None  # the pages of this round: every page in the first
    cuts: list[int] = []  # characters cut so far from the end of each page of ``rows``
    for _ in range(ENDING_ROUNDS):
        # Only the words an ending may hold are kept for the count; the pages' ends are read
        # again to cut them.
        ends = _page_ends(raw, rows, cuts, _COUNTED_CHARS)
        pages = [(outlet, words) for _, outlet, _, words, _ in ends]
        new = _count_endings(pages, population)
        del pages
        if all(new[outlet] <= found.get(outlet, set()) for outlet in new):
            break
        for outlet, endings in new.items():
            found.setdefault(outlet, set()).update(endings)
        peel = {outlet: RepeatedEndings(frozenset(endings)) for outlet, endings in found.items()}
        if rows is None:  # only the pages of outlets with endings can lose one
            kept = raw["outlet"].is_in(list(found)).arg_true().to_list()
            rows, cuts = kept, [0] * len(kept)
        cut_rows, cut_chars = [], []
        for row, outlet, end, words, cut in _page_ends(raw, rows, cuts, _LAST_CHARS):
            start = _ending_start(end, peel[outlet], rules) if outlet in peel and words else None
            if start is not None:
                cut_rows.append(row)
                cut_chars.append(cut + len(end) - start)
        if not cut_rows:
            break
        rows, cuts = cut_rows, cut_chars
        population = Counter(raw["outlet"].gather(rows).to_list())
    return {outlet: frozenset(endings) for outlet, endings in found.items()}


def _page_ends(raw: pl.DataFrame, rows: list[int] | None, cuts: list[int], chars: int):
    """(row, outlet, end, words, cut) for each page of ``rows`` (every page when None), with
    ``cut`` characters cut from its end: ``end`` is the last ``chars`` characters left
    and ``words`` the words of its last line that an ending may hold, one space apart
    (:func:`_ending_words`). ``REPEATED_CHUNK`` pages are read at a time."""
    total = raw.height if rows is None else len(rows)
    for offset in range(0, total, REPEATED_CHUNK):
        if rows is None:
            chunk_rows = range(offset, min(offset + REPEATED_CHUNK, total))
            chunk = raw.slice(offset, REPEATED_CHUNK).select("outlet", "raw_text")
            chunk_cuts: list[int] = [0] * len(chunk_rows)
        else:
            chunk_rows = rows[offset : offset + REPEATED_CHUNK]
            chunk = raw.select("outlet", "raw_text")[chunk_rows]
            chunk_cuts = cuts[offset : offset + REPEATED_CHUNK]
        left = pl.col("raw_text").str.len_chars() - pl.Series(chunk_cuts, dtype=pl.Int64)
        ends = chunk.select(
            "outlet",
            end=pl.col("raw_text").str.slice(
                pl.max_horizontal(left - chars, 0), pl.min_horizontal(left, chars)
            ),
            whole=left <= chars,
        )
        for row, cut, (outlet, end, whole) in zip(
            chunk_rows, chunk_cuts, ends.iter_rows(), strict=True
        ):
            yield row, outlet, end, " ".join(_ending_words(end, whole=whole)), cut


def _count_endings(
    pages: list[tuple[str | None, str]], population: dict[str | None, int]
) -> dict[str | None, set[str]]:
    """Per outlet, the endings of ``pages`` ((outlet, words that an ending may hold)) that are
    furniture, ``population`` being the number of pages of each outlet in the count.
    Endings are counted one word longer at a time, and only in the pages whose shorter
    ending repeats, since an ending can repeat only where its own ending does."""
    pages = [page for page in pages if page[1]]
    found: dict[str | None, set[str]] = {}
    count = 0
    while pages:
        count += 1
        endings = [(outlet, _last_words(words, count)) for outlet, words in pages]
        counted = Counter(endings)
        for (outlet, ending), articles in counted.items():
            if articles >= REPEATED_MIN_ARTICLES and (
                not is_sentence(ending)
                or (articles * 2 >= population[outlet] and count >= ENDING_SENTENCE_MIN_WORDS)
            ):
                found.setdefault(outlet, set()).add(ending)
        pages = [
            page
            for page, key in zip(pages, endings, strict=True)
            if len(key[1]) < len(page[1]) and counted[key] >= REPEATED_MIN_ARTICLES
        ]
    return found


def _ending_start(end: str, endings: RepeatedEndings, rules: FurnitureRules) -> int | None:
    """Where in ``end`` (the end of a page) rule 7 cuts its last line, with the outlet's
    repeated ``endings``; None when it cuts nothing."""
    end = end.rstrip()
    line_start = end.rfind("\n") + 1
    start = len(end) - len(end[line_start:].lstrip())
    cuts = ending_cuts(end, start, len(end), rules, endings)
    return cuts[-1][0] if cuts else None


def _last_words(words: str, count: int) -> str:
    """The last ``count`` words of ``words`` (words one space apart)."""
    parts = words.rsplit(" ", count)
    return words[len(parts[0]) + 1 :] if len(parts) > count else words


def _ending_words(end: str, *, whole: bool) -> list[str]:
    """The words of the last non-blank line of ``end`` (the end of a page, ``whole`` when it
    is the whole page) that an ending may hold: see :func:`repeated_endings`."""
    end = end.rstrip()
    line = end[end.rfind("\n") + 1 :]
    words = line.split()
    if not whole and len(line) == len(end):  # the line may start before the page's end
        words = words[1:]
    if len(words) < BODY_MIN_WORDS:
        return []
    first, lowest = len(words) - 1, max(len(words) - ENDING_MAX_WORDS, 1)
    while first > lowest and not is_sentence(words[first - 1]):
        first -= 1
    return words[first:]


def _line_key() -> pl.Expr:
    """A 64-bit hash of the ``line`` column (a fixed seed: the same in every chunk)."""
    return pl.col("line").hash(seed=3)


def _chunks(raw: pl.DataFrame):  # -> Iterator[tuple[int, pl.DataFrame]]
    for offset in range(0, raw.height, REPEATED_CHUNK):
        yield offset, raw.slice(offset, REPEATED_CHUNK)


def _stripped_lines(raw: pl.DataFrame, offset: int = 0) -> pl.DataFrame:
    """(outlet, article, line): every non-empty stripped line, ``article`` the row number."""
    return (
        raw.select(
            "outlet",
            article=pl.int_range(pl.len(), dtype=pl.Int64) + offset,
            line=pl.col("raw_text").str.split("\n"),
        )
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())
        .filter(pl.col("line") != "")
    )


def _count_repeated_by_text(raw: pl.DataFrame) -> pl.DataFrame:
    """(outlet, line, articles) of the lines in ``REPEATED_MIN_ARTICLES`` or more articles."""
    return (
        _stripped_lines(raw)
        .unique(["outlet", "article", "line"])
        .group_by("outlet", "line")
        .agg(articles=pl.len())
        .filter(pl.col("articles") >= REPEATED_MIN_ARTICLES)
    )
