"""Compiling a lexicon into one regular expression, and finding its terms in a text.

Rules every hit obeys:

* whole words only: a match never starts or ends inside a word (a hyphen is a word edge, so
  "militant-held" contains "militant");
* within a category the longest match at a position wins and matches do not overlap, so
  "so-called moderate opposition" is one hit, not also "moderate opposition";
* categories are independent: "so-called" (distancing) is found inside "so-called moderate
  opposition" (armed opposition) as well.

How it stays fast: all forms of all categories go into one regular expression built as a trie
(a shared prefix is written once), so the text is scanned once per lexicon, however many terms.
The scan runs on ``text.lower()`` with plain lower-case literals, which Python's engine checks
much faster than case-insensitive classes; offsets carry over because lowering keeps the length
(when it does not, as for "İ", that text is scanned with explicit case classes instead).
Categories whose forms can never overlap (the usual case) share one consuming branch. Categories
that can overlap, and categories with user patterns, are tried with zero-width lookaheads at
each word start, one capture group per category, and a small loop keeps each category's matches
from overlapping, which gives exactly what scanning each category separately would give.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from analysis.lexicon.forms import (
    APOSTROPHE_REGEX,
    APOSTROPHES,
    HYPHEN_REGEX,
    HYPHENS,
    OPENING_TO_CLOSING,
    QUOTES,
    SPACE_REGEX,
    boundaries,
    key,
    tidy,
)


class TermLike(Protocol):
    """What the matcher reads of a lexicon term (:class:`analysis.lexicon.model.Term`, which
    holds its compiled matcher, so this module cannot import it)."""

    name: str
    forms: tuple[str, ...]
    pattern: str | None
    exclude: tuple[str, ...]
    not_after: tuple[tuple[str, ...], ...]
    not_before: tuple[tuple[str, ...], ...]


class CategoryLike(Protocol):
    """What the matcher reads of a category (:class:`analysis.lexicon.model.Category`)."""

    name: str
    terms: tuple[TermLike, ...]


_SPACE, _HYPHEN, _APOSTROPHE = "\x00space", "\x00hyphen", "\x00apostrophe"
_END = ""
_WORD = re.compile(r"\w+")


def _atoms(form: str) -> list[str]:
    """A form as trie steps: lower-case characters, and separator markers."""
    atoms: list[str] = []
    for char in tidy(form).lower():
        if char.isspace():
            atoms.append(_SPACE)
        elif char in HYPHENS:
            atoms.append(_HYPHEN)
        elif char in APOSTROPHES or char in QUOTES:
            atoms.append(_APOSTROPHE)
        else:
            atoms.append(char)
    return atoms


def _atom_regex(atom: str, cased: bool) -> str:
    if atom == _SPACE:
        return SPACE_REGEX
    if atom == _HYPHEN:
        return HYPHEN_REGEX
    if atom == _APOSTROPHE:
        return APOSTROPHE_REGEX
    if not cased:
        return re.escape(atom)
    # Exactly the characters whose lower case is this atom, so key() of any match is the key
    # of the form it came from.
    cases = {c for c in (atom, atom.upper(), atom.title()) if len(c) == 1 and c.lower() == atom}
    if len(cases) == 1:
        return re.escape(atom)
    return "[" + "".join(re.escape(c) for c in sorted(cases)) + "]"


def trie_regex(forms: Sequence[str], cased: bool = False) -> str:
    """One regular expression matching any of ``forms``, longest first at each position.

    With ``cased`` false it matches lower-case text only (search ``text.lower()``); with
    ``cased`` true every letter is a class of its cases.
    """
    root: dict = {}
    for form in forms:
        node = root
        for atom in _atoms(form):
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _node_regex(root, cased)[0]


def _node_regex(node: dict, cased: bool) -> tuple[str, int]:
    """(regex for everything below ``node``, length of its longest form)."""
    branches = []
    for atom, child in node.items():
        if atom == _END:
            continue
        regex, depth = _node_regex(child, cased)
        branches.append((depth + 1, _atom_regex(atom, cased) + regex))
    if not branches:
        return "", 0
    # Longer continuations first: with leftmost-first alternation the longest form wins.
    branches.sort(key=lambda branch: -branch[0])
    body = "|".join(regex for _, regex in branches)
    depth = branches[0][0]
    if _END in node:
        return f"(?:{body})?", depth
    return (f"(?:{body})" if len(branches) > 1 else body), depth


def interacting_categories(literal_forms: dict[str, list[str]]) -> set[str]:
    """Categories with a form that can overlap a form of another category in some text.

    Two forms can overlap only where a word starts or ends in both, so it is enough to compare
    their keys at separator positions: one contained in the other, or the end of one equal to the
    start of the other.
    """
    full_keys: dict[str, set[str]] = defaultdict(set)
    prefixes: dict[str, set[str]] = defaultdict(set)
    shapes: list[tuple[str, str, list[int]]] = []
    for category, forms in literal_forms.items():
        for form in forms:
            form_key = key(form)
            edges = sorted(b for b in boundaries(form) if b <= len(form_key))
            shapes.append((category, form_key, edges))
            full_keys[form_key].add(category)
            for edge in edges:
                if 0 < edge < len(form_key):
                    prefixes[form_key[:edge]].add(category)
    interacting: set[str] = set()
    for category, form_key, edges in shapes:
        others: set[str] = set()
        for index, start in enumerate(edges):
            for end in edges[index + 1 :]:
                others |= full_keys.get(form_key[start:end], set())
            if 0 < start < len(form_key):
                others |= prefixes.get(form_key[start:], set())
        others.discard(category)
        if others:
            interacting |= others | {category}
    return interacting


@dataclass
class _LookaheadCategory:
    """A category matched with zero-width lookaheads (it may overlap another category)."""

    name: str
    trie_group: str | None
    keys: dict[str, str | None]
    forms: list[str]
    pattern_groups: list[tuple[str, str]] = field(default_factory=list)


def _category_forms(category: CategoryLike) -> tuple[list[str], dict[str, str | None]]:
    """A category's literal forms to match, and the term each form's key stands for.

    Excluded phrases ("fighter jets") are matched too, with None as their term: within the
    category the longer phrase wins, so the term inside it is not counted.
    """
    keys: dict[str, str | None] = {}
    forms: list[str] = []
    for term in category.terms:
        for form in term.forms:
            # The first term to claim a key keeps it (the lexicon check reports real clashes).
            if keys.setdefault(key(form), term.name) == term.name:
                forms.append(form)
    for term in category.terms:
        for form in term.exclude:
            if key(form) not in keys:
                keys[key(form)] = None
                forms.append(form)
    return forms, keys


class Matcher:
    """A lexicon compiled into one regular expression. Build it once, reuse it for every text."""

    def __init__(self, categories: Sequence[CategoryLike]) -> None:
        literal_forms: dict[str, list[str]] = {}
        owners: dict[str, dict[str, str | None]] = {}
        for category in categories:
            literal_forms[category.name], owners[category.name] = _category_forms(category)
        has_patterns = any(term.pattern for category in categories for term in category.terms)
        lookahead = interacting_categories(literal_forms)
        if has_patterns:
            # What a pattern can match is unknown, so it may overlap anything: every category
            # then goes through the lookahead branch (slower, still one scan).
            lookahead = {category.name for category in categories}
        self._literal_keys: dict[str, tuple[str, str | None]] = {}
        self._consuming_forms: list[str] = []
        self._lookahead: list[_LookaheadCategory] = []
        self._patterns: list[tuple[str, str]] = []  # (group name, pattern)
        for number, category in enumerate(categories):
            name = category.name
            if name not in lookahead:
                for form_key, term_name in owners[name].items():
                    self._literal_keys[form_key] = (name, term_name)
                self._consuming_forms += literal_forms[name]
                continue
            entry = _LookaheadCategory(name, None, owners[name], literal_forms[name])
            if literal_forms[name]:
                entry.trie_group = f"category{number}"
            for index, term in enumerate(category.terms):
                if term.pattern is not None:
                    group = f"category{number}pattern{index}"
                    entry.pattern_groups.append((group, term.name))
                    self._patterns.append((group, term.pattern))
            self._lookahead.append(entry)
        self._contexts = {
            (category.name, term.name): (term.not_after, term.not_before)
            for category in categories
            for term in category.terms
            if term.not_after or term.not_before
        }
        self._has_consuming = bool(self._consuming_forms)
        self._lowercase = self._compile(cased=False)
        self._cased: re.Pattern[str] | None = None  # built when a text needs it

    def _compile(self, cased: bool) -> re.Pattern[str] | None:
        """The lexicon's regular expression, for lower-cased text or (``cased``) any text."""
        branches = []
        if self._consuming_forms:
            consuming = trie_regex(self._consuming_forms, cased)
            branches.append(f"(?P<consuming>{consuming})(?!\\w)")
        guard: list[str] = []
        captures: list[str] = []
        all_lookahead_forms = [form for entry in self._lookahead for form in entry.forms]
        if all_lookahead_forms:
            # One trie over all lookahead categories tells cheaply whether any can match here.
            guard.append(trie_regex(all_lookahead_forms, cased))
        for entry in self._lookahead:
            if entry.trie_group is not None:
                regex = trie_regex(entry.forms, cased)
                captures.append(f"(?=(?P<{entry.trie_group}>{regex})(?!\\w)|)")
        for group, pattern in self._patterns:
            guard.append(f"(?i:{pattern})")
            captures.append(f"(?=(?P<{group}>(?i:{pattern}))(?!\\w)|)")
        if guard:
            branches.append("(?=(?:" + "|".join(guard) + ")(?!\\w))" + "".join(captures))
        if not branches:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(branches) + ")")

    @property
    def regex(self) -> re.Pattern[str] | None:
        """The compiled expression used on lower-cased text (None for an empty lexicon)."""
        return self._lowercase

    def find(self, text: str) -> list[tuple[str, str, int, int]]:
        """Every hit in ``text`` as (category, term, start, end), in order of start.

        Offsets are character offsets into ``text``, end exclusive. A closing quotation mark
        that balances an opening one inside the match is included ("so-called “moderate
        opposition”").
        """
        if self._lowercase is None or not text:
            return []
        lowered = text.lower()
        if len(lowered) == len(text):
            regex, searched = self._lowercase, lowered
        else:
            if self._cased is None:
                self._cased = self._compile(cased=True)
            regex, searched = self._cased, text
        hits: list[tuple[str, str, int, int]] = []
        consumed = {entry.name: 0 for entry in self._lookahead}
        for match in regex.finditer(searched):
            if self._has_consuming and match.start("consuming") >= 0:
                start, end = match.span("consuming")
                category, term = self._literal_keys[key(searched[start:end])]
                if term is not None:
                    hits.append((category, term, start, _close_quote(text, start, end)))
                continue
            start = match.start()
            for entry in self._lookahead:
                if start < consumed[entry.name]:
                    continue
                best_end, best_term = -1, None
                if entry.trie_group is not None:
                    end = match.end(entry.trie_group)
                    if end > start:
                        best_end, best_term = end, entry.keys[key(searched[start:end])]
                for group, term in entry.pattern_groups:
                    end = match.end(group)
                    if end > best_end:
                        best_end, best_term = end, term
                if best_end > start:
                    consumed[entry.name] = best_end
                    if best_term is not None:
                        hits.append(
                            (entry.name, best_term, start, _close_quote(text, start, best_end))
                        )
        if self._contexts:
            hits = [hit for hit in hits if not self._excluded_by_context(text, hit)]
        return hits

    def _excluded_by_context(self, text: str, hit: tuple[str, str, int, int]) -> bool:
        """True when the words just before or after a hit are one of its term's exclusions."""
        rules = self._contexts.get(hit[:2])
        if rules is None:
            return False
        not_after, not_before = rules
        start, end = hit[2], hit[3]
        if not_after:
            longest = max(len(words) for words in not_after)
            before = tuple(_WORD.findall(text[max(0, start - 30 * longest) : start].lower()))
            if any(before[-len(words) :] == words for words in not_after):
                return True
        if not_before:
            longest = max(len(words) for words in not_before)
            after = tuple(_WORD.findall(text[end : end + 30 * longest].lower()))
            if any(after[: len(words)] == words for words in not_before):
                return True
        return False


def _close_quote(text: str, start: int, end: int) -> int:
    """``end``, moved past a closing quotation mark that pairs an opening one inside the match."""
    if end >= len(text):
        return end
    matched = text[start:end]
    for opening, closing in OPENING_TO_CLOSING.items():
        if text[end] != closing:
            continue
        if opening == closing:
            if matched.count(opening) % 2:
                return end + 1
        elif matched.count(opening) > matched.count(closing):
            return end + 1
    # A straight single quote is also an apostrophe: it opens a quotation only after a space.
    opening = matched.find("'")
    if (
        text[end] == "'"
        and matched.count("'") % 2
        and opening > 0
        and matched[opening - 1].isspace()
    ):
        return end + 1
    return end
