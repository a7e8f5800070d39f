"""Loading, validating and printing lexicons (analysis.lexicon.loading)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from support import build_articles

from analysis.errors import FramelensError
from analysis.lexicon import (
    DEFAULT_LEXICON,
    SCARE_QUOTES_TERM,
    check_lexicon,
    format_lexicon,
    load_lexicon,
)
from analysis.lexicon.matching import match_terms

# The required vocabulary, as a text would write it, and the category that must count it.
REQUIRED = {
    "armed_opposition": [
        "terrorists",
        "militants",
        "jihadists",
        "extremists",
        "gunmen",
        "insurgents",
        "rebels",
        "fighters",
        "opposition",
        "armed opposition",
        "moderate opposition",
        "so-called moderate opposition",
        "armed groups",
        "illegal armed groups",
    ],
    "government_side": [
        "regime",
        "Assad regime",
        "regime forces",
        "government forces",
        "Syrian Army",
        "Syrian Arab Army",
        "pro-government forces",
        "loyalists",
    ],
    "change_of_control": [
        "liberated",
        "liberation",
        "freed",
        "recaptured",
        "retook",
        "retaken",
        "regained",
        "cleared",
        "purge",
        "captured",
        "seized",
        "fell",
        "overran",
        "took control",
    ],
    "humanitarian": [
        "civilians",
        "evacuated",
        "evacuation",
        "humanitarian corridor",
        "humanitarian aid",
        "humanitarian pause",
        "amnesty",
        "returned home",
        "reconciliation",
        "besieged",
        "siege",
        "starvation",
        "bombardment",
        "airstrikes",
        "displaced",
        "fled",
        "massacre",
    ],
    "distancing": ["so-called", "self-proclaimed", "alleged", "purported"],
}

VALID = """\
[lexicon]
name = "test"
version = "2"

[categories.labels]
description = "Labels for a test."
terms = ["bandit", "outlaw"]
"""


def write(tmp_path: Path, text: str, name: str = "lexicon.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(problems: list[str], fragment: str) -> int:
    """The line number of the (only) problem whose message contains ``fragment``."""
    found = [p for p in problems if fragment in p]
    assert len(found) == 1, (fragment, problems)
    return int(re.match(r".*?:(\d+): ", found[0]).group(1))


# --- the default lexicon -------------------------------------------------------------------------


def test_default_lexicon_is_versioned_and_hashed():
    lexicon = load_lexicon()
    assert lexicon.version == "1.0.0"
    assert lexicon.name == "syria"
    assert re.fullmatch(r"[0-9a-f]{12}", lexicon.content_hash)
    assert lexicon.sources == (str(DEFAULT_LEXICON),)
    assert check_lexicon(DEFAULT_LEXICON) == []


def test_every_category_has_a_description_of_two_to_four_sentences():
    for category in load_lexicon().categories:
        sentences = re.findall(r"[.;!?](?:\s|$)", category.description)
        assert 2 <= len(sentences) <= 4, (category.name, category.description)
        assert category.title


@pytest.mark.parametrize(
    ("category", "phrase"),
    [(category, phrase) for category, phrases in REQUIRED.items() for phrase in phrases],
)
def test_default_lexicon_counts_each_required_term_in_its_category(category, phrase):
    text = f"Reports spoke of {phrase} near the city."
    hits = match_terms(build_articles({"a": ("Outlet", text)}), None, None, load_lexicon())
    in_category = hits.filter(hits["category"] == category)
    assert in_category["matched_text"].to_list() == [phrase]


def test_default_contrast_sets_name_the_same_thing_differently():
    lexicon = load_lexicon()
    groups = lexicon.category("armed_opposition").contrast_set_of("rebel")
    assert groups is not None and {"terrorist", "militant", "rebel"} <= set(groups.terms)
    control = lexicon.category("change_of_control").contrast_set_of("liberate")
    assert control is not None and {"capture", "seize", "fell"} <= set(control.terms)
    assert lexicon.category("humanitarian").contrast_set_of("flee").name == "people_leaving"
    assert lexicon.category("distancing").contrast_sets == ()


def test_scare_quotes_count_in_the_distancing_category():
    lexicon = load_lexicon()
    assert lexicon.scare_quotes_category == "distancing"
    assert lexicon.category("distancing").term_names[-1] == SCARE_QUOTES_TERM


def test_show_prints_every_category_and_is_deterministic():
    lexicon = load_lexicon()
    shown = format_lexicon(lexicon)
    assert shown == format_lexicon(load_lexicon())
    assert lexicon.content_hash in shown and "Version: 1.0.0" in shown
    for category in lexicon.categories:
        assert f"[{category.name}] {category.title}" in shown
    assert "Contrast set taking_territory: liberate / freed" in shown
    assert "fighter: fighter, fighters (not in: fighter jet" in shown
    assert all(len(line) <= 100 for line in shown.splitlines())


# --- user lexicons --------------------------------------------------------------------------------


def test_user_lexicon_replaces_the_default(tmp_path):
    lexicon = load_lexicon(write(tmp_path, VALID))
    assert [c.name for c in lexicon.categories] == ["labels"]
    assert lexicon.category("labels").term_names == ("bandit", "outlaw")
    assert lexicon.version == "2" and lexicon.content_hash != load_lexicon().content_hash


def test_extend_merges_new_terms_and_categories_into_the_default(tmp_path):
    path = write(
        tmp_path,
        """\
