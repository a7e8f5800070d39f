"""Reading corpora (analysis.corpus): folders, manifests, tables, encodings, HTML, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from support import SEEDS

from analysis.clean import clean_articles
from analysis.cli import main
from analysis.corpus import RAW_ARTICLES, ColumnNames, decode_text, load_corpus
from analysis.errors import FramelensError

BODY = ("Syrian government forces retook the district on Sunday, the army said in a statement "
        "that was read on state television. ")


def test_seed_folder_loads_with_manifest_fields():
    loaded = load_corpus(SEEDS)
    RAW_ARTICLES.check(loaded.articles)
    rows = {row["id"]: row for row in loaded.articles.iter_rows(named=True)}
    assert rows["004_0dc43f7eaad64226"]["outlet"] == "RT"
    assert rows["004_0dc43f7eaad64226"]["date"] == "2016-12-07"
    assert rows["000_109e43fdd403fab8"]["outlet_source"] == "manifest"
    assert loaded.warnings == []


def test_outlets_inferred_from_page_furniture_without_manifest(seed_copy):
    (seed_copy / "manifest.csv").unlink()
    loaded = load_corpus(seed_copy)
    found = dict(loaded.articles.select("id", "outlet").iter_rows())
    how = dict(loaded.articles.select("id", "outlet_source").iter_rows())
    assert found["000_109e43fdd403fab8"] == "Sputnik"
    assert found["003_50bcb06095c7dcc2"] == "Press TV"
    assert found["004_0dc43f7eaad64226"] == "RT"
    assert found["001_0b2e70bf5053be85"] == "WordPress blog"
    assert found["002_22da2d786eb33f9f"] == "unknown"
    assert how["002_22da2d786eb33f9f"] == "unknown"
    assert how["003_50bcb06095c7dcc2"].startswith("page: 'Press TV")
    cleaned = clean_articles(loaded)
    dates = dict(cleaned.articles.select("id", "date").iter_rows())
    assert dates["004_0dc43f7eaad64226"] == "2016-12-07T19:16"  # from the page's timestamp


def test_json_manifest_and_nested_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Headline one\n" + BODY)
    (tmp_path / "two.md").write_text("Headline two\n" + BODY + "More.")
    manifest = [{"file": "a/one.txt", "outlet": "Outlet A", "date": "7 Dec, 2016"}]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_corpus(tmp_path)
    rows = {row["id"]: row for row in loaded.articles.iter_rows(named=True)}
    assert rows["one"]["outlet"] == "Outlet A" and rows["one"]["date"] == "2016-12-07"
    assert rows["one"]["path"] == "a/one.txt"
    assert rows["two"]["outlet"] == "unknown"


def test_manifest_row_naming_a_missing_file_stops_with_the_row(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,A\nmissing.txt,B\n")
    with pytest.raises(FramelensError, match=r"manifest.csv:3: .*does not exist: 'missing.txt'"):
        load_corpus(tmp_path)


def test_manifest_path_outside_the_corpus_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(BODY)
    (corpus / "manifest.csv").write_text("file,outlet\n../../etc/passwd,A\n")
    with pytest.raises(FramelensError, match="outside the corpus folder"):
        load_corpus(corpus)


def test_manifest_without_file_column_lists_its_columns(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "manifest.csv").write_text("name,outlet\na.txt,A\n")
    with pytest.raises(FramelensError, match="no 'file' column; columns are: name, outlet"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".parquet"])
def test_table_formats_load_with_their_outlet_column(tmp_path, suffix):
    frame = pl.DataFrame({"id": ["x1", "x2"], "outlet": ["RT", "Press TV"],
                          "text": [BODY, BODY + "Another sentence here."],
                          "title": ["T1", "T2"], "date": ["2016-12-07", "December 8, 2016"]})
    path = tmp_path / f"corpus{suffix}"
    if suffix == ".csv":
        frame.write_csv(path)
    elif suffix == ".tsv":
        frame.write_csv(path, separator="\t")
    elif suffix == ".jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_parquet(path)
    loaded = load_corpus(path)
    assert loaded.articles["outlet"].to_list() == ["RT", "Press TV"]
    assert loaded.articles["outlet_source"].to_list() == ["column outlet"] * 2
    assert loaded.articles["date"].to_list() == ["2016-12-07", "2016-12-08"]
    first, second = {".csv": (":2", ":3"), ".tsv": (":2", ":3"), ".jsonl": (":1", ":2"),
                     ".parquet": (" row 1", " row 2")}[suffix]
    assert loaded.articles["path"].to_list() == [f"corpus{suffix}{first}",
                                                 f"corpus{suffix}{second}"]


def test_media_cloud_and_news_please_exports_are_recognised(tmp_path):
    media_cloud = tmp_path / "mediacloud.csv"
    pl.DataFrame({"stories_id": [11, 12], "publish_date": ["2016-12-07 10:00:00"] * 2,
                  "title": ["A", "B"], "url": ["http://a", "http://b"],
                  "media_name": ["Outlet A", "Outlet B"], "text": [BODY, BODY + " Two."]}
                 ).write_csv(media_cloud)
    loaded = load_corpus(media_cloud)
    assert loaded.articles["id"].to_list() == ["11", "12"]
    assert loaded.articles["outlet"].to_list() == ["Outlet A", "Outlet B"]
    assert loaded.articles["date"][0] == "2016-12-07T10:00:00"
    news_please = tmp_path / "newsplease.jsonl"
    news_please.write_text(json.dumps({"maintext": BODY, "source_domain": "rt.com",
                                       "date_publish": "2016-12-07 19:16:00", "title": "T"}) + "\n")
    assert load_corpus(news_please).articles["outlet"].to_list() == ["rt.com"]


def test_named_columns_and_missing_columns(tmp_path):
    path = tmp_path / "c.csv"
    pl.DataFrame({"body_text": [BODY], "site": ["RT"]}).write_csv(path)
    with pytest.raises(FramelensError, match=r"no text column .*columns are: body_text, site"):
        load_corpus(path)
    loaded = load_corpus(path, columns=ColumnNames(text="body_text", outlet="site"))
    assert loaded.articles["outlet"].to_list() == ["RT"]
    with pytest.raises(FramelensError, match=r"no column 'nope' for the outlet"):
        load_corpus(path, columns=ColumnNames(text="body_text", outlet="nope"))


def test_repeated_ids_in_a_table_are_made_unique(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": "a", "outlet": "X", "text": BODY + str(i)}) + "\n"
                            for i in range(3)))
    loaded = load_corpus(path)
    assert loaded.articles["id"].to_list() == ["a", "a~2", "a~3"]
    assert any("id used by several rows" in str(w) for w in loaded.warnings)


def test_fakes_corpus_loads_with_outlet_column(fakes_path):
    cleaned = clean_articles(load_corpus(fakes_path))
    assert cleaned.articles["outlet"].n_unique() == 15
    assert set(cleaned.articles["outlet_source"].unique()) == {"column outlet"}
    # four texts repeat another article word for word; one more differs only in punctuation
    assert cleaned.duplicates.filter(pl.col("kind") == "exact").height == 4
    assert cleaned.articles.height == 792 - cleaned.duplicates.height
    assert cleaned.articles["clean_text"].str.contains("\ufffd").sum() > 0  # kept, not crashed


# --- encodings and unreadable files ----------------------------------------------------------

def test_cp1252_latin1_and_utf16_text_is_decoded():
    assert decode_text("Syria’s “moderate” café".encode("cp1252")) == "Syria’s “moderate” café"
    assert decode_text("Fares Shehabi, député à Alep".encode("latin-1")) == (
        "Fares Shehabi, député à Alep")
    assert decode_text("Syria’s Aleppo".encode("utf-16")) == "Syria’s Aleppo"
    russian = "Министерство обороны России заявило, что боевики покинули Алеппо."
    assert decode_text(russian.encode("cp1251")) == russian
    assert decode_text("\ufeffUTF-8 with BOM".encode("utf-8")) == "UTF-8 with BOM"


def test_binary_and_empty_files_are_skipped_with_a_warning_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n" + BODY)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    cleaned = clean_articles(load_corpus(tmp_path))
    assert cleaned.articles["id"].to_list() == ["good"]
    messages = sorted(str(w) for w in cleaned.warnings)
    assert messages == [
        "empty.txt: skipped: empty file",
        "image.txt: skipped: binary file (contains NUL bytes), not text",
        "notes.docx: skipped: not a .txt/.md/.html/.htm file",
    ]


def test_windows_line_endings_are_normalised(tmp_path):
    (tmp_path / "a.txt").write_bytes(("Headline here\r\n\r\n" + BODY + "\r\nSecond para.").encode())
    text = clean_articles(load_corpus(tmp_path)).articles["clean_text"][0]
    assert "\r" not in text and text.startswith("Headline here\n\n")


def test_html_pages_are_extracted_without_scripts_or_navigation(tmp_path):
    page = f"""<html><head><title>Army retakes district</title>
    <script>var tracking = "do not count me";</script><style>p {{color: red}}</style></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Army retakes district</h1><p>{BODY}</p><p>{BODY} Residents returned home.</p>
    </article><footer>Copyright 2016 Example News. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(page)
    loaded = load_corpus(tmp_path)
    text = loaded.articles["raw_text"][0]
    assert "Residents returned home." in text
    assert "do not count me" not in text and "color: red" not in text
    assert loaded.articles["title"][0] == "Army retakes district"


# --- the command line ------------------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_report_leaves_the_corpus_untouched_and_writes_only_under_out(seed_copy, tmp_path,
                                                                       monkeypatch):
    before = _snapshot(seed_copy)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert main(["report", str(seed_copy), "--out", str(out), "--quiet"]) == 0
    assert _snapshot(seed_copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "seeds"]
    articles = pl.read_csv(out / "data" / "articles.csv")
    assert articles.columns[:7] == ["id", "outlet", "outlet_source", "title", "date", "words",
                                    "chars_removed"]
    assert articles.height == 5


def test_failed_run_leaves_the_previous_report_intact(seed_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["report", str(seed_copy), "--out", str(out), "--quiet"]) == 0
    before = _snapshot(out)

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("analysis.report.render_markdown", explode)
    assert main(["report", str(seed_copy), "--out", str(out), "--quiet"]) == 130
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".framelens-staging")]
