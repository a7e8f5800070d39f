"""A small multi-outlet corpus written for the case: three outlets report the same events in
the same sentences but name the two sides differently (the planted contrasts)."""

from __future__ import annotations

import polars as pl

from support import build_articles

SENTENCES = (
    "The {state} said its soldiers shelled positions held by {armed} near the river town "
    "of Tal Hamra.",
    "Residents told reporters that the {state} had cut the water supply to the eastern "
    "quarter after {armed} entered it.",
    "Local doctors said {armed} fired rockets at the crowded market, and the {state} "
    "promised a swift response.",
    "A spokesman for the {state} accused {armed} of using schools and hospitals as shields.",
    "Aid convoys waited at the checkpoint while the {state} and {armed} argued over the route.",
    "The United Nations envoy met officials of the {state} and asked {armed} to let families "
    "leave the old city.",
    "Farmers near the dam said the {state} had not paid for the crops burned during the "
    "fighting with {armed}.",
    "Teachers in the northern villages said the {state} closed the schools when {armed} "
    "approached the valley.",
)

OUTLETS = {
    "Northern Herald": {"state": "regime", "armed": "rebels"},
    "Capital Times": {"state": "government", "armed": "terrorists"},
    "Evening Wire": {"state": "government", "armed": "militants"},
}


def planted_articles(articles_per_outlet: int = 4) -> pl.DataFrame:
    """Each outlet's articles: the shared sentences with its own labels, rotated so that the
    articles differ in order."""
    texts = {}
    for outlet, labels in OUTLETS.items():
        for number in range(articles_per_outlet):
            rotated = SENTENCES[number:] + SENTENCES[:number]
            filled = (sentence.format(**labels) for sentence in rotated)
            body = " ".join(text[0].upper() + text[1:] for text in filled)
            texts[f"{outlet[:3].lower()}-{number}"] = (outlet, body)
    return build_articles(texts)
