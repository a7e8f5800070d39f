"""Typing speakers from their article: a name with no title is typed by how the article
introduces it elsewhere.

News writes a title once ("Republican presidential candidate Donald Trump", "Sen. Bernie
Sanders (I-Vt.)", "Sexton, a creative writing professor,") and the bare name afterwards
("Trump said"). The gazetteer types a speaker from its own words, so the bare name stays
'unknown'. :func:`type_from_article` reads, for each such speaker, the words written right
before every mention of its name in the article (a run of capitalized words and words the
gazetteer knows: "Vermont Sen.", "GOP front-runner"), the apposition right after it (", a
senator from Vermont,"), a US party label ("(R-Texas)") and an office after it ("the Trump
campaign", "the Obama administration", "Clinton's running mate"), types each with the gazetteer, and
gives every attribution of that speaker in the article the type most of them agree on.

An unresolved "he" or "she" (no earlier speaker could be its antecedent) is typed as the last
full name written shortly before it, when the article introduces that name with a person's type.

Across a corpus, :func:`type_across_articles` gives a name still 'unknown' in one article the
type other articles agree on (run on the whole corpus, after its batches are joined).

A speaker still 'unknown' whose words alone have a type (an unowned "the statement", typed by
the resolver as a document of unknown issuer) takes that type.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator

import polars as pl

from analysis.attribution.gazetteer import Gazetteer
from analysis.stored import StoredTable

#: Words before a name read as its title, at most (a title is short: "Republican presidential
#: candidate", "former Secretary of State").
TITLE_WORDS = 6
TITLE_CHARACTERS = 120
#: Characters read after a name for an apposition (", the Republican front-runner,").
APPOSITION_CHARACTERS = 90

#: An unresolved "he" or "she" is typed as the last full name written up to this many
#: characters before it, when the article introduces that name with a person's type.
NAME_DISTANCE = 400
PERSON_PRONOUNS = frozenset({"he", "she"})
PERSON_TYPES = frozenset(
    {"official", "party_campaign", "court", "expert", "business", "media", "ordinary_people"}
)

_FULL_NAME = re.compile(
    r"(?<![\w.])[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]*[a-z]){1,2}(?![\w-])"
)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_APPOSITION = re.compile(
    r",\s+((?:a|an|the|who is|who was|now|then|[A-Z][\w.-]*['’]s)\s[^,;:.()\"“”]{2,80})"
)
#: What follows the name of a politician: "Trump's campaign", "the Obama administration",
#: "Clinton's running mate", "Sanders's presidential bid".
_OFFICE_AFTER = re.compile(
    r"(?:['’]s?\s+(?:[a-z-]+\s+){0,2}|\s+)(?:presidential\s+|reelection\s+|re-election\s+|Senate\s+)?"
    r"(?:campaign|administration|candidacy|presidency|running\s+mate|bid|White\s+House\s+bid)"
    r"(?![\w-])"
)
_PARTY_LABEL = re.compile(r"\s*\((?:R|D|I)-[A-Z][\w. ]{0,20}\)")
_JOINING = frozenset({"of", "for", "the", "to", "and"})


def type_from_article(
    attributions: pl.DataFrame, articles: pl.DataFrame, gazetteer: Gazetteer
) -> pl.DataFrame:
    """``attributions`` (ATTRIBUTIONS) with 'unknown' speakers typed from their article.

    ``articles`` holds ``id`` and ``clean_text``. Rows typed anything but 'unknown' are
    unchanged; see the module docstring for the rules. Returns a table of the same schema and
    row order.
    """
    unknown = attributions.filter(pl.col("speaker_type") == "unknown")
    if unknown.is_empty():
        return attributions
    texts = dict(
        articles.filter(pl.col("id").is_in(unknown["id"].unique().implode()))
        .select("id", "clean_text")
        .iter_rows()
    )
    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    classify = functools.lru_cache(maxsize=1 << 14)(gazetteer.classify)  # titles recur
    named: dict[tuple[str, str], tuple[str, str | None] | None] = {}  # (article, name) -> type

    def type_of_name(article_id: str, name: str) -> tuple[str, str | None] | None:
        """_type_of_name in the article, once per name (an untyped name recurs)."""
        if (article_id, name) not in named:
            named[(article_id, name)] = _type_of_name(
                texts.get(article_id) or "", name, gazetteer, classify
            )
        return named[(article_id, name)]

    pronouns: list[tuple[str, int]] = []
    for article_id, speaker, canonical, start in unknown.select(
        "id", "speaker", "speaker_canonical", "speaker_start"
    ).iter_rows():
        if canonical is None or (article_id, canonical) in found:
            continue
        if canonical.lower() in PERSON_PRONOUNS:
            pronouns.append((article_id, start))
            continue
        typed = type_of_name(article_id, canonical)
        if typed is None and speaker is not None:
            own = classify(speaker)
            typed = own if own[0] != "unknown" else None
        if typed is not None:
            found[(article_id, canonical)] = typed
    by_position: dict[tuple[str, int], tuple[str, str | None]] = {}
    for article_id, start in pronouns:
        name = _name_before(texts.get(article_id) or "", start)
        if name is not None:
            typed = type_of_name(article_id, name)
            if typed is not None and typed[0] in PERSON_TYPES:
                by_position[(article_id, start)] = typed
    if not found and not by_position:
        return attributions
    if by_position:
        attributions = _typed_at(attributions, by_position)
    if not found:
        return attributions
    typed_table = pl.DataFrame(
        {
            "id": [key[0] for key in found],
            "speaker_canonical": [key[1] for key in found],
            "_type": [value[0] for value in found.values()],
            "_country": [value[1] for value in found.values()],
        },
        schema={"id": pl.String, "speaker_canonical": pl.String, "_type": pl.String,
                "_country": pl.String},
    )
    is_unknown = pl.col("speaker_type") == "unknown"
    return (
        attributions.join(typed_table, on=["id", "speaker_canonical"], how="left",
                          maintain_order="left")
        .with_columns(
            pl.when(is_unknown & pl.col("_type").is_not_null())
            .then(pl.col("_type"))
            .otherwise(pl.col("speaker_type"))
            .alias("speaker_type"),
            pl.when(is_unknown & pl.col("_type").is_not_null())
            .then(pl.coalesce("country", "_country"))
            .otherwise(pl.col("country"))
            .alias("country"),
        )
        .select(attributions.columns)
    )


def _typed_at(
    attributions: pl.DataFrame, typed: dict[tuple[str, int], tuple[str, str | None]]
) -> pl.DataFrame:
    """``attributions`` with the speakers at (id, speaker_start) in ``typed`` given its type."""
    table = pl.DataFrame(
        {
            "id": [key[0] for key in typed],
            "speaker_start": [key[1] for key in typed],
            "_type": [value[0] for value in typed.values()],
            "_country": [value[1] for value in typed.values()],
        },
        schema={"id": pl.String, "speaker_start": pl.Int64, "_type": pl.String,
                "_country": pl.String},
    )
    chosen = (pl.col("speaker_type") == "unknown") & pl.col("_type").is_not_null()
    return (
        attributions.join(table, on=["id", "speaker_start"], how="left", maintain_order="left")
        .with_columns(
            pl.when(chosen).then(pl.col("_type")).otherwise(pl.col("speaker_type"))
            .alias("speaker_type"),
            pl.when(chosen).then(pl.col("_country")).otherwise(pl.col("country"))
            .alias("country"),
        )
        .select(attributions.columns)
    )


def _name_before(text: str, position: int | None) -> str | None:
    """The last full name (two or three capitalized words) written before ``position`` in
    ``text``, within NAME_DISTANCE characters, or None."""
    if position is None:
        return None
    names = list(_FULL_NAME.finditer(text, max(0, position - NAME_DISTANCE), position))
    return names[-1].group() if names else None


def _type_of_name(
    text: str, name: str, gazetteer: Gazetteer, classify: Callable[[str], tuple[str, str | None]]
) -> tuple[str, str | None] | None:
    """The (type, country) most mentions of ``name`` in ``text`` agree on, or None.
    ``classify`` is ``gazetteer.classify``, possibly remembered between calls."""
    words = name.split()
    if not text or not 1 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    name = " ".join(words)
    votes: Counter[str] = Counter()
    countries: dict[str, str | None] = {}
    mentions = [(start, len(name), True) for start in _mentions(text, name)]
    if len(words) > 1:
        # "Sen. Sanders", "Carson, a retired neurosurgeon,": the surname on its own, with a
        # title right before it (no first name: that may be another person of the name);
        # not the surname inside a mention of the full name (starting len(name) characters
        # before it or less)
        surname = words[-1]
        full_starts = [start for start, _, _ in mentions]  # in order
        mentions += [
            (start, len(surname), False)
            for start in _mentions(text, surname)
            if (at := bisect.bisect_right(full_starts, start)) == 0
            or full_starts[at - 1] <= start - len(name)
        ]
    for start, length, full in mentions:
        for type_code, country in _readings(text, start, start + length, name, gazetteer,
                                            classify, skip_name=full):
            if type_code in ("unknown", "anonymous", "document"):
                continue  # "a statement Wednesday" is no title; a name is no document
            votes[type_code] += 1
            if countries.get(type_code) is None:
                countries[type_code] = country
    if not votes:
        return None
    best = max(votes.values())
    # ties go to the type first met in the article (Counter keeps insertion order)
    type_code = next(code for code, count in votes.items() if count == best)
    return type_code, countries.get(type_code)


def _mentions(text: str, name: str) -> list[int]:
    """Where ``name`` is written in ``text`` as whole words (not inside "Trumpism" or
    "Jean-Clinton"); str.find, which is much faster than a pattern per name."""
    found = []
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        # neither is a word character (letter, digit, "_") nor "-"
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            found.append(at)
        at = text.find(name, at + 1)
    return found


def _readings(
    text: str,
    start: int,
    end: int,
    name: str,
    gazetteer: Gazetteer,
    classify: Callable[[str], tuple[str, str | None]],
    *,
    skip_name: bool = True,
) -> Iterator[tuple[str, str | None]]:
    """The (type, country) of each way the article introduces ``name`` at text[start:end];
    with ``skip_name`` false, a title must stand right before it (no first name between)."""
    title = _title_before(text, start, gazetteer, skip_name=skip_name)
    if title:
        yield classify(f"{title} {name}")
    elif text[max(0, start - 2) : start] == ", ":
        # "the presumptive Republican nominee, Donald Trump"
        title = _title_before(text, start - 2, gazetteer, skip_name=False)
        if title:
            yield classify(title)
    after = text[end : end + APPOSITION_CHARACTERS]
    if _PARTY_LABEL.match(after):
        yield "official", gazetteer.country_of("US")
    if _OFFICE_AFTER.match(after):
        yield "official", None  # "the Trump campaign", "Clinton's running mate"
    apposition = _APPOSITION.match(after)
    if apposition:
        yield classify(apposition.group(1))


def _title_before(
    text: str, position: int, gazetteer: Gazetteer, *, skip_name: bool = True
) -> str:
    """The run of title-like words right before ``position``: capitalized words and words the
    gazetteer knows, with "of"/"for"/"the" between them; at most TITLE_WORDS words, within
    TITLE_CHARACTERS characters, with only spaces between them."""
    taken: list[str] = []
    end = position
    floor = max(0, position - TITLE_CHARACTERS)
    while len(taken) < TITLE_WORDS:
        stop = end
        while stop > floor and text[stop - 1].isspace():
            stop -= 1
        begin = stop
        while begin > floor and (text[begin - 1].isalnum() or text[begin - 1] in "_'’.-"):
            begin -= 1
        if begin == stop:
            break  # punctuation, a quotation mark, or the window's start
        word = text[begin:stop]
        bare = word.rstrip(".").strip("'’")
        if not bare:
            break
        if word.endswith(".") and len(bare) > 4 and bare[0].islower():
            break  # the end of the sentence before
        if not (bare[0].isupper() or gazetteer.is_known_word(bare) or bare in _JOINING):
            break
        taken.append(word)
        end = begin
    while taken and taken[-1].lower() in _JOINING:
        taken.pop()
    # the word next to the name (or to its first name) must be a title the gazetteer knows:
    # "GOP nominee Donald Trump", not "told NBC Trump"
    skip = 1 if skip_name and taken and not _known(taken[0], gazetteer) else 0
    if len(taken) <= skip or not _known(taken[skip], gazetteer):
        return ""
    return " ".join(reversed(taken))


def _known(word: str, gazetteer: Gazetteer) -> bool:
    return gazetteer.is_known_word(word.rstrip(".").strip("'’"))


#: A name is typed across a corpus when at least this share of its typed attributions agree,
#: in at least this many articles (a bare surname needs more: it may be another person's).
CORPUS_AGREEMENT = 2 / 3
CORPUS_ARTICLES = 2
SURNAME_AGREEMENT = 0.8
SURNAME_ARTICLES = 3


def type_across_articles(attributions: pl.DataFrame) -> pl.DataFrame:
    """``attributions`` (ATTRIBUTIONS, at least id, speaker_canonical, speaker_type, country)
    with each 'unknown' speaker whose canonical name is typed in other articles of the corpus
    given that type: "Donald Trump said" in an article that never titles him is the official
    that other articles call "Republican nominee Donald Trump".

    Only personal names (one to four capitalized words) are carried over, when the typed
    attributions of the name agree on one type (CORPUS_AGREEMENT of them, in CORPUS_ARTICLES
    articles; SURNAME_AGREEMENT and SURNAME_ARTICLES for a one-word name). Row order and
    schema are kept.
    """
    if attributions.is_empty():
        return attributions
    name = pl.col("speaker_canonical").str.contains(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}$")
    typed = attributions.filter(
        name & ~pl.col("speaker_type").is_in(["unknown", "anonymous", "document"])
    )
    if typed.is_empty():
        return attributions
    votes = (
        typed.group_by("speaker_canonical", "speaker_type")
        .agg(
            pl.len().alias("count"),
            pl.col("id").n_unique().alias("articles"),
            pl.col("country").drop_nulls().mode().sort().first().alias("_country"),
        )
        .with_columns(
            (pl.col("count") / pl.col("count").sum().over("speaker_canonical")).alias("agree")
        )
        .sort(["speaker_canonical", "count", "speaker_type"], descending=[False, True, False])
        .group_by("speaker_canonical", maintain_order=True)
        .first()
    )
    one_word = ~pl.col("speaker_canonical").str.contains(" ")
    chosen = votes.filter(
        pl.when(one_word)
        .then((pl.col("agree") >= SURNAME_AGREEMENT) & (pl.col("articles") >= SURNAME_ARTICLES))
        .otherwise(
            (pl.col("agree") >= CORPUS_AGREEMENT) & (pl.col("articles") >= CORPUS_ARTICLES)
        )
    ).select("speaker_canonical", pl.col("speaker_type").alias("_type"), "_country")
    if chosen.is_empty():
        return attributions
    retyped = (pl.col("speaker_type") == "unknown") & pl.col("_type").is_not_null()
    return (
        attributions.join(chosen, on="speaker_canonical", how="left", maintain_order="left")
        .with_columns(
            pl.when(retyped).then(pl.col("_type")).otherwise(pl.col("speaker_type"))
            .alias("speaker_type"),
            pl.when(retyped).then(pl.coalesce("country", "_country")).otherwise(pl.col("country"))
            .alias("country"),
        )
        .select(attributions.columns)
    )


def type_stored_across_articles(table: StoredTable, folder: str) -> StoredTable:
    """:func:`type_across_articles` for the stored ATTRIBUTIONS of a whole corpus (after its
    batches are joined): the same table when no speaker changes type, else the retyped table
    written to ``folder``, a file at a time. Reads the whole table only when something
    changes, and then only the columns the typing needs."""
    columns = ["id", "speaker_canonical", "speaker_type", "country"]
    before = table.read(columns)
    after = type_across_articles(before)
    if after["speaker_type"].equals(before["speaker_type"]):
        return table
    del before
    # Rewritten a stored file at a time: the whole table is never read at once.
    retyped, offset = [], 0
    for part in table.parts():
        changed = [after[name].slice(offset, part.height) for name in ("speaker_type", "country")]
        retyped.append(StoredTable.write(part.with_columns(changed), folder))
        offset += part.height
    return StoredTable.join(retyped)