[lexicon]
name = "extra"
version = "1"

[categories.armed_opposition]
terms = ["bandit"]

[categories.armed_opposition.contrast_sets.naming_the_armed_groups]
terms = ["bandit", "rebel"]

[categories.economy]
description = "Words for sanctions. They frame pressure as punishment."
terms = ["sanction"]
""",
    )
    lexicon = load_lexicon(path, extend=True)
    opposition = lexicon.category("armed_opposition")
    assert {"militant", "bandit"} <= set(opposition.term_names)
    assert "bandit" in opposition.contrast_set_of("militant").terms
    assert lexicon.category("economy").term_names == ("sanction",)
    assert lexicon.sources == (str(DEFAULT_LEXICON), str(path))
    assert lexicon.version == "1.0.0+1"
    assert lexicon.content_hash != load_lexicon().content_hash


def test_extending_with_a_default_term_in_another_category_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace('"outlaw"', '"militants"'))
    problems = check_lexicon(path, extend=True)
    assert line_of(problems, "also in category 'armed_opposition'") == 7
    assert problems[0].startswith(f"{path}:7:")


# --- problems, each with its line -----------------------------------------------------------------


def test_bad_toml_is_reported_at_its_line(tmp_path):
    path = write(tmp_path, VALID.replace('version = "2"', 'version = "2'))
    [problem] = check_lexicon(path)
    assert problem.startswith(f"{path}:3: invalid TOML")


def test_file_that_is_not_utf8_is_reported_at_its_line(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(VALID.replace("bandit", "bandit\xe9").encode("latin-1"))
    assert check_lexicon(path) == [f"{path}:7: the file is not UTF-8 text"]


def test_empty_term_is_reported_at_its_line(tmp_path):
    path = write(
        tmp_path, VALID.replace('terms = ["bandit", "outlaw"]', 'terms = [\n  "bandit",\n  "",\n]')
    )
    assert line_of(check_lexicon(path), "empty term") == 9


def test_term_in_two_categories_is_reported_where_it_repeats(tmp_path):
    path = write(
        tmp_path,
        VALID
        + """
