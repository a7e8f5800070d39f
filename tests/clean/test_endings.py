"""Rule 7: furniture glued to the text inside a line, as in exports that flatten each page
into one line (the FA-KES corpus): dates at the start, credits, tags and repeated endings at
the end."""

from __future__ import annotations

import json
from collections import Counter

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import (
    REMOVED_LINES,
    clean_articles,
    clean_batch,
    clean_page,
    repeated_endings,
    repeated_lines,
)
from analysis.clean.defaults import ENDING_ROUNDS
from analysis.clean.endings import REPEATED_ENDING, RepeatedEndings, ending_cuts
from analysis.clean.pages import is_sentence
from analysis.clean.rules import furniture_rules
from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.tokens import count_words

STANDARDS = "Our Standards:The Thomson Reuters Trust Principles."
BODIES = [
    "Rebels shelled the western districts of Aleppo on Monday and the army answered with "
    "air strikes on the eastern quarter, a monitor said.",
    "Government forces advanced into the old city after a week of heavy fighting around the "
    "citadel, state television reported on Tuesday.",
    "Aid agencies said thousands of families had fled the eastern districts overnight as "
    "shelling hit the last open hospital in the area.",
    "The United Nations envoy called for a pause in the fighting so that the wounded could be "
    "taken out of the besieged neighbourhoods by road.",
]


def _raw(pages: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(f"a{i}", outlet, None, text) for i, (outlet, text) in enumerate(pages)],
        schema={"id": pl.String, "outlet": pl.String, "title": pl.String, "raw_text": pl.String},
        orient="row",
    )


