"""Attribution: whose words an article carries, how it introduces them, and per-outlet summaries.

Modules, by what they own: ``table`` (the ATTRIBUTIONS table and :func:`find_attributions`),
``find`` (the reporting patterns that read a speaker off a sentence), ``speaker_spans``
(where a speaker's phrase starts and ends), ``cues`` (where the cues stand), ``phrases`` (the
noun phrase that names a speaker), ``function_words`` (the English word lists the rules read),
``records`` (attributions under construction), ``resolve`` and ``speakers`` (canonical
speakers within an article), ``gazetteer`` (speaker types and named sources) and
``gazetteer_file`` (reading it), ``context_types`` (speaker types read from an article's
context and across articles), ``summary`` (per-outlet summaries).

The reporting verbs are :mod:`analysis.reporting_verbs`, below both this package and
:mod:`analysis.quotes` (which tells quotations from scare quotes by them); their names are
exported here too.
"""

from analysis.attribution.context_types import (
    type_across_articles,
    type_stored_across_articles,
)
from analysis.attribution.gazetteer import SPEAKER_TYPES, Gazetteer
from analysis.attribution.gazetteer_file import load_gazetteer
from analysis.attribution.summary import (
    ATTRIBUTIONS_CSV_COLUMNS,
    OUTLET_ATTRIBUTIONS,
    SPEAKER_TYPE_COUNTS,
    SUMMARISED,
    TOP_SPEAKERS,
    VERB_CLASS_COUNTS,
    VERB_CLASSES,
    summarise_attributions,
    write_attributions_csv,
)
from analysis.attribution.table import ATTRIBUTIONS, find_attributions
from analysis.reporting_verbs import Cue, ReportingVerbs, load_reporting_verbs

__all__ = [
    "ATTRIBUTIONS",
    "ATTRIBUTIONS_CSV_COLUMNS",
    "OUTLET_ATTRIBUTIONS",
    "SUMMARISED",
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
    "type_across_articles",
    "type_stored_across_articles",
    "load_gazetteer",
    "load_reporting_verbs",
]
