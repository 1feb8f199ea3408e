"""While another process holds the write lock, do other citizens still get FAQ replies?

A child process opens the bot's database, takes the write lock (``BEGIN IMMEDIATE``) and
holds it for ``--hold`` seconds (default 7, longer than SQLite's busy timeout). Meanwhile a
different consenting citizen asks an FAQ question every 100 ms. Printed: reply latency
p50/p95/max and how many replies were the error apology. Target: p95 under 1 s.

    python -m benchmarks.write_lock [--hold 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._world import ask, close, make_engine, seed_citizens, summary

HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE citizens SET last_seen = last_seen WHERE id = 1")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


async def measure(hold: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp))
        seed_citizens(Path(tmp) / "bench.db", 200)
        error_text = engine.services.texts.get("error")
        holder = await asyncio.create_subprocess_exec(
            sys.executable, "-c", HOLDER, str(Path(tmp) / "bench.db"), str(hold),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert holder.stdout is not None
        await holder.stdout.readline()  # "locked"
        tasks = []
        start = time.perf_counter()
        for person in range(int(hold * 10)):
            sent_at = start + person * 0.1  # a steady stream, whether or not the loop keeps up
            await asyncio.sleep(max(0.0, sent_at - time.perf_counter()))
            tasks.append(asyncio.create_task(ask(engine, person, sent_at)))
        results = await asyncio.gather(*tasks)
        await holder.wait()
        await close(engine)
    latencies = [seconds for seconds, _ in results]
    apologies = sum(1 for _, text in results if text == error_text)
    return {
        "benchmark": "write_lock",
        "hold_s": hold,
        "replies": len(results),
        **summary(latencies),
        "apologies": apologies,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", type=float, default=7.0, help="seconds the lock is held")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(measure(args.hold))))


if __name__ == "__main__":
    main()
