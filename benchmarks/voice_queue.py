"""Benchmark of the review queue at scale: ``python -m benchmarks.voice_queue [--questions N]``.

Fills a temporary database with N pending questions (FAQ phrasings, some typed without
diacritics) and prints: submissions per second, a queue page, opening a card (similar
questions), grouping all of them, and the Excel and CSV exports. Figures only: no assertion.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from bot.app import build_services
from bot.config import ROOT, Settings
from bot.store.voice_queue import QueueFilter
from bot.voice import clustering, export
from bot.voice.queue_view import merge_targets
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


def run(*, questions: int, content_dir: Path = ROOT / "content", seed: int = 7) -> Iterator[str]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings(db_path=Path(tmp) / "bench.db", content_dir=content_dir))
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
        card = [_ms(partial(merge_targets, services, q))[0] for q in probe]
        yield f"open a card (similar questions among {questions}): p50 {statistics.median(card):.0f} ms"
        terms = clustering.terms_for(services)
        grouped: list[clustering.Cluster] = []
        took = _ms(lambda: grouped.extend(clustering.cluster(texts, terms=terms)))[0]
        shared = sum(1 for g in grouped if g.size > 1)
        yield f"group all {questions}: {took:,.0f} ms ({shared} groups of 2 or more)"
        selection = export.Selection(session_id=session.id)
        yield f"export xlsx: {_ms(lambda: export.questions_xlsx(services, selection))[0]:,.0f} ms"
        yield f"export csv: {_ms(lambda: export.questions_csv(services, selection))[0]:,.0f} ms"
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.voice_queue", description=__doc__)
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args(argv)
    for line in run(questions=args.questions):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
