"""Loading a lexicon (default, replaced or extended), cross-entry checks, and printing it.

Every problem is reported as ``FILE:LINE: message`` so that an editor can jump to it;
``load_lexicon`` raises :class:`~analysis.errors.FramelensError` with the first problems,
``check_lexicon`` lists them all.
"""

from __future__ import annotations

import functools
import hashlib
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from analysis.errors import FramelensError
from analysis.lexicon.drafts import CategoryDraft, FileDraft, Problem, SetDraft, read_file
from analysis.lexicon.forms import key
from analysis.lexicon.model import SCARE_QUOTES_TERM, Category, ContrastSet, Lexicon, Term
from analysis.lexicon.packs import PACKS_FOLDER, pack_problems, resolve_lexicon

DEFAULT_LEXICON = PACKS_FOLDER / "syria.toml"
"""The pack :func:`load_lexicon` loads when given nothing (what framelens chooses for a
corpus is :func:`analysis.lexicon.fit.fit_packs`'s business)."""


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


def _combine(drafts: list[FileDraft]) -> tuple[FileDraft, list[Problem], list[str]]:
    """Packs combined in order: (the combination, category name clashes, terms left out).

    A category name may be defined by one pack only. A term of a later pack that an earlier
    pack already counts (a form in common) is left out, and so are scare quotes when an
    earlier pack counts them: the first pack named keeps its numbers unchanged.
    """
    combined = drafts[0]
    problems: list[Problem] = []
    left_out: list[str] = []
    for extra in drafts[1:]:
        categories = dict(combined.categories)
        owners = {
            key(form): (term, category.source)
            for category in categories.values()
            for term in category.terms
            for form in term.forms
        }
        scare = next((c for c in categories.values() if c.scare_quotes), None)
        for name, draft in extra.categories.items():
            if name in categories:
                old = categories[name]
                problems.append(Problem(
                    draft.source,
                    draft.line,
                    f"category '{name}' is also defined in {old.source}:{old.line}; packs "
                    "combined must name their categories differently (rename one, or add "
                    "terms to that category with --extend-lexicon)",
                ))
                continue
            kept = []
            for term in draft.terms:
                owner = next((owners[key(f)] for f in term.forms if key(f) in owners), None)
                if owner is None:
                    kept.append(term)
                else:
                    left_out.append(
                        f"'{term.name}' of {extra.name} ({name}) is counted once, as "
                        f"'{owner[0].name}' in {owner[0].category}"
                    )
            names = {key(term.name) for term in kept} | {key(SCARE_QUOTES_TERM)}
            sets = []
            for contrast_set in draft.contrast_sets:
                members = [(m, line) for m, line in contrast_set.members if key(m) in names]
                if len(members) >= 2:
                    sets.append(SetDraft(contrast_set.name, contrast_set.description, members,
                                         contrast_set.source, contrast_set.line))
            scare_quotes = draft.scare_quotes and scare is None
            if draft.scare_quotes and scare is not None:
                left_out.append(
                    f"scare quotes of {extra.name} ({name}) are counted once, "
                    f"in {scare.name}"
                )
            if not kept and not scare_quotes:
                continue
            categories[name] = CategoryDraft(
                name, draft.title, draft.description, draft.inflect, scare_quotes,
                draft.source, draft.line, kept, sets,
            )
            scare = scare or (categories[name] if scare_quotes else None)
        combined = FileDraft(
            f"{combined.name} + {extra.name}",
            f"{combined.version}+{extra.version}",
            combined.description if len(drafts) == 1 else "",
            categories,
        )
    return combined, problems, left_out


