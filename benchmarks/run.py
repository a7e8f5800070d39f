"""Benchmark ``framelens report`` at scale against reference points measured in the same run.

Usage: ``python benchmarks/run.py 100MB [1GB ...] [--seed 7] [--workdir DIR] [--keep]``

For each size: generate a jsonl corpus (``benchmarks/corpusgen``, cached in the workdir by size
and seed), then run, each in its own subprocess so that peak memory is measured per run:

1. plain read: polars reads the jsonl and touches every text;
2. ``CountVectorizer().fit`` on the same texts (fitting alone, reading not timed);
3. regex scan: one ``re.finditer`` pass of the planted terms' patterns joined with ``|``;
4. framelens: ``analysis.pipeline.analyse`` then ``write_report``, timed stage by stage.

Prints a table per size and writes the figures to ``WORKDIR/results-<size>.json``. Without
``--keep`` the corpus and the report are deleted afterwards; the results files stay.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpusgen import generate, parse_size  # noqa: E402

REFERENCES = {
    "plain_read": "plain read (polars, every text)",
    "countvectorizer": "CountVectorizer().fit alone",
    "regex_scan": "regex scan of the planted terms",
}
# Per-article steps run in batches on every core; their seconds are summed over the batches.
LEXICON_STAGE = "matching the framing lexicon (summed over batches)"
SENTENCE_STAGE = "splitting sentences (summed over batches)"
REPORT_STAGE = "writing the report"
RATIOS = ("countvectorizer_over_framelens", "lexicon_over_regex_scan", "sentence_splitting_share",
          "sentence_splitting_is_slowest_stage", "framelens_seconds_per_gb")  # fmt: skip


# -- the measurements, each run in a child process -------------------------------------------


def measure_plain_read(corpus: Path, report: Path) -> dict:
    """Read the jsonl with polars and touch every text (the sum of their lengths in bytes)."""
    started = time.perf_counter()
    table = pl.read_ndjson(corpus / "articles.jsonl")
    total = int(table["text"].str.len_bytes().sum())
    return {"seconds": time.perf_counter() - started, "text_bytes": total}


def measure_countvectorizer(corpus: Path, report: Path) -> dict:
    """Fit scikit-learn's CountVectorizer with its defaults on every text; reading not timed."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = pl.read_ndjson(corpus / "articles.jsonl")["text"].to_list()
    started = time.perf_counter()
    vectorizer = CountVectorizer().fit(texts)
    return {"seconds": time.perf_counter() - started, "words": len(vectorizer.vocabulary_)}


def measure_regex_scan(corpus: Path, report: Path) -> dict:
    """One pass of a single alternation of every planted pattern over every text."""
    patterns = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))["patterns"]
    scanner = re.compile("|".join(f"(?:{p})" for p in patterns.values()), re.IGNORECASE)
    texts = pl.read_ndjson(corpus / "articles.jsonl")["text"].to_list()
    started = time.perf_counter()
    found = sum(1 for text in texts for _ in scanner.finditer(text))
    return {"seconds": time.perf_counter() - started, "matches": found}


def measure_framelens(corpus: Path, report: Path, sampler: MemorySampler | None = None) -> dict:
    """``analyse`` then ``write_report``, as ``framelens report`` runs them. A stage that raises
    ends the run and is reported with its one-line message (the traceback goes to stderr).
    ``sampler`` is told when each stage starts, to keep each stage's peak memory."""
    from analysis.corpus import ColumnNames
    from analysis.pipeline import Options, Progress, analyse

    class Tracker(Progress):
        """Progress that remembers the stage running now, to name the one that fails."""

        current = "starting"

        def stage(self, name: str, detail: str = "") -> None:
            self.current = name
            if sampler is not None:
                sampler.begin(name)
            super().stage(name, detail)

    tracker = Tracker(enabled=False)
    options = Options(columns=ColumnNames(text="text", outlet="outlet"), workers=None)
    started = time.perf_counter()
    try:
        result = analyse(corpus / "articles.jsonl", options, progress=tracker)
        stages = dict(result.timings)
        tracker.current, report_started = REPORT_STAGE, time.perf_counter()
        if sampler is not None:
            sampler.begin(REPORT_STAGE)
        result.write_report(report)
        stages[REPORT_STAGE] = time.perf_counter() - report_started
    except Exception as error:  # reported, not hidden: the benchmark carries on
        traceback.print_exc()
        first_line = (str(error).strip().splitlines() or [""])[0]
        return {"status": "failed", "failed_stage": tracker.current, "stages": tracker.timings,
                "error": f"{type(error).__name__}: {first_line}",
                "seconds": time.perf_counter() - started}  # fmt: skip
    return {"status": "ok", "stages": stages, "seconds": time.perf_counter() - started}