def _clean(pages: list[tuple[str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = _raw(pages)
    cleaned, removed = clean_batch(raw, repeated_lines(raw), repeated_endings(raw))
    REMOVED_LINES.check(removed)
    for text, words in cleaned.select("clean_text", "words").iter_rows():
        assert words == count_words(text)
    return cleaned, removed


def test_a_repeated_ending_and_the_credits_before_it_are_cut_from_flattened_pages():
    pages = [
        ("reuters", f"{body} Reporting by Jane Doe{i}; Editing by John Roe{i} {STANDARDS}")
        for i, body in enumerate(BODIES)
    ]
    assert STANDARDS in repeated_endings(_raw(pages))["reuters"]
    cleaned, removed = _clean(pages)
    assert cleaned["clean_text"].to_list() == BODIES
    assert removed.filter(pl.col("id") == "a1").select("line", "text", "reason").rows() == [
        (1, "Reporting by Jane Doe1; Editing by John Roe1", "reporting credits"),
        (1, STANDARDS, REPEATED_ENDING),
    ]
    assert cleaned["chars_removed"].to_list() == [
        len(page) - len(body) for (_, page), body in zip(pages, BODIES, strict=True)
    ]


def test_an_ending_stops_at_a_sentence_end_so_the_sentence_before_it_stays():
    # "properties. Hazem Sabbagh" repeats in three pages; only the editor's name goes, and
    # the sentence before it stays: it ends only 3 of the 7 pages that lose the name.
    damage = "The shells caused damage to public and private properties."
    pages = [("sana", f"{body} {damage} Hazem Sabbagh") for body in BODIES[:3]]
    pages += [("sana", f"{body} Hazem Sabbagh") for body in BODIES]
    cleaned, _ = _clean(pages)
    assert cleaned["clean_text"].to_list() == [f"{body} {damage}" for body in BODIES[:3]] + BODIES
    assert repeated_endings(_raw(pages))["sana"] == {"Sabbagh", "Hazem Sabbagh"}


def test_sentences_repeated_at_the_end_stay_unless_long_and_in_half_the_pages():
    background = "More than 300000 people have been killed since the war began in 2011."
    pages = [("ahram", f"{body} {background}") for body in BODIES[:3]]
    pages += [("ahram", f"{body} Shelling went on all night.") for body in BODIES]
    pages += [("ahram", f"{body} He said.") for body in BODIES]  # short: in 4 of 11, kept
    cleaned, removed = _clean(pages)
    assert removed.is_empty()  # in 3 of 11 pages: a background sentence, kept
    assert cleaned["clean_text"].to_list() == [text for _, text in pages]
    # The same sentence ending 3 of 5 pages is furniture (an outlet's standard footer).
    cleaned, removed = _clean(pages[:5])
    assert removed["text"].to_list() == [background] * 3


def test_a_date_and_its_label_glued_to_the_start_are_removed():
    starts = {
        "Published July 27 2016 SEND httpsabahdai.ly912r3U ": "dailysabah",
        "Date of publication 5 July 2016 ": "alaraby",
        "Last updated at Apr 232017 ": "jordantimes (the day glued to the year)",
        "Posted on April 19 2017 ": "asharqalawsat",
        "05.10.2017(updated 1935 05.10.2017) Get short URL 101 ": "sputnik",
        "21.08.2013Get short URL 0 13 ": "sputnik",
    }
    for start in starts:
        page = clean_page(start + BODIES[0])
        assert page.text == BODIES[0], starts[start]
        assert page.lines[0].removed_parts() == [(start.strip(), "date at the start of the text")]
        assert page.words == count_words(BODIES[0])


def test_ending_patterns_cut_tags_timestamps_and_agency_credits_but_not_prose():
    page = clean_page(
        f"{BODIES[0]} ... 11 Tags Bashar al-Assad chemical weapons Angela Kane Damascus"
    )
    assert page.text == BODIES[0]
    page = clean_page(
        f"{BODIES[1]} (With AFP and Reuters) Last Update: Tuesday 12 July 2016 KSA 08:45 - "
        "GMT 05:45 2902"
    )
    assert page.text == BODIES[1]
    assert [reason for _, reason in page.lines[0].removed_parts()] == [
        "agency credit",
        "page timestamp",
    ]
    prose = (
        f"{BODIES[2]} Tags on the bodies were checked by the doctors. Related talks were held "
        "in Geneva. Reporting by local media was scarce."
    )
    assert clean_page(prose).text == prose


def test_only_the_last_kept_line_of_enough_words_loses_its_end():
    short = clean_page(f"{BODIES[0]}\nShort line. Tags war")
    assert short.text.endswith("Tags war")
    page = clean_page(f"{BODIES[0]} Tags war peace\n{BODIES[1]}")
    assert page.text == f"{BODIES[0]} Tags war peace\n\n{BODIES[1]}"


def _allowed_endings(line: str) -> set[str]:
    """Every ending the definition allows in a page's last line."""
    words = line.split()
    allowed: set[str] = set()
    if len(words) < 12:
        return allowed
    for count in range(1, min(30, len(words) - 1) + 1):
        if any(is_sentence(word) for word in words[-count:-1]):
            break
        allowed.add(" ".join(words[-count:]))
    return allowed


def _brute_force_endings(raw: pl.DataFrame) -> dict[str, frozenset[str]]:
    """Rule 7's repeated endings straight from the definition: every allowed ending of every
    page counted, nothing pruned; in later rounds, in what rule 7 leaves of the pages it cut
    in the round before, with the endings found so far."""
    rules = furniture_rules()
    pages = []
    for outlet, text in raw.select("outlet", "raw_text").iter_rows():
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        pages.append((outlet, lines[-1] if lines else ""))
    population = Counter(outlet for outlet, _ in pages)
    found: dict[str, set[str]] = {}
    for _ in range(ENDING_ROUNDS):
        counts = Counter((outlet, ending) for outlet, line in pages
                         for ending in _allowed_endings(line))
        new = {
            (outlet, ending)
            for (outlet, ending), articles in counts.items()
            if articles >= 3
            and (
                not is_sentence(ending)
                or (articles * 2 >= population[outlet] and ending.count(" ") + 1 >= 5)
            )
        }
        if all(ending in found.get(outlet, set()) for outlet, ending in new):
            break
        for outlet, ending in new:
            found.setdefault(outlet, set()).add(ending)
        left = []
        for outlet, line in pages:
            if outlet in found and len(line.split()) >= 12:
                cuts = ending_cuts(line, 0, len(line), rules, RepeatedEndings(found[outlet]))
                if cuts:
                    left.append((outlet, line[: cuts[-1][0]].rstrip()))
        pages, population = left, Counter(outlet for outlet, _ in left)
    return {outlet: frozenset(endings) for outlet, endings in found.items()}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.lists(st.sampled_from(["war", "peace.", "x", "News"]), min_size=10, max_size=15),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_repeated_endings_are_those_of_the_definition(pages):
    raw = _raw([(outlet, "A headline\n" + " ".join(words)) for outlet, words in pages])
    assert repeated_endings(raw) == _brute_force_endings(raw)


def test_show_removed_prints_the_parts_cut_from_a_kept_line(tmp_path, capsys):
    corpus = tmp_path / "flat.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": f"r{i}", "outlet": "reuters", "text": f"{body} {STANDARDS}"}) + "\n"
        for i, body in enumerate(BODIES)
    ))
    assert main(["clean", str(corpus), "--show-removed"]) == 0
    shown = capsys.readouterr().out
    assert f"+ {BODIES[0]} {STANDARDS}\n  - [{REPEATED_ENDING}] {STANDARDS}\n" in shown
    assert clean_articles(load_corpus(corpus)).articles["clean_text"].to_list() == BODIES


def test_fakes_pages_lose_their_glued_furniture(fakes_path):
    articles = clean_articles(load_corpus(fakes_path)).articles
    leftovers = {
        "reuters": "Trust Principles",
        "sputnik": "Comment via",
        "trt": ("Cookie Policy", "Copyright", "Related News", "Follow us on", "Subscribe"),
        "etilaf": "(Source: Syrian Coalition)",
        "alaraby": "Read Also",
        "dailysabah": "Published ",
        "jordantimes": "Last updated at",
    }
    for outlet, leftover in leftovers.items():
        texts = articles.filter(pl.col("outlet") == outlet)["clean_text"]
        for part in [leftover] if isinstance(leftover, str) else leftover:
            assert not texts.str.contains(part, literal=True).any(), (outlet, part)
    assert articles["words"].sum() > 230_000  # furniture is about 2% of the words, not more


