"""Measuring framelens's attributions against attributions annotated by hand.

:func:`evaluate_attributions` cleans a corpus and finds its attributions as ``framelens
report`` does, maps the predicted cue and speaker spans from the clean text back to the
original text (:mod:`analysis.evaluation.offsets`), and pairs predicted with annotated
attributions one to one, article by article, by the overlap of their cue spans: only cues
that overlap are paired; the pairing with the most pairs, then the most overlapping
characters in total, then the cues' starts nearest each other (an assignment problem,
solved by scipy's ``linear_sum_assignment``; see :func:`pair_spans`). The figures are
defined in ``EVALUATION_FIGURES``.

Speech only: an annotated attribution counts as speech when its cue contains a form of a
``[verbs]`` or ``[document_verbs]`` entry of the reporting-verbs file (as whole words, any
case) or the words "according to". Every predicted attribution is speech by construction
(framelens only looks for reporting cues); one paired with an annotated attribution that
is not speech is set aside, counted neither right nor wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment

from analysis.attribution import Gazetteer, ReportingVerbs, find_attributions, load_reporting_verbs
from analysis.clean import clean_articles, split_sentences
from analysis.corpus import ColumnNames, load_corpus, read_table_rows
from analysis.errors import FramelensError, InputWarning
from analysis.evaluation.gold import GoldAttributions, check_gold, read_gold_attributions
from analysis.evaluation.offsets import clean_offset_map
from analysis.schema import Column, Schema

EVALUATION_FIGURES = Schema(
    "attribution evaluation figures",
    (
        Column("figure", pl.String, "the figure's name (see the meaning)"),
        Column("value", pl.Float64, "count / out_of, null when out_of is 0"),
        Column("count", pl.Int64, "the numerator"),
        Column("out_of", pl.Int64, "the denominator"),
        Column("meaning", pl.String, "what the figure measures, in plain words"),
    ),
)

FIGURE_MEANINGS = {
    "cue_precision": "predicted attributions paired with an annotated one / predicted "
    "attributions",
    "cue_recall": "annotated attributions paired with a predicted one / annotated attributions",
    "speaker_overlap_on_matched": "paired attributions whose speaker spans overlap (or that "
    "both have none) / paired attributions",
    "speaker_exact_on_matched": "paired attributions whose speaker spans are equal, up to a "
    "leading article and surrounding spaces, commas, semicolons and colons (or that both "
    "have none) / paired attributions",
    "speaker_precision_overlap": "paired attributions with overlapping speakers / predicted "
    "attributions with a speaker",
    "speaker_recall_overlap": "paired attributions with overlapping speakers / annotated "
    "attributions with a speaker",
    "speaker_f1_overlap": "2 x paired attributions with overlapping speakers / (predicted + "
    "annotated attributions with a speaker)",
    "speaker_precision_exact": "paired attributions with equal speakers / predicted "
    "attributions with a speaker",
    "speaker_recall_exact": "paired attributions with equal speakers / annotated attributions "
    "with a speaker",
    "speaker_f1_exact": "2 x paired attributions with equal speakers / (predicted + annotated "
    "attributions with a speaker)",
}

EVALUATION_ROWS = Schema(
    "attribution evaluation rows",
    (
        Column("status", pl.String, "'matched' (paired), 'missed' (annotated, not found), "
               "'spurious' (found, not annotated) or 'set_aside' (found, paired with an "
               "annotated attribution that is not speech; --speech-only)"),
        Column("doc_id", pl.String, "article id"),
        Column("gold_line", pl.Int64, "line of the gold file, null for spurious rows"),
        Column("gold_type", pl.String, "the annotation's type"),
        Column("gold_cue_start", pl.Int64, "annotated cue: offset in the original text"),
        Column("gold_cue_end", pl.Int64, "annotated cue: offset one past it"),
        Column("gold_cue", pl.String, "annotated cue: text"),
        Column("predicted_cue_start", pl.Int64, "predicted cue: offset in the original text"),
        Column("predicted_cue_end", pl.Int64, "predicted cue: offset one past it"),
        Column("predicted_cue", pl.String, "predicted cue: the original text at its offsets"),
        Column("gold_speaker_start", pl.Int64, "annotated speaker: offset, null when none"),
        Column("gold_speaker_end", pl.Int64, "annotated speaker: offset one past it"),
        Column("gold_speaker", pl.String, "annotated speaker: text"),
        Column("predicted_speaker_start", pl.Int64, "predicted speaker: offset in the "
               "original text, null when none is written"),
        Column("predicted_speaker_end", pl.Int64, "predicted speaker: offset one past it"),
        Column("predicted_speaker", pl.String, "predicted speaker: the original text at its "
               "offsets"),
        Column("speaker_overlap", pl.Boolean, "matched rows: the speaker spans overlap (or "
               "both are absent)"),
        Column("speaker_exact", pl.Boolean, "matched rows: the speaker spans are equal up to a "
               "leading article (or both are absent)"),
        Column("context", pl.String, "the original text around the cue, whitespace made single "
               "spaces"),
    ),
)

CONTEXT_CHARACTERS = 100
"""Characters of original text on each side of the cue in the rows' ``context``."""

