"""Markdown building blocks. All untrusted text reaches the report through :func:`md`.

Article text, outlet names, speaker names and terms are untrusted: :func:`md` turns them
into inert inline markdown (one line, HTML special characters as entities, markdown
punctuation backslash-escaped), so they cannot break a table, start a heading or a list,
make a link or an image, or inject HTML, in the markdown or in the HTML made from it.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#+=>-]|\d+[.)])")


def md(value: object) -> str:
    """Untrusted text as inert inline markdown: one line, no HTML, no markup, no table breaks."""
    if value is None:
        return ""
    text = html.escape(" ".join(str(value).split()), quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Markers that only matter at the start of a line (heading, list, setext rule).
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(0)
    if marker[0].isdigit():  # "1." starts an ordered list; "1\." does not
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def quoted(value: object) -> str:
    """An untrusted term in quotation marks, for running text: “militants”."""
    return f"“{md(value)}”"


def highlight(sentence: str, start: int, end: int) -> str:
    """A sentence with characters start:end in bold, everything escaped."""
    start = max(0, min(start, len(sentence)))
    end = max(start, min(end, len(sentence)))
    marked = md(sentence[start:end])
    before, after = sentence[:start], sentence[end:]
    # md() folds whitespace; keep one space where the sentence had any around the term.
    left = md(before) + (" " if before[-1:].isspace() else "")
    right = (" " if after[:1].isspace() else "") + md(after)
    return f"{left}**{marked}**{right}" if marked else md(sentence)


def number(value: float | int | None, digits: int = 1) -> str:
    """A number as the report prints it (thousands separators, fixed decimals)."""
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def p_value(value: float) -> str:
    """A p-value as "p = 0.003" or, below 0.0001, "p < 0.0001" (never "p = 0")."""
    return "p < 0.0001" if value < 0.0001 else f"p = {value:.2g}"


def percent(value: float | None) -> str:
    """A share (0-1) as a whole percentage."""
    if value is None or value != value:
        return "n/a"
    return f"{value:.0%}"


def interval(low: float | None, high: float | None, digits: int = 1) -> str:
    """A 95% interval as the report prints it."""
    return f"95% CI {number(low, digits)}–{number(high, digits)}"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A markdown table; cells must already be escaped with md() or be framelens's own text."""
    align = align or "l" * len(header)
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def image(path: str, alt: str, caption: str) -> str:
    """An image with short alt text and a caption paragraph below it (both escaped)."""
    return f"![{md(alt)}]({path})\n\n*{md(caption)}*"


def label(name: str) -> str:
    """A lexicon or gazetteer code (naming_the_armed_groups) in words, escaped."""
    return md(name.replace("_", " "))


def source_name(path: str) -> str:
    """A data file as the report names it: package files relative to the package, user
    files by name only (so reports do not depend on where framelens or the user's files
    live)."""
    from pathlib import Path

    import analysis

    package = Path(analysis.__file__).resolve().parent
    resolved = Path(path).resolve()
    if resolved.is_relative_to(package):
        return "analysis/" + resolved.relative_to(package).as_posix() + " (built in)"
    return Path(path).name
