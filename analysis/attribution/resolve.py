"""Canonical speakers within an article: pronouns, short mentions and name variants.

Speakers are resolved in the order they appear, each against the speakers before it:

* no speaker (an agentless passive: "the plan was said to") -> no canonical, type 'anonymous';
* "he"/"she" -> the nearest earlier person not known to be a woman/a man (words of the
  gazetteer's [persons] female and male lists, such as "spokeswoman", "Mr", "Maria", or a
  woman's surname ending, "Zakharova"); "they" -> the nearest earlier plural speaker (else
  organization); "it" -> the nearest earlier organization or document;
* a document that speaks for its issuer ("the statement", "the ministry's statement") -> the
  issuer named before "'s", else the nearest earlier speaker that is not a document;
* a short definite mention ("the ministry", "the Russian general", "Foreign Minister": only
  lower-case words, nationality adjectives and titles) -> the nearest earlier speaker whose
  words include its head noun, and that is no person when the head names an organization
  ("the observatory" is not "Observatory director Rami Abdel Rahman") and then of the type
  its words give, if any, or 'unknown' ("the monitoring group", a monitor, is not an earlier
  "Islamic State group");
* a bare name ("Rudskoy", "dpa") -> the nearest earlier speaker, or failing that the nearest
  earlier run of capitalized words in the article, that contains it;
* anything else is a full mention: its canonical form is the person's name without titles
  ("Lieutenant-General Sergei Rudskoy" -> "Sergei Rudskoy"), else the gazetteer's name for a
  listed source ("dpa news agency" -> "Deutsche Presse-Agentur"), else the mention without a
  leading article.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from dataclasses import dataclass, field

from analysis.attribution.function_words import (
    DETERMINERS,
    INDEFINITE,
    JOINING,
    PARTICLES,
    PRONOUNS,
)
from analysis.attribution.gazetteer import Gazetteer, normalize
from analysis.attribution.phrases import Token, tokenize
from analysis.attribution.speakers import EarlierSpeakers, Speaker, speaker_as
from analysis.reporting_verbs import ReportingVerbs
from analysis.tokens import WORD_PATTERN

_RUN_PARTICLES = ("de", "al", "el", "bin", "van", "von", "der")
# Words that are capitalized at the start of a sentence or heading but do not start a name:
# a run does not begin with one ("After Aleppo ..." gives "Aleppo", "Like Noha Samira ..."
# gives "Noha Samira"), though one may sit inside a name ("Doctors Without Borders").
_NOT_FIRST_IN_RUN = (
    "About", "Above", "According", "Across", "After", "Against", "Along", "Also", "Although",
    "Amid", "Among", "And", "Another", "Around", "As", "At", "Because", "Before", "Behind",
    "Below", "Between", "Beyond", "Both", "But", "By", "Despite", "During", "Each", "Earlier",
    "Even", "Every", "Following", "For", "From", "However", "If", "In", "Inside", "Into",
    "Its", "Later", "Like", "Meanwhile", "Near", "Now", "Of", "On", "Once", "Or", "Outside",
    "Over", "Since", "So", "Some", "Such", "Then", "These", "This", "Those", "Though",
    "Through", "To", "Toward", "Towards", "Under", "Unlike", "Until", "Upon", "When",
    "Where", "While", "With", "Within", "Without", "Yet",
)
_CAPITALIZED_RUN = re.compile(
    rf"(?!(?:{'|'.join(_NOT_FIRST_IN_RUN)})\s)"
    rf"(?:[A-Z][\w’'.-]*\s+(?:(?:{'|'.join(_RUN_PARTICLES)})\s+)?){{1,6}}"
)
_CAPITAL = re.compile("[A-Z]")
# one word in brackets, as an abbreviation or an aside follows a name: "(SOHR)", "(pictured)"
_BRACKETED_WORD = re.compile(rf"\s*(?:\({WORD_PATTERN}\)|\[{WORD_PATTERN}\])")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_OWNED_DOCUMENT = re.compile(r"(.+?)[’']s\s+\S+$")  # "the ministry's statement"
# A character no capitalized run can hold (see SpeakerResolver._last_run_ending_in).
_BARRIER = re.compile(r"[^\w\s’'.-]")
# _CAPITALIZED_RUN + a word, for a stretch of text searched as "stretch\0word": the lookahead
# reads the word off the end and the back-reference matches it, so one compiled pattern serves
# every word (building a pattern per word costs a millisecond) and matches exactly as
# _CAPITALIZED_RUN + re.escape(word) + \b would in the stretch.
_LONG_STRETCH = 2000  # characters; longer stretches use a pattern built for the word
_RUN_ENDING_IN_WORD = re.compile(
    rf"(?=[A-Z])(?=[^\x00]*\x00(?P<word>[^\x00]*)\Z){_CAPITALIZED_RUN.pattern}(?P=word)\b"
)


@dataclass
class _Reading:
    """What the resolver reads off a mention's own words, before looking at earlier speakers."""

    tokens: list[Token]  # its words
    words: list[str]  # the same, lower case
    pronoun: bool = False
    head: str | None = None
    document: Speaker | None = None  # the speaker of a document that is a source of its own
    short: bool = False  # a short definite mention ("the ministry")
    kind: str | None = None  # an organization's type, when its words tell ("monitoring group")
    name_variant_words: list[str] | None = None  # a bare name to look for in earlier mentions


