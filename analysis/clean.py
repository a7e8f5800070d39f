"""Removing page furniture from scraped articles, duplicates, and sentence spans.

Scraped pages carry navigation, login forms, comment policies, captions, credits and
related-link lists around the article. :func:`clean_page` decides line by line what is the
outlet's article text, using the rules in ``analysis/data/furniture.toml`` and a few
structural rules (below). :func:`clean_articles` applies it to a whole corpus, adds lines
that repeat across an outlet's articles, drops empty and duplicate articles with warnings,
and returns the ``ARTICLES`` table. :func:`split_sentences` gives the ``SENTENCES`` table.

Structural rules, in the order they apply:

1. A line matching a ``[[line]]`` pattern, a page timestamp (``[[dateline]]``), or a doubled
   string ("captionCaption") is furniture.
2. A photo credit (``[[credit]]``) is furniture; so is the line directly above it (its
   caption) and a short line directly below it without final punctuation (a related link).
3. A line matching a ``[[caption]]`` pattern is a photo caption.
4. Once a body paragraph has been seen, a ``[[tail]]`` line starts the page's tail: comment
   sections, related links and tags down to the end of the page.
5. Before the first body paragraph (a line of 12 or more words ending with . ! ? or a
   closing quote), only the headline and standfirst lines of 10 or more words are kept; a
   second copy of the headline is furniture.
6. Across a corpus, a line that appears in three or more of one outlet's articles is
   furniture when it is not a sentence, or when it appears in at least half of them.

The clean text is the kept lines, each stripped and with runs of whitespace (non-breaking
spaces included) made one space, joined by blank lines (one paragraph per line); the
headline stays, once, as the first paragraph.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import polars as pl

from analysis.corpus import ARTICLES, LoadedCorpus, dateline_patterns, iso_date_from_match
from analysis.errors import InputWarning
from analysis.parallel import BatchRunner
from analysis.schema import Column, Schema
from analysis.tokens import count_words

SENTENCES = Schema(
    "sentences",
    (
        Column("id", pl.String, "article id"),
        Column("sentence", pl.Int64, "sentence number within the article, from 0"),
        Column("start", pl.Int64, "offset of the first character in clean_text"),
        Column("end", pl.Int64, "offset one past the last character in clean_text"),
    ),
)

REMOVED_LINES = Schema(
    "removed lines",
    (
        Column("id", pl.String, "article id"),
        Column("line", pl.Int64, "line number in raw_text, from 1"),
        Column("text", pl.String, "the removed line, stripped"),
        Column("reason", pl.String, "why it is furniture, in plain words"),
    ),
)

DUPLICATES = Schema(
    "duplicates",
    (
        Column("id", pl.String, "article left out of the analysis"),
        Column("duplicate_of", pl.String, "the article it repeats, which is counted"),
        Column("outlet", pl.String, "outlet of the left-out article"),
        Column("kind", pl.String, "'exact' (same clean text) or 'near-exact' (same words, other "
               "punctuation, case or spacing)"),
    ),
)

BODY_MIN_WORDS = 12
STANDFIRST_MIN_WORDS = 10
REPEATED_MIN_ARTICLES = 3
PARAGRAPH_SEPARATOR = "\n\n"
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[A-Z“\"]")


@dataclass(frozen=True)
class FurnitureRules:
    """The compiled rules of analysis/data/furniture.toml."""

    lines: tuple[tuple[re.Pattern[str], str], ...]
    tails: tuple[tuple[re.Pattern[str], str], ...]
    captions: tuple[tuple[re.Pattern[str], str], ...]
    credits: tuple[tuple[re.Pattern[str], str], ...]
    datelines: tuple[re.Pattern[str], ...]
    leading_dates: tuple[re.Pattern[str], ...]


@cache
def furniture_rules() -> FurnitureRules:
    """Load and compile the packaged furniture rules once.

    Each rule stays a pattern of its own: most are anchored at the start of the line and fail
    at once, which one combined alternation would not (it was measured slower).
    """
    data = tomllib.loads(resources.files("analysis.data").joinpath("furniture.toml").read_text())

    def combined(kind: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple(
            (re.compile(entry["pattern"], re.IGNORECASE), entry.get("reason", kind))
            for entry in data.get(kind, [])
        )

    def separate(kind: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data.get(kind, []))

    return FurnitureRules(
        lines=combined("line"),
        tails=combined("tail"),
        captions=combined("caption"),
        credits=combined("credit"),
        datelines=dateline_patterns(),
        leading_dates=separate("leading_date"),
    )


@dataclass
class LineDecision:
    """What the cleaner decided for one non-blank line of a page."""

    number: int
    text: str
    keep: bool = True
    reason: str | None = None
    kept_text: str | None = None
    _body: bool | None = None

    @property
    def body(self) -> bool:
        """Whether the line is a body paragraph (computed once)."""
        if self._body is None:
            self._body = _is_body_paragraph(self.text)
        return self._body

    def remove(self, reason: str) -> None:
        if self.keep:
            self.keep = False
            self.reason = reason


@dataclass
class CleanPage:
    """The result of cleaning one page."""

    text: str
    lines: list[LineDecision]
    title: str | None
    date: str | None
    chars_removed: int
    lines_removed: int = field(init=False)

    def __post_init__(self) -> None:
        self.lines_removed = sum(1 for line in self.lines if not line.keep)


def _normalise_line(text: str) -> str:
    """Compare lines regardless of case, spacing and quote style."""
    text = text.translate(_QUOTE_FOLD).lower()
    return " ".join(text.split())


_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})


def _is_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _is_body_paragraph(text: str) -> bool:
    return _is_sentence(text) and count_words(text) >= BODY_MIN_WORDS


def _is_title_case(text: str) -> bool:
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) > 3]
    return len(words) >= 2 and all(word[0].isupper() for word in words)


def _is_doubled(text: str) -> bool:
    half = len(text) // 2
    return len(text) >= 20 and len(text) % 2 == 0 and text[:half] == text[half:]


def _match_reason(text: str, rules: Iterable[tuple[re.Pattern[str], str]]) -> str | None:
    """The reason of the first rule that matches ``text``, or None."""
    for pattern, reason in rules:
        if pattern.search(text):
            return reason
    return None


def clean_page(
    raw_text: str,
    *,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
) -> CleanPage:
    """Split a scraped page into article text and furniture.

    ``title`` (from a manifest or column) helps find the headline; ``repeated`` holds
    normalised lines known to repeat across the outlet's articles. Returns the clean text,
    a decision per non-blank line (with the reason for each removal), the headline found,
    the page timestamp as ISO 8601 (or None) and the number of characters removed.
    """
    rules = furniture_rules()
    decisions = [
        LineDecision(number, stripped)
        for number, line in enumerate(raw_text.split("\n"), start=1)
        if (stripped := line.strip())
    ]
    page_date: str | None = None
    for line in decisions:
        reason = _match_reason(line.text, rules.lines)
        if reason:
            line.remove(reason)
    for index, line in enumerate(decisions):
        if not line.keep:
            continue
        for pattern in rules.datelines:
            match = pattern.search(line.text)
            if match and count_words(line.text) <= 8:
                page_date = page_date or iso_date_from_match(match)
                line.remove("page timestamp")
                break
        if not line.keep:
            continue
        if _is_doubled(line.text):
            line.remove("photo caption (doubled)")
        elif _match_reason(line.text, rules.credits):
            line.remove("photo credit")
            _remove_caption_and_link(decisions, index)
        elif _match_reason(line.text, rules.captions) and not _SENTENCE_BREAK.search(line.text):
            line.remove("photo caption")
        elif repeated and _normalise_line(line.text) in repeated:
            line.remove("repeated across the outlet's articles")

    _cut_tail(decisions, rules)
    found_title = _keep_headline_and_standfirst(decisions, title)
    _strip_leading_date(decisions, rules)
    # Inside a line, any run of whitespace (non-breaking spaces included) becomes one space.
    kept = [" ".join((line.kept_text or line.text).split()) for line in decisions if line.keep]
    text = PARAGRAPH_SEPARATOR.join(kept)
    removed_chars = sum(len(line.text) for line in decisions if not line.keep) + sum(
        len(line.text) - len(line.kept_text) for line in decisions if line.keep and line.kept_text
    )
    return CleanPage(text, decisions, found_title, page_date, removed_chars)


def _remove_caption_and_link(decisions: list[LineDecision], index: int) -> None:
    """The caption directly above a credit, and a related link directly below it."""
    credit = decisions[index]
    if index > 0 and decisions[index - 1].number == credit.number - 1:
        decisions[index - 1].remove("photo caption")
    if index + 1 < len(decisions):
        below = decisions[index + 1]
        if (
            below.number == credit.number + 1
            and not _is_sentence(below.text)
            and count_words(below.text) <= 20
        ):
            below.remove("related link")


def _cut_tail(decisions: list[LineDecision], rules: FurnitureRules) -> None:
    seen_body = False
    tail_reason: str | None = None
    for line in decisions:
        if tail_reason:
            line.remove(tail_reason)
            continue
        reason = _match_reason(line.text, rules.tails)
        if reason and seen_body:
            tail_reason = reason
            line.remove(reason)
        elif reason:
            line.remove(reason)
        elif line.keep and line.body:
            seen_body = True


def _keep_headline_and_standfirst(
    decisions: list[LineDecision], title: str | None
) -> str | None:
    """Apply rule 5 and return the headline as found on the page (or None)."""
    kept = [line for line in decisions if line.keep]
    first_body = next((i for i, line in enumerate(kept) if line.body), None)
    header = kept[:first_body] if first_body is not None else kept[:1]
    candidates = [line for line in header if count_words(line.text) >= 2]
    headline: LineDecision | None = None
    if title:
        wanted = _normalise_line(title)
        headline = next((line for line in header if _normalise_line(line.text) == wanted), None)
    if headline is None and candidates:
        headline = next((line for line in candidates if _is_title_case(line.text)), candidates[0])
    for line in header:
        if line is headline:
            continue
        if headline is not None and _normalise_line(line.text) == _normalise_line(headline.text):
            line.remove("repeated headline")
        elif first_body is not None and count_words(line.text) < STANDFIRST_MIN_WORDS:
            line.remove("page header")
    if headline is not None:
        wanted = _normalise_line(headline.text)
        for line in kept[len(header):]:
            # Normalising changes the length little: compare only lines of about that length.
            if abs(len(line.text) - len(headline.text)) <= len(headline.text) // 4 + 4 and (
                _normalise_line(line.text) == wanted
            ):
                line.remove("repeated headline")
    return headline.text if headline is not None else None


def _strip_leading_date(decisions: list[LineDecision], rules: FurnitureRules) -> None:
    """Remove a date glued to the start of the text ("Wed 05 Apr 2017 Syria attack ...")."""
    first = next((line for line in decisions if line.keep), None)
    if first is None:
        return
    for pattern in rules.leading_dates:
        match = pattern.match(first.text)
        if match and match.end() < len(first.text):
            first.kept_text = first.text[match.end():]
            return


# ---------------------------------------------------------------------------------------------
# Whole corpora


@dataclass
class CleanedCorpus:
    """The articles table and what cleaning set aside."""

    articles: pl.DataFrame
    removed: pl.DataFrame
    duplicates: pl.DataFrame
    warnings: list[InputWarning]
    name: str = "corpus"


def repeated_lines(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Per outlet, the normalised lines that count as furniture by rule 6 (see module doc)."""
    if raw.is_empty():
        return {}
    lines = (
        raw.select("id", "outlet", line=pl.col("raw_text").str.split("\n"))
        .explode("line")
        .with_columns(pl.col("line").str.strip_chars())
        .filter(pl.col("line") != "")
        .unique(["outlet", "id", "line"])
    )
    articles_per_outlet = raw.group_by("outlet").agg(outlet_articles=pl.len())
    counted = (
        lines.group_by("outlet", "line")
        .agg(articles=pl.len())
        .filter(pl.col("articles") >= REPEATED_MIN_ARTICLES)
        .join(articles_per_outlet, on="outlet")
    )
    result: dict[str, set[str]] = {}
    for outlet, line, articles, total in counted.iter_rows():
        if not _is_sentence(line) or articles * 2 >= total:
            result.setdefault(outlet, set()).add(_normalise_line(line))
    return {outlet: frozenset(lines) for outlet, lines in result.items()}


