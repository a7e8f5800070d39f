"""From offsets into an article's clean text back to offsets into the text as read.

The cleaner (analysis.clean) keeps some lines of the text as read (``raw_text``), each
stripped, perhaps cut at its start (a date) or end (furniture), and with every run of
whitespace made one space; the kept lines are joined by blank lines. So every character of
the clean text is a character of the raw text, except that one space stands for a run of
whitespace and each paragraph separator for the removed text between two kept lines. The
REMOVED_LINES table says which lines went whole; the others are the kept lines, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PARAGRAPH_SEPARATOR = "\n\n"  # how the cleaner joins kept lines (analysis.clean)


class OffsetMap:
    """Where each character of a clean text is in the raw text it came from.

    ``positions[i]`` is the raw offset of clean character ``i``: for a space that stands for
    a run of whitespace, the run's first character; for a paragraph separator, the end of
    the line before it.
    """

    def __init__(self, positions: list[int]):
        self.positions = positions

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span (start, end exclusive) of the clean span ``start``-``end``: from the
        raw position of its first character to one past that of its last."""
        if end <= start:
            position = self.positions[start] if start < len(self.positions) else (
                self.positions[-1] + 1 if self.positions else 0)
            return position, position
        return self.positions[start], self.positions[end - 1] + 1


def clean_offset_map(
    raw_text: str, clean_text: str, removed: Iterable[tuple[int, str]]
) -> OffsetMap:
    """The OffsetMap of an article's ``clean_text`` into its ``raw_text``, given its
    REMOVED_LINES rows as (line, text). Raises AssertionError when the clean text is not
    what the cleaner makes of those lines (a bug)."""
    lines = raw_text.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    whole: set[int] = set()
    partly: set[int] = set()
    for number, text in removed:
        # A part cut from a kept line always leaves a word of it, so never equals the line.
        if text == lines[number - 1].strip():
            whole.add(number)
        else:
            partly.add(number)
    kept = [
        number
        for number, line in enumerate(lines, start=1)
        if line.strip() and number not in whole
    ]
    paragraphs = clean_text.split(PARAGRAPH_SEPARATOR) if clean_text else []
    if len(kept) != len(paragraphs):
        raise AssertionError(f"{len(paragraphs)} paragraphs in the clean text, {len(kept)} kept "
                             "lines in the raw text")
    positions: list[int] = []
    for index, (number, paragraph) in enumerate(zip(kept, paragraphs, strict=True)):
        if index:
            positions.extend([positions[-1] + 1] * len(PARAGRAPH_SEPARATOR))
        line = lines[number - 1]
        if number in partly:
            words = r"\s+".join(map(re.escape, paragraph.split(" ")))
            found = re.search(words, line)
            if found is None:
                raise AssertionError(f"line {number}: paragraph {index + 1} not found in it")
            start = found.start()
        else:
            start = len(line) - len(line.lstrip())
        positions.extend(_walk(line, start, paragraph, line_starts[number - 1]))
    return OffsetMap(positions)


def _walk(line: str, start: int, paragraph: str, line_start: int) -> list[int]:
    """The raw offsets of ``paragraph``'s characters, read in ``line`` from ``start``."""
    positions = []
    at = start
    for char in paragraph:
        if char == " " and line[at].isspace():
            positions.append(line_start + at)
            while at < len(line) and line[at].isspace():
                at += 1
            continue
        if line[at] != char:
            raise AssertionError(f"clean text {char!r} is {line[at]!r} in the raw line")
        positions.append(line_start + at)
        at += 1
    return positions
