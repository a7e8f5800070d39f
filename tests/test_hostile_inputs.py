"""Bad input: a fixture corpus of broken, odd and dangerous files, bad manifests and tables,
and how framelens fails (one line, exit status 2), skips (a warning naming the file, exit
status 0), never changes the corpus, writes only under --out, and leaves the previous report
intact when a run is interrupted.

The large cases (a 200 MB article, 1 MB lines, 20,000 tiny files) are marked slow.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from hostile import (
    SENTENCES,
    article_text,
    one_line_error,
    run_framelens,
    snapshot,
    tiny_text,
)
from support import PROJECT

from analysis.cli import main
from analysis.corpus import MAX_ARTICLE_CHARACTERS, MAX_FILE_BYTES, load_corpus
from analysis.output import STAGING_PREFIX
from analysis.report.vocabulary import COPIES_LISTED

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# --- the fixture corpus of bad inputs ---------------------------------------------------------

# File names an attacker or a careless export might choose; each file holds a distinct article.
ODD_NAMES = [
    "name with spaces.txt",
    "ünïcödé — 新闻 📰.txt",
    "$(touch pwned); rm -rf ~ | cat & echo `id`.txt",
    "-rf.txt",
    "--out=elsewhere.txt",
    "quote's \"double\".md",
    "back\\slash..\\up.txt",
    "new\nline\x1b[31mred.txt",
]
BAD_BYTES_NAME = b"bad-\xff\xfe-bytes.txt"  # not UTF-8: the id shows U+FFFD

# source in warnings.csv -> what its problem must say
EXPECTED_WARNINGS = {
    "photo.txt": "skipped: binary file (contains NUL bytes)",
    "noise.md": "skipped: binary file (mostly control characters)",
    "empty.txt": "skipped: empty file",
    "blank.txt": "skipped: empty file",
    "invalid-utf8.txt": "invalid UTF-8 byte(s) replaced by U+FFFD",
    "cp1252.txt": "not UTF-8: read as cp1252",
    "latin1.txt": "not UTF-8: read as",
    "loop": "skipped: symbolic link to a folder, not followed",
    "up": "skipped: symbolic link to a folder, not followed",
    "outside": "skipped: symbolic link to a folder, not followed",
    "passwd.txt": "skipped: symbolic link, not followed",
    "self.txt": "skipped: symbolic link, not followed",
    "dangling.txt": "skipped: symbolic link, not followed",
    "pipe.txt": "skipped: a named pipe, not a regular file",
    "copy-exact.txt": "duplicate of article alpha-1: counted once",
    "copy-spacing.txt": "duplicate of article alpha-1: counted once",
    "notes.docx": "skipped: not a .txt/.md/.html/.htm file",
    "too-long.txt": "million characters, more than the 2 million framelens analyses",
    "scripts-only.html": "skipped: no article text found in the HTML page",
}

HTML_PAGE = """<!DOCTYPE html><html><head><title>Army retakes the district</title>
<script>document.write("SCRIPT-TEXT-MUST-NOT-APPEAR"); fetch("http://evil.example/");</script>
<style>body { background: url("STYLE-TEXT-MUST-NOT-APPEAR") }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> NAV-TEXT</nav>
<article><h1>Army retakes the district</h1>
<p>{first}</p><p>{second}</p><p>Residents said the shelling had stopped by the evening.</p>
<script>var x = "INLINE-SCRIPT-MUST-NOT-APPEAR";</script></article>
<footer>Copyright 2016 Example News. All rights reserved.</footer></body></html>"""


def write_bad_corpus(folder: Path, outside: Path) -> None:
    """The fixture corpus: good articles beside every kind of bad file the issue lists."""
    folder.mkdir()
    (folder / "sub").mkdir()
    for number in range(1, 5):
        (folder / f"alpha-{number}.txt").write_text(article_text(number), encoding="utf-8")
        (folder / "sub" / f"beta-{number}.md").write_text(article_text(100 + number),
                                                           encoding="utf-8")
    # a manifest with renamed (case, spaces), extra and missing columns
    (folder / "manifest.csv").write_text(
        " File ,OUTLET,Title,extra column,notes\n"
        + "".join(f"alpha-{n}.txt,Alpha News,Alpha {n},x,\n" for n in range(1, 5))
        + "".join(f"sub/beta-{n}.md,Beta Daily,,,y\n" for n in range(1, 5)),
        encoding="utf-8",
    )
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (folder / "noise.md").write_bytes(bytes((n * 7919) % 255 + 1 for n in range(5000)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\r\n \xc2\xa0 \r   \n")
    utf8 = ("Résumé of the “déjà vu” offensive. " + article_text(7)).encode("utf-8")
    (folder / "invalid-utf8.txt").write_bytes(utf8[:50] + b"\xff\xfe\x80" + utf8[50:] + b"\xc3")
    (folder / "cp1252.txt").write_bytes(
        ("Café owners in Aleppo said the army’s “liberation” — as state TV called it — "
         "had brought them back. " + article_text(8)).encode("cp1252"))
    (folder / "latin1.txt").write_bytes(
        ("Fares Shehabi, député à Alep, a déclaré que les rebelles étaient partis. "
         + article_text(9).replace("“", '"').replace("”", '"')).encode("latin-1"))
    (folder / "utf16.txt").write_bytes(("UTF-16 little endian. " + article_text(10))
                                       .encode("utf-16"))
    (folder / "utf16be.txt").write_bytes(b"\xfe\xff" + ("UTF-16 big endian. " + article_text(11))
                                         .encode("utf-16-be"))
    mixed = article_text(12).replace("\n\n", "\r\n\r\n", 1).replace("\n\n", "\r\r", 1)
    (folder / "mixed endings.txt").write_bytes(mixed.encode("utf-8"))
    first, second = SENTENCES[0] + " " + SENTENCES[1], SENTENCES[3] + " " + SENTENCES[4]
    (folder / "page.html").write_text(HTML_PAGE.replace("{first}", first)
                                      .replace("{second}", second), encoding="utf-8")
    (folder / "scripts-only.html").write_text(
        "<html><head><script>alert('x')</script><style>p{}</style></head><body></body></html>")
    for number, name in enumerate(ODD_NAMES, start=20):
        (folder / name).write_text(article_text(number), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), BAD_BYTES_NAME), "w", encoding="utf-8") as file:
        file.write(article_text(40))
    (folder / "loop").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "outside").symlink_to(outside)
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "dangling.txt").symlink_to("missing.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "copy-exact.txt").write_bytes((folder / "alpha-1.txt").read_bytes())
    (folder / "copy-spacing.txt").write_text(
        "  " + article_text(1).upper().replace(" ", "   ").replace(".", " ."), encoding="utf-8")
    (folder / "same.txt").write_text(article_text(50), encoding="utf-8")
    (folder / "same.md").write_text(article_text(51), encoding="utf-8")
    (folder / "sub" / "same.txt").write_text(article_text(52), encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (folder / ".hidden.txt").write_text("SECRET HIDDEN TEXT " + article_text(60))
    (folder / "too-long.txt").write_text(("x" * 99 + "\n") * (MAX_ARTICLE_CHARACTERS // 80))


class BadCorpusRun:
    """The fixture corpus, `framelens report` and `framelens clean` run on it once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = root / "work"
        self.home = root / "home"
        outside = root / "outside"
        for folder in (self.work, self.home, outside):
            folder.mkdir()
        (outside / "secret.txt").write_text("OUTSIDE-SECRET " + article_text(99))
        self.corpus = self.work / "bad corpus"
        write_bad_corpus(self.corpus, outside)
        self.before = snapshot(self.corpus)
        self.report = run_framelens("report", self.corpus.name, "--out", "out",
                                    cwd=self.work, home=self.home)
        self.clean = run_framelens("clean", self.corpus.name, "--out", "cleaned",
                                   cwd=self.work, home=self.home)
        self.out = self.work / "out"

    def warnings(self) -> dict[str, str]:
        table = pl.read_csv(self.out / "data" / "warnings.csv")
        return dict(table.iter_rows())

    def articles(self) -> pl.DataFrame:
        return pl.read_csv(self.out / "data" / "articles.csv", infer_schema=False)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory) -> BadCorpusRun:
    return BadCorpusRun(tmp_path_factory.mktemp("hostile"))


