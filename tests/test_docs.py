"""The documents: every subcommand, option and data file is documented, and the README is a
front page that starts with the two set-up commands .ci/run reads."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from analysis.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
README_WORD_LIMIT = 1500


def _documents() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in [README, *DOCS])


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub)command of the parser with its words, the top-level parser included."""
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


def _options() -> list[tuple[str, str]]:
    """(command words, option string) for every long option of every command."""
    found = []
    for path, parser in _commands(build_parser()):
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in ("--help", "--version"):
                    found.append((" ".join(path), option))
    return found


def test_readme_starts_with_the_two_setup_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[2].strip().endswith(".venv/bin/framelens report seeds")
    assert lines[3].strip() == (
        "python3 -m venv .venv && .venv/bin/pip install tox && .venv/bin/tox"
    )


def test_readme_is_a_front_page():
    words = len(README.read_text(encoding="utf-8").split())
    assert words <= README_WORD_LIMIT, f"README.md has {words} words"


def test_every_subcommand_is_documented():
    text = _documents()
    for path, _ in _commands(build_parser()):
        if path:
            command = "framelens " + " ".join(path)
            assert command in text, f"`{command}` is not in README.md or docs/"


@pytest.mark.parametrize(("command", "option"), _options())
def test_every_option_is_documented(command, option):
    assert re.search(re.escape(option) + r"(?![\w-])", _documents()), (
        f"`framelens {command} {option}` is not in README.md or docs/"
    )


@pytest.mark.parametrize(
    "name", sorted(path.name for path in (ROOT / "analysis" / "data").rglob("*") if path.is_file())
)
def test_every_data_file_is_documented(name):
    assert name in _documents(), f"analysis/data/{name} is not named in README.md or docs/"


def test_every_output_data_file_is_documented():
    report = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "reports" / "seeds" / "data").glob("*.csv")):
        assert f"`{path.name}`" in report, f"data/{path.name} is not in docs/report.md"


def test_links_between_documents_lead_somewhere():
    for path in [README, *DOCS]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (path.parent / target).exists(), f"{path.name} links to {target}"
