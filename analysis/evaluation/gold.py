"""Reading a gold attributions file (the polnear-dev format) and checking it against a corpus.

One JSON object a line: ``doc_id`` (the article id in the corpus), ``primary`` (lines with
``false`` are another annotator's work and are left out; a line without the field counts),
``type`` (free text, kept), and the spans ``cue``, ``speaker`` and ``content``, each null or
``{"start": int, "end": int, "text": str}``: character offsets into the article's original
text, end exclusive, ``text`` being the characters at those offsets. Lines whose ``cue`` is
null cannot be matched to a prediction and are left out (counted in ``GoldAttributions``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis.errors import FramelensError
from analysis.schema import Column, Schema

GOLD_ATTRIBUTIONS = Schema(
    "gold attributions",
    (
        Column("line", pl.Int64, "line number in the gold file, from 1"),
        Column("doc_id", pl.String, "article id"),
        Column("type", pl.String, "the annotation's type as written (null when absent)"),
        Column("cue_start", pl.Int64, "offset of the cue in the original text"),
        Column("cue_end", pl.Int64, "offset one past the cue"),
        Column("cue", pl.String, "the cue's text"),
        Column("speaker_start", pl.Int64, "offset of the speaker, null when none is written"),
        Column("speaker_end", pl.Int64, "offset one past the speaker, null when none"),
        Column("speaker", pl.String, "the speaker's text, null when none"),
        Column("content_start", pl.Int64, "offset of the content, null when none"),
        Column("content_end", pl.Int64, "offset one past the content, null when none"),
        Column("content", pl.String, "the content's text, null when none"),
    ),
)

SPAN_ROLES = ("cue", "speaker", "content")


@dataclass
class GoldAttributions:
    """The primary annotations of a gold file with a cue (``table``, GOLD_ATTRIBUTIONS), and
    how many lines were left out: another annotator's (``not_primary``) and without a cue
    (``without_cue``)."""

    path: Path
    table: pl.DataFrame
    not_primary: int
    without_cue: int
    documents: frozenset[str]
    """The ids of the articles the primary lines name (with a cue or not): the annotated
    articles."""


def read_gold_attributions(path: Path | str) -> GoldAttributions:
    """Read a gold attributions file (see the module doc).

    Raises FramelensError naming the file and line for a line that is not a JSON object, a
    missing ``doc_id`` or ``cue``, or a span that is not ``{start, end, text}`` with
    0 <= start <= end. Whether the spans fit the corpus is checked by :func:`check_gold`.
    """
    path = Path(path)
    if not path.is_file():
        raise FramelensError(f"{path}: no such gold file")
    rows: list[tuple] = []
    documents: set[str] = set()
    not_primary = without_cue = 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(raw)
            except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
                reason = getattr(error, "msg", None) or "not UTF-8"
                raise FramelensError(f"{where}: not a JSON object ({reason})") from None
            if not isinstance(record, dict):
                raise FramelensError(f"{where}: not a JSON object")
            if record.get("primary", True) is False:
                not_primary += 1
                continue
            doc_id = record.get("doc_id")
            if not isinstance(doc_id, str) or not doc_id:
                raise FramelensError(f"{where}: needs a doc_id (the article's id in the corpus)")
            documents.add(doc_id)
            if "cue" not in record:
                raise FramelensError(f"{where}: needs a cue span (or null)")
            spans = [_span(record.get(role), role, where) for role in SPAN_ROLES]
            if spans[0] is None:
                without_cue += 1
                continue
            kind = record.get("type")
            rows.append((number, doc_id, None if kind is None else str(kind),
                         *(value for span in spans for value in (span or (None, None, None)))))
    table = pl.DataFrame(rows, schema=GOLD_ATTRIBUTIONS.polars_schema(), orient="row")
    return GoldAttributions(path, table, not_primary, without_cue, frozenset(documents))


def _span(value: object, role: str, where: str) -> tuple[int, int, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FramelensError(f"{where}: {role} must be null or {{start, end, text}}")
    start, end, text = value.get("start"), value.get("end"), value.get("text")
    if not (_is_int(start) and _is_int(end) and isinstance(text, str)):
        raise FramelensError(f"{where}: {role} needs integer start and end and a text")
    if not 0 <= start <= end:
        raise FramelensError(f"{where}: {role} span {start}-{end} is not 0 <= start <= end")
    return start, end, text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_gold(gold: GoldAttributions, texts: dict[str, str]) -> None:
    """Check every span of ``gold`` against the original ``texts`` (by article id): the
    article must exist, the span fit in its text and ``text`` equal the characters at its
    offsets. Raises FramelensError on the first problem, naming the gold file's line and
    how many other lines have problems."""
    problems: list[str] = []
    for row in gold.table.iter_rows(named=True):
        where = f"{gold.path}:{row['line']}"
        text = texts.get(row["doc_id"])
        if text is None:
            problems.append(f"{where}: doc_id {row['doc_id']!r} is not an article of the "
                            "corpus (check the corpus's id column, --id-col)")
            continue
        for role in SPAN_ROLES:
            start, end, written = row[f"{role}_start"], row[f"{role}_end"], row[role]
            if start is None:
                continue
            if end > len(text):
                problems.append(f"{where}: {role} span {start}-{end} is past the end of "
                                f"article {row['doc_id']!r} ({len(text)} characters)")
                break
            if text[start:end] != written:
                problems.append(f"{where}: {role} text {_shown(written)} is not the corpus text "
                                f"at {start}-{end} ({_shown(text[start:end])}); the offsets must "
                                "count characters of the article's text")
                break
    if problems:
        more = f" (and {len(problems) - 1} more lines with problems)" if len(problems) > 1 else ""
        raise FramelensError(problems[0] + more)


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
