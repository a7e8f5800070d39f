"""truth.json: what was planted, tallied per outlet while the corpus is written."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .articles import EXACT_REPOST_RATE, NEAR_REPOST_RATE, Article, CorpusGenerator
from .layout import (
    ARTICLE_LENGTH_SIGMA,
    ATTRIBUTION_PATTERNS,
    MAX_ARTICLE_WORDS,
    MAX_SENTENCE_WORDS,
    MEDIAN_ARTICLE_WORDS,
    MIN_ARTICLE_WORDS,
    MIN_SENTENCE_WORDS,
    PARAGRAPH_SENTENCE_WEIGHTS,
)
from .markers import DISTINCTIVE_WORDS, FRAMING_TERMS, MARKERS, N_MARKERS, N_TERMS
from .outlets import OUTLETS
from .words import WORD_PATTERN, ZIPF_KNEE

TRUTH_VERSION = 1


class Tally:
    """Running per-outlet totals for truth.json."""

    def __init__(self) -> None:
        n = len(OUTLETS)
        self.articles = np.zeros(n, dtype=np.int64)
        self.body_words = np.zeros(n, dtype=np.int64)
        self.text_words = np.zeros(n, dtype=np.int64)
        self.text_bytes = np.zeros(n, dtype=np.int64)
        self.body_markers = np.zeros((n, N_MARKERS), dtype=np.int64)
        self.furniture_markers = np.zeros((n, N_MARKERS), dtype=np.int64)
        self.attributions = np.zeros((n, len(ATTRIBUTION_PATTERNS)), dtype=np.int64)
        self.furniture_lines = np.zeros(n, dtype=np.int64)
        self.with_furniture = np.zeros(n, dtype=np.int64)
        self.duplicates: list[dict[str, str]] = []

    def add(self, article: Article, size: int) -> None:
        """Count ``article``, whose text is ``size`` bytes of UTF-8."""
        o = article.outlet
        self.articles[o] += 1
        self.body_words[o] += article.body_words
        self.text_words[o] += article.text_words
        self.text_bytes[o] += size
        self.body_markers[o] += article.body_markers
        self.furniture_markers[o] += article.caption_markers + article.furniture_markers
        self.attributions[o] += article.attributions
        self.furniture_lines[o] += article.furniture_lines
        self.with_furniture[o] += article.furniture_lines > 0
        if article.note:
            kind = "exact" if article.note.startswith("exact") else "near"
            original = article.note.split(" of ", 1)[1].split(" ", 1)[0]
            self.duplicates.append({"original": original, "copy": article.id, "kind": kind})


def _outlet_entries(generator: CorpusGenerator, tally: Tally) -> list[dict]:
    """Per outlet: articles, words, furniture, attributions and every planted marker."""
    outlets = []
    for o, outlet in enumerate(OUTLETS):
        words = max(int(tally.body_words[o]), 1)

        def entry(m: int, o: int = o, words: int = words) -> dict:
            return {
                "target_per_1000": round(generator.marker_rates[o, m] * 1000, 4),
                "body_count": int(tally.body_markers[o, m]),
                "furniture_count": int(tally.furniture_markers[o, m]),
                "body_rate_per_1000": round(tally.body_markers[o, m] * 1000 / words, 4),
            }

        def present(m: int, o: int = o) -> bool:
            return bool(generator.marker_rates[o, m] > 0 or tally.body_markers[o, m]
                        or tally.furniture_markers[o, m])  # fmt: skip

        outlets.append(
            {
                "name": outlet.name,
                "slug": outlet.slug,
                "articles": int(tally.articles[o]),
                "text_bytes": int(tally.text_bytes[o]),
                "body_words": int(tally.body_words[o]),
                "text_words": int(tally.text_words[o]),
                "furniture_lines": int(tally.furniture_lines[o]),
                "articles_with_furniture": int(tally.with_furniture[o]),
                "quotation_marks": outlet.quotation_marks,
                "terms": {
                    marker.name: entry(m) for m, marker in enumerate(FRAMING_TERMS) if present(m)
                },
                "distinctive_words": {
                    marker.name: entry(N_TERMS + d)
                    for d, marker in enumerate(DISTINCTIVE_WORDS)
                    if present(N_TERMS + d)
                },
                "attributions": {
                    name: int(tally.attributions[o, p])
                    for p, name in enumerate(ATTRIBUTION_PATTERNS)
                },
            }
        )
    return outlets


def build_truth(
    generator: CorpusGenerator,
    tally: Tally,
    out: Path,
    files: list[Path],
    size: int,
    seed: int,
    fmt: str,
    written: int,
) -> dict:
    """The content of truth.json for a corpus of ``written`` text bytes in ``files``."""
    articles = int(tally.articles.sum())
    exact = sum(1 for pair in tally.duplicates if pair["kind"] == "exact")
    return {
        "generator": "benchmarks/generate_corpus.py",
        "version": TRUTH_VERSION,
        "seed": seed,
        "format": fmt,
        "requested_bytes": size,
        "text_bytes": written,
        "file_bytes": sum(path.stat().st_size for path in files),
        "files": [str(path.relative_to(out)) for path in files[:1]]
        + ([f"... {len(files) - 1} more"] if len(files) > 1 else []),
        "articles": articles,
        "body_words": int(tally.body_words.sum()),
        "text_words": int(tally.text_words.sum()),
        "word_definition": f"analysis.tokens.WORD_PATTERN = {WORD_PATTERN}",
        "counting": (
            "body = article text a cleaner should keep (headline line, dateline, paragraphs); "
            "furniture = navigation, related links, comment blocks, photo captions and "
            "credits. A marker's pattern, matched case-insensitively over the whole text field, "
            "finds exactly body_count + furniture_count occurrences."
        ),
        "article_words": {
            "median_target": MEDIAN_ARTICLE_WORDS,
            "log_sd": ARTICLE_LENGTH_SIGMA,
            "range": [MIN_ARTICLE_WORDS, MAX_ARTICLE_WORDS],
            "sentence_words": [MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS],
            "paragraph_sentences": [1, len(PARAGRAPH_SENTENCE_WEIGHTS)],
        },
        "vocabulary": {
            "zipf": f"frequency ~ 1/rank up to rank {ZIPF_KNEE}, ~ 1/rank^2 beyond",
            "heaps": {
                "columns": ["filler_words", "distinct_filler_words"],
                "points": [p for p in generator.heaps.points if p[0] <= tally.body_words.sum()],
            },
        },
        "patterns": {marker.name: marker.pattern for marker in MARKERS},
        "outlets": _outlet_entries(generator, tally),
        "duplicates": {
            "exact_rate": EXACT_REPOST_RATE,
            "near_rate": NEAR_REPOST_RATE,
            "exact": exact,
            "near": len(tally.duplicates) - exact,
            "pairs": tally.duplicates,
        },
    }
