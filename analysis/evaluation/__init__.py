"""Evaluating framelens against annotations made by hand.

:func:`evaluate_attributions` measures the attributions (cue precision and recall, speaker
agreement and end-to-end speaker F1) against a gold file in the polnear-dev format
(:mod:`analysis.evaluation.gold`), mapping framelens's clean-text offsets back to the
original text (:mod:`analysis.evaluation.offsets`). ``docs/attribution-evaluation.md``
explains the figures.
"""

from analysis.evaluation.attributions import (
    EVALUATION_FIGURES,
    EVALUATION_ROWS,
    FIGURE_MEANINGS,
    AttributionEvaluation,
    evaluate_attributions,
    is_speech_cue,
    pair_spans,
    write_evaluation_rows,
)
from analysis.evaluation.gold import (
    GOLD_ATTRIBUTIONS,
    GoldAttributions,
    check_gold,
    read_gold_attributions,
)
from analysis.evaluation.offsets import OffsetMap, clean_offset_map

__all__ = [
    "EVALUATION_FIGURES",
    "EVALUATION_ROWS",
    "FIGURE_MEANINGS",
    "GOLD_ATTRIBUTIONS",
    "AttributionEvaluation",
    "GoldAttributions",
    "OffsetMap",
    "check_gold",
    "clean_offset_map",
    "evaluate_attributions",
    "is_speech_cue",
    "pair_spans",
    "read_gold_attributions",
    "write_evaluation_rows",
]
