"""Tables kept on disk until they are used: the per-row tables of a large corpus.

A gigabyte of news gives millions of sentences, framing hits and attributions, each row with
its sentence's text: several gigabytes of tables, more than the rest of the analysis together.
The statistics need one or two of them at a time, and the report writes them one at a time,
so they wait on disk:

- each batch's table is written by :meth:`StoredTable.write` (in a worker process, say) to an
  Arrow IPC file in a :class:`TemporaryFolder`, and the batch hands back only the file's name;
- :meth:`StoredTable.join` puts the batches' files together in order without reading them;
- :meth:`StoredTable.read` gives the table (or some of its columns) as one DataFrame when it is
  needed, and memory holds it only as long as the caller does.

Reading gives exactly the rows and columns that were written, in the order the files were
joined.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl


class TemporaryFolder:
    """A new folder in the system's temporary folder (``TMPDIR``), its name starting with
    ``prefix``.

    It is removed by :meth:`remove`, when this object is garbage collected, or when the
    process exits, whichever comes first; whoever reads its files keeps this object alive.
    """

    def __init__(self, prefix: str = "framelens-tables-") -> None:
        self.path = tempfile.mkdtemp(prefix=prefix)
        self._at_exit = weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)

    def remove(self) -> None:
        """Delete the folder and everything in it (again: nothing happens). Should a Ctrl-C
        cut the removal short, it is done again when the process exits."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._at_exit.detach()


@dataclass(frozen=True)
class StoredTable:
    """A table in Arrow IPC files, read back in the order of ``files``.

    ``schema`` is the table's column names and types, ``height`` its rows; ``first_id`` and
    ``last_id`` are the ``id`` of its first and last row (None when it is empty or has no
    ``id`` column), which tell whether tables joined in order stay in id order.
    """

    files: tuple[str, ...]
    schema: pl.Schema
    height: int
    first_id: str | None = None
    last_id: str | None = None

    @classmethod
    def write(cls, table: pl.DataFrame, folder: str | Path) -> StoredTable:
        """Write ``table`` to a new file in ``folder`` (which must exist)."""
        path = Path(folder) / f"{uuid.uuid4().hex}.arrow"
        table.write_ipc(path, compression="lz4")
        ids = table.get_column("id") if "id" in table.columns and table.height else None
        return cls(
            files=(str(path),),
            schema=table.schema,
            height=table.height,
            first_id=None if ids is None else ids[0],
            last_id=None if ids is None else ids[-1],
        )

    @classmethod
    def join(cls, parts: Sequence[StoredTable]) -> StoredTable:
        """The tables of ``parts`` one after the other (they must have the same schema)."""
        if not parts:
            raise ValueError("StoredTable.join needs at least one table")
        schemas = {tuple(part.schema.items()) for part in parts}
        if len(schemas) > 1:
            raise ValueError(f"cannot join stored tables of different schemas: {schemas}")
        filled = [part for part in parts if part.height]
        return cls(
            files=tuple(name for part in parts for name in part.files),
            schema=parts[0].schema,
            height=sum(part.height for part in parts),
            first_id=filled[0].first_id if filled else None,
            last_id=filled[-1].last_id if filled else None,
        )

    def read(self, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """The table, or only ``columns`` of it, as one DataFrame."""
        return self.scan(columns).collect()

    def scan(self, columns: Sequence[str] | None = None) -> pl.LazyFrame:
        """The table, or only ``columns`` of it, as a LazyFrame: a query on it reads only
        the columns it uses, and its filters apply as the files are read, so that memory
        holds the query's rows rather than the whole table."""
        names = list(self.schema) if columns is None else list(columns)
        return pl.scan_ipc(list(self.files)).select(names)

    def parts(self, columns: Sequence[str] | None = None) -> Iterator[pl.DataFrame]:
        """The table, or only ``columns`` of it, one file at a time (a batch's rows each, as
        written): the whole table in order without holding it all in memory."""
        names = list(self.schema) if columns is None else list(columns)
        for name in self.files:
            yield pl.scan_ipc(name).select(names).collect()


def in_id_order(parts: Sequence[StoredTable]) -> bool:
    """Whether tables, each sorted by id, stay sorted by id when joined in this order (no
    table starts with an id below the last id of the tables before it)."""
    last: str | None = None
    for part in parts:
        if part.first_id is None:
            continue
        if last is not None and part.first_id < last:
            return False
        last = part.last_id
    return True
