"""Events across outlets and framing over time.

- :mod:`analysis.events.alignment`: :func:`find_events` groups articles about the same event
  (``EVENTS``, one row per article), from the evidence of their texts, the terms layer's
  article vectors and the dates;
- :mod:`analysis.events.evidence`: what two articles share that says they tell one event
  (names, numbers, quoted words, rare words, headlines) and the link score that weighs it;
- :mod:`analysis.events.trends`: :func:`framing_trends` counts each outlet's framing terms per
  week, month or quarter (``TRENDS``), :func:`choose_period` picks the period from the span.
"""

from analysis.events.alignment import (
    EVENT_SCORE,
    EVENTS,
    WINDOW_DAYS,
    EventOptions,
    events_of_texts,
    find_events,
)
from analysis.events.trends import (
    PERIODS,
    TRENDS,
    UNDATED,
    choose_period,
    framing_trends,
)

__all__ = [
    "EVENTS",
    "EVENT_SCORE",
    "WINDOW_DAYS",
    "PERIODS",
    "TRENDS",
    "UNDATED",
    "EventOptions",
    "choose_period",
    "framing_trends",
    "events_of_texts",
    "find_events",
]
