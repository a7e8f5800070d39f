"""The ``framelens`` command: argument parsing and messages; the work is in the public API.

Exit status: 0 on success (warnings about skipped input are printed, not fatal), 2 for bad
input or a usage error (one line on standard error, no traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import analysis
from analysis.errors import FramelensError, InputWarning
from analysis.groups import DEFAULT_MAX_SHOWN, DEFAULT_MIN_WORDS
from analysis.parallel import Terminated, interrupts_ignored, termination_as_interrupt

MAX_WARNINGS_SHOWN = 20
# Control characters in article text (terminal escape sequences) never reach the terminal.
_CONTROL = {code: "?" for code in [*range(0, 32), *range(127, 160)] if chr(code) not in "\t"}


def terminal_safe(text: object) -> str:
    """Untrusted text for printing: control characters (escape sequences) become '?'."""
    return str(text).translate(_CONTROL)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other user error
        raise FramelensError(f"{self.prog}: {message} (see --help)")


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="a folder of .txt/.md/.html files, or a "
                        "CSV/TSV/JSONL/Parquet table with one article per row")
    parser.add_argument("--manifest", type=Path, help="CSV or JSON mapping files to outlet, "
                        "title, date, url (default: manifest.csv or manifest.json in the folder)")
    for role in ("text", "outlet", "id", "title", "date", "url"):
        parser.add_argument(f"--{role}-col", metavar="NAME",
                            help=f"table corpora: the column holding the {role}")
    parser.add_argument("--outlets", help="comma-separated outlets to keep, in report order")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run the per-article stages "
                        "on this running Dask cluster (tcp://host:8786; default: the "
                        "FRAMELENS_SCHEDULER environment variable, else a local cluster of "
                        "--workers processes)")
    parser.add_argument("--workers", type=int, help="processes for the per-article stages "
                        "(default: every core; 1 runs everything in one process)")


def _add_lexicon_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lexicon", action="append", metavar="PACKS_OR_FILES",
                        help="lexicon packs (`framelens lexicon list`) or TOML files, "
                        "comma-separated or repeated, combined in order (default: the packs "
                        "that fit the corpus)")
    parser.add_argument("--extend-lexicon", action="store_true", help="add --lexicon's packs "
                        "and files to the packs framelens chooses instead of replacing them")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="framelens", description="Compare how news outlets frame the same "
                     "events: loaded terms, distinctive vocabulary, and who gets to speak.")
    parser.add_argument("--version", action="version", version=f"framelens {analysis.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    report = commands.add_parser("report", help="write the comparative report and data files")
    _add_corpus_options(report)
    _add_lexicon_options(report)
    report.add_argument("--gazetteer", type=Path, help="a source gazetteer TOML file used "
                        "instead of the default")
    report.add_argument("--extend-gazetteer", action="store_true", help="add --gazetteer's "
                        "sources to the default gazetteer instead of replacing it")
    report.add_argument("--out", type=Path, help="output folder (default: reports/<corpus name>)")
    report.add_argument("--top", type=int, default=15, help="terms per list (default 15)")
    report.add_argument("--format", choices=["md", "html"], default="md", help="md: report.md "
                        "with PNG charts; html: also report.html, one self-contained page")
    report.add_argument("--svg", action="store_true", help="also write the charts as SVG")
    report.add_argument("--period", choices=["auto", "week", "month", "quarter"],
                        default="auto", help="framing trends per week, month or quarter "
                        "(default auto: chosen from the span of the dates; none when it is "
                        "four weeks or less)")
    report.add_argument("--quiet", action="store_true", help="no progress or warnings on stderr")
    report.add_argument("--judgements", type=Path, help="a sample from `framelens lexicon "
                        "sample` with its relevant column marked y or n: the report gives "
                        "each judged term's precision (data/term_precision.csv)")
    report.add_argument("--group-by", metavar="COLUMN", help="compare groups of outlets: the "
                        "value of this column of the table or manifest (e.g. allsides_bias)")
    report.add_argument("--groups", type=Path, metavar="FILE.toml", help="compare the groups "
                        "of outlets listed in this file (see docs/many-outlets.md)")
    report.add_argument("--min-words", type=int, default=DEFAULT_MIN_WORDS, help="outlets "
                        "with fewer words are pooled in the report's tables and charts "
                        f"(default {DEFAULT_MIN_WORDS:,})")
    report.add_argument("--max-outlets", type=int, default=DEFAULT_MAX_SHOWN, metavar="K",
                        help="show the K largest outlets (or groups) by name and pool the "
                        f"rest (default {DEFAULT_MAX_SHOWN})")

    lexicon = commands.add_parser("lexicon", help="list, show or check framing lexicons")
    lexicon_commands = lexicon.add_subparsers(dest="lexicon_command", required=True,
                                              parser_class=_Parser)
    lexicon_commands.add_parser("list", help="list the lexicon packs: name, version, terms, "
                                "description")
    show = lexicon_commands.add_parser("show", help="print a lexicon (default: the general "
                                       "pack; --lexicon names others)")
    _add_lexicon_options(show)
    check = lexicon_commands.add_parser("check", help="validate a lexicon file; problems are "
                                        "listed with line numbers")
    check.add_argument("file", type=Path)
    check.add_argument("--extend", action="store_true", help="check it as an extension of the "
                       "default lexicon")

    sample = lexicon_commands.add_parser("sample", help="write a random sample of framing "
                                         "hits, spread over terms and outlets, to judge by "
                                         "reading (mark the relevant column y or n)")
    _add_corpus_options(sample)
    _add_lexicon_options(sample)
    sample.add_argument("--per-term", type=int, default=20, help="hits per term (default 20)")
    sample.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sample.add_argument("--out", type=Path, required=True, help="the CSV file to write")

    kwic = commands.add_parser("kwic", help="keyword-in-context lines for a term")
    kwic.add_argument("term", help="a lexicon term (with all its forms) or any word or phrase")
    _add_corpus_options(kwic)
    _add_lexicon_options(kwic)
    kwic.add_argument("--width", type=int, default=8, help="words each side (default 8)")
    kwic.add_argument("--limit", type=int, default=50, help="lines to show (default 50; 0: all)")

    discover = commands.add_parser("discover", help="find contested labels in the corpus: "
                                   "words outlets use in the same contexts for the same thing")
    _add_corpus_options(discover)
    discover.add_argument("--out", type=Path, required=True, help="folder for contrasts.csv, "
                          "lexicon.toml (a draft lexicon) and contrasts.md (evidence)")
    discover.add_argument("--top", type=int, default=20, help="sets to keep (default 20)")
    discover.add_argument("--min-uses", type=int, default=5, help="uses a word or phrase "
                          "needs in the corpus to be a candidate (default 5)")
    discover.add_argument("--seed", type=int, default=0, help="seed of the SVD (default 0)")

    clean = commands.add_parser("clean", help="write each article's cleaned text, to check "
                                "what the cleaner removed")
    _add_corpus_options(clean)
    clean.add_argument("--out", type=Path, help="folder for the cleaned .txt files")
    clean.add_argument("--show-removed", action="store_true", help="print each article with "
                       "its removed lines marked")

    evaluate = commands.add_parser("evaluate", help="measure framelens against annotations "
                                   "made by hand")
    evaluate_commands = evaluate.add_subparsers(dest="evaluate_command", required=True,
                                                parser_class=_Parser)
    _add_evaluate_attributions(evaluate_commands.add_parser(
        "attributions", help="cue precision and recall, speaker agreement and F1 against a "
        "gold attributions file (docs/attribution-evaluation.md)"))
    return parser


def _add_evaluate_attributions(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="the annotated articles: a folder or a table")
    parser.add_argument("gold", type=Path, help="JSON lines, one attribution a line, with "
                        "doc_id and cue/speaker spans into the original text (polnear-dev format)")
    parser.add_argument("--manifest", type=Path, help="as for `framelens report`")
    for role in ("text", "outlet", "id", "title", "date", "url"):
        parser.add_argument(f"--{role}-col", metavar="NAME",
                            help=f"table corpora: the column holding the {role}")
    parser.add_argument("--only", action="append", default=[], metavar="COLUMN=VALUE",
                        help="evaluate only the articles whose corpus COLUMN is VALUE "
                        "(e.g. compartment=dev); repeat to require several")
    parser.add_argument("--speech-only", action="store_true", help="keep only annotated "
                        "attributions whose cue holds a reporting verb or 'according to'")
    parser.add_argument("--speech-verbs", type=Path, metavar="FILE", help="--speech-only: "
                        "the reporting-verbs TOML file whose verbs mark speech (default: the "
                        "packaged one), to compare runs on one set of annotations")
    parser.add_argument("--gazetteer", type=Path, help="a source gazetteer TOML file")
    parser.add_argument("--extend-gazetteer", action="store_true", help="add --gazetteer's "
                        "sources to the default gazetteer")
    parser.add_argument("--out", type=Path, help="write the matched, missed and spurious "
                        "attributions to this CSV file")


def _print_warnings(warnings: list[InputWarning], quiet: bool) -> None:
    if quiet or not warnings:
        return
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        print(f"framelens: warning: {terminal_safe(warning)}", file=sys.stderr)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        print(f"framelens: ... and {len(warnings) - MAX_WARNINGS_SHOWN} more warnings "
              "(all in data/warnings.csv)", file=sys.stderr)


def _options(arguments: argparse.Namespace):
    from analysis.corpus import ColumnNames
    from analysis.pipeline import Options

    outlets = None
    if arguments.outlets:
        outlets = [name.strip() for name in arguments.outlets.split(",") if name.strip()]
    return Options(
        manifest=arguments.manifest,
        columns=ColumnNames(text=arguments.text_col, outlet=arguments.outlet_col,
                            id=arguments.id_col, title=arguments.title_col,
                            date=arguments.date_col, url=arguments.url_col),
        outlets=outlets,
        top=getattr(arguments, "top", 15),
        workers=arguments.workers,
        scheduler=arguments.scheduler,
        lexicon=getattr(arguments, "lexicon", None),
        extend_lexicon=getattr(arguments, "extend_lexicon", False),
        gazetteer=getattr(arguments, "gazetteer", None),
        extend_gazetteer=getattr(arguments, "extend_gazetteer", False),
        judgements=getattr(arguments, "judgements", None),
        group_by=getattr(arguments, "group_by", None),
        groups=getattr(arguments, "groups", None),
        min_words=getattr(arguments, "min_words", DEFAULT_MIN_WORDS),
        max_outlets=getattr(arguments, "max_outlets", DEFAULT_MAX_SHOWN),
        period=getattr(arguments, "period", None),
    )


def _default_out(corpus: Path) -> Path:
    from analysis.output import safe_file_stem

    name = corpus.resolve().name
    if corpus.is_file():
        name = corpus.stem
    return Path("reports") / safe_file_stem(name, fallback="corpus")


def run_report(arguments: argparse.Namespace) -> int:
    from analysis.pipeline import Progress, analyse

    if arguments.top < 1:
        raise FramelensError("--top must be at least 1")
    if arguments.workers is not None and arguments.workers < 1:
        raise FramelensError("--workers must be at least 1")
    progress = Progress(enabled=None if not arguments.quiet else False)
    result = analyse(arguments.corpus, _options(arguments), progress=progress)
    out = arguments.out or _default_out(arguments.corpus)
    path = result.write_report(out, format=arguments.format, svg=arguments.svg)
    _print_warnings(result.warnings, arguments.quiet)
    if not arguments.quiet:
        print(f"framelens: wrote {path}", file=sys.stderr)
    return 0


def run_clean(arguments: argparse.Namespace) -> int:
    from analysis.output import CLEAN_INDEX_NAME, write_clean_texts
    from analysis.pipeline import prepare

    cleaned = prepare(arguments.corpus, _options(arguments))
    if arguments.show_removed:
        removed = {}
        for row in cleaned.removed.iter_rows(named=True):
            removed.setdefault(row["id"], []).append(row)
        for article in cleaned.articles.iter_rows(named=True):
            marks: dict[int, list[tuple[str, str]]] = {}
            for row in removed.get(article["id"], []):
                marks.setdefault(row["line"], []).append((row["text"], row["reason"]))
            print(terminal_safe(f"===== {article['id']} ({article['outlet']}) ====="))
            for number, line in enumerate(article["raw_text"].split("\n"), start=1):
                if line.strip():
                    for shown in _line_marks(line.strip(), marks.get(number, [])):
                        print(terminal_safe(shown))
    if arguments.out is None and not arguments.show_removed:
        raise FramelensError("framelens clean: give --out DIR (where to write the cleaned "
                             "texts) or --show-removed")
    if arguments.out is not None:
        written = write_clean_texts(arguments.out, cleaned.articles, protect=arguments.corpus)
        print(f"framelens: wrote {written} cleaned texts and their index "
              f"({CLEAN_INDEX_NAME}) to {arguments.out}", file=sys.stderr)
    _print_warnings(cleaned.warnings, False)
    return 0


def _line_marks(line: str, removed: list[tuple[str, str]]) -> list[str]:
    """A line as ``clean --show-removed`` shows it: "+ line" when kept, "- [reason] line"
    when removed, and a kept line's removed parts below it as "  - [reason] part"."""
    whole = next((reason for text, reason in removed if text == line), None)
    if whole is not None:
        return [f"- [{whole}] {line}"]
    return [f"+ {line}", *(f"  - [{reason}] {text}" for text, reason in removed)]


