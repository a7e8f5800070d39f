"""The command line (analysis.cli): each subcommand's exit status (0 done, 2 a user error, 130
interrupted), its one-line errors without a traceback, and what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import PROJECT, SEEDS
from support.hostile import (
    article_text,
    one_line_error,
    run_framelens,
    snapshot,
    write_small_corpus,
)

from analysis.cli import main


def test_user_errors_are_one_line_with_exit_status_2(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["report", str(SEEDS), "--outlets", "Nobody"]) == 2
    assert main(["report"]) == 2
    assert main(["report", str(SEEDS), "--out", str(SEEDS / "inside")]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 4
    assert all(line.startswith("framelens: error: ") for line in errors)
    assert "Traceback" not in "".join(errors)
    assert not (SEEDS / "inside").exists()


def test_clean_command_writes_one_text_per_article(seed_copy, tmp_path, capsys):
    out = tmp_path / "clean"
    assert main(["clean", str(seed_copy), "--out", str(out)]) == 0
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert files == sorted([*(f"{p.stem}.txt" for p in SEEDS.glob("*.txt")), "index.csv"])
    assert main(["clean", str(seed_copy), "--show-removed"]) == 0
    shown = capsys.readouterr().out
    assert "- [photo credit] © AFP 2018/ ALBARAKA NEWS" in shown
    assert "+ Syria forces continue to purge Aleppo" in shown


def test_python_dash_m_runs_the_same_command():

    completed = subprocess.run([sys.executable, "-m", "analysis", "--version"],
                               capture_output=True, text=True, check=False,
                               env={**os.environ, "PYTHONPATH": str(SEEDS.parent)})
    assert completed.returncode == 0 and completed.stdout.startswith("framelens ")


# --- failure behaviour of the command ---------------------------------------------------------


USER_ERRORS = [
    (["report", "missing-folder"], "missing-folder: no such file or folder"),
    (["report", "corpus", "--no-such-option"], "unrecognized arguments: --no-such-option"),
    (["report"], "the following arguments are required: corpus"),
    (["report", "corpus", "--top", "many"], "argument --top: invalid int value: 'many'"),
    (["report", "corpus", "--out", "a-file"], "a-file: exists and is not a folder"),
    (["report", "corpus", "--out", "a-file/below"], "a-file/below: cannot write the output "
     "folder (Not a directory)"),
    (["report", "corpus", "--out", "corpus/out"], "corpus/out: the output folder is inside "
     "the corpus folder"),
    (["report", "binary-only", "--out", "o"], "binary-only: no readable articles found (1 "
     "skipped; the first: x.txt: skipped: binary file"),
    (["report", "bad.csv"], "bad.csv: no text column found"),
    (["report", "corpus/a0.txt"], "corpus/a0.txt: a single article file; give the folder"),
    (["report", "corpus", "--outlets", "Nobody"], "--outlets: not in the corpus: Nobody"),
    (["report", "corpus", "--lexicon", "missing.toml"], "missing.toml"),
    (["clean", "corpus"], "give --out DIR"),
    (["clean", "corpus", "--out", "a-file"], "a-file: exists and is not a folder"),
]
# run in a subprocess too, to see the real stderr and exit status of `python -m analysis`
IN_A_SUBPROCESS = {0, 1, 5, 7}


@pytest.fixture
def error_cases(tmp_path, monkeypatch) -> Path:
    write_small_corpus(tmp_path / "corpus")
    (tmp_path / "a-file").write_text("not a folder")
    skipped_only = tmp_path / "binary-only"
    skipped_only.mkdir()
    (skipped_only / "x.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "bad.csv").write_text("words\nx\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("number", "arguments", "fragment"),
                         [(n, *case) for n, case in enumerate(USER_ERRORS)],
                         ids=[" ".join(case[0]) for case in USER_ERRORS])
def test_user_errors_are_one_line_exit_2_naming_the_file_without_traceback(
        error_cases, capsys, number, arguments, fragment):
    before = snapshot(error_cases)
    assert main(arguments) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("framelens: error: "), error
    assert fragment in error
    if number in IN_A_SUBPROCESS:
        line = one_line_error(run_framelens(*arguments, cwd=error_cases))
        assert line == error.strip()
    assert set(snapshot(error_cases)) - set(before) <= {".tmp"}


def test_terminal_escape_sequences_in_names_never_reach_the_terminal(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    (corpus / "manifest.csv").write_text("file,outlet\n\x1b[2J\x1b]0;pwned\x07.txt,A\n")
    completed = run_framelens("report", "corpus", cwd=tmp_path)
    line = one_line_error(completed)
    assert "\x1b" not in line and "\x07" not in line and "'\\x1b[2J\\x1b]0;pwned" in line
    line = one_line_error(run_framelens("report", "\x1b[2Jmissing\x07\nsecond line",
                                        cwd=tmp_path))
    assert line == "framelens: error: ?[2Jmissing??second line: no such file or folder"


def test_output_that_would_land_in_the_corpus_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    corpus = write_small_corpus(out / "data")  # the corpus sits where the data files go
    before = snapshot(out)
    assert main(["report", str(out / "data"), "--out", str(out), "--quiet"]) == 2
    assert "out/data/articles.csv: would be written into the corpus" in capsys.readouterr().err
    assert snapshot(out) == before
    table = tmp_path / "t" / "data" / "articles.csv"  # a table where its report would go
    table.parent.mkdir(parents=True)
    table.write_text("text,outlet\n" + "".join(f'"{article_text(n)}",A\n' for n in range(3)))
    assert main(["report", str(table), "--out", str(tmp_path / "t"), "--quiet"]) == 2
    assert "would be written into the corpus" in capsys.readouterr().err
    assert table.read_text().startswith("text,outlet")
    assert corpus.is_dir()


def test_symbolic_link_in_out_cannot_lead_the_report_elsewhere(tmp_path):
    write_small_corpus(tmp_path / "corpus")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "data").symlink_to(elsewhere)
    line = one_line_error(run_framelens("report", "corpus", "--out", "out", cwd=tmp_path))
    assert "out/data/" in line and "leads outside the output folder" in line
    assert list(elsewhere.iterdir()) == []
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["data"]


def test_skipped_files_give_exit_status_0_with_warnings(tmp_path):
    corpus = write_small_corpus(tmp_path / "corpus")
    (corpus / "x.txt").write_bytes(b"\x00" * 10)
    completed = run_framelens("report", "corpus", "--out", "out", cwd=tmp_path)
    assert completed.returncode == 0 and "Traceback" not in completed.stderr
    assert completed.stderr.splitlines() == [
        "framelens: warning: x.txt: skipped: binary file (contains NUL bytes), not text",
        "framelens: wrote out/report.md",
    ]


# --- every subcommand: exit status 0 on success, 2 with one line on a user error -------------


def _one_error_line(capsys) -> str:
    """The one line a failed command printed on standard error."""
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("framelens: error: ") and "Traceback" not in lines[0]
    return lines[0]


def test_lexicon_show_prints_the_default_lexicon(capsys):
    assert main(["lexicon", "show"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Lexicon: general\n")
    assert "alarming: alarming, alarmingly" in shown


def test_lexicon_show_extend_without_a_file_is_a_one_line_error(capsys):
    assert main(["lexicon", "show", "--extend-lexicon"]) == 2
    assert "--extend-lexicon needs --lexicon FILE" in _one_error_line(capsys)


def test_lexicon_check_says_ok_or_lists_each_problem_at_its_line(tmp_path, capsys):
    assert main(["lexicon", "check", str(PROJECT / "analysis/data/lexicons/syria.toml")]) == 0
    assert capsys.readouterr().out.strip().endswith("syria.toml: ok")
    broken = tmp_path / "broken.toml"
    broken.write_text('[lexicon]\nname = "x"\nversion = "1"\ndescription = "d"\n\n'
                      '[categories.a]\ntitle = "A"\ndescription = "d"\n'
                      'terms = [{ term = "" }]\n', encoding="utf-8")
    assert main(["lexicon", "check", str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out.strip() == f"{broken}:9: empty term"
    assert captured.err.strip() == f"framelens: 1 problem(s) in {broken}"


def test_lexicon_check_of_a_missing_file_is_a_one_line_error(tmp_path, capsys):
    assert main(["lexicon", "check", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: no such file" in _one_error_line(capsys)


def test_kwic_prints_the_lines_of_a_term_and_how_many(capsys):
    assert main(["kwic", "militants", str(SEEDS), "--limit", "2"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 2 and all("[militants]" in line for line in lines)
    assert ", first 2 shown" in captured.err


def test_kwic_with_a_width_below_one_is_a_one_line_error(capsys):
    assert main(["kwic", "militants", str(SEEDS), "--width", "0"]) == 2
    assert "--width must be at least 1" in _one_error_line(capsys)


def test_clean_without_out_or_show_removed_is_a_one_line_error(capsys):
    assert main(["clean", str(SEEDS)]) == 2
    assert "give --out DIR" in _one_error_line(capsys)


@pytest.mark.parametrize("command", [["report"], ["clean"], ["kwic", "militants"]])
def test_a_missing_corpus_is_a_one_line_error_naming_it(tmp_path, capsys, command):
    assert main([*command, str(tmp_path / "nowhere")]) == 2
    assert "nowhere: no such file or folder" in _one_error_line(capsys)


def test_an_unknown_subcommand_is_a_one_line_error(capsys):
    assert main(["nonsense"]) == 2
    assert "invalid choice: 'nonsense'" in _one_error_line(capsys)
