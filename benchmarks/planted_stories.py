"""Planted sets shaped like the held-out sets of event alignment: US news told by outlets
that write differently (see the comment below); :mod:`planted_events` re-exports them.

    from planted_stories import planted_set, SET_KINDS
    articles = planted_set("three_outlets", seed=1)   # id, outlet, title, date, text, event
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl

# ---------------------------------------------------------------------------------------------
# Planted sets shaped like the held-out sets: US news told by outlets that write differently.
#
#   from planted_events import planted_set, SET_KINDS
#   articles = planted_set("three_outlets", seed=1)   # id, outlet, title, date, text, event
#
# - "three_outlets": 100 events over nine years, each told once by each of three outlets;
# - "ten_events": ten events, each told once by each of five outlets, a third of the dates
#   missing, all within six weeks (several events in one window);
# - "left_right": 80 stories over two years, each told by one left and one right outlet
#   (drawn from three of each), many of the same kind and about the same public figures.
#
# Each outlet paraphrases: its own words for the same thing (one synonym per slot, chosen per
# outlet), its own sentence forms (two forms per fact), two or three of the event's four facts,
# its own order, its own boilerplate (a sign-off, a newsletter line) and its own stock sentences
# of comment. Two in five articles give a later toll. Most of each article is context in the
# outlet's own words: sentences about the policy at stake with rare words of their own and now
# and then another person, town, number or public figure. What articles about one event share
# is what real reports share: some names of people and places, some numbers, sometimes the
# same quotation. Public figures recur across many events, and every third event is of the
# kind of an earlier one, about the same figure, days to weeks later.
# ---------------------------------------------------------------------------------------------

SET_KINDS = ("three_outlets", "ten_events", "left_right")

FIRST_NAMES = ["James", "Maria", "Robert", "Linda", "Carlos", "Aisha", "Kevin", "Dana", "Tomas",
               "Grace", "Peter", "Nadia", "Walter", "Emily", "Victor", "Helen", "Marcus",
               "Irene", "Samuel", "Lucia", "Derek", "Tanya", "Oscar", "Ruth"]
LAST_NAMES = ["Whitfield", "Okafor", "Lindqvist", "Barrera", "Kowalski", "Haddad", "Ferreira",
              "Pemberton", "Nakamura", "Osei", "Delgado", "Brennan", "Castellano", "Hargrove",
              "Mbeki", "Sorensen", "Vasquez", "Thornton", "Abernathy", "Quintero", "Galloway",
              "Ruiz", "Stroud", "Yamada", "Kessler", "Oduya", "Marchetti", "Holloway"]
CITIES = [("Dayton", "Ohio"), ("Tucson", "Arizona"), ("Savannah", "Georgia"),
          ("Spokane", "Washington"), ("Fresno", "California"), ("Lubbock", "Texas"),
          ("Duluth", "Minnesota"), ("Macon", "Georgia"), ("Erie", "Pennsylvania"),
          ("Boise", "Idaho"), ("Biloxi", "Mississippi"), ("Flint", "Michigan"),
          ("Tulsa", "Oklahoma"), ("Reno", "Nevada"), ("Pueblo", "Colorado"),
          ("Lafayette", "Louisiana"), ("Bangor", "Maine"), ("Yuma", "Arizona"),
          ("Racine", "Wisconsin"), ("Amarillo", "Texas"), ("Gainesville", "Florida"),
          ("Roanoke", "Virginia"), ("Topeka", "Kansas"), ("Wichita", "Kansas"),
          ("Laredo", "Texas"), ("Modesto", "California"), ("Akron", "Ohio"),
          ("Peoria", "Illinois"), ("Scranton", "Pennsylvania"), ("Billings", "Montana")]
FIGURES = ["President Harlan Mercer", "Senator Joan Whitaker", "Speaker Douglas Reyes",
           "Governor Alicia Brandt", "Attorney General Neil Cormack",
           "Senator Frank Oyelaran", "Secretary Paula Linton", "Representative Gil Navarro"]
BODIES = ["the Department of Justice", "the Environmental Protection Agency",
          "the Supreme Court", "the Federal Reserve", "the Pentagon", "the FBI",
          "Homeland Security", "the Labor Department"]
COMPANIES = ["Norcross Energy", "Bellweather Foods", "Talon Aerospace", "Crestline Bank",
             "Meridian Health", "Ironbridge Steel", "Vantage Motors", "Pinecrest Pharma"]
QUOTE_PARTS = ["we will not stand by", "while families are left behind",
               "this is a dark day for", "every one of our neighbors",
               "we owe them the truth about", "nobody should have to live with",
               "the law is clear and", "we are going to fight", "for as long as it takes",
               "this community has suffered enough", "the people deserve answers about",
               "it is a moment that will define", "what happened here was", "simply wrong",
               "we are ready to work with anyone", "on both sides of the aisle"]

# {slot} is a fact of the event; [word] is said in each outlet's own word (SYNONYMS).
STORY_KINDS = {
    "shooting": {
        "facts": [
            ("A gunman [killed] {n} people at {company} offices in {city} on {weekday}, "
             "{person} said.",
             "{person} said {n} people were [killed] when a gunman opened fire inside "
             "{company} offices in {city}."),
            ("The suspect, a {m}-year-old former employee, was taken into custody.",
             "[Police] arrested a {m}-year-old man who had once worked for {company}."),
            ("{figure} called the attack in {city} a tragedy and ordered flags lowered.",
             "Flags were lowered after {figure} described the {city} attack as a tragedy."),
            ("Vigils were held across {state} for the victims.",
             "Residents of {state} gathered at vigils for those [killed]."),
        ],
        "titles": ["{n} [killed] in {city} shooting", "Gunman opens fire at {company} in {city}"],
    },
    "storm": {
        "facts": [
            ("Hurricane {storm} made landfall near {city}, {state}, with winds of {m} miles "
             "per hour.",
             "Winds of {m} mph battered {city} as Hurricane {storm} came ashore in {state}."),
            ("At least {n} people died and thousands lost power, {person} said.",
             "{person} said the storm [killed] at least {n} people."),
            ("{figure} approved emergency [aid] for {state}.",
             "Emergency [aid] for {state} was approved by {figure}."),
            ("Shelters in {city} were full by nightfall.",
             "By nightfall every shelter in {city} had been filled."),
        ],
        "titles": ["Hurricane {storm} [hits] {state}", "{storm} leaves {n} dead in {state}"],
    },
    "ruling": {
        "facts": [
            ("A federal judge in {city} [blocked] the {policy} rule on {weekday}.",
             "The {policy} rule was [blocked] by a federal judge in {city}."),
            ("Judge {person} wrote that the rule would harm {n} residents of {state}.",
             "In the ruling, {person} said {n} people in {state} would be harmed."),
            ("{figure} said the administration would appeal.",
             "An appeal is coming, according to {figure}."),
            ("The case was brought by {m} states.",
             "{m} states had joined the lawsuit."),
        ],
        "titles": ["Judge [blocks] {policy} rule", "{policy} rule [blocked] in {city} court"],
    },
    "bill": {
        "facts": [
            ("The House [passed] the {policy} bill by {n} votes to {m}.",
             "Lawmakers [passed] the {policy} measure {n} to {m}."),
            ("The bill was written by {person}, who represents {city}.",
             "{person}, whose district includes {city}, drafted the measure."),
            ("{figure} said the bill would go nowhere in the Senate.",
             "The measure faces a dead end in the Senate, {figure} said."),
            ("The vote came after weeks of talks over {company} and other firms.",
             "Weeks of talks, including over {company}, preceded the vote."),
        ],
        "titles": ["House [passes] {policy} bill", "{policy} bill clears House {n}-{m}"],
    },
    "layoffs": {
        "facts": [
            ("{company} said it would cut {n} jobs at its {city} plant.",
             "{n} workers at the {company} plant in {city} will lose their jobs."),
            ("Chief executive {person} blamed {policy} costs.",
             "{person}, the company's chief, pointed to the cost of {policy}."),
            ("{figure} called the [decision] a betrayal of {state} workers.",
             "The [decision] betrayed workers in {state}, {figure} said."),
            ("The plant had employed {m} people a decade ago.",
             "A decade ago {m} people worked at the plant."),
        ],
        "titles": ["{company} to cut {n} jobs in {city}", "Layoffs [hit] {city} plant"],
    },
    "protest": {
        "facts": [
            ("Thousands [marched] in {city} on {weekday} against the {policy} plan.",
             "Protesters [marched] through {city} to oppose {policy}."),
            ("Police said {n} people were arrested near the {state} capitol.",
             "{n} arrests were made outside the {state} capitol, according to police."),
            ("Organizer {person} said the crowd numbered {m} hundred.",
             "{person}, who organized the march, put the crowd at {m} hundred."),
            ("{figure} dismissed the protest as political theater.",
             "The march was political theater, {figure} said."),
        ],
        "titles": ["Thousands [march] in {city} over {policy}", "{city} protest against {policy}"],
    },
}
POLICIES = ["healthcare", "immigration", "tariff", "gun safety", "voting rights", "tax",
            "student loan", "climate", "border wall", "minimum wage", "opioid", "broadband"]
STORMS = ["Adele", "Bruno", "Celia", "Dorian", "Elena", "Felix", "Gloria", "Hector", "Ines",
          "Jorge", "Kara", "Leon", "Mona", "Nestor", "Olga", "Pablo"]
SYNONYMS = {
    "killed": ["killed", "left dead", "shot dead"],
    "Police": ["Police", "Officers", "Authorities"],
    "aid": ["aid", "relief", "assistance"],
    "hits": ["hits", "slams", "batters"],
    "blocked": ["blocked", "halted", "struck down"],
    "blocks": ["blocks", "halts", "strikes down"],
    "passed": ["passed", "approved", "narrowly backed"],
    "passes": ["passes", "approves", "backs"],
    "decision": ["decision", "move", "announcement"],
    "hit": ["hit", "rock", "strike"],
    "marched": ["marched", "rallied", "demonstrated"],
    "march": ["march", "rally", "demonstrate"],
}
STYLES = {
    # name: (leaning, synonym choice, sign-off, stock comment sentences)
    "Capital Ledger": ("left", 0, "Sign up for the Capital Ledger morning briefing.",
                       ["Advocates warned that working families would bear the cost.",
                        "Civil rights groups said the episode exposed deep inequities.",
                        "Critics noted the administration had been warned for months."]),
    "Heartland Wire": ("right", 1, "Follow Heartland Wire for the news the media ignores.",
                       ["Conservatives said the episode showed government overreach.",
                        "Taxpayers could end up footing the bill, analysts said.",
                        "The mainstream press was quick to assign blame."]),
    "Metro Daily": ("center", 2, "Reporting by Metro Daily staff; editing by the news desk.",
                    ["Officials said more details would be released later.",
                     "It was not immediately clear what would happen next.",
                     "Both parties are expected to seize on the issue."]),
    "Progress Post": ("left", 2, "Support independent journalism: become a Progress Post member.",
                      ["Progressives called it proof that the system is rigged.",
                       "Activists said communities of color were hit hardest.",
                       "Corporate interests shaped the outcome, organizers argued."]),
    "Patriot Herald": ("right", 0, "Copyright Patriot Herald. All rights reserved.",
                       ["Patriots across the country took notice.",
                        "Liberal elites were silent, supporters pointed out.",
                        "Law and order must come first, commentators insisted."]),
    "Union Tribune": ("left", 1, "The Union Tribune newsroom contributed to this report.",
                      ["Labor leaders said workers deserved better.",
                       "The fight is far from over, union members said.",
                       "Experts said the decision would reverberate for years."]),
    "Liberty Journal": ("right", 2, "Liberty Journal: news for free people.",
                        ["Freedom-loving Americans have had enough, readers said.",
                         "Big government is the problem, critics argued.",
                         "Radical activists cheered, opponents said."]),
}


def planted_set(kind: str, *, seed: int = 1) -> pl.DataFrame:
    """Articles (``id``, ``outlet``, ``title``, ``date`` or null, ``text``, ``event``) of one
    of ``SET_KINDS`` (see the comment above): the planted event is the reference grouping."""
    if kind == "three_outlets":
        return _planted_stories(seed, events=100, outlets=["Capital Ledger", "Heartland Wire",
                                                            "Metro Daily"],
                                tellers=3, days=9 * 365, missing_dates=0.0)
    if kind == "ten_events":
        return _planted_stories(seed, events=10, outlets=["Capital Ledger", "Heartland Wire",
                                                           "Metro Daily", "Progress Post",
                                                           "Patriot Herald"],
                                tellers=5, days=42, missing_dates=1 / 3)
    if kind == "left_right":
        return _planted_stories(seed, events=80, outlets=list(STYLES), tellers=2,
                                days=730, missing_dates=0.05, left_right=True)
    raise ValueError(f"unknown planted set {kind!r}; choose from {', '.join(SET_KINDS)}")


def _planted_stories(seed: int, *, events: int, outlets: list[str], tellers: int, days: int,
                     missing_dates: float, left_right: bool = False) -> pl.DataFrame:
    rng = random.Random(seed)
    start = date(2010, 1, 4)
    plans: list[dict] = []
    for number in range(events):
        if number % 3 == 2 and plans:
            # A look-alike: an earlier event's kind and public figure, days to weeks later.
            earlier = plans[rng.randrange(len(plans))]
            kind, figure = earlier["kind"], earlier["figure"]
            day = earlier["day"] + timedelta(days=rng.randint(2, 30))
        else:
            kind, figure = rng.choice(sorted(STORY_KINDS)), rng.choice(FIGURES)
            day = start + timedelta(days=rng.randrange(days))
        city, state = rng.choice(CITIES)
        words = rng.sample(QUOTE_PARTS, 3)
        plans.append({
            "kind": kind, "figure": figure, "day": day, "city": city, "state": state,
            "person": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "company": rng.choice(COMPANIES), "policy": rng.choice(POLICIES),
            "storm": rng.choice(STORMS), "n": rng.randint(3, 480), "m": rng.randint(12, 95),
            "weekday": day.strftime("%A"), "body": rng.choice(BODIES),
            "quote": " ".join(words).capitalize(),
        })
    lefts = [name for name in outlets if STYLES[name][0] == "left"]
    rights = [name for name in outlets if STYLES[name][0] == "right"]
    rows = []
    for number, plan in enumerate(plans):
        if left_right:
            chosen = [rng.choice(lefts), rng.choice(rights)]
        else:
            chosen = rng.sample(outlets, min(tellers, len(outlets)))
        for outlet in chosen:
            rows.append(_story_article(rng, plan, outlet, number, len(rows), missing_dates))
    return pl.DataFrame(rows, schema={"id": pl.String, "outlet": pl.String, "title": pl.String,
                                      "date": pl.String, "text": pl.String,
                                      "event": pl.Int64})


def _story_article(rng: random.Random, plan: dict, outlet: str, number: int, row: int,
                   missing_dates: float) -> dict:
    _, choice, sign_off, comments = STYLES[outlet]

    def say(template: str) -> str:
        for word, options in SYNONYMS.items():
            # Mostly the outlet's own word; now and then another outlet's.
            pick = choice if rng.random() < 0.8 else rng.randrange(len(options))
            template = template.replace(f"[{word}]", options[pick % len(options)])
        return template.format(**plan)

    facts = STORY_KINDS[plan["kind"]]["facts"]
    chosen = rng.sample(facts, rng.randint(2, 3))
    if rng.random() < 0.4:  # a later or differently counted toll, as outlets often give
        plan = {**plan, "n": plan["n"] + rng.randint(1, 40)}
    sentences = [say(rng.choice(forms)) for forms in chosen]
    if rng.random() < 0.5:
        verb = rng.choice(["said", "told reporters", "said in a statement"])
        sentences.insert(rng.randint(1, len(sentences)),
                         f'"{plan["quote"]}," {plan["person"]} {verb}.')
    sentences += rng.sample(comments, rng.randint(1, 2))
    sentences += rng.sample(FILLER_US, rng.randint(1, 2))
    # Background that articles of other events share as much: the public figure, the policy.
    sentences += [line.format(**plan) for line in rng.sample(BACKGROUND, rng.randint(1, 4))]
    # Analysis and context in the outlet's own words: most of a real article.
    sentences += [_context_sentence(rng, plan) for _ in range(rng.randint(10, 25))]
    rng.shuffle(sentences)
    if rng.random() < 0.9:
        sentences.append(sign_off)
    titles = STORY_KINDS[plan["kind"]]["titles"] + GENERIC_TITLES
    title = say(rng.choice(titles)).format(**plan)
    published = plan["day"] + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
    return {
        "id": f"story-{row:04d}",
        "outlet": outlet,
        "title": title[:1].upper() + title[1:],
        "date": None if rng.random() < missing_dates else published.isoformat(),
        "text": " ".join(sentences),
        "event": number,
    }


CONTEXT_WORDS = {
    "subject": ["Lawmakers", "Analysts", "Residents", "Economists", "Officials", "Voters",
                "Advocates", "Critics", "Local leaders", "Business owners", "Experts",
                "Federal agencies", "State officials", "Community groups", "Investors"],
    "verb": ["have questioned", "are watching", "have long debated", "remain divided over",
             "warned about", "pointed to", "raised concerns over", "have praised",
             "are bracing for", "called for changes to", "have pushed back on"],
    "adjective": ["growing", "uncertain", "costly", "lasting", "broader", "political",
                  "economic", "local", "national", "long-term", "immediate", "hidden"],
    "noun": ["consequences", "pressure", "funding", "oversight", "recovery", "spending",
             "regulations", "priorities", "budget", "response", "accountability",
             "infrastructure", "security", "confidence", "reforms", "costs", "tensions"],
    "tail": ["in the coming months", "across the region", "for the next administration",
             "after years of neglect", "ahead of the vote", "in {state}",
             "since the last election", "despite earlier promises", "around {policy}",
             "at the federal level", "in rural counties", "among younger voters"],
}


SYLLABLES = ["bra", "cor", "den", "fal", "gri", "hol", "jus", "kem", "lor", "mas", "nev",
             "pol", "quin", "ros", "sta", "tur", "val", "wen", "zel", "dor"]


def _rare_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def _context_sentence(rng: random.Random, plan: dict) -> str:
    """A sentence of context; one in three names someone, somewhere or a number of its own
    (other sources, other places, other figures than the event's)."""
    words = {slot: rng.choice(options) for slot, options in CONTEXT_WORDS.items()}
    sentence = ("{subject} {verb} the {adjective} {noun} of {policy} {tail}"
                .format(policy=plan["policy"], **words).format(**plan))
    # The long tail of a real article's words: a rare word of its own in most sentences.
    sentence += f" and the {_rare_word(rng)} {rng.choice(['issue', 'plan', 'case', 'report'])}"
    extra = rng.random()
    if extra < 0.15:
        sentence += f", said {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    elif extra < 0.25:
        sentence += f", as in {rng.choice(CITIES)[0]}"
    elif extra < 0.33:
        sentence += f", with {rng.randint(10, 900)} cases reported"
    elif extra < 0.4:
        sentence += f", {rng.choice(FIGURES)} said"
    return sentence + "."


GENERIC_TITLES = ["What the {policy} fight means for {state}", "{figure} under pressure",
                  "A turning point on {policy}?", "{state} braces for what comes next"]
BACKGROUND = [
    "{figure} has made {policy} a central issue of the term.",
    "The debate over {policy} has divided Washington for years.",
    "{figure} faced questions about {policy} at a news conference last month.",
    "Earlier this year {body} issued new guidance on {policy}.",
    "Supporters of {figure} say the {policy} agenda is working.",
    "Opponents of {figure} have promised to make {policy} an election issue.",
    "A survey found that most voters rank {policy} among their top concerns.",
    "{body} is reviewing how the {policy} program is run.",
]
FILLER_US = [
    "The White House did not respond to a request for comment.",
    "The issue is likely to come up again before the midterm elections.",
    "Polls show Americans deeply divided on the question.",
    "Congress has struggled for years to agree on the matter.",
    "Similar cases have been reported in other states.",
    "A spokesperson declined to comment further.",
]