def run_lexicon(arguments: argparse.Namespace) -> int:
    from analysis.lexicon import (
        check_lexicon,
        format_lexicon,
        format_packs,
        list_packs,
        load_lexicon,
    )

    if arguments.lexicon_command == "list":
        print(format_packs(list_packs()), end="")
        return 0
    if arguments.lexicon_command == "sample":
        return run_lexicon_sample(arguments)
    if arguments.lexicon_command == "show":
        if arguments.extend_lexicon and arguments.lexicon is None:
            raise FramelensError("--extend-lexicon needs --lexicon FILE")
        # Without a corpus nothing can be fitted: the general pack, which every run uses,
        # or (when extending) the syria pack, as lexicon check --extend does.
        requested = arguments.lexicon or ["general"]
        print(format_lexicon(load_lexicon(requested, extend=arguments.extend_lexicon)), end="")
        return 0
    if not arguments.file.is_file():
        raise FramelensError(f"{arguments.file}: no such file")
    problems = check_lexicon(arguments.file, extend=arguments.extend)
    for problem in problems:
        print(problem)
    if problems:
        print(f"framelens: {len(problems)} problem(s) in {arguments.file}", file=sys.stderr)
        return 2
    print(f"{arguments.file}: ok")
    return 0


def run_lexicon_sample(arguments: argparse.Namespace) -> int:
    from analysis.validation import sample_corpus, write_sample

    if arguments.per_term < 1:
        raise FramelensError("--per-term must be at least 1")
    sample = sample_corpus(arguments.corpus, _options(arguments), per_term=arguments.per_term,
                           seed=arguments.seed)
    path = write_sample(sample, arguments.out)
    terms = sample["term"].n_unique()
    print(f"framelens: wrote {sample.height} hits of {terms} terms to {path}; mark the "
          "relevant column y or n, then run `framelens report CORPUS --judgements FILE`",
          file=sys.stderr)
    return 0


