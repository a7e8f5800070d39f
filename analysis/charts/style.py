"""How charts look: palettes, outlet colours and marks, print sizes, and safe label text.

Colour. Outlets keep one colour in every chart, from the Okabe-Ito palette (safe for the common
colour-vision deficiencies), assigned in the order the outlets are given (:func:`outlet_colours`).
Outlets 9 to 16 reuse the eight colours with hatching ``//`` on bars and square markers on dots,
outlets 17 to 24 with ``..`` and diamonds, and so on (:func:`outlet_hatches`,
:func:`outlet_markers`). Colour is never the only cue: every bar, dot and panel is also labelled
with the outlet's name. Parts of a whole (terms of a contrast set, speaker types) use Paul Tol's
"light" palette, verb classes three fixed colours from Paul Tol's "bright" palette and grey, and
heatmaps the sequential viridis (rates) and cividis (similarity) colour maps.

Untrusted labels. Outlet names, terms and speaker types come from articles. Every label drawn
goes through one function, :func:`_label`, which flattens control characters, wraps or truncates
long text with an ellipsis and escapes ``$`` so matplotlib's mathtext never interprets it
("$5 million" and "\\alpha" render as written). Charts are drawn and saved inside
:func:`chart_style`, which turns TeX off and sets sizes for print; rc parameters are never
changed globally. Alt texts are plain, unescaped text: the report escapes them like any other
text from the data.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib.colors import to_rgb

# --- palettes ----------------------------------------------------------------------------------

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Outlet colours: Okabe & Ito (2008), "Color Universal Design", in the order they are assigned."""

OUTLET_HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "oo")
"""Hatching for outlets 1-8, 9-16, 17-24, ... (cycles after 48 outlets)."""

OUTLET_MARKERS: tuple[str, ...] = ("o", "s", "D", "^", "v", "P")
"""Dot markers for outlets 1-8, 9-16, 17-24, ... (cycles after 48 outlets)."""

TOL_LIGHT: tuple[str, ...] = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
    "#DDDDDD",  # pale grey
)
"""Parts of a whole (terms of a contrast set, speaker types): Paul Tol's "light" palette, light
enough for black labels on every segment; parts 10-18 reuse it with hatching."""

VERB_CLASS_COLOURS: dict[str, str] = {
    "neutral": "#BBBBBB",  # grey
    "doubt": "#EE6677",  # Tol bright red
    "assertive": "#4477AA",  # Tol bright blue
}
"""Verb classes in drawing order; any other class gets a colour from :data:`TOL_LIGHT`."""

NARRATION_COLOUR = "#004488"  # Tol high-contrast blue
QUOTATION_COLOUR = "#DDAA33"  # Tol high-contrast yellow
MISSING_COLOUR = "#DDDDDD"
RATE_COLOUR_MAP = "viridis"
SIMILARITY_COLOUR_MAP = "cividis"

# --- print sizes ------------------------------------------------------------------------------

_TICK_LABEL_POINTS = 9

# Print sizes: a chart is about 8 inches wide, so 9-point tick labels stay readable on paper and
# on a projector. TeX is off so no label can reach a TeX installation; the SVG hash salt is fixed
# so the same figure gives the same SVG ids.
_STYLE: dict[str, object] = {
    "text.usetex": False,
    "text.parse_math": True,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": _TICK_LABEL_POINTS,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    # Titles sit at the top of their axes. Left to matplotlib (None), each title would be moved
    # above any tick labels or offset text at the top, which no chart has, after measuring
    # every tick label of the y axis on each draw: the same place, at a high price.
    "axes.titley": 1.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "framelens",
    "savefig.facecolor": "white",
}

_ANNOTATION_SIZE = 8


@contextmanager
def chart_style() -> Iterator[None]:
    """Temporarily set the charts' matplotlib rc parameters (sizes, no TeX, fixed SVG salt)."""
    with matplotlib.rc_context(_STYLE):
        yield


# --- colours of outlets and parts ------------------------------------------------------------


def outlet_colours(outlets: Sequence[str]) -> dict[str, str]:
    """One hex colour per outlet, from :data:`OKABE_ITO`, assigned in the order given.

    Outlet i (from 0) gets ``OKABE_ITO[i % 8]``; from the ninth outlet on, colours repeat and
    :func:`outlet_hatches` / :func:`outlet_markers` tell the outlets apart. Repeated names keep
    their first position. The report passes outlets in one fixed order, so an outlet has the
    same colour in every chart.
    """
    return {
        outlet: OKABE_ITO[index % len(OKABE_ITO)]
        for index, outlet in enumerate(dict.fromkeys(outlets))
    }


def outlet_hatches(outlets: Sequence[str]) -> dict[str, str]:
    """Bar hatching per outlet: none for the first 8, then ``//``, ``..``, ... per block of 8."""
    return {
        outlet: OUTLET_HATCHES[(index // len(OKABE_ITO)) % len(OUTLET_HATCHES)]
        for index, outlet in enumerate(dict.fromkeys(outlets))
    }


def outlet_markers(outlets: Sequence[str]) -> dict[str, str]:
    """Dot marker per outlet: circles for the first 8, then squares, diamonds, ... per block."""
    return {
        outlet: OUTLET_MARKERS[(index // len(OKABE_ITO)) % len(OUTLET_MARKERS)]
        for index, outlet in enumerate(dict.fromkeys(outlets))
    }


def _relative_luminance(colour: str) -> float:
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _text_colour_on(colour: str) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio against ``colour``."""
    luminance = _relative_luminance(colour)
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def _part_styles(names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(colour, hatch) for parts of a whole, from :data:`TOL_LIGHT`, hatched after nine."""
    return {
        name: (
            TOL_LIGHT[index % len(TOL_LIGHT)],
            OUTLET_HATCHES[(index // len(TOL_LIGHT)) % len(OUTLET_HATCHES)],
        )
        for index, name in enumerate(names)
    }


# --- text -------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _flat(text: object) -> str:
    """``text`` on one line: control characters become spaces, runs of spaces collapse."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def _plain(text: object, limit: int = 80) -> str:
    """A name for alt text: one line, cut to ``limit`` characters with an ellipsis."""
    flat = _flat(text) or "(no name)"
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _label(text: object, width: int = 18, lines: int = 2) -> str:
    """A label safe to draw: wrapped to ``lines`` lines of ``width`` characters, cut with an
    ellipsis, and with ``$`` escaped so mathtext shows it literally."""
    flat = _flat(text) or "(no name)"
    wrapped = textwrap.wrap(flat, width=width, break_long_words=True) or [flat]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped).replace("$", r"\$")


def _format_rate(value: float) -> str:
    """A rate per 1,000 words with two significant decimals for small values."""
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _format_score(value: float) -> str:
    return f"{value:.3g}"


def _join(parts: Sequence[str]) -> str:
    return "; ".join(parts)