def test_bad_corpus_report_succeeds_with_warnings_and_no_traceback(bad_run):
    for completed in (bad_run.report, bad_run.clean):
        assert completed.returncode == 0, completed.stderr[-3000:]
        assert "Traceback" not in completed.stderr
        assert "\x1b" not in completed.stderr  # the escape sequence in a file name is defused
    lines = bad_run.report.stderr.strip().splitlines()
    assert lines[-1] == "framelens: wrote out/report.md"
    assert all(line.startswith("framelens: ") for line in lines)
    shown = [line for line in lines if line.startswith("framelens: warning: ")]
    warnings = bad_run.warnings()
    assert len(shown) == min(len(warnings), 20)
    assert (len(warnings) > 20) == ("more warnings (all in data/warnings.csv)" in lines[-2])


def test_every_skipped_or_changed_file_is_named_with_its_problem(bad_run):
    warnings = bad_run.warnings()
    for source, problem in EXPECTED_WARNINGS.items():
        assert source in warnings or f"sub/{source}" in warnings, (source, sorted(warnings))
        assert problem in warnings.get(source, warnings.get(f"sub/{source}")), source
    # nothing else was skipped: every other file became an article
    skipped = {source for source, problem in warnings.items() if "skipped" in problem}
    assert skipped == {source for source, problem in EXPECTED_WARNINGS.items()
                       if "skipped" in problem or "million" in problem} - {"up"} | {"sub/up"}


def test_readable_files_become_articles_with_their_decoded_text(bad_run):
    articles = bad_run.articles()
    ids = set(articles["id"])
    expected = {f"alpha-{n}" for n in range(1, 5)} | {f"beta-{n}" for n in range(1, 5)} | {
        "invalid-utf8", "cp1252", "latin1", "utf16", "utf16be", "mixed endings", "page",
        "same.txt", "same.md", "sub/same", "bad-\ufffd\ufffd-bytes",
    } | {Path(name).stem for name in ODD_NAMES}
    assert ids == expected
    outlets = dict(articles.select("id", "outlet").iter_rows())
    assert outlets["alpha-1"] == "Alpha News" and outlets["beta-3"] == "Beta Daily"
    texts = _cleaned_texts(bad_run)
    everything = "\n".join(texts.values())
    assert "Café owners" in everything and "army’s “liberation” — as state TV" in everything
    assert "député à Alep" in everything
    assert "UTF-16 little endian." in everything and "UTF-16 big endian." in everything
    assert "\r" not in everything and "\ufffd" in everything  # the invalid bytes, replaced
    for leaked in ("SCRIPT-TEXT", "STYLE-TEXT", "INLINE-SCRIPT", "NAV-TEXT", "OUTSIDE-SECRET",
                   "SECRET HIDDEN TEXT", "document.write"):
        assert leaked not in everything
    assert "Residents said the shelling had stopped" in everything


