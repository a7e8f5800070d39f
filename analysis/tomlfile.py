"""Reading TOML data files: the packaged defaults, and the user's files with every problem at
its line.

Every TOML file framelens reads goes through here: :func:`read_packaged` for the defaults in
``analysis/data/``, :func:`read_toml` and :func:`parse_toml_bytes` for a user's file (the
gazetteer and reporting verbs; the lexicon packs), with a syntax error placed at its line.

tomllib parses a file without saying where a value came from, so problems in the values are
located in the raw text: :class:`SourceLines` finds the line of a table, a key or a string
value from one pass over it (the lexicon places each problem at its entry); :func:`line_of`
finds where a key is first set or a table opened (the gazetteer and reporting verbs). Good
enough to point an editor at the right line; not a TOML parser.
"""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from analysis.errors import FramelensError


def read_packaged(name: str) -> dict[str, Any]:
    """The parsed packaged data file ``analysis/data/<name>``."""
    return tomllib.loads(resources.files("analysis.data").joinpath(name).read_text())

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#.*')
_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _decode(literal: str) -> str:
    if literal.startswith("'"):
        return literal[1:-1]
    try:
        return json.loads(literal)
    except ValueError:
        return literal[1:-1]


class SourceLines:
    """Line numbers of table headers, keys and string values, read once from the raw text."""

    def __init__(self, text: str) -> None:
        self.headers: dict[tuple[str, ...], int] = {}
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.strings: dict[str, list[int]] = defaultdict(list)
        closing: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if closing is not None:
                if closing not in line:
                    continue
                line = line.split(closing, 1)[1]
                closing = None
            header = _HEADER.match(line)
            if header:
                parts = re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', header.group(1))
                self.headers.setdefault(tuple(p.strip("\"'") for p in parts), number)
                continue
            name = _KEY.match(line)
            if name:
                self.keys[name.group(1)].append(number)
            closing = self._scan_strings(line, number)

    def _scan_strings(self, line: str, number: int) -> str | None:
        """Record the string literals of ``line``; return an unclosed multi-line delimiter."""
        triple = re.search(r'"""|\'\'\'', line)
        head = line[: triple.start()] if triple else line
        for token in _TOKEN.finditer(head):
            if token.group().startswith("#"):
                return None
            self.strings[_decode(token.group())].append(number)
        if triple is None:
            return None
        rest = line[triple.end() :]
        if triple.group() in rest:
            return None
        return triple.group()

    def header(self, *keys: str) -> int:
        """Line of the table header ``[keys...]``, or 0."""
        return self.headers.get(keys, 0)

    @staticmethod
    def _first_after(lines: list[int], after: int) -> int:
        index = bisect.bisect_left(lines, after)
        return lines[index] if index < len(lines) else 0

    def key(self, name: str, after: int) -> int:
        """First line at or after ``after`` that sets ``name = ...``, else ``after``."""
        return self._first_after(self.keys.get(name, []), after) or after

    def string(self, value: str, after: int) -> int:
        """First line at or after ``after`` with the string ``value``, else ``after``."""
        return self._first_after(self.strings.get(value, []), after) or after


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse the TOML file at ``path``; return the data and the raw text (for line lookups).

    Raises FramelensError naming the file (and the line, for a syntax error).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        message = f"{path}: cannot read the file ({error.strerror}); check the path"
        raise FramelensError(message) from None
    except UnicodeDecodeError:
        raise FramelensError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        # tomllib puts "(at line N, column M)" in its message
        raise FramelensError(f"{path}: invalid TOML: {error}; fix the syntax there") from None


def line_of(text: str, key: str) -> int:
    """The 1-based line where ``key`` is first assigned or opened as a table (1 if not found)."""
    escaped = re.escape(key)
    pattern = re.compile(
        rf'^\s*(?:\[+\s*"?{escaped}"?\s*\]+|"?{escaped}"?\s*=)', re.MULTILINE | re.IGNORECASE
    )
    found = pattern.search(text)
    if found is None:
        found = re.search(escaped, text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def problem(path: Path, text: str, key: str, message: str) -> FramelensError:
    """A FramelensError for a bad value under ``key``: '<file>, line N: <message>'."""
    return FramelensError(f"{path}, line {line_of(text, key)}: {message}")


def parse_toml_bytes(data: bytes) -> tuple[dict | None, tuple[int, str] | None]:
    """The parsed TOML of ``data`` and None, or None and the problem (not UTF-8, bad TOML) as
    (line, message)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, (line, "the file is not UTF-8 text")
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else max(len(text.splitlines()), 1)  # at the end
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        column = f" (column {found.group(2)})" if found else ""
        return None, (line, f"invalid TOML: {reason}{column}")
