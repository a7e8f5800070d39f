"""Tests of the corpus generator (benchmarks/corpusgen) on small corpora (about 1 MB and less)."""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from support import PROJECT

from analysis.tokens import count_words, words

sys.path.insert(0, str(PROJECT / "benchmarks"))
import corpusgen as gc  # noqa: E402

SIZE = 1_000_000
SEED = 7


def _read_jsonl(folder: Path) -> list[dict]:
    with (folder / "articles.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[dict]]:
    """A 1 MB jsonl corpus made with seed 7: its folder, its truth and its rows."""
    folder = tmp_path_factory.mktemp("corpus")
    gc.generate(folder, SIZE, SEED)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return folder, truth, _read_jsonl(folder)


# -- reproducibility and size ---------------------------------------------------------------


def test_same_seed_and_size_give_identical_bytes(corpus, tmp_path: Path) -> None:
    folder, _, _ = corpus
    gc.generate(tmp_path, SIZE, SEED)
    for name in ("articles.jsonl", "truth.json"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_different_seeds_give_different_corpora(tmp_path: Path) -> None:
    gc.generate(tmp_path / "a", 200_000, 1)
    gc.generate(tmp_path / "b", 200_000, 2)
    texts_a = {row["text"] for row in _read_jsonl(tmp_path / "a")}
    texts_b = {row["text"] for row in _read_jsonl(tmp_path / "b")}
    assert not texts_a & texts_b


def test_smaller_corpus_is_a_prefix_of_a_larger_one(corpus, tmp_path: Path) -> None:
    folder, _, _ = corpus
    gc.generate(tmp_path, 300_000, SEED)
    small = (tmp_path / "articles.jsonl").read_bytes()
    assert (folder / "articles.jsonl").read_bytes().startswith(small)


def test_text_size_is_within_ten_percent_of_the_request(corpus) -> None:
    _, truth, rows = corpus
    text_bytes = sum(len(row["text"].encode("utf-8")) for row in rows)
    assert text_bytes == truth["text_bytes"]
    assert abs(text_bytes - SIZE) <= 0.10 * SIZE


@pytest.mark.parametrize(
    ("text", "size"),
    [("10MB", 10**7), ("1GB", 10**9), ("500KB", 500_000), ("250000", 250_000),
     ("1.5 GiB", int(1.5 * 2**30)), ("100mb", 10**8)],
)  # fmt: skip
def test_parse_size_reads_units(text: str, size: int) -> None:
    assert gc.parse_size(text) == size


@pytest.mark.parametrize("text", ["ten MB", "10TB", "", "12"])
def test_parse_size_rejects_unreadable_or_tiny_sizes(text: str) -> None:
    with pytest.raises(ValueError):
        gc.parse_size(text)


# -- outlets, planted terms and words ---------------------------------------------------------


def test_at_least_eight_outlets_write_articles(corpus) -> None:
    _, truth, rows = corpus
    outlets = Counter(row["outlet"] for row in rows)
    assert len(outlets) >= 8
    assert {o["name"]: o["articles"] for o in truth["outlets"]} == dict(outlets)


def test_word_counts_in_truth_match_the_framelens_tokenizer(corpus) -> None:
    _, truth, rows = corpus
    counted: Counter[str] = Counter()
    for row in rows:
        counted[row["outlet"]] += count_words(row["text"])
    for outlet in truth["outlets"]:
        assert counted[outlet["name"]] == outlet["text_words"], outlet["name"]
        assert outlet["body_words"] < outlet["text_words"] or outlet["furniture_lines"] == 0


def _regex_counts(rows: list[dict], patterns: dict[str, str]) -> dict[str, Counter[str]]:
    compiled = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in patterns.items()}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        for name, pattern in compiled.items():
            counts[row["outlet"]][name] += len(pattern.findall(row["text"]))
    return counts


def test_planted_terms_are_found_exactly_as_often_as_truth_says(corpus) -> None:
    _, truth, rows = corpus
    counts = _regex_counts(rows, truth["patterns"])
    for outlet in truth["outlets"]:
        planted = outlet["terms"] | outlet["distinctive_words"]
        for name in truth["patterns"]:
            expected = planted.get(name, {"body_count": 0, "furniture_count": 0})
            found = counts[outlet["name"]][name]
            assert found == expected["body_count"] + expected["furniture_count"], (
                outlet["name"],
                name,
            )


def test_planted_rates_are_close_to_the_target_rates(corpus) -> None:
    """Counts are Poisson with article-level loading; allow four standard deviations."""
    _, truth, _ = corpus
    ratios = []
    for outlet in truth["outlets"]:
        for name, term in (outlet["terms"] | outlet["distinctive_words"]).items():
            expected = term["target_per_1000"] * outlet["body_words"] / 1000
            if expected < 10:
                continue
            spread = math.sqrt(2.5 * expected)
            assert abs(term["body_count"] - expected) <= 4 * spread, (outlet["name"], name)
            ratios.append(term["body_rate_per_1000"] / term["target_per_1000"])
    assert len(ratios) >= 30
    assert 0.9 <= float(np.mean(ratios)) <= 1.1


def test_outlets_differ_in_their_framing(corpus) -> None:
    _, truth, _ = corpus
    by_name = {outlet["name"]: outlet for outlet in truth["outlets"]}
    eastern, coastline = by_name["Eastern Dispatch"], by_name["Coastline Herald"]
    assert eastern["terms"]["terrorists"]["body_rate_per_1000"] > 2.0
    assert "rebels" not in eastern["terms"]
    assert coastline["terms"]["rebels"]["body_rate_per_1000"] > 2.5
    assert "terrorists" not in coastline["terms"] or (
        coastline["terms"]["terrorists"]["body_count"] <= 3  # only via syndicated copy
    )


def test_so_called_is_written_with_curly_inner_quotes_by_curly_outlets(corpus) -> None:
    _, _, rows = corpus
    capital = "\n".join(row["text"] for row in rows if row["outlet"] == "Capital Courier")
    assert re.search(r"so-called ‘moderate opposition’", capital, re.IGNORECASE)


# -- realistic text ---------------------------------------------------------------------------


def test_furniture_lines_appear_in_some_articles_but_not_all(corpus) -> None:
    _, truth, rows = corpus
    furniture = re.compile(
        r"^(SHARE THIS ARTICLE|Related:|Read more:|Tags:|Leave a Reply|Listen Live|© .+)$",
        re.MULTILINE,
    )
    with_furniture = sum(1 for row in rows if furniture.search(row["text"]))
    assert 0.2 * len(rows) < with_furniture < len(rows)
    lines = {line for row in rows for line in row["text"].split("\n")}
    assert {"SHARE THIS ARTICLE", "Related:", "Listen Live", "Leave a Reply"} <= lines
    assert any(line.startswith("© AFP 20") for line in lines)
    assert sum(outlet["articles_with_furniture"] for outlet in truth["outlets"]) > 0


def test_quotes_attributions_and_abbreviations_appear(corpus) -> None:
    _, _, rows = corpus
    text = "\n".join(row["text"] for row in rows)
    assert re.search(r",” (the ministry|the statement|the spokesman|he|she) said\.", text)
    assert re.search(r",[”\"] said (Maj\. Gen\.|Lt\.-Gen\.|Major General|Col\.) \w+", text)
    assert re.search(r", according to [\w ]+\.", text)
    assert re.search(r", said: [“\"]", text)
    # a quote running over two paragraphs: the first paragraph never closes it
    assert re.search(r"\n\n“[^”\n]+\n\n“", text)
    for abbreviation in ("U.S.", "Lt.-Gen.", "Maj. Gen.", "Dr."):
        assert abbreviation in text
    assert re.search(r"\b\d{1,3},\d{3}\b", text)
    assert re.search(r"\b\d{1,2}%", text)
    assert re.search(r"\b(January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{1,2}, 20\d\d\b", text)  # fmt: skip


def test_article_lengths_are_log_normal_around_450_words(corpus) -> None:
    _, _, rows = corpus
    lengths = np.array([count_words(row["text"]) for row in rows])
    assert 350 <= np.median(lengths) <= 600
    assert lengths.max() > 3 * np.median(lengths)  # a long tail
    assert lengths.min() >= 60


def test_word_frequencies_are_zipf_like(corpus) -> None:
    _, _, rows = corpus
    counts = Counter(word.lower() for row in rows for word in words(row["text"]))
    frequencies = np.array(sorted(counts.values(), reverse=True), dtype=float)
    ranks = np.arange(10, 1000)
    slope = np.polyfit(np.log(ranks), np.log(frequencies[ranks - 1]), 1)[0]
    assert -1.4 < slope < -0.7
    assert counts.most_common(1)[0][0] == "the"


def test_vocabulary_keeps_growing_like_heaps_law(corpus) -> None:
    _, truth, _ = corpus
    points = truth["vocabulary"]["heaps"]["points"]
    assert len(points) >= 6
    tokens = np.array([p[0] for p in points], dtype=float)
    types = np.array([p[1] for p in points], dtype=float)
    assert (np.diff(types) > 0).all()  # new words keep appearing
    exponent = np.polyfit(np.log(tokens[-4:]), np.log(types[-4:]), 1)[0]
    assert 0.35 < exponent < 0.8  # sublinear growth


def test_duplicates_in_truth_are_reposts(corpus) -> None:
    _, truth, rows = corpus
    by_id = {row["id"]: row for row in rows}
    pairs = truth["duplicates"]["pairs"]
    assert pairs
    for pair in pairs:
        original, copy = by_id[pair["original"]], by_id[pair["copy"]]
        if pair["kind"] == "exact":
            assert copy["text"] == original["text"]
            assert copy["outlet"] == original["outlet"]
        else:
            assert copy["outlet"] != original["outlet"]
            shared = set(words(copy["text"])) & set(words(original["text"]))
            assert len(shared) > 0.6 * len(set(words(original["text"])))
    assert len({row["id"] for row in rows}) == len(rows)


# -- formats ----------------------------------------------------------------------------------


def test_jsonl_is_readable_by_polars_with_the_expected_columns(corpus) -> None:
    folder, truth, _ = corpus
    table = pl.read_ndjson(folder / "articles.jsonl")
    assert table.columns == ["id", "outlet", "title", "date", "url", "text"]
    assert table.height == truth["articles"]
    assert table["date"].str.to_date("%Y-%m-%d").null_count() == 0
    assert table["url"].str.starts_with("https://").all()


def test_folder_format_has_a_manifest_naming_every_file(tmp_path: Path) -> None:
    truth = gc.generate(tmp_path, 300_000, SEED, fmt="folder")
    with (tmp_path / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert list(manifest[0]) == ["file", "outlet", "title", "date", "url", "note"]
    files = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.txt")}
    assert {row["file"] for row in manifest} == files
    assert len(files) == truth["articles"]
    first = manifest[0]
    assert first["file"].startswith(first["file"].split("/")[0] + "/")
    text = (tmp_path / first["file"]).read_text(encoding="utf-8")
    assert count_words(text) > 50


def test_folder_and_jsonl_formats_hold_the_same_articles(tmp_path: Path) -> None:
    gc.generate(tmp_path / "jsonl", 150_000, SEED)
    gc.generate(tmp_path / "folder", 150_000, SEED, fmt="folder")
    rows = _read_jsonl(tmp_path / "jsonl")
    for row in rows:
        slug = row["id"].rsplit("-", 1)[0]
        path = tmp_path / "folder" / slug / f"{row['id']}.txt"
        assert path.read_text(encoding="utf-8") == row["text"]


def test_cli_writes_parquet_readable_by_polars(tmp_path: Path, capsys) -> None:
    status = gc.main(["--size", "200KB", "--seed", "3", "--out", str(tmp_path),
                      "--format", "parquet", "--quiet"])  # fmt: skip
    assert status == 0
    assert "MB/s" in capsys.readouterr().out
    table = pl.read_parquet(tmp_path / "articles.parquet")
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert table.columns == ["id", "outlet", "title", "date", "url", "text"]
    assert table.height == truth["articles"]
    assert not (tmp_path / ".parquet-parts").exists()


def test_cli_refuses_a_non_empty_folder_without_force(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert gc.main(["--size", "10KB", "--out", str(tmp_path), "--quiet"]) == 2
    assert "--force" in capsys.readouterr().err
    assert gc.main(["--size", "10KB", "--out", str(tmp_path), "--quiet", "--force"]) == 0
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