_TRIMMED = ",;:"
"""Punctuation around a speaker span that the exact comparison ignores ("Brian Fallon, the
campaign's press secretary," as annotated)."""
_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
ARTICLE_COLUMNS = ("id", "outlet", "title", "date", "url")
"""Corpus columns --only can name in any corpus (a table corpus also offers its own)."""


@dataclass
class AttributionEvaluation:
    """The figures (EVALUATION_FIGURES) and the rows behind them (EVALUATION_ROWS)."""

    figures: pl.DataFrame
    rows: pl.DataFrame
    articles: int
    """Articles evaluated."""
    speech_only: bool
    warnings: list[InputWarning] = field(default_factory=list)

    def value(self, figure: str) -> float | None:
        """The value of one figure by name (see FIGURE_MEANINGS)."""
        return self.figures.filter(pl.col("figure") == figure)["value"].item()

    def summary(self) -> str:
        """The figures as lines of text, as ``framelens evaluate attributions`` prints them."""
        counts = self.rows["status"].value_counts()
        count = dict(counts.iter_rows())
        annotated = count.get("matched", 0) + count.get("missed", 0)
        predicted = count.get("matched", 0) + count.get("spurious", 0)
        kind = "speech attributions" if self.speech_only else "attributions"
        lines = [f"{self.articles:,} articles; {annotated:,} annotated {kind}, "
                 f"{predicted:,} predicted, {count.get('matched', 0):,} paired"
                 + (f", {count.get('set_aside', 0):,} predicted set aside (paired with an "
                    "annotated attribution that is not speech)" if self.speech_only else "")]
        for figure, value, numerator, denominator in self.figures.select(
            "figure", "value", "count", "out_of"
        ).iter_rows():
            shown = "-" if value is None else f"{value:.3f}"
            lines.append(f"{figure:<28} {shown:>6}  ({numerator:,} / {denominator:,})")
        return "\n".join(lines)


def is_speech_cue(cue: str, verbs: ReportingVerbs) -> bool:
    """Whether an annotated cue counts as speech: it contains a form of a ``[verbs]`` or
    ``[document_verbs]`` entry of ``verbs`` (whole words, any case) or "according to"."""
    return bool(
        verbs.pattern("verbs", "document_verbs").search(cue) or _ACCORDING_TO.search(cue)
    )


