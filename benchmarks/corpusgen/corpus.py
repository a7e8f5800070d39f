"""Writing a whole corpus: the article stream, a writer and the truth tally, streamed so that
memory stays bounded whatever the size."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from .articles import ARTICLES_PER_BATCH, Article, CorpusGenerator
from .truth import Tally, build_truth
from .writers import WRITERS


def parse_size(text: str) -> int:
    """Bytes in a size such as ``"10MB"``, ``"1GB"``, ``"500KB"``, ``"1.5 GiB"`` or ``"250000"``.

    KB, MB and GB are powers of 1,000; KiB, MiB and GiB powers of 1,024.
    """
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmg]i?b?|b)?\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"cannot read size {text!r}: write e.g. 10MB, 1GB, 500KB or 250000")
    number = float(match.group(1))
    unit = (match.group(2) or "b").lower().rstrip("b") or "b"
    factor = {"b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "ki": 2**10, "mi": 2**20, "gi": 2**30}
    size = int(number * factor[unit])
    if size < 1000:
        raise ValueError(f"size {text!r} is too small: ask for at least 1KB")
    return size


def generate(out: Path, size: int, seed: int, fmt: str = "jsonl", progress: bool = False) -> dict:
    """Write a corpus of about ``size`` bytes of article text (UTF-8) to folder ``out``.

    ``fmt`` is ``jsonl`` (``out/articles.jsonl``), ``folder`` (``out/<outlet>/<id>.txt`` and
    ``out/manifest.csv``) or ``parquet`` (``out/articles.parquet``). Also writes
    ``out/truth.json`` and returns its content, plus ``seconds`` (time taken, not written).
    The corpus stops after the article that reaches ``size`` bytes, so it is at most one
    article larger than asked. ``progress`` prints the bytes written so far to stderr.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(WRITERS)}")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    generator = CorpusGenerator(seed)
    writer = WRITERS[fmt](out)
    tally = Tally()
    written = 0
    pending: list[Article] = []
    report_every = max(size // 20, 50_000_000)
    next_report = report_every
    for article in generator.articles():
        text_bytes = len(article.text.encode("utf-8"))
        tally.add(article, text_bytes)
        pending.append(article)
        written += text_bytes
        if len(pending) >= ARTICLES_PER_BATCH:
            writer.write(pending)
            pending = []
        if progress and written >= next_report:
            rate = written / 1e6 / (time.perf_counter() - started)
            print(f"  {written / 1e6:,.0f} MB, {rate:.1f} MB/s", file=sys.stderr)
            next_report += report_every
        if written >= size:
            break
    writer.write(pending)
    files = writer.close()
    seconds = time.perf_counter() - started
    truth = build_truth(generator, tally, out, files, size, seed, fmt, written)
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    truth["seconds"] = seconds  # reported by the CLI, kept out of the file to stay reproducible
    return truth
