"""Deciding line by line what on a scraped page is the article (structural rules 1-5).

:func:`clean_page` cleans one page with Python alone. The decisions themselves
(:func:`decide_page`) only read what each line is: its text, words and rule matches, which
:func:`clean_page` finds line by line and :mod:`analysis.clean.articles` finds for a whole
batch of pages at once; both give the same :class:`LineDecision` objects. Rule 7's cuts at the
end of a line are :mod:`analysis.clean.endings`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.clean.defaults import (
    BODY_MIN_WORDS,
    DATELINE_MAX_WORDS,
    LINK_MAX_WORDS,
    MOST_PROSE_SHARE,
    PROSE_MIN_WORDS,
    STANDFIRST_MIN_WORDS,
)
from analysis.clean.endings import RepeatedEndings, ending_cuts
from analysis.clean.rules import (
    NO_MATCHES,
    FurnitureRules,
    LineMatches,
    furniture_rules,
    match_rules,
)
from analysis.corpus import iso_date_from_match
from analysis.tokens import count_words

PARAGRAPH_SEPARATOR = "\n\n"
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[A-Z“\"]")


@dataclass(slots=True)
class LineDecision:
    """What the cleaner decided for one non-blank line of a page.

    ``text`` is the line stripped, ``spaced`` the same with every run of whitespace made one
    space, ``words`` its number of words (analysis.tokens) and ``matches`` what the furniture
    rules say about it.
    """

    number: int
    text: str
    spaced: str
    words: int
    matches: LineMatches = NO_MATCHES
    keep: bool = True
    reason: str | None = None
    cut_start: int = 0
    """Characters removed from the start of a kept line (a date glued to the text)."""
    cut_end: int = 0
    """Characters removed from the end of a kept line (rule 7)."""
    cuts: list[tuple[int, str, str]] | None = None
    """What was removed from a kept line: (start, text stripped, reason)."""
    protected: bool = False
    """A prose line that no rule may remove or cut (set when the rules would have removed
    most of the page's text as furniture, see :func:`decide_page`)."""
    _body: bool | None = field(default=None, repr=False)

    @property
    def body(self) -> bool:
        """Whether the line is a body paragraph (computed once)."""
        if self._body is None:
            self._body = self.words >= BODY_MIN_WORDS and is_sentence(self.text)
        return self._body

    @property
    def kept_text(self) -> str | None:
        """The part of a kept line that stays, when part of it was removed; else None."""
        if not (self.cut_start or self.cut_end):
            return None
        return self.text[self.cut_start : len(self.text) - self.cut_end]

    def cut_head(self, end: int, reason: str) -> None:
        """Remove ``text[:end]`` from a kept line none of whose start was removed yet."""
        if self.protected:
            return
        self.cuts = [*(self.cuts or []), (0, self.text[:end].strip(), reason)]
        self.cut_start = end

    def cut_tail(self, start: int, reason: str) -> None:
        """Remove the kept line's text from ``start`` on (up to what was cut before)."""
        if self.protected:
            return
        end = len(self.text) - self.cut_end
        self.cuts = [*(self.cuts or []), (start, self.text[start:end].strip(), reason)]
        self.cut_end = len(self.text) - start

    def removed_parts(self) -> list[tuple[str, str]]:
        """(text, reason) of each part removed from a kept line, in the line's order."""
        return [(text, reason) for _, text, reason in sorted(self.cuts or [])]

    def remove(self, reason: str) -> None:
        if self.keep and not self.protected:
            self.keep = False
            self.reason = reason


@dataclass
class CleanPage:
    """The result of cleaning one page; ``words`` counts the words of ``text``."""

    text: str
    lines: list[LineDecision]
    title: str | None
    date: str | None
    chars_removed: int
    words: int = 0
    prose_restored: bool = False
    """True when the rules would have removed prose lines holding more than
    ``MOST_PROSE_SHARE`` of the page's words: then every prose line is kept whole (lines
    that are not sentences still go)."""
    lines_removed: int = field(init=False)

    def __post_init__(self) -> None:
        self.lines_removed = sum(1 for line in self.lines if not line.keep)


def normalise_line(text: str) -> str:
    """Compare lines regardless of case, spacing and quote style."""
    if not text.isascii():  # the quotes, dashes and spaces to fold are not ASCII
        text = text.translate(_QUOTE_FOLD)
    return " ".join(text.lower().split())


_QUOTE_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})

