"""``framelens evaluate attributions`` (analysis.evaluation) on a small gold file written for
these tests, its errors, and polnear-dev where ``../shared/corpora`` is present."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import PROJECT

from analysis.attribution import load_reporting_verbs
from analysis.cli import main
from analysis.errors import FramelensError
from analysis.evaluation import (
    EVALUATION_FIGURES,
    EVALUATION_ROWS,
    GOLD_ATTRIBUTIONS,
    evaluate_attributions,
    is_speech_cue,
    pair_spans,
    read_gold_attributions,
)

# Two articles as a scraper leaves them: navigation lines ("Menu", "Search"), a photo caption
# above its credit, spaces around and inside lines. framelens finds four attributions:
# "Officials said", "said Senator Jane Smith", "The governor told reporters" and "said the
# governor"; the caption "Smith said ..." is removed as furniture before attributions are found.
TEXTS = {
    "a1": "Menu\nSenate Passes The Budget Bill After A Long Night\n"
    "  Officials said   the vote on Tuesday was close, and the chamber stayed open until "
    "dawn.  \n\n\u201cWe won,\u201d said Senator Jane Smith, who led the effort for the "
    "majority.\nSearch",
    "a2": "Analysts believe the decision will hold until the spring, when prices may rise "
    "again.\nThe governor told reporters that rates would stay low for the rest of the year.\n"
    "Smith said the vote was historic\nPhoto: Reuters\n\u201cRates will fall,\u201d said the "
    "governor after the meeting in the capital.",
}
PARTS = {"a1": "train", "a2": "dev"}


def span(article: str, words: str, after: int = 0) -> dict:
    """The gold span of the first ``words`` in the article at or after ``after``."""
    start = TEXTS[article].index(words, after)
    return {"start": start, "end": start + len(words), "text": words}


def gold_lines() -> list[dict]:
    """The annotations, by hand: five primary ones with a cue (one not speech, "believe"),
    one without a cue and one of a second annotator. "said the governor" is left unannotated
    (a spurious prediction) and the caption's "Smith said" is annotated (a miss)."""
    return [
        # matched; the speakers are equal
        {"doc_id": "a1", "primary": True, "type": "Attribution",
         "cue": span("a1", "said"), "speaker": span("a1", "Officials"), "content": None},
        # matched; the speakers overlap ("Senator Jane Smith" found), not equal
        {"doc_id": "a1", "primary": True, "type": "Attribution",
         "cue": span("a1", "said", 100), "speaker": span("a1", "Jane Smith"), "content": None},
        # not speech; missed
        {"doc_id": "a2", "primary": True, "type": "Attribution",
         "cue": span("a2", "believe"), "speaker": span("a2", "Analysts"), "content": None},
        # matched ("told" found); equal up to the article ("The governor" found)
        {"doc_id": "a2", "primary": True, "type": "Attribution",
         "cue": span("a2", "told reporters"), "speaker": span("a2", "governor"),
         "content": span("a2", "that rates would stay low for the rest of the year")},
        # missed: in the photo caption
        {"doc_id": "a2", "primary": True, "type": "Attribution",
         "cue": span("a2", "said"), "speaker": span("a2", "Smith"), "content": None},
        # left out: no cue
        {"doc_id": "a2", "primary": True, "type": "Attribution-no-source",
         "cue": None, "speaker": None, "content": span("a2", "Rates will fall")},
        # left out: another annotator's
        {"doc_id": "a2", "primary": False, "type": "Attribution",
         "cue": span("a2", "said", 200), "speaker": span("a2", "governor", 200),
         "content": None},
    ]


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": key, "outlet": "Daily", "text": text, "part": PARTS[key]}) + "\n"
        for key, text in TEXTS.items()), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, gold_lines())
    return corpus, gold


