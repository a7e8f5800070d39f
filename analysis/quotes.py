"""Quotations in article text: where each one opens and closes, and whether it is a scare quote.

A small scanner walks the quotation marks of each paragraph (a paragraph is a line of
``clean_text``) and pairs them with a stack, so quotes nest (a ‘scare quote’ inside a
“quotation”). It reads:

* straight ``"..."`` and curly ``“...”`` double quotes, guillemets ``«...»``, and a curly opening
  closed by a straight mark (``“... if required."``);
* two apostrophes ``''...''`` as a double quote (newspaper archives and research corpora);
* curly ``‘...’`` and straight ``'...'`` single quotes, telling a closing ``’`` from an
  apostrophe: a ``’`` between letters or digits (Syria’s, don’t) is always an apostrophe, and a
  ``’`` after a word closes a quote only while a single quote is open (militants’ morale);
* a quote that runs over several paragraphs, by the news convention that each quoted paragraph
  opens with a mark and only the last one closes;
* a quote that never closes: it ends at the end of its paragraph (unless the next paragraph opens
  with a mark, see above), so a stray mark cannot swallow the article. A single quote that never
  closes is taken for an apostrophe and dropped.

Kinds. A quote is a ``'quotation'`` (someone's words) when any of these holds, else a short
quote, which :mod:`analysis.quote_kinds` tells apart as a ``'scare'`` quote (a short phrase the
writer sets off: the so-called ‘moderate opposition’, trusted “experts”), a ``'partial'``
quotation (a few words of a speaker the sentence reports: claimed he was “consistent”) or a
``'mention'`` (a name or a word talked about: the film “Patriot Act”, the word “choice”):

1. it has more than :data:`SCARE_MAX_WORDS` words, or runs over several paragraphs;
2. it holds more than one sentence, or ends with ``?`` or ``!``;
3. it is a whole sentence: opens with a capital letter, ends with ``.`` and stands at the start
   of a sentence or after a colon or comma (``The reply was short: “We refuse.”``);
4. a speech cue touches it: a reporting verb or phrase (``analysis/data/reporting_verbs.toml``)
   right before the mark, optionally with ``that`` or ``:`` (``emphasized that “it has to
   clarify”``), or after the closing mark within six words of its sentence (``“No,” he said``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import polars as pl

from analysis.quote_kinds import ShortQuoteKinds, coordinated_kind
from analysis.reporting_verbs import ReportingVerbs, load_reporting_verbs
from analysis.schema import Column, Schema
from analysis.tokens import WORD

QUOTES = Schema(
    "quotes",
    (
        Column("id", pl.String, "article id"),
        Column("quote", pl.Int64, "quote number within the article, from 0, in order of start"),
        Column("start", pl.Int64, "offset of the opening quotation mark in clean_text"),
        Column(
            "end",
            pl.Int64,
            "offset one past the closing mark (one past the quoted text when "
            "the quote never closes)",
        ),
        Column("inner_start", pl.Int64, "offset of the first character inside the marks"),
        Column("inner_end", pl.Int64, "offset one past the last character inside the marks"),
        Column("words", pl.Int64, "words inside the marks (analysis.tokens)"),
        Column(
            "kind",
            pl.String,
            "'quotation' (someone's words), 'partial' (a few words of a speaker the "
            "sentence reports), 'mention' (a name or a word talked about) or 'scare' (a "
            "short phrase the writer sets off); the rules are in the analysis.quotes and "
            "analysis.quote_kinds docstrings",
        ),
        Column("paragraphs", pl.Int64, "how many paragraphs the quote runs over, 1 or more"),
        Column(
            "closed",
            pl.Boolean,
            "false when no closing mark was found and the quote was ended "
            "at its paragraph's end (then inner_end == end)",
        ),
    ),
)

#: A quote of at most this many words can be a scare quote (see the module docstring).
SCARE_MAX_WORDS = 4

_LINE = re.compile(r"[^\n]+")
_DOUBLE_OPENERS = "“„«"
_DOUBLE_CLOSERS = "”»"
_ALL_MARKS = "\"“”„«»‘’'"
# characters after which a straight mark may open, and before which one may close
_OPEN_AFTER = set("([{—–-/…" + _ALL_MARKS)
_CLOSE_BEFORE = set(".,;:!?)]}—–-…/\u2060" + _ALL_MARKS)
# Two apostrophes ''...'' are a double quotation mark in newspaper archives and research
# corpora: the scanner reads each pair as a straight double mark followed by a stand-in that
# is neither a mark nor a space (offsets unchanged), then widens the quotes it finds.
_TWO_APOSTROPHES = re.compile("''")
_STAND_IN = "\u2060"  # word joiner
_DOUBLE_STAND_IN = '"' + _STAND_IN
# a sentence end followed by more text, inside a quote
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"”’')\]]*\s+\S")
# how many marks ahead to look when deciding whether a plural ’ closes a single quote
_LOOKAHEAD_MARKS = 8


@dataclass
class _Open:
    start: int
    family: str  # 'double' or 'single'
    glyph: str
    paragraphs: int = 1


# (start, end, inner_start, inner_end, paragraphs, closed)
_Span = tuple[int, int, int, int, int, bool]


def find_quotes(articles: pl.DataFrame, verbs: ReportingVerbs | None = None) -> pl.DataFrame:
    """Find every quotation-mark span in each article's ``clean_text``.

    ``articles`` follows ``analysis.corpus.ARTICLES`` (only ``id`` and ``clean_text`` are read);
    ``verbs`` is the reporting-cue vocabulary used to tell quotations from scare quotes (default:
    the packaged ``reporting_verbs.toml``). Returns a table following :data:`QUOTES`, one row per
    quote (nested quotes are rows of their own), sorted by id and start; offsets are characters.
    """
    cues = _CueContext(verbs or load_reporting_verbs())
    rows: list[tuple] = []
    for article_id, text in articles.select("id", "clean_text").iter_rows():
        if not text:
            continue
        spans = sorted(scan_quotes(text))
        previous: tuple[int, str] | None = None  # (end, kind) of the quote before
        for number, (start, end, inner_start, inner_end, paragraphs, closed) in enumerate(spans):
            words = len(WORD.findall(text, inner_start, inner_end))
            kind = cues.kind(text, start, end, inner_start, inner_end, words, paragraphs)
            kind = coordinated_kind(text, previous, start, kind)
            previous = (end, kind)
            rows.append(
                (
                    article_id,
                    number,
                    start,
                    end,
                    inner_start,
                    inner_end,
                    words,
                    kind,
                    paragraphs,
                    closed,
                )
            )
    columns = zip(*rows, strict=True) if rows else ([] for _ in QUOTES.names)
    table = pl.DataFrame(
        dict(zip(QUOTES.names, map(list, columns), strict=True)), schema=QUOTES.polars_schema()
    )
    return table.sort("id", "start")


def scan_quotes(text: str) -> list[_Span]:
    """Pair the quotation marks of ``text``; return (start, end, inner_start, inner_end,
    paragraphs, closed) per quote, in the order they close. Quotes with no word inside are dropped.
    """
    original = text
    if "''" in text:
        text = _TWO_APOSTROPHES.sub(_DOUBLE_STAND_IN, text)
    positions = _mark_positions(text)
    if not positions:
        return []
    found: list[_Span] = []
    carry: _Open | None = None  # a double quote left open at the end of the previous paragraph
    carry_end = 0
    at = 0  # positions[at] is the first mark not before the paragraph read
    first_paragraph = text.rfind("\n", 0, positions[0]) + 1
    for line in _LINE.finditer(text, first_paragraph):
        line_start, line_end = line.span()
        if carry is None:
            # a paragraph without marks changes nothing unless a quote is carried into it
            if at == len(positions):
                break
            if positions[at] >= line_end:
                continue
        start, end = _trim(text, line_start, line_end)
        if start == end:
            continue
        after = bisect.bisect_left(positions, end, at)
        marks = [(position, text[position]) for position in positions[at:after]]
        at = after
        stack: list[_Open] = []
        first = 0
        if carry is not None:
            if marks and marks[0][0] == start and marks[0][1] in _DOUBLE_OPENERS + '"':
                carry.paragraphs += 1
                stack.append(carry)
                first = 1
            else:
                found.append(_unclosed(carry, carry_end))
            carry = None
        for index in range(first, len(marks)):
            _read_mark(text, marks, index, stack, found)
        doubles = [opened for opened in stack if opened.family == "double"]
        if doubles:
            carry, carry_end = doubles[0], end
    if carry is not None:
        found.append(_unclosed(carry, carry_end))
    kept = [span for span in found if WORD.search(text, span[2], span[3]) is not None]
    return kept if text is original else [_widen(original, span) for span in kept]


def _widen(text: str, span: _Span) -> _Span:
    """A quote read with ''...'' standing in as one mark, widened to cover both apostrophes of
    each mark written so."""
    start, end, inner_start, inner_end, paragraphs, closed = span
    if text.startswith("''", start):
        inner_start = start + 2
    if closed and end < len(text) and text.startswith("''", end - 1):
        end += 1
    return start, end, inner_start, inner_end, paragraphs, closed


def _mark_positions(text: str) -> list[int]:
    """Sorted offsets of every quotation mark in ``text`` (str.find per glyph is several times
    faster than a regex character class over the whole text)."""
    positions: list[int] = []
    append = positions.append
    for glyph in _ALL_MARKS:
        at = text.find(glyph)
        while at >= 0:
            append(at)
            at = text.find(glyph, at + 1)
    positions.sort()
    return positions


def _read_mark(
    text: str, marks: list[tuple[int, str]], index: int, stack: list[_Open], found: list[_Span]
) -> None:
    """Update the stack of open quotes with the mark at ``marks[index]``."""
    position, glyph = marks[index]
    before = text[position - 1] if position > 0 else "\n"
    after = text[position + 1] if position + 1 < len(text) else "\n"
    if glyph in _DOUBLE_OPENERS:
        stack.append(_Open(position, "double", glyph))
    elif glyph in _DOUBLE_CLOSERS:
        _close(stack, "double", position, found)
    elif glyph == '"':
        can_open = (before.isspace() or before in _OPEN_AFTER) and not after.isspace()
        can_close = (after.isspace() or after in _CLOSE_BEFORE) and (
            not before.isspace() or _after_single_close(text, position)
        )
        open_double = next((o for o in reversed(stack) if o.family == "double"), None)
        if open_double is not None and can_close:
            _close(stack, "double", position, found)
        elif can_open:
            if open_double is not None and open_double.glyph == '"':
                # a straight opening while a straight quote is open: the first one never closed
                found.append(_unclosed(open_double, _trim(text, open_double.start, position)[1]))
                del stack[stack.index(open_double) :]
            stack.append(_Open(position, "double", glyph))
    elif glyph == "‘":
        if not after.isspace() and not before.isalnum():
            stack.append(_Open(position, "single", glyph))
    elif before.isalnum() and after.isalnum():
        return  # an apostrophe inside a word: Syria’s, don't
    elif stack and stack[-1].family == "single" and not before.isspace():
        if not _plural_apostrophe(text, marks, index):
            _close(stack, "single", position, found)
    elif glyph == "'" and (before.isspace() or before in _OPEN_AFTER) and after.isalpha():
        stack.append(_Open(position, "single", glyph))


def _after_single_close(text: str, position: int) -> bool:
    """Does a straight double mark at ``position`` follow a closing single mark and a space
    (``...to the center,' " she said``), as writers space nested closing marks?"""
    return position >= 3 and text[position - 1] == " " and text[position - 2] in "'’" and (
        not text[position - 3].isspace()
    )


def _plural_apostrophe(text: str, marks: list[tuple[int, str]], index: int) -> bool:
    """True when a ’ after a plural s ("the rebels’ leaders") is better read as an apostrophe:
    a lower-case word follows and another single closing mark comes soon after."""
    position = marks[index][0]
    if text[position - 1] not in "sS" or not text[position + 1 : position + 3].startswith(" "):
        return False
    if not text[position + 2 : position + 3].islower():
        return False
    for later, glyph in marks[index + 1 : index + 1 + _LOOKAHEAD_MARKS]:
        if glyph not in "’'":
            return False  # a double mark comes first: the single quote closes here
        after = text[later + 1] if later + 1 < len(text) else "\n"
        if not (text[later - 1].isalnum() and after.isalnum()):
            return True
    return False


def _close(stack: list[_Open], family: str, position: int, found: list[_Span]) -> None:
    """Close the innermost open quote of ``family`` at ``position``; quotes opened inside it and
    still open are dropped (an unclosed single is an apostrophe, an unclosed double a stray)."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].family == family:
            opened = stack[depth]
            del stack[depth:]
            found.append(
                (opened.start, position + 1, opened.start + 1, position, opened.paragraphs, True)
            )
            return


def _unclosed(opened: _Open, end: int) -> _Span:
    end = max(end, opened.start + 1)
    return (opened.start, end, opened.start + 1, end, opened.paragraphs, False)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace on both sides."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _CueContext:
    """Decides a quote's kind; holds the speech-cue regexes, compiled once per vocabulary."""

    def __init__(self, verbs: ReportingVerbs) -> None:
        cue = verbs.pattern("verbs", "document_verbs", "phrases").pattern
        # (?<!-): "so-called" is no cue
        self._cue_before = re.compile(rf"(?<!-)(?:{cue})\s*(?:that\s*)?[,:]?\s*$", re.IGNORECASE)
        self._cue_after = re.compile(
            rf"^\s*,?\s*(?:[^\W\d_][\w’'-]*\s+){{0,6}}?(?:{cue})", re.IGNORECASE
        )
        self._short = ShortQuoteKinds(verbs)

    def kind(
        self,
        text: str,
        start: int,
        end: int,
        inner_start: int,
        inner_end: int,
        words: int,
        paragraphs: int,
    ) -> str:
        """'quotation' by the rule in the module docstring, else the kind of a short quote
        (analysis.quote_kinds)."""
        if words > SCARE_MAX_WORDS or paragraphs > 1:
            return "quotation"
        inner = text[inner_start:inner_end].strip()
        if _SENTENCE_INSIDE.search(inner) or inner.rstrip("\"”’'").endswith(("?", "!")):
            return "quotation"
        before = text[max(0, start - 80) : start].rpartition("\n")[2]
        after = text[end : end + 100].partition("\n")[0]
        sentence_start = before.rstrip() == "" or before.rstrip()[-1] in ".!?:,"
        if inner[:1].isupper() and inner.rstrip("\"”’'").endswith(".") and sentence_start:
            return "quotation"
        if before.rstrip().endswith(":") or self._cue_before.search(before):
            return "quotation"
        if self._cue_after.search(after):
            return "quotation"
        return self._short.kind(text, start, end, inner_start, inner_end)