# A sentence ends with final punctuation and any closing quotes or brackets, or with a closing
# quote, then whitespace: is_sentence is _TERMINAL.search, read from the end of the text.
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_FINAL_PUNCTUATION = (".", "!", "?", "…")
_CLOSERS = "\"'”’)]"
_CLOSING_QUOTES = ('"', "”", "’")


def is_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence (final punctuation or a closing quote): the same
    as ``_TERMINAL.search(text)``, without reading the whole line (``rstrip`` removes what
    ``\\s`` matches)."""
    end = text.rstrip()
    return end.endswith(_CLOSING_QUOTES) or end.rstrip(_CLOSERS).endswith(_FINAL_PUNCTUATION)


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _is_title_case(text: str) -> bool:
    """Two or more words of 4+ letters, all capitalised (stops at the first that is not)."""
    long_words = 0
    for match in _TITLE_WORD.finditer(text):
        word = match.group()
        if len(word) > 3:
            if not word[0].isupper():
                return False
            long_words += 1
    return long_words >= 2


def _is_doubled(text: str) -> bool:
    """A string written twice over ("captionCaption" from a scraped image title)."""
    half = len(text) // 2
    return len(text) >= 20 and len(text) % 2 == 0 and text[:half] == text[half:]


def page_lines(raw_text: str, rules: FurnitureRules) -> list[LineDecision]:
    """The non-blank lines of a page, each measured and matched with Python alone."""
    return [
        LineDecision(
            number,
            stripped,
            " ".join(stripped.split()),
            count_words(stripped),
            match_rules(stripped, rules),
        )
        for number, line in enumerate(raw_text.split("\n"), start=1)
        if (stripped := line.strip())
    ]


def clean_page(
    raw_text: str,
    *,
    title: str | None = None,
    repeated: frozenset[str] = frozenset(),
    endings: frozenset[str] = frozenset(),
) -> CleanPage:
    """Split a scraped page into article text and furniture.

    ``title`` (from a manifest or column) helps find the headline; ``repeated`` holds
    normalised lines known to repeat across the outlet's articles, ``endings`` the endings
    known to repeat at the end of its articles (rule 7). Returns the clean text,
    a decision per non-blank line (with the reason for each removal), the headline found,
    the page timestamp as ISO 8601 (or None) and the number of characters removed.
    """
    rules = furniture_rules()
    return decide_page(
        page_lines(raw_text, rules), rules, title=title, repeated=repeated, endings=endings
    )


class RepeatedLines:
    """An outlet's repeated lines (rule 6), normalised."""

    def __init__(self, lines: frozenset[str]):
        self.lines = lines
        self.longest = max(map(len, lines), default=-1)

    def match(self, line: LineDecision) -> bool:
        """Whether ``line`` normalises to one of the lines. Normalising never makes the spaced
        line shorter, so longer lines are not normalised at all."""
        return len(line.spaced) <= self.longest and normalise_line(line.text) in self.lines


def decide_page(
    lines: list[LineDecision],
    rules: FurnitureRules,
    *,
    title: str | None = None,
    repeated: frozenset[str] | RepeatedLines = frozenset(),
    endings: frozenset[str] | RepeatedEndings = frozenset(),
) -> CleanPage:
    """Apply structural rules 1-5, rule 6's ``repeated`` lines and rule 7's ``endings`` to a
    page's ``lines`` (in page order, as :func:`page_lines` gives them); the decisions are
    written into ``lines``."""
    if not isinstance(repeated, RepeatedLines):
        repeated = RepeatedLines(repeated)
    if not isinstance(endings, RepeatedEndings):
        endings = RepeatedEndings(endings)
    found_title, page_date = _decide(lines, rules, title, repeated, endings)
    if not _removes_most_prose(lines):
        return _page(lines, found_title, page_date)
    # The rules would remove most of the article: decide again, with its prose lines kept.
    for line in lines:
        line.keep, line.reason = True, None
        line.cut_start = line.cut_end = 0
        line.cuts = None
        line.protected = _is_prose(line)
    found_title, page_date = _decide(lines, rules, title, repeated, endings)
    page = _page(lines, found_title, page_date)
    page.prose_restored = True
    return page


