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


# A chart is about 8 to 12 inches wide: 150 dots per inch give 1,200 to 1,800 pixels, sharp in
# a browser or on paper, with 9-point labels about 19 pixels high.
DEFAULT_DPI = 150


def save_chart(
    chart: Chart,
    directory: Path,
    *,
    formats: Sequence[str] = ("png",),
    dpi: int = DEFAULT_DPI,
) -> list[Path]:
    """Write ``chart`` as ``directory / (chart.name + ".png")`` (and ``.svg`` if asked).

    ``dpi`` is the PNG's resolution in pixels per inch (SVG is vector). Output is
    deterministic: no dates or software versions in the files and a fixed SVG hash salt, so the
    same tables give byte-identical files. Each file is written to a temporary file in
    ``directory`` and moved into place, so a reader never sees half a file. The figure is
    cleared afterwards to free its memory: build the chart again to save it again.
    Returns the paths written, in the order of ``formats``.
    """
    unknown = [fmt for fmt in formats if fmt not in _SAVE_METADATA]
    if unknown:
        raise ValueError(f"formats must be among {sorted(_SAVE_METADATA)}; got {unknown}")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with chart_style():
        _pin_empty_axis_labels(chart.figure)
        _lay_out_once(chart.figure, dpi)
        for fmt in dict.fromkeys(formats):
            target = directory / f"{chart.name}.{fmt}"
            _write_atomically(chart.figure, target, fmt, dpi)
            written.append(target)
    _discard(chart.figure)
    return written


def _lay_out_once(figure: Figure, dpi: int) -> None:
    """Place the figure's axes and labels now, at the resolution of the PNG, and keep them.

    With a layout engine set, ``savefig`` lays the figure out in a first pass over every
    artist, then draws it in a second, and does so again for each format. Laying out here and
    switching the engine off gives the same positions (the engine measures at the same
    resolution) in one pass less per file.
    """
    engine = figure.get_layout_engine()
    if engine is None:
        return
    figure.set_dpi(dpi)
    engine.execute(figure)
    figure.set_layout_engine("none")


def _pin_empty_axis_labels(figure: Figure) -> None:
    """Pin the axis labels that have no text (most panels of small multiples have none).

    matplotlib places an axis label beside the axis's tick labels, measuring all of them,
    each time the figure is laid out or drawn, even when the label is empty and so never
    drawn. A pinned label is not placed, and an empty one takes no room, so nothing moves.
    """
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.label.get_text():
                axis.set_label_coords(*axis.label.get_position())


def _discard(figure: Figure) -> None:
    """Empty a saved figure. Each axes is removed, not cleared first: clearing an axes
    rebuilds its ticks and spines only for them to be thrown away."""
    for ax in list(figure.axes):
        ax.remove()
    figure.clear()


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
