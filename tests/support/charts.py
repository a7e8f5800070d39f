"""Helpers of the chart tests: synthetic tables for every chart, tables with hostile outlet and
term names, and what a drawn figure shows (axes, ticks, colours, texts that overlap)."""

from __future__ import annotations

import itertools
from typing import Any

import polars as pl
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis import charts
from analysis.charts import Chart

# --- synthetic tables ----------------------------------------------------------------------------

RATES_COLUMNS = [
    "outlet", "category", "term", "count", "rate_per_1000", "ci_low", "ci_high",
    "articles_with_term", "share_in_contrast_set", "narration_count", "quoted_count",
    "narration_rate_per_1000", "words", "articles", "interval_method",
]  # fmt: skip


def make_rates(rows: list[tuple[str, str, str, int, int]], words: int = 2000) -> pl.DataFrame:
    """A rates table from (outlet, category, term, narration_count, quoted_count) rows."""
    records = []
    for outlet, category, term, narration, quoted in rows:
        count = narration + quoted
        rate = 1000 * count / words
        records.append(
            {
                "outlet": outlet,
                "category": category,
                "term": term,
                "count": count,
                "rate_per_1000": rate,
                "ci_low": max(rate - 0.25, 0.0),
                "ci_high": rate + 0.5,
                "articles_with_term": min(count, 3),
                "share_in_contrast_set": None,
                "narration_count": narration,
                "quoted_count": quoted,
                "narration_rate_per_1000": 1000 * narration / words,
                "words": words,
                "articles": 3,
                "interval_method": "poisson",
            }
        )
    schema = {
        "outlet": pl.String, "category": pl.String, "term": pl.String, "count": pl.Int64,
        "rate_per_1000": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64,
        "articles_with_term": pl.Int64, "share_in_contrast_set": pl.Float64,
        "narration_count": pl.Int64, "quoted_count": pl.Int64,
        "narration_rate_per_1000": pl.Float64, "words": pl.Int64, "articles": pl.Int64,
        "interval_method": pl.String,
    }  # fmt: skip
    return pl.DataFrame(records, schema=schema)


# Outlet A: war 4 (3 narration, 1 quoted), conflict 2, terrorist 0, militant 2 -> 8 hits.
# Outlet B: war 0, conflict 6 (all quoted), terrorist 1, militant 0 -> 7 hits.
RATES = make_rates(
    [
        ("A", "war", "war", 3, 1),
        ("A", "war", "conflict", 2, 0),
        ("A", "actor", "terrorist", 0, 0),
        ("A", "actor", "militant", 2, 0),
        ("B", "war", "war", 0, 0),
        ("B", "war", "conflict", 0, 6),
        ("B", "actor", "terrorist", 1, 0),
        ("B", "actor", "militant", 0, 0),
    ]
)
CONTRAST_SETS = {"event": ["war", "conflict"], "actor": ["terrorist", "militant"]}

DISTINCTIVE = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "B", "B", "A"],
        "term": ["regime", "occupation", "clashes", "aggression", "forces", "other"],
        "method": ["log_odds", "log_odds", "log_odds", "log_odds", "log_odds", "tfidf"],
        "score": [5.5, 3.25, 2.0, 4.0, 1.5, 9.0],
        "count_outlet": [20, 12, 8, 15, 6, 30],
        "count_rest": [1, 2, 3, 1, 2, 4],
        "rank": [1, 2, 3, 1, 2, 1],
        "effect_size": [2.0, 1.5, 1.0, 1.8, 0.9, 1.0],
        "note": ["", "", "", "", "", ""],
    }
)

SPEAKER_TYPES = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "B", "B"],
        "speaker_type": ["official", "expert", "witness", "official", "anonymous"],
        "count": [6, 3, 1, 2, 2],
        "share": [0.6, 0.3, 0.1, 0.5, 0.5],
    }
)

VERB_CLASSES = pl.DataFrame(
    {
        "outlet": ["A", "A", "A", "A", "B", "B"],
        "speaker_type": ["official", "official", "official", "expert", "official", "official"],
        "verb_class": ["neutral", "doubt", "assertive", "neutral", "neutral", "doubt"],
        "count": [2, 1, 1, 3, 1, 3],
        "share": [0.5, 0.25, 0.25, 1.0, 0.25, 0.75],
    }
)

OUTLET_SIMILARITY = pl.DataFrame(
    {
        "outlet_a": ["A", "A", "B"],
        "outlet_b": ["B", "C", "C"],
        "cosine": [0.82, 0.31, 0.55],
    }
)


