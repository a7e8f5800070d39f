"""Contrast sets: candidates used in the same contexts whose use is split across outlets.

1. A candidate is *distinctive* when some outlet uses it more than the rest of the corpus
   (log-odds z with an informative Dirichlet prior, :func:`analysis.stats.log_odds_dirichlet`,
   at least ``MIN_Z``). Every candidate of a pair is used in at least ``MIN_ARTICLES``
   articles and, with ``MANY_OUTLETS`` outlets or more, by ``MIN_UNITS`` of them.
2. Two candidates *pair* when their context vectors are alike (cosine at least
   ``min_similarity``) and they may be one thing (:func:`may_be_one_thing`: neither is part
   of the other, not two spellings, not two names, not a name and a common word, not two
   parts of one phrase). A pair's *divergence* is Cramér's V of its terms x outlets table of
   uses, with Bergsma's small-sample correction (0: every outlet splits its uses between the
   two terms alike; 1: each outlet uses only one of them). A pair whose terms are named side
   by side (:func:`analysis.discover.evidence.closeness`) in ``MAX_CLOSENESS`` of the rarer
   one's uses is two things.
3. Pairs, best (similarity x divergence x (1 - closeness)) first, are joined into sets of at
   most ``MAX_SET`` terms; a term joins a set when it is alike (cosine at least
   ``min_similarity``) with at least half of the set's terms and passes the pair checks with
   each. A term is in one set only.
4. Sets are ranked by ``score``: similarity x divergence x evidence x apart (see
   :class:`ContrastSetFound`).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from analysis.discover.evidence import closeness
from analysis.discover.vectors import TermSpace
from analysis.stats import informative_prior, log_odds_dirichlet

MIN_Z = 1.96
"""Log-odds z (standard deviations) an outlet's use must reach for a candidate to count."""
MIN_ARTICLES = 3
"""A candidate must be used in at least this many articles."""
MIN_UNITS = 2
"""A candidate must be used by at least this many outlets when ``MANY_OUTLETS`` or more have
articles: one publisher's word alone is most often its house style or page furniture."""
MANY_OUTLETS = 5
"""From this many outlets (or groups) on, a candidate needs MIN_UNITS of them. With fewer,
each is a large share of the corpus (left / centre / right), and one of them alone may own a
label."""
MAX_CLOSENESS = 0.15
"""Two candidates named together (:func:`analysis.discover.evidence.closeness`) in at least
this share of the rarer one's uses are two things ("Democrats and Republicans"), not two
labels for one."""
SHAPE_SHARE = 0.7
"""A candidate written capitalised in at least this share of its uses is a name; one in
lower case in this share a common word: a name and a common word are not paired."""
MIN_OUTLET_ARTICLES = 5
"""Divergence is measured over the outlets with at least this many articles (when two or
more have): an outlet with a few articles shows what those articles are about, not which
words it prefers."""
MAX_FOCUS = 4000
"""At most this many distinctive candidates (the most distinctive) are compared pairwise."""
NEIGHBOURS = 10
"""Each candidate is paired with at most this many of its most alike candidates."""
MAX_SET = 5
"""Terms per set at most."""
MIN_SIMILARITY = 0.45
"""Default cosine two candidates' context vectors must reach to be paired."""
EVIDENCE_DECADES = 2.5
"""A set whose second most used term is used 10 ** EVIDENCE_DECADES times has full evidence."""
MIN_DIVERGENCE = 0.1
"""Default corrected Cramér's V a pair's use across outlets must reach."""