@dataclass
class ResolverMemo:
    """What resolving learns from a mention's words alone, shared across articles: the reading
    of each mention and the speaker of each full mention. Valid for one gazetteer and one
    vocabulary of reporting verbs."""

    readings: dict[str, _Reading] = field(default_factory=dict)
    full_mentions: dict[str, Speaker] = field(default_factory=dict)


class SpeakerResolver:
    """Resolves the speakers of one article in order; build one per article."""

    def __init__(
        self,
        text: str,
        gazetteer: Gazetteer,
        verbs: ReportingVerbs,
        memo: ResolverMemo | None = None,
    ) -> None:
        """``memo`` may be shared by the resolvers of many articles that use the same
        gazetteer and verbs (see :class:`ResolverMemo`)."""
        self.text = text
        self.gazetteer = gazetteer
        self.verbs = verbs
        self.earlier = EarlierSpeakers()
        self._titles = gazetteer.title_words
        self._organizations = gazetteer.organization_words
        self.memo = ResolverMemo() if memo is None else memo

    def resolve(self, written: str | None, position: int) -> Speaker:
        """Resolve ``written`` (the speaker as written, or None) found at ``position``."""
        speaker = self._resolve(written, position)
        if not (written and self._reading(written).pronoun and speaker.canonical == written):
            self.earlier.add(speaker)  # a pronoun left unresolved stands for no one later
        return speaker

    # -- the cases, in the order of the module docstring ---------------------------------------
    def _resolve(self, written: str | None, position: int) -> Speaker:
        if not written:
            return Speaker(None, None, "anonymous", None)
        reading = self._reading(written)
        tokens = reading.tokens
        if not tokens:
            return Speaker(written, written, "unknown", None)
        if reading.pronoun:
            return self._pronoun(written, reading.words[0])
        head = reading.head
        if head in self.verbs.issued_documents:
            return self._issued_document(written)
        if reading.document is not None:
            return reading.document
        if reading.short:
            target = self.earlier.latest_with_word(
                head, organization=head in self._organizations, kind=reading.kind
            )
            if target is not None:
                return speaker_as(target, written)
        elif reading.name_variant_words is not None:
            variant = self._name_variant(written, reading.name_variant_words, position)
            if variant is not None:
                return variant
        return self._full_mention(written, tokens)

    def _reading(self, written: str) -> _Reading:
        """What ``written`` says on its own (kept in the memo: mentions recur)."""
        reading = self.memo.readings.get(written)
        if reading is not None:
            return reading
        tokens = [t for t in tokenize(written, 0, len(written)) if t.is_word]
        words = [t.lower for t in tokens]
        reading = _Reading(tokens, words)
        self.memo.readings[written] = reading
        if not tokens or (len(words) == 1 and words[0] in PRONOUNS):
            reading.pronoun = bool(tokens)
            return reading
        reading.head = self._head(tokens)
        if reading.head in self.verbs.issued_documents:
            return reading
        if reading.head in self.verbs.other_documents:
            type_code, country = self.gazetteer.classify(written)
            reading.document = Speaker(
                written, _strip_article(written), type_code, country, document=True
            )
            return reading
        reading.short = self._is_short_mention(tokens)
        if reading.short:
            if reading.head in self._organizations:
                kind = self.gazetteer.classify(written)[0]
                reading.kind = None if kind in ("unknown", "anonymous") else kind
        else:
            name = [t for t in tokens if t.lower not in DETERMINERS]
            # "One Syrian", "a Russian": a new speaker, not an earlier one with that word
            nationality = all(self.gazetteer.is_nationality(t.text) for t in name)
            if (
                name
                and not (words[0] in INDEFINITE and nationality)
                and len(name) <= 3
                and all(t.is_capitalized for t in name)
            ):
                reading.name_variant_words = [t.lower for t in name]
            elif len(tokens) == 1 and self.gazetteer.find_source(written):
                reading.name_variant_words = words  # "dpa"
        return reading

    def _pronoun(self, written: str, pronoun: str) -> Speaker:
        if pronoun == "he":
            target = self.earlier.not_female
        elif pronoun == "she":
            target = self.earlier.not_male
        elif pronoun == "they":
            target = self.earlier.plural or self.earlier.organization
        else:
            target = self.earlier.single_organization
        if target is None:
            return Speaker(written, written, "unknown", None)
        return speaker_as(target, written)

    def _issued_document(self, written: str) -> Speaker:
        owned = _OWNED_DOCUMENT.match(written.strip())
        if owned is not None:
            owner = self._resolve(owned.group(1), len(self.text))
            return Speaker(written, owner.canonical, owner.type, owner.country, document=True)
        target = self.earlier.issuer
        if target is None:
            return Speaker(written, _strip_article(written), "unknown", None, document=True)
        return Speaker(written, target.canonical, target.type, target.country, document=True)

    def _name_variant(self, written: str, words: list[str], position: int) -> Speaker | None:
        wanted = set(normalize(" ".join(words)).split())
        organization = wanted & self._organizations
        target = self.earlier.latest_containing(wanted, bool(organization))
        if target is not None:
            return speaker_as(target, written)
        if organization:
            return None
        best = self._last_run_ending_in(written.split()[-1], position)
        # the run must hold every word of the name but acronyms, which name an affiliation:
        # "Reporters Without Borders" is not an earlier "Doctors Without Borders", while "the
        # PKK Khalil" may be "Nawaf Khalil"
        acronyms = {normalize(w) for w in written.split() if len(w) > 1 and w.isupper()}
        if (
            best is not None
            and best.strip() != written
            and wanted - acronyms <= set(normalize(best).split())
        ):
            return speaker_as(self._full_mention(best, _words(best)), written)
        return None

    def _last_run_ending_in(self, word: str, position: int) -> str | None:
        """The last run of capitalized words ending in ``word`` in text[:position]: the last
        match of ``re.finditer(_CAPITALIZED_RUN + word, text[:position])``.

        No match can hold a _BARRIER character, so the matches are those of each stretch
        between two barriers searched on its own. Stretches are taken from the end of the text
        back, and only one where ``word`` may close a run (:func:`_may_close_run`) is searched.
        """
        text = self.text
        if _BARRIER.search(word):
            return _last_match(_run_ending_in(word), text, 0, position)
        end = position
        while (at := text.rfind(word, 0, end)) >= 0:
            stretch_start, stretch_end = _stretch(text, at)
            stretch_end = min(stretch_end, position)
            occurrence = text.find(word, stretch_start, stretch_end)
            while occurrence >= 0 and not _may_close_run(text, occurrence, stretch_start):
                occurrence = text.find(word, occurrence + 1, stretch_end)
            if occurrence >= 0:
                best = _last_run_in_stretch(text, stretch_start, stretch_end, word)
                if best is not None:
                    return best
            end = stretch_start
        return None

    def _full_mention(self, written: str, tokens: list[Token]) -> Speaker:
        """The speaker of a full mention (see the module docstring); ``tokens`` are the words
        of ``written``. It depends on ``written`` alone, so it is kept for later mentions."""
        speaker = self.memo.full_mentions.get(written)
        if speaker is None:
            plain = _BRACKETED_WORD.sub("", written)
            if plain != written and _words(plain):
                # "the Syrian Observatory for Human Rights (SOHR)" is the Observatory
                speaker = speaker_as(self._full_mention(plain, _words(plain)), written)
            else:
                speaker = self._read_full_mention(written, tokens)
            self.memo.full_mentions[written] = speaker
        return speaker

    def _read_full_mention(self, written: str, tokens: list[Token]) -> Speaker:
        type_code, country = self.gazetteer.classify(written)
        name = self._personal_name(written)
        head = self._head(tokens)
        plural = (
            any(t.lower == "and" for t in tokens)
            or (not tokens[-1].is_capitalized and head.endswith("s") and head not in ("news",))
            or (head.endswith("s") and not self._head_token(tokens).is_capitalized)
        )
        if name is not None:
            found = self.gazetteer.find_source(name)
            canonical = found[0].name if found and found[2] - found[1] == len(name) else name
            return Speaker(
                written,
                canonical,
                type_code,
                country,
                person=True,
                full=written,
                gender=self.gazetteer.gender_of(written),
            )
        found = self.gazetteer.find_source(written)
        rest = (written[: found[1]] + " " + written[found[2] :]) if found else ""
        if (
            found is not None
            and head not in self.gazetteer.relation_words  # "a close Putin aide"
            and all(
                not t.is_capitalized
                or t.lower in DETERMINERS
                or self.gazetteer.is_nationality(t.text)
                or t.lower.endswith("-based")  # "the Britain-based Syrian Observatory ..."
                for t in _words(rest)
            )
        ):
            canonical = found[0].name  # "SANA news agency" -> "SANA"
        else:
            canonical = _strip_article(written)
        person = head in self._titles and head not in self._organizations
        if (
            len(tokens) == 1
            and tokens[0].is_capitalized
            and found is None
            and not self.gazetteer.is_country_name(written)
            and tokens[0].lower not in self._organizations
            and not tokens[0].text.isupper()
            and not self.gazetteer.is_known_word(tokens[0].text)  # "Rebels said"
        ):
            person = True  # a surname on its own
        return Speaker(
            written,
            canonical,
            type_code,
            country,
            person=person,
            plural=plural,
            full=written,
            gender=self.gazetteer.gender_of(written) if person else None,
        )

    # -- helpers -------------------------------------------------------------------------------
    def _head_token(self, tokens: list[Token]) -> Token:
        """The head of the first chunk: its last noun before "of"/"in"/a comma."""
        chunk: list[Token] = []
        for token in tokens:
            if chunk and token.lower in JOINING:
                break
            chunk.append(token)
        for token in reversed(chunk):
            if not (token.lower.endswith(("ed", "ing")) and not token.is_capitalized):
                return token
        return chunk[-1]

    def _head(self, tokens: list[Token]) -> str:
        return normalize(self._head_token(tokens).text).split()[-1]

    def _is_short_mention(self, tokens: list[Token]) -> bool:
        """Only lower-case words, nationality adjectives and titles, and definite or bare."""
        if tokens[0].lower in DETERMINERS and tokens[0].lower != "the":
            return False
        for token in tokens:
            if token.lower == "the" or not token.is_capitalized:
                continue
            if normalize(token.text) in self._titles or self.gazetteer.is_nationality(token.text):
                continue
            return False
        return tokens[0].lower == "the" or all(normalize(t.text) in self._titles for t in tokens)

    def _personal_name(self, written: str) -> str | None:
        """The person's name in a mention, without titles, nationality or organization."""
        parts = [written] if " and " in written else [p.strip() for p in written.split(",")]
        for part in parts:
            tokens = tokenize(part, 0, len(part))
            run: list[Token] = []
            before: Token | None = None  # the token before the run
            for token in reversed(tokens):
                if token.is_word and (token.is_capitalized or token.lower in PARTICLES):
                    run.insert(0, token)
                elif token.text == "." and run:
                    run.insert(0, token)
                else:
                    before = token
                    break
            # drop titles, nationality adjectives, countries and abbreviation dots from the left
            stripped_title = False
            length = len(run)
            while run and (
                not run[0].is_word
                or normalize(run[0].text) in self._titles
                or self.gazetteer.country_of(run[0].text) is not None
                or run[0].lower in PARTICLES
                or normalize(run[0].text) in self._organizations
                or self.gazetteer.is_known_word(run[0].text)
            ):
                stripped_title |= normalize(run[0].text) in self._titles
                run.pop(0)
            if not run:
                continue
            if before is not None and before.lower in JOINING and len(run) == length:
                # a place or a body, not the person: "a resident of Eastern Ghouta", "an
                # activist from Deir Ezzor" (but "Secretary of State John Kerry")
                continue
            last = run[-1]
            if normalize(last.text) in self._organizations or last.text.isupper():
                continue
            found = self.gazetteer.find_source(part[run[0].start : run[-1].end])
            if found is not None and found[0].type not in ("official", "international_body"):
                continue  # a listed outlet or group, not a person
            words = [t for t in tokens if t.is_word and t.lower not in DETERMINERS]
            titled_part = any(normalize(t.text) in self._titles for t in words)
            whole = len(run) == len([t for t in words if t.start >= 0]) and run[0] is words[0]
            if stripped_title or (len(run) >= 2 and (titled_part or whole)):
                return part[run[0].start : run[-1].end]
        return None


