"""Every feature's migration set, in the order they run, and the core set.

The tables themselves are defined in the repository modules that own them (``citizens``,
``events``, ``questions``, ``state``, ``staff`` for the core; one module per feature); importing
those modules here puts every table on :data:`bot.store.migrate.metadata`.
"""

from __future__ import annotations

from bot.store import (
    campaigns,
    choices,
    citizens,
    events,
    inbox,
    leases,
    metrics_meta,
    questions,
    reach,
    staff,
    staff_alerts,
    state,
    voice,
    web,
    zalo,
)
from bot.store.migrate import MigrationSet, metadata

# The core tables' steps (citizens, dialogue_state, staff, audit_log, events, questions).
# Never edit a step once it is on main: add a new one below it, and change the Table to match.
migrations = MigrationSet("core")

MIGRATION_SETS: list[MigrationSet] = [
    migrations,
    campaigns.migrations,
    voice.migrations,
    zalo.migrations,
    metrics_meta.migrations,
    reach.migrations,
    web.migrations,
    choices.migrations,
    staff_alerts.migrations,
    leases.migrations,
    inbox.migrations,
]

TABLE_MODULES = (citizens, events, questions, state, staff)  # the core's, imported for metadata

__all__ = ["MIGRATION_SETS", "metadata", "migrations"]
