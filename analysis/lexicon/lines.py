"""Where things are in a TOML file: line numbers of tables, keys and string values.

tomllib parses a file without saying where a value came from, so lexicon problems are located
by finding the value's string literal at or after the line of its table, from one pass over
the raw text. Good enough to point an editor at the right line; not a TOML parser.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import defaultdict

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
