"""What the citizens' voice asks of the store, on SQLite and on PostgreSQL (issue #16).

A question sent to staff (``questions.submit``: a fresh reference code and the insert, one
awaited write) and the schedule a citizen opens with /doithoai (``voice.sessions.upcoming``
over 50 sessions in 10 communes, one read), each timed from the event loop over
``--rounds`` calls; printed per backend like ``benchmarks.store_ops``.

    python -m benchmarks.voice_ops [--rounds 2000] [--sqlite-only]

Only the store's public API is used, so the same file run with an older checkout's ``bot``
package gives the figures to compare with: a folder holding ``bot`` linked to that checkout
and ``benchmarks`` linked to this one, on ``PYTHONPATH``
(``PYTHONPATH=/tmp/before python -m benchmarks.voice_ops --sqlite-only``).
"""

from __future__ import annotations

import asyncio
import datetime as dt

from benchmarks.store_ops import on_both_backends, timed
from bot.store import Citizen, Repositories, Store

NOW = dt.datetime(2026, 12, 4, 8, 0)


def seeded(database: str) -> tuple[Store, list[Citizen]]:
    """The store with 50 citizens and 50 sessions in 10 communes (before the loop starts)."""
    store = Store.open(database)
    citizens = [store.citizens.register(f"telegram:{n}") for n in range(50)]
    for n in range(50):
        when = NOW + dt.timedelta(days=n % 20, hours=n % 5)
        store.voice.sessions.create(f"xa_{n % 10}", when, "UBND xã", "BHYT", by="cli")
    return store, citizens


async def calls(store: Store, citizens: list[Citizen], rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    for n in range(rounds):
        citizen = citizens[n % len(citizens)]

        def submit(r: Repositories, citizen: Citizen = citizen) -> str:
            return r.questions.submit("faq_miss", citizen, "Hộ cận nghèo được vay bao nhiêu?")

        await timed(samples, "question submit", lambda: store.write(submit))
        await timed(
            samples,
            "sessions upcoming",
            lambda: store.read(lambda r: r.voice.sessions.upcoming(NOW, commune="xa_3")),
        )
    return samples


def run_on(database: str, rounds: int) -> dict[str, list[float]]:
    store, citizens = seeded(database)
    try:
        asyncio.run(calls(store, citizens, min(200, rounds)))  # warm-up: statement caches
        return asyncio.run(calls(store, citizens, rounds))
    finally:
        store.close()


def main() -> None:
    on_both_backends(__doc__.split("\n")[0], run_on)


if __name__ == "__main__":
    main()
