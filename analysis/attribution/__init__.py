"""Attribution: whose words an article carries, how it introduces them, and per-outlet summaries.

Note for maintainers: ``analysis.quotes`` imports ``analysis.attribution.verbs`` (for the speech
cues that tell a quotation from a scare quote), so nothing in this package may import
``analysis.quotes`` at module level.
"""

from analysis.attribution.gazetteer import SPEAKER_TYPES, Gazetteer, load_gazetteer
from analysis.attribution.summary import (
    ATTRIBUTIONS_CSV_COLUMNS,
    OUTLET_ATTRIBUTIONS,
    SPEAKER_TYPE_COUNTS,
    TOP_SPEAKERS,
    VERB_CLASS_COUNTS,
    VERB_CLASSES,
    summarise_attributions,
    write_attributions_csv,
)
from analysis.attribution.table import ATTRIBUTIONS, find_attributions
from analysis.attribution.verbs import Cue, ReportingVerbs, load_reporting_verbs

__all__ = [
    "ATTRIBUTIONS",
    "ATTRIBUTIONS_CSV_COLUMNS",
    "OUTLET_ATTRIBUTIONS",
    "SPEAKER_TYPE_COUNTS",
    "TOP_SPEAKERS",
    "VERB_CLASS_COUNTS",
    "VERB_CLASSES",
    "summarise_attributions",
    "write_attributions_csv",
    "SPEAKER_TYPES",
    "Cue",
    "Gazetteer",
    "ReportingVerbs",
    "find_attributions",
    "load_gazetteer",
    "load_reporting_verbs",
]
