"""The :class:`Chart` a chart function returns, and writing it to disk (:func:`save_chart`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from analysis.charts.style import chart_style


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the figure, its alt text (plain text) and a fixed file stem."""

    figure: Figure
    alt_text: str
    name: str


_SAVE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def save_chart(
    chart: Chart, directory: Path, *, formats: Sequence[str] = ("png",), dpi: int = 200
) -> list[Path]:
    """Write ``chart`` as ``directory / (chart.name + ".png")`` (and ``.svg`` if asked).

    Output is deterministic: no dates or software versions in the files and a fixed SVG hash
    salt, so the same tables give byte-identical files. Each file is written to a temporary
    file in ``directory`` and moved into place, so a reader never sees half a file. The figure
    is cleared afterwards to free its memory: build the chart again to save it again.
    Returns the paths written, in the order of ``formats``.
    """
    unknown = [fmt for fmt in formats if fmt not in _SAVE_METADATA]
    if unknown:
        raise ValueError(f"formats must be among {sorted(_SAVE_METADATA)}; got {unknown}")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with chart_style():
        for fmt in dict.fromkeys(formats):
            target = directory / f"{chart.name}.{fmt}"
            _write_atomically(chart.figure, target, fmt, dpi)
            written.append(target)
    chart.figure.clear()
    return written


def _write_atomically(figure: Figure, target: Path, fmt: str, dpi: int) -> None:
    handle = tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            figure.savefig(handle, format=fmt, dpi=dpi, metadata=_SAVE_METADATA[fmt])
            handle.flush()
            os.fsync(handle.fileno())
        # Temporary files are private (0600); the chart gets the usual permissions.
        os.chmod(handle.name, 0o666 & ~_current_umask())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
