"""Distinctive terms per outlet (analysis.terms.keyness)."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from analysis.errors import FramelensError
from analysis.stats import DEFAULT_PRIOR_STRENGTH
from analysis.terms import DISTINCTIVE, distinctive_terms, outlet_term_counts

# --- a hand-worked example ----------------------------------------------------------------
# Every word is its own sentence, so there are no phrases: each outlet is a bag of words.
HAND_COUNTS = {
    "A": {"militants": 3, "army": 2, "city": 1},
    "B": {"rebels": 2, "army": 3, "city": 2, "militants": 1},
    "C": {"rebels": 1, "army": 1, "city": 1},
}


def _hand_articles(make_articles):
    texts = {
        outlet: (outlet, " ".join(f"{word}." for word, n in counts.items() for _ in range(n)))
        for outlet, counts in HAND_COUNTS.items()
    }
    return make_articles(texts)


def _rest(outlet):
    rest: dict[str, int] = {}
    for other, counts in HAND_COUNTS.items():
        if other != outlet:
            for word, n in counts.items():
                rest[word] = rest.get(word, 0) + n
    return rest


def _expected_tfidf(outlet):
    """sublinear tf (1 + ln count) x smoothed idf (1 + ln((1 + n) / (1 + df))), unit length."""
    outlets = len(HAND_COUNTS)
    weights = {}
    for word, n in HAND_COUNTS[outlet].items():
        used_by = sum(word in counts for counts in HAND_COUNTS.values())
        weights[word] = (1 + math.log(n)) * (1 + math.log((1 + outlets) / (1 + used_by)))
    length = math.sqrt(sum(w * w for w in weights.values()))
    return {word: w / length for word, w in weights.items()}


def _expected_g2(outlet):
    """G2 = 2 sum O ln(O / E) over the 2x2 table; log ratio with 0.5 added to both counts."""
    focus, rest = HAND_COUNTS[outlet], _rest(outlet)
    total_focus, total_rest = sum(focus.values()), sum(rest.values())
    g2, effect = {}, {}
    for word, a in focus.items():
        b = rest.get(word, 0)
        if a / total_focus <= b / total_rest:
            continue  # only terms the outlet uses more are listed
        table = [[a, total_focus - a], [b, total_rest - b]]
        grand = total_focus + total_rest
        value = 0.0
        for i in range(2):
            for j in range(2):
                expected = sum(table[i]) * (table[0][j] + table[1][j]) / grand
                if table[i][j]:
                    value += table[i][j] * math.log(table[i][j] / expected)
        g2[word] = 2 * value
        effect[word] = math.log2((a + 0.5) / total_focus) - math.log2((b + 0.5) / total_rest)
    return g2, effect


def _expected_log_odds(outlet):
    """Monroe et al. (2008) delta and z with alpha_w = strength * corpus share of w."""
    focus, rest = HAND_COUNTS[outlet], _rest(outlet)
    words = sorted(set(focus) | set(rest))
    corpus = {w: focus.get(w, 0) + rest.get(w, 0) for w in words}
    alpha = {w: DEFAULT_PRIOR_STRENGTH * corpus[w] / sum(corpus.values()) for w in words}
    alpha_0 = sum(alpha.values())
    n_focus, n_rest = sum(focus.values()), sum(rest.values())
    z = {}
    for w in focus:
        y_f, y_r = focus[w] + alpha[w], rest.get(w, 0) + alpha[w]
        delta = math.log(y_f / (n_focus + alpha_0 - y_f)) - math.log(y_r / (n_rest + alpha_0 - y_r))
        score = delta / math.sqrt(1 / y_f + 1 / y_r)
        if score > 0:
            z[w] = score
    return z


@pytest.mark.parametrize("outlet", sorted(HAND_COUNTS))
def test_scores_agree_with_a_hand_calculation(make_articles, outlet):
    table = distinctive_terms(_hand_articles(make_articles), top=10, min_count=1)
    DISTINCTIVE.check(table)
    rows = table.filter(outlet=outlet)
    g2, effect = _expected_g2(outlet)
    expected = {
        "tfidf": _expected_tfidf(outlet),
        "log_odds": _expected_log_odds(outlet),
        "log_likelihood": g2,
    }
    for method, scores in expected.items():
        listed = rows.filter(method=method).sort("rank")
        assert dict(zip(listed["term"], listed["score"], strict=True)) == pytest.approx(scores)
        assert listed["score"].is_sorted(descending=True)
        for term, count_outlet, count_rest in listed.select(
            "term", "count_outlet", "count_rest"
        ).iter_rows():
            assert count_outlet == HAND_COUNTS[outlet][term]
            assert count_rest == _rest(outlet).get(term, 0)
    keyness = rows.filter(method="log_likelihood")
    assert dict(zip(keyness["term"], keyness["effect_size"], strict=True)) == pytest.approx(effect)
    assert rows.filter(pl.col("method") != "log_likelihood")["effect_size"].is_null().all()


def test_hand_example_lists_militants_first_for_a(make_articles):
    table = distinctive_terms(_hand_articles(make_articles), top=10, min_count=1)
    firsts = table.filter(outlet="A", rank=1)
    assert firsts["term"].to_list() == ["militants"] * 3


# --- a synthetic corpus with planted terms -------------------------------------------------
FILLER = (
    "market river bridge school water road garden station village harbour bakery tower "
    "museum library farm forest valley mountain island castle factory office airport "
    "stadium theatre temple hospital clinic prison court bank hotel mosque church square "
    "street avenue park beach desert"
).split()
PLANTED = {
    "Alpha News": ["zorblat", "quenmir"],
    "Beta Daily": ["vextrol", "crimson tide"],
    "Gamma Wire": ["plimsey", "dorwent"],
}
ARTICLES_PER_OUTLET = 12
SENTENCES_PER_ARTICLE = 50
WORDS_PER_SENTENCE = 9
PLANTED_PER_ARTICLE = 4  # each planted term, in 4 of an article's 50 sentences


def _planted_corpus(make_articles):
    rng = random.Random(2016)
    texts = {}
    for outlet, planted in PLANTED.items():
        for number in range(ARTICLES_PER_OUTLET):
            sentences = [
                [rng.choice(FILLER) for _ in range(WORDS_PER_SENTENCE)]
                for _ in range(SENTENCES_PER_ARTICLE)
            ]
            for term in planted:
                for index in rng.sample(range(SENTENCES_PER_ARTICLE), PLANTED_PER_ARTICLE):
                    sentences[index].insert(rng.randrange(WORDS_PER_SENTENCE), term)
            text = " ".join(" ".join(words).capitalize() + "." for words in sentences)
            texts[f"{outlet[:1]}{number:02d}"] = (outlet, text)
    return make_articles(texts)


def test_planted_terms_top_their_outlet_under_every_method(make_articles):
    table = distinctive_terms(_planted_corpus(make_articles))
    DISTINCTIVE.check(table)
    for outlet, planted in PLANTED.items():
        for method in ("tfidf", "log_odds", "log_likelihood"):
            listed = table.filter(outlet=outlet, method=method).sort("rank")
            assert set(listed["term"][: len(planted)]) == set(planted), (outlet, method)
            top = listed.row(0, named=True)
            assert top["count_outlet"] == ARTICLES_PER_OUTLET * PLANTED_PER_ARTICLE
            assert top["count_rest"] == 0
            assert top["articles_outlet"] == ARTICLES_PER_OUTLET
    assert table["note"].is_null().all()  # 12 articles and 5,000+ words each


def test_a_phrase_replaces_the_words_only_found_inside_it(make_articles):
    table = distinctive_terms(_planted_corpus(make_articles), top=50)
    beta = table.filter(outlet="Beta Daily")
    assert "crimson tide" in beta["term"].to_list()
    assert not {"crimson", "tide"} & set(beta["term"].to_list())


def test_pruned_counts_give_the_same_lists(make_articles):
    articles = _planted_corpus(make_articles)
    pruned = distinctive_terms(articles)  # counts pruned at min_count
    everything = distinctive_terms(articles, counts=outlet_term_counts(articles))
    assert pruned.drop("score").equals(everything.drop("score"))
    # Pruning leaves out no score but the TF-IDF vector length, which does not change ranks.
    not_tfidf = pl.col("method") != "tfidf"
    assert pruned.filter(not_tfidf)["score"].to_list() == pytest.approx(
        everything.filter(not_tfidf)["score"].to_list()
    )


# --- guards and notes ----------------------------------------------------------------------


def test_a_word_repeated_in_one_article_is_not_listed(make_articles):
    articles = make_articles(
        {
            "x1": ("X", "Hamsterdam hamsterdam hamsterdam hamsterdam. Army advanced."),
            "x2": ("X", "The army advanced on the city. Army units."),
            "x3": ("X", "Army advanced again."),
            "y1": ("Y", "Rebels held the city. Rebels fled."),
        }
    )
    guarded = distinctive_terms(articles)
    assert "hamsterdam" not in guarded.filter(outlet="X")["term"].to_list()
    assert "army" in guarded.filter(outlet="X")["term"].to_list()
    unguarded = distinctive_terms(articles, min_articles=1)
    assert "hamsterdam" in unguarded.filter(outlet="X")["term"].to_list()
    # Y has a single article, so a term needs to be in that one article only.
    assert "rebels" not in guarded.filter(outlet="Y")["term"].to_list()  # used twice < 3
    assert "rebels" in distinctive_terms(articles, min_count=2).filter(outlet="Y")["term"]


def test_small_outlets_are_noted(make_articles):
    table = distinctive_terms(_hand_articles(make_articles), min_count=1)
    notes = table.filter(outlet="A")["note"].unique().to_list()
    assert len(notes) == 1
    assert "1 article and 6 words" in notes[0]
    assert "unreliable" in notes[0]


def test_one_outlet_has_nothing_to_compare_with(make_articles):
    table = distinctive_terms(make_articles({"a": ("A", "Army army army."), "b": ("A", "Army.")}))
    DISTINCTIVE.check(table)
    assert table.is_empty()


def test_bad_guards_are_user_errors(make_articles):
    articles = _hand_articles(make_articles)
    with pytest.raises(FramelensError, match="min_count"):
        distinctive_terms(articles, min_count=0)
    with pytest.raises(FramelensError, match="pruned"):
        distinctive_terms(
            articles, min_count=2, counts=outlet_term_counts(articles, min_total_count=3)
        )


def test_seeds_get_lists_with_notes(seed_articles):
    table = distinctive_terms(seed_articles)
    DISTINCTIVE.check(table)
    assert set(table["outlet"]) == set(seed_articles["outlet"])
    for outlet in set(seed_articles["outlet"]):
        assert set(table.filter(outlet=outlet)["method"]) == {"tfidf", "log_odds", "log_likelihood"}
    assert table["note"].str.contains("1 article").all()
    assert (table["count_outlet"] >= 3).all()
    assert table.filter(method="log_likelihood")["effect_size"].gt(0).all()
