"""The SQLite store: the only package that imports ``sqlite_utils``."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database, Migrations

from bot.store import campaigns, schema
from bot.store.campaigns import Campaigns
from bot.store.citizens import HOUSEHOLD_CATEGORIES, Citizen, Citizens
from bot.store.database import open_database, utcnow
from bot.store.events import Events
from bot.store.metrics_meta import MetricsMeta
from bot.store.metrics_meta import migrations as metrics_migrations
from bot.store.questions import Questions
from bot.store.staff import ROLES, AuditLog, StaffDirectory, StaffMember
from bot.store.state import DialogueState, DialogueStates
from bot.store.voice import Voice
from bot.store.voice import migrations as voice_migrations
from bot.store.zalo import ZaloStore
from bot.store.zalo import migrations as zalo_migrations

# Every feature's migration set, in the order they are applied.
MIGRATION_SETS: list[Migrations] = [schema.migrations]
MIGRATION_SETS.append(campaigns.migrations)
MIGRATION_SETS.append(voice_migrations)
MIGRATION_SETS.append(zalo_migrations)
MIGRATION_SETS.append(metrics_migrations)

__all__ = [
    "HOUSEHOLD_CATEGORIES",
    "ROLES",
    "AuditLog",
    "Citizen",
    "Citizens",
    "DialogueState",
    "DialogueStates",
    "Events",
    "Questions",
    "StaffDirectory",
    "StaffMember",
    "Store",
    "utcnow",
]


class Store:
    """One open database and the repositories over it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.citizens = Citizens(db)
        self.states = DialogueStates(db)
        self.staff = StaffDirectory(db)
        self.audit = AuditLog(db)
        self.citizens.add_deletion_hook(self.audit.forget_citizen)
        self.events = Events(db)
        self.questions = Questions(db)
        self.voice = Voice(db, self.citizens)
        self.campaigns = Campaigns(db, citizens=self.citizens)
        self.metrics_meta = MetricsMeta(db)
        self.zalo = ZaloStore(db, citizens=self.citizens)

    @classmethod
    def open(cls, path: Path | str) -> Store:
        return cls(open_database(path, MIGRATION_SETS))

    def close(self) -> None:
        self.db.close()
