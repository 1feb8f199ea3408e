"""Small portable helpers over SQLAlchemy Core, for statements that differ by dialect.

``INSERT … ON CONFLICT`` is spelled the same on SQLite and PostgreSQL; :func:`upsert` writes
it once per shape as text, because SQLAlchemy's own spelling (each dialect's ``insert``) is
compiled anew on every call. :func:`atomic` makes several statements one unit also where the
executor opened no transaction.

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
    columns (``update``, default: every column of ``row``; empty: none, the existing row is
    kept as it is) and leave the others alone."""
    statement = _upsert_statement(
        table,
        tuple(row),
        tuple(key or (column.name for column in table.primary_key)),
        tuple(row if update is None else update),
    )
    return conn.execute(statement, dict(row))


@functools.cache
def _upsert_statement(
    table: sa.Table, columns: tuple[str, ...], key: tuple[str, ...], update: tuple[str, ...]
) -> sa.TextClause:
    """``INSERT … ON CONFLICT`` in the syntax SQLite and PostgreSQL share, built once per shape.

    Text, not the dialects' ``insert(…).on_conflict_do_update``: SQLAlchemy never caches that
    construct (``inherit_cache = False``), so it was compiled again on every call — a
    ``dialogue_state`` write took 250 µs of CPU that way, 52 µs as cached text.
    """
    names = ", ".join(_quoted(name) for name in columns)
    values = ", ".join(f":{name}" for name in columns)
    changes = [name for name in update if name not in key]
    if changes:
        action = "DO UPDATE SET " + ", ".join(
            f"{_quoted(name)} = excluded.{_quoted(name)}" for name in changes
        )
    else:
        action = "DO NOTHING"
    conflict = ", ".join(_quoted(name) for name in key)
    text = sa.text(
        f"INSERT INTO {_quoted(table.name)} ({names}) VALUES ({values}) "
        f"ON CONFLICT ({conflict}) {action}"
    )
    return text.bindparams(*(sa.bindparam(name, type_=table.c[name].type) for name in columns))


def _quoted(name: str) -> str:
    """A quoted identifier (``user`` and ``by`` are reserved words in PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


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