def _load(
    files: tuple[Path, ...], extensions: tuple[Path, ...] = ()
) -> tuple[Lexicon | None, list[Problem]]:
    """Packs or files ``files`` combined in order, then ``extensions`` merged into them."""
    hasher = hashlib.sha256()
    drafts: list[FileDraft] = []
    problems: list[Problem] = []
    for path in files:
        draft, data, file_problems = read_file(path)
        hasher.update(data)
        if draft is not None and not file_problems:
            file_problems = _cross_check(draft)
        problems += file_problems
        if draft is not None:
            drafts.append(draft)
    if problems or not drafts:
        return None, problems
    draft, problems, left_out = _combine(drafts)
    for path in extensions:
        extra, extra_data, extra_problems = read_file(path, base=draft.categories)
        problems += extra_problems
        hasher.update(extra_data)
        if extra is not None:
            draft = _merge(draft, extra)
    if problems:
        return None, problems
    problems += _cross_check(draft)
    if problems:
        return None, problems
    sources = tuple(str(f) for f in (*files, *extensions))
    lexicon = _build(draft, hasher.hexdigest()[:12], sources)
    return replace(lexicon, left_out=tuple(left_out)), []


@functools.cache
def _packaged(files: tuple[Path, ...]) -> Lexicon:
    """Packaged packs, read, validated and (on first use) compiled once per process."""
    lexicon, problems = _load(files)
    if lexicon is None:  # a broken packaged file is a bug, not a user mistake
        raise AssertionError("; ".join(str(problem) for problem in problems))
    return lexicon


LexiconRequest = str | Path | Sequence[str | Path] | None
"""What names a lexicon: None (the ``syria`` pack), a pack name, a file, or several of them
(pack names and files, in order; a string may list several separated by commas)."""


def load_lexicon(lexicon: LexiconRequest = None, *, extend: bool = False) -> Lexicon:
    """Load and validate a lexicon made of packs and files.

    ``lexicon`` names packs (``"general"``, ``"general,immigration"``) or lexicon files, or a
    list of both; they are combined in the order given (see :func:`_combine`). With nothing
    given, the ``syria`` pack (:data:`DEFAULT_LEXICON`). With ``extend=True`` the files given
    are merged into the ``syria`` pack instead, as before packs existed: new categories are
    added and a category of the same name gains the file's terms and contrast sets; packs
    named with ``extend`` are combined with ``syria``. Raises FramelensError naming the file
    and line of the first problem when a file is invalid, or naming an unknown pack.
    """
    requested = resolve_lexicon(lexicon)
    if extend:
        return load_combined((DEFAULT_LEXICON, *requested.packs), requested.files)
    return load_combined(requested.packs + requested.files)


def load_combined(files: Sequence[Path], extensions: Sequence[Path] = ()) -> Lexicon:
    """The lexicon of ``files`` (packs or lexicon files) combined in order, then
    ``extensions`` merged into it. Raises FramelensError with the first problems."""
    files, extensions = tuple(Path(f) for f in files), tuple(Path(f) for f in extensions)
    if not files:
        files = (DEFAULT_LEXICON,)
    if not extensions and all(path.parent == PACKS_FOLDER for path in files):
        return _packaged(files)
    lexicon, problems = _load(files, extensions)
    if lexicon is None:
        shown = "; ".join(str(problem) for problem in problems[:3])
        more = len(problems) - 3
        hint = f" (and {more} more; run 'framelens lexicon check' to see all)" if more > 0 else ""
        raise FramelensError(f"invalid lexicon: {shown}{hint}")
    return lexicon


def check_lexicon(path: Path, *, extend: bool = False) -> list[str]:
    """Every problem in the lexicon file ``path``, as "FILE:LINE: message" strings.

    An empty list means the file is valid. With ``extend=True`` the file is checked as an
    extension of the ``syria`` pack (categories of that pack need no description). A file in
    the packs folder is also checked as a pack (a one-line description, anchors or
    ``always = true``, a name equal to the file's).
    """
    path = Path(path)
    _, problems = _load((DEFAULT_LEXICON,), (path,)) if extend else _load((path,))
    if not problems and path.resolve().parent == PACKS_FOLDER:
        problems = pack_problems(path)
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
    for note in lexicon.left_out:
        lines += textwrap.wrap(f"Left out: {note}", width, subsequent_indent="  ")
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
