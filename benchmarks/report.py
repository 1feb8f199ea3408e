"""``python -m benchmarks.report``: seconds and peak memory of a year's report, on SQLite and
on PostgreSQL, over the same events.

Seeds a SQLite database with N demo events over the last full calendar year (or reuses
``--db`` when it already holds them). For PostgreSQL it starts a throwaway server on
127.0.0.1 (``tests/postgres.py``), copies the demo data in with COPY (the events' indexes
dropped during the load and built after it, then ``VACUUM ANALYZE``, as after a
``db copy``), and runs the same report there. Each report runs in a fresh child process so
that the figures are the report's own: compute time (all SQL and tables, on a read-only
connection of its own as ``Store.read_apart`` opens it), workbook and chart time, and the
child's peak resident set size (``resource.getrusage``). Last, it says whether both backends
gave exactly the same figures.

    python -m benchmarks.report [--events 1000000] [--backend both|sqlite|postgresql]
    python -m benchmarks.report --events 10000000 --backend both --repeat 1   # issue #16
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.config import Settings
from bot.core.content import Deployment

BACKENDS = ("sqlite", "postgresql")


def run(
    settings: Settings, *, events: int, db: Path | None, repeat: int, backends: list[str]
) -> int:
    year = dt.date.today().year - 1
    with tempfile.TemporaryDirectory() as scratch:
        path = db or Path(scratch) / "bench.db"
        seeded = _ensure_events(settings, path, events=events, year=year)
        print(f"database: {path} ({seeded:,} events in {year})", flush=True)
        communes = Deployment.load(_deployment(settings)).communes
        areas: list[list[str]] = [[], ["--commune", communes[0].id]]
        digests: dict[str, list[str]] = {}
        for backend in backends:
            with _target(backend, path) as target:
                digests[backend] = [_measure(backend, target, year, area, repeat) for area in areas]
        if len(digests) == 2:
            same = digests["sqlite"] == digests["postgresql"]
            print(f"same figures on both backends (every table of both reports): {same}")
            if not same:
                return 1
    return 0


def _measure(backend: str, target: str, year: int, area: list[str], repeat: int) -> str:
    where = f"commune {area[1]}" if area else "whole deployment"
    runs = [_child(target, year, area) for _ in range(repeat)]
    digests = {str(r.pop("digest")) for r in runs}
    assert len(digests) == 1, "the same report changed between runs"
    digest = digests.pop()
    numbers = [{name: float(value) for name, value in r.items()} for r in runs]
    best = {name: min(r[name] for r in numbers) for name in numbers[0]}
    median = {name: statistics.median(r[name] for r in numbers) for name in best}
    print(
        f"{backend}: year report, {where} (best / median of {repeat} fresh processes): "
        f"compute {best['compute']:.2f} / {median['compute']:.2f} s; "
        f"workbook {best['xlsx']:.2f} s; chart {best['chart']:.2f} s; "
        f"compute + workbook + chart {best['report']:.2f} / {median['report']:.2f} s; "
        f"process wall time incl. Python start-up and imports "
        f"{best['wall']:.2f} / {median['wall']:.2f} s; "
        f"peak RSS {max(r['rss_mb'] for r in numbers):.0f} MB",
        flush=True,
    )
    return digest


@contextmanager
def _target(backend: str, path: Path) -> Iterator[str]:
    """The database to report on: the SQLite file, or a PostgreSQL copy of it."""
    if backend == "sqlite":
        yield str(path)
        return
    from tests.postgres import PostgresServer

    server = PostgresServer.start()
    try:
        yield _load_postgres(path, server.create_database())
    finally:
        server.stop()


def _load_postgres(path: Path, url: str) -> str:
    """Copy the SQLite database into the empty PostgreSQL database at ``url``."""
    import sqlalchemy as sa

    from bot.store import Store
    from bot.store.copy import copy_database
    from bot.store.events import events

    Store.open(url).close()  # the schema
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for index in events.indexes:  # one build after the load beats upkeep row by row
            index.drop(conn)
        started = time.perf_counter()
        copied = copy_database(path, url)
        loaded = time.perf_counter()
        conn.execute(sa.text("SET maintenance_work_mem = '512MB'"))  # index builds sort in memory
        for index in events.indexes:
            index.create(conn)
        conn.execute(sa.text("VACUUM ANALYZE"))
        done = time.perf_counter()
    engine.dispose()
    print(
        f"postgresql: copied {copied.total:,} rows with COPY in {loaded - started:.1f} s; "
        f"events indexes built and VACUUM ANALYZE in {done - loaded:.1f} s",
        flush=True,
    )
    return url


def _child(target: str, year: int, area: list[str]) -> dict[str, float | str]:
    command = [sys.executable, "-m", "benchmarks.report", "--child", target, str(year), *area]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float | str] = json.loads(output)
    figures["wall"] = time.perf_counter() - started
    figures["report"] = float(figures["compute"]) + float(figures["xlsx"]) + float(figures["chart"])
    return figures


def _deployment(settings: Settings) -> Path:
    return settings.content_dir / "deployment.yaml"


def _ensure_events(settings: Settings, path: Path, *, events: int, year: int) -> int:
    import sqlalchemy as sa

    from bot.metrics.cli import demo_intents
    from bot.metrics.seed import seed_demo
    from bot.store import Store

    store = Store.open(path)
    try:
        have = store.call_sql(
            lambda c: int(c.execute(sa.text("SELECT count(*) FROM events")).scalar_one())
        )
        if have >= events:
            return have
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
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        return result.events
    finally:
        store.close()


def child(target: str, year: int, commune: str | None) -> dict[str, float | str]:
    """The measured part: compute, workbook bytes and chart PNG of one year's report."""
    from bot.metrics import period
    from bot.metrics.area import Area
    from bot.metrics.chart import chart_png
    from bot.metrics.cli import load_catalog
    from bot.metrics.report import build_report
    from bot.metrics.xlsx import workbook_bytes
    from bot.store.database import open_reader
    from bot.store.reports import ReportQueries

    settings = Settings.from_env()
    deployment = Deployment.load(_deployment(settings))
    catalog = load_catalog(settings.content_dir)
    started = time.perf_counter()
    with open_reader(target) as conn:  # what Store.read_apart gives the report
        report = build_report(
            ReportQueries(conn),
            period=period.year(year, settings.timezone),
            area=Area(commune=commune),
            deployment=deployment,
            catalog=catalog,
        )
    computed = time.perf_counter()
    workbook_bytes(report)
    written = time.perf_counter()
    chart_png(report)
    drawn = time.perf_counter()
    tables = [[t.key, t.rows] for s in report.sections for t in s.tables]
    return {
        "compute": computed - started,
        "xlsx": written - computed,
        "chart": drawn - written,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "digest": hashlib.sha256(json.dumps(tables, default=str).encode()).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        target, year, *area = arguments[1:]
        print(json.dumps(child(target, int(year), area[1] if len(area) > 1 else None)))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--db", type=Path, help="reuse or keep this SQLite file")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per report (3)")
    args = parser.parse_args(arguments)
    settings = Settings.from_env()
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    return run(
        settings, events=args.events, db=args.db, repeat=max(1, args.repeat), backends=backends
    )


if __name__ == "__main__":
    raise SystemExit(main())
