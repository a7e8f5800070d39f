"""Tests of benchmarks/run.py: the whole runner on a tiny corpus, in a temporary workdir."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import PROJECT

HAS_SCATTERTEXT = importlib.util.find_spec("scattertext") is not None
RUNNER = PROJECT / "benchmarks" / "run.py"
STAGES = [
    "loading",
    "cleaning",
    "finding sentences, quotations, attributions, framing terms and vocabulary",
    "splitting sentences (summed over batches)",
    "finding quotations (summed over batches)",
    "finding attributions (summed over batches)",
    "matching the framing lexicon (summed over batches)",
    "concordance lines (summed over batches)",
    "keying sentences for copies (summed over batches)",
    "words near framing terms (summed over batches)",
    "words in the outlets' own voice (summed over batches)",
    "counting words and phrases (summed over batches)",
    "storing the tables (summed over batches)",
    "scoring distinctive vocabulary",
    "comparing articles for copies",
    "grouping articles into events",
    "counting framing terms",
    "discovering contested labels",
    "writing the report",
]
REFERENCE_POINTS = [
    "plain read (polars, every text)",
    "scattertext: table by outlet + page",
    "CountVectorizer(1-3-grams, min_df=5).fit",
    "regex scan of the lexicon's terms",
]
RUNS = ["framelens, 1 worker", "framelens, 2 workers", *REFERENCE_POINTS]
RATIOS = [
    "scattertext / framelens end to end",
    "CountVectorizer 1-3 / framelens end to end",
    "framelens peak, all processes, GB",
    "throughput, most workers / 1 worker",
    "lexicon stage / regex scan",
]


def _run(workdir: Path, *corpora: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(RUNNER), *corpora, "--workdir", str(workdir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def _row(table: str, name: str) -> str:
    return next(line for line in table.splitlines() if line.strip().startswith(name))


def _figures(table: str, name: str) -> list[float]:
    """The figures printed after ``name``."""
    row = _row(table, name)
    assert row.strip().startswith(name)
    return [float(figure.replace(",", "")) for figure in re.findall(r"[\d.,]*\d",
                                                                      row.strip()[len(name):])]


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The workdir and printed output of one run of the runner on a 300 KB corpus."""
    workdir = tmp_path_factory.mktemp("bench")
    run = _run(workdir, "300KB")
    assert run.returncode == 0, run.stderr
    return workdir, run.stdout


def _scattertext_missing(row: str) -> bool:
    """scattertext is a benchmark-only dependency (the ``bench`` extra): where it is not
    installed, its row says so and the other runs go on."""
    return not HAS_SCATTERTEXT and "No module named" in row  # scattertext, or pandas before it


@pytest.mark.slow
def test_runner_prints_every_stage_run_and_ratio(finished) -> None:
    _, table = finished
    assert re.search(r"^machine: .+, \d+ cores, .+, \d{4}-\d\d-\d\d$", table, re.MULTILINE)
    assert re.search(r"^300KB \(generated, seed 7\): [\d.]+ MB of text in [\d,]+ articles from "
                     r"10 outlets$", table, re.MULTILINE)  # fmt: skip
    for name in STAGES:  # seconds with 1 and with 2 workers; a peak unless summed over batches
        figures = _figures(table, name)
        assert len(figures) == (2 if "(summed over batches)" in name else 4), name
        assert all(figure >= 0 for figure in figures), name
        if "(summed over batches)" not in name:
            assert figures[1] > 50 and figures[3] > 50, name
    for name in RUNS:  # seconds, MB/s, peak MB, CPU seconds, cores, load before and after
        if _scattertext_missing(_row(table, name)):
            continue
        figures = _figures(table, name)
        # a plain read of 300 KB can take under the 0.01 s the table shows
        assert len(figures) == 7 and figures[0] >= 0 and figures[2] > 50, name
        assert "->" in _row(table, name), name
    for name in RATIOS:
        # a ratio of a peer that did not run (scattertext not installed) is "n/a"
        allowed = ("met", "missed", "n/a") if "scattertext" in name else ("met", "missed")
        assert _row(table, name).split()[-1] in allowed, name
    bound = re.search(r"serial share of the 1-worker run .*: (\d+)%; so 2 workers can speed "
                      r"it up ([\d.]+)x at most \(Amdahl\)", table)
    assert bound and 1.0 <= float(bound[2]) <= 2.0


