"""Same event, different outlets (side by side, also written alone as classroom.md) and
framing over time.

Events come from analysis.events (``Analysis.events``); the labels each outlet used are the
lexicon's contrast sets (terms that name the same thing differently). Every piece of
article text goes through :func:`analysis.report.markdown.md` or ``highlight``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from analysis.events import UNDATED
from analysis.report.markdown import highlight, label, md, number, quoted, table

if TYPE_CHECKING:
    from analysis.report.figures import Figures
    from analysis.results import Analysis

CLASSROOM_EVENTS = 5
"""Events shown side by side, at most (the most instructive first)."""

EVENTS_LISTED = 15
"""Events covered by two outlets or more listed in the report's table, at most."""

OUTLETS_PER_EVENT = 6
"""Outlets shown for one event, at most (those with the most contrast-set uses first)."""

PAIRS_PER_EVENT = 3
"""Pairs of sentences that name the same thing differently, per event, at most."""

SENTENCE_CHARACTERS = 400
"""Longer first sentences are cut to this many characters (with an ellipsis)."""

EVENT_QUESTIONS = (
    "Compare the headlines: what does each put first, and what does it leave out?",
    "Who is the actor in each first sentence, and who is acted upon?",
)
"""Questions asked of every event shown side by side."""

PAIR_QUESTION = (
    "{first} writes {first_term}; {second} writes {second_term}. What does each word "
    "suggest about who is in the right? Which would you use, and why?"
)
"""The question under each pair of sentences."""


@dataclass
class OutletView:
    """One outlet's telling of an event: its earliest article and the labels it used."""

    outlet: str
    article: str
    title: str | None
    first_sentence: str | None
    labels: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    """Contrast set -> (term, uses) in the outlet's articles of the event, most used first."""


@dataclass
class SideBySide:
    """An event that two outlets or more covered, ready to print."""

    event: int
    label: str
    first_date: str | None
    last_date: str | None
    articles: int
    views: list[OutletView]
    contrasts: int
    """Contrast sets in which the outlets' most used terms differ."""
    pairs: list[tuple[dict, dict, str]]
    """(hit of one outlet, hit of another, contrast set) naming the same thing differently."""


def _contrast_of(result: Analysis) -> dict[tuple[str, str], str]:
    """(category, term) -> contrast set name."""
    return {
        (category.name, term): contrast.name
        for category in result.lexicon.categories
        for contrast in category.contrast_sets
        for term in contrast.terms
    }


def side_by_side(result: Analysis) -> list[SideBySide]:
    """The events covered by two outlets or more, most instructive first (most outlets,
    then most contrast sets where the outlets' words differ, then most articles, then
    event number), at most ``CLASSROOM_EVENTS``."""
    events = result.events
    shared = events.filter(pl.col("outlet_count") >= 2)
    if shared.is_empty():
        return []
    contrast_of = _contrast_of(result)
    ids = shared["id"].to_list()
    hits = (
        result.stored["hits"].scan(["id", "category", "term", "voice", "sentence", "start",
                                    "end", "sentence_index"])
        .filter(pl.col("id").is_in(ids))
        .collect()
    )
    sets = pl.DataFrame(
        [{"category": category, "term": term, "contrast": contrast}
         for (category, term), contrast in contrast_of.items()],
        schema={"category": pl.String, "term": pl.String, "contrast": pl.String},
    )
    hits = hits.join(sets, on=["category", "term"])
    hits = hits.join(shared.select("id", "outlet", "event"), on="id")
    candidates = []
    for (event,), members in shared.group_by(["event"], maintain_order=True):
        mine = hits.filter(pl.col("event") == event)
        per_outlet: dict[str, dict[str, list[tuple[str, int]]]] = {}
        for (outlet, contrast), used in mine.group_by(["outlet", "contrast"]):
            counted = used.group_by("term").agg(uses=pl.len()).sort(
                ["uses", "term"], descending=[True, False])
            per_outlet.setdefault(outlet, {})[contrast] = [
                (term, int(uses)) for term, uses in counted.iter_rows()]
        differing = sorted(
            contrast for contrast in {c for labels in per_outlet.values() for c in labels}
            if len({labels[contrast][0][0] for labels in per_outlet.values()
                    if contrast in labels}) >= 2
        )
        row = members.row(0, named=True)
        candidates.append((row["outlet_count"], len(differing), row["articles"], event,
                           members, per_outlet, differing, mine))
    candidates.sort(key=lambda item: (-item[0], -item[1], -item[2], item[3]))
    chosen = candidates[:CLASSROOM_EVENTS]
    return [_prepare(result, *item[3:]) for item in chosen]


