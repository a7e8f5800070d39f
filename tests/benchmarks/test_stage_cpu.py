"""Tests of benchmarks/stage_cpu.py: CPU seconds per stage of a report on the seed articles."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

from support import PROJECT

SCRIPT = PROJECT / "benchmarks" / "stage_cpu.py"


def _seeds_as_jsonl(target: Path) -> Path:
    """The five seed articles as a jsonl corpus with outlet and text fields."""
    with (PROJECT / "seeds" / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            text = (PROJECT / "seeds" / row["file"]).read_text(encoding="utf-8")
            out.write(json.dumps({"outlet": row["outlet"], "text": text}) + "\n")
    return target


def test_stage_cpu_prints_each_step_and_totals_that_add_up(tmp_path: Path) -> None:
    corpus = _seeds_as_jsonl(tmp_path / "seeds.jsonl")
    run = subprocess.run([sys.executable, str(SCRIPT), str(corpus), "--out", str(tmp_path / "r")],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    lines = [re.fullmatch(r"(.+?)\s+([\d.]+)(?:\s+[\d.]+%)?\s*", line)
             for line in run.stdout.splitlines()]
    assert all(lines), run.stdout
    seconds = {found[1]: float(found[2]) for found in lines}
    for step in ("loading and cleaning", "framing rates and intervals",
                 "discovering contested labels (analysis.discover)",
                 "report: drawing the charts", "report: saving the charts",
                 "report: markdown (all sections)", "report: data files"):
        assert seconds[step] >= 0, step
    total = seconds["TOTAL framelens process"]
    assert total > 0
    assert abs(seconds["TOTAL analysis"] + seconds["TOTAL report"] - total) < 0.02
    assert seconds["report: drawing the charts"] + seconds["report: saving the charts"] <= (
        seconds["TOTAL report"])
    assert (tmp_path / "r" / "report.md").is_file()