@pytest.mark.slow
def test_runner_writes_the_figures_as_json_and_cleans_up(finished) -> None:
    workdir, _ = finished
    assert [path.name for path in workdir.iterdir()] == ["results-300KB.json"]
    results = json.loads((workdir / "results-300KB.json").read_text(encoding="utf-8"))
    assert set(results) == {"corpus", "machine", "framelens", "references", "ratios", "serial"}
    serial = results["serial"]
    assert serial["workers"] == 2 and 0 < serial["serial_share"] < 1
    assert serial["speedup_bound"] == pytest.approx(
        1 / (serial["serial_share"] + (1 - serial["serial_share"]) / 2))
    assert results["corpus"]["kind"] == "generated" and results["corpus"]["outlets"] == 10
    assert set(results["machine"]) == {"cores", "processor", "memory_gb", "python", "day"}
    assert list(results["framelens"]) == ["1", "2"]
    for framelens in results["framelens"].values():
        assert framelens["status"] == "ok"
        assert list(framelens["stages"]) == STAGES
        end_to_end = framelens["end_to_end"]
        assert set(end_to_end) >= {"seconds", "mb_per_s", "peak_rss_mb", "peak_total_rss_mb",
                                   "cpu_seconds", "cores_used", "load_before", "load_after"}
        assert end_to_end["peak_total_rss_mb"] >= end_to_end["peak_rss_mb"]
    assert set(results["references"]) == {"plain_read", "scattertext", "countvectorizer",
                                          "regex_scan"}  # fmt: skip
    for kind, figures in results["references"].items():
        if kind == "scattertext" and not HAS_SCATTERTEXT:
            continue
        assert figures["seconds"] > 0 and figures["peak_rss_mb"] > 0, kind
    assert set(results["ratios"]) == {
        "scattertext_over_framelens", "countvectorizer_over_framelens", "framelens_peak_gb",
        "workers_speedup", "lexicon_over_regex_scan",
    }  # fmt: skip
    measured = {key for key, value in results["ratios"].items() if value is not None}
    assert measured == set(results["ratios"]) - ({"scattertext_over_framelens"}
                                                 if not HAS_SCATTERTEXT else set())  # fmt: skip


def test_a_failing_framelens_stage_is_reported_and_the_references_still_run(
    tmp_path: Path,
) -> None:
    # a cached corpus without an outlet column: framelens stops while loading it
    corpus = tmp_path / "corpus-300000-seed7"
    corpus.mkdir()
    rows = [{"id": str(n), "text": f"Rebels and civilians, article {n}."} for n in range(20)]
    (corpus / "articles.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    (corpus / "truth.json").write_text(json.dumps({"text_bytes": 700, "articles": 20}))
    run = _run(tmp_path, "300KB", "--workers", "1")
    assert run.returncode == 1
    assert "1 worker: FAILED in 'loading': FramelensError: " in run.stdout
    assert "no column 'outlet'" in run.stdout
    for name in ["plain read", "CountVectorizer", "regex scan"]:
        assert "failed" not in _row(run.stdout, name), name
    results = json.loads((tmp_path / "results-300KB.json").read_text(encoding="utf-8"))
    assert results["framelens"]["1"]["status"] == "failed"
    assert results["framelens"]["1"]["failed_stage"] == "loading"
    assert "\n" not in results["framelens"]["1"]["error"]
    assert results["ratios"]["countvectorizer_over_framelens"] is None


def test_an_unknown_corpus_is_refused_before_any_run(tmp_path: Path) -> None:
    run = _run(tmp_path / "work", "nonsense")
    assert run.returncode == 2
    assert "nonsense" in run.stderr and "fakes, allsides" in run.stderr
    assert not (tmp_path / "work").exists()


def test_a_jsonl_file_is_measured_as_a_real_corpus_with_the_lexicons_terms(tmp_path) -> None:
    sys.path.insert(0, str(RUNNER.parent))
    from run import lexicon_scanner, prepare_corpus

    rows = [{"outlet": "Tribune", "text": "Regime forces shelled the rebels’ positions."},
            {"outlet": "Courier", "text": "Government troops advanced; the militants fled."},
            {"outlet": "Courier", "text": "Aid arrived in Aleppo.", "extra": None}]  # fmt: skip
    file = tmp_path / "syria-news.jsonl"
    file.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    corpus = prepare_corpus(str(file), 7, tmp_path)
    assert (corpus.label, corpus.kind, corpus.articles, corpus.outlets) == (
        "syria-news", "real", 3, 2)
    assert corpus.text_bytes == sum(len(row["text"].encode()) for row in rows)
    scanner, files = lexicon_scanner([row["text"] for row in rows])
    assert files  # the packs framelens chooses for these texts
    found = [match.group().lower() for row in rows for match in scanner.finditer(row["text"])]
    assert {"regime", "rebels", "militants"} <= set(found)
    assert "aleppo" not in found


def test_memory_sampler_adds_up_the_processes_a_run_starts() -> None:
    sys.path.insert(0, str(RUNNER.parent))
    from run import MemorySampler, _rss_kb

    own_mb = _rss_kb(os.getpid()) / 1024
    holds_300_mb = "x = bytearray(300_000_000); import time; time.sleep(1.0)"
    with MemorySampler(interval=0.02) as sampler:
        subprocess.run([sys.executable, "-c", holds_300_mb], check=True, timeout=60)
    assert sampler.peak_mb is not None
    assert sampler.peak_mb >= own_mb + 290


def test_memory_sampler_keeps_each_stages_peak() -> None:
    sys.path.insert(0, str(RUNNER.parent))
    from run import MemorySampler

    with MemorySampler(interval=0.02) as sampler:
        sampler.begin("holding")
        held = bytearray(300_000_000)
        held[::4096] = b"x" * len(held[::4096])  # touch every page so it is resident
        time.sleep(0.5)
        del held
        sampler.begin("after")
        time.sleep(0.5)
    peaks = sampler.stage_peaks_mb
    assert set(peaks) == {"holding", "after"}
    assert peaks["holding"] >= peaks["after"] + 250
