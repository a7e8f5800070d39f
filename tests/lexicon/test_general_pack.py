"""The general pack's terms narrowed by context after reading their concordance lines: each
narrowed term still counts in its loaded sense and no longer in the plain one (sentences written
after BABE and allsides-sample lines)."""

from __future__ import annotations

import pytest

from analysis.lexicon import load_lexicon

GENERAL = load_lexicon("general")


def terms_found(text: str) -> list[str]:
    return [term for _, term, _, _ in GENERAL.matcher.find(text)]


@pytest.mark.parametrize(
    "loaded, plain",
    [
        ("Sanders praises the radical Green New Deal.", "Its radical simplicity is the point."),
        ("Sanders praises the radical Green New Deal.", "It was once a radical idea."),
        ("Critics called the boys racists.", "Anti-racist demonstrations turned violent."),
        ("Critics called the boys racists.", "The ADL documented racist rallies."),
        ("The woke mob came for the author.", "Joe woke up from his hibernation."),
        ("Trump blasted Omar for her tweet.", "It follows a series of blasts targeting tankers."),
        ("Trump blasted Omar for her tweet.", "The campaign blasted out statement after statement"),
        ("Obamacare has been a disaster.", "Brown asked him to declare a disaster in Oroville."),
        ("Obamacare has been a disaster.", "Firms can apply for a disaster loan."),
        ("Obamacare has been a disaster.", "The bushfire disaster rages on."),
        ("His increasingly extreme views on abortion.", "The study counts extreme rainstorms."),
        ("Many are mocking the president.", "Activists held mock funerals in the stores."),
        ("That is a crazy idea.", "She has been spending like crazy."),
        ("Officials manipulated the file.", "Twitter added manipulated media labels."),
        ("It was a terrifying development.", "Armed men try to terrify people of color."),
    ],
)
def test_a_narrowed_term_counts_its_loaded_sense_only(loaded, plain):
    assert terms_found(loaded), loaded
    assert terms_found(plain) == [], plain


def test_explode_is_no_longer_a_term():
    # half its hits in allsides-sample were real explosions (a projectile, a bag, a plant)
    assert terms_found("The projectile exploded seconds after launch.") == []
    assert terms_found("Deficits exploded under his watch.") == []


@pytest.mark.parametrize(
    "text, term",
    [
        ("Russian trolls flooded the platforms.", "troll"),
        ("Stop the fear-mongering about vaccines.", "fearmonger"),
        ("The president's crusade against affordable energy goes on.", "crusade"),
        ("It was a tone-deaf response.", "tone-deaf"),
        ("The botched rollout of the website hurt him.", "botched"),
        ("The disgraced former congressman resigned.", "disgraced"),
        ("They are too dumb to read the plan.", "dumb"),
    ],
)
def test_added_loaded_words_count(text, term):
    assert term in terms_found(text)
