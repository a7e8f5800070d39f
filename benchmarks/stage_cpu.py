"""CPU seconds of the framelens process per stage of ``framelens report``: where the time goes.

Usage: ``python benchmarks/stage_cpu.py CORPUS.jsonl [--workers N] [--out DIR]``

Runs ``analyse`` then ``write_report`` on a jsonl corpus with ``outlet`` and ``text`` fields, as
``benchmarks/run.py`` does, with the pipeline's and the report's steps wrapped so that each
adds up the CPU time (``time.process_time``: this process only, not its workers) spent in it.
Prints one line per step, then the totals of the analysis and of the report, their wall
seconds and the CPU seconds of worker processes that ended. CPU time is what to compare on
a shared machine, where wall seconds depend on the load. Steps nest: "the per-article pass"
includes the batches run in this process (``--workers 1``), and the report's sections are
part of "report: markdown".
"""

from __future__ import annotations

import argparse
import functools
import resource
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

import analysis.pipeline as pipeline  # noqa: E402
import analysis.report as report  # noqa: E402
from analysis.corpus import ColumnNames  # noqa: E402
from analysis.report.figures import Figures  # noqa: E402

PIPELINE_STEPS = {
    "prepare": "loading and cleaning",
    "choose_lexicon": "choosing the lexicon packs",
    "outlet_term_counts": "term counts per outlet",
    "distinctive_terms": "distinctive terms",
    "outlet_similarity": "outlet similarity",
    "collocates": "collocates",
    "vocabulary_by_unit": "vocabulary of the report's units",
    "comparison_vectors": "article vectors",
    "article_similarity": "near-copies",
    "find_events": "events",
    "framing_rates": "framing rates and intervals",
    "term_differences": "term differences (G2)",
    "framing_by_unit": "framing of the report's units",
    "framing_trends": "framing trends",
    "summarise_attributions": "attribution summaries",
    "attribution_by_unit": "attribution of the report's units",
    "shown_contrasts": "discovering contested labels (analysis.discover)",
}
"""Functions of analysis.pipeline timed, by the name the table gives them."""
REPORT_STEPS = {
    "labels_section": "report: labels section",
    "framing_section": "report: framing section",
    "events_section": "report: events section",
    "render_markdown": "report: markdown (all sections)",
    "classroom_page": "report: classroom page",
    "write_data": "report: data files",
}
"""Functions of analysis.report timed."""


def timed(owner: object, name: str, label: str, spent: dict[str, float]) -> None:
    """Replace ``owner.name`` with a wrapper that adds its CPU seconds to ``spent[label]``."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started

    setattr(owner, name, wrapper)


def measure(corpus: Path, workers: int, out: Path) -> dict[str, float]:
    """CPU seconds per step of one ``analyse`` and ``write_report`` (see the module's doc)."""
    spent: dict[str, float] = {}
    for name, label in PIPELINE_STEPS.items():
        timed(pipeline, name, label, spent)
    timed(pipeline.BatchRunner, "map", "the per-article pass (this process)", spent)
    timed(pipeline.ArticleFeatures, "combine", "joining the batches", spent)
    for name, label in REPORT_STEPS.items():
        timed(report, name, label, spent)
    timed(Figures, "__init__", "report: drawing the charts", spent)
    timed(Figures, "save", "report: saving the charts", spent)
    options = pipeline.Options(columns=ColumnNames(text="text", outlet="outlet"), workers=workers)
    cpu, wall = time.process_time(), time.perf_counter()
    result = pipeline.analyse(corpus, options)
    analysed_cpu, analysed_wall = time.process_time(), time.perf_counter()
    result.write_report(out)
    done_cpu, done_wall = time.process_time(), time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent |= {
        "TOTAL analysis": analysed_cpu - cpu,
        "TOTAL report": done_cpu - analysed_cpu,
        "TOTAL framelens process": done_cpu - cpu,
        "worker processes (ended)": children.ru_utime + children.ru_stime,
        "wall seconds, analysis": analysed_wall - wall,
        "wall seconds, report": done_wall - analysed_wall,
    }
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a jsonl file with outlet and text fields")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the report goes (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="framelens-stage-cpu-") as scratch:
        spent = measure(args.corpus, args.workers, args.out or Path(scratch) / "report")
    total = spent["TOTAL framelens process"]
    for label, seconds in spent.items():
        share = f"{seconds / total:6.1%}" if not label.startswith(("wall", "worker")) else ""
        print(f"{label:<48}{seconds:9.2f} {share}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