def test_cleaning_a_fakes_text_again_changes_nothing(fakes_path):
    raw = load_corpus(fakes_path).articles
    distinct = raw.unique("raw_text", keep="first", maintain_order=True)
    lines, endings = repeated_lines(distinct), repeated_endings(distinct)
    articles = clean_articles(load_corpus(fakes_path)).articles
    for outlet, title, text in articles.select("outlet", "title", "clean_text").iter_rows():
        again = clean_page(
            text,
            title=title,
            repeated=lines.get(outlet, frozenset()),
            endings=endings.get(outlet, frozenset()),
        )
        assert again.text == text


@pytest.mark.parametrize("outlet", ["reuters", "sputnik"])
def test_fakes_endings_found_are_the_outlets_footers(fakes_path, outlet):
    raw = load_corpus(fakes_path).articles
    found = repeated_endings(raw.unique("raw_text", keep="first", maintain_order=True))
    footer = {
        "reuters": STANDARDS,
        "sputnik": "Community standardsDiscussion Comment via FacebookComment via Sputnik News",
    }[outlet]
    assert footer in found[outlet]


def test_repeated_endings_do_not_depend_on_chunks(monkeypatch):
    from analysis.clean import repeated as module

    pages = [("reuters", f"{body} {STANDARDS}") for body in BODIES]
    pages += [("sana", f"{body} Hazem Sabbagh") for body in BODIES]
    raw = _raw(pages)
    expected = repeated_endings(raw)
    assert STANDARDS in expected["reuters"] and "Hazem Sabbagh" in expected["sana"]
    monkeypatch.setattr(module, "REPEATED_CHUNK", 3)
    assert repeated_endings(raw) == expected


def test_ending_rules_repeat_while_they_cut_something():
    source = "More stories from our correspondents in the region"
    tags = "... 11 Tags Syria Aleppo"
    pages = [("trt", f"{body} {source}") for body in BODIES[:3]]
    pages.append(("trt", f"{BODIES[3]} {source} {tags}"))
    cleaned, removed = _clean(pages)
    assert cleaned["clean_text"].to_list() == BODIES
    assert removed.filter(pl.col("id") == "a3").select("text", "reason").rows() == [
        (source, REPEATED_ENDING),
        (tags, "tags and related links"),
    ]


def test_a_related_list_inside_the_text_does_not_cut_the_rest():
    # Reuters puts "Related Coverage" headlines in the middle of its texts.
    text = (
        f"{BODIES[0]} Related Coverage U.S. to wait and see on use of force in Syria Chemical "
        f"experts in Syria to dismantle weapons program {BODIES[1]}"
    )
    assert clean_page(text).text == text


def test_sentences_between_repeated_furniture_go_in_later_rounds():
    # TRT's footer on 4 of its 10 pages: a link bar (not a sentence) after a subscription
    # block of sentences. Once the bar goes, the block ends all 4 of the pages that lost it.
    block = (
        "A picture is worth a thousand words. Subscribe to our channel for all the latest "
        "reporting from around the world."
    )
    bar = "Where to Watch Terms of Use Privacy Policy Cookie Policy"
    background = "More than 300000 people have been killed since the war began in 2011."
    pages = [("trt", f"{body} {block} {bar}") for body in BODIES]
    # Three pages end with a background sentence before the bar, of the 7 that lose it: kept.
    pages += [("trt", f"{body} {background} {bar}") for body in BODIES[:3]]
    pages += [("trt", f"{body} Shelling went on all night.") for body in BODIES[1:]]
    cleaned, removed = _clean(pages)
    expected = BODIES + [f"{body} {background}" for body in BODIES[:3]]
    assert cleaned["clean_text"].to_list() == expected + [text for _, text in pages[7:]]
    assert removed.filter(pl.col("id") == "a0")["text"].to_list() == [
        "A picture is worth a thousand words.",
        "Subscribe to our channel for all the latest reporting from around the world.",
        bar,
    ]
    found = repeated_endings(_raw(pages))["trt"]
    assert block.split(". ")[1] in found and background not in found


def test_ending_patterns_cut_copyright_follow_calls_related_news_and_sources():
    footers = {
        "Copyright © 2018 TRT World.": "copyright notice",
        "Follow us on Instagram.": "call to follow the outlet",
        "Source AA Related News Iraqs vote violations | The global gag rule": "agency credit",
        "Source TRTWorld and agencies": "agency credit",
    }
    for footer, reason in footers.items():
        page = clean_page(f"{BODIES[0]} {footer}")
        assert page.text == BODIES[0], footer
        assert page.lines[0].removed_parts()[0][1] == reason
    prose = [
        f"{BODIES[0]} He spoke at a related news conference in Geneva on Monday",
        f"{BODIES[1]} Follow us on this road, the soldiers told the villagers in Idlib",
        f"{BODIES[2]} The source said",
        f"{BODIES[3]} Copyright law was not the issue, the minister added.",
    ]
    for text in prose:
        assert clean_page(text).text == text