def evaluate_attributions(
    corpus: Path | str,
    gold: Path | str | GoldAttributions,
    *,
    speech_only: bool = False,
    only: Mapping[str, str] | None = None,
    manifest: Path | str | None = None,
    columns: ColumnNames | None = None,
    gazetteer: Gazetteer | None = None,
    speech_verbs: ReportingVerbs | None = None,
) -> AttributionEvaluation:
    """Evaluate framelens's attributions on ``corpus`` against the ``gold`` file.

    The annotated articles are those the gold file's primary lines name; ``only`` keeps
    those whose corpus ``column`` equals ``value`` for every item (any ARTICLE_COLUMNS, or
    a column of a table corpus, compared as text). The whole corpus is cleaned (the
    cleaner learns an outlet's furniture from all its articles); attributions are found in
    the evaluated articles (with ``gazetteer``, default the packaged one). ``speech_verbs``
    (default the packaged reporting verbs) decide which annotated cues are speech
    (:func:`is_speech_cue`) when ``speech_only``. Offsets are characters of the articles'
    text as framelens reads it (decoded; Windows line breaks read as one; HTML reduced to
    its text).

    Raises FramelensError for a gold file that does not fit the corpus (see
    :func:`analysis.evaluation.gold.check_gold`) or an ``only`` column that does not exist.
    Annotated articles that cleaning leaves out (empty, or a duplicate) are left out of the
    evaluation with a warning.
    """
    if not isinstance(gold, GoldAttributions):
        gold = read_gold_attributions(gold)
    speech_verbs = speech_verbs or load_reporting_verbs()
    loaded = load_corpus(corpus, manifest=manifest, columns=columns)
    raw = loaded.articles
    check_gold(gold, dict(zip(raw["id"], raw["raw_text"], strict=True)))
    keep = raw["id"].is_in(list(gold.documents))
    for column, value in (only or {}).items():
        keep &= _corpus_column(Path(corpus), raw, column).eq_missing(value)
    wanted = set(raw.filter(keep)["id"])
    if not wanted:
        raise FramelensError(f"{corpus}: no annotated article of {gold.path} is left to "
                             "evaluate" + (" with " + ", ".join(
                                 f"{column}={value}" for column, value in only.items())
                                 if only else ""))
    cleaned = clean_articles(loaded)
    articles = cleaned.articles.filter(pl.col("id").is_in(list(wanted)))
    warnings: list[InputWarning] = []
    duplicate_of = dict(cleaned.duplicates.select("id", "duplicate_of").iter_rows())
    for article_id in sorted(wanted - set(articles["id"])):
        reason = (f"a duplicate of article {duplicate_of[article_id]}"
                  if article_id in duplicate_of else "no text left after cleaning")
        warnings.append(InputWarning(f"article {article_id}", f"left out of the evaluation: "
                                     f"{reason}"))
    sentences = split_sentences(articles)
    from analysis.quotes import find_quotes  # see analysis.attribution's note on imports

    quotes = find_quotes(articles)
    predicted = find_attributions(articles, sentences, quotes, gazetteer)
    predicted = _in_original_offsets(predicted, articles, cleaned.removed)
    gold_table = gold.table.filter(pl.col("doc_id").is_in(articles["id"].implode()))
    texts = dict(articles.select("id", "raw_text").iter_rows())
    rows = _paired_rows(gold_table, predicted, texts)
    if speech_only:
        speech = {
            line for line, cue in gold_table.select("line", "cue").iter_rows()
            if is_speech_cue(cue, speech_verbs)
        }
        rows = _speech_rows(rows, speech)
    table = pl.DataFrame(rows, schema=EVALUATION_ROWS.polars_schema(), orient="row").sort(
        "doc_id", pl.coalesce("gold_cue_start", "predicted_cue_start"), "status"
    )
    return AttributionEvaluation(_figures(table), table, articles.height, speech_only, warnings)


