"""What one store operation costs a turn, on SQLite and on PostgreSQL (issue #16).

The operations a citizen's turn makes on the repositories written with SQLAlchemy: read the
dialogue state, write it back (awaited), record a reach event and the shown buttons
(deferred bookkeeping); and what each web console request reads first (its session and the
person's role). Each is timed from the event loop (hand-off to the database thread
and back) over ``--rounds`` turns; printed per backend: microseconds per operation, p50 and
p95. PostgreSQL runs on a throwaway server on 127.0.0.1 (``tests/postgres.py``; skipped with
a line when none can be started).

    python -m benchmarks.store_ops [--rounds 2000] [--sqlite-only]

The script only uses the store's public API, so the same file run against an older
checkout (``PYTHONPATH=<checkout> python benchmarks/store_ops.py --sqlite-only``) gives the
sqlite-utils figures to compare with.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.store import Store

Samples = dict[str, list[float]]  # operation name -> microseconds, one per call


async def timed(
    samples: dict[str, list[float]], name: str, work: Callable[[], Awaitable[Any]]
) -> None:
    started = time.perf_counter()
    await work()
    samples.setdefault(name, []).append((time.perf_counter() - started) * 1e6)


async def turn(store: Store, samples: dict[str, list[float]], user: str, n: int) -> None:
    """One citizen's turn: the store operations it makes, each timed."""
    await timed(samples, "state read", lambda: store.read(lambda r: r.states.get(user)))
    await timed(
        samples,
        "state write",
        lambda: store.write(lambda r: r.states.set(user, "faq", "asked", {"n": n})),
    )
    await timed(
        samples,
        "event + buttons",
        lambda: store.write(
            lambda r: (
                r.events.record("faq_answer", channel="telegram", outcome="answer"),
                r.choices.set(user, [("Có", "yes"), ("Không", "no")]),
            )
        ),
    )
    await timed(samples, "role read", lambda: store.read(lambda r: r.staff.role_of(user)))


async def console_request(store: Store, samples: dict[str, list[float]]) -> None:
    """What every console request reads first: its session and the person's role."""
    await timed(
        samples,
        "console session",
        lambda: store.read(
            lambda r: (r.web.session("bench", now=SESSION_NOW), r.staff.role_of("telegram:1"))
        ),
    )


SESSION_NOW = "2026-12-03T10:00:00+00:00"


async def turns(store: Store, rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    for n in range(rounds):
        await turn(store, samples, f"telegram:{n % 200}", n)
        await console_request(store, samples)
    return samples


def report(backend: str, samples: dict[str, list[float]]) -> None:
    for name, values in samples.items():
        values.sort()
        p95 = values[int(len(values) * 0.95)]
        print(
            f"{backend:10} {name:16} mean {statistics.fmean(values):7.0f} µs  "
            f"p50 {statistics.median(values):7.0f} µs  p95 {p95:7.0f} µs"
        )


async def run_on(database: str, rounds: int) -> dict[str, list[float]]:
    store = Store.open(database)
    try:
        await store.write(
            lambda r: r.web.add_session(
                "bench", "telegram:1", csrf="c", now=SESSION_NOW, expires_at="2026-12-03T18:00"
            )
        )
        await turns(store, min(200, rounds))  # warm-up: statement caches, first pages
        return await turns(store, rounds)
    finally:
        store.close()


def on_both_backends(description: str, measure: Callable[[str, int], Samples]) -> None:
    """Parse ``--rounds``/``--sqlite-only`` and print ``measure(database, rounds)`` on a
    temporary SQLite file, then on a throwaway PostgreSQL server."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", measure(str(Path(folder) / "bench.db"), args.rounds))
    if args.sqlite_only:
        return
    from tests.postgres import NoServer, PostgresServer

    try:
        server = PostgresServer.start()
    except NoServer as reason:
        print(f"postgresql skipped: {reason}")
        return
    try:
        report("postgresql", measure(server.create_database(), args.rounds))
    finally:
        server.stop()


def main() -> None:
    on_both_backends(
        __doc__.split("\n")[0], lambda database, rounds: asyncio.run(run_on(database, rounds))
    )


if __name__ == "__main__":
    main()
