"""The generator's vocabulary as data: the TOML files in ``corpusgen/data``, each read once.

Code in this package holds mechanisms; the outlets, the planted terms, the word lists and
the page furniture live in these files, so they can be changed without touching Python.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

DATA_FOLDER = Path(__file__).resolve().parent / "data"


class DataFileError(ValueError):
    """A data file is missing a key or holds a value the generator cannot use."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed content of ``data/<name>.toml`` (read on first use, then cached)."""
    path = DATA_FOLDER / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(f"{path}: {error}") from error


def get(name: str, *keys: str) -> Any:
    """The value at ``keys`` in ``data/<name>.toml``; an error names the file and the key."""
    value: Any = load(name)
    for depth, key in enumerate(keys):
        if not isinstance(value, dict) or key not in value:
            where = ".".join(keys[: depth + 1])
            raise DataFileError(f"{DATA_FOLDER / name}.toml: missing key {where!r}")
        value = value[key]
    return value


def strings(name: str, *keys: str) -> tuple[str, ...]:
    """A list of strings at ``keys`` in ``data/<name>.toml``, checked to be one."""
    value = get(name, *keys)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DataFileError(
            f"{DATA_FOLDER / name}.toml: {'.'.join(keys)} must be a list of strings"
        )
    return tuple(value)
