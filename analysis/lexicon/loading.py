"""Loading a lexicon (default, replaced or extended), cross-entry checks, and printing it.

Every problem is reported as ``FILE:LINE: message`` so that an editor can jump to it;
``load_lexicon`` raises :class:`~analysis.errors.FramelensError` with the first problems,
``check_lexicon`` lists them all.
"""

from __future__ import annotations

import functools
import hashlib
import textwrap
from pathlib import Path

from analysis.errors import FramelensError
from analysis.lexicon.forms import key
from analysis.lexicon.model import SCARE_QUOTES_TERM, Category, ContrastSet, Lexicon, Term
from analysis.lexicon.reading import CategoryDraft, FileDraft, Problem, SetDraft, read_file

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"


def _merge(base: FileDraft, extra: FileDraft) -> FileDraft:
    """``extra``'s categories added to ``base``'s; same-named categories gain terms and sets."""
    categories = {name: draft for name, draft in base.categories.items()}
    for name, draft in extra.categories.items():
        if name not in categories:
            categories[name] = draft
            continue
        old = categories[name]
        merged = CategoryDraft(
            name,
            draft.title,
            draft.description,
            draft.inflect,
            draft.scare_quotes or old.scare_quotes,
            old.source,
            old.line,
            old.terms + draft.terms,
            list(old.contrast_sets),
        )
        for new_set in draft.contrast_sets:
            same = next((s for s in merged.contrast_sets if s.name == new_set.name), None)
            if same is None:
                merged.contrast_sets.append(new_set)
            else:
                merged.contrast_sets[merged.contrast_sets.index(same)] = SetDraft(
                    same.name,
                    new_set.description or same.description,
                    same.members + new_set.members,
                    same.source,
                    same.line,
                )
        categories[name] = merged
    return FileDraft(
        f"{base.name} + {extra.name}",
        f"{base.version}+{extra.version}",
        base.description,
        categories,
    )


def _cross_check(draft: FileDraft) -> list[Problem]:
    """Problems that involve more than one entry: duplicates, scare quotes, contrast sets."""
    problems = _duplicate_problems(draft)
    scare = [category for category in draft.categories.values() if category.scare_quotes]
    for extra in scare[1:]:
        message = f"scare_quotes = true in two categories, '{scare[0].name}' and '{extra.name}'"
        problems.append(Problem(extra.source, extra.line, message))
    for category in draft.categories.values():
        problems += _contrast_set_problems(category)
    return problems


def _duplicate_problems(draft: FileDraft) -> list[Problem]:
    """A term listed twice, or matching a form of another term (in any category)."""
    problems: list[Problem] = []
    owners: dict[str, Term] = {}
    for category in draft.categories.values():
        seen_names: set[str] = set()
        for term in category.terms:
            if key(term.name) in seen_names:
                message = f"term '{term.name}' is listed twice in category '{category.name}'"
                problems.append(Problem(term.source, term.line, message))
                continue
            seen_names.add(key(term.name))
            for form in term.forms:
                owner = owners.setdefault(key(form), term)
                if owner is term:
                    continue
                if owner.category != term.category:
                    message = (
                        f"term '{term.name}' is also in category '{owner.category}' "
                        f"(as '{owner.name}', {owner.source}:{owner.line}); "
                        "a term may belong to one category only"
                    )
                else:
                    message = (
                        f"term '{term.name}' overlaps '{owner.name}' (line {owner.line}): "
                        f"both match '{form}'"
                    )
                problems.append(Problem(term.source, term.line, message))
                break
    return problems


def _contrast_set_problems(category: CategoryDraft) -> list[Problem]:
    """Contrast sets must list at least two terms of their category, each in one set only."""
    problems: list[Problem] = []
    names = {key(term.name) for term in category.terms}
    if category.scare_quotes:
        names.add(key(SCARE_QUOTES_TERM))
    set_of: dict[str, str] = {}
    for contrast_set in category.contrast_sets:
        where = f"contrast set '{contrast_set.name}'"
        if len(contrast_set.members) < 2:
            message = f"{where} needs at least two terms"
            problems.append(Problem(contrast_set.source, contrast_set.line, message))
        for member, line in contrast_set.members:
            earlier = set_of.setdefault(key(member), contrast_set.name)
            if key(member) not in names:
                message = f"{where} lists '{member}', which is not a term of '{category.name}'"
            elif earlier != contrast_set.name:
                message = f"'{member}' is in contrast sets '{earlier}' and '{contrast_set.name}'"
                message += "; a term may be in one only"
            else:
                continue
            problems.append(Problem(contrast_set.source, line, message))
    return problems


