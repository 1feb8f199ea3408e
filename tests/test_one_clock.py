"""Time in one place: only ``bot/core/clock.py`` asks the system what time it is.

Features take the injected ``Clock`` (``services.clock``), so a test can fix the time;
durations use ``time.monotonic``, which is not "what time is it". Walks the product's source
like ``test_layers.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.config import ROOT

PACKAGES = ("bot", "broadcasts")
THE_CLOCK = ROOT / "bot" / "core" / "clock.py"
# Known debt: the store stamps rows itself (``utcnow()``) and is being ported to SQLAlchemy
# in another branch; its port takes the clock. ``faq/`` imports nothing from the bot, and
# its command-line checks read today's date themselves. May only shrink.
ELSEWHERE = (ROOT / "bot" / "store",)
ASKING = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}


def asks_the_time(path: Path) -> list[str]:
    """``datetime.now()``, ``date.today()``, ``time.time()`` calls in ``path``, as file:line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in ASKING:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_clock_asks_the_system_for_the_time() -> None:
    offenders = [
        where
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != THE_CLOCK and not any(d in path.parents for d in ELSEWHERE)
        for where in asks_the_time(path)
    ]
    assert not offenders, offenders


def test_the_walk_finds_the_clocks_own_call() -> None:
    assert asks_the_time(THE_CLOCK), "the check no longer recognises datetime.now()"
