"""Peak memory of ``framelens report`` stage by stage, on generated corpora of several sizes.

Usage: ``python benchmarks/memory.py 100MB 200MB 400MB [--workers 1] [--seed 7]
[--workdir DIR] [--keep]``

Each size is a generated jsonl corpus (``benchmarks/corpusgen``, the corpus ``run.py``
benchmarks, cached in the workdir by size and seed). framelens runs on it in a fresh process
(``analysis.pipeline.analyse`` then ``write_report``, as ``run.py`` runs it) while a thread
samples the resident memory of that process and of every worker process it started, every
50 ms. Printed: per stage, the peak of that sum (MB) at each size; the peak of the whole run,
the largest single process's own peak (``ru_maxrss``, which no sample can miss) and the
wall and CPU seconds; then the growth of the peak from each size to the next, per 100 MB of
text (the slope that says whether memory stays flat). The figures are written to
``WORKDIR/memory-<size>.json`` too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpusgen import generate, parse_size  # noqa: E402
from run import run_child  # noqa: E402

import analysis  # noqa: E402, F401  (its allocator settings, inherited by the measured runs)


def corpus_file(size: str, seed: int, workdir: Path) -> Path:
    """The generated corpus of ``size`` (made on first use, then reused from ``workdir``)."""
    folder = workdir / f"corpus-{parse_size(size)}-seed{seed}"
    file = folder / "articles.jsonl"
    if not file.is_file():
        generate(folder, parse_size(size), seed)
    return file


def measure(size: str, workers: int, seed: int, workdir: Path, keep: bool) -> dict:
    """framelens on the corpus of ``size`` in a child process: its figures (run.py's)."""
    file = corpus_file(size, seed, workdir)
    report = workdir / f"report-{size}"
    figures = run_child("framelens", file, report, workdir, workers)
    figures["size"] = size
    figures["text_mb"] = file.stat().st_size / 1e6
    (workdir / f"memory-{size}.json").write_text(json.dumps(figures, indent=1), "utf-8")
    if not keep:
        shutil.rmtree(report, ignore_errors=True)
    return figures


def table(runs: list[dict]) -> str:
    """The peaks per stage (rows) and size (columns), the totals, and the slopes."""
    stages: list[str] = []
    for run in runs:
        stages += [name for name in run.get("stage_peak_mb", {}) if name not in stages]
    width = max([len(name) for name in stages] + [30])
    lines = [f"{'peak MB, all processes':<{width}}" + "".join(f"{r['size']:>10}" for r in runs)]
    for name in stages:
        cells = "".join(f"{r.get('stage_peak_mb', {}).get(name, 0):>10,.0f}" for r in runs)
        lines.append(f"{name:<{width}}{cells}")
    rows = (("whole run (sampled)", "peak_total_rss_mb", ",.0f"),
            ("largest process (ru_maxrss)", "peak_rss_mb", ",.0f"),
            ("wall seconds", "seconds", ",.0f"), ("CPU seconds", "cpu_seconds", ",.0f"),
            ("load average at start", "load_before", ".1f"))  # fmt: skip
    for label, key, spec in rows:
        cells = "".join(f"{format(r[key], spec) if r.get(key) is not None else '-':>10}"
                        for r in runs)  # fmt: skip
        lines.append(f"{label:<{width}}{cells}")
    for before, after in zip(runs, runs[1:], strict=False):
        grown = after["peak_total_rss_mb"] - before["peak_total_rss_mb"]
        text = after["text_mb"] - before["text_mb"]
        lines.append(f"growth {before['size']} -> {after['size']}: {grown:+,.0f} MB, "
                     f"{100 * grown / text:+,.0f} MB per 100 MB of text")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line; 1 when framelens failed at some size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", help="generated corpus sizes such as 100MB 1GB")
    parser.add_argument("--workers", type=int, default=1, help="framelens --workers (default 1)")
    parser.add_argument("--seed", type=int, default=7, help="generated corpus seed (default 7)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/framelens-memory"))
    parser.add_argument("--keep", action="store_true", help="keep the reports")
    args = parser.parse_args(argv)
    for size in args.sizes:
        try:
            parse_size(size)
        except ValueError as error:
            parser.error(str(error))
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, --workers {args.workers}, seed {args.seed}", flush=True)
    runs = []
    for size in args.sizes:
        runs.append(measure(size, args.workers, args.seed, args.workdir, args.keep))
        print(table(runs), end="\n\n", flush=True)
    return 1 if any(run.get("status") != "ok" for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
