"""A guard for "the event loop never waits on SQLite".

The blocking way in (``store.call``, ``store.<repo>.<method>``) is for command-line tools: on
the event loop's thread it stops every conversation until the database answers. ``check()``
tells, from the call stack, whether such a call comes from code running on a loop, and from
which module. Tests install it strict (``tests/conftest.py``): an offending call raises and
fails the test that made it. No module of the product is excused: the last ones left the
blocking API in issue #14's follow-up, and only start-up and the command line may block.

The executor's ``call`` is the one place every blocking call passes; a backend that replaces
it (PostgreSQL) calls ``check()`` there too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

STORE_DIR = Path(__file__).resolve().parent
PACKAGES = ("bot", "broadcasts", "faq", "benchmarks")
ROOT = STORE_DIR.parent.parent

# Wiring a process together opens the store (runs its migrations) before the first message:
# nobody is waiting for a reply yet.
STARTUP = frozenset({"app", "runner", "server"})
# Command-line tools may block: they run one coroutine with ``asyncio.run`` and nobody else
# waits on their loop.
COMMAND_LINE = frozenset({"cli"})


class BlockingOnLoop(RuntimeError):
    """A blocking store call was made on the event loop's thread."""


@dataclass(frozen=True)
class Offence:
    module: str  # the file stem of the product module that made the call
    where: str  # path:line of that call


@functools.lru_cache(maxsize=4096)
def _place(filename: str) -> tuple[bool, str | None]:
    """(inside bot/store, the product file's path from the root or None), once per file."""
    path = Path(filename).resolve()
    if path.parent == STORE_DIR or STORE_DIR in path.parents:
        return True, None
    try:
        relative = path.relative_to(ROOT)
    except ValueError:
        return False, None  # not the product (a library calling back into it)
    return False, str(relative) if relative.parts[0] in PACKAGES else None


def offence(skip: int = 0) -> Offence | None:
    """What is wrong with a blocking call made now, or None when it is fine; ``skip``: frames
    of wrappers between the caller and here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None  # a plain thread (command line, worker thread): blocking is its right
    frame = sys._getframe(skip + 1)
    while frame is not None:
        in_store, product = _place(frame.f_code.co_filename)
        if not in_store:
            break
        frame = frame.f_back  # type: ignore[assignment]
    else:
        return None
    if product is None:
        return None  # tests look at the database to assert; they may wait
    stem = Path(product).stem
    if stem in STARTUP or stem in COMMAND_LINE:
        return None
    return Offence(stem, f"{product}:{frame.f_lineno}")


def check(*, strict: bool, skip: int = 0) -> None:
    """Raise (strict) or log loudly when a blocking store call is made on the loop."""
    found = offence(skip + 1)
    if found is None:
        return
    message = f"blocking store call on the event loop from {found.where}: use store.read/write"
    if strict:
        raise BlockingOnLoop(message)
    log.error(message)