MEASUREMENTS = {
    "plain_read": measure_plain_read,
    "countvectorizer": measure_countvectorizer,
    "regex_scan": measure_regex_scan,
    "framelens": measure_framelens,
}


class MemorySampler:
    """Samples the resident memory of this process and all its descendants (worker processes)
    every ``interval`` seconds and keeps the peak of their sum, in MB, over the whole run and
    per stage (``stage_peaks_mb``; a stage runs from :meth:`begin` to the next). Linux only
    (reads /proc); elsewhere the peaks stay None or empty. A sample can miss a peak shorter
    than the interval, so the largest single process's own peak (ru_maxrss) is reported beside
    it."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak_mb = interval, None
        self.stage_peaks_mb: dict[str, float] = {}
        self._stage: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        if Path("/proc/self/status").exists():
            self._thread.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def begin(self, stage: str) -> None:
        """Samples from now on count towards ``stage``; one is taken now, so that a stage
        shorter than the interval has a figure too."""
        with self._lock:
            self._stage = stage
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        total = sum(_rss_kb(pid) for pid in _process_tree(os.getpid())) / 1024
        with self._lock:
            self.peak_mb = max(self.peak_mb or 0.0, total)
            if self._stage is not None:
                peak = self.stage_peaks_mb.get(self._stage, 0.0)
                self.stage_peaks_mb[self._stage] = max(peak, total)


def _process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it (from /proc/PID/task/*/children)."""
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                pending += [int(child) for child in children.read_text().split()]
            except OSError:  # the process or thread ended meanwhile
                continue
    return found


