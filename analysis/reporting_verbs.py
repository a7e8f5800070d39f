"""Reporting cues and their verb classes, loaded once from ``analysis/data/reporting_verbs.toml``.

The file holds the vocabulary (which words hand the floor to a speaker and how they frame it);
this module holds the mechanism: validating the file and compiling one regex per cue kind.
Both :mod:`analysis.quotes` (a quotation is introduced by a cue) and :mod:`analysis.attribution`
(who speaks, with which verb) read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analysis.tomlfile import problem, read_toml

DEFAULT_REPORTING_VERBS = Path(__file__).resolve().parent / "data" / "reporting_verbs.toml"

CUE_KINDS = ("verbs", "document_verbs", "phrases", "nouns")


@dataclass(frozen=True)
class Cue:
    """One form of a reporting cue: ``form`` as written in the file, lower case."""

    form: str
    lemma: str
    verb_class: str
    kind: str  # one of CUE_KINDS
    speaker_side: str = "before"  # phrases only: where the speaker stands, 'before' or 'after'
    not_before: tuple[str, ...] = ()  # lower-case words after which the form is no cue
    needs_quote: bool = False  # a cue only when a quotation follows in its sentence
    addressee_passive: bool = False  # "were told to": the passive subject is spoken to
    no_object: bool = False  # takes no noun object: "... 10 civilians said the Observatory."
    any_subject: bool = False  # any noun phrase before it is its speaker: "legal experts say"


@dataclass(frozen=True)
class ReportingVerbs:
    """The cue vocabulary: classes with their labels, and every cue form by kind."""

    classes: dict[str, str]
    cues: dict[tuple[str, str], Cue]  # (kind, lower-case form) -> cue
    issued_documents: tuple[str, ...]  # "the statement": speaks for whoever issued it
    other_documents: tuple[str, ...]  # "the plan": a source of its own
    noun_links: tuple[str, ...]  # "made by": joins a reporting noun to its speaker

    @property
    def documents(self) -> tuple[str, ...]:
        """Every document noun, lower case."""
        return self.issued_documents + self.other_documents

    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def cue(self, kind: str, form: str) -> Cue:
        """The cue of ``kind`` for a form as found in text (any case, inner spaces collapsed)."""
        return self.cues[kind, " ".join(form.lower().split())]

    def pattern(self, *kinds: str) -> re.Pattern[str]:
        """A compiled, case-insensitive whole-word alternation of the forms of ``kinds``."""
        key = ",".join(kinds)
        if key not in self._patterns:
            alternation = trie_pattern(cue.form for cue in self.cues.values() if cue.kind in kinds)
            self._patterns[key] = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
        return self._patterns[key]


def load_reporting_verbs(path: Path | None = None) -> ReportingVerbs:
    """Read and validate a reporting-verbs TOML file (default: the packaged one).

    Raises FramelensError naming the file and line for a missing section, an unknown class,
    a form listed twice or a badly shaped entry.
    """
    if path is None:
        return _default_reporting_verbs()
    return _parse(Path(path))


@cache
def _default_reporting_verbs() -> ReportingVerbs:
    return _parse(DEFAULT_REPORTING_VERBS)


def _parse(path: Path) -> ReportingVerbs:
    data, text = read_toml(path)
    classes = data.get("classes")
    if not isinstance(classes, dict) or not classes:
        raise problem(path, text, "classes", 'needs a [classes] table: class = "label"')
    for name, label in classes.items():
        if not isinstance(label, str):
            raise problem(path, text, name, f"class {name!r} needs a label string")
    cues: dict[tuple[str, str], Cue] = {}
    for kind in CUE_KINDS:
        section = data.get(kind, {})
        if not isinstance(section, dict):
            raise problem(path, text, kind, f"[{kind}] must be a table of entries")
        for lemma, entry in section.items():
            for cue in _entry_cues(path, text, kind, lemma, entry, classes):
                if (kind, cue.form) in cues:
                    raise problem(path, text, lemma, f"form {cue.form!r} is listed twice")
                cues[kind, cue.form] = cue
    if not any(cue.kind == "verbs" for cue in cues.values()):
        raise problem(path, text, "verbs", "needs a [verbs] table with at least one verb")
    documents = data.get("documents", {})
    lists = {}
    for key, section in (("issued", documents), ("other", documents), ("forms", None)):
        value = (section or data.get("noun_links", {})).get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise problem(path, text, key, f"{key} must be a list of strings")
        lists[key] = tuple(" ".join(item.lower().split()) for item in value)
    return ReportingVerbs(dict(classes), cues, lists["issued"], lists["other"], lists["forms"])


def _entry_cues(path, text, kind, lemma, entry, classes) -> list[Cue]:
    if not isinstance(entry, dict) or entry.get("class") not in classes:
        raise problem(
            path,
            text,
            lemma,
            f"{kind} entry {lemma!r} needs class = one of {sorted(classes)}",
        )
    verb_class = entry["class"]
    if kind == "phrases":
        side = entry.get("speaker", "before")
        if side not in ("before", "after"):
            raise problem(path, text, lemma, f"phrase {lemma!r}: speaker must be before or after")
        return [Cue(" ".join(lemma.lower().split()), lemma, verb_class, kind, side)]
    forms = entry.get("forms")
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
        raise problem(path, text, lemma, f'{kind} entry {lemma!r} needs forms = ["..."]')
    not_before = entry.get("not_before", [])
    if not isinstance(not_before, list) or not all(isinstance(w, str) for w in not_before):
        raise problem(path, text, lemma, f"{kind} entry {lemma!r}: not_before must list strings")
    flags = {}
    for flag in ("needs_quote", "addressee_passive", "no_object", "any_subject"):
        flags[flag] = entry.get(flag, False)
        if not isinstance(flags[flag], bool):
            raise problem(path, text, lemma, f"{kind} entry {lemma!r}: {flag} must be true/false")
    return [
        Cue(
            " ".join(form.lower().split()),
            lemma,
            verb_class,
            kind,
            not_before=tuple(w.lower() for w in not_before),
            **flags,
        )
        for form in forms
    ]


def trie_pattern(forms: Iterable[str], tails: Mapping[str, str] | None = None) -> str:
    """A regex alternation of ``forms`` (words separated by single spaces) factored into a trie,
    so the regex engine tries each shared prefix once: "said|says" becomes "sa(?:id|ys)".
    Longer forms win over their prefixes ("called on" before "called") when followed by \b.
    ``tails`` maps some forms to a regex that must follow them (a look-ahead, say)."""
    trie: dict = {}
    for form in set(forms):
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = (tails or {}).get(form, "")

    def build(node: dict) -> str:
        branches = []
        for char, child in sorted(node.items(), key=lambda item: item[0] == ""):
            if char == "":
                continue
            head = r"\s+" if char == " " else re.escape(char)
            branches.append(head + build(child))
        if "" in node:
            tail = node[""]
            if tail:  # the form ends here only if its tail follows
                return f"(?:{'|'.join([*branches, tail])})" if branches else tail
            # the form may end here; try the longer continuations first, then \b decides
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return build(trie) if trie else "(?!)"
