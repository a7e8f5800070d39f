"""Surface forms of a lexicon term: inflection and spelling rules, separators and the lookup key.

A lexicon lists each term once ("militant", "liberate"); the rules here generate the words a
text actually contains ("militants", "liberated", "liberation"). The same rules are described
for readers in the header of ``analysis/data/lexicon.toml``; keep the two in step.

Separators are the characters that may stand between the words of a term in a text: spaces,
hyphens and quotation marks, so that ``so-called moderate opposition`` also matches
``so called “moderate opposition”``. The *key* of a text is its lower-case letters and digits
with every separator removed; a match is mapped back to its term by looking its key up in a dict.
"""

from __future__ import annotations

import functools
import re

# Characters that join the parts of a hyphenated word: hyphen-minus, hyphen, non-breaking
# hyphen, figure dash and en dash (scraped text often has an en dash for a hyphen).
HYPHENS = "-\u2010\u2011\u2012\u2013"
# Quotation marks and apostrophes, straight and curly, including guillemets.
QUOTES = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u02bc"
# The apostrophes a possessive or contraction may be written with.
APOSTROPHES = "'\u2019\u2018\u02bc"

_DELETE = str.maketrans("", "", HYPHENS + QUOTES)


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(char) for char in chars) + "]"


# A space in a term: one or more spaces, hyphens or quotation marks ("so-called “moderate").
SPACE_REGEX = r"[\s" + _char_class(QUOTES + HYPHENS[:-1])[1:-1] + "]+"
# A hyphen in a term: a hyphen or dash, spaces, or nothing ("so-called", "so called", "socalled").
HYPHEN_REGEX = r"[\s" + _char_class(HYPHENS)[1:-1] + "]*"
# An apostrophe in a term: any apostrophe ("Assad's" and "Assad’s").
APOSTROPHE_REGEX = _char_class(APOSTROPHES)

OPENING_TO_CLOSING = {
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
    "\u00ab": "\u00bb",
    "\u2039": "\u203a",
    '"': '"',
}


def key(text: str) -> str:
    """Lookup key of ``text``: lower case, with spaces, hyphens and quotation marks removed."""
    return "".join(text.lower().translate(_DELETE).split())


def tidy(term: str) -> str:
    """A term as written in a lexicon, with runs of spaces collapsed and spaced hyphens closed."""
    term = " ".join(term.split())
    return re.sub(r"\s*[" + re.escape(HYPHENS) + r"]\s*", "-", term)


def has_word_character(term: str) -> bool:
    """True when ``term`` contains a letter or digit (otherwise it can never match as a word)."""
    return any(char.isalnum() for char in term)


# --- inflection ---------------------------------------------------------------------------------

_VOWELS = "aeiou"


def s_form(word: str) -> str:
    """``word`` with a regular -s ending: plural of a noun, third person of a verb."""
    lower = word.lower()
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def plural(word: str) -> str:
    """The regular English plural of ``word`` ("gunman" -> "gunmen", "city" -> "cities")."""
    if word.lower().endswith("man") and len(word) > 4:
        return word[:-3] + "men"
    return s_form(word)


def _ends_consonant_vowel_consonant(lower: str) -> bool:
    return (
        len(lower) >= 3
        and lower[-1] not in _VOWELS + "wxy"
        and lower[-2] in _VOWELS
        and lower[-3] not in _VOWELS
    )


def verb_forms(word: str) -> list[str]:
    """The base, -s, -ed and -ing forms of a regular verb, and -ation for verbs in -ate."""
    lower = word.lower()
    forms = [word, s_form(word)]
    if lower.endswith("ie"):
        forms += [word + "d", word[:-2] + "ying"]
    elif lower.endswith("ee"):
        forms += [word + "d", word + "ing"]
    elif lower.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    elif len(lower) > 1 and lower.endswith("y") and lower[-2] not in _VOWELS:
        forms += [word[:-1] + "ied", word + "ing"]
    else:
        forms += [word + "ed", word + "ing"]
        if _ends_consonant_vowel_consonant(lower):
            # "ban" -> "banned"; the undoubled form stays too (it is harmless when unused).
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    if lower.endswith("ate"):
        forms += [word[:-1] + "ion", word[:-1] + "ions"]
    return forms


def _replace_last_word(term: str, replacement: str) -> str:
    match = re.search(r"\w+$", term)
    if match is None:
        return term
    return term[: match.start()] + replacement


