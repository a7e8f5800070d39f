"""Precision and recall of speakers and cues on the five seeds, against a hand annotation.

The annotation (tests/fixtures/seed_attributions.csv, written independently of the rules) lists
every attribution with file, speaker as written, cue, direct, and an excerpt of its sentence.
An annotated row and an output row match when they are in the same article, the output's
sentence overlaps the excerpt, and
* speakers: the speakers share a word (articles and prepositions aside; both empty for an
  agentless passive);
* cues: one cue contains the other as whole words ("said" ~ "said in a statement",
  "expressed" ~ "expressed hope").
Matching is one to one. Precision counts every output row of the seeds (titles included).

The figures print on every run; the floors sit a few points under the measured values.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from support import PROJECT

from analysis.attribution import find_attributions, load_gazetteer
from analysis.quotes import find_quotes

FIXTURES = PROJECT / "tests" / "fixtures"
ANNOTATION = FIXTURES / "seed_attributions.csv"

# measured on the seeds: speakers and cues 99.1% precision, 100% recall (115 annotated, 116
# found); the floors sit a few points under, and above the 90% target
SPEAKER_RECALL_FLOOR = 0.96
SPEAKER_PRECISION_FLOOR = 0.95
CUE_RECALL_FLOOR = 0.96
CUE_PRECISION_FLOOR = 0.95

_FUNCTION_WORDS = frozenset("the a an of for in at on to and".split())


@dataclass
class Annotated:
    article: str
    speaker: str
    cue: str
    direct: bool
    span: tuple[int, int] | None  # where the excerpt sits in clean_text
    resolves: str  # the full mention the annotator resolved the speaker to (or the speaker)


@pytest.fixture(scope="module")
def seeds(seed_articles, seed_sentences) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(articles, sentences) of the cleaned seeds (conftest)."""
    return seed_articles, seed_sentences


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", (text or "").lower()) if w not in _FUNCTION_WORDS}


def _cue_matches(annotated: str, found: str) -> bool:
    a, b = " ".join(annotated.lower().split()), " ".join(found.lower().split())
    return bool(a and b) and (
        re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b) is not None
        or re.search(rf"(?<!\w){re.escape(b)}(?!\w)", a) is not None
    )


def _speaker_matches(annotated: str, found: str | None) -> bool:
    if not annotated.strip():
        return not found
    return bool(_words(annotated) & _words(found))


def _annotations(articles: pl.DataFrame) -> list[Annotated]:
    texts = dict(articles.select("id", "clean_text").iter_rows())
    rows = []
    with ANNOTATION.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            article = Path(record["file"]).stem
            text = texts.get(article, "")
            # the seeds hold no-break spaces where the annotator typed spaces
            pattern = r"\s+".join(map(re.escape, record["excerpt"].split()))
            found = re.search(pattern, text)
            span = found.span() if found else None
            resolved = re.search(r"resolves: ([^;(]+)", record["note"] or "")
            rows.append(
                Annotated(
                    article,
                    record["speaker"],
                    record["cue"],
                    record["direct"].strip().lower() == "true",
                    span,
                    resolved.group(1).strip() if resolved else record["speaker"],
                )
            )
    return rows


def _match(annotated: list[Annotated], found: list[dict], fits) -> list[tuple[int, int]]:
    """One-to-one pairs (annotated index, found index), preferring pairs that fit both ways."""
    used: set[int] = set()
    pairs = []
    for a_index, item in enumerate(annotated):
        if item.span is None:
            continue
        candidates = [
            f_index
            for f_index, row in enumerate(found)
            if f_index not in used
            and row["id"] == item.article
            and row["sentence_start"] < item.span[1]
            and item.span[0] < row["sentence_end"]
            and fits(item, row)
        ]
        candidates.sort(
            key=lambda f: (
                not (
                    _speaker_matches(item.speaker, found[f]["speaker"])
                    and _cue_matches(item.cue, found[f]["cue"])
                )
            )
        )
        if candidates:
            used.add(candidates[0])
            pairs.append((a_index, candidates[0]))
    return pairs


