"""The English function words the attribution rules read: determiners, pronouns, relatives,
prepositions that join a name, name particles, words that end a noun phrase, calendar words.
Grammar, not domain vocabulary: which nouns name a speaker comes from the gazetteer
(``analysis/data/sources.toml``)."""

from __future__ import annotations

PRONOUNS = frozenset({"he", "she", "they", "it"})
RELATIVES = frozenset({"who", "which", "that", "whom"})
DETERMINERS = frozenset(
    "the a an this these those its his her their our another some several many most both all "
    "each every one two three four five six seven eight nine ten dozens hundreds".split()
)
# determiners that introduce someone new: "One Syrian", "a Russian" are no earlier speaker
INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
# prepositions that may join a noun phrase to a following name ("Center for Reconciliation")
JOINING = frozenset({"of", "for", "at", "in", "on", "to", "from"})
PARTICLES = frozenset("de del della di da du la le van von der al el bin ibn abu ben".split())
# words between a subject and its verb that are skipped ("Rudskoy also said", "has denied")
BETWEEN = frozenset(
    "has have had is are was were will would could can may might should shall must did does do "
    "been being be also reportedly previously earlier later then further again already "
    "repeatedly once still now recently just too not never had first last separately "
    "initially officially publicly".split()
)
# words that end a noun phrase: conjunctions, clause openers, other prepositions, adverbs
STOPS = (
    frozenset(
        "that which who whom whose and but or nor while as because since if when where after "
        "before although though than so yet whether with by without during under over into through "
        "about against between among toward towards amid despite following including like unlike "
        "via per on upon however meanwhile additionally moreover furthermore also instead "
        "nevertheless there here what how why not no this".split()
    )
    | BETWEEN
)
# prepositions written with a capital inside a name: "Doctors Without Borders"
NAME_PREPOSITIONS = frozenset({"without", "against", "beyond", "across"})
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday".split()
)
# words that may come before a day: "on Sunday", "last Friday", "this morning"
DAY_WORDS = frozenset({"on", "last", "this"})
# adverbs between a subject and its verb without commas ("Carter however said")
SKIPPED_ADVERBS = frozenset(
    {"however", "meanwhile", "instead", "too", "herself", "himself", "overall", "since"}
    | {"sometimes", "often", "always", "even", "ever", "long"}
)
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
PERIODS = frozenset({"week", "month", "year", "weekend"})
# words after which ", X," is no aside between a subject and its verb
NOT_ASIDE = frozenset({"and", "but", "or", "that", "which", "who"})
ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof gen lt col maj sgt st jr sr u s n k sen rep gov rev".split()
)
