"""Helpers of the terms tests: a simple sentence splitter, the seed pages as scraped, a planted
repost, and random articles cut into batches."""

from __future__ import annotations

import random
import re
import tomllib

import polars as pl

from support import PROJECT, SEEDS, build_articles

# A sentence: from a non-space to sentence punctuation (with closing quotes) before spacing,
# or to the end of the line.
_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"'”’)]*(?=\s|\Z)|(?=\n)|\Z)", re.DOTALL)


def sentence_table(articles: pl.DataFrame) -> pl.DataFrame:
    """A SENTENCES table made by a simple splitter (independent of analysis.clean)."""
    rows = [
        (article_id, number, match.start(), match.end())
        for article_id, text in articles.select("id", "clean_text").iter_rows()
        for number, match in enumerate(_SENTENCE.finditer(text))
    ]
    return pl.DataFrame(rows, schema=["id", "sentence", "start", "end"], orient="row")


def _manifest_outlets() -> dict[str, str]:
    table = pl.read_csv(SEEDS / "manifest.csv")
    return dict(zip(table["file"], table["outlet"], strict=True))


def raw_seed_texts() -> dict[str, tuple[str, str]]:
    """The five seed pages exactly as scraped, furniture and all: {id: (outlet, text)}."""
    outlets = _manifest_outlets()
    return {
        path.stem: (outlets[path.name], path.read_text(encoding="utf-8"))
        for path in sorted(SEEDS.glob("*.txt"))
    }


def seed_article_lines(name: str) -> list[str]:
    """The article lines of one seed page (hand-annotated in the cleaning fixture)."""
    fixture = PROJECT / "tests" / "fixtures" / "seed_cleaning.toml"
    with fixture.open("rb") as file:
        return tomllib.load(file)["seeds"][name]["keep"]


def repost_page(name: str) -> str:
    """A seed article pasted into a blog page: new headline, other furniture, straight quotes."""
    body = seed_article_lines(name)[1:]  # the original headline is dropped
    text = "\n\n".join(body).replace("“", '"').replace("”", '"').replace("’", "'")
    return (
        "Syria Solidarity Network\nHome | About | Donate\n"
        "Russia says there is no Aleppo deal with Washington\n"
        "Posted on 12 December 2016 by admin\n\n"
        f"{text}\n\n"
        "Share this:\nTwitter\nFacebook\nLike this:\nLike Loading...\n"
        "Related\nLeave a Reply Cancel reply\nYour email address will not be published.\n"
    )


WORDS = ["Aleppo", "militants", "rebels", "army", "fled", "the", "of", "US", "city", "2016"]


def _articles(count: int, seed: int = 7) -> pl.DataFrame:
    rng = random.Random(seed)
    texts = {
        f"a{i:03d}": (
            rng.choice(["RT", "Press TV", "Sputnik", "BBC"]),
            " ".join(rng.choice(WORDS + [",", ".\n"]) for _ in range(rng.randint(0, 40))),
        )
        for i in range(count)
    }
    return build_articles(texts)


def _batches(articles: pl.DataFrame, cuts: list[int]) -> list[pl.DataFrame]:
    edges = [0, *sorted({min(cut, articles.height) for cut in cuts}), articles.height]
    return [articles.slice(a, b - a) for a, b in zip(edges, edges[1:], strict=False) if b > a]