def _duplicate_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


PAGES = Schema(
    "pages",
    (
        Column("clean_text", pl.String, "the article text after cleaning"),
        Column("page_title", pl.String, "the headline found on the page, or null"),
        Column("page_date", pl.String, "the page's timestamp as ISO 8601, or null"),
        Column("words", pl.Int64, "words in clean_text"),
        Column("chars_removed", pl.Int64, "characters of furniture removed"),
        Column("lines_removed", pl.Int64, "lines of furniture removed"),
        Column("duplicate_key", pl.String, "hash of the words of clean_text (lower case, "
               "punctuation and spacing ignored); null for an empty text"),
    ),
)


def clean_batch(
    raw: pl.DataFrame, repeated: dict[str, frozenset[str]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean the pages of a batch of raw articles: a PAGES row per article (same order) and
    the REMOVED_LINES rows. ``repeated`` holds each outlet's repeated lines (rule 6)."""
    pages: list[tuple[object, ...]] = []
    removed: list[tuple[object, ...]] = []
    for article_id, outlet, title, raw_text in raw.select(
        "id", "outlet", "title", "raw_text"
    ).iter_rows():
        page = clean_page(raw_text, title=title, repeated=repeated.get(outlet, frozenset()))
        words = count_words(page.text)
        key = (hashlib.blake2b(_duplicate_key(page.text).encode(), digest_size=16).hexdigest()
               if words else None)
        pages.append((page.text, page.title, page.date, words, page.chars_removed,
                      page.lines_removed, key))
        for line in page.lines:
            if not line.keep:
                removed.append((article_id, line.number, line.text, line.reason))
            elif line.kept_text:
                prefix = line.text[: len(line.text) - len(line.kept_text)].strip()
                removed.append((article_id, line.number, prefix, "date at the start of the text"))
    return (
        pl.DataFrame(pages, schema=PAGES.polars_schema(), orient="row"),
        pl.DataFrame(removed, schema=REMOVED_LINES.polars_schema(), orient="row"),
    )


def clean_articles(loaded: LoadedCorpus, runner: BatchRunner | None = None) -> CleanedCorpus:
    """Clean every article of a loaded corpus into the ARTICLES table.

    Empty articles (nothing left after cleaning) and duplicates (the same words as an
    earlier article, ignoring punctuation, case and spacing) are left out, each with a
    warning; the duplicates table says which article each one repeats. With a ``runner``
    the pages are cleaned in batches on several cores; the result is the same.
    """
    raw = loaded.articles
    warnings = list(loaded.warnings)
    repeated = repeated_lines(raw.unique("raw_text", keep="first", maintain_order=True))
    parts = (runner.map(clean_batch, raw, repeated) if runner is not None
             else [clean_batch(raw, repeated)])
    pages = pl.concat([pages for pages, _ in parts]) if parts else PAGES.empty()
    removed = pl.concat([lines for _, lines in parts]) if parts else REMOVED_LINES.empty()
    table = pl.concat([raw, pages], how="horizontal")

    for path, raw_text in table.filter(pl.col("words") == 0).select("path", "raw_text").iter_rows():
        problem = ("empty file" if not raw_text.strip()
                   else "nothing left after removing page furniture")
        warnings.append(InputWarning(path, f"skipped: {problem}"))
    table = table.filter(pl.col("words") > 0).with_columns(
        first_id=pl.col("id").first().over("duplicate_key"),
        first_raw=pl.col("raw_text").first().over("duplicate_key"),
    )
    repeats = table.filter(pl.col("id") != pl.col("first_id"))
    duplicates = repeats.select(
        "id",
        duplicate_of="first_id",
        outlet="outlet",
        kind=pl.when(pl.col("raw_text") == pl.col("first_raw"))
        .then(pl.lit("exact"))
        .otherwise(pl.lit("near-exact")),
    )
    for path, first in repeats.select("path", "first_id").iter_rows():
        warnings.append(InputWarning(path, f"duplicate of article {first}: counted once"))
    kept = table.filter(pl.col("id") == pl.col("first_id"))
    articles = kept.with_columns(
        title=pl.coalesce("title", "page_title"), date=pl.coalesce("date", "page_date")
    ).select(ARTICLES.names)
    removed = removed.filter(pl.col("id").is_in(articles["id"].implode()))
    return CleanedCorpus(articles, removed, duplicates, warnings, loaded.name)


# ---------------------------------------------------------------------------------------------
# Sentences


@cache
def _sentence_tokenizer():  # -> nltk PunktSentenceTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters = PunktParameters()
    text = resources.files("analysis.data").joinpath("abbreviations.txt").read_text()
    parameters.abbrev_types.update(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    return PunktSentenceTokenizer(parameters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a clean text; sentences never cross paragraphs.

    Uses nltk's Punkt with its default parameters plus the packaged abbreviation list
    (analysis/data/abbreviations.txt), so "Lt.-Gen.", "U.S." and "Maj. Gen." do not end a
    sentence. Needs no downloaded nltk data.
    """
    tokenizer = _sentence_tokenizer()
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset = paragraph.start()
        for start, end in tokenizer.span_tokenize(paragraph.group(0)):
            if text[offset + start : offset + end].strip():
                spans.append((offset + start, offset + end))
    return spans


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """The SENTENCES table for an ARTICLES table (one row per sentence, in text order)."""
    ids: list[str] = []
    numbers: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for article_id, text in articles.select("id", "clean_text").iter_rows():
        for number, (start, end) in enumerate(sentence_spans(text)):
            ids.append(article_id)
            numbers.append(number)
            starts.append(start)
            ends.append(end)
    return pl.DataFrame(
        {"id": ids, "sentence": numbers, "start": starts, "end": ends},
        schema=SENTENCES.polars_schema(),
    )
