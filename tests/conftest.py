"""Shared fixtures: small articles tables built from literal text, and the cleaned seeds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from support import FAKES, SEEDS, build_articles


@pytest.fixture
def make_articles() -> Callable[[dict[str, tuple[str, str]]], pl.DataFrame]:
    """Factory fixture: ``make_articles({"a1": ("RT", "Some text.")})``."""
    return build_articles


@pytest.fixture(scope="session")
def seed_corpus():
    """The five seeds, loaded with their manifest and cleaned (a CleanedCorpus)."""
    from analysis.clean import clean_articles
    from analysis.corpus import load_corpus

    return clean_articles(load_corpus(SEEDS))


@pytest.fixture(scope="session")
def seed_articles(seed_corpus) -> pl.DataFrame:
    """The cleaned ARTICLES table of the five seeds."""
    return seed_corpus.articles


@pytest.fixture(scope="session")
def seed_sentences(seed_articles) -> pl.DataFrame:
    """The SENTENCES table of the cleaned seeds."""
    from analysis.clean import split_sentences

    return split_sentences(seed_articles)



@pytest.fixture(scope="session")
def fakes_path() -> Path:
    """The FA-KES development corpus (792 articles); skips where ../shared is absent."""
    if not FAKES.is_file():
        pytest.skip(f"development corpus not found at {FAKES} (needs ../shared beside the repo)")
    return FAKES


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of the seeds folder (with its manifest) that a test may change."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder
