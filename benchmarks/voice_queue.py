"""Benchmark of the review queue at scale: ``python -m benchmarks.voice_queue [--questions N]``.

Fills a temporary database with N pending questions (FAQ phrasings, some typed without
diacritics) and prints: submissions per second, a queue page, opening a card (similar
questions), grouping all of them, and the Excel and CSV exports, with the longest time the
event loop stalled while staff waited. ``--db postgresql://…`` runs it on PostgreSQL (an
empty database); ``--store-only`` times the queue's repository alone (either backend).
Figures only: no assertion.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from bot.app import build_services
from bot.config import ROOT, Settings
from bot.core.services import Services
from bot.store import Store
from bot.store.voice_queue import QueueFilter, QueueItem, ReviewQueue
from bot.voice import clustering, export
from bot.voice.queue_view import group_similar, open_card
from faq.normalize import strip_marks

PREFIXES = ("", "", "cho hỏi ", "xin hỏi ", "cán bộ ơi ", "nhà tôi muốn hỏi ", "bà con hỏi ")
SUFFIXES = ("", "", " ạ", " vậy", " với", " nhé", " năm nay", " ở xã mình")


def perturb(text: str, rng: random.Random) -> str:
    """A citizen's version of an FAQ phrasing: a greeting, a dropped word, no diacritics."""
    words = text.split()
    if len(words) > 4 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    typed = rng.choice(PREFIXES) + " ".join(words) + rng.choice(SUFFIXES)
    return strip_marks(typed) if rng.random() < 0.3 else typed