def _prepare(result: Analysis, event: int, members: pl.DataFrame,
             per_outlet: dict, differing: list[str], hits: pl.DataFrame) -> SideBySide:
    """Headlines, first sentences and sentence pairs of one event."""
    earliest = (members.sort("date", "id", nulls_last=True)
                .group_by("outlet", maintain_order=True).first())
    order = {outlet: index for index, outlet in enumerate(result.outlets)}
    earliest = earliest.with_columns(
        labelled=pl.col("outlet").map_elements(
            lambda outlet: -sum(uses for labels in per_outlet.get(outlet, {}).values()
                                for _, uses in labels), return_dtype=pl.Int64),
        position=pl.col("outlet").replace_strict(order, default=len(order)),
    ).sort("labelled", "position", "outlet").head(OUTLETS_PER_EVENT)
    ids = earliest["id"].to_list()
    titles = dict(result.catalogue.filter(pl.col("id").is_in(ids)).select("id", "title")
                  .iter_rows())
    firsts = _first_sentences(result, ids, titles)
    views = [
        OutletView(outlet, article, titles.get(article), firsts.get(article),
                   per_outlet.get(outlet, {}))
        for outlet, article in earliest.select("outlet", "id").iter_rows()
    ]
    shown = {view.outlet for view in views}
    pairs = []
    for contrast in differing:
        in_set = hits.filter((pl.col("contrast") == contrast) & pl.col("outlet").is_in(shown))
        # Each outlet's most used term, then its first sentence with that term (narration first).
        firsts_by_outlet = {}
        # Outlets outside the report's list (pooled ones) tie on position: then by name.
        for outlet in sorted(shown, key=lambda name: (order.get(name, len(order)), name)):
            labels = per_outlet.get(outlet, {}).get(contrast)
            if not labels:
                continue
            term = labels[0][0]
            found = in_set.filter((pl.col("outlet") == outlet) & (pl.col("term") == term)).sort(
                pl.col("voice") != "narration", "id", "start")
            if found.height:
                firsts_by_outlet[outlet] = found.row(0, named=True)
        outlets = list(firsts_by_outlet)
        pair = next(((a, b) for i, a in enumerate(outlets) for b in outlets[i + 1:]
                     if firsts_by_outlet[a]["term"] != firsts_by_outlet[b]["term"]), None)
        if pair:
            pairs.append(({**firsts_by_outlet[pair[0]], "outlet": pair[0]},
                          {**firsts_by_outlet[pair[1]], "outlet": pair[1]}, contrast))
        if len(pairs) >= PAIRS_PER_EVENT:
            break
    row = members.row(0, named=True)
    return SideBySide(event, row["label"], row["first_date"], row["last_date"],
                      row["articles"], views, len(differing), pairs)