def _decide(
    lines: list[LineDecision],
    rules: FurnitureRules,
    title: str | None,
    repeated: RepeatedLines,
    endings: RepeatedEndings,
) -> tuple[str | None, str | None]:
    """Apply rules 1-7 to ``lines``; returns the headline and the page date found."""
    page_date: str | None = None
    headline = normalise_line(title) if title else None
    for index, line in enumerate(lines):
        if (
            line.matches.line
            and not is_prose_in_flow(lines, index)
            and not (headline and normalise_line(line.text) == headline)
        ):
            line.remove(line.matches.line)
    for index, line in enumerate(lines):
        if not line.keep:
            continue
        dateline = line.matches.dateline
        if dateline and line.words <= DATELINE_MAX_WORDS and not line.protected:
            page_date = page_date or iso_date_from_match(dateline)
            line.remove("page timestamp")
        elif _is_doubled(line.text):
            line.remove("photo caption (doubled)")
        elif line.matches.credit:
            line.remove("photo credit")
            _remove_caption_and_link(lines, index)
        elif line.matches.caption and not _SENTENCE_BREAK.search(line.text):
            line.remove("photo caption")
        elif repeated.match(line):
            line.remove("repeated across the outlet's articles")

    _cut_tail(lines)
    found_title = _keep_headline_and_standfirst(lines, title)
    _strip_leading_date(lines, rules)
    _cut_ending(lines, rules, endings)
    return found_title, page_date


def _is_prose(line: LineDecision) -> bool:
    """A line that ends like a sentence and has ``PROSE_MIN_WORDS`` words or more."""
    return line.words >= PROSE_MIN_WORDS and is_sentence(line.text)


def _is_furniture_sign(line: LineDecision) -> bool:
    """A line some furniture rule matches and that is not a sentence ("YesNo", "Log in")."""
    matches = line.matches
    found = matches.line or matches.tail or matches.credit or matches.dateline is not None
    return bool(found) and not is_sentence(line.text)


def is_prose_in_flow(lines: list[LineDecision], index: int) -> bool:
    """Whether ``lines[index]`` is a sentence of the article's own prose, which a ``[[line]]``
    or ``[[tail]]`` rule does not remove: it ends like a sentence, has ``PROSE_MIN_WORDS``
    words or more, and is not enclosed by furniture (the non-blank lines on both sides of it
    are furniture signs, :func:`_is_furniture_sign`; the start or end of the page is not)."""
    if not _is_prose(lines[index]):
        return False
    above = lines[index - 1] if index > 0 else None
    below = lines[index + 1] if index + 1 < len(lines) else None
    return not (
        above is not None
        and below is not None
        and _is_furniture_sign(above)
        and _is_furniture_sign(below)
    )


def _removes_most_prose(lines: list[LineDecision]) -> bool:
    """Whether the decisions remove prose (lines that end like a sentence, whole or cut from
    their start or end) of more than ``MOST_PROSE_SHARE`` of the page's words. Lines that are
    not sentences (link lists, galleries, forms) do not count as removed prose."""
    words = removed = 0
    for line in lines:
        words += line.words
        if not _is_prose(line):
            continue
        if not line.keep:
            removed += line.words
        elif line.cuts:
            removed += sum(count_words(text) for _, text, _ in line.cuts)
    return removed > words * MOST_PROSE_SHARE


def _page(lines: list[LineDecision], title: str | None, date: str | None) -> CleanPage:
    """The clean text and counts of a page whose lines are decided."""
    kept: list[str] = []
    words = 0
    removed_chars = 0
    for line in lines:
        if not line.keep:
            removed_chars += len(line.text)
        elif (kept_text := line.kept_text) is not None:
            end = len(line.text) - line.cut_end
            # Inside a line, any run of whitespace (non-breaking spaces included) becomes one
            # space; that changes no word.
            kept.append(" ".join(kept_text.split()))
            removed_chars += len(line.text) - len(kept_text.strip())
            head, tail = line.text[: line.cut_start], line.text[end:]
            # No word crosses whitespace: where each cut meets the kept text at whitespace,
            # the kept text holds the line's other words.
            words += (
                line.words - count_words(head) - count_words(tail)
                if (not head or head[-1].isspace()) and (not tail or line.text[end - 1].isspace())
                else count_words(kept_text)
            )
        else:
            kept.append(line.spaced)
            words += line.words
    # Paragraphs are joined by blank lines, which no word crosses: the text's words are the
    # kept lines' words.
    return CleanPage(PARAGRAPH_SEPARATOR.join(kept), lines, title, date, removed_chars, words)


