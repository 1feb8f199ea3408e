"""``python -m benchmarks.report --events N``: seconds and peak memory of a year's report.

Seeds a database with N demo events over the last full calendar year (or reuses ``--db``
when it already holds them), then runs the report in a fresh child process so that the
figures are the report's own: compute time, workbook and chart time, and the child's peak
resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.config import Settings
from bot.core.content import Deployment


def run(settings: Settings, *, events: int, db: Path | None, repeat: int = 3) -> int:
    year = dt.date.today().year - 1
    with tempfile.TemporaryDirectory() as scratch:
        path = db or Path(scratch) / "bench.db"
        seeded = _ensure_events(settings, path, events=events, year=year)
        print(f"database: {path} ({seeded:,} events in {year})")
        communes = Deployment.load(_deployment(settings)).communes
        for area in ([], ["--commune", communes[0].id]):
            where = f"commune {area[1]}" if area else "whole deployment"
            runs = [_child(path, year, area) for _ in range(repeat)]
            best = {name: min(r[name] for r in runs) for name in runs[0]}
            median = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
            print(
                f"year report, {where} (best / median of {repeat} fresh processes): "
                f"compute {best['compute']:.2f} / {median['compute']:.2f} s; "
                f"workbook {best['xlsx']:.2f} s; chart {best['chart']:.2f} s; "
                f"compute + workbook + chart {best['report']:.2f} / {median['report']:.2f} s; "
                f"process wall time incl. Python start-up and imports "
                f"{best['wall']:.2f} / {median['wall']:.2f} s; "
                f"peak RSS {max(r['rss_mb'] for r in runs):.0f} MB"
            )
    return 0


def _child(path: Path, year: int, area: list[str]) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.report", "--child", str(path), str(year), *area]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(output)
    figures["wall"] = time.perf_counter() - started
    figures["report"] = figures["compute"] + figures["xlsx"] + figures["chart"]
    return figures


def _deployment(settings: Settings) -> Path:
    return settings.content_dir / "deployment.yaml"


def _ensure_events(settings: Settings, path: Path, *, events: int, year: int) -> int:
    from bot.metrics.cli import demo_intents
    from bot.metrics.seed import seed_demo
    from bot.store import Store

    store = Store.open(path)
    try:
        (have,) = store.call_db(lambda db: db.execute("SELECT count(*) FROM events").fetchone())
        if have >= events:
            return int(have)
        started = time.perf_counter()
        result = seed_demo(
            store,
            Deployment.load(_deployment(settings)),
            citizens=1,
            days=365,
            end=dt.date(year, 12, 31),
            tz=settings.timezone,
            intents=demo_intents(settings.content_dir),
            max_events=events,
        )
        print(
            f"seeded {result.events:,} events for {result.citizens:,} demo citizens "
            f"in {time.perf_counter() - started:.1f} s"
        )
        return result.events
    finally:
        store.close()


def child(path: str, year: int, commune: str | None) -> dict[str, float]:
    """The measured part: compute, workbook bytes and chart PNG of one year's report."""
    import sqlite3

    from bot.metrics import period
    from bot.metrics.chart import chart_png
    from bot.metrics.cli import load_catalog
    from bot.metrics.queries import Area
    from bot.metrics.report import build_report
    from bot.metrics.xlsx import workbook_bytes

    settings = Settings.from_env()
    deployment = Deployment.load(_deployment(settings))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    started = time.perf_counter()
    report = build_report(
        conn,
        period=period.year(year, settings.timezone),
        area=Area(commune=commune),
        deployment=deployment,
        catalog=load_catalog(settings.content_dir),
    )
    computed = time.perf_counter()
    workbook_bytes(report)
    written = time.perf_counter()
    chart_png(report)
    drawn = time.perf_counter()
    return {
        "compute": computed - started,
        "xlsx": written - computed,
        "chart": drawn - written,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        path, year, *area = arguments[1:]
        print(json.dumps(child(path, int(year), area[1] if len(area) > 1 else None)))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="reuse or keep this database file")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per report (3)")
    args = parser.parse_args(arguments)
    settings = Settings.from_env()
    return run(settings, events=args.events, db=args.db, repeat=max(1, args.repeat))


if __name__ == "__main__":
    raise SystemExit(main())
