"""Bad input: a fixture corpus of broken, odd and dangerous files, bad manifests and tables:
framelens fails with one line and exit status 2, or skips a file with a warning naming it (exit
status 0), and never changes the corpus."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polars as pl
import pytest
from support.hostile import (
    SENTENCES,
    article_text,
    run_framelens,
    snapshot,
)

from analysis.cli import main
from analysis.corpus import MAX_ARTICLE_CHARACTERS, load_corpus

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
