"""Small portable helpers over SQLAlchemy Core, for statements that differ by dialect.

``INSERT … ON CONFLICT`` is spelled the same on SQLite and PostgreSQL, but SQLAlchemy builds
it from each dialect's own ``insert``; :func:`upsert` picks the right one. :func:`atomic`
makes several statements one unit also where the executor opened no transaction.

Build statements once (module level, values as ``sa.bindparam``) and execute them with a
parameter dict: constructing a statement and computing its cache key costs several times
more than SQLite takes to run it (``python -m benchmarks.store_ops``).
"""

from __future__ import annotations

import contextlib
import functools
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa


def upsert(
    conn: sa.Connection,
    table: sa.Table,
    row: Mapping[str, Any],
    *,
    key: Sequence[str] | None = None,
    update: Iterable[str] | None = None,
) -> sa.CursorResult:
    """Insert ``row``, or when its ``key`` (default: the primary key) exists, set the given
    columns (``update``, default: every column of ``row``) and leave the others alone."""
    statement = _upsert_statement(
        conn.dialect.name,
        table,
        tuple(row),
        tuple(key or (column.name for column in table.primary_key)),
        tuple(update or row),
    )
    return conn.execute(statement, dict(row))


@functools.cache
def _upsert_statement(
    dialect: str,
    table: sa.Table,
    columns: tuple[str, ...],
    key: tuple[str, ...],
    update: tuple[str, ...],
) -> sa.Executable:
    """Built once per shape: building and keying a statement costs more than running it."""
    if dialect == "postgresql":  # imported here: the dialect costs every CLI start otherwise
        from sqlalchemy.dialects import postgresql as module
    else:
        from sqlalchemy.dialects import sqlite as module  # type: ignore[no-redef]
    insert = module.insert(table).values({name: sa.bindparam(name) for name in columns})
    changes = {name: insert.excluded[name] for name in update if name not in key}
    if changes:
        return insert.on_conflict_do_update(index_elements=list(key), set_=changes)
    return insert.on_conflict_do_nothing(index_elements=list(key))


def rows(result: sa.Result) -> list[dict[str, Any]]:
    """Every row of ``result`` as a plain dict (column name → value)."""
    return [dict(row) for row in result.mappings()]


def in_transaction(conn: sa.Connection) -> bool:
    """Whether the executor (or :func:`atomic`) has a transaction open on ``conn``."""
    raw = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        return bool(raw.in_transaction)  # type: ignore[union-attr]
    return bool(raw.info.transaction_status != 0)  # type: ignore[union-attr]  # not IDLE


@contextlib.contextmanager
def atomic(conn: sa.Connection) -> Iterator[sa.Connection]:
    """Run the block as one unit: inside a transaction as a savepoint (undone alone on an
    error), otherwise (a ``store.call`` runs in autocommit) as a transaction of its own."""
    if in_transaction(conn):
        name = f"atomic_{secrets.token_hex(4)}"
        conn.exec_driver_sql(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if in_transaction(conn):
                conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {name}")
                conn.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
            raise
        conn.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
        return
    conn.exec_driver_sql("BEGIN")
    try:
        yield conn
    except BaseException:
        if in_transaction(conn):
            conn.exec_driver_sql("ROLLBACK")
        raise
    conn.exec_driver_sql("COMMIT")
