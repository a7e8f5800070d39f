"""Comparative charts for the report: one function per chart, no analysis inside.

Each chart function takes a table made by an earlier stage (a polars DataFrame) and the outlets
in the report's fixed order, and returns a :class:`Chart`: a matplotlib ``Figure``, an alt text
that says in words what the chart shows (with its key numbers), and ``name``, a fixed file stem
such as ``"framing_heatmap"``. Functions only draw: they filter, order and lay out rows, and a
100% bar divides each row's counts by the bar's total, but every number comes from the table.

Nothing to draw is not an error. When a table has no rows for the given outlets, or only zeros,
the chart function returns ``None`` and the report writes a sentence instead of a chart.

- :mod:`analysis.charts.style`: palettes, one colour, hatch and marker per outlet
  (:func:`outlet_colours`, :func:`outlet_hatches`, :func:`outlet_markers`), print sizes
  (:func:`chart_style`) and safe label text;
- :mod:`analysis.charts.library`: :func:`library_warnings` catches matplotlib's warnings while a
  chart is drawn or saved and says them in plain words, for ``data/warnings.csv``;
- :mod:`analysis.charts.saving`: :class:`Chart` and :func:`save_chart` (deterministic files,
  written atomically);
- :mod:`analysis.charts.drawing`: helpers the charts share (figures, small multiples, 100% bars,
  annotated heatmaps);
- :mod:`analysis.charts.framing`: :func:`framing_heatmap`, :func:`contrast_shares`,
  :func:`voice_split`;
- :mod:`analysis.charts.intervals`: :func:`term_rates_with_intervals`;
- :mod:`analysis.charts.terms`: :func:`distinctive_terms_chart`, :func:`similarity_heatmap`;
- :mod:`analysis.charts.attribution`: :func:`speaker_types_chart`, :func:`verb_classes_chart`.
"""

from analysis.charts.attribution import speaker_types_chart, verb_classes_chart
from analysis.charts.framing import contrast_shares, framing_heatmap, voice_split
from analysis.charts.intervals import term_rates_with_intervals
from analysis.charts.library import describe_warning, library_warnings
from analysis.charts.saving import Chart, save_chart
from analysis.charts.style import (
    MISSING_COLOUR,
    NARRATION_COLOUR,
    OKABE_ITO,
    OUTLET_HATCHES,
    OUTLET_MARKERS,
    QUOTATION_COLOUR,
    RATE_COLOUR_MAP,
    SIMILARITY_COLOUR_MAP,
    TOL_LIGHT,
    VERB_CLASS_COLOURS,
    chart_style,
    outlet_colours,
    outlet_hatches,
    outlet_markers,
)

# Not public: the tests check the one function every drawn label goes through.
from analysis.charts.style import _label as _label
from analysis.charts.terms import SCORE_LABELS, distinctive_terms_chart, similarity_heatmap
from analysis.charts.trends import framing_trends_chart

__all__ = [
    "MISSING_COLOUR",
    "NARRATION_COLOUR",
    "OKABE_ITO",
    "OUTLET_HATCHES",
    "OUTLET_MARKERS",
    "QUOTATION_COLOUR",
    "RATE_COLOUR_MAP",
    "SCORE_LABELS",
    "SIMILARITY_COLOUR_MAP",
    "TOL_LIGHT",
    "VERB_CLASS_COLOURS",
    "Chart",
    "chart_style",
    "contrast_shares",
    "describe_warning",
    "distinctive_terms_chart",
    "framing_heatmap",
    "framing_trends_chart",
    "library_warnings",
    "outlet_colours",
    "outlet_hatches",
    "outlet_markers",
    "save_chart",
    "similarity_heatmap",
    "speaker_types_chart",
    "term_rates_with_intervals",
    "verb_classes_chart",
    "voice_split",
]
