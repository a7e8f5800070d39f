"""Rules that must hold for any input, checked with hypothesis across the stages together:
the whole pipeline on a tiny generated corpus never crashes and every offset it writes
points at what it claims in the clean text; analysing a corpus in two parts gives every
article the same results; cleaning a cleaned corpus changes nothing; decoding, file names
and output names never fail on any bytes or text.

(Each stage's own properties are in its test module; these run the stages as `analyse` does.)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.clean import clean_articles
from analysis.corpus import (
    RAW_ARTICLES,
    LoadedCorpus,
    SkippedFile,
    decode_bytes,
    load_corpus,
    printable_name,
)
from analysis.errors import FramelensError
from analysis.output import safe_file_stem
from analysis.pipeline import Analysis, Options, analyse

PIECES = st.sampled_from([
    "Government forces retook the district on Sunday, the army said in a statement.",
    "“We will not leave,” a resident told reporters.",
    '"The militants have fled," Lt.-Gen. Igor Konashenkov said.',
    "The so-called moderate opposition, according to the U.S. envoy, collapsed.",
    "Rebels claimed that the regime had bombed the hospital.",
    "He said terrorists were liberated 'as they call it'.",
    "« Les rebelles » ont fui, a déclaré le ministre.",
    "Photo: AFP", "Share this:", "Tags: Syria, Aleppo", "7 Dec, 2016 19:16",
    "\n", "\n\n", "\r\n", "\r", " ", "\t", "\xa0", "\u2028", "\x0b", "\x0c", "\x85",
    "\u200b", "\u202e", "\ufeff", "\x1b[2J",
    "|", "| a | b |", "<script>alert(1)</script>", "[link](javascript:x)", "![i](http://x/i.png)",
    "../", "..\\", "/", "#", "> ", "- ", "1. ", "`", "*",
    "“", "”", "‘", "’", "'", '"', "«", "»", "„",
    "İ", "ß", "ﬁ", "e\u0301", "🚀", "ǅ", "ΐ",
    "said", "told", "according to", "claimed", "he", "they", "the ministry", ":", ".", "!", "?",
    "militants", "rebels", "liberated", "so-called", "civilians", "regime", "Syrian Arab Army",
])
TEXTS = st.lists(PIECES, min_size=1, max_size=30).map(" ".join) | st.text(min_size=1,
                                                                            max_size=120)
CORPORA = st.lists(TEXTS, min_size=1, max_size=4)

QUOTE_MARKS = "\"“”„«»‘’'"


def _analyse_texts(
    texts: dict[int, str], folder: Path, options: Options | None = None
) -> Analysis | None:
    """Analyse a JSON-lines corpus of ``{number: text}`` (article ``a<number>``, outlet one
    of three by number); None when nothing in it can be analysed."""
    path = folder / "corpus.jsonl"
    rows = [{"id": f"a{number}", "outlet": "ABC"[number % 3], "text": text}
            for number, text in texts.items()]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    try:
        return analyse(path, options)
    except FramelensError as error:
        assert re.search(r"no article has any text left|no readable articles", str(error)), error
        return None


def _check_offsets(result: Analysis, inputs: dict[int, str]) -> None:
    texts = dict(result.articles.select("id", "clean_text").iter_rows())
    for text in texts.values():
        assert "\r" not in text and text == text.strip()
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    previous_end: dict[str, int] = {}
    for article_id, number, start, end in result.sentences.iter_rows():
        text = texts[article_id]
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() and "\n" not in text[start:end]
        assert start >= previous_end.get(article_id, 0)  # in order, not overlapping
        previous_end[article_id] = end
        spans[(article_id, number)] = (start, end)
    for row in result.quotes.iter_rows(named=True):
        text = texts[row["id"]]
        assert 0 <= row["start"] <= row["inner_start"] <= row["inner_end"] <= row["end"]
        assert row["end"] <= len(text) and text[row["start"]] in QUOTE_MARKS
        if row["closed"]:
            assert text[row["end"] - 1] in QUOTE_MARKS
    for row in result.hits.iter_rows(named=True):
        text = texts[row["id"]]
        assert 0 <= row["start"] < row["end"] <= len(text)
        assert text[row["start"] : row["end"]] == row["matched_text"]
        if row["sentence_index"] is not None:
            start, end = spans[(row["id"], row["sentence_index"])]
            assert start <= row["start"] < end and row["sentence"] == text[start:end]
    for row in result.concordance.iter_rows(named=True):
        assert texts[row["id"]][row["start"] : row["end"]] == row["match"]
    quote_spans = set(result.quotes.select("id", "start", "end").iter_rows())
    for row in result.attributions.iter_rows(named=True):
        text = texts[row["id"]]
        assert 0 <= row["start"] <= row["end"] <= len(text)
        assert 0 <= row["cue_start"] <= row["cue_end"] <= len(text)
        start, end = spans[(row["id"], row["sentence_index"])]
        assert row["sentence"] == text[start:end]
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
        if row["direct"]:
            assert (row["id"], row["start"], row["end"]) in quote_spans
    # the texts as read (line breaks made \n), which the analysis drops after cleaning
    raw = {f"a{number}": re.sub("\r\n?", "\n", text) for number, text in inputs.items()}
    for article_id, raw_chars in result.articles.select("id", "raw_chars").iter_rows():
        assert raw_chars == len(raw[article_id])
    for article_id, line, removed, _ in result.removed.iter_rows():
        if article_id in raw:
            assert removed in raw[article_id].split("\n")[line - 1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPORA)
def test_whole_pipeline_never_crashes_and_every_offset_points_at_its_text(texts):
    with tempfile.TemporaryDirectory() as folder:
        result = _analyse_texts(dict(enumerate(texts)), Path(folder))
    if result is not None:
        _check_offsets(result, dict(enumerate(texts)))


def _per_article(result: Analysis, ids: list[str]) -> dict[str, pl.DataFrame]:
    tables = {"sentences": result.sentences, "quotes": result.quotes, "hits": result.hits,
              "attributions": result.attributions, "concordance": result.concordance}
    return {name: table.filter(pl.col("id").is_in(ids)).sort(table.columns)
            for name, table in tables.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=2, max_size=5), st.integers(min_value=1, max_value=4))
def test_analysing_a_corpus_in_two_parts_gives_every_article_the_same_results(texts, cut):
    # Three outlets, at most two articles each: the cleaner's repeated-line rule (a line in
    # three articles of one outlet) cannot tie articles together. Duplicates are dropped from
    # the whole corpus but may stay in a part, so only articles kept everywhere are compared.
    # The lexicon packs that fit chooses depend on the whole corpus, so the parts are compared
    # with one lexicon given.
    options = Options(lexicon=["general", "syria"])
    cut = min(cut, len(texts) - 1)
    numbered = dict(enumerate(texts))
    with tempfile.TemporaryDirectory() as folder:
        parts = []
        for name, chosen in (("whole", numbered), ("one", dict(list(numbered.items())[:cut])),
                             ("two", dict(list(numbered.items())[cut:]))):
            (Path(folder) / name).mkdir()
            parts.append(_analyse_texts(chosen, Path(folder) / name, options))
    whole, one, two = parts
    assume(whole is not None)
    for part in (one, two):
        if part is None:
            continue
        ids = sorted(set(part.articles["id"]) & set(whole.articles["id"]))
        expected, found = _per_article(whole, ids), _per_article(part, ids)
        for name in expected:
            assert found[name].equals(expected[name]), name


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=3))
def test_cleaning_a_cleaned_corpus_changes_nothing(texts):
    raw = pl.DataFrame(
        [{"id": f"a{n}", "outlet": "A", "outlet_source": "manifest", "title": None,
          "date": None, "url": None, "path": f"a{n}.txt", "raw_text": text}
         for n, text in enumerate(texts)], schema=RAW_ARTICLES.polars_schema())
    once = clean_articles(LoadedCorpus(raw, []))
    again_raw = once.articles.select(RAW_ARTICLES.names[:-1] + ["clean_text"]).rename(
        {"clean_text": "raw_text"})
    twice = clean_articles(LoadedCorpus(again_raw, []))
    assert twice.articles["clean_text"].to_list() == once.articles["clean_text"].to_list()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_to_text_or_are_skipped_as_binary(data):
    try:
        decoded = decode_bytes(data)
    except SkippedFile as problem:
        assert "binary" in str(problem) or "UTF-16" in str(problem)
        return
    assert isinstance(decoded.text, str)
    decoded.text.encode("utf-8")  # no lone surrogates: it can go into any table or file


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=200))
def test_utf8_and_utf16_text_decodes_to_itself(text):
    assume(text.strip())
    assert decode_bytes(text.encode("utf-8")).text == text.removeprefix("\ufeff")
    assert decode_bytes(text.encode("utf-16")).text == text


SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_safe_file_stem_is_always_one_plain_component(name):
    stem = safe_file_stem(name)
    assert SAFE_STEM.match(stem) and len(stem) <= 60 and ".." not in stem
    assert stem == safe_file_stem(stem)


FILE_NAME = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 -_.,;:$`'\"()[]{}<>|&!?*~#%=+@^") +
                             ["é", "ü", "新", "📰", "\u202e", "\\", "\n", "\t"]),
    min_size=1, max_size=30,
).filter(lambda name: not name.startswith(".") and "/" not in name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FILE_NAME, min_size=1, max_size=6, unique_by=str.casefold),
       st.binary(min_size=1, max_size=4))
def test_any_file_names_give_unique_printable_ids_and_true_paths(names, raw_bytes):
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder)
        for number, name in enumerate(names):
            (corpus / f"{name}.txt").write_text(f"Article {number} of the test corpus.\n")
        # and one name that is not UTF-8 at all
        bad = b"x" + bytes(byte | 0x80 for byte in raw_bytes) + b".txt"
        with open(os.path.join(os.fsencode(corpus), bad), "w") as file:
            file.write("The name of this file is not UTF-8.\n")
        loaded = load_corpus(corpus)
        ids = loaded.articles["id"].to_list()
        assert len(ids) == len(set(ids)) == len(names) + 1
        for article_id, path in loaded.articles.select("id", "path").iter_rows():
            article_id.encode("utf-8")
            matches = [entry for entry in os.listdir(corpus)
                       if printable_name(entry) == path]
            assert len(matches) >= 1, path