@dataclass(frozen=True)
class ContrastSetFound:
    """One discovered set: candidate rows of a :class:`TermSpace`, with its scores."""

    members: tuple[int, ...]
    similarity: float
    """Mean cosine between the members' context vectors."""
    divergence: float
    """Corrected Cramér's V of the members x outlets table of uses."""

    evidence: float
    """How much use the set rests on, 0 to 1: log10 of the uses of its second most used
    term over EVIDENCE_DECADES (a set whose terms are used 100 times each gets 1)."""
    apart: float
    """1 minus the mean closeness of the set's pairs: how rarely its terms are named
    together (1: never within NEAR tokens of each other)."""

    @property
    def score(self) -> float:
        """similarity x divergence x evidence x apart: how strongly the outlets diverge in
        naming one thing, and how sure that is."""
        return self.similarity * self.divergence * self.evidence * self.apart


def distinctiveness(space: TermSpace) -> np.ndarray:
    """Each candidate's highest log-odds z over outlets (float64; 0 with one outlet)."""
    counts = space.counts.astype(np.float64)
    if counts.shape[1] < 2 or counts.shape[0] == 0:
        return np.zeros(counts.shape[0])
    totals = counts.sum(axis=1)
    prior = informative_prior(np.maximum(totals, 1e-9))
    best = np.full(counts.shape[0], -np.inf)
    for outlet in range(counts.shape[1]):
        focus = counts[:, outlet]
        _, _, z = log_odds_dirichlet(focus, totals - focus, prior)
        best = np.maximum(best, z)
    return best


