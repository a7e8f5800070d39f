"""Outlets and dates shown on the pages themselves: outlet signatures (analysis/data/outlets.toml)
and datelines, and dates in any common spelling normalised to ISO 8601."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from analysis.tomlfile import read_packaged


@dataclass(frozen=True)
class OutletSignature:
    outlet: str
    pattern: re.Pattern[str]


@cache
def outlet_signatures() -> tuple[OutletSignature, ...]:
    """The packaged outlet signatures (analysis/data/outlets.toml), compiled once."""
    data = read_packaged("outlets.toml")
    return tuple(
        OutletSignature(entry["name"], re.compile(pattern, re.IGNORECASE | re.MULTILINE))
        for entry in data["outlet"]
        for pattern in entry["signatures"]
    )


def infer_outlet(raw_text: str) -> tuple[str, str]:
    """Guess the outlet from page furniture; returns (outlet, how it was decided)."""
    for signature in outlet_signatures():
        match = signature.pattern.search(raw_text)
        if match:
            shown = " ".join(match.group(0).split())
            return signature.outlet, f"page: '{shown}'"
    return "unknown", "unknown"


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@cache
def dateline_patterns() -> tuple[re.Pattern[str], ...]:
    """The page-timestamp patterns (``[[dateline]]`` in analysis/data/furniture.toml),
    compiled once; the cleaner uses the same ones to remove timestamps from pages."""
    data = read_packaged("furniture.toml")
    return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data.get("dateline", []))


def iso_date_from_match(match: re.Match[str]) -> str | None:
    """ISO 8601 date (with time and offset when shown) from a dateline regex match."""
    parts = match.groupdict()
    try:
        month = int(parts["monthnum"]) if parts.get("monthnum") else MONTHS[parts["month"].lower()]
        moment = datetime(int(parts["year"]), month, int(parts["day"]))
    except (KeyError, ValueError, TypeError):
        return None
    if not 1900 <= moment.year <= 2100:
        return None
    text = moment.date().isoformat()
    if parts.get("hour") is not None and parts.get("minute") is not None:
        hour, minute = int(parts["hour"]), int(parts["minute"])
        if hour > 23 or minute > 59:
            return text
        text += f"T{hour:02d}:{minute:02d}"
        if parts.get("offset"):
            offset = int(parts["offset"])
            text += f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
    return text


def normalise_date(value: object) -> str | None:
    """A manifest or column date as ISO 8601; unparseable dates become None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat().replace(
            "T00:00:00", ""
        )
    except ValueError:
        pass
    for pattern in dateline_patterns():
        match = pattern.search(text)
        if match:
            return iso_date_from_match(match)
    return None
