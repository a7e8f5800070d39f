"""Hostile content: article text, outlet names, titles, urls and lexicon files written to
mislead. None of it may become a file name, a link, an image, markup, a broken table or a
terminal escape sequence; the data files keep it verbatim; a dangerous lexicon stops the
run quickly with one line naming the file and line.

(tests/test_report.py checks the escaping of a table corpus; this module drives a folder
corpus with a manifest, SVG charts, the terminal outputs and whole lexicon files.)
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt
from support.hostile import article_text, one_line_error, run_framelens

from analysis.cli import main

SAFE_COMPONENT = re.compile(r"^\.?[A-Za-z0-9][A-Za-z0-9._-]*$")

HOSTILE_OUTLETS = [
    "../../evil",
    "..\\..\\evil-windows",
    "/etc/passwd",
    "Evil | Outlet <script>alert(1)</script>",
    "[click me](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
]
HOSTILE_TEXT = (
    "| col | col |\n|---|---|\n| cell | <script>alert('text')</script> |\n\n"
    "# A fake heading [a link](http://evil.example/a) ![an image](http://evil.example/i.png) "
    "<img src=x onerror=alert(1)> <iframe src=//evil.example></iframe> `code` *bold* "
    "\x1b[2J\x1b]0;owned\x07 \u202eevil\u202c ../../../etc/passwd ..\\..\\boot.ini.\n\n"
)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Path:
    """A folder corpus whose manifest and texts are hostile, reported as md + html + svg."""
    root = tmp_path_factory.mktemp("content")
    corpus = root / "corpus"
    corpus.mkdir()
    rows = [["file", "outlet", "title", "url", "date"]]
    for number, outlet in enumerate(HOSTILE_OUTLETS):
        for copy in range(2):
            name = f"{number}-{copy}.txt"
            text = HOSTILE_TEXT + article_text(10 * number + copy) + (
                "The militants fled, the so-called rebels said, and terrorists retreated.\n")
            (corpus / name).write_text(text, encoding="utf-8")
            rows.append([name, outlet, f"<script>title {number}</script> | [t](javascript:x)",
                         "javascript:alert(document.cookie)", "2016-12-07"])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    (corpus / "manifest.csv").write_text(buffer.getvalue(), encoding="utf-8")
    out = root / "out"
    assert main(["report", str(corpus), "--out", str(out), "--format", "html", "--svg",
                 "--quiet"]) == 0
    return out


def test_no_output_file_is_named_after_hostile_text(hostile_run):
    root = hostile_run.parent
    assert sorted(path.name for path in root.iterdir()) == ["corpus", "out"]
    for path in hostile_run.rglob("*"):
        relative = path.relative_to(hostile_run)
        assert all(SAFE_COMPONENT.match(part) for part in relative.parts), relative
        assert not re.search(r"evil|passwd|script|click|pixel", str(relative), re.IGNORECASE)
        assert path.resolve().is_relative_to(hostile_run.resolve())


def _table_widths(block: str) -> list[int]:
    rows = [line for line in block.splitlines() if line.startswith("|")]
    return [len(re.findall(r"(?<!\\)\|", row)) for row in rows]


def test_report_markdown_has_no_live_markup_links_or_broken_tables(hostile_run):
    report = (hostile_run / "report.md").read_text(encoding="utf-8")
    assert "Evil \\| Outlet &lt;script&gt;" in report  # the outlet is shown, escaped
    for raw in ("<script", "<img", "<iframe", "\u202e"):
        assert raw not in report, raw
    assert not re.search(r"(?<!\\)\]\((javascript:|http://evil)", report)
    for block in report.split("\n\n"):
        assert len(set(_table_widths(block))) <= 1, block
    page = MarkdownIt("commonmark", {"html": False}).enable("table").render(report)
    assert "<script" not in page and "<iframe" not in page and "<img src=\"x\"" not in page
    assert not re.search(r"<a href=\"(javascript:|http://evil)", page)
    assert not re.search(r"<img src=\"http://evil", page)
    assert "<h1>A fake heading" not in page


def test_html_page_and_svg_charts_carry_no_script_or_outside_reference(hostile_run):
    page = (hostile_run / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<iframe" not in page.lower()
    assert "default-src 'none'" in page  # the page's own policy forbids scripts and fetches
    assert not re.search(r"(href|src)=\"(javascript:|https?://)", page)
    charts = list((hostile_run / "charts").glob("*.svg"))
    assert charts
    for chart in charts:
        # well-formed XML whose only elements are drawing ones; labels may appear as inert
        # comment text (matplotlib escapes it), never as an element or a link
        root = ElementTree.parse(chart).getroot()
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "a", "iframe"), tag
            for name, value in element.attrib.items():
                assert "javascript:" not in value and "evil.example" not in value
                if name.endswith("href"):  # heatmaps embed their pixels; nothing is fetched
                    assert value.startswith(("#", "data:image/png;base64,")), value[:40]
        assert "<script" not in chart.read_text(encoding="utf-8")


def test_data_files_keep_hostile_text_verbatim_and_well_formed(hostile_run):
    for path in (hostile_run / "data").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as file:
            rows = list(csv.reader(file))
        assert all(len(row) == len(rows[0]) for row in rows), path.name
    with open(hostile_run / "data" / "articles.csv", encoding="utf-8", newline="") as file:
        articles = list(csv.DictReader(file))
    assert {row["outlet"] for row in articles} == set(HOSTILE_OUTLETS)
    assert {row["url"] for row in articles} == {"javascript:alert(document.cookie)"}
    with open(hostile_run / "data" / "sentences.csv", encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) > 0


def test_terminal_output_of_clean_and_kwic_carries_no_escape_sequences(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.csv").write_text("file,outlet\na.txt,\x1b]0;title\x07Outlet\n")
    (corpus / "a.txt").write_text(HOSTILE_TEXT + article_text(1) + "The militants fled.\n")
    (corpus / "\x1b[31mred.txt").write_text(article_text(2) + "Militants \x1b[5m fled.\n")
    assert main(["clean", str(corpus), "--show-removed"]) == 0
    assert main(["kwic", "militants", str(corpus)]) == 0
    assert main(["clean", str(corpus), "--out", str(tmp_path / "cleaned")]) == 0
    printed = capsys.readouterr()
    assert "militants" in printed.out.lower() and "fake heading" in printed.out
    for stream in (printed.out, printed.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert sorted(path.name for path in (tmp_path / "cleaned").iterdir()) == [
        ".framelens-files", "31mred.txt", "a.txt", "index.csv"]


# --- lexicon files ----------------------------------------------------------------------------

LEXICON = """\
[lexicon]
name = "hostile test"
version = "1"

