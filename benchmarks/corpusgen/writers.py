"""Writers that stream articles to disk as jsonl, a folder of text files, or parquet."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from .articles import Article
from .outlets import OUTLETS

RECORD_COLUMNS = ["id", "outlet", "title", "date", "url", "text"]
"""Columns of the jsonl and parquet formats, in file order."""


def record(article: Article) -> dict[str, str]:
    """The row written for ``article`` in the jsonl and parquet formats."""
    return {
        "id": article.id,
        "outlet": OUTLETS[article.outlet].name,
        "title": article.title,
        "date": article.date.isoformat(),
        "url": article.url,
        "text": article.text,
    }


class Writer:
    """Streams articles to one output format; ``close()`` returns the files written."""

    def write(self, articles: list[Article]) -> None:
        """Append ``articles`` to the output."""
        raise NotImplementedError

    def close(self) -> list[Path]:
        """Finish the output and return its files, the main file first."""
        raise NotImplementedError


class JsonlWriter(Writer):
    """``out/articles.jsonl``: one JSON object per line."""

    def __init__(self, out: Path) -> None:
        self.path = out / "articles.jsonl"
        self.handle = self.path.open("w", encoding="utf-8", newline="\n")

    def write(self, articles: list[Article]) -> None:
        self.handle.write(
            "".join(json.dumps(record(a), ensure_ascii=False) + "\n" for a in articles)
        )

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


class FolderWriter(Writer):
    """``out/<outlet-slug>/<id>.txt`` per article, and ``out/manifest.csv`` naming them."""

    def __init__(self, out: Path) -> None:
        self.out = out
        for outlet in OUTLETS:
            (out / outlet.slug).mkdir(exist_ok=True)
        self.manifest_path = out / "manifest.csv"
        self.manifest = self.manifest_path.open("w", encoding="utf-8", newline="")
        self.rows = csv.writer(self.manifest, lineterminator="\n")
        self.rows.writerow(["file", "outlet", "title", "date", "url", "note"])
        self.files: list[Path] = [self.manifest_path]

    def write(self, articles: list[Article]) -> None:
        for article in articles:
            relative = f"{OUTLETS[article.outlet].slug}/{article.id}.txt"
            path = self.out / relative
            path.write_text(article.text, encoding="utf-8", newline="")
            self.rows.writerow([relative, OUTLETS[article.outlet].name, article.title,
                                article.date.isoformat(), article.url, article.note])  # fmt: skip
            self.files.append(path)

    def close(self) -> list[Path]:
        self.manifest.close()
        return self.files


class ParquetWriter(Writer):
    """Writes parts of about ``part_bytes`` of text, then streams them into one file."""

    def __init__(self, out: Path, part_bytes: int = 64_000_000) -> None:
        self.out = out
        self.parts_dir = out / ".parquet-parts"
        if self.parts_dir.exists():
            shutil.rmtree(self.parts_dir)
        self.parts_dir.mkdir()
        self.part_bytes = part_bytes
        self.pending: list[dict[str, str]] = []
        self.pending_bytes = 0
        self.parts: list[Path] = []

    def write(self, articles: list[Article]) -> None:
        for article in articles:
            self.pending.append(record(article))
            self.pending_bytes += len(article.text)
        if self.pending_bytes >= self.part_bytes:
            self._flush()

    def _flush(self) -> None:
        import polars as pl

        if not self.pending:
            return
        part = self.parts_dir / f"part-{len(self.parts):05d}.parquet"
        schema = dict.fromkeys(RECORD_COLUMNS, pl.String)
        pl.DataFrame(self.pending, schema=schema).write_parquet(part)
        self.parts.append(part)
        self.pending, self.pending_bytes = [], 0

    def close(self) -> list[Path]:
        import polars as pl

        self._flush()
        path = self.out / "articles.parquet"
        pl.scan_parquet(self.parts).sink_parquet(path, row_group_size=16_384)
        shutil.rmtree(self.parts_dir)
        return [path]


WRITERS: dict[str, type[Writer]] = {
    "jsonl": JsonlWriter,
    "folder": FolderWriter,
    "parquet": ParquetWriter,
}
"""Writer class by ``--format`` name."""