def _ms(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def _on_loop(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """(ms ``work`` took, the longest ms the event loop could not run anything meanwhile)."""
    longest, done = 0.0, False

    async def tick() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now

    ticker = asyncio.create_task(tick())
    start = time.perf_counter()
    await work()
    took = time.perf_counter() - start
    done = True
    await ticker
    return took * 1000, longest * 1000


def run(
    *, questions: int, content_dir: Path = ROOT / "content", seed: int = 7, db: str = ""
) -> Iterator[str]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        target = {"db_url": db} if db else {"db_path": Path(tmp) / "bench.db"}
        settings = Settings(content_dir=content_dir, **target)
        services = build_services(settings)
        store = services.store
        faq = services.faq
        phrasings = [v for i in faq.catalog.intents.values() for v in i.variants] if faq else []
        phrasings = phrasings or ["Hộ nghèo vay vốn được bao nhiêu tiền?"]
        citizens = [store.citizens.register(f"telegram:{n}") for n in range(200)]
        session = store.voice.sessions.create(
            "que_phong", dt.datetime(2099, 1, 1, 8), "Hội trường", "BHYT", by="bench"
        )
        texts = [perturb(rng.choice(phrasings), rng) for _ in range(questions)]
        start = time.perf_counter()
        for n, text in enumerate(texts):
            store.voice.queue.submit("dialogue", text, citizen=citizens[n % len(citizens)],
                                     prefix="DT", session_id=session.id)  # fmt: skip
        elapsed = time.perf_counter() - start
        distinct = len(set(clustering.keys(texts, clustering.terms_for(services))))
        yield f"database: {store.dialect}"
        yield (
            f"questions: {questions} ({distinct} distinct after normalising; FAQ phrasings "
            "with greetings, dropped words, 30% without diacritics)"
        )
        yield f"submit: {questions / elapsed:,.0f} questions/s"
        page = _ms(
            lambda: store.voice.queue.listing(QueueFilter(session_id=session.id), limit=8), 50
        )
        yield f"queue page (8 items, filtered by session): p50 {statistics.median(page):.2f} ms"
        probe = store.voice.queue.listing(QueueFilter(), limit=20)
        terms = clustering.terms_for(services)
        grouped: list[clustering.Cluster] = []
        took = _ms(lambda: grouped.extend(clustering.cluster(texts, terms=terms)))[0]
        shared = sum(1 for g in grouped if g.size > 1)
        yield f"group all {questions} (clustering alone): {took:,.0f} ms ({shared} groups of 2 or more)"
        yield from asyncio.run(_async_figures(services, probe, session.id, questions))
        store.close()


async def _async_figures(
    services: Services, probe: list[QueueItem], session_id: int, questions: int
) -> list[str]:
    """What staff wait for, through the async API, and how long the loop stalls meanwhile."""
    lines = []
    cards = [await _on_loop(partial(open_card, services, q.id)) for q in probe]
    lines.append(
        f"open a card (all it shows, similar questions among {questions}): "
        f"p50 {statistics.median(c[0] for c in cards):.0f} ms, "
        f"longest loop stall {max(c[1] for c in cards):.0f} ms"
    )
    pool = QueueFilter()
    took, stall = await _on_loop(partial(group_similar, services, pool, pool=questions))
    lines.append(
        f"group all {questions} (read + clustering): {took:,.0f} ms, loop stall {stall:.0f} ms"
    )
    selection = export.Selection(session_id=session_id)
    for name, write in (("xlsx", export.questions_xlsx), ("csv", export.questions_csv)):
        took, stall = await _on_loop(partial(write, services, selection))
        lines.append(f"export {name}: {took:,.0f} ms, loop stall {stall:.0f} ms")
    return lines


def run_store(*, questions: int, seed: int = 7, db: str = "") -> Iterator[str]:
    """The repository alone (``--store-only``): what the database costs the queue, on either
    backend, without the other voice repositories."""
    rng = random.Random(seed)
    phrasings = ["Hộ nghèo vay vốn được bao nhiêu tiền?", "Hộ cận nghèo được hỗ trợ BHYT bao nhiêu?",
                 "Con hộ nghèo có được miễn học phí không?", "Làm sao để được xét hộ cận nghèo?"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(db or Path(tmp) / "bench.db")
        citizens = [store.citizens.register(f"telegram:{n}") for n in range(200)]
        texts = [perturb(rng.choice(phrasings), rng) for _ in range(questions)]

        def fill(conn: Any) -> None:  # the store's SQLAlchemy connection
            queue = ReviewQueue(conn)
            for n, text in enumerate(texts):
                queue.submit("dialogue", text, citizen=citizens[n % len(citizens)],
                             prefix="DT", session_id=1)  # fmt: skip

        took = _ms(lambda: store.call_sql(fill))[0]
        yield f"database: {store.dialect}, {questions} questions"
        yield f"submit: {questions / took * 1000:,.0f} questions/s (a transaction each)"

        def p50(work: Callable[[ReviewQueue], object], repeat: int = 20) -> float:
            return statistics.median(
                _ms(lambda: store.call_sql(lambda conn: work(ReviewQueue(conn))), repeat)
            )

        pending, answered = QueueFilter(), QueueFilter(status="answered")

        def card(queue: ReviewQueue) -> None:
            queue.get(1), queue.contact(1), queue.answers(1), queue.children(1)
            queue.lines(pending, limit=2000)
            queue.lines(answered, limit=2000, newest_first=True)

        yield f"queue page (8 items, by session): p50 {p50(lambda q: q.listing(QueueFilter(session_id=1), limit=8)):.2f} ms"
        yield f"count and version: p50 {p50(lambda q: (q.count(pending), q.version(pending))):.2f} ms"
        yield f"a card's reads (pools of 2,000 lines): p50 {p50(card):.1f} ms"
        yield f"2,000 full items: p50 {p50(lambda q: q.listing(pending, limit=2000)):.1f} ms"
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.voice_queue", description=__doc__)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument(
        "--db", default="", help="a postgresql:// URL to an empty database (default: SQLite)"
    )
    parser.add_argument(
        "--store-only", action="store_true", help="the review queue's repository alone"
    )
    args = parser.parse_args(argv)
    lines = run_store if args.store_only else run
    for line in lines(questions=args.questions, db=args.db):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
