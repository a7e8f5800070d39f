"""Reading one lexicon TOML file into drafts, with every problem at its line.

The file format is documented in the header of ``analysis/data/lexicon.toml``. Checks made here
concern one entry at a time (a term, a pattern, a category); checks across entries (a term in
two categories, contrast sets) are in :mod:`analysis.lexicon.loading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.lexicon.defaults import MAX_DESCRIPTION_LENGTH, MAX_TERM_LENGTH
from analysis.lexicon.forms import (
    APOSTROPHES,
    QUOTES,
    generated_forms,
    has_word_character,
    tidy,
)
from analysis.lexicon.model import Term
from analysis.lexicon.patterns import pattern_matches, pattern_problems
from analysis.tomlfile import SourceLines, parse_toml_bytes

INFLECTIONS = ("noun", "verb", "none")
_TOP_KEYS = ("lexicon", "categories")
_LEXICON_KEYS = ("name", "version", "description", "anchors", "always", "covers")
_CATEGORY_KEYS = ("title", "description", "inflect", "scare_quotes", "terms", "contrast_sets")
_TERM_KEYS = (
    "term", "forms", "inflect", "pattern", "examples", "exclude", "not_after", "not_before", "note"
)
_QUOTATION_MARKS = "".join(char for char in QUOTES if char not in APOSTROPHES)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lexicon file, at a line (1-based; 0 when no line applies)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class SetDraft:
    """A contrast set as read: member terms with the line each is written on."""

    name: str
    description: str
    members: list[tuple[str, int]]
    source: str
    line: int


@dataclass
class CategoryDraft:
    """A category as read from one file (or merged from two), before cross-entry checks."""

    name: str
    title: str
    description: str
    inflect: str
    scare_quotes: bool
    source: str
    line: int
    terms: list[Term] = field(default_factory=list)
    contrast_sets: list[SetDraft] = field(default_factory=list)


@dataclass
class FileDraft:
    """A whole lexicon file as read: its [lexicon] table and categories by name."""

    name: str
    version: str
    description: str
    categories: dict[str, CategoryDraft]
    anchors: tuple[str, ...] = ()
    """Words whose presence in a corpus makes the pack fit it (analysis.lexicon.fit)."""
    always: bool = False
    """True for a pack that fits every corpus (``general``)."""
    covers: tuple[str, ...] = ()
    """Packs this one makes unnecessary when it fits (``syria`` covers ``conflict``)."""
    source: str = ""
    line: int = 1
    """The line of the [lexicon] table."""


class FileReader:
    """Validates one lexicon file and turns it into drafts, collecting problems on the way."""

    def __init__(self, source: str, text: str, base: dict[str, CategoryDraft] | None) -> None:
        self.source = source
        self.lines = SourceLines(text)
        self.base = base or {}
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        """Record a problem at ``line`` of this file."""
        self.problems.append(Problem(self.source, line, message))

    def unknown_keys(self, table: dict, allowed: tuple[str, ...], where: str, after: int) -> None:
        """Record every key of ``table`` that is not ``allowed`` (typos such as 'descripton')."""
        for name in table:
            if name not in allowed:
                self.problem(
                    self.lines.key(name, after),
                    f"unknown key '{name}' in {where}; expected one of: {', '.join(allowed)}",
                )

    def read(self, data: dict) -> FileDraft:
        """The whole file as a FileDraft ([lexicon] table and categories)."""
        self.unknown_keys(data, _TOP_KEYS, "the file", 0)
        about = data.get("lexicon")
        about_line = self.lines.header("lexicon") or 1
        if not isinstance(about, dict):
            self.problem(1, 'missing [lexicon] table with name = "..." and version = "..."')
            about = {}
        self.unknown_keys(about, _LEXICON_KEYS, "[lexicon]", about_line)
        name = about.get("name", "")
        if not isinstance(name, str) or not name.strip():
            self.problem(about_line, '[lexicon] needs a name = "..."')
            name = ""
        version = about.get("version", "0")
        if not isinstance(version, str | int | float):
            self.problem(self.lines.key("version", about_line), "version must be a string")
            version = "0"
        description = about.get("description", "")
        if not isinstance(description, str):
            self.problem(self.lines.key("description", about_line), "description must be a string")
            description = ""
        elif "\n" in description.strip() or len(description) > MAX_DESCRIPTION_LENGTH:
            self.problem(
                self.lines.key("description", about_line),
                f"the [lexicon] description must be one line of at most "
                f"{MAX_DESCRIPTION_LENGTH} characters (it is what `framelens lexicon list` shows)",
            )
        anchors = self.read_anchors(about, about_line)
        always = about.get("always", False)
        if not isinstance(always, bool):
            self.problem(self.lines.key("always", about_line), "always must be true or false")
            always = False
        categories = data.get("categories")
        if not isinstance(categories, dict) or not categories:
            self.problem(
                self.lines.header("categories") or 1,
                "the lexicon defines no categories; add a [categories.NAME] table",
            )
            categories = {}
        drafts = {}
        for category_name, table in categories.items():
            draft = self.read_category(str(category_name), table)
            if draft is not None:
                drafts[draft.name] = draft
        return FileDraft(
            name.strip(),
            str(version),
            " ".join(str(description).split()),
            drafts,
            anchors,
            always,
            tuple(str(name) for name in self.string_list(about, "covers", about_line)),
            self.source,
            about_line,
        )

    def read_anchors(self, about: dict, line: int) -> tuple[str, ...]:
        """The [lexicon] anchors: words that make the pack fit a corpus (may be empty)."""
        anchors = []
        for text in self.string_list(about, "anchors", line):
            checked = self.check_text(text, "anchor", self.lines.key("anchors", line) or line)
            if checked is not None:
                anchors.append(checked)
        return tuple(anchors)

    def read_context(self, entry: dict, name: str, line: int) -> tuple[tuple[str, ...], ...]:
        """``not_after`` or ``not_before`` of a term: phrases as tuples of lower-case words."""
        phrases = []
        for text in self.string_list(entry, name, line):
            checked = self.check_text(text, name, line)
            if checked is None:
                continue
            words = tuple(re.findall(r"\w+", checked.lower()))
            if words:
                phrases.append(words)
        return tuple(dict.fromkeys(phrases))

    def read_category(self, name: str, table: object) -> CategoryDraft | None:
        """One [categories.NAME] table as a CategoryDraft, or None if it is not a table."""
        line = self.lines.header("categories", name) or self.lines.key(name, 1) or 1
        if not isinstance(table, dict):
            self.problem(line, f"category '{name}' must be a table: [categories.{name}]")
            return None
        self.unknown_keys(table, _CATEGORY_KEYS, f"category '{name}'", line)
        base = self.base.get(name)
        description = table.get("description", base.description if base else "")
        if not isinstance(description, str) or not description.strip():
            self.problem(line, f"category '{name}' needs a description for readers")
            description = ""
        title = table.get("title", base.title if base else name.replace("_", " "))
        inflect = table.get("inflect", base.inflect if base else "noun")
        if inflect not in INFLECTIONS:
            self.problem(
                self.lines.key("inflect", line),
                f"inflect must be one of {', '.join(INFLECTIONS)}, not {inflect!r}",
            )
            inflect = "noun"
        scare_quotes = table.get("scare_quotes", base.scare_quotes if base else False)
        if not isinstance(scare_quotes, bool):
            self.problem(self.lines.key("scare_quotes", line), "scare_quotes must be true or false")
            scare_quotes = False
        draft = CategoryDraft(
            name,
            str(title),
            " ".join(description.split()),
            inflect,
            scare_quotes,
            self.source,
            line,
        )
        terms = table.get("terms", [])
        terms_line = self.lines.key("terms", line)
        if not isinstance(terms, list):
            self.problem(terms_line, f"terms of category '{name}' must be a list")
            terms = []
        if not terms and not scare_quotes and base is None:
            self.problem(terms_line, f"category '{name}' has no terms")
        for entry in terms:
            term = self.read_term(entry, name, inflect, terms_line)
            if term is not None:
                draft.terms.append(term)
        draft.contrast_sets = self.read_contrast_sets(table.get("contrast_sets", {}), name, line)
        return draft

    def check_text(self, text: object, what: str, line: int) -> str | None:
        """``text`` tidied, or None after recording why it cannot be a term or form."""
        if not isinstance(text, str):
            self.problem(line, f"{what} must be a string, not {type(text).__name__}")
            return None
        if not text.strip():
            self.problem(line, f"empty {what}")
            return None
        if len(text) > MAX_TERM_LENGTH:
            self.problem(
                line, f"{what} '{text[:30]}...' is longer than {MAX_TERM_LENGTH} characters"
            )
            return None
        if not has_word_character(text):
            self.problem(line, f"{what} {text!r} has no letters or digits, so it can never match")
            return None
        if any(char in _QUOTATION_MARKS for char in text):
            self.problem(
                line,
                f"{what} {text!r} contains quotation marks; write the words only "
                "(quotation marks between words in a text are matched automatically)",
            )
            return None
        return tidy(text)

    def string_list(self, table: dict, name: str, line: int) -> list:
        """``table[name]`` when it is a list (else a problem and an empty list)."""
        values = table.get(name, [])
        if not isinstance(values, list):
            self.problem(self.lines.key(name, line), f"{name} must be a list of strings")
            return []
        return values

    def read_term(self, entry: object, category: str, inflect: str, after: int) -> Term | None:
        """One entry of ``terms`` (a string or an inline table) as a Term, or None."""
        if isinstance(entry, str):
            entry = {"term": entry}
        if not isinstance(entry, dict):
            self.problem(after, 'each term must be a string or a table like { term = "..." }')
            return None
        raw_name = entry.get("term")
        line = self.lines.string(raw_name, after) if isinstance(raw_name, str) else after
        self.unknown_keys(entry, _TERM_KEYS, "a term", line)
        if "term" not in entry:
            self.problem(line, 'a term table needs term = "..."')
            return None
        name = self.check_text(raw_name, "term", line)
        if name is None:
            return None
        inflect = entry.get("inflect", inflect)
        if inflect not in INFLECTIONS:
            self.problem(line, f"inflect must be one of {', '.join(INFLECTIONS)}, not {inflect!r}")
            inflect = "none"
        forms = [
            self.check_text(form, "form", line) for form in self.string_list(entry, "forms", line)
        ]
        excluded = [
            self.check_text(text, "exclude", line)
            for text in self.string_list(entry, "exclude", line)
        ]
        pattern = entry.get("pattern")
        if pattern is not None:
            if forms:
                self.problem(line, f"term '{name}' gives both pattern and forms; give one")
            if not self.check_pattern(pattern, name, entry, line):
                return None
        surface = (
            () if pattern else tuple(generated_forms(name, inflect, tuple(filter(None, forms))))
        )
        exclude: list[str] = []
        for text in filter(None, excluded):
            if not self.contains_term(text, surface, pattern):
                self.problem(
                    line,
                    f"exclude {text!r} does not contain the term '{name}', so it changes nothing",
                )
            exclude += generated_forms(text, "noun")
        note = entry.get("note", "")
        return Term(
            name,
            category,
            surface,
            pattern,
            tuple(exclude),
            str(note),
            self.source,
            line,
            self.read_context(entry, "not_after", line),
            self.read_context(entry, "not_before", line),
        )

    def check_pattern(self, pattern: object, name: str, entry: dict, line: int) -> bool:
        """True when ``pattern`` is safe and matches its examples (or its own term)."""
        if not isinstance(pattern, str):
            self.problem(line, "pattern must be a string")
            return False
        problems = pattern_problems(pattern)
        for message in problems:
            self.problem(line, f"term '{name}': {message}")
        if problems:
            return False
        examples = [
            text for text in self.string_list(entry, "examples", line) if isinstance(text, str)
        ]
        if not examples and not pattern_matches(pattern, name):
            self.problem(
                line,
                f"term '{name}': pattern cannot match its own term; "
                'add examples = ["..."] of text it should match',
            )
            return False
        for example in examples:
            if not pattern_matches(pattern, example):
                self.problem(line, f"term '{name}': pattern does not match its example {example!r}")
                return False
        return True

    @staticmethod
    def contains_term(text: str, forms: tuple[str, ...], pattern: str | None) -> bool:
        """True when ``text`` contains one of ``forms`` (or a match of ``pattern``) as words."""
        if pattern is not None:
            return pattern_matches(pattern, text)

        def words(phrase: str) -> str:
            return " " + " ".join(re.sub(r"[\W_]+", " ", phrase.lower()).split()) + " "

        padded = words(text)
        return any(words(form) in padded for form in forms)

    def read_contrast_sets(self, table: object, category: str, after: int) -> list[SetDraft]:
        """The [categories.NAME.contrast_sets] table as drafts, members with lines."""
        line = self.lines.header("categories", category, "contrast_sets") or self.lines.key(
            "contrast_sets", after
        )
        if not isinstance(table, dict):
            self.problem(line, "contrast_sets must be a table of name = [terms]")
            return []
        drafts = []
        for name, value in table.items():
            set_line = self.lines.key(name, line) or line
            description = ""
            if isinstance(value, dict):
                set_line = (
                    self.lines.header("categories", category, "contrast_sets", name) or set_line
                )
                self.unknown_keys(
                    value, ("terms", "description"), f"contrast set '{name}'", set_line
                )
                description = str(value.get("description", ""))
                value = value.get("terms", [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.problem(set_line, f"contrast set '{name}' must be a list of terms")
                continue
            members = [(tidy(v), self.lines.string(v, set_line)) for v in value]
            drafts.append(SetDraft(str(name), description, members, self.source, set_line))
        return drafts


def parse_toml(source: str, data: bytes) -> tuple[dict | None, list[Problem]]:
    """The parsed TOML of ``data``, or None with the problem (not UTF-8, bad TOML) at its line."""
    parsed, problem = parse_toml_bytes(data)
    if problem is None:
        return parsed, []
    return None, [Problem(source, *problem)]


def read_file(
    path: Path, base: dict[str, CategoryDraft] | None = None
) -> tuple[FileDraft | None, bytes, list[Problem]]:
    """Read and check one lexicon file: (draft or None, the bytes read, problems)."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, b"", [Problem(source, 0, f"cannot read the lexicon: {reason}")]
    parsed, problems = parse_toml(source, data)
    if parsed is None:
        return None, data, problems
    reader = FileReader(source, data.decode("utf-8"), base)
    draft = reader.read(parsed)
    return draft, data, reader.problems
