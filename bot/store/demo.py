"""Demo rows for ``python -m bot metrics seed-demo``: counted, cleared and loaded in bulk.

Written once for SQLite and PostgreSQL. What marks a row as demo (a channel, a prefix) is
the caller's (``bot.metrics.seed``): this module only knows the tables.

A year of a million events is loaded in one transaction, with the ``events`` indexes
dropped during the load and built once after (several times faster than keeping them up to
date row by row; the transaction puts them back even when the load fails). Rows go in
batches: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, where INSERTs, even pipelined,
are several times slower for a million rows (``python -m benchmarks.report``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from bot.store.citizens import citizens
from bot.store.events import events
from bot.store.questions import questions
from bot.store.sql import atomic
from bot.store.voice import dialogue_sessions

BATCH = 20_000  # rows held before they are written

Row = Sequence[object]

EVENT_COLUMNS = (
    "at", "type", "channel", "citizen_key", "commune", "village", "household", "topic",
    "intent", "outcome", "campaign_id", "ref", "value",
)  # fmt: skip
CITIZEN_COLUMNS = (
    "id", "channel_id", "consent_at", "commune", "village", "household", "subscribed",
    "stopped_at", "stopped_reason", "first_seen", "last_seen",
)  # fmt: skip
QUESTION_COLUMNS = (
    "ref", "kind", "citizen_id", "text", "topic", "intent_guess", "commune", "household",
    "status", "created_at",
)  # fmt: skip


def count_real(conn: sa.Connection, *, citizen_prefix: str, channel: str) -> tuple[int, int]:
    """(citizens whose channel id does not start with ``citizen_prefix``, events on another
    channel than ``channel``): the rows a demo seed must never touch."""
    real_citizens = sa.select(sa.func.count()).where(
        citizens.c.channel_id.not_like(citizen_prefix + "%")
    )
    real_events = sa.select(sa.func.count()).where(events.c.channel != channel)
    return (
        int(conn.execute(real_citizens).scalar_one()),
        int(conn.execute(real_events).scalar_one()),
    )


def clear(
    conn: sa.Connection, *, citizen_prefix: str, channel: str, ref_prefix: str, actor: str
) -> None:
    """Delete the demo rows, in one transaction."""
    with atomic(conn):
        conn.execute(sa.delete(events).where(events.c.channel == channel))
        conn.execute(sa.delete(citizens).where(citizens.c.channel_id.like(citizen_prefix + "%")))
        conn.execute(sa.delete(questions).where(questions.c.ref.like(ref_prefix + "%")))
        conn.execute(sa.delete(dialogue_sessions).where(dialogue_sessions.c.created_by == actor))


class BulkLoad:
    """Rows added in any order, written in batches; see :func:`bulk_load`."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._pending: dict[str, tuple[sa.Table, Sequence[str], list[Row]]] = {
            "citizens": (citizens, CITIZEN_COLUMNS, []),
            "questions": (questions, QUESTION_COLUMNS, []),
            "events": (events, EVENT_COLUMNS, []),
        }

    def citizen(self, row: Row) -> None:
        """A citizen, its id given (``CITIZEN_COLUMNS``); its topics are none."""
        self._add("citizens", [row])

    def questions(self, rows: Sequence[Row]) -> None:
        """Questions to staff (``QUESTION_COLUMNS``)."""
        self._add("questions", rows)

    def events(self, rows: Sequence[Row]) -> None:
        """Reach events (``EVENT_COLUMNS``)."""
        self._add("events", rows)

    def flush(self) -> None:
        """Write every row held."""
        for name in self._pending:
            self._write(name)

    def _add(self, name: str, rows: Sequence[Row]) -> None:
        held = self._pending[name][2]
        held.extend(rows)
        if len(held) >= BATCH:
            self._write(name)

    def _write(self, name: str) -> None:
        table, columns, held = self._pending[name]
        if held:
            insert_rows(self._conn, table, columns, held)
            held.clear()


@contextmanager
def bulk_load(conn: sa.Connection) -> Iterator[BulkLoad]:
    """One transaction for a big load: the ``events`` indexes are dropped first and built
    once at the end; on PostgreSQL the citizens' id sequence then goes past the ids given."""
    with atomic(conn):
        present = {index["name"] for index in sa.inspect(conn).get_indexes("events")}
        dropped = [index for index in events.indexes if index.name in present]
        for index in dropped:
            index.drop(conn)
        load = BulkLoad(conn)
        yield load
        load.flush()
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")  # sorts in memory
        for index in dropped:
            index.create(conn)
        if conn.dialect.name == "postgresql":
            _citizen_ids_after_given(conn)


def insert_rows(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[Row]
) -> None:
    """Append ``rows`` (values in the order of ``columns``) to ``table``."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    if conn.dialect.name == "postgresql":
        raw: Any = conn.connection.dbapi_connection  # psycopg's, for its COPY
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", rows)


def _citizen_ids_after_given(conn: sa.Connection) -> None:
    """Move the citizens' id sequence past the highest id (never back): rows inserted with
    their id leave it where it was, and the next citizen would take a demo citizen's id."""
    conn.exec_driver_sql(
        "SELECT setval(pg_get_serial_sequence('citizens', 'id'), highest) "
        "FROM (SELECT max(id) AS highest FROM citizens) AS ids "
        "WHERE highest > coalesce("
        "pg_sequence_last_value(pg_get_serial_sequence('citizens', 'id')::regclass), 0)"
    )