@pytest.fixture(scope="module")
def measured(seeds) -> dict[str, float]:
    if not ANNOTATION.exists():
        pytest.skip("the seed annotation is not there yet")
    articles, sentences = seeds
    attributions = find_attributions(articles, sentences, find_quotes(articles))
    bounds = sentences.select(
        "id",
        pl.col("sentence").alias("sentence_index"),
        pl.col("start").alias("sentence_start"),
        pl.col("end").alias("sentence_end"),
    )
    found = attributions.join(bounds, on=["id", "sentence_index"], how="left").to_dicts()
    annotated = _annotations(articles)
    missing = [a for a in annotated if a.span is None]
    speakers = _match(annotated, found, lambda a, f: _speaker_matches(a.speaker, f["speaker"]))
    cues = _match(annotated, found, lambda a, f: _cue_matches(a.cue, f["cue"]))
    direct_agree = sum(annotated[a].direct == found[f]["direct"] for a, f in speakers)
    exact = sum(
        " ".join(annotated[a].speaker.split()) == " ".join((found[f]["speaker"] or "").split())
        for a, f in speakers
    )
    gazetteer = load_gazetteer()

    def same_speaker(expected: str, canonical: str | None) -> bool:
        listed = gazetteer.find_source(expected)
        return (
            bool(_words(expected) & _words(canonical))
            or not (expected or canonical)
            or (listed is not None and listed[0].name == canonical)  # "AP" = Associated Press
        )

    canonical_agree = sum(
        same_speaker(annotated[a].resolves, found[f]["speaker_canonical"]) for a, f in speakers
    )
    figures = {
        "annotated": len(annotated),
        "found": len(found),
        "excerpts_not_found": len(missing),
        "speaker_recall": len(speakers) / len(annotated),
        "speaker_precision": len(speakers) / len(found),
        "cue_recall": len(cues) / len(annotated),
        "cue_precision": len(cues) / len(found),
        "direct_agreement": direct_agree / max(len(speakers), 1),
        "exact_speaker_text": exact / max(len(speakers), 1),
        "canonical_agreement": canonical_agree / max(len(speakers), 1),
    }
    figures["unmatched_annotations"] = [
        (annotated[i].article[:3], annotated[i].speaker, annotated[i].cue)
        for i in sorted(set(range(len(annotated))) - {a for a, _ in speakers})
    ]
    figures["unmatched_output"] = [
        (found[i]["id"][:3], found[i]["speaker"], found[i]["cue"])
        for i in sorted(set(range(len(found))) - {f for _, f in speakers})
    ]
    return figures


def test_print_accuracy_on_seeds(measured, capsys):
    with capsys.disabled():
        print(
            "\n\nattribution accuracy on the seeds "
            f"({measured['annotated']} annotated, {measured['found']} found)"
        )
        for name in ("speaker", "cue"):
            print(
                f"  {name:8} precision {measured[f'{name}_precision']:.1%}"
                f"   recall {measured[f'{name}_recall']:.1%}"
            )
        print(
            "  on matched speakers: "
            f"same speaker text {measured['exact_speaker_text']:.1%}, "
            f"canonical agrees with the annotator's resolution "
            f"{measured['canonical_agreement']:.1%}, "
            f"direct/indirect agrees {measured['direct_agreement']:.1%}"
        )
        print(f"  missed: {measured['unmatched_annotations']}")
        print(f"  extra:  {measured['unmatched_output']}")
    assert measured["excerpts_not_found"] == 0


def test_speaker_recall_and_precision_stay_above_floor(measured):
    assert measured["speaker_recall"] >= SPEAKER_RECALL_FLOOR
    assert measured["speaker_precision"] >= SPEAKER_PRECISION_FLOOR


def test_cue_recall_and_precision_stay_above_floor(measured):
    assert measured["cue_recall"] >= CUE_RECALL_FLOOR
    assert measured["cue_precision"] >= CUE_PRECISION_FLOOR
