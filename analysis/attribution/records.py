"""Attributions under construction: their quotes, and the rows they become.

:class:`Found` is one attribution while the sentence rules build it; :func:`attach_quotes`
gives it its quotation (making it direct), and :func:`to_row` turns it into an ATTRIBUTIONS row
with its reported content.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from analysis.attribution.speakers import Speaker
from analysis.reporting_verbs import Cue

_GAP = re.compile(r"[ \t,;:—–-]*")  # between a quote and its speaker: within a paragraph


@dataclass(slots=True)
class Quote:
    """A QUOTES row of the article (offsets into clean_text)."""

    index: int
    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: str
    top_level: bool = True


@dataclass(slots=True)
class Found:
    """One attribution while it is being built (offsets into clean_text)."""

    sentence_index: int
    sentence_start: int
    sentence_end: int
    cue: Cue | None
    cue_text: str
    cue_start: int
    cue_end: int
    speaker: tuple[int, int] | None  # character span, None for an agentless passive
    relay_of: Found | None = None  # "quoted as saying by X": X relays the same words
    standalone: bool = False
    quote: Quote | None = field(default=None, repr=False)

    @property
    def region(self) -> tuple[int, int]:
        """The span covering the speaker and the cue."""
        if self.speaker is None:
            return self.cue_start, self.cue_end
        return min(self.cue_start, self.speaker[0]), max(self.cue_end, self.speaker[1])


def mark_nested(quotes: list[Quote]) -> None:
    """Flag quotes that sit inside another quote (a scare quote inside a quotation)."""
    outer_end = -1
    for quote in quotes:
        quote.top_level = quote.start >= outer_end
        if quote.top_level:
            outer_end = quote.end


def attach_quotes(text: str, found: list[Found], quotes: list[Quote]) -> None:
    """Give each attribution its quotation: first one ending just before its speaker and cue,
    then one starting after its cue in the same sentence (bisection keeps this linear-ish)."""
    taken: set[int] = set()
    top = [q for q in quotes if q.top_level]  # sorted by start; they do not overlap
    starts = [q.start for q in top]
    ends = [q.end for q in top]
    ordered = sorted(found, key=lambda f: f.cue_start)
    for item in ordered:
        if item.relay_of is not None:
            continue
        region_start = item.region[0]
        at = bisect.bisect_right(ends, region_start) - 1
        if at < 0:
            continue
        quote = top[at]
        if quote.end <= item.sentence_start:
            continue  # a quotation closing an earlier sentence belongs to that sentence
        if quote.index not in taken and _GAP.fullmatch(text, quote.end, region_start):
            item.quote = quote
            taken.add(quote.index)
    cue_starts = [f.cue_start for f in ordered]
    for position, item in enumerate(ordered):
        if item.quote is not None or item.relay_of is not None:
            continue
        region_end = item.region[1]
        later = bisect.bisect_right(cue_starts, item.cue_start, lo=position)
        limit = (
            min(cue_starts[later], item.sentence_end) if later < len(ordered) else item.sentence_end
        )
        at = bisect.bisect_left(starts, region_end)
        while at < len(top) and top[at].start < limit:
            quote = top[at]
            if quote.kind == "quotation":
                if quote.index not in taken:
                    item.quote = quote
                    taken.add(quote.index)
                break
            at += 1
    for item in ordered:
        if item.relay_of is not None:
            item.quote = item.relay_of.quote


def to_row(text: str, item: Found, speaker: Speaker) -> tuple:
    """The ATTRIBUTIONS row of a finished attribution, without id and outlet: a tuple in the
    order of the columns that follow them (speaker, speaker_canonical, ..., speaker_end)."""
    sentence = text[item.sentence_start : item.sentence_end]
    quote = item.quote
    if quote is not None:
        content, start, end = text[quote.inner_start : quote.inner_end], quote.start, quote.end
    else:
        content, start, end = reported_content(text, item), item.sentence_start, item.sentence_end
    return (
        speaker.written,
        speaker.canonical,
        speaker.type,
        speaker.country,
        item.cue_text,
        item.cue.verb_class,
        quote is not None,
        content,
        sentence,
        start,
        end,
        quote.index if quote is not None else None,
        item.sentence_index,
        item.cue_start,
        item.cue_end,
        item.speaker[0] if item.speaker else None,
        item.speaker[1] if item.speaker else None,
    )


_TRAILING_LINKS = ("as", "according to")
_TRAILING_LINK = re.compile(rf",?\s*(?:{'|'.join(_TRAILING_LINKS)})$")
_LEADING = re.compile(r"^(?:[\s,:;—–-]|that\b|on\s+\w+day\b|in a statement\b)+", re.IGNORECASE)


def reported_content(text: str, item: Found) -> str:
    """The reported content of an indirect attribution: the clause after the cue, or before
    the speaker when the attribution closes the sentence ("..., the ministry said")."""
    region_start, region_end = item.region
    before = text[item.sentence_start : region_start].strip()
    following = text[region_end : item.sentence_end]
    after = _LEADING.sub("", following).strip().rstrip(".")
    closing = before.endswith(",") and len(before.split()) >= 5
    before = before.rstrip(",").strip()
    if before.endswith(_TRAILING_LINKS):  # _TRAILING_LINK can only match then (tried everywhere)
        before = _TRAILING_LINK.sub("", before).strip()
    if closing and (len(after.split()) <= 2 or following.lstrip().startswith(",")):
        return before  # "..., the ministry said (on Saturday)", "..., X said, adding that"
    return after or before