def write_gold(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def figures(evaluation) -> dict[str, tuple[int, int]]:
    return {name: (count, out_of) for name, count, out_of in
            evaluation.figures.select("figure", "count", "out_of").iter_rows()}


def test_all_attributions_figures_counted_by_hand(small):
    evaluation = evaluate_attributions(*small)
    EVALUATION_FIGURES.check(evaluation.figures)
    EVALUATION_ROWS.check(evaluation.rows)
    assert figures(evaluation) == {
        "cue_precision": (3, 4),
        "cue_recall": (3, 5),
        "speaker_overlap_on_matched": (3, 3),
        "speaker_exact_on_matched": (2, 3),
        "speaker_precision_overlap": (3, 4),
        "speaker_recall_overlap": (3, 5),
        "speaker_f1_overlap": (6, 9),
        "speaker_precision_exact": (2, 4),
        "speaker_recall_exact": (2, 5),
        "speaker_f1_exact": (4, 9),
    }
    assert evaluation.value("cue_recall") == pytest.approx(0.6)
    assert evaluation.articles == 2


def test_speech_only_drops_the_belief(small):
    evaluation = evaluate_attributions(*small, speech_only=True)
    assert figures(evaluation)["cue_precision"] == (3, 4)
    assert figures(evaluation)["cue_recall"] == (3, 4)
    assert figures(evaluation)["speaker_f1_overlap"] == (6, 8)
    assert figures(evaluation)["speaker_f1_exact"] == (4, 8)
    assert "believe" not in evaluation.rows["gold_cue"].to_list()


def test_rows_give_original_offsets_and_texts(small):
    rows = evaluate_attributions(*small).rows
    by_status = {status: group for (status,), group in rows.partition_by(
        "status", as_dict=True).items()}
    assert set(by_status) == {"matched", "missed", "spurious"}
    spurious = by_status["spurious"].row(0, named=True)
    start = TEXTS["a2"].index("said the governor")
    assert (spurious["predicted_cue_start"], spurious["predicted_cue_end"]) == (start, start + 4)
    assert spurious["predicted_speaker"] == "the governor"
    assert spurious["gold_line"] is None
    matched = by_status["matched"].sort("gold_line")
    # The clean text made "Officials said   the" one-spaced and dropped "Menu" and the
    # headline's line break: the offsets are the original text's again.
    first = matched.row(0, named=True)
    assert TEXTS["a1"][first["predicted_cue_start"]:first["predicted_cue_end"]] == "said"
    assert first["predicted_cue_start"] == TEXTS["a1"].index("said")
    assert matched["predicted_speaker"].to_list() == [
        "Officials", "Senator Jane Smith", "The governor"]
    assert matched["speaker_exact"].to_list() == [True, False, True]
    assert sorted(by_status["missed"]["gold_cue"].to_list()) == ["believe", "said"]


def test_only_keeps_a_column_value(small):
    evaluation = evaluate_attributions(*small, only={"part": "dev"})
    assert evaluation.articles == 1
    assert figures(evaluation)["cue_precision"] == (1, 2)
    assert figures(evaluation)["cue_recall"] == (1, 3)


def test_only_names_a_missing_column(small):
    with pytest.raises(FramelensError, match="no column 'compartment'; columns are: id, "):
        evaluate_attributions(*small, only={"compartment": "dev"})


def test_gold_reader_keeps_primary_lines_with_a_cue(small):
    gold = read_gold_attributions(small[1])
    GOLD_ATTRIBUTIONS.check(gold.table)
    assert gold.table["line"].to_list() == [1, 2, 3, 4, 5]
    assert (gold.not_primary, gold.without_cue) == (1, 1)
    assert gold.documents == {"a1", "a2"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda line: line.update(doc_id="a9"),
         r"gold.jsonl:2: doc_id 'a9' is not an article of the corpus"),
        (lambda line: line["speaker"].update(start=400, end=410),
         r"gold.jsonl:2: speaker span 400-410 is past the end of article 'a1'"),
        (lambda line: line["cue"].update(start=line["cue"]["start"] + 1,
                                         end=line["cue"]["end"] + 1),
         r"gold.jsonl:2: cue text 'said' is not the corpus text at \d+-\d+ \('aid '\)"),
        (lambda line: line["cue"].update(start=5, end=2),
         r"gold.jsonl:2: cue span 5-2 is not 0 <= start <= end"),
        (lambda line: line.pop("doc_id"), r"gold.jsonl:2: needs a doc_id"),
    ],
)
def test_bad_gold_line_is_named(small, change, message):
    corpus, gold = small
    lines = gold_lines()
    change(lines[1])
    write_gold(gold, lines)
    with pytest.raises(FramelensError, match=message):
        evaluate_attributions(corpus, gold)