def _remove_caption_and_link(lines: list[LineDecision], index: int) -> None:
    """The caption directly above a credit, and a related link directly below it."""
    credit = lines[index]
    if index > 0 and lines[index - 1].number == credit.number - 1:
        lines[index - 1].remove("photo caption")
    if index + 1 < len(lines):
        below = lines[index + 1]
        if (
            below.number == credit.number + 1
            and not is_sentence(below.text)
            and below.words <= LINK_MAX_WORDS
        ):
            below.remove("related link")


def _cut_tail(lines: list[LineDecision]) -> None:
    """Apply rule 4: after a body paragraph, a tail line and everything below it go; a list
    tail ("Read more:") followed by its list and two paragraphs of text takes only the list."""
    seen_body = False
    tail_reason: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if tail_reason:
            line.remove(tail_reason)
            index += 1
            continue
        reason = line.matches.tail
        if reason and is_prose_in_flow(lines, index):
            reason = None
        if reason and seen_body:
            resumes = _text_after_list(lines, index) if line.matches.tail_list else None
            if resumes is None:
                tail_reason = reason
                line.remove(reason)
            else:
                for item in lines[index:resumes]:
                    item.remove(reason)
                index = resumes
                continue
        elif reason:
            line.remove(reason)
        elif not seen_body and line.keep and line.body:  # no need to look further
            seen_body = True
        index += 1


def _text_after_list(lines: list[LineDecision], index: int) -> int | None:
    """Where the article's text resumes after the list that ``lines[index]`` introduces: the
    first of two body paragraphs in a row after the list's links (lines that are not
    sentences, ``LINK_MAX_WORDS`` words at most); None when they do not follow it."""
    after = index + 1
    while (
        after < len(lines)
        and not is_sentence(lines[after].text)
        and lines[after].words <= LINK_MAX_WORDS
    ):
        after += 1
    if after + 1 < len(lines) and lines[after].body and lines[after + 1].body:
        return after
    return None


def _keep_headline_and_standfirst(lines: list[LineDecision], title: str | None) -> str | None:
    """Apply rule 5 and return the headline as found on the page (or None)."""
    kept = [line for line in lines if line.keep]
    first_body = next((i for i, line in enumerate(kept) if line.body), None)
    header = kept[:first_body] if first_body is not None else kept[:1]
    candidates = [line for line in header if line.words >= 2]
    headline: LineDecision | None = None
    if title:
        wanted = normalise_line(title)
        headline = next((line for line in header if normalise_line(line.text) == wanted), None)
    if headline is None and candidates:
        headline = next((line for line in candidates if _is_title_case(line.text)), candidates[0])
    for line in header:
        if line is headline:
            continue
        if headline is not None and normalise_line(line.text) == normalise_line(headline.text):
            line.remove("repeated headline")
        elif first_body is not None and line.words < STANDFIRST_MIN_WORDS:
            line.remove("page header")
    if headline is not None:
        wanted = normalise_line(headline.text)
        for line in kept[len(header) :]:
            # Normalising changes the length little: compare only lines of about that length.
            if abs(len(line.text) - len(headline.text)) <= len(headline.text) // 4 + 4 and (
                normalise_line(line.text) == wanted
            ):
                line.remove("repeated headline")
    return headline.text if headline is not None else None


def _strip_leading_date(lines: list[LineDecision], rules: FurnitureRules) -> None:
    """Remove a date glued to the start of the text ("Wed 05 Apr 2017 Syria attack ...")."""
    first = next((line for line in lines if line.keep), None)
    if first is None:
        return
    for pattern in rules.leading_dates:
        match = pattern.match(first.text)
        if match and match.end() < len(first.text):
            first.cut_head(match.end(), "date at the start of the text")
            return


def _cut_ending(lines: list[LineDecision], rules: FurnitureRules, endings: RepeatedEndings) -> None:
    """Apply rule 7 to the last kept line, when it has BODY_MIN_WORDS words or more (the cuts
    of :func:`ending_cuts`)."""
    last = next((line for line in reversed(lines) if line.keep), None)
    if last is None or last.words < BODY_MIN_WORDS:
        return
    end = len(last.text) - last.cut_end
    for start, reason in ending_cuts(last.text, last.cut_start, end, rules, endings):
        last.cut_tail(start, reason)