def _first_sentences(result: Analysis, ids: list[str], titles: dict) -> dict[str, str]:
    """Each article's first sentence that is not its headline again."""
    sentences = (result.stored["sentences"].scan(["id", "sentence", "start", "end"])
                 .filter(pl.col("id").is_in(ids)).collect().sort("id", "sentence"))
    texts = dict(result.stored["texts"].scan(["id", "clean_text"])
                 .filter(pl.col("id").is_in(ids)).collect().iter_rows())
    firsts: dict[str, str] = {}
    for article, start, end in sentences.select("id", "start", "end").iter_rows():
        if article in firsts:
            continue
        text = " ".join((texts.get(article) or "")[start:end].split())
        title = " ".join((titles.get(article) or "").split()).casefold()
        if not text or (title and (text.casefold() in title or title in text.casefold())):
            continue
        firsts[article] = (text if len(text) <= SENTENCE_CHARACTERS
                           else text[:SENTENCE_CHARACTERS].rstrip() + " …")
    return firsts


def _dates(first: str | None, last: str | None) -> str:
    if first is None:
        return "no date"
    return first if first == last else f"{first} to {last}"


def _voice(hit: dict) -> str:
    """' (in a quotation)' when the term is in someone else's words."""
    return "" if hit["voice"] == "narration" else " (in a quotation)"


def _hit_sentence(hit: dict, sentence_starts: dict) -> str:
    """The hit's sentence with the term in bold (offsets into the sentence)."""
    begin = sentence_starts.get((hit["id"], hit["sentence_index"]))
    if begin is None:
        return md(hit["sentence"])
    return highlight(hit["sentence"], hit["start"] - begin, hit["end"] - begin)


def classroom_body(result: Analysis, heading: str = "##") -> str:
    """The events side by side, as markdown, headed at level ``heading`` per event."""
    chosen = side_by_side(result)
    if not chosen:
        return ("No event was covered by two outlets or more (articles are grouped into "
                "events by their words and dates; see docs/events.md).\n")
    starts = _sentence_starts(result, chosen)
    contrast_names = {contrast.name: contrast for category in result.lexicon.categories
                      for contrast in category.contrast_sets}
    parts = []
    for number_shown, item in enumerate(chosen, start=1):
        differ = ("" if item.contrasts == 0 else
                  f"; their words differ in {item.contrasts} contrast "
                  f"set{'s' if item.contrasts != 1 else ''}")
        parts += [
            f"{heading} {number_shown}. {md(item.label)}",
            "",
            f"*Event {item.event}: {_dates(item.first_date, item.last_date)}; "
            f"{number(item.articles)} articles, {len(item.views)} outlets shown{differ}.*",
            "",
        ]
        for view in item.views:
            headline = md(view.title) if view.title else "*(no headline)*"
            first = md(view.first_sentence) if view.first_sentence else "*(none)*"
            parts += [f"- **{md(view.outlet)}**: {headline}", f"  - First sentence: {first}"]
        sets = sorted({contrast for view in item.views for contrast in view.labels})
        if sets:
            rows = []
            for contrast in sets:
                cells = []
                for view in item.views:
                    used = view.labels.get(contrast, [])
                    cells.append(", ".join(f"{md(term)} ({uses})" for term, uses in used) or "–")
                rows.append([label(contrast), *cells])
            parts += ["", "Labels each outlet used (uses in the event's articles):", "",
                      table(["contrast set", *(md(view.outlet) for view in item.views)], rows),
                      ""]
        else:
            parts += ["", "No outlet used a term of the lexicon's contrast sets here.", ""]
        if item.pairs:
            parts += ["Naming the same thing differently:", ""]
            for first, second, contrast in item.pairs:
                description = contrast_names[contrast].description
                parts += [
                    f"- *{label(contrast)}*{': ' + md(description) if description else ''}",
                    f"  - {md(first['outlet'])}{_voice(first)}: “{_hit_sentence(first, starts)}”",
                    f"  - {md(second['outlet'])}{_voice(second)}: "
                    f"“{_hit_sentence(second, starts)}”",
                    "  - " + PAIR_QUESTION.format(
                        first=md(first["outlet"]), first_term=quoted(first["term"]),
                        second=md(second["outlet"]), second_term=quoted(second["term"])),
                ]
            parts.append("")
        parts += ["Questions:", ""]
        parts += [f"{index}. {question}" for index, question in enumerate(EVENT_QUESTIONS, 1)]
        parts.append("")
    return "\n".join(parts)