def _corpus_column(corpus: Path, raw: pl.DataFrame, column: str) -> pl.Series:
    """The corpus's ``column`` as text, one value per row of the loaded ``raw`` articles."""
    if column in ARTICLE_COLUMNS:
        return raw[column]
    suffix = corpus.suffix.lower()
    if corpus.is_dir() or suffix not in (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"):
        raise FramelensError(f"--only {column}=...: a folder corpus offers only the columns "
                             f"{', '.join(ARTICLE_COLUMNS)}")
    try:
        table, references = read_table_rows(corpus)
    except FramelensError as error:
        raise FramelensError(f"cannot read the column {column!r} for --only ({error})") from None
    if column not in table.columns:
        raise FramelensError(f"--only {column}=...: {corpus} has no column {column!r}; columns "
                             f"are: {', '.join(table.columns)}")
    # Each article's path is its row's reference in the file.
    row_of = {reference: row for row, reference in enumerate(references)}
    rows = pl.Series([row_of[path] for path in raw["path"]], dtype=pl.Int64)
    values = table[column]
    if values.dtype.is_nested():
        raise FramelensError(f"--only {column}=...: the column holds {values.dtype} values")
    return values.cast(pl.String, strict=False).gather(rows)


def _in_original_offsets(
    predicted: pl.DataFrame, articles: pl.DataFrame, removed: pl.DataFrame
) -> pl.DataFrame:
    """(id, cue_start, cue_end, speaker_start, speaker_end) of each predicted attribution,
    in the original text's offsets."""
    removed_by_article: dict[str, list[tuple[int, str]]] = {}
    for article_id, line, text in removed.select("id", "line", "text").iter_rows():
        removed_by_article.setdefault(article_id, []).append((line, text))
    maps = {
        article_id: clean_offset_map(raw_text, clean_text, removed_by_article.get(article_id, []))
        for article_id, raw_text, clean_text in articles.select(
            "id", "raw_text", "clean_text"
        ).iter_rows()
    }
    rows = []
    for article_id, cue_start, cue_end, speaker_start, speaker_end in predicted.select(
        "id", "cue_start", "cue_end", "speaker_start", "speaker_end"
    ).iter_rows():
        offsets = maps[article_id]
        speaker = (
            offsets.span(speaker_start, speaker_end) if speaker_start is not None else (None, None)
        )
        rows.append((article_id, *offsets.span(cue_start, cue_end), *speaker))
    return pl.DataFrame(
        rows,
        schema={"id": pl.String, "cue_start": pl.Int64, "cue_end": pl.Int64,
                "speaker_start": pl.Int64, "speaker_end": pl.Int64},
        orient="row",
    )


def pair_spans(
    gold: list[tuple[int, int]], predicted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) of spans (start, end) matched one to one, only
    spans that overlap: the most pairs; among those pairings, the most overlapping characters
    in total; then the least total distance between paired starts. Sorted."""
    if not gold or not predicted:
        return []
    gold_spans = np.array(gold, dtype=np.int64).reshape(-1, 2)
    predicted_spans = np.array(predicted, dtype=np.int64).reshape(-1, 2)
    overlap = np.maximum(
        0,
        np.minimum(gold_spans[:, 1:2], predicted_spans[:, 1])
        - np.maximum(gold_spans[:, 0:1], predicted_spans[:, 0]),
    )
    distance = np.where(overlap > 0, np.abs(gold_spans[:, 0:1] - predicted_spans[:, 0]), 0)
    # Integer weights that order pairings lexicographically: a pair outweighs any total
    # overlap, one character of overlap any total distance (overlapping spans start less
    # than the longer one's length apart, so the weights stay far below 2**53).
    pairs = min(len(gold), len(predicted))
    distance_scale = (int(distance.max()) + 1) * (pairs + 1)
    pair_weight = (int(overlap.max()) * pairs + 1) * distance_scale
    weight = np.where(overlap > 0, pair_weight + overlap * distance_scale - distance, 0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return sorted((int(g), int(p)) for g, p in zip(rows, cols, strict=True) if overlap[g, p] > 0)


def _paired_rows(
    gold: pl.DataFrame, predicted: pl.DataFrame, texts: dict[str, str]
) -> list[tuple]:
    """EVALUATION_ROWS tuples, article by article."""
    gold_by_article = gold.partition_by("doc_id", as_dict=True, maintain_order=True)
    predicted_by_article = predicted.partition_by("id", as_dict=True, maintain_order=True)
    rows: list[tuple] = []
    for article_id in sorted(texts):
        text = texts[article_id]
        gold_rows = _records(gold_by_article.get((article_id,)))
        predicted_rows = _records(predicted_by_article.get((article_id,)))
        pairs = pair_spans(
            [(row["cue_start"], row["cue_end"]) for row in gold_rows],
            [(row["cue_start"], row["cue_end"]) for row in predicted_rows],
        )
        paired_gold = {g for g, _ in pairs}
        paired_predicted = {p for _, p in pairs}
        for g, p in pairs:
            rows.append(_row("matched", article_id, text, gold_rows[g], predicted_rows[p]))
        for g, row in enumerate(gold_rows):
            if g not in paired_gold:
                rows.append(_row("missed", article_id, text, row, None))
        for p, row in enumerate(predicted_rows):
            if p not in paired_predicted:
                rows.append(_row("spurious", article_id, text, None, row))
    return rows


def _records(table: pl.DataFrame | None) -> list[dict]:
    return [] if table is None else table.to_dicts()


def _row(status: str, article_id: str, text: str, gold: dict | None,
         predicted: dict | None) -> tuple:
    gold = gold or {}
    predicted = predicted or {}
    predicted_cue = _slice(text, predicted.get("cue_start"), predicted.get("cue_end"))
    predicted_speaker = _slice(text, predicted.get("speaker_start"), predicted.get("speaker_end"))
    overlap = exact = None
    if gold and predicted:
        gold_speaker = (gold["speaker_start"], gold["speaker_end"])
        found_speaker = (predicted["speaker_start"], predicted["speaker_end"])
        overlap = _speakers_overlap(gold_speaker, found_speaker)
        exact = _speakers_equal(text, gold_speaker, found_speaker)
    cue_start = gold.get("cue_start", predicted.get("cue_start"))
    cue_end = gold.get("cue_end", predicted.get("cue_end"))
    context = text[max(0, cue_start - CONTEXT_CHARACTERS) : cue_end + CONTEXT_CHARACTERS]
    return (
        status, article_id, gold.get("line"), gold.get("type"),
        gold.get("cue_start"), gold.get("cue_end"), gold.get("cue"),
        predicted.get("cue_start"), predicted.get("cue_end"), predicted_cue,
        gold.get("speaker_start"), gold.get("speaker_end"), gold.get("speaker"),
        predicted.get("speaker_start"), predicted.get("speaker_end"), predicted_speaker,
        overlap, exact, " ".join(context.split()),
    )


def _slice(text: str, start: int | None, end: int | None) -> str | None:
    return None if start is None or end is None else text[start:end]


def _speakers_overlap(gold: tuple, predicted: tuple) -> bool:
    if gold[0] is None or predicted[0] is None:
        return gold[0] is None and predicted[0] is None
    return min(gold[1], predicted[1]) > max(gold[0], predicted[0])


def _speakers_equal(text: str, gold: tuple, predicted: tuple) -> bool:
    if gold[0] is None or predicted[0] is None:
        return gold[0] is None and predicted[0] is None
    return _trimmed(text, *gold) == _trimmed(text, *predicted)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A speaker span without surrounding whitespace, commas, semicolons and colons, and
    without a leading "the", "a" or "an"."""
    while start < end and (text[start].isspace() or text[start] in _TRIMMED):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIMMED):
        end -= 1
    article = _ARTICLE.match(text, start, end)
    if article is not None and article.end() < end:
        start = article.end()
    return start, end