def _rss_kb(pid: int) -> int:
    """Resident memory of one process in kB (0 if it has ended)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def child_main(kind: str, corpus: str, report: str, result_file: str) -> int:
    """In the child process: run one measurement and write its figures to ``result_file``,
    with the peak RSS and CPU time of this process (and of any worker processes it reaped),
    and the peak of all of them together."""
    with MemorySampler() as sampler:
        if kind == "framelens":
            result = measure_framelens(Path(corpus), Path(report), sampler)
        else:
            result = MEASUREMENTS[kind](Path(corpus), Path(report))
    result["stage_peak_mb"] = dict(sampler.stage_peaks_mb)
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["peak_rss_mb"] = max(usage.ru_maxrss for usage in usages) / 1024  # Linux: kilobytes
    result["peak_total_rss_mb"] = max(sampler.peak_mb or 0.0, result["peak_rss_mb"])
    result["cpu_seconds"] = sum(usage.ru_utime + usage.ru_stime for usage in usages)
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0


def run_child(kind: str, corpus: Path, report: Path, workdir: Path) -> dict:
    """Run one measurement in a fresh process and return its figures, with the peak RSS (MB)
    and the cores it kept busy (CPU seconds / wall seconds, start-up included). A child that
    crashes (killed for memory, say) is reported as failed with the last line it printed."""
    result_file = workdir / f".child-{kind}.json"
    result_file.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--child", kind, corpus, report, result_file]
    started = time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if not result_file.exists():
        lines = [line for line in child.stderr.splitlines() if line.strip()] or ["no message"]
        error = f"crashed (exit status {child.returncode}): {lines[-1]}"
        return {"status": "failed", "error": error, "failed_stage": "?", "stages": {}, "seconds": 0}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    if result.setdefault("status", "ok") == "failed":
        sys.stderr.write(child.stderr)
    result["cores_used"] = result.pop("cpu_seconds") / wall
    return result


# -- one size: corpus, runs, figures, table --------------------------------------------------


def prepare_corpus(size: int, seed: int, workdir: Path) -> tuple[Path, dict]:
    """The jsonl corpus of ``size`` text bytes and ``seed`` (generated unless cached) and its
    truth.json; truth.json is written last, so its presence means the corpus is complete."""
    corpus = workdir / f"corpus-{size}-seed{seed}"
    if (corpus / "truth.json").exists() and (corpus / "articles.jsonl").exists():
        print(f"bench: using the corpus in {corpus}", file=sys.stderr)
    else:
        shutil.rmtree(corpus, ignore_errors=True)
        print(f"bench: generating {size / 1e6:,.1f} MB of text in {corpus}", file=sys.stderr)
        generate(corpus, size, seed, "jsonl")
    return corpus, json.loads((corpus / "truth.json").read_text(encoding="utf-8"))


def summarise(label: str, seed: int, truth: dict, runs: dict[str, dict]) -> dict:
    """The figures of one size: per stage and end to end, the reference points and the ratios.
    Speeds are MB of article text (truth.json ``text_bytes``) per second."""
    megabytes = truth["text_bytes"] / 1e6

    def figures(run: dict, seconds: float) -> dict:
        kept = ("status", "error", "peak_rss_mb", "peak_total_rss_mb", "cores_used")
        speed = megabytes / seconds if seconds > 0 else None
        return {"seconds": seconds, "mb_per_s": speed} | {k: run[k] for k in kept if k in run}

    stage_peaks = runs["framelens"].get("stage_peak_mb", {})

    framelens, ok = runs["framelens"], runs["framelens"]["status"] == "ok"
    stage_seconds = framelens["stages"]
    lexicon, regex = stage_seconds.get(LEXICON_STAGE), runs["regex_scan"]["seconds"]
    total = framelens["seconds"]
    splitting = stage_seconds.get(SENTENCE_STAGE, 0.0)
    ratios = dict.fromkeys(RATIOS)
    if lexicon is not None and runs["regex_scan"]["status"] == "ok":
        ratios["lexicon_over_regex_scan"] = lexicon / regex
    if ok and runs["countvectorizer"]["status"] == "ok":
        ratios["countvectorizer_over_framelens"] = runs["countvectorizer"]["seconds"] / total
    if ok:
        ratios |= {
            "sentence_splitting_share": splitting / total,
            "sentence_splitting_is_slowest_stage": splitting == max(stage_seconds.values()),
            "framelens_seconds_per_gb": total * 1e9 / truth["text_bytes"],
        }
    return {
        "size": label,
        "seed": seed,
        "text_bytes": truth["text_bytes"],
        "articles": truth["articles"],
        "cores": os.cpu_count(),
        "framelens": {
            "status": framelens["status"],
            "error": framelens.get("error"),
            "failed_stage": framelens.get("failed_stage"),
            # Per-article steps (summed over batches) have no peak of their own.
            "stages": {
                name: figures({}, seconds)
                | ({"peak_mb": stage_peaks[name]} if name in stage_peaks else {})
                for name, seconds in stage_seconds.items()
            },
            "end_to_end": figures(framelens, total) if ok else None,
        },
        "references": {kind: figures(runs[kind], runs[kind]["seconds"]) for kind in REFERENCES},
        "ratios": ratios,
    }


def _row(name: str, entry: dict | None) -> str:
    """A table row: seconds, MB/s, then peak RSS and busy cores when measured."""
    if not entry or entry.get("status") == "failed" or entry["mb_per_s"] is None:
        return f"  {name:<42}{'-':>9}{'-':>9}   failed: {(entry or {}).get('error')}"
    memory = f"peak RSS {entry['peak_rss_mb']:,.0f} MB" if "peak_rss_mb" in entry else ""
    if "peak_mb" in entry:  # a stage's peak, all processes together
        memory = f"peak {entry['peak_mb']:,.0f} MB"
    if entry.get("peak_total_rss_mb", 0) > entry.get("peak_rss_mb", 0) + 1:
        memory += f" (all processes {entry['peak_total_rss_mb']:,.0f} MB)"
    busy = f", {entry['cores_used']:.1f} cores busy" if "cores_used" in entry else ""
    return f"  {name:<42}{entry['seconds']:9.2f}{entry['mb_per_s']:9.1f}   {memory}{busy}".rstrip()


def format_table(results: dict) -> str:
    """The printed table of one size (``summarise`` gives the figures)."""
    framelens, ratios = results["framelens"], results["ratios"]
    lines = [
        f"framelens benchmark, {results['size']} corpus, seed {results['seed']}: "
        f"{results['text_bytes'] / 1e6:,.1f} MB of text in {results['articles']:,} articles, "
        f"{results['cores']} cores",
        f"  {'framelens stage':<42}{'seconds':>9}{'MB/s':>9}",
    ]
    lines += [_row(name, entry) for name, entry in framelens["stages"].items()]
    if framelens["status"] == "failed":
        lines.append(f"  FAILED in {framelens['failed_stage']!r}: {framelens['error']}")
    lines.append(_row("end to end", framelens["end_to_end"] or framelens))
    lines.append(f"\n  {'reference point':<42}{'seconds':>9}{'MB/s':>9}")
    lines += [_row(REFERENCES[kind], entry) for kind, entry in results["references"].items()]
    slowest = ratios["sentence_splitting_is_slowest_stage"]
    checks = [  # name, ratio, how it is shown, target, whether it is met
        ("CountVectorizer / framelens end to end", "countvectorizer_over_framelens", "{:.2f}",
         ">= 1.0", lambda value: value >= 1.0),
        ("lexicon stage / regex scan", "lexicon_over_regex_scan", "{:.2f}", "<= 3.0",
         lambda value: value <= 3.0),
        ("sentence splitting share of end to end", "sentence_splitting_share", "{:.1%}",
         "not the slowest stage", lambda value: not slowest),
        ("framelens seconds per GB", "framelens_seconds_per_gb", "{:,.0f}", "<= 100",
         lambda value: value <= 100),
    ]  # fmt: skip
    lines.append(f"\n  {'ratio':<42}{'value':>9}   target")
    for name, key, shown, target, met in checks:
        value = ratios[key]
        verdict = "n/a" if value is None else "met" if met(value) else "missed"
        text = "-" if value is None else shown.format(value)
        lines.append(f"  {name:<42}{text:>9}   {target:<23} {verdict}")
    return "\n".join(lines)


def benchmark(size_text: str, seed: int, workdir: Path, keep: bool) -> dict:
    """Generate (or reuse) the corpus of one size, run every measurement, print the table and
    write ``results-<size>.json``; without ``keep``, delete the corpus and the report."""
    label = size_text.replace(" ", "")
    corpus, truth = prepare_corpus(parse_size(size_text), seed, workdir)
    report = workdir / f"report-{label}-seed{seed}"
    runs = {}
    for kind in MEASUREMENTS:
        print(f"bench: {label}: {kind} ...", file=sys.stderr)
        runs[kind] = run_child(kind, corpus, report, workdir)
    results = summarise(label, seed, truth, runs)
    (workdir / f"results-{label}.json").write_text(json.dumps(results, indent=1) + "\n")
    print(format_table(results), end="\n\n", flush=True)
    if not keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(report, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line. Returns 0, or 1 when framelens failed on some size (its figures and the
    reference points are still printed and written); 2 for an unreadable size."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(*argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", help="corpus text sizes, e.g. 100MB 1GB")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/framelens-bench"))
    parser.add_argument("--keep", action="store_true", help="keep corpora (reused) and reports")
    args = parser.parse_args(argv)
    for size in args.sizes:  # check every size before generating any corpus
        try:
            parse_size(size)
        except ValueError as error:
            parser.error(str(error))
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = [benchmark(size, args.seed, args.workdir, args.keep) for size in args.sizes]
    return 1 if any(r["framelens"]["status"] == "failed" for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
