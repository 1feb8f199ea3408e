"""The portable helpers of ``bot.store.sql`` on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from bot.store import Store
from bot.store.choices import shown_choices
from bot.store.sql import upsert

SELECT = sa.select(shown_choices).order_by(shown_choices.c.user)


def stored(store: Store) -> list[dict[str, object]]:
    return store.call_sql(lambda conn: [dict(row) for row in conn.execute(SELECT).mappings()])


def test_upsert_inserts_then_updates_only_the_columns_asked_for(store: Store) -> None:
    row = {"user": "telegram:1", "buttons": "[]", "prompt": "{}", "at": "t1"}
    store.call_sql(lambda conn: upsert(conn, shown_choices, row))
    changed = {**row, "buttons": '[["Có", "yes"]]', "prompt": '{"text": "x"}', "at": "t2"}
    store.call_sql(lambda conn: upsert(conn, shown_choices, changed, update=["buttons", "at"]))
    assert stored(store) == [{**changed, "prompt": "{}"}]  # the prompt was not asked for
    store.call_sql(lambda conn: upsert(conn, shown_choices, {**row, "at": "t3"}))
    assert stored(store) == [{**row, "at": "t3"}]  # default: every column given


def test_upsert_with_nothing_to_update_keeps_the_existing_row(store: Store) -> None:
    """``update=[]`` means keep it (citizens.register: two replicas racing to register)."""
    first = {"user": "telegram:2", "buttons": "[]", "prompt": "{}", "at": "t1"}
    store.call_sql(lambda conn: upsert(conn, shown_choices, first, update=[]))
    store.call_sql(lambda conn: upsert(conn, shown_choices, {**first, "at": "t9"}, update=[]))
    assert stored(store) == [first]
