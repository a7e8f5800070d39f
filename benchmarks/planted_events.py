"""A planted set of events in generated text: several outlets tell the same events in their
own words, among unrelated articles, some without a date.

Each event has a place, a kind (an air strike, a district taken, an evacuation, ...), a date,
a toll, a named official and a named building. Each outlet that covers it writes its own
article: its own choice of sentences from the kind's templates, in its own order, with its
own words for the sides (one outlet's "terrorists" are another's "rebels"; "liberated"
against "captured"), its own publication date within two days of the event, and sometimes no
date at all. Hard cases are planted on purpose: events of the same kind in the same place some
weeks apart, and unrelated articles (single-outlet stories) of the same kinds.

    from planted_events import planted_articles
    articles = planted_articles(seed=1)   # id, outlet, title, date, text, event

``event`` is the planted grouping (the reference for the adjusted Rand index); unrelated
articles each have an event of their own.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl

PLACES = [
    "Kafr Nubl", "Maarat al-Numan", "Jisr al-Shughur", "Tal Rifaat", "Khan Tuman", "Darayya",
    "Douma", "Harasta", "Zabadani", "Madaya", "Palmyra", "Deir Hafer", "Manbij", "Al-Bab",
    "Saraqib", "Ariha", "Latamneh", "Morek", "Qusayr", "Rastan", "Talbiseh", "Houla",
    "Muadamiyat", "Yabroud", "Nubl", "Zahraa", "Bustan al-Qasr", "Sheikh Maqsoud",
    "Hanano", "Jobar", "Qaboun", "Barzeh", "Khan Shaykhun", "Sukhnah", "Tadef", "Azaz",
]
OFFICIALS = [
    "Brigadier Samir Haddad", "Governor Talal Barazi", "Colonel Fares Bayoush",
    "Mayor Omar Kheir", "Dr. Hamza Khatib", "Commander Abu Yahya", "Minister Ali Haidar",
    "Sheikh Nawaf Bashir", "General Igor Konashenkov", "Colonel Hassan Suheil",
    "Dr. Rami Abdulrahman", "Lieutenant Majd Salloum", "Captain Yusuf Hammoud",
    "Commissioner Anas Dabbagh", "Major Ziad Karam", "Judge Nabil Sarraf",
]
BUILDINGS = [
    "al-Quds hospital", "the Omari mosque", "the grain silos", "the water station",
    "the Ibn Rushd school", "the old citadel", "the central bakery", "the power plant",
    "the cement factory", "the cotton mill", "the bus station", "the Sakhour market",
    "the M5 bridge", "the military academy", "the textile works", "the police academy",
]
KINDS = {
    "strike": [
        "{toll} people were killed when warplanes struck {building} in {place}, {official} said.",
        "An air strike hit {building} in {place} on {weekday}, leaving {toll} dead.",
        "{official} told reporters that {toll} bodies had been pulled from the rubble of "
        "{building}.",
        "Rescue teams in {place} were still searching the ruins of {building} at nightfall.",
        "The {side} blamed the raid on {place} on the {other}.",
        "Witnesses in {place} described a second blast near {building} minutes later.",
    ],
    "taken": [
        "The {side} {took} {place} after days of fighting around {building}.",
        "{official} said the {side} now hold {building} and the roads into {place}.",
        "Fighting for {place} left at least {toll} dead on both sides.",
        "The {other} withdrew from {place} towards the north, {official} said.",
        "Footage from {place} showed flags raised over {building}.",
        "Mines left around {building} in {place} were being cleared, according to {official}.",
    ],
    "evacuation": [
        "Buses began to {move} {toll} people out of {place} under a deal announced by "
        "{official}.",
        "The first convoy left {place} from {building} before dawn.",
        "{official} said the {other} had agreed to leave {place} with their families.",
        "Aid agencies waited at {building} as families from {place} arrived.",
        "The agreement on {place} was reached after weeks of siege.",
        "Residents of {place} who stayed were promised safety, {official} said.",
    ],
    "talks": [
        "Talks on {place} opened at {building} with {official} leading one delegation.",
        "{official} said a truce for {place} could hold if the {other} handed over "
        "heavy weapons.",
        "Envoys met at {building} to discuss prisoners held in {place}.",
        "The {side} said {toll} detainees from {place} would be released.",
        "A previous truce around {place} collapsed within days.",
        "Observers are to be sent to {building} under the plan, {official} said.",
    ],
}
TITLES = {
    "strike": ["{toll} killed in air strike on {place}", "Raid on {building} in {place}",
               "Warplanes hit {place}: {official} gives toll"],
    "taken": ["{side_title} {took} {place}", "Battle for {place} ends",
              "{place} changes hands after fight for {building}"],
    "evacuation": ["Evacuation of {place} begins", "Convoys leave {place}",
                   "{toll} people to leave {place} under deal"],
    "talks": ["Talks on {place} open", "Truce plan for {place}", "Envoys meet over {place}"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Each outlet's words for the two sides and for taking a place.
OUTLETS = {
    "Northern Star": {"side": "Syrian Arab Army", "other": "terrorists", "took": "liberated",
                      "move": "evacuate"},
    "Coast Herald": {"side": "government forces", "other": "rebels", "took": "captured",
                     "move": "bus"},
    "Daily Crescent": {"side": "regime forces", "other": "opposition fighters", "took": "seized",
                       "move": "force"},
    "Wire Service": {"side": "Syrian troops", "other": "insurgents", "took": "took control of",
                     "move": "transport"},
    "Valley Times": {"side": "pro-government forces", "other": "militants", "took": "retook",
                     "move": "move"},
}
FILLER = [
    "The area has seen heavy fighting since the war began.",
    "The United Nations said it was following the situation closely.",
    "The Syrian Observatory for Human Rights gave a similar account.",
    "More than five million Syrians have fled the country since 2011.",
    "Neither claim could be independently verified.",
    "The conflict has drawn in regional and world powers.",
]


def planted_articles(
    *,
    events: int = 30,
    unrelated: int = 40,
    outlets: int = 5,
    missing_dates: float = 0.2,
    seed: int = 1,
    start: date = date(2016, 1, 4),
    days: int = 700,
) -> pl.DataFrame:
    """Articles (``id``, ``outlet``, ``title``, ``date`` or null, ``text``, ``event``) for
    ``events`` planted events told by two to ``outlets`` outlets each, plus ``unrelated``
    single articles; about ``missing_dates`` of the articles have no date."""
    rng = random.Random(seed)
    names = list(OUTLETS)[:outlets]
    rows = []
    places = PLACES[:]
    rng.shuffle(places)
    plans = []
    for number in range(events + unrelated):
        kind = rng.choice(sorted(KINDS))
        # Every fourth event reuses an earlier event's place and kind some weeks later.
        if number % 4 == 3 and plans:
            earlier = plans[rng.randrange(len(plans))]
            place, kind = earlier["place"], earlier["kind"]
            day = earlier["day"] + timedelta(days=rng.randint(14, 60))
        else:
            place = places[number % len(places)]
            day = start + timedelta(days=rng.randrange(days))
        plans.append({
            "place": place, "kind": kind, "day": day,
            "official": rng.choice(OFFICIALS), "building": rng.choice(BUILDINGS),
            "toll": rng.randint(4, 400), "weekday": WEEKDAYS[day.weekday()],
        })
    for number, plan in enumerate(plans):
        planted = number < events
        tellers = rng.sample(names, rng.randint(2, len(names))) if planted else [rng.choice(names)]
        for outlet in tellers:
            words = OUTLETS[outlet]
            facts = {**plan, **words, "side_title": words["side"][:1].upper() + words["side"][1:]}
            sentences = rng.sample(KINDS[plan["kind"]], rng.randint(4, 6))
            sentences += rng.sample(FILLER, rng.randint(1, 3))
            text = " ".join(sentence.format(**facts) for sentence in sentences)
            text = text[:1].upper() + text[1:]
            published = plan["day"] + timedelta(days=rng.randint(0, 2))
            rows.append({
                "id": f"planted-{len(rows):04d}",
                "outlet": outlet,
                "title": rng.choice(TITLES[plan["kind"]]).format(**facts),
                "date": None if rng.random() < missing_dates else published.isoformat(),
                "text": text,
                "event": number,
            })
    return pl.DataFrame(rows, schema={"id": pl.String, "outlet": pl.String, "title": pl.String,
                                      "date": pl.String, "text": pl.String,
                                      "event": pl.Int64})


# The sets shaped like the held-out ones (US news, outlets that write differently).
from planted_stories import SET_KINDS, planted_set  # noqa: E402

__all__ = ["SET_KINDS", "planted_articles", "planted_set"]
