"""One schema on both backends: fresh databases, old SQLite files, and new steps (issue #16).

The schema is the SQLAlchemy ``MetaData``; Alembic's ``compare_metadata`` reads a real
database back and lists every difference from it (tables, columns, types, nullability,
server defaults, indexes, foreign keys).
"""

from __future__ import annotations

import concurrent.futures
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlite_utils import Database as LiteDatabase

from bot.store import Store, legacy
from bot.store.database import open_database
from bot.store.migrate import LEGACY_TABLE, MigrationSet, applied, metadata, migrate
from bot.store.questions import questions
from bot.store.schema import MIGRATION_SETS


def schema_differences(conn: sa.Connection) -> list[Any]:
    """What differs between the database and the MetaData (empty when they agree).

    Two differences of databases made before the switch are expected and harmless:
    sqlite-utils' own ``_sqlite_migrations`` table (kept as history), and primary-key
    columns it did not declare NOT NULL (an INTEGER PRIMARY KEY is the rowid and can never
    be NULL; the bot never writes a NULL key).
    """
    context = MigrationContext.configure(
        conn, opts={"compare_type": True, "compare_server_default": True}
    )
    differences = []
    for diff in compare_metadata(context, metadata):
        change = diff[0] if isinstance(diff, list) else diff
        if change[0] in ("remove_table", "remove_index") and LEGACY_TABLE in str(change[1]):
            continue
        if change[0] == "modify_nullable":
            table = metadata.tables[change[2]]
            if table.c[change[3]].primary_key:
                continue
        differences.append(diff)
    return differences


def test_a_new_database_has_exactly_the_schema(store: Store) -> None:
    assert store.call_sql(schema_differences) == []
    recorded = store.call_sql(applied)
    assert recorded == sorted((s.name, n) for s in MIGRATION_SETS for n, _ in s.steps)


def old_sqlite_database(path: Path) -> None:
    """A database as the code before the switch made and filled it (sqlite-utils sets)."""
    db = LiteDatabase(str(path))
    for migrations in legacy.SETS:
        migrations.apply(db)
    db.execute(
        "INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen, commune) "
        "VALUES ('telegram:1', 't', 't', 't', 'Xã A'), ('telegram:2', 't', 't', 't', 'Xã B'), "
        "('zalo:3', 't', 't', 't', 'Xã B')"
    )
    # Citizen 3 deleted their data: their events stay under key 3, which nobody may get again.
    db.execute(
        "INSERT INTO events (at, type, channel, citizen_key) VALUES ('t', 'faq_answer', 'zalo', 3)"
    )
    db.execute("DELETE FROM citizens WHERE id = 3")
    db.execute("INSERT INTO staff VALUES ('telegram:9', 'officer', 't', 'cli')")
    db.execute(
        "INSERT INTO dialogue_state VALUES ('telegram:1', 'profile', 'commune', '{\"x\": 1}', 't')"
    )
    db.execute(
        "INSERT INTO questions (ref, kind, citizen_id, text, status, created_at, anonymous) "
        "VALUES ('CH-ABCDE', 'faq_miss', 1, 'Hỏi về BHYT', 'pending', 't', 1)"
    )
    db.execute("INSERT INTO shown_choices VALUES ('telegram:1', '[[\"Có\", \"yes\"]]', '{}', 't')")
    db.execute(
        "INSERT INTO audit_log (at, actor, role, action, detail, allowed) VALUES ('t', 'telegram:9', 'officer', 'thongke', '', 1)"
    )
    db.close()