def _sentence_starts(result: Analysis, chosen: list[SideBySide]) -> dict:
    """(article id, sentence index) -> the sentence's start, for the paired hits."""
    ids = sorted({hit["id"] for item in chosen for pair in item.pairs for hit in pair[:2]})
    if not ids:
        return {}
    sentences = (result.stored["sentences"].scan(["id", "sentence", "start"])
                 .filter(pl.col("id").is_in(ids)).collect())
    return {(article, index): start for article, index, start in sentences.iter_rows()}


def classroom_page(result: Analysis) -> str:
    """classroom.md: the events side by side, alone, to print for a class."""
    return "\n".join([
        f"# Same event, different outlets: {md(result.name)}",
        "",
        f"*framelens: the {CLASSROOM_EVENTS} events at most that the most outlets covered "
        "with the most different words, from the report's `data/events.csv`. Each outlet's "
        "earliest article of the event is shown.*",
        "",
        classroom_body(result, "##"),
    ]).rstrip("\n") + "\n"


def events_section(result: Analysis) -> str:
    """The report's section on events: how many, the busiest, and the side-by-side pages."""
    events = result.events
    per_event = events.group_by("event").agg(
        pl.col("label").first(), pl.col("first_date").first(), pl.col("last_date").first(),
        pl.col("articles").first(), pl.col("outlets").first(), pl.col("outlet_count").first(),
    )
    shared = per_event.filter(pl.col("outlet_count") >= 2).sort(
        ["outlet_count", "articles", "event"], descending=[True, True, False])
    parts = [
        "### Same event, different outlets",
        "",
        f"Articles were grouped into {number(per_event.height)} events by their words and "
        f"dates (`data/events.csv`; method in docs/events.md); {number(shared.height)} "
        f"{'was' if shared.height == 1 else 'were'} covered by two outlets or more.",
        "",
    ]
    if shared.height:
        rows = [
            [str(row["event"]), md(row["label"]), _dates(row["first_date"], row["last_date"]),
             number(row["articles"]), md(row["outlets"])]
            for row in shared.head(EVENTS_LISTED).iter_rows(named=True)
        ]
        parts += [table(["event", "label", "dates", "articles", "outlets"], rows, "rllrl"), ""]
        if shared.height > EVENTS_LISTED:
            parts += [f"*{number(shared.height - EVENTS_LISTED)} more in `data/events.csv`.*",
                      ""]
    parts += [
        "Side by side, the most instructive first (also in `classroom.md`, to print):",
        "",
        classroom_body(result, "####"),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def trends_section(result: Analysis, figures: Figures) -> str:
    """Framing over time: the period, undated articles, the chart."""
    undated = int(result.catalogue["date"].cast(pl.String).str.slice(0, 10)
                  .str.to_date("%Y-%m-%d", strict=False).null_count())
    total = result.catalogue.height
    parts = ["### Framing over time", ""]
    if result.trend_period is None:
        parts += [
            f"Not counted: the dated articles ({number(total - undated)} of {number(total)}) "
            "span four weeks or less.",
            "",
        ]
        return "\n".join(parts)
    periods = result.trends.filter(pl.col("period") != UNDATED)["period"].n_unique()
    parts += [
        f"Each outlet's framing terms per {result.trend_period} ({number(periods)} periods with "
        f"articles), with 95% exact Poisson intervals, are in `data/framing_trends.csv`; "
        f"{number(undated)} of {number(total)} articles have no date and are counted in the "
        f"period {quoted(UNDATED)}, so each term's uses over all periods add up to its count "
        "in `data/framing_rates.csv`.",
        "",
        figures.block("framing_trends"),
    ]
    return "\n".join(parts)