def _speech_rows(rows: list[tuple], speech: set[int]) -> list[tuple]:
    """The rows of a --speech-only evaluation: annotated attributions that are not speech
    are dropped, and predicted ones paired with them set aside."""
    kept = []
    for row in rows:
        status, line = row[0], row[2]
        if line is None or line in speech:
            kept.append(row)
        elif status == "matched":
            kept.append(("set_aside", *row[1:]))
    return kept


def _figures(rows: pl.DataFrame) -> pl.DataFrame:
    """EVALUATION_FIGURES from EVALUATION_ROWS."""
    status = rows["status"]
    matched = rows.filter(status == "matched")
    annotated = int((status == "matched").sum() + (status == "missed").sum())
    predicted = int((status == "matched").sum() + (status == "spurious").sum())
    counted = rows.filter(status.is_in(["matched", "missed", "spurious"]))
    gold_speakers = int(counted.filter(
        pl.col("gold_line").is_not_null() & pl.col("gold_speaker_start").is_not_null()).height)
    predicted_speakers = int(counted.filter(
        pl.col("predicted_cue_start").is_not_null()
        & pl.col("predicted_speaker_start").is_not_null()).height)
    both = matched.filter(pl.col("gold_speaker_start").is_not_null()
                          & pl.col("predicted_speaker_start").is_not_null())
    overlap = int(both["speaker_overlap"].sum())
    exact = int(both["speaker_exact"].sum())
    values = {
        "cue_precision": (matched.height, predicted),
        "cue_recall": (matched.height, annotated),
        "speaker_overlap_on_matched": (int(matched["speaker_overlap"].sum()), matched.height),
        "speaker_exact_on_matched": (int(matched["speaker_exact"].sum()), matched.height),
        "speaker_precision_overlap": (overlap, predicted_speakers),
        "speaker_recall_overlap": (overlap, gold_speakers),
        "speaker_f1_overlap": (2 * overlap, predicted_speakers + gold_speakers),
        "speaker_precision_exact": (exact, predicted_speakers),
        "speaker_recall_exact": (exact, gold_speakers),
        "speaker_f1_exact": (2 * exact, predicted_speakers + gold_speakers),
    }
    return pl.DataFrame(
        [
            (name, count / out_of if out_of else None, count, out_of, FIGURE_MEANINGS[name])
            for name, (count, out_of) in values.items()
        ],
        schema=EVALUATION_FIGURES.polars_schema(),
        orient="row",
    )


def write_evaluation_rows(evaluation: AttributionEvaluation, path: Path | str) -> None:
    """Write the rows (EVALUATION_ROWS) as CSV to ``path``."""
    evaluation.rows.write_csv(path)