def test_an_old_sqlite_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    old_sqlite_database(path)
    store = Store.open(path)
    try:
        assert store.call_sql(schema_differences) == []
        citizen = store.citizens.get("telegram:2")
        assert citizen is not None and citizen.commune == "Xã B"
        assert store.staff.role_of("telegram:9") == "officer"
        state = store.states.get("telegram:1")
        assert state is not None and state.step == "commune" and state.data == {"x": 1}
        assert store.choices.get("telegram:1").buttons == [("Có", "yes")]
        assert store.events.count("faq_answer") == 1
        assert store.audit.entries(actor="telegram:9")[0]["action"] == "thongke"
        assert store.questions.count_pending() == 1
        assert store.call_sql(lambda c: c.execute(sa.select(questions.c.text)).scalar()) == (
            "Hỏi về BHYT"
        )
        assert store.citizens.register("telegram:4").id == 4  # 3 is a deleted citizen's key
    finally:
        store.close()
    with sqlite3.connect(path) as conn:  # sqlite-utils' record is kept, as history
        assert conn.execute(f"SELECT count(*) FROM {LEGACY_TABLE}").fetchone()[0] == 12


def test_a_half_upgraded_old_database_gets_the_missing_legacy_steps(tmp_path: Path) -> None:
    """A deployment that stopped updating before the newest sqlite-utils sets."""
    path = tmp_path / "bot.db"
    db = LiteDatabase(str(path))
    for migrations in legacy.SETS[:3]:
        migrations.apply(db)
    db.close()
    store = Store.open(path)
    try:
        assert store.call_sql(schema_differences) == []
    finally:
        store.close()


toy = MigrationSet("toy")


@toy()
def m001_notes(op: Operations) -> None:
    op.create_table(
        "toy_notes", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text)
    )


@toy()
def m002_notes_by_author(op: Operations) -> None:
    # NOT NULL on an existing column: SQLite has no ALTER for it, batch mode rebuilds the table.
    op.add_column("toy_notes", sa.Column("author", sa.Text, server_default="?"))
    with op.batch_alter_table("toy_notes") as batch:
        batch.alter_column("author", existing_type=sa.Text, nullable=False)
        batch.create_index("idx_toy_notes_author", ["author"])


def test_new_steps_run_once_in_order_on_both_backends(database: str) -> None:
    Store.open(database).close()  # migrated to the newest schema first
    db = open_database(database)
    try:
        db.sql.execute(sa.text("SELECT 1"))
        assert migrate(db, [*MIGRATION_SETS, toy]) == ["toy.m001_notes", "toy.m002_notes_by_author"]
        assert migrate(db, [*MIGRATION_SETS, toy]) == []
        db.sql.execute(sa.text("INSERT INTO toy_notes (body) VALUES ('x')"))
        assert db.sql.execute(sa.text("SELECT author FROM toy_notes")).scalar() == "?"
        columns = {c["name"]: c for c in sa.inspect(db.sql).get_columns("toy_notes")}
        assert columns["author"]["nullable"] is False
    finally:
        db.close()


def test_a_failing_step_leaves_the_database_as_it_was(database: str) -> None:
    Store.open(database).close()
    broken = MigrationSet("broken")

    @broken()
    def m001_half_done(op: Operations) -> None:
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        raise RuntimeError("a bug in the step")

    db = open_database(database)
    try:
        with pytest.raises(RuntimeError, match="a bug"):
            migrate(db, [*MIGRATION_SETS, broken])
        assert "half_done" not in sa.inspect(db.sql).get_table_names()
        assert ("broken", "m001_half_done") not in applied(db.sql)
    finally:
        db.close()


def test_a_database_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(RuntimeError, match="not a database of this bot"):
        Store.open(path)


def test_replicas_starting_at_once_migrate_once(
    database: str, request: pytest.FixtureRequest
) -> None:
    """Several bot processes started together on a new database: one builds the schema,
    the others wait for it (BEGIN IMMEDIATE / an advisory lock) and find nothing to do."""
    if "postgresql" in request.node.name:
        database = request.getfixturevalue("pg_empty")
    else:
        database = database.replace("bot.db", "fresh.db")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: Store.open(database), range(4)))
    try:
        recorded = stores[0].call_sql(applied)
        assert len(recorded) == len(set(recorded))
        assert stores[0].call_sql(schema_differences) == []
    finally:
        for store in stores:
            store.close()
