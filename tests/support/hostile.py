"""Helpers for the hostile-input tests: realistic article text, corpus snapshots, running
the command in a subprocess (import as ``from support.hostile import ...``)."""

from __future__ import annotations

import hashlib
import os
import random
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support import PROJECT

SENTENCES = [
    "Government forces retook the eastern district on Sunday, the army said in a statement.",
    "Rebels said they had withdrawn to regroup after three weeks of heavy bombardment.",
    "“We will not leave our homes,” a resident told reporters by telephone.",
    "The so-called moderate opposition has lost most of its ground, an official said.",
    "Aid agencies warned that civilians trapped in the besieged area were running out of food.",
    "The ministry claimed that militants had used the hospital as a command post.",
    "According to the monitoring group, at least 40 people were killed in the airstrikes.",
    "Thousands of displaced families returned home after the fighting stopped.",
    "Officials from both sides met in Geneva to discuss a humanitarian corridor.",
    "The regime denied the reports, calling them fabrications spread by terrorists.",
]


def article_text(seed: int, sentences: int = 6) -> str:
    """A realistic article of ``sentences`` sentences in short paragraphs, made unique by a
    dateline and a number that depend on ``seed`` (so no two seeds are duplicates)."""
    chooser = random.Random(seed)
    picked = [chooser.choice(SENTENCES) for _ in range(sentences)]
    paragraphs = [" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2)]
    return (f"Report number {seed} from the front\n\n"
            f"ALEPPO, day {seed} of the offensive. " + "\n\n".join(paragraphs) + "\n")


def tiny_text(seed: int) -> str:
    """One short sentence of made-up words, different for every seed (no near-copies)."""
    chooser = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "ni", "pu", "zer", "ba"]
    words = ["".join(chooser.choice(syllables) for _ in range(3)) for _ in range(9)]
    return f"The {' '.join(words)} said on day {seed}.\n"


@dataclass(frozen=True)
class Entry:
    """What a snapshot records for one path: kind, content hash, size, mode, times."""

    kind: str
    digest: str
    size: int
    mode: int
    mtime_ns: int
    ctime_ns: int


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every path below ``folder`` (links not followed) with its content hash and timestamps.

    Access times are left out: reading a file may update them (relatime), which is not a
    change to the corpus.
    """
    entries: dict[str, Entry] = {}
    for root, directories, files in os.walk(folder, followlinks=False):
        for name in [*directories, *files]:
            path = Path(root) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                kind, digest = "link", os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                kind, digest = "file", hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISDIR(info.st_mode):
                kind, digest = "folder", ""
            else:
                kind, digest = "special", ""
            entries[os.fsdecode(path.relative_to(folder))] = Entry(
                kind, digest, info.st_size, info.st_mode, info.st_mtime_ns, info.st_ctime_ns
            )
    return entries


def run_framelens(*arguments: str | Path, cwd: Path, home: Path | None = None,
                  timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m analysis ARGUMENTS`` in a subprocess; temporary files go to ``cwd/.tmp``
    and, when ``home`` is given, HOME points there (so tests can see what a run leaves)."""
    temporary = cwd / ".tmp"
    temporary.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]),
        "TMPDIR": str(temporary),
        "MPLBACKEND": "Agg",
        "PYTHONIOENCODING": "utf-8",
    }
    if home is not None:
        environment["HOME"] = str(home)
        # matplotlib keeps a font cache in its config folder; it holds no article text.
        environment["MPLCONFIGDIR"] = str(home.parent / "matplotlib-cache")
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, arguments)],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
        check=False, encoding="utf-8", errors="replace",
    )


def one_line_error(completed: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a failed run; fails the test unless it is exactly that."""
    assert completed.returncode == 2, (completed.returncode, completed.stderr[-3000:])
    assert "Traceback" not in completed.stderr, completed.stderr[-3000:]
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("framelens: error: "), lines[0]
    return lines[0]


def write_small_corpus(folder: Path) -> Path:
    """A new folder ``folder`` holding three articles (a0.txt, a1.txt, a2.txt)."""
    folder.mkdir(parents=True)
    for number in range(3):
        (folder / f"a{number}.txt").write_text(article_text(number), encoding="utf-8")
    return folder
