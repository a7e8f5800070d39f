"""Lexicon packs: the packaged files, `lexicon list`, combining packs and files, context
exclusions (not_after / not_before), and problems reported at FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import FramelensError
from analysis.lexicon import (
    PACKS_FOLDER,
    check_lexicon,
    list_packs,
    load_lexicon,
    match_terms,
    resolve_lexicon,
)
from analysis.lexicon.packs import pack_problems

TOPIC_PACKS = {"abortion", "climate", "conflict", "elections", "immigration", "protest", "taxes"}


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def terms_found(lexicon, text: str) -> list[str]:
    return [term for _, term, _, _ in lexicon.matcher.find(text)]


def test_every_packaged_pack_is_valid_with_its_metadata():
    packs = list_packs()
    assert {pack.name for pack in packs} == TOPIC_PACKS | {"general", "syria"}
    for pack in packs:
        assert check_lexicon(pack.path) == [], pack.name
        assert pack_problems(pack.path) == [], pack.name
        assert pack.description and "\n" not in pack.description
        assert pack.always == (pack.name == "general")
        assert pack.always or pack.anchors
        assert pack.terms >= 10


def test_category_names_differ_across_packs_so_any_packs_combine():
    names = ",".join(pack.name for pack in list_packs())
    lexicon = load_lexicon(names)
    categories = [category.name for category in lexicon.categories]
    assert len(categories) == len(set(categories))
    assert {"name_calling", "immigration_people", "armed_opposition"} <= set(categories)


def test_lexicon_list_prints_each_pack_with_version_and_term_count(capsys):
    assert main(["lexicon", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["pack", "version", "terms"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == {pack.name for pack in list_packs()}
    for pack in list_packs():
        assert rows[pack.name][1] == pack.version
        assert int(rows[pack.name][2]) == pack.terms


def test_pack_names_comma_separated_repeated_or_listed_give_the_same_lexicon():
    text = "Illegal aliens and undocumented immigrants were called thugs by a so-called expert."
    joined = load_lexicon("general,immigration")
    listed = load_lexicon(["general", "immigration"])
    assert [c.name for c in joined.categories] == [c.name for c in listed.categories]
    assert terms_found(joined, text) == terms_found(listed, text)
    assert set(terms_found(joined, text)) == {
        "illegal alien", "undocumented immigrant", "thug", "so-called"
    }


def test_a_term_two_packs_share_is_counted_once_by_the_first_pack_named():
    text = "The so-called moderate opposition, the regime said."
    syria_first = load_lexicon("syria,general")
    hits = syria_first.matcher.find(text)
    assert ("distancing", "so-called") in [(c, t) for c, t, _, _ in hits]
    assert "doubt" not in [c for c, *_ in hits]
    assert any("so-called" in note for note in syria_first.left_out)
    # The syria pack's own categories count exactly what they count alone.
    alone = load_lexicon("syria").matcher.find(text)
    assert [h for h in hits if h[0] in {c.name for c in load_lexicon("syria").categories}] == alone
    # Scare quotes are counted in one category only: the first pack's.
    assert syria_first.scare_quotes_category == "distancing"
    assert load_lexicon("general,syria").scare_quotes_category == "doubt"


def test_the_syria_pack_counts_the_seeds_as_before_when_general_joins_it(seed_articles):
    alone = match_terms(seed_articles, None, None, load_lexicon("syria"))
    both = match_terms(seed_articles, None, None, load_lexicon("syria,general"))
    syria_categories = {category.name for category in load_lexicon("syria").categories}
    kept = both.filter(both["category"].is_in(list(syria_categories)))
    assert kept.equals(alone)
    assert both.height > alone.height  # general adds its own hits


def test_a_category_defined_in_two_files_is_an_error_at_the_second_files_line(tmp_path):
    first = write(tmp_path, LEXICON_A, "a.toml")
    second = write(tmp_path, LEXICON_A.replace('name = "a"', 'name = "b"'), "b.toml")
    with pytest.raises(FramelensError) as raised:
        load_lexicon([first, second])
    message = str(raised.value)
    assert f"{second}:5: category 'labels' is also defined in {first}:5" in message
    assert "--extend-lexicon" in message


def test_a_file_combines_with_packs_in_the_order_named(tmp_path):
    mine = write(tmp_path, LEXICON_A)
    lexicon = load_lexicon(f"general,{mine}")
    assert lexicon.categories[-1].name == "labels"
    assert lexicon.sources[-1] == str(mine)
    # "thug" is general's already, so the file's copy is left out and counted once.
    assert terms_found(lexicon, "a thug and a goon") == ["thug", "goon"]
    assert any("'thug' of a" in note for note in lexicon.left_out)


def test_extend_lexicon_still_adds_a_files_terms_to_a_packs_category(tmp_path):
    extension = write(tmp_path, '[lexicon]\nname = "x"\nversion = "1"\n'
                      '[categories.armed_opposition]\nterms = ["irregular"]\n')
    lexicon = load_lexicon(extension, extend=True)
    assert "irregular" in lexicon.category("armed_opposition").term_names
    assert "militant" in lexicon.category("armed_opposition").term_names


def test_an_unknown_pack_name_is_an_error_naming_the_packs():
    with pytest.raises(FramelensError, match="unknown lexicon pack 'immigrations'.*immigration"):
        resolve_lexicon("general,immigrations")


def test_fell_does_not_count_after_polls_support_or_shares():
    conflict = load_lexicon("conflict")
    assert terms_found(conflict, "Eastern Aleppo fell to the army on Thursday.") == ["fell"]
    for text in ("His polls fell after the debate.", "Support fell among women.",
                 "Shares fell 3 percent.", "Her approval ratings fell again."):
        assert terms_found(conflict, text) == [], text


def test_capture_does_not_count_before_the_nomination():
    conflict = load_lexicon("conflict")
    assert terms_found(conflict, "Turkish troops captured the town of Marea.") == ["capture"]
    assert terms_found(conflict, "Trump captured the nomination in May.") == []
    assert terms_found(conflict, "He hopes to capture the Republican nomination.") == ["capture"]


def test_exclusions_compare_words_across_punctuation_and_case():
    path_text = LEXICON_A.replace('terms = ["thug", "goon"]',
                                  'terms = [{ term = "thug", not_after = ["so-called"] }]')
    lexicon = load_lexicon(write_tmp(path_text))
    assert terms_found(lexicon, "a thug") == ["thug"]
    assert terms_found(lexicon, "the So Called “thug”") == []


def test_an_exclusion_that_is_not_a_list_of_words_is_reported_at_its_line(tmp_path):
    bad = LEXICON_A.replace('terms = ["thug", "goon"]',
                            'terms = [\n  "goon",\n  { term = "thug", not_after = "polls" },\n'
                            '  { term = "lout", not_before = [""] },\n]')
    path = write(tmp_path, bad)
    problems = check_lexicon(path)
    assert f"{path}:9: not_after must be a list of strings" in problems
    assert f"{path}:10: empty not_before" in problems
    assert main(["lexicon", "check", str(path)]) == 2


def test_pack_metadata_problems_are_reported_at_the_lexicon_table(tmp_path):
    text = ('[lexicon]\nname = "other"\nversion = "1"\ndescription = "one\nline"\n'
            'covers = ["nothing"]\n'
            '[categories.labels]\ndescription = "d"\nterms = ["thug"]\n')
    path = write(tmp_path, text.replace('"one\nline"', '"""one\ntwo"""'), "labels.toml")
    assert any(":4: the [lexicon] description must be one line" in p for p in check_lexicon(path))
    path = write(tmp_path, text.replace('"one\nline"', '"One line."'), "labels.toml")
    problems = [str(problem) for problem in pack_problems(path)]
    assert f"{path}:1: a pack's [lexicon] name must be its file name: name = \"labels\"" in problems
    assert any("needs anchors" in problem for problem in problems)
    assert any("covers names no pack: nothing" in problem for problem in problems)


def test_a_pack_file_in_the_packs_folder_is_checked_as_a_pack():
    # check_lexicon adds the pack checks only for files in PACKS_FOLDER; they all pass.
    for path in sorted(PACKS_FOLDER.glob("*.toml")):
        assert check_lexicon(path) == []


LEXICON_A = """[lexicon]
name = "a"
version = "1"

[categories.labels]
description = "Labels for people."
terms = ["thug", "goon"]
"""


def write_tmp(text: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    return write(folder, text)


def test_kwic_takes_pack_names_repeated_or_comma_separated(capsys):
    assert main(["kwic", "so-called", "seeds", "--lexicon", "conflict",
                 "--lexicon", "general", "--limit", "0"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("[so-called]") == 4
    assert "4 line(s) for 'so-called'" in captured.err


def test_lexicon_show_names_the_terms_left_out_when_packs_share_them(capsys):
    assert main(["lexicon", "show", "--lexicon", "syria,general"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Lexicon: syria + general\n")
    assert "Left out: 'so-called' of general (doubt) is counted once, as 'so-called' in" in shown