def run_kwic(arguments: argparse.Namespace) -> int:
    from analysis.lexicon import kwic
    from analysis.pipeline import prepare

    if arguments.width < 1 or arguments.limit < 0:
        raise FramelensError("--width must be at least 1 and --limit at least 0")
    from analysis.lexicon import choose_lexicon, load_combined

    cleaned = prepare(arguments.corpus, _options(arguments))
    choice = choose_lexicon(arguments.lexicon, cleaned.articles["clean_text"].to_list(),
                            extend=arguments.extend_lexicon)
    lexicon = load_combined(choice.files, choice.extensions)
    from analysis.quotes import find_quotes

    lines = kwic(arguments.term, cleaned.articles, lexicon, width=arguments.width,
                 quotes=find_quotes(cleaned.articles))
    shown = lines if arguments.limit == 0 else lines.head(arguments.limit)
    left_width = max((len(text) for text in shown["left"]), default=0)
    for row in shown.iter_rows(named=True):
        print(terminal_safe(f"{row['outlet'][:16]:<16} {row['left']:>{left_width}} "
                            f"[{row['match']}] {row['right']}"))
    print(f"framelens: {lines.height} line(s) for {arguments.term!r}"
          + (f", first {shown.height} shown" if shown.height < lines.height else ""),
          file=sys.stderr)
    _print_warnings(cleaned.warnings, True)
    return 0