@functools.lru_cache(maxsize=256)
def _run_ending_in(word: str) -> re.Pattern[str]:
    """_CAPITALIZED_RUN followed by ``word`` as a whole word, compiled once per word."""
    return re.compile(rf"{_CAPITALIZED_RUN.pattern}{re.escape(word)}\b")


def _last_run_in_stretch(text: str, start: int, end: int, word: str) -> str | None:
    """The last match of _CAPITALIZED_RUN + ``word`` in text[start:end], a stretch without
    _BARRIER characters (nor has ``word`` any)."""
    if end - start > _LONG_STRETCH:
        # the look-ahead of _RUN_ENDING_IN_WORD reads to the end from every capital
        return _last_match(_run_ending_in(word), text, start, end)
    stretch = f"{text[start:end]}\x00{word}"  # \0 is a _BARRIER character
    return _last_match(_RUN_ENDING_IN_WORD, stretch, 0, len(stretch))


def _stretch(text: str, at: int) -> tuple[int, int]:
    """The span around offset ``at`` between the _BARRIER characters before and after it."""
    after = _BARRIER.search(text, at)
    end = after.start() if after is not None else len(text)
    window_end = at
    while window_end > 0:
        window_start = max(0, window_end - 200)
        last = deque(_BARRIER.finditer(text, window_start, window_end), maxlen=1)
        if last:
            return last[0].start() + 1, end
        window_end = window_start
    return 0, end


def _may_close_run(text: str, at: int, floor: int) -> bool:
    """Can a run of capitalized words (a _CAPITALIZED_RUN match starting at or after ``floor``)
    end right before ``at``? Only if whitespace comes before ``at``, and before that a word
    holding a capital letter or a name particle. A cheap test that spares most searches."""
    gap = at
    while gap > floor and text[gap - 1].isspace():
        gap -= 1
    if gap == at:
        return False
    word_start = gap
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    before = text[word_start:gap]
    return before in _RUN_PARTICLES or _CAPITAL.search(before) is not None


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> str | None:
    """The text of the last match of ``pattern.finditer(text, start, end)``, or None."""
    last = deque(pattern.finditer(text, start, end), maxlen=1)
    return last[0].group() if last else None


def _strip_article(text: str) -> str:
    return _LEADING_ARTICLE.sub("", text.strip())


def _words(text: str) -> list[Token]:
    return [t for t in tokenize(text, 0, len(text)) if t.is_word]
