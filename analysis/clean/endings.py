"""Rule 7: what is cut off the end of an article's last line, an outlet's repeated endings
(:class:`RepeatedEndings`, found by :mod:`analysis.clean.repeated`) and the ``[[ending]]``
patterns of the furniture rules (:func:`ending_cuts`)."""

from __future__ import annotations

from analysis.clean.defaults import ENDING_ROUNDS, ENDING_WINDOW
from analysis.clean.rules import FurnitureRules

REPEATED_ENDING = "repeated at the end of the outlet's articles"


class RepeatedEndings:
    """An outlet's repeated endings (rule 7): each its words, one space apart."""

    def __init__(self, endings: frozenset[str]):
        self.endings = endings
        self.most_words = max((ending.count(" ") + 1 for ending in endings), default=0)

    def find(self, text: str) -> int | None:
        """Where in ``text`` (a stripped line) the longest of the endings it ends with
        starts, leaving at least one word before it; None when it ends with none of them."""
        if not self.most_words:
            return None
        parts = text.rsplit(maxsplit=self.most_words)
        if len(parts) > self.most_words:  # the rest of the text, then its last words
            words, longest = parts[1:], self.most_words
        else:  # the text's words, all of them; one must stay
            words, longest = parts, len(parts) - 1
        for count in range(longest, 0, -1):
            if " ".join(words[-count:]) in self.endings:
                rest = text.rsplit(maxsplit=count)[0]
                return len(text) - len(text[len(rest) :].lstrip())
        return None


def ending_cuts(
    text: str, start: int, end: int, rules: FurnitureRules, endings: RepeatedEndings
) -> list[tuple[int, str]]:
    """Rule 7's cuts at the end of ``text[start:end]`` (a kept line, or the end of one),
    each (where it starts in ``text``, reason), in the order made: the longest of the
    outlet's repeated ``endings`` it ends with, then, pattern by pattern, what an
    ``[[ending]]`` pattern finds at the end of what is left; again on what is left while
    something was cut (ENDING_ROUNDS at most). A cut starts after whitespace and leaves a
    word or more."""
    cuts: list[tuple[int, str]] = []
    for _ in range(ENDING_ROUNDS):
        end_before = end
        found = endings.find(text[start:end].rstrip())
        if found is not None:
            end = start + found
            cuts.append((end, REPEATED_ENDING))
        for pattern, reason in rules.endings:
            left = len(text[:end].rstrip())
            match = pattern.search(text, max(start, left - ENDING_WINDOW), left)
            if match and text[start : match.start()].strip() and text[match.start() - 1].isspace():
                end = match.start()
                cuts.append((end, reason))
        if end == end_before:
            break
    return cuts
