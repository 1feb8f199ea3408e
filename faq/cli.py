"""Command line: ``python -m faq match|check|show|eval|calibrate|crossval|bench``.

A thin edge over the library: each command builds what it needs, calls one function and
prints. Errors in content become messages and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from faq.check import check_content
from faq.evaluate import (
    evaluate,
    evaluate_pairs,
    pair_lines,
    read_pairs,
    read_tsv,
    stripped,
    stripped_pairs,
)
from faq.matcher import Matcher, default_content_dir, follow_conversation

REPO = Path(__file__).resolve().parent.parent


def _matcher(content: Path) -> Matcher:
    return Matcher.from_content(content)


def _conversation(line: str) -> tuple[str, list[str]]:
    """A stdin line: a plain question, or ``{"q": ..., "previous": [...]}`` (oldest first)."""
    if line.lstrip().startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return line, []
        if isinstance(data, dict) and isinstance(data.get("q"), str):
            previous = data.get("previous") or []
            return data["q"], [str(p) for p in previous] if isinstance(previous, list) else []
    return line, []


def cmd_match(args: argparse.Namespace) -> int:
    """Print one JSON line per question (arguments, else stdin lines)."""
    matcher = _matcher(args.content)
    lines = args.question or (line.rstrip("\r\n") for line in sys.stdin)
    for line in lines:
        q, previous = _conversation(line)
        m = follow_conversation(matcher, q, previous)
        record = {
            "q": q,
            "id": m.intent_id,
            "score": round(m.score, 4),
            "outcome": m.outcome,
            "suggestions": list(m.suggestions),
            "also": list(m.also),
            "others": list(m.others),
            "unanswered": list(m.unanswered),
            "follow_up": m.follow_up,
            "household": list(m.household),
        }
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the content; one line per problem, non-zero exit when any."""
    if args.stale:
        from faq.catalog import Catalog
        from faq.show import stale

        lines = stale(Catalog.load(args.content), args.today or dt.date.today())
        for line in lines:
            print(line)
        print(f"{len(lines)} answer version(s) due for review")
        return 0
    result = check_content(args.content, catalogue=args.catalogue, today=args.today)
    for note in result.notes:
        print(note)
    for problem in result.problems:
        print(f"error: {problem}")
    if result.problems:
        print(f"{len(result.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print what a citizen receives for one answer on a date (default: today, local)."""
    from faq.show import show

    day = args.on or _local_today()
    try:
        text = show(args.content, args.intent, day, details=args.details, household=args.household)
    except KeyError:
        print(f"error: no such intent: {args.intent}", file=sys.stderr)
        return 2
    print(f"— {args.intent} on {day:%d/%m/%Y} —")
    print(text)
    return 0


def _local_today() -> dt.date:
    from zoneinfo import ZoneInfo

    zone = os.environ.get("BOT_TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh"
    return dt.datetime.now(ZoneInfo(zone)).date()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from None


def cmd_eval(args: argparse.Namespace) -> int:
    """Print accuracy figures for a labelled TSV file and list the misses."""
    matcher = _matcher(args.content)
    if args.pairs:
        if args.cv:
            print(
                "error: --cv refits the calibration; it does not apply to --pairs", file=sys.stderr
            )
            return 2
        pairs = [pair for path in args.file for pair in read_pairs(path)]
        if args.strip_diacritics:
            pairs = stripped_pairs(pairs)
        for line in pair_lines(evaluate_pairs(matcher, pairs)):
            print(line)
        return 0
    items = [item for path in args.file for item in read_tsv(path)]
    if args.strip_diacritics:
        items = stripped(items)
    if args.cv:
        from faq.calibrate import cross_validate

        print(f"{args.cv}-fold cross-validation of the calibration weights:")
        report = cross_validate(matcher, items, folds=args.cv)
    else:
        report = evaluate(matcher, items)
    for line in report.lines():
        print(line)
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit the confidence weights on labelled files and print them."""
    from faq.calibrate import calibrated

    items = [item for path in args.files for item in read_tsv(path)]
    scorer = calibrated(_matcher(args.content), items)
    print(f"bias={scorer.bias:.3f}")
    print("weights=(" + ", ".join(f"{w:.3f}" for w in scorer.weights) + ")")
    return 0


def cmd_crossval(args: argparse.Namespace) -> int:
    """Print how well the content's phrasings predict each other."""
    from faq.catalog import Catalog
    from faq.crossval import report
    from faq.lexicon import Lexicon

    catalog = Catalog.load(args.content)
    lexicon = Lexicon.load(args.content / "lexicon.yaml")
    for line in report(catalog, lexicon, folds=args.folds):
        print(line)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Print build (without cache, cold, warm), match latency and memory figures."""
    try:
        from benchmarks.faq_match import run
    except ImportError:
        print("error: the benchmarks come with the source checkout only", file=sys.stderr)
        return 2
    for line in run(args.content, intents=args.intents):
        print(line, flush=True)
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs test)."""
    p = argparse.ArgumentParser(prog="python -m faq", description=__doc__.splitlines()[0])
    p.add_argument(
        "--content",
        type=Path,
        default=default_content_dir(),
        help="content folder (default: $BOT_CONTENT_DIR or the repository's content/)",
    )
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("match", help="match questions, one JSON object per line")
    m.add_argument("question", nargs="*", help="questions; none = one per line on stdin")
    m.set_defaults(func=cmd_match)
    c = sub.add_parser("check", help="validate content/faq/*.yaml")
    c.add_argument(
        "--catalogue",
        type=Path,
        default=REPO.parent / "shared" / "faq" / "intents.yaml",
        help="shared intent catalogue whose ids must all exist (skipped when missing)",
    )
    c.add_argument(
        "--stale",
        action="store_true",
        help="list answers reviewed over 6 months ago or resting on uncertain sources",
    )
    c.add_argument("--today", type=_date, help="check as if today were YYYY-MM-DD")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("show", help="print what a citizen receives for an answer on a date")
    s.add_argument("intent", help="intent id, e.g. chuan_ngheo.tieu_chi")
    s.add_argument("--on", type=_date, help="the date, YYYY-MM-DD (default: today, local)")
    s.add_argument("--details", action="store_true", help="also print the details message")
    s.add_argument(
        "--household",
        choices=["ngheo", "can_ngheo", "moi_thoat_ngheo"],
        help="the citizen's household category (its line comes first)",
    )
    s.set_defaults(func=cmd_show)
    e = sub.add_parser("eval", help="accuracy on labelled TSV files (intent<TAB>question)")
    e.add_argument("file", type=Path, nargs="+")
    e.add_argument("--cv", type=int, default=0, help="K-fold cross-validate the calibration")
    e.add_argument(
        "--pairs",
        action="store_true",
        help="lines ask two things (first_id<TAB>second_id<TAB>message): how both are served",
    )
    e.add_argument(
        "--strip-diacritics",
        action="store_true",
        help="remove the diacritics of every question first (typed without them)",
    )
    e.set_defaults(func=cmd_eval)
    k = sub.add_parser("calibrate", help="fit the confidence weights on labelled TSV files")
    k.add_argument("files", type=Path, nargs="+")
    k.set_defaults(func=cmd_calibrate)
    x = sub.add_parser("crossval", help="K-fold check of the content's own phrasings")
    x.add_argument("--folds", type=int, default=5)
    x.set_defaults(func=cmd_crossval)
    b = sub.add_parser("bench", help="build, cache, latency and memory figures (checkout only)")
    b.add_argument("--intents", type=int, default=1000, help="replicated catalogue size")
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader stopped early (`python -m faq eval FILE | head -3`): as any filter,
        # end quietly; stdout is pointed at /dev/null so that its flush at exit fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