def _cleaned_texts(bad_run: BadCorpusRun) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8")
            for path in (bad_run.work / "cleaned").glob("*.txt")}


def test_duplicates_are_counted_once_and_listed(bad_run):
    duplicates = pl.read_csv(bad_run.out / "data" / "duplicates.csv")
    kinds = dict(duplicates.select("id", "kind").iter_rows())
    assert kinds == {"copy-exact": "exact", "copy-spacing": "near-exact"}
    assert set(duplicates["duplicate_of"]) == {"alpha-1"}


def test_odd_file_names_keep_their_ids_and_get_safe_output_names(bad_run):
    articles = bad_run.articles()
    paths = dict(articles.select("id", "path").iter_rows())
    for name in ODD_NAMES:
        assert paths[Path(name).stem] == name  # the data files name the real file
    cleaned = sorted((bad_run.work / "cleaned").iterdir())
    names = [path.name for path in cleaned if path.suffix == ".txt"]
    assert len(names) == articles.height
    assert all(SAFE_NAME.match(name) and name.endswith(".txt") for name in names), names
    assert all(path.parent == bad_run.work / "cleaned" for path in cleaned)


def test_the_corpus_is_unchanged_and_nothing_is_written_outside_out(bad_run):
    assert snapshot(bad_run.corpus) == bad_run.before
    assert sorted(path.name for path in bad_run.work.iterdir()) == [
        ".tmp", "bad corpus", "cleaned", "out"]
    assert list((bad_run.work / ".tmp").iterdir()) == []  # TMPDIR of both runs
    assert list(bad_run.home.iterdir()) == []
    assert not [path for path in bad_run.root.rglob("pwned")]  # no shell ran the name
    assert not (bad_run.root / "outside" / "secret.txt").read_text().startswith("framelens")
    assert sorted(path.name for path in bad_run.out.iterdir()) == [
        ".framelens-files", "charts", "classroom.md", "data", "report.md"]


# --- manifests --------------------------------------------------------------------------------


def _corpus_with(tmp_path: Path, manifest_name: str, content: str | bytes) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(article_text(1), encoding="utf-8")
    (corpus / "b.txt").write_text(article_text(2), encoding="utf-8")
    manifest = corpus / manifest_name
    if isinstance(content, bytes):
        manifest.write_bytes(content)
    else:
        manifest.write_text(content, encoding="utf-8")
    return corpus


BAD_MANIFESTS = [
    ("manifest.csv", "file,outlet\n../../etc/passwd,A\n", r"manifest.csv:2: .*outside the corpus"),
    ("manifest.csv", "file,outlet\n/etc/passwd,A\n", r"manifest.csv:2: .*outside the corpus"),
    ("manifest.csv", "file,outlet\na.txt,A\n..\\..\\etc\\passwd,B\n",
     r"manifest.csv:3: manifest names a file that does not exist: '..\\\\..\\\\etc"),
    ("manifest.csv", "file,outlet\nlink.txt,A\n", r"manifest.csv:2: .*outside the corpus"),
    ("manifest.csv", "file,outlet\nloop.txt,A\n", r"manifest.csv:2: .*cannot be opened \(a sym"),
    ("manifest.csv", "name,outlet\na.txt,A\n", r"manifest.csv: manifest has no 'file' column; "
     r"columns are: name, outlet"),
    ("manifest.csv", "file,outlet,Outlet \na.txt,A,B\n",
     r"manifest.csv:1: manifest names the column 'outlet' twice"),
    ("manifest.csv", "file,outlet\na.txt,A\nb.txt,B\n./a.txt,C\n",
     r"manifest.csv:4: file './a.txt' is listed twice"),
    ("manifest.csv", "file,outlet\n\"a.txt\nb.txt\",A\n", r"manifest.csv:3: .*does not exist"),
    ("manifest.csv", "file,outlet\n" + "x" * 300 + ".txt,A\n",
     r"manifest.csv:2: .*cannot be opened \(File name too long\): 'x{20,}\.\.\.'$"),
    ("manifest.csv", "file,outlet\na.txt," + "A" * 200_000 + "\n",
     r"manifest.csv:\d+: manifest is not valid CSV"),
    ("manifest.csv", "file,outlet\n ,A\n", r"manifest.csv:2: manifest row has an empty file name"),
    ("manifest.csv", b"file,outlet\n\x00\x01\x02\x03,A\n", r"manifest.csv: cannot read manifest: "
     r"binary file"),
    ("manifest.json", '[{"file": "a\\u0000.txt"}]', r"manifest.json:1: .*NUL character"),
    ("manifest.json", '[{"file": "a.txt", "outlet": {"name": "<b>A</b>"}}]',
     r"manifest.json:1: manifest value of 'outlet' is not text"),
    ("manifest.json", '[{"file": "a.txt"}, {"file": ["b.txt"]}]',
     r"manifest.json:2: manifest value of 'file' is not text"),
    ("manifest.json", '[{"file": "a.txt",', r"manifest.json:1: manifest is not valid JSON"),
    ("manifest.json", '"a.txt"', r"manifest.json: manifest JSON must be a list of objects"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_MANIFESTS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD_MANIFESTS)])
