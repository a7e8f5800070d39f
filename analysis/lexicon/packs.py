"""Lexicon packs: the named lexicons shipped in ``analysis/data/lexicons/``, and how a request
(pack names, files, or both) turns into the files to load.

A pack is an ordinary lexicon file whose ``[lexicon]`` table also says when it fits a corpus
(``anchors`` or ``always = true``, see :mod:`analysis.lexicon.fit`); its name is its file's stem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import FramelensError
from analysis.lexicon.drafts import Problem, read_file

PACKS_FOLDER = Path(__file__).resolve().parent.parent / "data" / "lexicons"
"""The packaged lexicon packs, one TOML file each, named by the file's stem."""


@dataclass(frozen=True)
class Pack:
    """One packaged pack as ``framelens lexicon list`` shows it."""

    name: str
    version: str
    description: str
    terms: int
    """Canonical terms in the pack (scare quotes count as one)."""
    anchors: tuple[str, ...]
    always: bool
    covers: tuple[str, ...]
    path: Path


@dataclass(frozen=True)
class RequestedLexicon:
    """A ``--lexicon`` request split into packaged packs and user files, each in order."""

    packs: tuple[Path, ...]
    files: tuple[Path, ...]
    names: tuple[str, ...]
    """Every item as the user gave it (pack names, or file paths as text)."""


def pack_names() -> list[str]:
    """Names of the packaged packs, sorted."""
    return sorted(path.stem for path in PACKS_FOLDER.glob("*.toml"))


def pack_path(name: str) -> Path:
    """The file of the pack ``name`` (FramelensError naming the packs when there is none)."""
    path = PACKS_FOLDER / f"{name}.toml"
    if name not in pack_names():
        raise FramelensError(
            f"unknown lexicon pack '{name}': the packs are {', '.join(pack_names())} "
            "(`framelens lexicon list`), or give a lexicon file ending in .toml"
        )
    return path


def resolve_lexicon(request: str | Path | Sequence[str | Path] | None) -> RequestedLexicon:
    """Split a request into pack files and user files, keeping the order within each.

    A string may name several items separated by commas. An item is a file when it is a Path,
    ends in ``.toml`` or contains a path separator; otherwise it must name a pack.
    """
    if request is None:
        items: list[str | Path] = []
    elif isinstance(request, str | Path):
        items = [request]
    else:
        items = list(request)
    packs: list[Path] = []
    files: list[Path] = []
    names: list[str] = []
    for item in items:
        parts = [item] if isinstance(item, Path) else [p.strip() for p in str(item).split(",")]
        for part in parts:
            if isinstance(part, str) and not part:
                continue
            text = str(part)
            names.append(text)
            is_file = isinstance(part, Path) or text.endswith(".toml") or "/" in text
            if is_file or (text not in pack_names() and Path(text).is_file()):
                files.append(Path(part))
            else:
                packs.append(pack_path(text))
    return RequestedLexicon(
        tuple(dict.fromkeys(packs)), tuple(dict.fromkeys(files)), tuple(names)
    )


def read_pack(path: Path) -> Pack:
    """A packaged pack's metadata and term count (AssertionError when it is broken: a bug)."""
    draft, _, problems = read_file(path)
    if draft is None or problems:
        raise AssertionError("; ".join(str(problem) for problem in problems))
    terms = sum(
        len(category.terms) + category.scare_quotes for category in draft.categories.values()
    )
    return Pack(
        path.stem,
        draft.version,
        draft.description,
        terms,
        draft.anchors,
        draft.always,
        draft.covers,
        path,
    )


def list_packs() -> list[Pack]:
    """Every packaged pack, by name."""
    return [read_pack(PACKS_FOLDER / f"{name}.toml") for name in pack_names()]


def format_packs(packs: Sequence[Pack]) -> str:
    """The table ``framelens lexicon list`` prints: name, version, terms, one line each."""
    width = max((len(pack.name) for pack in packs), default=4)
    lines = [f"{'pack':<{width}}  version  terms  description"]
    for pack in packs:
        lines.append(
            f"{pack.name:<{width}}  {pack.version:<7}  {pack.terms:>5}  {pack.description}"
        )
    return "\n".join(lines) + "\n"


def pack_problems(path: Path) -> list[Problem]:
    """What a file in the packs folder needs beyond a valid lexicon: its [lexicon] name equal
    to its file's stem, a description, and anchors or ``always = true`` (never both)."""
    draft, _, problems = read_file(path)
    if draft is None or problems:
        return problems
    where = (str(path), draft.line)
    found = []
    if draft.name != path.stem:
        found.append(f"a pack's [lexicon] name must be its file name: name = \"{path.stem}\"")
    if not draft.description:
        found.append("a pack needs a one-line description = \"...\" for `lexicon list`")
    if not draft.anchors and not draft.always:
        found.append("a pack needs anchors = [...] (words that make it fit a corpus) or "
                     "always = true")
    if draft.anchors and draft.always:
        found.append("a pack has either anchors or always = true, not both")
    unknown = [name for name in draft.covers if name not in pack_names()]
    if unknown:
        found.append(f"covers names no pack: {', '.join(unknown)}")
    return [Problem(*where, message) for message in found]