def run_evaluate(arguments: argparse.Namespace) -> int:
    from analysis.attribution import load_gazetteer, load_reporting_verbs
    from analysis.corpus import ColumnNames
    from analysis.evaluation import evaluate_attributions, write_evaluation_rows

    only = {}
    for item in arguments.only:
        column, equals, value = item.partition("=")
        if not equals or not column:
            raise FramelensError(f"--only {item}: write COLUMN=VALUE (e.g. compartment=dev)")
        only[column] = value
    if arguments.extend_gazetteer and arguments.gazetteer is None:
        raise FramelensError("--extend-gazetteer needs --gazetteer FILE")
    gazetteer = (load_gazetteer(arguments.gazetteer, extend=arguments.extend_gazetteer)
                 if arguments.gazetteer else None)
    verbs = load_reporting_verbs(arguments.speech_verbs) if arguments.speech_verbs else None
    evaluation = evaluate_attributions(
        arguments.corpus, arguments.gold, speech_only=arguments.speech_only, only=only,
        manifest=arguments.manifest, gazetteer=gazetteer, speech_verbs=verbs,
        columns=ColumnNames(text=arguments.text_col, outlet=arguments.outlet_col,
                            id=arguments.id_col, title=arguments.title_col,
                            date=arguments.date_col, url=arguments.url_col))
    print(evaluation.summary())
    if arguments.out is not None:
        write_evaluation_rows(evaluation, arguments.out)
        print(f"framelens: wrote {evaluation.rows.height:,} rows to {arguments.out}",
              file=sys.stderr)
    _print_warnings(evaluation.warnings, False)
    return 0