def test_bad_manifest_stops_with_one_line_naming_the_manifest_and_row(tmp_path, capsys, name,
                                                                      content, message):
    corpus = _corpus_with(tmp_path, name, content)
    (tmp_path / "elsewhere.txt").write_text(article_text(3))
    (corpus / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    (corpus / "loop.txt").symlink_to("loop.txt")
    before = snapshot(corpus)
    assert main(["report", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("framelens: error: "), error
    assert re.search(message, error.strip()), error
    assert not (tmp_path / "out").exists()
    assert snapshot(corpus) == before


def test_manifest_with_renamed_extra_and_missing_columns_is_read(tmp_path):
    corpus = _corpus_with(
        tmp_path, "manifest.csv",
        "\ufeff FILE ,Outlet,URL,unused\r\na.txt,Alpha,http://a.example,1,2,3\r\n\r\nb.txt\r\n")
    loaded = load_corpus(corpus)
    rows = {row["id"]: row for row in loaded.articles.iter_rows(named=True)}
    assert rows["a"]["outlet"] == "Alpha" and rows["a"]["url"] == "http://a.example"
    assert rows["b"]["outlet_source"] != "manifest"  # a row without an outlet: inferred
    corpus_json = tmp_path / "json"
    corpus_json.mkdir()
    (corpus_json / "a.txt").write_text(article_text(1))
    (corpus_json / "manifest.json").write_text(json.dumps(
        [{"path": "a.txt", "outlet": "Alpha", "date": 20161207, "comment": {"any": "thing"}}]))
    row = load_corpus(corpus_json).articles.row(0, named=True)
    assert row["outlet"] == "Alpha" and row["date"] == "2016-12-07"  # ISO basic format


def test_manifest_given_on_the_command_line_must_exist(tmp_path, capsys):
    corpus = _corpus_with(tmp_path, "a.md", article_text(3))
    assert main(["report", str(corpus), "--manifest", str(tmp_path / "nope.csv"), "--out",
                 str(tmp_path / "out")]) == 2
    assert "nope.csv: cannot read manifest (No such file or directory)" in capsys.readouterr().err


# --- tables -----------------------------------------------------------------------------------

BODY = article_text(5)

BAD_TABLES = [
    ("t.csv", "words,outlet\nx,A\n", r"t.csv: no text column found .*columns are: words, outlet"),
    ("t.csv", "text,outlet,text\nx,A,y\n", r"t.csv:1: the column 'text' is named twice"),
    ("t.jsonl", '{"text": ["a", "b"], "outlet": "A"}\n',
     r"t.jsonl: column 'text' holds List\(String\) values, not text"),
    ("t.jsonl", '{"text": "a", "outlet": {"name": "A"}}\n', r"column 'outlet' holds Struct"),
    ("t.jsonl", json.dumps({"text": BODY}) + "\n\n{not json}\n", r"t.jsonl:3: not a JSON object"),
    ("t.jsonl", json.dumps({"text": BODY}) + "\n[1, 2]\n", r"t.jsonl:2: not a JSON object"),
    ("t.csv", "", r"t.csv: cannot read table: empty CSV"),
    ("t.csv", "text,outlet\n", r"t.csv: no readable articles found"),
    ("t.tsv", b"text\toutlet\n\x00\x00\x00\tA\n", r"t.tsv: cannot read table: binary file"),
    ("t.parquet", b"PAR1 this is not parquet PAR1", r"t.parquet: cannot read table: "),
    ("t.csv", "text,outlet\n ,A\n", r"t.csv: no article has any text left after cleaning"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_TABLES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD_TABLES)])
def test_bad_table_stops_with_one_line_naming_the_file(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("framelens: error: "), error
    assert re.search(message, error), error


def test_table_rows_with_missing_extra_and_odd_cells_are_kept_or_named(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [
        {"TEXT": article_text(1), "Outlet": "Alpha", "unused": [1, 2]},
        {"TEXT": None, "Outlet": "Alpha"},
        {"Outlet": "Beta"},
        {"TEXT": article_text(2), "Outlet": "Beta", "extra": {"nested": True}},
        {"TEXT": 12345, "Outlet": 7},
        {"TEXT": "x" * (MAX_ARTICLE_CHARACTERS + 1), "Outlet": "Gamma"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    loaded = load_corpus(path)
    assert loaded.articles["outlet"].to_list() == ["Alpha", "Beta", "7"]
    warnings = [str(warning) for warning in loaded.warnings]
    assert "t.jsonl:2: skipped: empty text cell" in warnings
    assert "t.jsonl:3: skipped: empty text cell" in warnings
    assert any(w.startswith("t.jsonl:6: skipped: 2.0 million characters") for w in warnings)


def test_ragged_and_cp1252_csv_rows_are_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(("text,outlet\r\n\"Café owners said “liberation” came.\",A,extra,cells\n"
                      f"\"{article_text(2)}\"\r").encode("cp1252"))
    loaded = load_corpus(path)
    assert loaded.articles["raw_text"][0] == "Café owners said “liberation” came."
    assert loaded.articles["outlet"].to_list()[0] == "A"
    assert "t.csv: not UTF-8: read as cp1252" in [str(w) for w in loaded.warnings]


# --- failure behaviour of the command ---------------------------------------------------------


def _small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for number in range(3):
        (folder / f"a{number}.txt").write_text(article_text(number), encoding="utf-8")
    return folder


USER_ERRORS = [
    (["report", "missing-folder"], "missing-folder: no such file or folder"),
    (["report", "corpus", "--no-such-option"], "unrecognized arguments: --no-such-option"),
    (["report"], "the following arguments are required: corpus"),
    (["report", "corpus", "--top", "many"], "argument --top: invalid int value: 'many'"),
    (["report", "corpus", "--out", "a-file"], "a-file: exists and is not a folder"),
    (["report", "corpus", "--out", "a-file/below"], "a-file/below: cannot write the output "
     "folder (Not a directory)"),
    (["report", "corpus", "--out", "corpus/out"], "corpus/out: the output folder is inside "
     "the corpus folder"),
    (["report", "binary-only", "--out", "o"], "binary-only: no readable articles found (1 "
     "skipped; the first: x.txt: skipped: binary file"),
    (["report", "bad.csv"], "bad.csv: no text column found"),
    (["report", "corpus/a0.txt"], "corpus/a0.txt: a single article file; give the folder"),
    (["report", "corpus", "--outlets", "Nobody"], "--outlets: not in the corpus: Nobody"),
    (["report", "corpus", "--lexicon", "missing.toml"], "missing.toml"),
    (["clean", "corpus"], "give --out DIR"),
    (["clean", "corpus", "--out", "a-file"], "a-file: exists and is not a folder"),
]
# run in a subprocess too, to see the real stderr and exit status of `python -m analysis`
IN_A_SUBPROCESS = {0, 1, 5, 7}


@pytest.fixture
def error_cases(tmp_path, monkeypatch) -> Path:
    _small_corpus(tmp_path / "corpus")
    (tmp_path / "a-file").write_text("not a folder")
    skipped_only = tmp_path / "binary-only"
    skipped_only.mkdir()
    (skipped_only / "x.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "bad.csv").write_text("words\nx\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("number", "arguments", "fragment"),
                         [(n, *case) for n, case in enumerate(USER_ERRORS)],
                         ids=[" ".join(case[0]) for case in USER_ERRORS])
def test_user_errors_are_one_line_exit_2_naming_the_file_without_traceback(
        error_cases, capsys, number, arguments, fragment):
    before = snapshot(error_cases)
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("framelens: error: "), error
    assert fragment in error
    if number in IN_A_SUBPROCESS:
        line = one_line_error(run_framelens(*arguments, cwd=error_cases))
        assert line == error.strip()
    assert set(snapshot(error_cases)) - set(before) <= {".tmp"}


def test_terminal_escape_sequences_in_names_never_reach_the_terminal(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus")
    (corpus / "manifest.csv").write_text("file,outlet\n\x1b[2J\x1b]0;pwned\x07.txt,A\n")
    completed = run_framelens("report", "corpus", cwd=tmp_path)
    line = one_line_error(completed)
    assert "\x1b" not in line and "\x07" not in line and "'\\x1b[2J\\x1b]0;pwned" in line
    line = one_line_error(run_framelens("report", "\x1b[2Jmissing\x07\nsecond line",
                                        cwd=tmp_path))
    assert line == "framelens: error: ?[2Jmissing??second line: no such file or folder"


def test_output_that_would_land_in_the_corpus_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    corpus = _small_corpus(out / "data")  # the corpus sits where the data files go
    before = snapshot(out)
    assert main(["report", str(out / "data"), "--out", str(out), "--quiet"]) == 2
    assert "out/data/articles.csv: would be written into the corpus" in capsys.readouterr().err
    assert snapshot(out) == before
    table = tmp_path / "t" / "data" / "articles.csv"  # a table where its report would go
    table.parent.mkdir(parents=True)
    table.write_text("text,outlet\n" + "".join(f'"{article_text(n)}",A\n' for n in range(3)))
    assert main(["report", str(table), "--out", str(tmp_path / "t"), "--quiet"]) == 2
    assert "would be written into the corpus" in capsys.readouterr().err
    assert table.read_text().startswith("text,outlet")
    assert corpus.is_dir()


def test_symbolic_link_in_out_cannot_lead_the_report_elsewhere(tmp_path):
    _small_corpus(tmp_path / "corpus")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "data").symlink_to(elsewhere)
    line = one_line_error(run_framelens("report", "corpus", "--out", "out", cwd=tmp_path))
    assert "out/data/" in line and "leads outside the output folder" in line
    assert list(elsewhere.iterdir()) == []
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["data"]


def test_skipped_files_give_exit_status_0_with_warnings(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus")
    (corpus / "x.txt").write_bytes(b"\x00" * 10)
    completed = run_framelens("report", "corpus", "--out", "out", cwd=tmp_path)
    assert completed.returncode == 0 and "Traceback" not in completed.stderr
    assert completed.stderr.splitlines() == [
        "framelens: warning: x.txt: skipped: binary file (contains NUL bytes), not text",
        "framelens: wrote out/report.md",
    ]


# --- an interrupted or crashed run leaves the previous report as it was ----------------------


@pytest.fixture
def previous_report(tmp_path) -> tuple[Path, Path, dict]:
    corpus = _small_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 0
    return corpus, out, snapshot(out)


def _no_staging_left(out: Path) -> bool:
    return not [path for path in out.iterdir() if path.name.startswith(STAGING_PREFIX)]


def test_ctrl_c_inside_an_analysis_stage_keeps_the_previous_report(previous_report, monkeypatch,
                                                                   capsys):
    from analysis.pipeline import Progress

    corpus, out, before = previous_report
    (corpus / "a0.txt").write_text(article_text(77))  # a new run would change the report
    original = Progress.stage

    def interrupt(self, name, detail=""):
        if "distinctive" in name:
            raise KeyboardInterrupt
        return original(self, name, detail)

    monkeypatch.setattr(Progress, "stage", interrupt)
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 130
    assert capsys.readouterr().err == (
        "framelens: interrupted; the previous output was left as it was\n")
    assert snapshot(out) == before


def test_a_second_interrupt_while_the_first_is_reported_prints_no_traceback(monkeypatch,
                                                                           capsys):
    import builtins

    from analysis import cli

    def interrupted(arguments):
        raise KeyboardInterrupt

    real_print = builtins.print
    pending = [KeyboardInterrupt()]  # as if a second one were already on its way

    def print_after_pending(*args, **kwargs):
        if pending:
            raise pending.pop()
        return real_print(*args, **kwargs)

    monkeypatch.setattr(cli, "run_report", interrupted)
    monkeypatch.setattr(builtins, "print", print_after_pending)
    assert main(["report", "anything", "--quiet"]) == 130
    assert capsys.readouterr().err == (
        "framelens: interrupted; the previous output was left as it was\n")


def test_ctrl_c_while_staged_files_are_written_keeps_the_previous_report(previous_report,
                                                                         monkeypatch):
    from analysis.output import OutputFolder

    corpus, out, before = previous_report
    (corpus / "a0.txt").write_text(article_text(78))
    original = OutputFolder.write_csv
    written: list[str] = []

    def interrupt_after_three(self, relative, table, columns=None):
        if len(written) == 3:
            assert (self.staging / "data" / "articles.csv").is_file()
            raise KeyboardInterrupt
        written.append(relative)
        return original(self, relative, table, columns)

    monkeypatch.setattr(OutputFolder, "write_csv", interrupt_after_three)
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 130
    assert snapshot(out) == before and _no_staging_left(out)


def test_a_crash_while_drawing_keeps_the_previous_report(previous_report, monkeypatch):
    corpus, out, before = previous_report

    def broken(*arguments, **keywords):
        raise RuntimeError("a bug in a chart")

    monkeypatch.setattr("analysis.report.render_markdown", broken)
    with pytest.raises(RuntimeError, match="a bug in a chart"):
        main(["report", str(corpus), "--out", str(out), "--quiet"])
    assert snapshot(out) == before and _no_staging_left(out)


def test_staging_left_by_a_killed_run_is_cleared_but_a_running_ones_is_not(previous_report):
    corpus, out, _ = previous_report
    dead = out / f"{STAGING_PREFIX}999999999"
    dead.mkdir()
    (dead / "report.md").write_text("half-written")
    alive = out / f"{STAGING_PREFIX}{os.getppid()}"  # the process that started pytest
    alive.mkdir()
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert not dead.exists() and alive.is_dir()
    alive.rmdir()


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def _start_report(folder: Path, temporary: Path | None = None) -> subprocess.Popen[str]:
    """`framelens report corpus --out out` in a new session, so that a signal to its process
    group is what Ctrl-C in a terminal does: it reaches worker processes too. ``temporary``
    becomes its TMPDIR."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT), "MPLBACKEND": "Agg"}
    if temporary is not None:
        environment["TMPDIR"] = str(temporary)
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", "corpus", "--out", "out"], cwd=folder,
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def _interrupt(process: subprocess.Popen[str], when) -> str:
    """Send SIGINT to the process group once ``when()`` is true; returns standard error."""
    try:
        assert _wait_for(when, timeout=120), "the moment to interrupt never came"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return stderr


def _worker_processes(pid: int) -> list[str]:
    """Process ids of the multiprocessing workers (spawned, past exec) of process ``pid``.
    Dask's local cluster starts them from its own thread, so the children of every thread
    of the process are read."""
    try:
        children = [child for task in Path(f"/proc/{pid}/task").iterdir()
                    for child in (task / "children").read_text().split()]
        return [child for child in children
                if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]
    except OSError:
        return []


def _assert_interrupted_cleanly(process, stderr: str, out: Path, before: dict) -> None:
    assert process.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.strip().splitlines() == [
        "framelens: interrupted; the previous output was left as it was"]
    assert snapshot(out) == before and _no_staging_left(out)


@pytest.fixture(scope="module")
def report_in_progress(tmp_path_factory) -> tuple[Path, dict]:
    """A corpus that takes several seconds to analyse, with a previous report in out/ (an
    interrupted run leaves it as it is, so the tests can share it)."""
    tmp_path = tmp_path_factory.mktemp("interrupted")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(400):
        (corpus / f"a{number:03d}.txt").write_text(article_text(number, sentences=30))
    out = tmp_path / "out"
    assert main(["report", str(corpus), "--out", str(out), "--quiet"]) == 0
    (corpus / "a000.txt").write_text(article_text(1000))
    return tmp_path, snapshot(out)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_real_sigint_while_analysing_keeps_the_previous_report(report_in_progress):
    folder, before = report_in_progress
    started = time.monotonic()
    process = _start_report(folder)
    stderr = _interrupt(process, lambda: time.monotonic() - started > 2.5)
    _assert_interrupted_cleanly(process, stderr, folder / "out", before)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_real_sigint_while_writing_the_report_keeps_the_previous_report(report_in_progress):
    folder, before = report_in_progress
    out = folder / "out"
    process = _start_report(folder)
    staging = lambda: any(path.name.startswith(STAGING_PREFIX) for path in out.iterdir())  # noqa: E731
    stderr = _interrupt(process, staging)
    _assert_interrupted_cleanly(process, stderr, out, before)


def _corpus_for_workers(tmp_path: Path, batches: int) -> Path:
    """A corpus folder of ``batches`` full batches and one article more, so that the report
    starts worker processes; skips the test on a one-core machine, where it starts none."""
    from analysis.parallel import DEFAULT_BATCH_ROWS, available_cores

    if available_cores() < 2:
        pytest.skip("one core: the command runs no worker processes")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(DEFAULT_BATCH_ROWS * batches + 1):
        (corpus / f"{number:05d}.txt").write_text(article_text(number, sentences=4))
    return corpus


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see workers")
def test_real_sigint_while_worker_processes_run_prints_no_traceback(tmp_path):
    _corpus_for_workers(tmp_path, batches=2)
    (tmp_path / "out").mkdir()
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    process = _start_report(tmp_path, temporary)
    def workers_running() -> bool:
        # A worker that has loaded polars is past interpreter start-up, so Python's own
        # SIGINT handler is in place: from then on a KeyboardInterrupt there is printed as a
        # traceback, whether it is importing, working or waiting, unless it ignores SIGINT.
        for worker in _worker_processes(process.pid):
            try:
                if b"polars" in Path(f"/proc/{worker}/maps").read_bytes():
                    return True
            except OSError:
                continue
        return False

    stderr = _interrupt(process, workers_running)
    assert process.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    # the batches' vocabulary files were being written to TMPDIR: none is left behind
    assert list(temporary.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see workers")
def test_sigterm_while_workers_run_stops_like_ctrl_c_and_leaves_no_temporary_files(tmp_path):
    """`kill` (SIGTERM to the main process alone) in the middle of the per-article pass."""
    _corpus_for_workers(tmp_path, batches=3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("the previous report")
    before = snapshot(out)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    process = _start_report(tmp_path, temporary)
    try:
        # the pass has begun once the workers write the batches' tables to TMPDIR
        assert _wait_for(lambda: any(temporary.glob("framelens-tables-*/*.arrow"))
                         and _worker_processes(process.pid), timeout=120)
        workers = _worker_processes(process.pid)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 143, stderr[-3000:]
    assert stderr.strip().splitlines() == [
        "framelens: terminated; the previous output was left as it was"]
    assert snapshot(out) == before and _no_staging_left(out)
    assert list(temporary.iterdir()) == []
    assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 30)


def test_sigterm_is_only_caught_while_the_command_runs():
    import analysis.parallel as parallel

    before = signal.getsignal(signal.SIGTERM)
    with parallel.termination_as_interrupt():
        assert signal.getsignal(signal.SIGTERM) is not before
        with pytest.raises(parallel.Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # the handler runs at the next bytecode; never reached
        with parallel.interrupts_ignored(termination=True):
            os.kill(os.getpid(), signal.SIGTERM)  # ignored: cleaning up goes on
            time.sleep(0.05)
    assert signal.getsignal(signal.SIGTERM) is before


# --- large inputs (slow) ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_200_mb_article_is_skipped_unread_with_its_size(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus")
    chunk = (article_text(9, sentences=40) * 200).encode()
    with open(corpus / "huge.txt", "wb") as file:
        while file.tell() < 200 * 2**20:
            file.write(chunk)
    assert (corpus / "huge.txt").stat().st_size > MAX_FILE_BYTES
    started = time.perf_counter()
    completed = run_framelens("report", "corpus", "--out", "out", cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert ("framelens: warning: huge.txt: skipped: file of 200 MB, larger than the 10 MB "
            "framelens reads; split it into articles") in completed.stderr
    assert seconds < 60
    assert pl.read_csv(tmp_path / "out" / "data" / "articles.csv").height == 3


@pytest.mark.slow
def test_a_200_mb_table_cell_is_skipped_with_its_row(tmp_path):
    path = tmp_path / "t.jsonl"
    with open(path, "w", encoding="utf-8") as file:
        for number in range(3):
            file.write(json.dumps({"text": article_text(number), "outlet": "A"}) + "\n")
        file.write('{"outlet": "B", "text": "')
        sentence = "The army said the rebels fled the town. " * 2000
        for _ in range(200 * 2**20 // len(sentence)):
            file.write(sentence)
        file.write('"}\n')
    started = time.perf_counter()
    completed = run_framelens("report", "t.jsonl", "--out", "out", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert re.search(r"warning: t.jsonl:4: skipped: 2\d\d\.\d million characters, more than "
                     r"the 2 million", completed.stderr), completed.stderr
    assert time.perf_counter() - started < 60


@pytest.mark.slow
def test_lines_of_1_mb_are_read_in_bounded_time(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus")
    prose = " ".join(article_text(n, sentences=12).replace("\n", " ") for n in range(2000))
    (corpus / "one-line.txt").write_text("Headline\n" + prose[: 2**20] + "\nLast line.\n")
    (corpus / "no-spaces.txt").write_text("Headline of the page\n" + "a" * 2**20 + "\n"
                                          + article_text(5000))
    (corpus / "markup.html").write_text("<html><body><p>" + "<b>x</b> " * (2**20 // 9)
                                        + "</p><p>" + SENTENCES[0] * 3 + "</p></body></html>")
    started = time.perf_counter()
    completed = run_framelens("report", "corpus", "--out", "out", cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, completed.stderr[-3000:]
    articles = pl.read_csv(tmp_path / "out" / "data" / "articles.csv")
    assert {"one-line", "no-spaces"} <= set(articles["id"])
    assert articles.filter(pl.col("id") == "one-line")["words"][0] > 150_000
    assert seconds < 60, seconds


@pytest.mark.slow
def test_20000_tiny_files_are_read_in_bounded_time(tmp_path):
    corpus = tmp_path / "corpus"
    for number in range(20_000):
        folder = corpus / f"batch {number // 1000:02d}"
        if number % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"{number:05d}.txt").write_text(tiny_text(number))
    started = time.perf_counter()
    completed = run_framelens("report", "corpus", "--out", "out", cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(tmp_path / "out" / "data" / "articles.csv", encoding="utf-8") as file:
        assert sum(1 for _ in csv.reader(file)) == 20_001
    assert seconds < 90, seconds


# --- found by these inputs, to fix outside the loader (see each reason) -----------------------


@pytest.mark.slow
def test_attribution_time_grows_linearly_with_an_articles_attributions():
    """A pronoun with no antecedent once made the resolver scan every earlier speaker
    (analysis/attribution/earlier.py now keeps the latest speaker of each kind)."""
    from support import build_articles

    from analysis.attribution import find_attributions
    from analysis.clean import split_sentences
    from analysis.quotes import find_quotes

    def seconds(sentences: int) -> float:
        articles = build_articles({"a": ("O", "He said. " * sentences)})
        sentence_table, quotes = split_sentences(articles), find_quotes(articles)
        started = time.perf_counter()
        assert find_attributions(articles, sentence_table, quotes).height == sentences
        return time.perf_counter() - started

    small, large = seconds(2000), seconds(16_000)
    assert large / small < 16  # eight times the sentences; linear: about 8, quadratic: 64


_ATTACH_MEMORY = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from support import build_articles
from analysis.attribution import find_attributions
from analysis.clean import split_sentences
from analysis.lexicon import attach_speakers, load_lexicon, match_terms
from analysis.quotes import find_quotes
articles = build_articles({"a": ("O", "“The militants fled,” he said. " * 3000)})
sentences, quotes = split_sentences(articles), find_quotes(articles)
attributions = find_attributions(articles, sentences, quotes)
hits = match_terms(articles, sentences, quotes, load_lexicon(None))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
attach_speakers(hits, attributions)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.slow
def test_attaching_speakers_to_quoted_hits_needs_little_memory():
    # attach_speakers pairs each quoted hit with every quotation of its article before
    # filtering; it did so all at once, 1.5 GB for 0.5 MB of quoted text, and now a chunk of
    # hits at a time
    completed = subprocess.run([sys.executable, "-c", _ATTACH_MEMORY,
                                str(PROJECT / "tests")], capture_output=True, text=True,
                               check=True, timeout=300)
    assert int(completed.stdout.split()[-1]) < 200  # MB; 3,000 hits and 3,000 quotations


@pytest.mark.slow
def test_many_alike_tiny_articles_give_a_bounded_similarity_table(tmp_path):
    # n templated items that all look alike gave n^2/2 pairs, every one listed in the report
    # (20,000 tiny files exhausted memory rendering report.md); each article now keeps its ten
    # most alike partners and the report lists the first pairs with a count
    from analysis.pipeline import analyse

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = "army rebels town siege officials statement militants forces".split()
    for number in range(2000):
        (corpus / f"{number:05d}.txt").write_text(
            f"The {words[number % 8]} said {number} {words[number * 7 % 8]} left today.\n")
    result = analyse(corpus)
    similarity = result.similarity
    assert 0 < similarity.height <= 10 * result.catalogue.height
    partners = pl.concat([similarity["id_a"], similarity["id_b"]]).value_counts()
    assert partners["count"].min() >= 10  # every article keeps its ten most alike
    report = result.write_report(tmp_path / "out").read_text(encoding="utf-8")
    copies = report[report.index("### Copies and reposts"):]
    copies = copies[: copies.index("\n#", 1)]
    near_copies = similarity.filter(pl.col("near_copy")).height
    assert f"{near_copies:,} pair(s) of articles are near-copies" in copies
    assert copies.count("\n| `") == COPIES_LISTED


def test_staging_left_by_an_interrupt_outside_the_folder_code_is_removed(tmp_path):
    from analysis.output import OutputFolder, discard_unfinished

    folder = OutputFolder(tmp_path / "out")
    folder.__enter__()  # as if a Ctrl-C landed before __exit__ could run
    folder.write_text("report.md", "partial")
    assert folder.staging.is_dir()
    discard_unfinished()
    assert not folder.staging.exists()
    assert list((tmp_path / "out").iterdir()) == []
