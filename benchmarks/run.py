"""Benchmark ``framelens report`` on real and generated corpora beside its peers, in one run.

Usage: ``python benchmarks/run.py fakes allsides 100MB [--workers 1 2] [--seed 7]
[--workdir DIR] [--keep]``

A corpus is the name of a development corpus (``fakes``, ``allsides``: the jsonl files in
``../shared/corpora`` beside the repository), a jsonl file with ``outlet`` and ``text``
columns, or a size (``100MB``): a generated jsonl corpus (``benchmarks/corpusgen``, cached in
the workdir by size and seed). For each corpus, each in its own subprocess so that peak memory
is measured per run:

1. plain read: polars reads the jsonl and touches every text;
2. scattertext: a corpus by outlet (its whitespace tokenizer, no model), the term table by
   outlet, and the comparison page of the largest outlet against the rest, written to a file;
3. ``CountVectorizer(ngram_range=(1, 3), min_df=5).fit`` on the same texts (fitting alone);
4. regex scan: one ``re.finditer`` pass of the lexicon's terms (the packs framelens chooses
   for the corpus) joined with ``|``;
5. framelens with each ``--workers`` count: ``analysis.pipeline.analyse`` then
   ``write_report``, timed stage by stage.

Prints the machine, then a table per corpus with the ratios against the targets, and writes
the figures to ``WORKDIR/results-<corpus>.json``. Without ``--keep`` the generated corpora
and the reports are deleted afterwards; the results files stay.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpusgen import generate, parse_size  # noqa: E402

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_CORPORA = REPOSITORY.parent / "shared" / "corpora"
REAL_CORPORA = {
    "fakes": SHARED_CORPORA / "fakes" / "articles.jsonl",
    "allsides": SHARED_CORPORA / "allsides-sample" / "articles.jsonl",
}
"""Development corpora by the name a benchmark run takes (see /work/shared/corpora/README.md)."""
REFERENCES = {
    "plain_read": "plain read (polars, every text)",
    "scattertext": "scattertext: table by outlet + page",
    "countvectorizer": "CountVectorizer(1-3-grams, min_df=5).fit",
    "regex_scan": "regex scan of the lexicon's terms",
}
COUNTVECTORIZER = {"ngram_range": (1, 3), "min_df": 5}
"""The parameters of the CountVectorizer reference point."""
DEFAULT_WORKERS = (1, 2)
# Per-article steps run in batches on the workers; their seconds are summed over the batches.
LEXICON_STAGE = "matching the framing lexicon (summed over batches)"
REPORT_STAGE = "writing the report"
PARALLEL_STAGES = ("cleaning", "finding sentences, quotations, attributions, framing terms and "
                   "vocabulary")
"""The stages whose batches run on the workers; every other stage runs in the main process."""
TARGETS = {  # ratio: (what it compares, target shown, whether a value meets it)
    "scattertext_over_framelens": (
        "scattertext / framelens end to end", ">= 2.0 (real text)", lambda value: value >= 2.0),
    "countvectorizer_over_framelens": (
        "CountVectorizer 1-3 / framelens end to end", ">= 1.0 (100 MB)", lambda v: v >= 1.0),
    "framelens_peak_gb": (
        "framelens peak, all processes, GB", "<= 1.5 (100 MB)", lambda value: value <= 1.5),
    "workers_speedup": (
        "throughput, most workers / 1 worker", ">= 1.7 (allsides)", lambda value: value >= 1.7),
    "lexicon_over_regex_scan": (
        "lexicon stage / regex scan", "<= 3.0", lambda value: value <= 3.0),
}  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    """One corpus to measure: ``file`` is a jsonl file with ``outlet`` and ``text`` columns;
    ``text_bytes`` counts the UTF-8 bytes of every text (MB/s figures are of these)."""

    label: str
    kind: str  # "real" or "generated"
    file: Path
    text_bytes: int
    articles: int
    outlets: int
    seed: int | None = None


def read_table(file: Path) -> pl.DataFrame:
    """The ``outlet`` and ``text`` columns of a jsonl corpus (other fields are not read, so a
    field that polars would guess the wrong type for cannot stop it)."""
    return pl.read_ndjson(file, schema={"outlet": pl.String, "text": pl.String}).with_columns(
        pl.col("outlet").fill_null(""), pl.col("text").fill_null("")
    )


# -- the measurements, each run in a child process -------------------------------------------


def measure_plain_read(corpus: Path, report: Path, workers: int) -> dict:
    """Read the jsonl with polars and touch every text (the sum of their lengths in bytes)."""
    started = time.perf_counter()
    table = read_table(corpus)
    total = int(table["text"].str.len_bytes().sum())
    return {"seconds": time.perf_counter() - started, "text_bytes": total}


def measure_scattertext(corpus: Path, report: Path, workers: int) -> dict:
    """scattertext as a user compares outlets with it: a corpus with the outlets as categories
    (its whitespace tokenizer, which needs no spaCy model), the table of term counts by
    outlet, and the comparison page of the outlet with the most articles against the others,
    written to ``report``. Reading the texts is not timed."""
    import pandas as pd
    import scattertext

    table = read_table(corpus)
    frame = pd.DataFrame({"outlet": table["outlet"].to_list(), "text": table["text"].to_list()})
    largest = table["outlet"].value_counts(sort=True)["outlet"][0]
    del table
    started = time.perf_counter()
    built = scattertext.CorpusFromPandas(
        frame, category_col="outlet", text_col="text",
        nlp=scattertext.whitespace_nlp_with_sentences,
    ).build()  # fmt: skip
    by_outlet = built.get_term_freq_df()
    page = scattertext.produce_scattertext_explorer(
        built, category=largest, category_name=largest, not_category_name="other outlets"
    )
    report.mkdir(parents=True, exist_ok=True)
    (report / "scattertext.html").write_text(page, encoding="utf-8")
    return {"seconds": time.perf_counter() - started, "terms": len(by_outlet)}


def measure_countvectorizer(corpus: Path, report: Path, workers: int) -> dict:
    """Fit scikit-learn's CountVectorizer with 1-3-grams and min_df=5 on every text; reading
    not timed."""
    from sklearn.feature_extraction.text import CountVectorizer

    texts = read_table(corpus)["text"].to_list()
    started = time.perf_counter()
    vectorizer = CountVectorizer(**COUNTVECTORIZER).fit(texts)
    return {"seconds": time.perf_counter() - started, "terms": len(vectorizer.vocabulary_)}


def lexicon_scanner(texts: list[str]) -> tuple[re.Pattern[str], list[str]]:
    """One case-insensitive alternation of every form (escaped) and user pattern of the
    lexicon framelens chooses for ``texts`` (its packs' fit), between word boundaries, and
    the names of the lexicon's files."""
    from analysis.lexicon import choose_lexicon, load_combined

    choice = choose_lexicon(None, texts)
    lexicon = load_combined(choice.files, choice.extensions)
    alternatives = {
        term.pattern or re.escape(form)
        for category in lexicon.categories
        for term in category.terms
        for form in term.forms
    }
    joined = "|".join(f"(?:{alternative})" for alternative in sorted(alternatives))
    return re.compile(rf"\b(?:{joined})\b", re.IGNORECASE), [p.name for p in choice.files]


def measure_regex_scan(corpus: Path, report: Path, workers: int) -> dict:
    """One pass of a single alternation of the lexicon's terms over every text (choosing the
    lexicon and compiling the expression not timed)."""
    texts = read_table(corpus)["text"].to_list()
    scanner, files = lexicon_scanner(texts)
    started = time.perf_counter()
    found = sum(1 for text in texts for _ in scanner.finditer(text))
    return {"seconds": time.perf_counter() - started, "matches": found, "lexicon": files}


def measure_framelens(
    corpus: Path, report: Path, workers: int, sampler: MemorySampler | None = None
) -> dict:
    """``analyse`` then ``write_report`` with ``workers`` processes, as ``framelens report``
    runs them. A stage that raises ends the run and is reported with its one-line message
    (the traceback goes to stderr). ``sampler`` is told when each stage starts, to keep each
    stage's peak memory."""
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
    columns = ColumnNames(text="text", outlet="outlet")
    options = Options(columns=columns, workers=workers)
    started = time.perf_counter()
    try:
        result = analyse(corpus, options, progress=tracker)
        stages = dict(result.timings)
        tracker.current, report_started = REPORT_STAGE, time.perf_counter()
        if sampler is not None:
            sampler.begin(REPORT_STAGE)
        result.write_report(report / f"framelens-{workers}")
        stages[REPORT_STAGE] = time.perf_counter() - report_started
    except Exception as error:  # reported, not hidden: the benchmark carries on
        traceback.print_exc()
        first_line = (str(error).strip().splitlines() or [""])[0]
        return {"status": "failed", "failed_stage": tracker.current, "stages": tracker.timings,
                "error": f"{type(error).__name__}: {first_line}",
                "seconds": time.perf_counter() - started}  # fmt: skip
    return {"status": "ok", "stages": stages, "seconds": time.perf_counter() - started,
            "lexicon": [Path(source).name for source in result.lexicon.sources]}  # fmt: skip


MEASUREMENTS = {
    "plain_read": measure_plain_read,
    "scattertext": measure_scattertext,
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


def child_main(kind: str, corpus: str, report: str, result_file: str, workers: str) -> int:
    """In the child process: run one measurement and write its figures to ``result_file``,
    with the peak RSS and CPU time of this process (and of any worker processes it reaped),
    and the peak of all of them together."""
    with MemorySampler() as sampler:
        if kind == "framelens":
            result = measure_framelens(Path(corpus), Path(report), int(workers), sampler)
        else:
            result = MEASUREMENTS[kind](Path(corpus), Path(report), int(workers))
    result["stage_peak_mb"] = dict(sampler.stage_peaks_mb)
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    result["peak_rss_mb"] = max(usage.ru_maxrss for usage in usages) / 1024  # Linux: kilobytes
    result["peak_total_rss_mb"] = max(sampler.peak_mb or 0.0, result["peak_rss_mb"])
    result["cpu_seconds"] = sum(usage.ru_utime + usage.ru_stime for usage in usages)
    Path(result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0


def load_average() -> float | None:
    """The machine's load average over the last minute (None where the system has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def run_child(kind: str, corpus: Path, report: Path, workdir: Path, workers: int = 1) -> dict:
    """Run one measurement in a fresh process and return its figures, with the peak RSS (MB),
    the cores it kept busy (CPU seconds / wall seconds, start-up included) and the machine's
    load average when it started and ended. A child that crashes (killed for memory, say) is
    reported as failed with the last line it printed."""
    result_file = workdir / f".child-{kind}.json"
    result_file.unlink(missing_ok=True)
    command = [sys.executable, __file__, "--child", kind, corpus, report, result_file, str(workers)]
    load_before, started = load_average(), time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    load = {"load_before": load_before, "load_after": load_average()}
    if not result_file.exists():
        lines = [line for line in child.stderr.splitlines() if line.strip()] or ["no message"]
        error = f"crashed (exit status {child.returncode}): {lines[-1]}"
        return {"status": "failed", "error": error, "failed_stage": "?", "stages": {},
                "seconds": 0} | load  # fmt: skip
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    if result.setdefault("status", "ok") == "failed":
        sys.stderr.write(child.stderr)
    result["cores_used"] = result["cpu_seconds"] / wall
    return result | load


# -- one corpus: where it is, runs, figures, table -------------------------------------------


def machine() -> dict:
    """What the figures were measured on: processor, cores, memory, Python and the day."""
    info = {"cores": os.cpu_count(), "processor": platform.processor() or platform.machine(),
            "memory_gb": None, "python": platform.python_version(),
            "day": time.strftime("%Y-%m-%d", time.gmtime())}  # fmt: skip
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        meminfo = Path("/proc/meminfo").read_text()
    except OSError:
        return info
    if model := re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE):
        info["processor"] = model[1].strip()
    if total := re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE):
        info["memory_gb"] = round(int(total[1]) / 1024**2, 1)
    return info


def describe(label: str, kind: str, file: Path, seed: int | None = None) -> Corpus:
    """A :class:`Corpus` with its size counted from the file."""
    table = read_table(file)
    return Corpus(label, kind, file, int(table["text"].str.len_bytes().sum()), table.height,
                  table["outlet"].n_unique(), seed)  # fmt: skip


def prepare_corpus(name: str, seed: int, workdir: Path) -> Corpus:
    """The corpus a command-line argument names: a development corpus, a jsonl file, or a
    size, generated into the workdir unless cached there (its truth.json is written last, so
    its presence means the corpus is complete). A FileNotFoundError for a missing corpus."""
    if name in REAL_CORPORA or name.endswith(".jsonl"):
        file = REAL_CORPORA.get(name, Path(name))
        if not file.is_file():
            raise FileNotFoundError(f"{name}: no corpus at {file}")
        return describe(name if name in REAL_CORPORA else file.stem, "real", file)
    size = parse_size(name)
    folder = workdir / f"corpus-{size}-seed{seed}"
    if (folder / "truth.json").exists() and (folder / "articles.jsonl").exists():
        print(f"bench: using the corpus in {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"bench: generating {size / 1e6:,.1f} MB of text in {folder}", file=sys.stderr)
        generate(folder, size, seed, "jsonl")
    return describe(name.replace(" ", ""), "generated", folder / "articles.jsonl", seed)


def summarise(corpus: Corpus, runs: dict[str, dict], framelens: dict[int, dict]) -> dict:
    """The figures of one corpus: framelens per worker count (stages and end to end), the
    reference points and the ratios. ``framelens`` maps worker counts to runs. Speeds are MB
    of article text per second."""
    megabytes = corpus.text_bytes / 1e6
    kept = ("status", "error", "peak_rss_mb", "peak_total_rss_mb", "cpu_seconds", "cores_used",
            "load_before", "load_after")  # fmt: skip

    def figures(run: dict, seconds: float) -> dict:
        speed = megabytes / seconds if seconds > 0 else None
        return {"seconds": seconds, "mb_per_s": speed} | {k: run[k] for k in kept if k in run}

    def framelens_figures(run: dict) -> dict:
        peaks, ok = run.get("stage_peak_mb", {}), run["status"] == "ok"
        return {
            "status": run["status"],
            "error": run.get("error"),
            "failed_stage": run.get("failed_stage"),
            # Per-article steps (summed over batches) have no peak of their own.
            "stages": {
                name: figures({}, seconds) | ({"peak_mb": peaks[name]} if name in peaks else {})
                for name, seconds in run["stages"].items()
            },  # fmt: skip
            "end_to_end": figures(run, run["seconds"]) if ok else None,
            "lexicon": run.get("lexicon"),
        }

    measured = {workers: framelens_figures(run) for workers, run in framelens.items()}
    done = {workers: found for workers, found in measured.items() if found["status"] == "ok"}
    ratios: dict[str, float | None] = dict.fromkeys(TARGETS)
    if done:  # the run with the most workers is the one held against the targets
        main = done[max(done)]
        total = main["end_to_end"]["seconds"]
        for kind, key in (("scattertext", "scattertext_over_framelens"),
                          ("countvectorizer", "countvectorizer_over_framelens")):  # fmt: skip
            if kind in runs and runs[kind]["status"] == "ok":
                ratios[key] = runs[kind]["seconds"] / total
        ratios["framelens_peak_gb"] = main["end_to_end"]["peak_total_rss_mb"] / 1000
        if 1 in done and max(done) > 1:
            ratios["workers_speedup"] = done[1]["end_to_end"]["seconds"] / total
        lexicon = main["stages"].get(LEXICON_STAGE)
        if lexicon is not None and runs.get("regex_scan", {}).get("status") == "ok":
            ratios["lexicon_over_regex_scan"] = lexicon["seconds"] / runs["regex_scan"]["seconds"]
    return {
        "corpus": asdict(corpus) | {"file": str(corpus.file)},
        "machine": machine(),
        "framelens": {str(workers): found for workers, found in measured.items()},
        "references": {kind: figures(run, run["seconds"]) for kind, run in runs.items()},
        "ratios": ratios,
        "serial": serial_share(done.get(1), max(done, default=1)),
    }


def serial_share(one_worker: dict | None, workers: int) -> dict | None:
    """Amdahl's bound from the one-worker run: the share of its seconds spent outside the
    stages that run on workers (:data:`PARALLEL_STAGES`), and the most ``workers`` processes
    can then speed the whole run up, ``1 / (serial + (1 - serial) / workers)``. None without
    a one-worker run."""
    if one_worker is None or workers < 2:
        return None
    total = one_worker["end_to_end"]["seconds"]
    parallel = sum(stage["seconds"] for name, stage in one_worker["stages"].items()
                   if name in PARALLEL_STAGES)
    serial = max(0.0, 1.0 - parallel / total) if total > 0 else 1.0
    return {"workers": workers, "serial_share": serial,
            "speedup_bound": 1.0 / (serial + (1.0 - serial) / workers)}


def _workers(count: int | str) -> str:
    return f"{count} worker" + ("s" if int(count) > 1 else "")


def _row(name: str, entry: dict | None) -> str:
    """A row of the end-to-end table: seconds, MB/s, peak memory of all processes, CPU
    seconds, busy cores and the load average when the run started and ended."""
    if not entry or entry.get("status") == "failed" or entry.get("mb_per_s") is None:
        return f"  {name:<44}{'-':>9}{'-':>7}   failed: {(entry or {}).get('error')}"
    load = ""
    if entry.get("load_before") is not None and entry.get("load_after") is not None:
        load = f"{entry['load_before']:5.1f} -> {entry['load_after']:4.1f}"
    return (f"  {name:<44}{entry['seconds']:9.2f}{entry['mb_per_s']:7.2f}"
            f"{entry['peak_total_rss_mb']:10,.0f}{entry['cpu_seconds']:9.1f}"
            f"{entry['cores_used']:7.1f}   {load}")  # fmt: skip


def format_machine(info: dict) -> str:
    memory = f", {info['memory_gb']} GB" if info.get("memory_gb") else ""
    return (f"machine: {info['processor']}, {info['cores']} cores{memory}, Python "
            f"{info['python']}, {info['day']}")  # fmt: skip


def format_table(results: dict) -> str:
    """The printed table of one corpus (``summarise`` gives the figures)."""
    corpus, framelens, ratios = results["corpus"], results["framelens"], results["ratios"]
    seed = f", seed {corpus['seed']}" if corpus["seed"] is not None else ""
    names = list(dict.fromkeys(name for run in framelens.values() for name in run["stages"]))
    width = max(map(len, names), default=0) + 2
    lines = [
        f"{corpus['label']} ({corpus['kind']}{seed}): {corpus['text_bytes'] / 1e6:,.1f} MB of "
        f"text in {corpus['articles']:,} articles from {corpus['outlets']:,} outlets",
        f"  {'framelens stage (seconds, peak MB)':<{width}}"
        + "".join(f"{_workers(workers):>18}" for workers in framelens),
    ]
    for name in names:
        cells = []
        for run in framelens.values():
            stage = run["stages"].get(name)
            peak = f"{stage['peak_mb']:,.0f}" if stage and "peak_mb" in stage else ""
            cells.append(f"{stage['seconds']:9.2f}{peak:>9}" if stage else f"{'-':>18}")
        lines.append(f"  {name:<{width}}" + "".join(cells))
    for workers, run in framelens.items():
        if run["status"] == "failed":
            lines.append(f"  {_workers(workers)}: FAILED in {run['failed_stage']!r}: "
                         f"{run['error']}")  # fmt: skip
    header = f"{'seconds':>9}{'MB/s':>7}{'peak MB':>10}{'CPU s':>9}{'cores':>7}   load average"
    lines.append(f"\n  {'end to end':<44}{header}")
    for workers, run in framelens.items():
        lines.append(_row(f"framelens, {_workers(workers)}", run["end_to_end"] or run))
    lines += [_row(REFERENCES[kind], entry) for kind, entry in results["references"].items()]
    lines.append(f"\n  {'ratio':<44}{'value':>9}   target")
    for key, (name, target, met) in TARGETS.items():
        value = ratios[key]
        verdict = "n/a" if value is None else "met" if met(value) else "missed"
        text = "-" if value is None else f"{value:.2f}"
        lines.append(f"  {name:<44}{text:>9}   {target:<20} {verdict}")
    if serial := results.get("serial"):
        lines.append(f"\n  serial share of the 1-worker run (outside cleaning and the per-article "
                     f"pass): {serial['serial_share']:.0%}; so {_workers(serial['workers'])} "
                     f"can speed it up {serial['speedup_bound']:.2f}x at most (Amdahl)")
    return "\n".join(lines)


def benchmark(
    name: str, workers: list[int], seed: int, workdir: Path, keep: bool, peers: list[str]
) -> dict:
    """Measure one corpus: the reference points ``peers`` and framelens with each worker
    count; print the table and write ``results-<corpus>.json``. Without ``keep``, delete a
    generated corpus and the reports."""
    corpus = prepare_corpus(name, seed, workdir)
    report = workdir / f"report-{corpus.label}"
    runs, framelens = {}, {}
    for kind in peers:
        print(f"bench: {corpus.label}: {kind} ...", file=sys.stderr)
        runs[kind] = run_child(kind, corpus.file, report, workdir)
    for count in workers:
        print(f"bench: {corpus.label}: framelens, {_workers(count)} ...", file=sys.stderr)
        framelens[count] = run_child("framelens", corpus.file, report, workdir, count)
    results = summarise(corpus, runs, framelens)
    (workdir / f"results-{corpus.label}.json").write_text(json.dumps(results, indent=1) + "\n")
    print(format_table(results), end="\n\n", flush=True)
    if not keep:
        if corpus.kind == "generated":
            shutil.rmtree(corpus.file.parent, ignore_errors=True)
        shutil.rmtree(report, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line. Returns 0, or 1 when framelens failed on some corpus (its figures and the
    reference points are still printed and written); 2 for an unknown corpus."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(*argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", help="fakes, allsides, a jsonl file, or a size "
                        "to generate such as 100MB")  # fmt: skip
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=list(DEFAULT_WORKERS),
        help="framelens runs with these worker counts (default: 1 2)",
    )
    parser.add_argument("--peers", nargs="+", choices=list(REFERENCES), default=list(REFERENCES),
                        help="the reference points to run (default: all)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=7, help="generated corpus seed (default 7)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/framelens-bench"))
    parser.add_argument("--keep", action="store_true", help="keep generated corpora (reused) "
                        "and reports")  # fmt: skip
    args = parser.parse_args(argv)
    for name in args.corpora:  # check every corpus before generating any
        if name in REAL_CORPORA or name.endswith(".jsonl"):
            if not REAL_CORPORA.get(name, Path(name)).is_file():
                parser.error(f"{name}: no corpus at {REAL_CORPORA.get(name, name)}")
            continue
        try:
            parse_size(name)
        except ValueError as error:
            parser.error(f"{error} (or name a corpus: {', '.join(REAL_CORPORA)})")
    if any(count < 1 for count in args.workers):
        parser.error("--workers takes counts of 1 or more")
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(format_machine(machine()), end="\n\n", flush=True)
    peers = [kind for kind in REFERENCES if kind in args.peers]  # in the table's order
    results = [benchmark(name, args.workers, args.seed, args.workdir, args.keep, peers)
               for name in args.corpora]  # fmt: skip
    failed = any(run["status"] == "failed" for r in results for run in r["framelens"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
