"""Groups of outlets (by a column or a groups file), pooling of small outlets, and the
report that compares them (analysis.groups, analysis.compare)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest
from support import SEEDS

from analysis.cli import main
from analysis.errors import FramelensError
from analysis.groups import (
    UNGROUPED,
    UNITS,
    groups_from_column,
    read_groups_file,
    report_units,
)
from analysis.pipeline import Options, analyse

# Sentences written for these tests; each outlet gets its own so the texts differ.
SENTENCES = [
    "The militants shelled the eastern districts of the city on Monday, residents said.",
    "Government forces said they had retaken two villages after heavy fighting overnight.",
    "Aid workers said thousands of civilians had fled towards the border in the rain.",
    "The opposition council said the talks in Geneva had failed to agree on a ceasefire.",
    "Officials said the convoy carrying food and medicine reached the besieged town.",
]


def _article(outlet: str, index: int, sentences: int) -> str:
    return " ".join(f"{SENTENCES[(index + step) % len(SENTENCES)]} {outlet} reported story "
                    f"{index} part {step}." for step in range(sentences))


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def leaning_corpus(tmp_path_factory) -> Path:
    """Six outlets with a 'leaning' column; one article of 'Tiny' has it empty."""
    leaning = {"Alpha": "left", "Beta": "left", "Gamma": "right", "Delta": "right",
               "Epsilon": "center", "Tiny": "center"}
    rows = []
    for outlet, side in leaning.items():
        for index in range(3 if outlet != "Tiny" else 2):
            rows.append({"id": f"{outlet}-{index}", "outlet": outlet,
                         "text": _article(outlet, index, 6),
                         "leaning": "" if (outlet, index) == ("Tiny", 1) else side})
    return _write_jsonl(tmp_path_factory.mktemp("leaning") / "articles.jsonl", rows)


def test_groups_file_is_read_in_file_order_with_descriptions(tmp_path):
    path = tmp_path / "groups.toml"
    path.write_text('[groups.state]\ndescription = "Run by a state"\noutlets = ["RT", "SANA"]\n'
                    '\n[groups.private]\noutlets = ["Reuters"]\n', encoding="utf-8")
    groups = read_groups_file(path)
    assert [(group.name, group.description, group.outlets) for group in groups] == [
        ("state", "Run by a state", ("RT", "SANA")), ("private", "", ("Reuters",))]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[groups.a]\noutlets = ["RT"]\n\n[groups.b]\noutlets = ["SANA", "RT"]\n', 5,
     "is in two groups"),
    ('[groups.a]\noutlets = "RT"\n', 2, "non-empty list"),
    ('[groups.a]\noutlets = ["RT"]\ncolour = "red"\n', 3, "unknown key 'colour'"),
    ('[groups.a]\noutlets = ["RT"]\n[other]\nx = 1\n', 3, "unknown key 'other'"),
    ('[groups.ungrouped]\noutlets = ["RT"]\n', 1, "choose another name"),
    ('[groups.a]\noutlets = ["RT"\n', None, "invalid TOML"),
])
def test_a_broken_groups_file_is_named_with_its_line(tmp_path, text, line, words):
    path = tmp_path / "groups.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FramelensError) as caught:
        read_groups_file(path)
    message = str(caught.value)
    assert words in message and "\n" not in message
    if line is not None:
        assert message.startswith(f"{path}:{line}: ")


def test_an_empty_group_value_becomes_ungrouped_with_a_warning():
    catalogue = pl.DataFrame({"outlet": ["A", "A", "B", "C"], "group": ["x", "x", "y", None]})
    mapping, warnings = groups_from_column(catalogue, "side")
    assert mapping == {"A": "x", "B": "y", "C": UNGROUPED}
    assert any("1 article(s) have no value" in str(warning) for warning in warnings)


def test_an_outlet_with_several_values_takes_its_most_common():
    catalogue = pl.DataFrame({"outlet": ["A", "A", "A"], "group": ["x", "y", "y"]})
    mapping, warnings = groups_from_column(catalogue, "side")
    assert mapping == {"A": "y"}
    assert "several values" in str(warnings[0])


def _catalogue(words: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame({"outlet": list(words), "words": list(words.values())})


def test_small_outlets_are_pooled_and_the_largest_shown():
    words = {"Big": 90_000, "Large": 40_000, "Mid": 6_000, "Small": 800, "Tiny": 300}
    units = report_units(_catalogue(words), min_words=5_000, max_shown=12)
    UNITS.check(units)
    shown = dict(zip(units["outlet"], units["unit"], strict=True))
    assert shown == {"Big": "Big", "Large": "Large", "Mid": "Mid",
                     "Small": "other outlets (2)", "Tiny": "other outlets (2)"}
    assert units["unit"].unique(maintain_order=True).to_list()[-1] == "other outlets (2)"


def test_max_outlets_caps_the_outlets_shown_by_name():
    words = {f"outlet {index:03d}": 10_000 + index for index in range(100)}
    units = report_units(_catalogue(words), min_words=5_000, max_shown=12)
    assert units.filter(~pl.col("pooled")).height == 12
    assert set(units.filter(pl.col("pooled"))["unit"]) == {"other outlets (88)"}
    # the twelve shown are the largest
    assert set(units.filter(~pl.col("pooled"))["outlet"]) == {
        f"outlet {index:03d}" for index in range(88, 100)}


def test_pooling_never_leaves_fewer_than_two_outlets_or_a_pool_of_one():
    all_small = report_units(_catalogue({"A": 900, "B": 800, "C": 700}), min_words=5_000)
    assert all_small["pooled"].sum() == 0
    one_small = report_units(_catalogue({"A": 9_000, "B": 8_000, "C": 700}), min_words=5_000)
    assert one_small["pooled"].sum() == 0


def _table_widths(markdown: str) -> list[int]:
    """Columns of every markdown table row (unescaped pipes minus one)."""
    return [len(re.findall(r"(?<!\\)\|", line)) - 1 for line in markdown.splitlines()
            if line.startswith("| ")]


def test_report_by_column_compares_groups_and_names_their_outlets(leaning_corpus, tmp_path):
    out = tmp_path / "report"
    result = analyse(leaning_corpus, Options(group_by="leaning", min_words=0))
    result.write_report(out)
    report = (out / "report.md").read_text(encoding="utf-8")
    header = next(line for line in report.splitlines() if line.startswith("| group |"))
    assert "outlets" in header
    for side, outlets in {"left": "Alpha, Beta", "right": "Delta, Gamma"}.items():
        assert re.search(rf"^\| {side} \| 2 \| [0-9,]+ \| ({outlets}|"
                         rf"{', '.join(reversed(outlets.split(', ')))}) \|$", report, re.M)
    rates_header = next(line for line in report.splitlines()
                        if line.startswith("| term |"))
    assert rates_header.startswith("| term | center | left | right |")
    hits = pl.read_csv(out / "data" / "framing_hits.csv")
    assert {"outlet", "group"} <= set(hits.columns)
    assert dict(hits.select("outlet", "group").unique().iter_rows())["Gamma"] == "right"
    outlets = pl.read_csv(out / "data" / "outlets.csv")
    assert sorted(outlets["outlet"]) == ["Alpha", "Beta", "Delta", "Epsilon", "Gamma", "Tiny"]
    assert any("have no value" in warning.problem for warning in result.warnings)


def test_report_by_groups_file_shows_groups_in_file_order(leaning_corpus, tmp_path):
    groups = tmp_path / "groups.toml"
    groups.write_text('[groups.first]\ndescription = "A and G"\noutlets = ["Alpha", "Gamma"]\n'
                      '[groups.second]\noutlets = ["Beta", "Delta", "Epsilon"]\n',
                      encoding="utf-8")
    result = analyse(leaning_corpus, Options(groups=groups, min_words=0))
    shown = result.for_report()
    assert shown.outlets == ["first", "second", UNGROUPED]
    assert set(shown.rates["outlet"]) == {"first", "second", UNGROUPED}
    assert set(result.rates["outlet"]) == {"Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Tiny"}
    # the rates of a group are the sums of its outlets' counts
    alpha_gamma = result.rates.filter(pl.col("outlet").is_in(["Alpha", "Gamma"]))
    first = shown.rates.filter(pl.col("outlet") == "first")
    assert first["count"].sum() == alpha_gamma["count"].sum()
    assert any("Tiny" in warning.problem for warning in result.warnings)


def test_pooled_report_keeps_every_outlet_in_the_data_files(tmp_path):
    out = tmp_path / "pooled"
    assert main(["report", str(SEEDS), "--out", str(out), "--quiet", "--max-outlets",
                 "2"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "other outlets (3)" in report
    rates = pl.read_csv(out / "data" / "framing_rates.csv")
    assert rates["outlet"].n_unique() == 5
    assert max(_table_widths(report)) <= 16


def test_a_missing_group_column_is_a_one_line_error(leaning_corpus, capsys):
    assert main(["report", str(leaning_corpus), "--group-by", "owner", "--quiet"]) == 2
    error = capsys.readouterr().err.strip()
    assert "no column 'owner' to group by" in error and "leaning" in error
    assert len(error.splitlines()) == 1


def test_a_manifest_without_the_column_is_a_one_line_error(capsys):
    assert main(["report", str(SEEDS), "--group-by", "leaning", "--quiet",
                 "--out", "/nonexistent/never-written"]) == 2
    assert "no column 'leaning' to group by" in capsys.readouterr().err


def test_group_by_and_groups_together_are_refused(leaning_corpus, tmp_path, capsys):
    groups = tmp_path / "groups.toml"
    groups.write_text('[groups.a]\noutlets = ["Alpha"]\n', encoding="utf-8")
    assert main(["report", str(leaning_corpus), "--group-by", "leaning", "--groups",
                 str(groups), "--quiet"]) == 2
    assert "give one" in capsys.readouterr().err


def _generated_corpus(path: Path, outlets: int, seed: int = 7) -> Path:
    """A long tail of outlets: the first twelve with 160 articles each, the others with one to
    twelve (2,622 articles for 120 outlets); texts drawn from the sentences above, lexicon
    terms and numbered filler words."""
    import random

    generator = random.Random(seed)
    terms = ["militants", "terrorists", "rebels", "the regime", "government forces",
             "civilians", "fled", "recaptured", "liberated", "the opposition"]
    rows = []
    for outlet in range(outlets):
        name = f"Outlet {outlet:03d}"
        count = 160 if outlet < 12 else 1 + outlet % 12
        for index in range(count):
            sentences = []
            for step in range(12):
                sentence = SENTENCES[generator.randrange(len(SENTENCES))]
                words = " ".join(f"word{generator.randrange(3000)}" for _ in range(6))
                sentences.append(f"{sentence[:-1]}, {generator.choice(terms)} and {words} "
                                 f"({name} {index}.{step}).")
            rows.append({"id": f"{outlet:03d}-{index:03d}", "outlet": name,
                         "text": " ".join(sentences), "side": ["left", "right"][outlet % 2]})
    return _write_jsonl(path, rows)


@pytest.mark.slow
def test_a_report_of_120_outlets_stays_within_its_size_limits(tmp_path):
    corpus = _generated_corpus(tmp_path / "many.jsonl", 120)
    out = tmp_path / "report"
    assert main(["report", str(corpus), "--out", str(out), "--quiet", "--format", "html",
                 "--workers", "1"]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert len(report.encode()) <= 400_000
    assert (out / "report.html").stat().st_size <= 6_000_000
    assert max(_table_widths(report)) <= 16
    assert len(list((out / "charts").glob("*.png"))) <= 8
    # the appendix names every outlet once; the data files keep every outlet
    appendix = report.split("## Appendix: the outlets", 1)[1]
    for outlet in range(120):
        assert len(re.findall(rf"^\| Outlet {outlet:03d} \|", appendix, re.M)) == 1
    assert pl.read_csv(out / "data" / "framing_rates.csv")["outlet"].n_unique() == 120


def test_rare_rates_keep_two_significant_digits_in_the_tables():
    from analysis.report.framing import rate_digits

    assert rate_digits(pl.Series([29.1, 3.5, 0.0])) == 1
    assert rate_digits(pl.Series([0.19, 0.03])) == 2
    assert rate_digits(pl.Series([0.012, None])) == 3