def all_charts(
    outlets: list[str],
    rates: pl.DataFrame = RATES,
    contrast_sets: dict[str, list[str]] = CONTRAST_SETS,
    distinctive: pl.DataFrame = DISTINCTIVE,
    speaker_types: pl.DataFrame = SPEAKER_TYPES,
    verb_classes: pl.DataFrame = VERB_CLASSES,
    similarity: pl.DataFrame = OUTLET_SIMILARITY,
) -> list[Chart | None]:
    terms = list(dict.fromkeys(rates["term"].to_list()))
    return [
        charts.framing_heatmap(rates, outlets),
        charts.contrast_shares(rates, contrast_sets, outlets),
        charts.term_rates_with_intervals(rates, terms, outlets),
        charts.voice_split(rates, outlets),
        charts.distinctive_terms_chart(distinctive, outlets),
        charts.speaker_types_chart(speaker_types, outlets),
        charts.verb_classes_chart(verb_classes, outlets),
        charts.similarity_heatmap(similarity, outlets),
    ]


def hostile_tables(outlets: list[str], terms: list[str]) -> dict[str, Any]:
    """Tables for every chart in which every outlet uses every term."""
    rows = [
        (outlet, f"category {index % 3} {term}", term, 1 + (index + position) % 4, position % 3)
        for index, outlet in enumerate(outlets)
        for position, term in enumerate(terms)
    ]
    distinctive = pl.DataFrame(
        [
            {
                "outlet": outlet, "term": term, "method": "log_odds",
                "score": float(len(terms) - position + index % 3), "count_outlet": 5,
                "count_rest": 1, "rank": position + 1, "effect_size": 1.0, "note": "",
            }
            for index, outlet in enumerate(outlets)
            for position, term in enumerate(terms)
        ]
    )  # fmt: skip
    speaker_types = pl.DataFrame(
        [
            {"outlet": outlet, "speaker_type": term, "count": 1 + (i + j) % 5, "share": 0.0}
            for i, outlet in enumerate(outlets)
            for j, term in enumerate(terms)
        ]
    )
    verb_classes = pl.DataFrame(
        [
            {
                "outlet": outlet, "speaker_type": term, "verb_class": verb_class,
                "count": 1 + (i + j + k) % 4, "share": 0.0,
            }
            for i, outlet in enumerate(outlets)
            for j, term in enumerate(terms)
            for k, verb_class in enumerate(["neutral", "doubt", "assertive"])
        ]
    )  # fmt: skip
    similarity = pl.DataFrame(
        [
            {"outlet_a": a, "outlet_b": b, "cosine": 0.3 + 0.05 * ((i + 2 * j) % 12)}
            for (i, a), (j, b) in itertools.combinations(enumerate(outlets), 2)
        ]
    )
    return {
        "rates": make_rates(rows),
        "contrast_sets": {"set $1": terms[:3], "<b>set</b>": terms[3:]},
        "distinctive": distinctive,
        "speaker_types": speaker_types,
        "verb_classes": verb_classes,
        "similarity": similarity,
    }


HOSTILE_OUTLETS = [
    "$\\alpha$",
    "a|b",
    "<script>alert('x')</script>",
    "The Extraordinarily Long-Winded Evening Chronicle and Weekly Gazette of Record " * 3,
    "back\\slash $5 and \\frac{1}{2}",
    "tab\tand\nnewline",
    "",
    "$$",
    "Müller & Søn — «news»",
    "___^^^%%%{}#",
    "-->comment<!--",
    "a" * 300,
]
HOSTILE_TERMS = ["$5 million", "$\\beta$ test", "\\n\\x", "a|b", "<i>term</i>", "x" * 120]


# --- helpers ---------------------------------------------------------------------------------


def main_axes(figure: Figure) -> Axes:
    return figure.axes[0]


def panel_axes(figure: Figure) -> list[Axes]:
    """Every Axes of the figure and its subfigures that is not a colour bar."""
    return [ax for ax in figure.findobj(Axes) if ax.get_label() != "<colorbar>"]


def tick_texts(labels: list[Text]) -> list[str]:
    return [label.get_text() for label in labels]


def facecolours(ax: Axes) -> list[str]:
    return [to_hex(patch.get_facecolor()) for patch in ax.patches]


def text_strings(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.texts]


def drawn_texts(figure: Figure) -> list[Text]:
    """Visible, non-empty texts that a draw puts on the canvas (tick labels only within view)."""
    figure.canvas.draw()
    tick_labels: set[int] = set()
    drawn: list[Text] = []
    for ax in figure.findobj(Axes):
        for axis, view in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(view)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    tick_labels.add(id(label))
                    inside = low - 1e-9 <= tick.get_loc() <= high + 1e-9
                    if inside and label.get_visible() and tick.get_visible():
                        drawn.append(label)
    for text in figure.findobj(Text):
        if id(text) not in tick_labels and text.get_visible():
            drawn.append(text)
    return [text for text in drawn if text.get_text().strip()]


def overlapping_pairs(figure: Figure) -> list[tuple[str, str]]:
    renderer = figure.canvas.get_renderer()
    texts = drawn_texts(figure)
    boxes = [(text.get_text(), text.get_window_extent(renderer)) for text in texts]
    pairs = []
    for (first, box_a), (second, box_b) in itertools.combinations(boxes, 2):
        # Shrunk by half a pixel so texts that merely touch are not counted.
        if box_a.expanded(1, 1).padded(-0.5).overlaps(box_b.padded(-0.5)):
            pairs.append((first, second))
    return pairs