def test_bad_lines_are_counted_in_the_message(small):
    corpus, gold = small
    lines = gold_lines()
    lines[0]["doc_id"] = lines[2]["doc_id"] = "nowhere"
    write_gold(gold, lines)
    with pytest.raises(FramelensError, match=r"gold.jsonl:1: .* \(and 1 more lines with "):
        evaluate_attributions(corpus, gold)


def test_gold_line_that_is_not_json(small):
    corpus, gold = small
    gold.write_text(gold.read_text() + "{not json\n")
    with pytest.raises(FramelensError, match=r"gold.jsonl:8: not a JSON object"):
        evaluate_attributions(corpus, gold)


def test_cli_prints_figures_and_writes_rows(small, tmp_path, capsys):
    corpus, gold = small
    out = tmp_path / "rows.csv"
    status = main(["evaluate", "attributions", str(corpus), str(gold), "--speech-only",
                   "--only", "part=train", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 0
    assert "1 articles; 2 annotated speech attributions, 2 predicted, 2 paired" in printed
    assert "cue_recall                    1.000  (2 / 2)" in printed
    assert "speaker_exact_on_matched      0.500  (1 / 2)" in printed
    rows = pl.read_csv(out)
    assert rows.columns == EVALUATION_ROWS.names
    assert rows["status"].to_list() == ["matched", "matched"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--only", "part"], "--only part: write COLUMN=VALUE"),
        (["--only", "part=nothing"], "no annotated article of"),
    ],
)
def test_cli_errors_are_one_line(small, capsys, arguments, message):
    corpus, gold = small
    status = main(["evaluate", "attributions", str(corpus), str(gold), *arguments])
    error = capsys.readouterr().err
    assert status == 2
    assert message in error and error.count("\n") == 1


def test_cli_names_the_bad_gold_line(small, capsys):
    corpus, gold = small
    lines = gold_lines()
    lines[3]["speaker"]["text"] = "the governor"
    write_gold(gold, lines)
    assert main(["evaluate", "attributions", str(corpus), str(gold)]) == 2
    error = capsys.readouterr().err
    assert "gold.jsonl:4: speaker text 'the governor' is not the corpus text" in error


def test_speech_cues_are_reporting_verbs_or_according_to():
    verbs = load_reporting_verbs()
    assert is_speech_cue("has Said", verbs)
    assert is_speech_cue("according to", verbs)
    assert is_speech_cue("the statement reads", verbs)
    assert not is_speech_cue("believes", verbs)
    assert not is_speech_cue("sayings", verbs)


def test_pairing_prefers_more_pairs_then_overlap_then_nearer_starts():
    # Most overlap alone would pair gold 0 with predicted 0 (8 characters) and leave gold 1
    # alone; two pairs win.
    assert pair_spans([(0, 10), (8, 12)], [(2, 12), (0, 3)]) == [(0, 1), (1, 0)]
    # One predicted span, two gold spans it overlaps as much: the nearer start wins.
    assert pair_spans([(10, 14), (0, 4)], [(0, 14)]) == [(1, 0)]
    # More overlap wins over a nearer start.
    assert pair_spans([(0, 10)], [(0, 2), (3, 10)]) == [(0, 1)]
    assert pair_spans([(0, 4)], [(4, 8)]) == []
    assert pair_spans([], [(4, 8)]) == []


# polnear-dev: the annotated US election news of ../shared/corpora (see its README).
POLNEAR = Path(os.environ.get("FRAMELENS_CORPORA", PROJECT.parent / "shared" / "corpora")) / (
    "polnear-dev")


@pytest.fixture(scope="module")
def polnear() -> tuple[Path, Path]:
    if not (POLNEAR / "articles.jsonl").is_file():
        pytest.skip(f"polnear-dev not found at {POLNEAR} (needs ../shared/corpora beside the "
                    "repository, or FRAMELENS_CORPORA naming the corpora folder)")
    return POLNEAR / "articles.jsonl", POLNEAR / "attributions.jsonl"


def test_polnear_dev_is_evaluated(polnear):
    evaluation = evaluate_attributions(*polnear, speech_only=True, only={"compartment": "dev"})
    assert evaluation.articles == 84
    rows = evaluation.rows
    # Every predicted span is the original text at its offsets, as the cue column says.
    found = rows.filter(pl.col("predicted_cue_start").is_not_null())
    assert found.height > 900
    assert (found["predicted_cue"].str.to_lowercase().str.replace_all(r"\s+", " ")
            .str.contains(r"^[a-z’' :]+$").all())
    counts = dict(rows["status"].value_counts().iter_rows())
    assert counts["matched"] + counts["missed"] > 1_000  # 1,161 speech attributions in dev
    for name in ("cue_precision", "cue_recall", "speaker_f1_overlap"):
        assert 0.5 < evaluation.value(name) <= 1


def test_speech_verbs_file_decides_what_is_speech(small, tmp_path, capsys):
    verbs = tmp_path / "verbs.toml"
    verbs.write_text('[classes]\nneutral = "neutral"\n\n[verbs]\n'
                     'believe = { class = "neutral", forms = ["believe"] }\n'
                     'say = { class = "neutral", forms = ["said"] }\n', encoding="utf-8")
    corpus, gold = small
    assert main(["evaluate", "attributions", str(corpus), str(gold), "--speech-only",
                 "--speech-verbs", str(verbs)]) == 0
    # "told reporters" is no speech by this file: its prediction is set aside
    assert ("2 articles; 4 annotated speech attributions, 3 predicted, 2 paired, 1 predicted "
            "set aside") in capsys.readouterr().out


def test_a_folder_corpus_is_evaluated_alike(small, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for article_id, text in TEXTS.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    evaluation = evaluate_attributions(folder, small[1])
    assert figures(evaluation) == figures(evaluate_attributions(*small))
    assert evaluate_attributions(folder, small[1], only={"id": "a2"}).articles == 1


_SPANS = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6)).map(
    lambda pair: (pair[0], pair[0] + pair[1])), max_size=4)


@settings(max_examples=200, deadline=None)
@given(_SPANS, _SPANS)
def test_pairing_is_the_best_by_pairs_then_overlap_then_distance(gold, predicted):
    def overlap(g, p):
        return max(0, min(gold[g][1], predicted[p][1]) - max(gold[g][0], predicted[p][0]))

    def score(pairs):
        return (len(pairs), sum(overlap(g, p) for g, p in pairs),
                -sum(abs(gold[g][0] - predicted[p][0]) for g, p in pairs))

    best = (0, 0, 0)
    size = max(len(gold), len(predicted))
    for chosen in itertools.permutations(range(size)):  # every one-to-one pairing
        pairs = [(g, p) for g, p in enumerate(chosen)
                 if g < len(gold) and p < len(predicted) and overlap(g, p) > 0]
        best = max(best, score(pairs))
    found = pair_spans(gold, predicted)
    assert all(overlap(g, p) > 0 for g, p in found)
    assert len({g for g, _ in found}) == len({p for _, p in found}) == len(found)
    assert score(found) == best