[categories.labels]
description = "Labels for a test."
terms = ["militants", "rebels"]
"""


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(3):
        (corpus / f"a{number}.txt").write_text(article_text(number) + "Militants fled.\n")
    return corpus


@pytest.mark.parametrize(
    ("replacement", "line", "problem"),
    [
        ('terms = [\n  { term = "aaa", pattern = "(a+)+$" },\n]', 8, "nested quantifiers"),
        ('terms = [\n  { term = "xy", pattern = "(x|xy)*z" },\n]', 8, "alternatives can start"),
        ('terms = [\n  "militants",\n  "",\n]', 9, "empty term"),
        ('terms = [\n  "   ",\n]', 8, "empty term"),
    ],
    ids=["nested-quantifiers", "overlapping-alternatives", "empty-term", "blank-term"],
)
def test_dangerous_lexicon_stops_the_report_quickly_naming_file_and_line(
        tmp_path, small_corpus, replacement, line, problem):
    lexicon = tmp_path / "evil lexicon.toml"
    lexicon.write_text(LEXICON.replace('terms = ["militants", "rebels"]', replacement))
    (small_corpus / "a0.txt").write_text("a" * 100_000 + "!\n" + "x" * 50_000)  # bait
    started = time.perf_counter()
    completed = run_framelens("report", "corpus", "--lexicon", lexicon.name, "--out", "out",
                              cwd=tmp_path)
    assert time.perf_counter() - started < 30
    error = one_line_error(completed)
    assert f"evil lexicon.toml:{line}: " in error and problem in error, error
    assert not (tmp_path / "out").exists()
    checked = run_framelens("lexicon", "check", lexicon.name, cwd=tmp_path)
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    assert f"evil lexicon.toml:{line}: " in checked.stdout and problem in checked.stdout


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01\x02binary", "lexicon.toml"),
        (b"[lexicon\nname = 1", "lexicon.toml:1"),
        (b"\xff\xfe not utf-8", "lexicon.toml:1"),
        (b"", "lexicon.toml"),
        (None, "lexicon.toml"),  # a folder of that name
    ],
    ids=["binary", "not-toml", "not-utf8", "empty", "folder"],
)
def test_unreadable_lexicon_file_is_a_one_line_error(tmp_path, small_corpus, capsys, content,
                                                     fragment):
    lexicon = tmp_path / "lexicon.toml"
    if content is None:
        lexicon.mkdir()
    else:
        lexicon.write_bytes(content)
    assert main(["report", str(small_corpus), "--lexicon", str(lexicon), "--out",
                 str(tmp_path / "out"), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("framelens: error: ") and fragment in error


def test_hostile_lexicon_names_and_terms_are_shown_inert(tmp_path, small_corpus):
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text(
        '[lexicon]\nname = "evil | <script>alert(1)</script> [x](javascript:alert(1))"\n'
        'version = "1"\n\n'
        '[categories."../../etc/passwd | <script>alert(1)</script>"]\n'
        'title = "Title <img src=x onerror=alert(1)> | ![i](http://evil.example/i.png)"\n'
        'description = "A [link](javascript:alert(1)) and <script>alert(2)</script>. Two."\n'
        'terms = ["militants", "<b>rebels</b>", "fighters | gunmen", "..\\\\..\\\\evil"]\n')
    out = tmp_path / "out"
    assert main(["report", str(small_corpus), "--lexicon", str(lexicon), "--out", str(out),
                 "--format", "html", "--svg", "--quiet"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "<script" not in report and "<img" not in report and "<b>" not in report
    assert not re.search(r"(?<!\\)\]\((javascript:|http://evil)", report)
    for block in report.split("\n\n"):
        assert len(set(_table_widths(block))) <= 1, block
    assert "<script" not in (out / "report.html").read_text(encoding="utf-8").lower()
    for path in out.rglob("*"):
        assert all(SAFE_COMPONENT.match(part) for part in path.relative_to(out).parts)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus", "lexicon.toml", "out"]


@pytest.mark.slow
def test_a_huge_term_list_matches_in_bounded_time(tmp_path, small_corpus):
    terms = ",\n".join(f'  "zor{n:05d}blat word{n % 97}"' for n in range(20_000))
    lexicon = tmp_path / "huge.toml"
    lexicon.write_text(LEXICON.replace('["militants", "rebels"]', f"[\n{terms},\n]"))
    for number in range(3):
        (small_corpus / f"a{number}.txt").write_text(
            article_text(number) + f"Witnesses saw zor{number * 5000:05d}blat "
            f"word{number * 5000 % 97} leave.\n")
    started = time.perf_counter()
    out = tmp_path / "out"
    assert main(["report", str(small_corpus), "--lexicon", str(lexicon), "--out", str(out),
                 "--quiet"]) == 0
    assert time.perf_counter() - started < 60
    with open(out / "data" / "framing_hits.csv", encoding="utf-8", newline="") as file:
        terms_found = {row["term"] for row in csv.DictReader(file)}
    assert terms_found == {"zor00000blat word0", "zor05000blat word53",
                           "zor10000blat word9"}
