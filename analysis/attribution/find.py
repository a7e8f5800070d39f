"""Finding attributions: who is reported as saying what, with which cue, in each sentence.

For every reporting cue in a sentence (``analysis/data/reporting_verbs.toml``) outside quotation
marks, the speaker is read off the sentence by general English reporting patterns:

* subject before the verb: "the Russian Defense Ministry said", "“...,” he said", "Fares Shehabi,
  an MP for Aleppo, told dpa", "the Reconciliation Center’s statement reads";
* inverted, after a comma or a closing quote: "“...,” said Ryabkov", "..., says Moscow";
* after a phrase or a passive "by": "according to the general", "as reported by Reuters",
  "claims made by militants", "he was quoted as saying by X" (both he and X are attributions);
* the speaker of the main clause, for a participle or a second verb: "..., adding that",
  "They urged ... and called on ...";
* none for an agentless passive: "the plan was said to" (speaker type 'anonymous');
* headline style: "Lavrov: ..." (a listed source, country or titled name before a colon).

A quotation next to the cue makes the attribution direct: one that ends just before the speaker
and cue (only spaces and commas between), else the first quotation after the cue in its
sentence. Speakers are then resolved per article (analysis.attribution.resolve) and typed with
the gazetteer. The rules that find where a speaker's phrase starts and ends are in
:mod:`analysis.attribution.speaker_spans`.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re

from analysis.attribution.clauses import aside_opening
from analysis.attribution.cue_model import keep_speech, load_cue_model
from analysis.attribution.cues import CueSearch
from analysis.attribution.function_words import CALENDAR, DAY_WORDS, JOINING
from analysis.attribution.gazetteer import Gazetteer
from analysis.attribution.phrases import (
    Token,
    is_speaker_like,
    is_title_case,
    phrase_after,
    phrase_before,
    skip_back,
    tokenize,
)
from analysis.attribution.records import Found, Quote, attach_quotes, mark_nested, to_row
from analysis.attribution.resolve import ResolverMemo, SpeakerResolver
from analysis.attribution.speaker_spans import CONJUNCTIONS, SpeakerSpans
from analysis.attribution.speakers import as_anonymous
from analysis.attribution.subjects import (
    ASKED_ABOUT,
    PARTICIPLE_OPENERS,
    aside_subject,
    closes_clause,
    is_main_subject,
    is_reduced_passive_question,
    is_source_phrase,
    manner_after,
    singular_before,
    singular_name,
    speaker_follows,
)
from analysis.reporting_verbs import Cue, ReportingVerbs

_NOUN_LIKE_NEXT = frozenset({"is", "are", "was", "were", "has", "have", "had"})
_POSSESSIVE_BEFORE = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "this",
        "these",
        "those",
        "our",
        "my",
        "your",
        "such",
    }
)
_BE = frozenset({"is", "are", "was", "were", "been", "be", "being"})
_NEGATIONS = frozenset({"not", "never"})
_QUOTE_MARKS = frozenset("\"“”„«»‘’'")
_QUOTE_MARKS_OR_COLON = _QUOTE_MARKS | {":"}
_START = operator.attrgetter("start")
_CUE_START = operator.attrgetter("cue_start")
_ADDED_WITH = frozenset({"include", "includes", "including", "with"})


def _closes_two_apostrophes(tokens: list[Token], k: int) -> bool:
    """Is tokens[k] the second apostrophe of a '' mark that closes a quotation?"""
    return (
        k > 0
        and tokens[k].text == "'"
        and tokens[k - 1].text == "'"
        and tokens[k - 1].end == tokens[k].start
    )


class _Finder(SpeakerSpans):
    """The compiled cue search and the rules; one per (gazetteer, verbs) pair. Where a
    speaker's phrase starts and ends is :class:`SpeakerSpans`'s."""

    def __init__(self, gazetteer: Gazetteer, verbs: ReportingVerbs) -> None:
        super().__init__(gazetteer.remembering(), verbs)  # speakers recur across articles
        self.verbs = verbs
        self.search = CueSearch(verbs)
        self.verb_forms = frozenset(cue.form for cue in verbs.cues.values() if cue.kind == "verbs")
        self._not_before_patterns: dict[str, re.Pattern[str]] = {}
        self._resolver_memo = ResolverMemo()  # shared by the SpeakerResolvers of the articles
        self.cue_model = load_cue_model()
        self.cue_forms = frozenset(form for _, form in verbs.cues)

    def _not_before(self, cue: Cue) -> re.Pattern[str]:
        """The compiled "no cue before these words" pattern of a cue (built once)."""
        if cue.form not in self._not_before_patterns:
            words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in cue.not_before)
            self._not_before_patterns[cue.form] = re.compile(rf"\s*(?:{words})\b", re.IGNORECASE)
        return self._not_before_patterns[cue.form]

    # -- one article ---------------------------------------------------------------------------
    def article(
        self, text: str, sentences: list[tuple], quotes: list[Quote], hits: list[int] | None
    ) -> list[tuple]:
        """The attribution rows of one article: tuples in the order of ATTRIBUTIONS' columns,
        without id and outlet. ``hits`` are its CueSearch.literal_hits, if known."""
        mark_nested(quotes)
        quote_starts = [quote.start for quote in quotes]
        found: list[Found] = []
        for sentence_index, start, end, matches in self.search.sentences(text, sentences, hits):
            tokens = tokenize(text, start, end)
            if tokens:
                nearby = []
                if quotes:
                    first = max(bisect.bisect_left(quote_starts, start) - 1, 0)
                    for quote in itertools.islice(quotes, first, None):
                        if quote.start >= end:
                            break  # quotes are in order of start
                        if quote.end > start:
                            nearby.append(quote)
                found.extend(
                    self._sentence(text, sentence_index, start, end, tokens, nearby, matches)
                )
        attach_quotes(text, found, quotes)
        found = keep_speech(self.cue_model, text, found, self.cue_forms)
        resolver = SpeakerResolver(text, self.gazetteer, self.verbs, self._resolver_memo)
        anonymous: dict[int, bool] = {}  # by sentence start: sentences hold several attributions
        rows = []
        for item in sorted(found, key=_CUE_START):
            written = text[item.speaker[0] : item.speaker[1]] if item.speaker else None
            speaker = resolver.resolve(written, item.speaker[0] if item.speaker else item.cue_start)
            if item.sentence_start not in anonymous:
                sentence = text[item.sentence_start : item.sentence_end]
                anonymous[item.sentence_start] = self.gazetteer.grants_anonymity(sentence)
            if anonymous[item.sentence_start]:
                speaker = as_anonymous(speaker)
            rows.append(to_row(text, item, speaker))
        return rows

    # -- one sentence --------------------------------------------------------------------------
    def _sentence(
        self,
        text: str,
        index: int,
        start: int,
        end: int,
        tokens: list[Token],
        quotes: list[Quote],
        matches: list[re.Match[str]],
    ) -> list[Found]:
        found: list[Found] = []
        for match in matches:
            cue_start, cue_end = match.span()
            if quotes and any(q.inner_start <= cue_start < q.inner_end for q in quotes):
                continue
            kind = match.lastgroup
            first = bisect.bisect_left(tokens, cue_start, key=_START)
            last = bisect.bisect_left(tokens, cue_end, key=_START) - 1
            cue, form = self.search.cue_of(match)
            base = Found(index, start, end, cue, form, cue_start, cue_end, None)
            if kind == "nouns":
                if first > 0 and tokens[first - 1].lower in _ADDED_WITH:
                    continue  # "updated to include comments from Clark": an editor's note
                base.speaker = self._span(tokens, phrase_after(tokens, last + 1))
                found.extend([base] if base.speaker else [])
            elif kind == "phrases":
                found.extend(self._phrase(text, tokens, first, last, base, found))
            else:
                if first == len(tokens):
                    continue  # inside the sentence's last word: "Syria’said" (no token after)
                if found and any(
                    f.speaker and f.speaker[0] <= cue_start < f.speaker[1] for f in found
                ):
                    continue  # part of a speaker already found: "according to a CNN report"
                if self._is_cue(text, tokens, first, last, base, quotes):
                    found.extend(self._verb(tokens, first, last, base, found))
        if found and any(not item.standalone for item in found):
            found = [item for item in found if not item.standalone]
        if found and len(matches) > 1:
            found = self._stopped_at_verbs(text, tokens, found, matches)
        if not found:
            found.extend(self._headline(tokens, index, start, end))
        return found

    def _stopped_at_verbs(
        self, text: str, tokens: list[Token], found: list[Found], matches: list[re.Match[str]]
    ) -> list[Found]:
        """Speakers cut short before a reporting verb in the past tense that they run over,
        where what is left can still name a speaker: "the army said, adding" written without
        its comma ("the army said adding"), "a statement by the ministry said". Other forms
        may be nouns inside a name ("Russian reports"), so they are kept; so is a verb inside a
        word ("so-called")."""
        verbs = []
        for match in matches:
            at = match.start()
            cue, form = self.search.cue_of(match)
            if (
                cue.kind == "verbs"
                and form != cue.lemma
                and not form.endswith(("s", "ing"))
                and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-'’"))
            ):
                verbs.append(at)
        if not verbs:
            return found
        for item in found:
            if item.speaker is None:
                continue
            first_char, end_char = item.speaker
            inside = [verb for verb in verbs if first_char < verb < end_char]
            if not inside:
                continue
            first = bisect.bisect_left(tokens, first_char, key=_START)
            last = bisect.bisect_left(tokens, inside[0], key=_START) - 1
            while last >= first and not tokens[last].is_word:
                last -= 1
            if last >= first and is_speaker_like(tokens, first, last, self.known):
                item.speaker = (first_char, tokens[last].end)
        return found

    def _is_cue(self, text, tokens, first, last, base: Found, quotes) -> bool:
        """Whether a verb form found in the sentence is used as a reporting cue here."""
        cue = base.cue
        if base.cue_start > 0 and text[base.cue_start - 1] == "-":
            return False  # "so-called"
        if (
            first > 0
            and tokens[first].is_capitalized
            and tokens[first - 1].text not in _QUOTE_MARKS_OR_COLON
            and not is_title_case(tokens)  # last: it reads the whole sentence
        ):
            return False  # "the United States"
        if first > 0:
            before = tokens[first - 1]
            if before.lower in _POSSESSIVE_BEFORE:
                return False  # a noun: "the reports"
            if before.text in ("’", "'") and not _closes_two_apostrophes(tokens, first - 1):
                return False  # "militants’ claims" (but ''...,'' said is a quotation)
            if before.lower.endswith(("’s", "'s")):
                return False
        if (
            last + 1 < len(tokens)
            and tokens[last + 1].lower in _NOUN_LIKE_NEXT
            and not self._never_noun(base)
        ):
            return False  # "the reports are" (but "a letter that he said was drafted")
        if (
            base.cue_text.endswith("s")
            and last + 1 < len(tokens)
            and tokens[last + 1].lower == "of"
        ):
            return False  # "daily reports of attacks"
        if first == 1 and tokens[0].lower == "all" and base.cue_text == "told":
            return False  # "All told, the groups spent ...": in all
        bare = cue.kind == "verbs" and cue.form == cue.lemma
        if bare and first > 0 and singular_before(tokens, first):
            return False  # "A news report published Wednesday": a verb would be "reports"
        if bare and not cue.any_subject and first > 0 and singular_name(tokens, first - 1):
            return False  # "The FEC report covering", "the AP report merits": a noun
        if (
            bare
            and (last + 1 == len(tokens) or not tokens[last + 1].is_word)
            and not (cue.any_subject and first > 0 and tokens[first - 1].is_word)
        ):
            return False  # a bare form closing a clause is a noun: "a UN report," (not "they say,")
        if cue.not_before and self._not_before(cue).match(text, base.cue_end):
            return False
        if cue.needs_quote and not any(q.start >= base.cue_end and q.top_level for q in quotes):
            return False
        return True

    def _verb(self, tokens, first, last, base: Found, found: list[Found]) -> list[Found]:
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        before_index, skipped = skip_back(tokens, first - 1)
        if base.cue.kind == "document_verbs":
            span = phrase_before(tokens, before_index, self.known) if before_index >= 0 else None
            words = {t.lower for t in tokens[span[0] : span[1] + 1]} if span else set()
            if span is None or not words & self.documents:
                return []
            base.speaker = self._span(tokens, span)
            return [base]
        manner = (
            manner_after(tokens, last + 2) if after is not None and after.lower == "by" else None
        )
        if manner is not None:
            if manner.lower not in self.verb_forms:
                return []  # "responded by launching airstrikes": a deed (not "by saying")
        elif after is not None and after.lower == "by":
            if base.cue_text.endswith("ing"):
                return []  # a gerund with its agent: "(Additional reporting by Jim Finkle)"
            base.speaker = self._valid(tokens, phrase_after(tokens, last + 2))
            return [base] if base.speaker else []
        if skipped & _BE and not base.cue_text.endswith("ing"):
            # a passive without "by": its subject is what was said, or (told) who was told
            if base.cue.addressee_passive:
                # "Mr. Sanders was asked." / "after he was asked about ...": a question put by
                # someone unnamed; "were told to leave" is an order, no attribution
                if after is None or not after.is_word or after.lower in ASKED_ABOUT:
                    return [base]
                return []
            if skipped & _NEGATIONS:
                return []  # "could not be independently confirmed": nobody said it
            if after is None or not after.is_word or after.lower in ("to", "that", "of"):
                return [base]  # "was said to", "has been accused of", "were reported."
            return []
        previous = tokens[before_index] if before_index >= 0 else None
        if base.cue.addressee_passive and is_reduced_passive_question(
            base.cue_text, previous, after
        ):
            return [base]  # "when asked whether he would", "Asked about the poll,": no speaker
        if previous is not None and previous.lower == "who":  # "militants, who said"
            k = before_index - 1
            k -= 1 if k >= 0 and tokens[k].text == "," else 0
            span = phrase_before(tokens, k, self.known) if k >= 0 else None
            base.speaker = self._valid(tokens, span)
            if base.speaker is None and span is not None:
                # "steep for Mr. Sanders, who said": the name after the last preposition
                links = [j for j in range(span[0], span[1]) if tokens[j].lower in JOINING]
                if links:
                    base.speaker = self._valid(tokens, (links[-1] + 1, span[1]))
            if base.speaker is None and base.cue.any_subject:
                base.speaker = self._span(tokens, (before_index, before_index))  # "64% who say"
            return [base] if base.speaker else []
        participle = (
            base.cue_text.endswith("ing")
            and previous is not None
            and (
                previous.text == ","
                or previous.text in _QUOTE_MARKS
                or previous.lower in PARTICIPLE_OPENERS
            )
        )
        if participle or (previous is not None and previous.lower in CONJUNCTIONS):
            base.speaker = self._main_clause(tokens, found)
            return [base] if base.speaker else []
        if base.cue_text.endswith("ing") and base.cue.any_subject and previous is not None:
            span = self._with_subject(tokens, before_index)
            if span is not None:  # "with 30 percent of voters saying they ..."
                base.speaker = span
                return [base]
        if base.cue.no_object and after is not None and after.is_word:
            span = self._closing_source(tokens, last + 1)
            if span is not None:  # "... killed 10 civilians said the Observatory."
                base.speaker = span
                return [base]
        if before_index >= 0:
            def plain() -> bool:  # asked only when no name or known word vouches
                # after a verb with an addressee ("told The Daily Beast") a name is no speaker
                return self._any_subject(base, skipped) and (
                    base.cue.addressee_passive
                    or not speaker_follows(tokens, last + 1, self.known)
                )

            span = self._subject(tokens, before_index, plain)
            if span is None and tokens[before_index].text == ",":
                span = self._span(tokens, aside_subject(tokens, before_index, self.known))
            if span is None and not tokens[before_index].is_word:
                opening = aside_opening(tokens, before_index)  # "Murphy — after ... — told"
                if opening:
                    span = self._subject(tokens, opening - 1, plain)
            if span is not None:
                base.speaker = span
                return [base]
        inverted = previous is None or previous.text == "," or previous.text in _QUOTE_MARKS
        if inverted and after is not None:
            start = last + 1
            while (
                start + 1 < len(tokens)
                and tokens[start].lower in DAY_WORDS
                and (tokens[start + 1].lower in CALENDAR)
            ):
                start += 2
            span = phrase_after(tokens, start)
            base.speaker = self._valid(tokens, span)
            if (
                base.speaker is None
                and span is not None
                and base.cue.any_subject
                and is_main_subject(tokens, span[0], span[1])
                and closes_clause(tokens, span[1] + 1)
            ):
                # "...," said a senior Cruz adviser. (not "X, ..., said the turmoil was")
                base.speaker = self._span(tokens, span)
            return [base] if base.speaker else []
        return []

    def _phrase(self, text, tokens, first, last, base: Found, found) -> list[Found]:
        form = base.cue.form
        if base.cue.speaker_side == "before":  # "he was quoted as saying (by X)"
            before_index, _ = skip_back(tokens, first - 1)
            base.speaker = self._subject(tokens, before_index) if before_index >= 0 else None
            items = [base] if base.speaker else []
            if last + 2 < len(tokens) and tokens[last + 1].lower == "by":
                agent = self._valid(tokens, phrase_after(tokens, last + 2))
                if agent is not None:
                    relay = Found(
                        base.sentence_index,
                        base.sentence_start,
                        base.sentence_end,
                        base.cue,
                        base.cue_text,
                        base.cue_start,
                        base.cue_end,
                        agent,
                        relay_of=base if items else None,
                    )
                    items.append(relay)
            return items
        if form == "in a statement":
            if found and not text[found[-1].cue_end : base.cue_start].strip():
                found[-1].cue_text += " in a statement"  # "said in a statement"
                return []
            if first == 0 and last + 1 < len(tokens) and tokens[last + 1].text == ",":
                base.speaker = self._valid(tokens, phrase_after(tokens, last + 2))
                base.standalone = True
                return [base] if base.speaker else []
            return []
        span = phrase_after(tokens, last + 1)  # "according to X"
        if span is not None and span[1] + 2 < len(tokens):
            words = {t.lower for t in tokens[span[0] : span[1] + 1]}
            if words & self.documents and tokens[span[1] + 1].lower in ("by", "from"):
                span = phrase_after(tokens, span[1] + 2) or span  # "an estimate by X"
        # "according to" names a source whatever it is: "a new poll", "one global index"; a
        # longer run of lower-case words is a manner ("according to type location flight
        # patterns")
        if span is not None and not is_source_phrase(tokens, span[0], span[1]):
            span = self._valid(tokens, span) and span
        base.speaker = self._span(tokens, span)
        return [base] if base.speaker else []

    def _headline(self, tokens: list[Token], index: int, start: int, end: int) -> list[Found]:
        """Headline style "Lavrov: ...": a known source, country or titled name, then a colon."""
        opening = [token.text for token in tokens[:7]]
        if ":" not in opening:
            return []
        colon = opening.index(":")
        if colon == 0 or colon + 1 >= len(tokens):
            return []
        span = phrase_after(tokens, 0)
        if span is None or span[1] != colon - 1:
            return []
        written = " ".join(t.text for t in tokens[:colon])
        head = tokens[colon - 1]
        if not head.is_capitalized and (not self.known(head.text) or head.lower in self.documents):
            return []  # "Editor's note:", "Good news:" label what follows, nobody says it
        if not (
            self.gazetteer.find_source(written)
            or self.gazetteer.is_country_name(written)
            or any(self.known(t.text) for t in tokens[:colon])
        ):
            return []
        cue = Cue(":", ":", "neutral", "headline")
        colon_token = tokens[colon]
        return [
            Found(
                index,
                start,
                end,
                cue,
                ":",
                colon_token.start,
                colon_token.end,
                (tokens[0].start, tokens[colon - 1].end),
            )
        ]
