"""Tests of benchmarks/run.py: the whole runner on a tiny corpus, in a temporary workdir."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import PROJECT

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
    "writing the report",
]
REFERENCE_POINTS = [
    "plain read (polars, every text)",
    "CountVectorizer().fit alone",
    "regex scan of the planted terms",
]
RATIOS = [
    "CountVectorizer / framelens end to end",
    "lexicon stage / regex scan",
    "sentence splitting share of end to end",
    "framelens seconds per GB",
]


def _run(workdir: Path, *sizes: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(RUNNER), *sizes, "--workdir", str(workdir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def _row(table: str, name: str) -> str:
    return next(line for line in table.splitlines() if line.strip().startswith(name))


def _figures(table: str, name: str) -> tuple[float, float]:
    """Seconds and MB/s printed after ``name``."""
    found = re.match(rf"\s*{re.escape(name)}\s+([\d.,]+)\s+([\d.,]+)", _row(table, name))
    assert found, name
    return float(found[1].replace(",", "")), float(found[2].replace(",", ""))


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The workdir and printed output of one run of the runner on a 300 KB corpus."""
    workdir = tmp_path_factory.mktemp("bench")
    run = _run(workdir, "300KB")
    assert run.returncode == 0, run.stderr
    return workdir, run.stdout


def test_runner_prints_every_stage_reference_point_and_ratio(finished) -> None:
    _, table = finished
    assert "300KB corpus, seed 7" in table
    assert re.search(r"\d+ cores", table)
    for name in [*STAGES, "end to end", *REFERENCE_POINTS]:
        seconds, speed = _figures(table, name)
        assert seconds >= 0 and speed >= 0, name
    for name in ["end to end", *REFERENCE_POINTS]:
        row = _row(table, name)
        assert re.search(r"peak RSS [\d,]+ MB( \(all processes [\d,]+ MB\))?, [\d.]+ cores busy",
                         row), name
    for name in RATIOS:
        assert _row(table, name).split()[-1] in ("met", "missed"), name
    # every stage timed on the wall clock shows its own peak memory; summed steps do not
    for name in STAGES:
        peak = re.search(r"peak ([\d,]+) MB", _row(table, name))
        if "(summed over batches)" in name:
            assert peak is None, name
        else:
            assert peak and int(peak[1].replace(",", "")) > 50, name


def test_runner_writes_the_figures_as_json_and_cleans_up(finished) -> None:
    workdir, _ = finished
    assert [path.name for path in workdir.iterdir()] == ["results-300KB.json"]
    results = json.loads((workdir / "results-300KB.json").read_text(encoding="utf-8"))
    assert set(results) == {"size", "seed", "text_bytes", "articles", "cores", "framelens",
                            "references", "ratios"}  # fmt: skip
    framelens = results["framelens"]
    assert framelens["status"] == "ok"
    assert list(framelens["stages"]) == STAGES
    end_to_end = framelens["end_to_end"]
    assert set(end_to_end) >= {"seconds", "mb_per_s", "peak_rss_mb", "peak_total_rss_mb",
                               "cores_used"}  # fmt: skip
    assert end_to_end["peak_total_rss_mb"] >= end_to_end["peak_rss_mb"]
    assert set(results["references"]) == {"plain_read", "countvectorizer", "regex_scan"}
    for figures in results["references"].values():
        assert figures["seconds"] > 0 and figures["peak_rss_mb"] > 0
    assert set(results["ratios"]) == {
        "countvectorizer_over_framelens", "lexicon_over_regex_scan", "sentence_splitting_share",
        "sentence_splitting_is_slowest_stage", "framelens_seconds_per_gb",
    }  # fmt: skip
    assert all(value is not None for value in results["ratios"].values())


def test_a_failing_framelens_stage_is_reported_and_the_references_still_run(
    tmp_path: Path,
) -> None:
    # a cached corpus without an outlet column: framelens stops while loading it
    corpus = tmp_path / "corpus-300000-seed7"
    corpus.mkdir()
    rows = [{"id": str(n), "text": f"Rebels and civilians, article {n}."} for n in range(20)]
    (corpus / "articles.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    truth = {"text_bytes": 700, "articles": 20, "patterns": {"rebels": r"\brebels?\b"}}
    (corpus / "truth.json").write_text(json.dumps(truth))
    run = _run(tmp_path, "300KB")
    assert run.returncode == 1
    assert "FAILED in 'loading': FramelensError: " in run.stdout
    assert "no column 'outlet'" in run.stdout
    for name in REFERENCE_POINTS:
        assert "failed" not in _row(run.stdout, name), name
    results = json.loads((tmp_path / "results-300KB.json").read_text(encoding="utf-8"))
    assert results["framelens"]["status"] == "failed"
    assert results["framelens"]["failed_stage"] == "loading"
    assert "\n" not in results["framelens"]["error"]
    assert results["ratios"]["countvectorizer_over_framelens"] is None


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
