"""Every article id leads to its cleaned text: file names and the index that
``framelens clean --out`` writes (analysis.output)."""

from __future__ import annotations

import json

import polars as pl

from analysis.clean import clean_articles
from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.output import CLEAN_INDEX, article_file_names, safe_file_stem

X60 = "x" * 60


def test_file_names_keep_trailing_dashes_and_never_collide():
    ids = ["2016-09-12_hillary-clinton-", "a/b", "a_b", "A_B", "Ünïcode 新闻", "unicode", "...",
           "", "CON", "x" * 70 + "1", "x" * 70 + "2", "-rf", "news.", "news"]
    assert article_file_names(ids) == [
        "2016-09-12_hillary-clinton-.txt", "a_b.txt", "a_b_2.txt", "A_B_3.txt",
        "Unicode_.txt", "unicode.txt", "article.txt", "article_2.txt", "article_3.txt",
        f"{X60}.txt", f"{X60}_2.txt", "rf.txt", "news.txt", "news_2.txt",
    ]


def test_safe_stem_keeps_a_trailing_dash_but_no_leading_one():
    assert safe_file_stem("...-clinton-") == "clinton-"
    assert safe_file_stem("clinton_") == "clinton_"
    assert safe_file_stem("clinton.") == "clinton"


ODD_IDS = ["breitbart_2016-09-12_stealth-over-health-hillary-clin-", "politico/2016/trump",
           "politico_2016_trump", "Politico_2016_Trump", "新闻-1", "新闻-2", "notícia", "noticia",
           "index"]


def test_clean_out_index_leads_from_every_id_to_its_text(tmp_path, capsys):
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": article_id, "outlet": f"Outlet {number % 2}",
                    "text": f"Story {number}: the minister said on Monday that talks number "
                    f"{number} would resume next week in the capital city."}) + "\n"
        for number, article_id in enumerate(ODD_IDS)), encoding="utf-8")
    out = tmp_path / "cleaned"
    assert main(["clean", str(corpus), "--out", str(out)]) == 0
    assert "wrote 9 cleaned texts and their index (index.csv)" in capsys.readouterr().err
    index = pl.read_csv(out / "index.csv", infer_schema=False)
    CLEAN_INDEX.check(index)
    assert index["id"].to_list() == ODD_IDS
    assert index["path"].to_list() == [f"articles.jsonl:{line}" for line in range(1, 10)]
    texts = dict(clean_articles(load_corpus(corpus)).articles.select("id", "clean_text")
                 .iter_rows())
    for article_id, file in index.select("id", "file").iter_rows():
        # the offsets of every data file count characters of exactly this text
        assert (out / file).read_text(encoding="utf-8") == texts[article_id]
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [".framelens-files", "index.csv", *index["file"]])
    assert index["file"].to_list()[0] == (
        "breitbart_2016-09-12_stealth-over-health-hillary-clin-.txt")
    assert len(set(index["file"].str.to_lowercase())) == len(ODD_IDS)
