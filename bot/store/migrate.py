"""The schema, one definition for SQLite and PostgreSQL, and how a database reaches it.

Every table is a SQLAlchemy ``Table`` on :data:`metadata`, defined in the repository module
that owns it. A schema change is a *step* in that module's :class:`MigrationSet`: a function
given Alembic's ``Operations`` (``op.add_column``, ``op.create_index``, ``op.create_table``…,
with batch mode on SQLite so an ALTER that SQLite lacks rebuilds the table), *and* the same
change made to the ``Table`` — the ``MetaData`` always describes the newest schema.

How a database reaches it (:func:`migrate`, at start-up, in one transaction):

* empty (a new SQLite file, a new PostgreSQL database): ``metadata.create_all`` builds the
  newest schema at once and every step is recorded as done;
* made before the switch (it has sqlite-utils' ``_sqlite_migrations``): the frozen sets of
  ``bot.store.legacy`` bring it to the baseline, then every step runs;
* otherwise: the steps not yet recorded in ``schema_migrations`` run, in order.

Two processes starting at once do not both migrate: SQLite's ``BEGIN IMMEDIATE`` and a
PostgreSQL advisory lock make the second wait and then find nothing left to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.database import Database, utcnow

if TYPE_CHECKING:  # alembic is imported only when a step runs: it costs a CLI start 0.3 s
    from alembic.operations import Operations

metadata = sa.MetaData()

# Which steps a database has had: (set, step) pairs, e.g. ("core", "m003_citizen_language").
schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("migration_set", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("applied_at", sa.Text, nullable=False),
)

LEGACY_TABLE = "_sqlite_migrations"  # sqlite-utils' record, kept as history
MIGRATION_LOCK = 7_160_016  # PostgreSQL advisory lock key: one migrating process at a time

Step = Callable[["Operations"], None]


@dataclass
class MigrationSet:
    """A feature's ordered schema changes after the baseline.

    Register a step with the decorator; its name (the function's) is what gets recorded::

        migrations = MigrationSet("core")

        @migrations()
        def m003_citizen_language(op: Operations) -> None:
            op.add_column("citizens", sa.Column("language", sa.Text))
    """

    name: str
    steps: list[tuple[str, Step]] = field(default_factory=list)

    def __call__(self) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            if any(name == step.__name__ for name, _ in self.steps):
                raise ValueError(f"step {step.__name__!r} is already in set {self.name!r}")
            self.steps.append((step.__name__, step))
            return step

        return register


def migrate(db: Database, sets: Iterable[MigrationSet]) -> list[str]:
    """Bring ``db`` to the newest schema; the names of the steps run (``set.step``)."""
    sets = list(sets)
    db.begin()
    try:
        if not db.is_sqlite:
            db.sql.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        ran = _migrate(db, sets)
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return ran


def _migrate(db: Database, sets: list[MigrationSet]) -> list[str]:
    conn = db.sql
    tables = set(sa.inspect(conn).get_table_names())
    if schema_migrations.name not in tables:
        if LEGACY_TABLE in tables and db.lite is not None:
            _legacy_upgrade(db)
            schema_migrations.create(conn)
        elif tables - {LEGACY_TABLE}:
            raise RuntimeError(
                f"the database holds tables but no {schema_migrations.name}: "
                "it is not a database of this bot"
            )
        else:
            metadata.create_all(conn)
            _record(conn, [(s.name, name) for s in sets for name, _ in s.steps])
            return []
    done = set(applied(conn))
    operations: Operations | None = None
    ran: list[str] = []
    for migration_set in sets:
        for name, step in migration_set.steps:
            if (migration_set.name, name) in done:
                continue
            operations = operations or _operations(conn)
            step(operations)
            _record(conn, [(migration_set.name, name)])
            ran.append(f"{migration_set.name}.{name}")
    return ran


def _operations(conn: sa.Connection) -> Operations:
    """Alembic's operations on ``conn``; batch mode rebuilds a SQLite table where SQLite has
    no ALTER for a change (and is a plain ALTER on PostgreSQL)."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    return Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))


def _legacy_upgrade(db: Database) -> None:
    """A database made before the switch: its sqlite-utils sets, up to the baseline."""
    from bot.store import legacy  # only ever needed once per old database

    assert db.lite is not None
    for migrations in legacy.SETS:
        migrations.apply(db.lite)


def _record(conn: sa.Connection, steps: list[tuple[str, str]]) -> None:
    if steps:
        now = utcnow()
        conn.execute(
            schema_migrations.insert(),
            [{"migration_set": s, "name": n, "applied_at": now} for s, n in steps],
        )


def applied(conn: sa.Connection) -> list[tuple[str, str]]:
    """The recorded steps, for ``db status`` and tests."""
    query = sa.select(schema_migrations.c.migration_set, schema_migrations.c.name)
    return [(row[0], row[1]) for row in conn.execute(query.order_by(*query.selected_columns))]