[categories.more]
description = "More labels. For the test."
terms = [
  "robber",
  "bandits",
]
""",
    )
    problems = check_lexicon(path)
    assert line_of(problems, "also in category 'labels'") == 13
    assert "term 'bandits' is also in category 'labels' (as 'bandit'" in problems[0]


def test_pattern_that_cannot_match_is_reported(tmp_path):
    path = write(
        tmp_path, VALID.replace('"outlaw"]', '\n  { term = "fall", pattern = "fell(?=x)y" },\n]')
    )
    assert line_of(check_lexicon(path), "pattern cannot match its own term") == 8


def test_pattern_that_misses_its_example_is_reported(tmp_path):
    path = write(
        tmp_path,
        VALID.replace(
            '"outlaw"]',
            '\n  { term = "fall", pattern = "fell|fallen", examples = ["the fall of"] },\n]',
        ),
    )
    assert line_of(check_lexicon(path), "does not match its example 'the fall of'") == 8


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a+)+", "nested quantifiers"),
        ("(?:x*)*y", "nested quantifiers"),
        ("(\\\\w+\\\\s?)+", "nested quantifiers"),
        ("(a|ab)*c", "alternatives can start alike"),
        ("(a|a)*", "alternatives can start alike"),
        ("(a)\\\\1", "back-references"),
        ("(?P<mine>a)", "named groups"),
        ("a*", "matches empty text"),
        ("(unclosed", "does not compile"),
        ("\\\\w+\\\\w+\\\\w+\\\\w+x", "open-ended repeats"),
    ],
)
def test_dangerous_or_broken_patterns_are_refused_quickly(tmp_path, pattern, message):
    path = write(
        tmp_path, VALID.replace('"outlaw"]', f'\n  {{ term = "aaa", pattern = "{pattern}" }},\n]')
    )
    started = time.perf_counter()
    problems = check_lexicon(path)
    assert time.perf_counter() - started < 1.0
    assert line_of(problems, message) == 8
    with pytest.raises(FramelensError, match=re.escape(f"{path}:8:")):
        load_lexicon(path)


def test_good_pattern_matches_as_a_whole_word(tmp_path):
    path = write(
        tmp_path,
        VALID.replace(
            '"outlaw"]',
            '\n  { term = "fall", pattern = "fell|fallen|fall(?=\\\\s+of\\\\b)", '
            'examples = ["Aleppo fell", "the fall of Aleppo"] },\n]',
        ),
    )
    lexicon = load_lexicon(path)
    text = "Aleppo fell. The fall of Aleppo. Prices fall. Befell."
    hits = match_terms(build_articles({"a": ("O", text)}), None, None, lexicon)
    assert hits["matched_text"].to_list() == ["fell", "fall"]


@pytest.mark.parametrize(
    ("replacement", "message", "line"),
    [
        ('descripton = "x"\nterms', "unknown key 'descripton'", 7),
        ('inflect = "plural"\nterms', "inflect must be one of noun, verb, none", 7),
    ],
)
def test_category_mistakes_are_reported_at_their_line(tmp_path, replacement, message, line):
    path = write(tmp_path, VALID.replace("terms", replacement, 1))
    assert line_of(check_lexicon(path), message) == line


def test_contrast_set_naming_an_unknown_term_is_reported_at_the_member(tmp_path):
    path = write(
        tmp_path,
        VALID
        + """
[categories.labels.contrast_sets]
names = [
  "bandit",
  "robber",
]
""",
    )
    assert line_of(check_lexicon(path), "lists 'robber', which is not a term of 'labels'") == 12


def test_category_without_description_or_terms_is_reported(tmp_path):
    path = write(tmp_path, VALID + '\n[categories.empty]\ntitle = "Nothing"\n')
    problems = check_lexicon(path)
    assert line_of(problems, "category 'empty' needs a description") == 9
    assert line_of(problems, "category 'empty' has no terms") == 9


def test_term_with_quotation_marks_or_no_letters_is_refused(tmp_path):
    path = write(tmp_path, VALID.replace('"outlaw"]', '\n  "so-called “moderates”",\n  "--",\n]'))
    problems = check_lexicon(path)
    assert line_of(problems, "contains quotation marks") == 8
    assert line_of(problems, "has no letters or digits") == 9


def test_missing_file_names_the_file():
    with pytest.raises(FramelensError, match="no-such-lexicon.toml"):
        load_lexicon(Path("no-such-lexicon.toml"))


def test_load_reports_the_first_problems_on_one_line(tmp_path):
    bad = VALID.replace('["bandit", "outlaw"]', '["", "", "", "", "ok"]')
    with pytest.raises(FramelensError) as caught:
        load_lexicon(write(tmp_path, bad))
    message = str(caught.value)
    assert "\n" not in message and message.count(":7: empty term") == 3
    assert "and 1 more" in message


def test_a_huge_term_list_loads_quickly(tmp_path):
    terms = ",\n".join(f'  "term{number:05d} word{number % 97}"' for number in range(20_000))
    path = write(tmp_path, VALID.replace('["bandit", "outlaw"]', f"[\n{terms},\n]"))
    started = time.perf_counter()
    lexicon = load_lexicon(path)
    # About a second on a quiet machine; a check quadratic in the number of terms would take
    # minutes, so the bound leaves room for a busy one.
    assert time.perf_counter() - started < 30.0
    assert len(lexicon.category("labels").terms) == 20_000