def inflections(term: str, inflect: str) -> list[str]:
    """Forms of ``term`` by rule: ``inflect`` is 'noun' (plural), 'verb' or 'none'.

    Only the last word of a term changes ("armed group" -> "armed groups").
    """
    match = re.search(r"\w+$", term)
    if inflect == "none" or match is None or not match.group().isalpha():
        return [term]
    last = match.group()
    if inflect == "noun":
        if last.lower().endswith("s") and not last.lower().endswith(("ss", "us", "is")):
            return [term]  # already plural: "government forces"
        return [term, _replace_last_word(term, plural(last))]
    return [_replace_last_word(term, form) for form in verb_forms(last)]


# --- British and American spellings ---------------------------------------------------------------

# (British suffix pattern, American replacement) and back; applied to words of 5+ letters.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1"),
    (r"iz(e|es|ed|ing|ation|ations|er|ers)$", r"is\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"([^aeiou])our(s|ed|ing|ite|ites|able|hood|hoods)?$", r"\1or\2"),
    (
        r"^(arm|behavi|col|endeav|fav|flav|harb|hon|hum|lab|neighb|rum|sav|vap|vig)or"
        r"(s|ed|ing|ite|ites|able|hood|hoods)?$",
        r"\1our\2",
    ),
    (r"(t|b)re(s|d)?$", r"\1er\2"),
    (r"^(cent|theat|met|lit|fib|sab|spect|calib|somb|lust|manoeuv)er(s|ed|ing)?$", r"\1re\2"),
    (r"(fen|licen|preten)ce(s)?$", r"\1se\2"),
    (r"(fen|licen|preten)se(s)?$", r"\1ce\2"),
    (r"(alog|olog)ue(s)?$", r"\1\2"),
    (r"(alog|olog)(s)?$", r"\1ue\2"),
    (r"ell(ed|ing)$", r"el\1"),
    (r"([^l])el(ed|ing)$", r"\1ell\2"),
    (r"^(h|p|an)ae", r"\1e"),
    (r"ogramme(s)?$", r"ogram\1"),
    (r"ogram(s)?$", r"ogramme\1"),
)
_COMPILED_SPELLING_RULES = tuple((re.compile(p), r) for p, r in _SPELLING_RULES)
# One search that tells whether any rule applies (most words need none of them).
_ANY_SPELLING_RULE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in _SPELLING_RULES))


@functools.lru_cache(maxsize=65536)
def _word_spellings(word: str) -> tuple[str, ...]:
    spellings = [word]
    lower = word.lower()
    if len(word) < 5 or not word.isalpha() or not _ANY_SPELLING_RULE.search(lower):
        return tuple(spellings)
    for pattern, replacement in _COMPILED_SPELLING_RULES:
        if pattern.search(lower):
            variant = pattern.sub(replacement, lower)
            if variant != lower and variant not in spellings:
                spellings.append(variant)
    return tuple(spellings)


def word_spellings(word: str) -> list[str]:
    """``word`` and its other national spellings (organise/organize, centre/center ...)."""
    return list(_word_spellings(word))


def spellings(form: str) -> list[str]:
    """``form`` and its variants with each word in either national spelling (at most 16)."""
    pieces = re.split(r"(\w+)", form)
    variants = [""]
    for index, piece in enumerate(pieces):
        options = word_spellings(piece) if index % 2 else [piece]
        variants = [done + option for done in variants for option in options][:16]
    return variants


def generated_forms(term: str, inflect: str, forms: tuple[str, ...] = ()) -> list[str]:
    """Every surface form of a term: its inflections, the explicit ``forms``, and spellings.

    The list keeps the written term first and has no repeats (ignoring case). Forms with the
    same key but different separators are all kept: "air-strike" matches more spellings
    (air strike, air-strike, airstrike) than "airstrike" does.
    """
    seen: set[str] = set()
    result: list[str] = []
    for base in [*inflections(term, inflect), *forms]:
        for variant in spellings(tidy(base)):
            if key(variant) and variant.lower() not in seen:
                seen.add(variant.lower())
                result.append(variant)
    return result


def boundaries(form: str) -> set[int]:
    """Positions in ``key(form)`` where a word may start or end: its ends and every separator.

    Used to tell whether forms of two categories can ever overlap in a text.
    """
    positions = {0}
    position = 0
    for char in form.lower():
        removed = char.isspace() or char in HYPHENS or char in QUOTES
        if removed or not (char.isalnum() or char == "_"):
            positions.add(position)
        if not removed:
            position += 1
            if not (char.isalnum() or char == "_"):
                positions.add(position)
    positions.add(position)
    return positions