def run_discover(arguments: argparse.Namespace) -> int:
    from analysis.discover import discover_contrasts, write_discovery
    from analysis.pipeline import prepare

    if arguments.top < 1 or arguments.min_uses < 2:
        raise FramelensError("--top must be at least 1 and --min-uses at least 2")
    cleaned = prepare(arguments.corpus, _options(arguments))
    discovery = discover_contrasts(cleaned.articles, top=arguments.top,
                                   min_uses=arguments.min_uses, seed=arguments.seed)
    path = write_discovery(discovery, cleaned.articles, arguments.out, cleaned.name,
                           protect=arguments.corpus)
    _print_warnings(cleaned.warnings, False)
    print(f"framelens: {len(discovery.sets)} contrast set(s); wrote {path}", file=sys.stderr)
    return 0


def _interrupted(terminated: bool) -> int:
    """Remove unfinished output and say that the run was interrupted (Ctrl-C; returns 130)
    or ``terminated`` (SIGTERM; returns 143), with both ignored meanwhile. (A second Ctrl-C,
    or the same one raised again on the way out of a polars query, must not turn the message
    into a traceback: main retries when one is raised as this starts.)"""
    from analysis.output import discard_unfinished

    with interrupts_ignored(termination=True):
        discard_unfinished()
        print(f"framelens: {'terminated' if terminated else 'interrupted'}; the previous output "
              "was left as it was", file=sys.stderr)
    return 128 + int(signal.SIGTERM if terminated else signal.SIGINT)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status. Meanwhile SIGTERM stops the run as
    Ctrl-C does, cleaning up after it."""
    with termination_as_interrupt():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        arguments = build_parser().parse_args(argv)
        handlers = {"report": run_report, "clean": run_clean, "lexicon": run_lexicon,
                    "kwic": run_kwic, "evaluate": run_evaluate, "discover": run_discover}
        return handlers[arguments.command](arguments)
    except FramelensError as error:
        print(f"framelens: error: {terminal_safe(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as stop:
        terminated = isinstance(stop, Terminated)
        while True:  # a pending second interrupt is raised as _interrupted starts: retry
            try:
                return _interrupted(terminated)
            except KeyboardInterrupt:
                continue
    except BrokenPipeError:
        return 0
    except OSError as error:
        # A file that cannot be read or written (permissions, a full disk, a folder where a
        # file was expected) is the user's to fix; an OSError naming no file is a bug.
        if error.filename is None:
            raise
        print(f"framelens: error: {terminal_safe(error.filename)}: "
              f"{terminal_safe(error.strerror or error)}", file=sys.stderr)
        return 2