def _build(draft: FileDraft, content_hash: str, sources: tuple[str, ...]) -> Lexicon:
    categories = []
    for category in draft.categories.values():
        names = {key(term.name): term.name for term in category.terms}
        names[key(SCARE_QUOTES_TERM)] = SCARE_QUOTES_TERM
        sets = tuple(
            ContrastSet(
                s.name,
                tuple(dict.fromkeys(names[key(member)] for member, _ in s.members)),
                " ".join(s.description.split()),
            )
            for s in category.contrast_sets
        )
        categories.append(
            Category(
                category.name,
                category.title,
                category.description,
                tuple(category.terms),
                sets,
                category.scare_quotes,
            )
        )
    return Lexicon(
        draft.name, draft.version, draft.description, content_hash, sources, tuple(categories)
    )


def _load(path: Path | None, extend: bool) -> tuple[Lexicon | None, list[Problem]]:
    files = [DEFAULT_LEXICON] if path is None else [DEFAULT_LEXICON, path] if extend else [path]
    draft, data, problems = read_file(files[0])
    hasher = hashlib.sha256(data)
    if len(files) == 2 and draft is not None:
        extra, extra_data, extra_problems = read_file(files[1], base=draft.categories)
        problems += extra_problems
        hasher.update(extra_data)
        draft = _merge(draft, extra) if extra is not None else None
    if draft is None:
        return None, problems
    problems += _cross_check(draft)
    if problems:
        return None, problems
    return _build(draft, hasher.hexdigest()[:12], tuple(str(f) for f in files)), []


@functools.cache
def _default_lexicon() -> Lexicon:
    """The packaged lexicon, read, validated and (on first use) compiled once per process."""
    lexicon, problems = _load(None, extend=False)
    if lexicon is None:  # a broken packaged file is a bug, not a user mistake
        raise AssertionError("; ".join(str(problem) for problem in problems))
    return lexicon


def load_lexicon(path: Path | None = None, *, extend: bool = False) -> Lexicon:
    """Load and validate a lexicon.

    With no ``path``, the packaged default (``analysis/data/lexicon.toml``). With a ``path``,
    that file replaces the default, or with ``extend=True`` is merged into it (new categories
    are added; a category of the same name gains the file's terms and contrast sets).
    Raises FramelensError naming the file and line of the first problem when a file is invalid.
    """
    if path is None:
        return _default_lexicon()
    lexicon, problems = _load(Path(path), extend)
    if lexicon is None:
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = len(problems) - 3
        hint = f" (and {more} more; run 'framelens lexicon check' to see all)" if more > 0 else ""
        raise FramelensError(f"invalid lexicon: {shown}{hint}")
    return lexicon


def check_lexicon(path: Path, *, extend: bool = False) -> list[str]:
    """Every problem in the lexicon file ``path``, as "FILE:LINE: message" strings.

    An empty list means the file is valid. With ``extend=True`` the file is checked as an
    extension of the default lexicon (categories of the default need no description).
    """
    _, problems = _load(Path(path), extend)
    return [str(problem) for problem in problems]


def format_lexicon(lexicon: Lexicon) -> str:
    """The lexicon as text for ``framelens lexicon show``; the same file gives the same text."""
    width = 100
    lines = [
        f"Lexicon: {lexicon.name}",
        f"Version: {lexicon.version}   sha256: {lexicon.content_hash}",
        f"Files: {', '.join(lexicon.sources)}",
    ]
    if lexicon.description:
        lines += textwrap.wrap(lexicon.description, width)
    for category in lexicon.categories:
        lines += ["", f"[{category.name}] {category.title}"]
        lines += textwrap.wrap(
            category.description, width, initial_indent="  ", subsequent_indent="  "
        )
        lines.append(f"  Terms ({len(category.term_names)}):")
        for term in category.terms:
            matches = f"pattern {term.pattern}" if term.pattern else ", ".join(term.forms)
            entry = f"    {term.name}: {matches}"
            if term.exclude:
                entry += f" (not in: {', '.join(term.exclude)})"
            lines += textwrap.wrap(entry, width, subsequent_indent="        ")
            if term.note:
                lines += textwrap.wrap(
                    f"note: {term.note}",
                    width,
                    initial_indent="        ",
                    subsequent_indent="        ",
                )
        if category.scare_quotes:
            lines.append(
                f"    {SCARE_QUOTES_TERM}: short phrases in quotation marks that are not "
                "full quotations"
            )
        for contrast_set in category.contrast_sets:
            entry = f"  Contrast set {contrast_set.name}: {' / '.join(contrast_set.terms)}"
            lines += textwrap.wrap(entry, width, subsequent_indent="      ")
            if contrast_set.description:
                lines += textwrap.wrap(
                    contrast_set.description,
                    width,
                    initial_indent="      ",
                    subsequent_indent="      ",
                )
    return "\n".join(lines) + "\n"
