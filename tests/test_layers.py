"""The layering, as contracts that fail the build: who may import whom.

Every module of the installed packages is parsed and its run-time imports collected (imports
inside ``if TYPE_CHECKING:`` are for the type checker only and do not count; imports inside
functions do). See docs/architecture.md for the picture these rules keep true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import ROOT

PACKAGES = ("bot", "faq", "broadcasts")

# The engine part of bot/core: it names no feature, channel or store.
CORE = {
    "bot.core.engine",
    "bot.core.router",
    "bot.core.turn",
    "bot.core.messages",
    "bot.core.ports",
    "bot.core.services",
    "bot.core.flood",
}
CORE_MAY_IMPORT = ("bot.core.",)

# Known debt (issue #14 follow-up): the reports' SQL still lives in these metrics modules.
# The list may only shrink.
SQL_OUTSIDE_STORE = {"bot.metrics.queries", "bot.metrics.people_query"}
# Known debt: ``python -m faq show`` renders through the bot's answer card (bot.core.answer_card,
# bot.core.content). The card's text composition belongs in faq/, or the command in bot/.
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
    assert set(MODULES) >= CORE, "a core module was renamed: update CORE"
    assert "bot.store.executor" in MODULES and "faq.matcher" in MODULES


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_imports_no_feature_channel_or_store(module: str) -> None:
    outside = {
        name
        for name in MODULES[module]
        if name.split(".")[0] in PACKAGES and not name.startswith(CORE_MAY_IMPORT)
    }
    outside.discard("bot.core")
    assert not outside, f"{module} imports {sorted(outside)}"


DATABASE_LIBRARIES = ("sqlite3", "sqlite_utils.", "sqlalchemy.", "psycopg.", "alembic.")


def test_only_the_store_imports_database_libraries() -> None:
    offenders = {
        module for module in importers_of(DATABASE_LIBRARIES) if not module.startswith("bot.store")
    }
    assert offenders <= SQL_OUTSIDE_STORE, f"database code outside bot/store: {sorted(offenders)}"


def test_faq_engine_imports_nothing_from_the_bot() -> None:
    importers = {m for m in importers_of(("bot.", "broadcasts.")) if m.startswith("faq")}
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
