"""Subjects of a verb of saying that no gazetteer word vouches for.

``phrases.is_speaker_like`` accepts a phrase naming a speaker by a known noun ("ministry",
"spokesman") or a name. Right before a verb of saying, English needs no such vouching: the noun
phrase there is its subject ("legal experts say", "her campaign said", "60 percent of voters
said", "both congressmen said", "Another said", "we say"). These rules accept such a subject
when its form is a noun phrase and it opens a clause, so that a word ending a longer clause is
not taken for one ("...helped the campaign said" has no such subject: "campaign" follows a verb).
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.attribution.function_words import (
    BETWEEN,
    DETERMINERS,
    JOINING,
    PRONOUNS,
    RELATIVES,
    STOPS,
)
from analysis.attribution.phrases import Token, is_speaker_like, phrase_after, phrase_before

# pronouns that are subjects besides he/she/they/it (function_words.PRONOUNS), lower case
SUBJECT_PRONOUNS = frozenset({"we", "you", "i", "who", "many", "others", "both", "one", "another"})
# words before a subject that open its clause
CLAUSE_OPENERS = frozenset(
    "and but or so because while though although as if when since that whereas yet why".split()
)
# lower-case heads that are not nouns naming someone: adverbs and words of time or place
NOT_HEADS = frozenset(
    "ago later earlier today yesterday tonight now then here there once also too again "
    "instead anyway however indeed recently".split()
)
# auxiliaries after which a verb of saying is no report: "Only time will tell"
MODALS = frozenset("will would can could may might should shall must".split())
# the longest plain subject, in tokens ("the vast majority of voters in Ohio")
MAX_WORDS = 7
# numbers written as words that may open a count ("Sixty percent", "Nine in 10")
NUMBER_WORDS = frozenset(
    "eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred".split()
)
# determiners that count nothing
ARTICLES_AND_POSSESSIVES = frozenset("the a an this these those its his her their our".split())
# lower-case words a source after "according to" may have before "of" ("the latest death toll")
MAX_LOWER_SOURCE = 3
# words before a participle that make it an adverbial clause of the subject's
# ("while saying", "after saying"; not "by insisting", which says how)
PARTICIPLE_OPENERS = frozenset({"while", "after", "before", "upon"})
# words before a passive without its auxiliary ("when asked")
REDUCED_OPENERS = frozenset({"when", "if", "after", "once", "until", "as", "before"})
# words after it that open a question or a request ("asked whether", "asked to comment")
QUESTION_WORDS = frozenset("if whether about how what why who where when which to".split())
# words that make a count approximate ("Almost half of respondents", "nearly 60 percent")
APPROXIMATE = frozenset(
    {"almost", "nearly", "about", "roughly", "only", "just", "over", "at", "least", "most"}
    | {"more", "fewer", "less", "than"}  # "more than 4 in 10"
)
# prepositions a plain subject may run over, read backwards from the verb
OUTER_LINKS = frozenset({"of", "in", "for", "from", "at"})
# words of a place or channel phrase after a source closing its clause ("in the 30-second spot")
PLACE_PHRASE_WORDS = 6
# dashes that close a dateline
DASHES = frozenset({"-", "—", "–", "--"})
# determiners of a singular noun phrase
SINGULAR_OPENERS = frozenset({"a", "an", "each", "every"})
# the longest aside between a subject and its verb, in tokens
ASIDE_TOKENS = 45
# words after a passive of asking that open the question ("was asked about", "was asked whether")
ASKED_ABOUT = QUESTION_WORDS - {"to"}
# words that count people in a poll: "60 percent of voters", "Six in 10", "47%"
COUNTING = frozenset(
    {"percent", "%", "majority", "plurality", "half", "third", "quarter", "dozen", "dozens"}
)


def counted_start(tokens: list[Token], first: int) -> int:
    """Where a phrase starting at tokens[first] starts when a count of people comes before it:
    "60 percent of | voters", "Six in | 10", "a majority of | Republicans"; else ``first``."""
    k = first - 1
    if k < 1 or tokens[k].lower not in ("of", "in"):
        return first
    k -= 1
    if not _counts(tokens[k]):
        return first
    start = k
    while k >= 0 and (
        _counts(tokens[k]) or tokens[k].lower in DETERMINERS or tokens[k].lower in APPROXIMATE
    ):
        start = k
        k -= 1
    return start


def plain_start(tokens: list[Token], first: int, known: Callable[[str], bool]) -> int:
    """Where a plain subject whose last part starts at tokens[first] starts: over a count of
    people (:func:`counted_start`) and over up to two "of"/"in"/"for"/"from"/"at" phrases
    ("Several supporters of | reform", "protest organizers in | Cleveland")."""
    start = counted_start(tokens, first)
    if start != first:
        return start
    if start > 0 and tokens[start].is_number and tokens[start - 1].lower in DETERMINERS:
        return start - 1  # "The 57-year-old scientist"
    if tokens[start].lower in DETERMINERS or tokens[start].is_number:
        while start > 0 and tokens[start - 1].lower in APPROXIMATE:
            start -= 1  # "at least a dozen members of Congress"
    for _ in range(2):
        link = start - 1
        if link < 1 or tokens[link].lower not in OUTER_LINKS:
            break
        outer = phrase_before(tokens, link - 1, known)
        if outer is None or outer[1] != link - 1:
            break
        start = counted_start(tokens, outer[0])
    return start


def _counts(token: Token) -> bool:
    """Is the token a number or a word of counting ("60", "Six", "percent", "%")?"""
    low = token.lower
    return (
        token.is_number
        or low in COUNTING
        or low in NUMBER_WORDS
        or (low in DETERMINERS and low not in ARTICLES_AND_POSSESSIVES)
    )


def is_plain_subject(tokens: list[Token], first: int, last: int) -> bool:
    """Can tokens[first..last], found right before a verb of saying, be its subject although
    no known noun or name vouches for it? True for a subject pronoun ("we"), and for a noun
    phrase that opens its clause (:func:`opens_clause`) whose head (its last word) is a
    lower-case noun-like word or a number of people ("60 percent of voters", "Six in 10")."""
    head = tokens[last]
    low = head.lower
    if first == last and low in SUBJECT_PRONOUNS:
        return True
    if not opens_clause(tokens, first):
        return False
    if head.text in COUNTING or low in COUNTING:
        return True
    if head.is_number:
        return first < last  # "Six in 10", not a bare figure
    if not is_noun_head(head) or last - first >= MAX_WORDS:
        return False
    return not _runs_into_name(tokens, first, last)


def is_noun_head(head: Token) -> bool:
    """Can this lower-case word end a noun phrase naming someone: no function word, adverb or
    word of time ("experts", "campaign"; not "however", "later", "recently")?"""
    low = head.lower
    return not (
        not head.text.replace("-", "").isalpha()  # "three-quarters", "co-founders"
        or low in STOPS
        or low in RELATIVES
        or low in NOT_HEADS
        or low.endswith("ly")
        or low in JOINING
    )


def _runs_into_name(tokens: list[Token], first: int, last: int) -> bool:
    """Does the phrase end with a capitalized word that follows a lower-case content word? In text
    stripped of its commas that is where one clause ends and a name starts ("... buying
    medicine for her mother Amnesty International said"); the name is then the speaker, if
    any, and a known word or the name rules vouch for it."""
    if not tokens[last].is_capitalized:
        return False  # "the former HP executive": the head is a lower-case noun
    leading = True  # still in the run of names and determiners that may open the phrase
    for k in range(first, last + 1):
        token = tokens[k]
        if not token.is_word:
            continue
        if token.is_capitalized:
            previous = tokens[k - 1].lower
            if not leading and previous not in JOINING and previous not in DETERMINERS:
                return True  # "mother Amnesty International", "Tokhar Amnesty International"
            continue
        if token.lower not in JOINING and token.lower not in DETERMINERS:
            leading = False
    return False


def speaker_follows(tokens: list[Token], after: int, known) -> bool:
    """Does a speaker-like phrase start at tokens[after] (right after the verb) and close its
    clause ("... purposes said Furati.", "said local sources speaking on condition of
    anonymity")? Then the verb is inverted and that phrase is its speaker, not the words
    before it."""
    span = phrase_after(tokens, after)
    if span is None or span[0] == span[1] and tokens[span[0]].lower in PRONOUNS:
        return False  # "said they, too, have": a pronoun after the verb is its content's subject
    if not is_speaker_like(tokens, span[0], span[1], known):
        return False
    if _runs_into_name(tokens, span[0], span[1]):
        return False  # "said people misunderstand Trump": a clause, no name
    if span[1] + 1 >= len(tokens):
        return True
    following = tokens[span[1] + 1]
    return (
        not following.is_word
        or following.is_capitalized
        or following.lower in DETERMINERS
        or following.lower in RELATIVES
        or (following.lower.endswith("ing") and not following.is_capitalized)
    )


def opens_clause(tokens: list[Token], first: int) -> bool:
    """Does tokens[first] open a clause: the sentence's start, or after a mark or a conjunction?
    A phrase after another word may be the end of a longer one, above all in text stripped of
    its commas ("... gave a toll of 20 in the strikes said")."""
    if first == 0:
        return True
    before = tokens[first - 1]
    return not before.is_word or before.lower in CLAUSE_OPENERS


def is_source_phrase(tokens: list[Token], first: int, last: int) -> bool:
    """Can tokens[first..last], after "according to", name a source although no known word or
    name vouches for it? Yes when its first part (before "of", "from", a comma) has at most
    MAX_LOWER_SOURCE lower-case words ("a new poll", "the latest death toll", "analysts");
    not "type location flight patterns", which says how, not who."""
    lower = 0
    for k in range(first, last + 1):
        token = tokens[k]
        if k > first and (token.lower in JOINING or token.text == ","):
            break
        if token.is_word and not token.is_capitalized and token.lower not in DETERMINERS:
            lower += 1
    return lower <= MAX_LOWER_SOURCE


def is_reduced_passive_question(cue_text: str, previous: Token | None, after: Token | None) -> bool:
    """Is a verb with an addressee ("asked", "told") a passive with its auxiliary left out,
    opening a clause and introducing a question: "when asked whether he would run", "Asked
    about the poll, she said"? The one who asked is not named: an attribution without a
    speaker."""
    if not (cue_text.endswith("ed") or cue_text == "told"):
        return False
    if previous is not None and previous.text != "," and previous.lower not in REDUCED_OPENERS:
        return False
    return after is not None and after.lower in QUESTION_WORDS


def is_main_subject(tokens: list[Token], first: int, last: int) -> bool:
    """Is the phrase opening a sentence's main clause (tokens[first..last]) a subject that may
    speak although no known word or name vouches for it: a determiner, then a noun-like head
    ("The Sanders campaign", "the man"), short enough to be one noun phrase?"""
    if tokens[first].lower not in DETERMINERS or last - first >= MAX_WORDS:
        return False
    head = last
    for k in range(first + 1, last + 1):
        if tokens[k].lower in JOINING or tokens[k].text == ",":
            break
        head = k
    return head > first and is_noun_head(tokens[head]) and not tokens[head].is_capitalized


def closes_clause(tokens: list[Token], k: int) -> bool:
    """Does the clause end at tokens[k]: the sentence's end, a mark, or a relative pronoun
    ("said a senior adviser, who ...")?"""
    if k >= len(tokens) or not tokens[k].is_word or tokens[k].lower in RELATIVES:
        return True
    if tokens[k].lower not in JOINING:
        return False
    # a short phrase of place or channel up to the next mark: "said the narrator in the
    # 30-second spot.", "said a spokesman in an e-mail,"
    for j in range(k + 1, min(k + 1 + PLACE_PHRASE_WORDS, len(tokens))):
        token = tokens[j]
        if not token.is_word and token.text not in "-'’":
            return token.text in ",.;:!?\"”'’)"
        if token.lower in BETWEEN:
            return False
    return k + 1 + PLACE_PHRASE_WORDS >= len(tokens)


def dateline_end(tokens: list[Token]) -> int:
    """The first token after a dateline opening the sentence ("WASHINGTON (AFP) -", "NEW YORK,
    N.Y. —"): upper-case words (commas and dots between), an agency in brackets if any, then
    a dash; 0 when there is none. A dateline is no subject."""
    n = len(tokens)
    k = 0
    while k < n and (
        (tokens[k].text[0].isalpha() and tokens[k].text.isupper())
        or (k > 0 and tokens[k].text in (",", "."))
    ):
        k += 1
    if k == 0:
        return 0
    if k < n and tokens[k].text == "(":
        close = next((j for j in range(k + 1, min(k + 8, n)) if tokens[j].text == ")"), None)
        if close is None:
            return 0
        k = close + 1
    if k >= n or tokens[k].text not in DASHES:
        return 0
    while k < n and tokens[k].text in DASHES:
        k += 1
    return k


def singular_before(tokens: list[Token], k: int) -> bool:
    """Do the words right before tokens[k] make a singular noun phrase opened by "a", "an",
    "each" or "every" ("A news", "an annual")? A bare form after it (tokens[k]: "report",
    "claim") is then a noun, since a verb would agree with it ("reports")."""
    for j in range(k - 1, max(k - 4, -1), -1):
        token = tokens[j]
        if not token.is_word or token.lower in STOPS or token.lower in JOINING:
            return False
        if token.lower in SINGULAR_OPENERS:
            return True
    return False


def aside_subject(
    tokens: list[Token], comma: int, known: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The subject before a long aside that ends with the comma at tokens[comma], right before
    the verb: "Sherrilyn Ifill, head of the NAACP Legal Defense and Educational Fund, said",
    "Sandy Phillips, who lost her daughter ... in Aurora, Colorado, in July 2012, said". The
    name must open the sentence or follow a conjunction or a quotation mark, and the aside
    (up to ASIDE_TOKENS tokens, commas allowed, no other mark) must open with a relative
    pronoun, a determiner or a lower-case word. Returns (first, last) token indices: the
    name with an apposition, or the name alone before a relative clause."""
    best = None
    for k in range(comma - 1, max(comma - ASIDE_TOKENS, 0), -1):
        token = tokens[k]
        if not token.is_word and token.text not in (",", ".", "-", "'", "’", "(", ")"):
            break  # a quotation mark, a colon: no aside
        if token.text != "," or k + 1 >= comma:
            continue
        opener = tokens[k + 1]
        if not (
            opener.lower in RELATIVES
            or opener.lower == "whose"
            or opener.lower in DETERMINERS
            or not opener.is_capitalized
        ):
            continue
        name = phrase_before(tokens, k - 1, known)
        if name is None or name[1] != k - 1:
            continue
        if not is_speaker_like(tokens, name[0], name[1], known):
            continue
        if name[0] > 0:
            before = tokens[name[0] - 1]
            if before.is_word and before.lower not in CLAUSE_OPENERS:
                continue
            if not before.is_word and before.text not in "\"“”'’":
                continue
        relative = opener.lower in RELATIVES or opener.lower == "whose"
        best = (name[0], name[1] if relative else comma - 1)
    return best


_FIRST_PERSON = frozenset({"i", "we", "you", "they"})


def manner_after(tokens: list[Token], k: int) -> Token | None:
    """The gerund of a manner, not an agent, after "by" (from tokens[k]), past adverbs in -ly:
    "blocking" of "responded by abruptly blocking", "saying" of "responded by saying"; else
    None."""
    while k < len(tokens) and tokens[k].lower.endswith("ly") and not tokens[k].is_capitalized:
        k += 1
    if k >= len(tokens) or tokens[k].is_capitalized or not tokens[k].lower.endswith("ing"):
        return None
    return tokens[k]


def singular_name(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] a capitalized name in the singular that a bare verb form cannot follow as
    its subject ("FEC", "AP", "Research"; not "I", "We", "Democrats", nor the last of two
    names joined by "and": "Mr. Autor and Mr. Hanson emphasize")?"""
    token = tokens[k]
    if not (token.is_word and token.is_capitalized):
        return False
    if token.lower.replace("’", "'").partition("'")[0] in _FIRST_PERSON:  # "We", "I'd"
        return False
    if token.lower.endswith("s"):
        return False
    for before in tokens[max(k - 5, 0) : k]:
        if before.lower == "and":
            return False
    return True