def cramers_v(tables: np.ndarray) -> np.ndarray:
    """Cramér's V with Bergsma's bias correction for each (terms x outlets) table.

    ``tables`` is (tables x terms x outlets) counts. Outlets with no use in a table are left
    out of it. Returns one V per table, 0 to 1 (0 for a table with under two outlets or terms).
    """
    tables = tables.astype(np.float64)
    total = tables.sum(axis=(1, 2))
    row = tables.sum(axis=2)
    column = tables.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = row[:, :, None] * column[:, None, :] / total[:, None, None]
        cells = np.where(expected > 0, (tables - expected) ** 2 / expected, 0.0)
    chi2 = cells.sum(axis=(1, 2))
    rows_used = (row > 0).sum(axis=1)
    columns_used = (column > 0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi2 = chi2 / total - (rows_used - 1) * (columns_used - 1) / (total - 1)
        phi2 = np.maximum(phi2, 0.0)
        rows_c = rows_used - (rows_used - 1) ** 2 / (total - 1)
        columns_c = columns_used - (columns_used - 1) ** 2 / (total - 1)
        smaller = np.minimum(rows_c, columns_c) - 1
        value = np.sqrt(np.where(smaller > 0, phi2 / smaller, 0.0))
    usable = (rows_used >= 2) & (columns_used >= 2) & (total > 1)
    return np.where(usable, np.minimum(value, 1.0), 0.0)


def _contains(small: str, large: str) -> bool:
    """True when the words of ``small`` appear in ``large`` (so one is part of the other)."""
    return f" {small} " in f" {large} "


SPELLING_SIMILARITY = 0.8
"""Two terms whose differing words are this alike letter by letter (difflib ratio, 0-1) are
spellings of one name (Raqqa / Raqa, neighboring / neighbouring), not two labels."""


def spelling_variants(first: str, second: str) -> bool:
    """True when two terms are spellings of the same words: once the words they share are
    set aside, the rest differ only in hyphens and spaces, one holds the other, or they are
    at least SPELLING_SIMILARITY alike letter by letter, or their consonants are (vowels and
    doubled letters are where transliterations differ most)."""
    first_words, second_words = first.split(), second.split()
    shared = set(first_words) & set(second_words)
    rest_first = "".join(c for w in first_words if w not in shared for c in w if c.isalnum())
    rest_second = "".join(c for w in second_words if w not in shared for c in w if c.isalnum())
    if not rest_first or not rest_second:
        return True
    if rest_first in rest_second or rest_second in rest_first:
        return True
    if SequenceMatcher(None, rest_first, rest_second).ratio() >= SPELLING_SIMILARITY:
        return True
    # Transliterations differ mostly in vowels and doubled letters (al-Zor / Ezzor).
    first_skeleton, second_skeleton = _skeleton(rest_first), _skeleton(rest_second)
    if first_skeleton == second_skeleton:
        return True
    shorter = min(len(first_skeleton), len(second_skeleton))
    if shorter >= 3 and (first_skeleton in second_skeleton or second_skeleton in first_skeleton):
        return True
    return shorter >= 2 and (
        SequenceMatcher(None, first_skeleton, second_skeleton).ratio() >= SPELLING_SIMILARITY
    )


def _skeleton(text: str) -> str:
    """``text`` without vowels and with doubled letters written once ("ezzor" -> "zr")."""
    consonants = [character for character in text if character not in "aeiouy"]
    return "".join(c for n, c in enumerate(consonants) if n == 0 or consonants[n - 1] != c)


PHRASE_SHARE = 0.2
"""Two words used next to each other in at least this share of the rarer one's uses are parts
of one phrase (green / card, sanctuary / city), not two labels."""


def _parts_of_one_phrase(space: TermSpace, first: int, second: int) -> bool:
    together = space.adjacent.get((min(first, second), max(first, second)), 0)
    rarer = min(space.counts[first].sum(), space.counts[second].sum())
    return together >= PHRASE_SHARE * max(rarer, 1)


def _name_and_word(space: TermSpace, first: int, second: int) -> bool:
    """One is a name (capitalised), the other a common word (lower case): "Obama" /
    "president", "Dreamers" / "illegal immigrants"."""
    return bool(
        (space.titled[first] >= SHAPE_SHARE and space.lower[second] >= SHAPE_SHARE)
        or (space.titled[second] >= SHAPE_SHARE and space.lower[first] >= SHAPE_SHARE)
    )


def _name_words(space: TermSpace, row: int) -> set[str]:
    """The words of a candidate that are names: capitalised within a sentence in at least
    SHAPE_SHARE of their own uses ("Sarah", "Assad"; not "DOJ", not "regime")."""
    found = set()
    for word in space.terms[row].split():
        own = space.row_of.get(word)
        if own is not None and space.titled[own] >= SHAPE_SHARE:
            found.add(word)
    return found


def _two_names(space: TermSpace, first: int, second: int) -> bool:
    """Both candidates hold a name, and not the same one: "Amy" / "Kirsten", "Secretary
    Sarah" / "spokesman Jay", "Syrian regime" / "Assad regime" (two people, places or
    groups, or one named two ways, which is not a choice of label)."""
    one, other = _name_words(space, first), _name_words(space, second)
    return bool(one - other) and bool(other - one)


def may_be_one_thing(space: TermSpace, first: int, second: int) -> bool:
    """Whether two candidates (rows of ``space``) may be two labels for one thing: neither is
    part of the other, they are not two spellings of one name, not both names (two names
    used alike are most often two people or places), not a name and a common word, and
    not two parts of one phrase."""
    one, other = space.terms[first], space.terms[second]
    return not (
        _contains(one, other)
        or _contains(other, one)
        or spelling_variants(one, other)
        or (space.proper[first] and space.proper[second])
        or _name_and_word(space, first, second)
        or _two_names(space, first, second)
        or _parts_of_one_phrase(space, first, second)
    )


def find_sets(
    space: TermSpace,
    *,
    min_similarity: float = MIN_SIMILARITY,
    min_divergence: float = MIN_DIVERGENCE,
) -> list[ContrastSetFound]:
    """Contrast sets of ``space``, best first (ties broken by their terms).

    Every pair has at least one distinctive term; its partner may be any candidate used in
    ``MIN_ARTICLES`` articles (the plain word most outlets use: "government" beside one
    outlet's "regime")."""
    if len(space.outlets) < 2:
        return []
    z = distinctiveness(space)
    used = space.articles >= MIN_ARTICLES
    if int((space.outlet_articles > 0).sum()) >= MANY_OUTLETS:
        used &= (space.counts > 0).sum(axis=1) >= MIN_UNITS
    steady = space.outlet_articles >= MIN_OUTLET_ARTICLES
    counts = space.counts[:, steady] if steady.sum() >= 2 else space.counts
    eligible = np.flatnonzero((z >= MIN_Z) & used)
    order = np.lexsort((eligible, -z[eligible]))
    focus = np.sort(eligible[order[:MAX_FOCUS]])
    pool = np.flatnonzero(used)
    if focus.size == 0 or pool.size < 2:
        return []
    def alike(first: int, second: int) -> float:
        return float(space.pair_similarity(np.array([first]), np.array([second]))[0])

    # Each distinctive candidate's nearest neighbours in the pool above the threshold.
    pairs: set[tuple[int, int]] = set()
    count = min(NEIGHBOURS + 1, pool.size)
    for block in range(0, focus.size, 512):
        rows = focus[block:block + 512]
        similarity = space.similarity(rows, pool)
        nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count]
        for position, row in enumerate(rows):
            for column in nearest[position]:
                other = int(pool[column])
                if other != row and similarity[position, column] >= min_similarity:
                    pairs.add((min(int(row), other), max(int(row), other)))
    pairs_list = sorted((i, j) for i, j in pairs if may_be_one_thing(space, i, j))
    if not pairs_list:
        return []
    left = np.array([i for i, _ in pairs_list])
    right = np.array([j for _, j in pairs_list])
    divergence = cramers_v(np.stack([counts[left], counts[right]], axis=1))
    pair_similarity = space.pair_similarity(left, right)
    score = pair_similarity * divergence
    together = np.ones(left.size)
    hopeful = np.flatnonzero(divergence >= min_divergence)
    together[hopeful] = closeness(space, left[hopeful], right[hopeful])
    known_closeness = {pairs_list[index]: float(together[index]) for index in hopeful}

    def named_together(first: int, second: int) -> float:
        pair = (min(first, second), max(first, second))
        if pair not in known_closeness:
            known_closeness[pair] = float(closeness(space, np.array([pair[0]]),
                                                    np.array([pair[1]]))[0])
        return known_closeness[pair]

    score *= 1.0 - together
    ranked = np.lexsort((right, left, -score))

    set_of: dict[int, int] = {}
    members: list[list[int]] = []
    for index in ranked:
        if divergence[index] < min_divergence or together[index] >= MAX_CLOSENESS:
            continue
        i, j = pairs_list[index]
        known_i, known_j = set_of.get(i), set_of.get(j)
        if known_i is None and known_j is None:
            set_of[i] = set_of[j] = len(members)
            members.append([i, j])
        elif (known_i is None) != (known_j is None):
            target = known_i if known_i is not None else known_j
            newcomer = i if known_i is None else j
            group = members[target]
            close = sum(alike(newcomer, other) >= min_similarity for other in group)
            allowed = all(may_be_one_thing(space, newcomer, other) for other in group)
            allowed = allowed and all(named_together(newcomer, other) < MAX_CLOSENESS
                                      for other in group)
            if len(group) < MAX_SET and close * 2 >= len(group) and allowed:
                group.append(newcomer)
                set_of[newcomer] = target
    found = []
    for group in members:
        rows = tuple(sorted(group))
        inner = [alike(a, b) for n, a in enumerate(rows) for b in rows[n + 1:]]
        table = counts[list(rows)][None, :, :]
        uses = np.sort(space.counts[list(rows)].sum(axis=1))
        evidence = min(1.0, float(np.log10(max(uses[-2], 1))) / EVIDENCE_DECADES)
        apart = 1.0 - float(np.mean([named_together(a, b) for n, a in enumerate(rows)
                                     for b in rows[n + 1:]]))
        found.append(ContrastSetFound(rows, float(np.mean(inner)),
                                      float(cramers_v(table)[0]),
                                      evidence, apart))
    found.sort(key=lambda item: (-item.score, [space.terms[row] for row in item.members]))
    return found
