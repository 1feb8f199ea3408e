"""Timing figures (``python -m benchmarks.faq_match``): index build and match latency.

Measured on the real content and on a synthetic catalogue of at least 1,000 intents made by
cloning the real intents under new ids with perturbed phrasings (dropped and swapped words,
typos, and one invented word per clone so that the vocabulary grows as a real catalogue's
would). The queries are perturbed phrasings too, so that typo repair is exercised. Each
figure is the best of three runs, so that other work on a shared machine does not count.

Build is measured three ways: without the disk cache (what every start cost before it),
cold with the cache (build and write the file) and warm (load the file, what a restart
costs while the content is unchanged). The resident memory is measured in a fresh process
that imports the bot's modules, loads the matcher and answers the queries.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from faq.catalog import Catalog, Intent
from faq.lexicon import Lexicon
from faq.matcher import Matcher
from faq.outside import load_outside

_SYLLABLES = "ba bi bo ca chi cu da do gia ha khe la lo ma mi na ne pha qua ra sa ta the to va xe"


def perturb(text: str, rng: random.Random) -> str:
    """A plausible re-typing of ``text``: a word dropped or swapped, or a letter changed."""
    words = text.split()
    roll = rng.random()
    if len(words) > 3 and roll < 0.3:
        del words[rng.randrange(len(words))]
    elif len(words) > 3 and roll < 0.6:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif words:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rng.randrange(len(w))
            words[i] = w[:j] + rng.choice("aeiouhnt") + w[j + 1 :]
    return " ".join(words)


def replicate(catalog: Catalog, size: int, *, seed: int = 7) -> Catalog:
    """A catalogue of at least ``size`` intents cloned from ``catalog``."""
    rng = random.Random(seed)
    syllables = _SYLLABLES.split()
    base = list(catalog.intents.values())
    intents: list[Intent] = list(base)
    n = 0
    while len(intents) < size and base:
        n += 1
        for intent in base:
            invented = "".join(rng.sample(syllables, 3))
            variants = tuple(f"{perturb(v, rng)} {invented}" for v in intent.variants)
            intents.append(
                dataclasses.replace(intent, id=f"{intent.id}.r{n}", variants=variants, related=())
            )
    return Catalog.from_intents(intents)


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _latencies(matcher: Matcher, queries: list[str], *, repeats: int = 3) -> tuple[float, float]:
    """p50 and p99 (ms) over queries of each query's best of ``repeats`` timings.

    The best of a few runs is the query's own cost; a single run on a shared machine also
    measures whatever else the machine was doing at that instant (as ``timeit`` argues).
    """
    best = [math.inf] * len(queries)
    for _ in range(repeats):
        for n, q in enumerate(queries):
            start = time.perf_counter()
            matcher.match(q)
            best[n] = min(best[n], time.perf_counter() - start)
    best.sort()
    p99 = best[min(len(best) - 1, int(len(best) * 0.99))]
    return statistics.median(best) * 1000, p99 * 1000


def _queries(catalog: Catalog, rng: random.Random, count: int) -> list[str]:
    pool = [v for i in catalog.intents.values() for v in i.variants] or ["hộ nghèo"]
    return [perturb(rng.choice(pool), rng) for _ in range(count)]


def _builds(cat: Catalog, lexicon: Lexicon, outside: dict[str, tuple[str, ...]]) -> str:
    """Build without cache, cold with the cache, warm from the cache (best of 3 each)."""
    bare = min(_timed(lambda: Matcher(cat, lexicon, outside=outside)) for _ in range(3))
    colds, warms = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder)
            colds.append(_timed(lambda: Matcher(cat, lexicon, outside=outside, cache_dir=cache)))  # noqa: B023
            warms.append(_timed(lambda: Matcher(cat, lexicon, outside=outside, cache_dir=cache)))  # noqa: B023
    return (
        f"build {bare * 1000:.0f} ms without cache, cold {min(colds) * 1000:.0f} ms"
        f" (build + write), warm {min(warms) * 1000:.0f} ms (load)"
    )


def run(content_dir: Path, *, intents: int = 1000, queries: int = 1000) -> Iterator[str]:
    """Yield printable lines of figures."""
    rng = random.Random(11)
    load = _timed(lambda: Catalog.load(content_dir))
    catalog = Catalog.load(content_dir)
    lexicon = Lexicon.load(content_dir / "lexicon.yaml")
    outside = load_outside(content_dir / "out_of_scope.yaml")
    yield f"content: {len(catalog.intents)} intents, catalogue load {load * 1000:.0f} ms"
    for name, cat in (("content", catalog), ("replica", replicate(catalog, intents))):
        variants = sum(len(i.variants) for i in cat.intents.values())
        matcher = Matcher(cat, lexicon, outside=outside)
        qs = _queries(catalog, rng, queries)
        p50, p99 = _latencies(matcher, qs)
        yield (
            f"{name}: {len(cat.intents)} intents, {variants} variants — "
            f"{_builds(cat, lexicon, outside)}; match p50 {p50:.2f} ms, p99 {p99:.2f} ms"
            f" (best of 3 per query, {len(qs)} queries)"
        )
    for size in (0, intents):
        with tempfile.TemporaryDirectory() as folder:
            for state in ("cold", "warm"):
                rss = _child_rss(content_dir, size, Path(folder))
                label = "content" if not size else f"replica of {size} intents"
                yield f"bot process peak RSS, {label}, {state} cache: {rss:.0f} MB"


def _child_rss(content_dir: Path, size: int, cache: Path) -> float:
    """Peak RSS (MB) of a fresh process that imports the bot, loads the matcher, matches."""
    command = [sys.executable, "-m", "benchmarks.faq_match", "--child", str(content_dir)]
    command += [str(size), str(cache)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(json.loads(out.splitlines()[-1])["rss_mb"])


def child(content_dir: Path, size: int, cache: Path) -> dict[str, float]:
    """In a fresh process: what the bot holds once the FAQ has answered some questions."""
    import bot.app  # noqa: F401 - the bot's own modules count in its memory
    import bot.channels.telegram  # noqa: F401
    import bot.channels.zalo  # noqa: F401
    import bot.runner  # noqa: F401

    catalog = Catalog.load(content_dir)
    if size:
        catalog = replicate(catalog, size)
    lexicon = Lexicon.load(content_dir / "lexicon.yaml")
    outside = load_outside(content_dir / "out_of_scope.yaml")
    matcher = Matcher(catalog, lexicon, outside=outside, cache_dir=cache)
    for q in _queries(catalog, random.Random(3), 300):
        matcher.match(q)
    return {"rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. ``getrusage``'s ``ru_maxrss`` is no use here: on
    Linux a child inherits its parent's figure across fork and exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Print build time and match latency on the content and on a 1,000-intent replica."""
    from faq.cli import default_content_dir

    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        content, size, cache = arguments[1:4]
        print(json.dumps(child(Path(content), int(size), Path(cache))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faq_match", description=__doc__)
    parser.add_argument("--content", type=Path, default=default_content_dir())
    parser.add_argument("--intents", type=int, default=1000, help="replicated catalogue size")
    args = parser.parse_args(arguments)
    for line in run(args.content, intents=args.intents):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
