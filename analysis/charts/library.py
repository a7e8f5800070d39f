"""Warnings of the chart library (matplotlib), caught and said in framelens's words.

A chart that matplotlib cannot lay out or render as asked is worth a line in
``data/warnings.csv``, never a Python warning on the terminal: :func:`library_warnings` catches
every warning raised while a chart is drawn or saved and :func:`describe_warning` turns it into
a sentence for the reader.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

# (pattern of matplotlib's message, what it means for the reader)
_KNOWN = (
    (
        re.compile(r"(constrained_layout|tight_layout|Tight layout) not applied", re.IGNORECASE),
        "too many panels or labels for the chart's size: it could not be laid out, so labels "
        "may overlap",
    ),
    (
        re.compile(r"Glyph \d+ .*missing from (current )?font", re.IGNORECASE),
        "a label holds a character the chart font lacks; it shows as an empty box",
    ),
)


def describe_warning(message: str) -> str:
    """What a matplotlib warning ``message`` means for the chart, in plain words."""
    for pattern, meaning in _KNOWN:
        if pattern.search(message):
            return meaning
    first = message.strip().splitlines()[0] if message.strip() else "a warning"
    return f"the chart library reported: {first[:200]}"


@contextmanager
def library_warnings() -> Iterator[list[str]]:
    """Catch every Python warning raised inside the block; after it, the list yielded holds
    each distinct one described in plain words (:func:`describe_warning`), in order."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
    for warning in caught:
        described = describe_warning(str(warning.message))
        if described not in found:
            found.append(described)
