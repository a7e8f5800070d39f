"""Reading the attribution layer's TOML data files with errors that name the file and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from analysis.errors import FramelensError


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
