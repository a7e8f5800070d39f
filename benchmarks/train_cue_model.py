"""Train the cue model (analysis/data/cue_model.json) on polnear-dev's train part.

Every attribution the rules find in the train articles (with the model switched off) is a
candidate; it is labelled speech when ``framelens evaluate attributions --speech-only`` pairs
it with an annotated speech attribution, not speech when it is spurious (candidates paired
with an annotated attribution that is not speech are left out). A logistic regression over the
features of :func:`analysis.attribution.cue_model.cue_features` is fitted; its regularisation
and its threshold are chosen by 5-fold cross-validation grouped by article (the threshold that
gives the best cue F1 on the held-out folds, recall falling by at most --max-recall-loss). The
weights are written as JSON with the cross-validated figures. Deterministic: articles and
candidates are sorted, folds are fixed, the solver is liblinear.

    PYTHONPATH=. python benchmarks/train_cue_model.py [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import polars as pl
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.attribution import find_attributions, load_reporting_verbs  # noqa: E402
from analysis.attribution.cue_model import (  # noqa: E402
    DEFAULT_CUE_MODEL,
    JUDGED_KINDS,
    cue_features,
    cue_of_row,
    without_cue_model,
)
from analysis.clean import clean_articles, split_sentences  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.evaluation import clean_offset_map, evaluate_attributions  # noqa: E402
from analysis.quotes import find_quotes  # noqa: E402

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
MIN_COUNT = 3  # a feature seen in fewer training candidates gets no weight
C_VALUES = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def candidates(
    corpora: Path, part: str
) -> tuple[list[list[str]], list[int], list[str], tuple[int, int, int]]:
    """Features, labels and article ids of the rules' candidates that the model judges in one
    part; and the counts the model does not change there: annotated speech attributions the
    rules miss, and candidates it does not judge that are matched and spurious."""
    articles_path = corpora / "polnear-dev" / "articles.jsonl"
    gold_path = corpora / "polnear-dev" / "attributions.jsonl"
    with without_cue_model():
        evaluation = evaluate_attributions(
            articles_path, gold_path, speech_only=True, only={"compartment": part}
        )
    rows = evaluation.rows
    labels = {
        (doc_id, start): status == "matched"
        for doc_id, start, status in rows.select("doc_id", "predicted_cue_start", "status")
        .filter(pl.col("status").is_in(["matched", "spurious"]))
        .iter_rows()
    }
    missed = rows.filter(pl.col("status") == "missed").height
    loaded = load_corpus(articles_path)
    cleaned = clean_articles(loaded)
    wanted = set(rows["doc_id"])
    articles = cleaned.articles.filter(pl.col("id").is_in(sorted(wanted))).sort("id")
    sentences = split_sentences(articles)
    quotes = find_quotes(articles)
    verbs = load_reporting_verbs()
    forms = frozenset(form for _, form in verbs.cues)
    with without_cue_model():
        found = find_attributions(articles, sentences, quotes, verbs=verbs)
    spans = {
        (article_id, index): (start, end)
        for article_id, index, start, end in sentences.select(
            "id", "sentence", "start", "end"
        ).iter_rows()
    }
    removed: dict[str, list[tuple[int, str]]] = {}
    for article_id, line, text in cleaned.removed.select("id", "line", "text").iter_rows():
        removed.setdefault(article_id, []).append((line, text))
    features, targets, groups = [], [], []
    unjudged = [0, 0]  # matched, spurious
    for article_id, raw_text, clean_text in articles.select(
        "id", "raw_text", "clean_text"
    ).iter_rows():
        offsets = clean_offset_map(raw_text, clean_text, removed.get(article_id, []))
        rows_of = found.filter(pl.col("id") == article_id).sort("cue_start")
        for row in rows_of.iter_rows(named=True):
            key = (article_id, offsets.span(row["cue_start"], row["cue_end"])[0])
            if key not in labels:
                continue  # set aside: paired with an annotated attribution that is not speech
            cue = cue_of_row(verbs, row["cue"])
            if cue.kind not in JUDGED_KINDS:
                unjudged[0 if labels[key] else 1] += 1
                continue
            speaker = (
                (row["speaker_start"], row["speaker_end"])
                if row["speaker_start"] is not None
                else None
            )
            features.append(
                cue_features(
                    clean_text,
                    spans[article_id, row["sentence_index"]],
                    cue,
                    row["cue"],
                    (row["cue_start"], row["cue_end"]),
                    speaker,
                    row["direct"],
                    row["sentence_index"] == 0,
                    forms,
                )
            )
            targets.append(int(labels[key]))
            groups.append(article_id)
    return features, targets, groups, (missed, *unjudged)


def matrix(features: list[list[str]], names: list[str]) -> csr_matrix:
    """Binary candidate-by-feature matrix over ``names``."""
    index = {name: k for k, name in enumerate(names)}
    rows, columns = [], []
    for row, candidate in enumerate(features):
        for name in sorted(set(candidate)):
            if name in index:
                rows.append(row)
                columns.append(index[name])
    data = np.ones(len(rows))
    return csr_matrix((data, (rows, columns)), shape=(len(features), len(names)))


def cue_figures(
    labels: np.ndarray, kept: np.ndarray, fixed: tuple[int, int, int]
) -> tuple[float, float, float]:
    """Cue precision, recall and F1 when only the ``kept`` candidates are reported, with the
    ``fixed`` counts of :func:`candidates`."""
    missed, unjudged_matched, unjudged_spurious = fixed
    matched = int((labels & kept).sum()) + unjudged_matched
    predicted = int(kept.sum()) + unjudged_matched + unjudged_spurious
    annotated = int(labels.sum()) + missed + unjudged_matched
    precision, recall = matched / predicted, matched / annotated
    return precision, recall, 2 * matched / (predicted + annotated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_CUE_MODEL, help="the model file")
    parser.add_argument(
        "--max-recall-loss", type=float, default=0.002,
        help="the most cue recall the threshold may cost on the held-out folds",
    )
    parser.add_argument("--verbose", action="store_true", help="print every threshold tried")
    options = parser.parse_args()
    features, targets, groups, fixed = candidates(options.corpora, "train")
    counts: dict[str, int] = {}
    for candidate in features:
        for name in set(candidate):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, count in counts.items() if count >= MIN_COUNT)
    x, y = matrix(features, names), np.array(targets)
    folds = list(GroupKFold(n_splits=FOLDS).split(x, y, groups))
    best = None
    for c in C_VALUES:
        held_out = np.zeros(len(y))
        for train, test in folds:
            model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
            model.fit(x[train], y[train])
            held_out[test] = model.predict_proba(x[test])[:, 1]
        loss = -np.mean(y * np.log(held_out + 1e-12) + (1 - y) * np.log(1 - held_out + 1e-12))
        print(f"C={c}: held-out log loss {loss:.4f}")
        if best is None or loss < best[0]:
            best = (loss, c, held_out)
    _, c, held_out = best
    labels = y.astype(bool)
    everything = cue_figures(labels, np.ones(len(y), dtype=bool), fixed)
    print(f"rules alone: precision {everything[0]:.3f} recall {everything[1]:.3f} "
          f"F1 {everything[2]:.3f}")
    threshold, chosen = 0.0, everything
    for candidate_threshold in np.arange(0.05, 0.65, 0.01):
        kept = held_out >= candidate_threshold
        figures = cue_figures(labels, kept, fixed)
        if options.verbose:
            print(f"  {candidate_threshold:.2f}: precision {figures[0]:.3f} "
                  f"recall {figures[1]:.3f} F1 {figures[2]:.3f}")
        if everything[1] - figures[1] <= options.max_recall_loss and figures[2] > chosen[2]:
            threshold, chosen = round(float(candidate_threshold), 2), figures
    print(f"threshold {threshold}: held-out precision {chosen[0]:.3f} recall {chosen[1]:.3f} "
          f"F1 {chosen[2]:.3f}")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, y)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(names, model.coef_[0], strict=True)
        if abs(weight) >= 1e-4
    }
    document = {
        "about": "framelens cue model: logistic regression over the features of "
        "analysis.attribution.cue_model.cue_features; drops candidate attributions whose "
        "probability of being speech is below threshold. See docs/attribution.md.",
        "trained_on": "polnear-dev train part (../shared/corpora/polnear-dev), candidates "
        "labelled by framelens evaluate attributions --speech-only",
        "script": "benchmarks/train_cue_model.py",
        "candidates": len(y),
        "speech_candidates": int(y.sum()),
        "regularisation_c": c,
        "cross_validated": {
            "folds": FOLDS,
            "rules_alone": dict(zip(("precision", "recall", "f1"),
                                    (round(v, 4) for v in everything), strict=True)),
            "with_model": dict(zip(("precision", "recall", "f1"),
                                   (round(v, 4) for v in chosen), strict=True)),
        },
        "threshold": threshold,
        "intercept": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    options.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(f"wrote {options.out}: {len(weights)} weights, {options.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
