"""The layering, as contracts that fail the build: who may import whom.

Every module of the installed packages is parsed and its run-time imports collected (imports
inside ``if TYPE_CHECKING:`` are for the type checker only and do not count; imports inside
functions do). See docs/architecture.md for the picture these rules keep true.

The contracts:
- the core (every module of ``bot/core``) imports no feature, channel, store or web module;
- only ``bot/store`` imports ``sqlite3``, ``sqlite_utils`` or ``sqlalchemy``;
- ``faq/`` imports nothing from ``bot/``;
- only ``bot/channels`` and the runner import channels: features reach them through the
  core's ports (``Services.hub``, ``Sender``);
- only the Telegram adapter imports ``telegram``;
- a feature imports another feature only through that feature's public modules (``PUBLIC``,
  each explained in the package's docstring);
- every feature package registers its handlers through one ``router()``.

Each exceptions list below may only shrink.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import ROOT

PACKAGES = ("bot", "faq")

FEATURES = ("bot.citizens", "bot.voice", "bot.staff", "bot.broadcasts", "bot.metrics")

# What one feature may import from another: each package's docstring says why these are
# public. Anything else a feature needs from another goes through the core (ports on
# ``Services``, the router) or becomes one of these, documented.
PUBLIC = {
    "bot.citizens": {"bot.citizens.onboarding"},
    "bot.voice": {"bot.voice.abuse"},
    "bot.staff": {"bot.staff.access"},
    "bot.broadcasts": {
        "bot.broadcasts.actions",
        "bot.broadcasts.compose",
        "bot.broadcasts.config",
        "bot.broadcasts.timing",
    },
    "bot.metrics": set(),
}
# Known crossings into another feature's internals. The list may only shrink; an entry
# added needs a reason beside it.
CROSSINGS: set[tuple[str, str]] = set()

# Known debt: ``python -m faq show`` renders through the bot's answer card
# (bot.citizens.answer_card, bot.core.content). The card's text composition belongs in faq/,
# or the command in bot/.
FAQ_USING_THE_BOT = {"faq.show"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """Absolute names imported by the module at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = {
    module_name(path): runtime_imports(path)
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}
# The engine: every module of bot/core (engine, router, turn, messages, ports, services,
# clock, tasks, flood, and the helpers every feature uses: choices, exits, keyboards,
# dates, local time, content).
CORE = {m for m in MODULES if m == "bot.core" or m.startswith("bot.core.")}


def importers_of(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    """Modules that import something under one of ``prefixes`` (or exactly a prefix)."""
    found: dict[str, set[str]] = {}
    for module, names in MODULES.items():
        hits = {
            name
            for name in names
            if any(name == p.rstrip(".") or name.startswith(p) for p in prefixes)
        }
        if hits:
            found[module] = hits
    return found


def test_the_walk_sees_the_packages() -> None:
    assert {"bot.core.engine", "bot.core.router", "bot.core.turn"} <= CORE
    assert "bot.store.executor" in MODULES and "faq.matcher" in MODULES
    assert all(feature in MODULES for feature in FEATURES), "a feature package lost __init__"


def feature_of(name: str) -> str | None:
    return next((f for f in FEATURES if name == f or name.startswith(f + ".")), None)


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_imports_no_feature_channel_or_store(module: str) -> None:
    outside = {
        name
        for name in MODULES[module]
        if name.split(".")[0] in PACKAGES
        and not (name == "bot.core" or name.startswith("bot.core."))
    }
    assert not outside, f"{module} imports {sorted(outside)}"


DATABASE_LIBRARIES = ("sqlite3", "sqlite_utils.", "sqlalchemy.", "psycopg.", "alembic.")


def test_only_the_store_imports_database_libraries() -> None:
    offenders = {
        module for module in importers_of(DATABASE_LIBRARIES) if not module.startswith("bot.store")
    }
    assert not offenders, f"database code outside bot/store: {sorted(offenders)}"


def test_faq_engine_imports_nothing_from_the_bot() -> None:
    importers = {m for m in importers_of(("bot.",)) if m.startswith("faq")}
    assert importers - FAQ_USING_THE_BOT == set(), sorted(importers)


def test_features_reach_channels_only_through_core_ports() -> None:
    offenders = {
        module: names
        for module, names in importers_of(("bot.channels.",)).items()
        if not module.startswith(("bot.channels", "bot.runner"))
    }
    assert not offenders, offenders


def test_only_the_telegram_adapter_imports_telegram() -> None:
    importers = set(importers_of(("telegram.",)))
    assert all(m.startswith("bot.channels.telegram") for m in importers), sorted(importers)


def test_features_meet_only_through_public_modules() -> None:
    crossings = set()
    for module, names in MODULES.items():
        home = feature_of(module)
        if home is None:
            continue
        for name in names:
            other = feature_of(name)
            if other is None or other == home or name == other:
                continue
            if not any(name == p or name.startswith(p + ".") for p in PUBLIC[other]):
                crossings.add((module, name))
    assert crossings <= CROSSINGS, sorted(crossings - CROSSINGS)
    assert not CROSSINGS - crossings, f"gone, take them off CROSSINGS: {CROSSINGS - crossings}"


def test_every_feature_registers_one_router() -> None:
    import importlib

    from bot.core.router import Router

    for feature in FEATURES:
        assert isinstance(importlib.import_module(feature).router(), Router), feature
