"""The Zalo repository on SQLite and on PostgreSQL (the ``store`` fixture runs each test once
per backend): the token pair, webhook de-duplication, numbered choices, Zalo citizens."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa

import bot.store.zalo as zalo_store
from bot.store import Repositories, Store
from bot.store.zalo import TokenPair

LONG_AGO = "2000-01-01T00:00:00+00:00"


def _age(store: Store, table: str, key_column: str, key: str) -> None:
    """Move a row's time far into the past (as if written years ago)."""
    store.call_sql(
        lambda conn: conn.execute(
            sa.text(f'UPDATE {table} SET at = :at WHERE "{key_column}" = :key'),
            {"at": LONG_AGO, "key": key},
        )
    )


def test_the_token_pair_is_saved_read_back_and_replaced(store: Store) -> None:
    assert store.zalo.tokens() is None
    configured = TokenPair("access-0", "refresh-0", None, "refresh-0")
    store.zalo.save_tokens(configured)
    assert store.zalo.tokens() == configured
    expires = dt.datetime(2026, 12, 5, 1, 30, tzinfo=dt.UTC)
    refreshed = TokenPair("access-1", "refresh-1", expires, "refresh-0")
    store.zalo.save_tokens(refreshed)
    assert store.zalo.tokens() == refreshed
    count = store.call_sql(
        lambda conn: conn.execute(sa.text("SELECT count(*) FROM zalo_tokens")).scalar()
    )
    assert count == 1, "one OA, one pair"


def test_a_delivery_is_first_once_also_inside_a_transaction(store: Store) -> None:
    assert store.zalo.first_delivery("msg-1") is True
    assert store.zalo.first_delivery("msg-1") is False
    assert store.zalo.first_delivery("msg-2") is True

    async def twice_in_one_write() -> tuple[bool | None, bool | None, bool | None]:
        def both(repos: Repositories) -> tuple[bool | None, bool | None, bool | None]:
            # a repeat must not abort the transaction (PostgreSQL would refuse what follows)
            return (
                repos.zalo.first_delivery("msg-3"),
                repos.zalo.first_delivery("msg-3"),
                repos.zalo.first_delivery("msg-4"),
            )

        return await store.write(both)

    assert asyncio.run(twice_in_one_write()) == (True, False, True)
    assert store.zalo.first_delivery("msg-4") is False


def test_old_delivery_keys_are_pruned(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.zalo.first_delivery("old")
    store.zalo.first_delivery("recent")
    _age(store, "zalo_seen_events", "key", "old")
    assert store.zalo.prune_seen() == 1
    assert store.zalo.first_delivery("old") is True, "forgotten after three days"
    assert store.zalo.first_delivery("recent") is False

    _age(store, "zalo_seen_events", "key", "old")
    monkeypatch.setattr(zalo_store, "PRUNE_EVERY", 1)  # every remembered event prunes
    store.zalo.first_delivery("newest")
    assert store.zalo.first_delivery("old") is True, "pruned while remembering another"


def test_numbered_choices_are_read_by_number_until_cleared_or_old(store: Store) -> None:
    store.zalo.set_choices("zalo:1", ["#faq:a", "#faq:b", "#faq:c"])
    assert store.zalo.choice("zalo:1", 1) == "#faq:a"
    assert store.zalo.choice("zalo:1", 3) == "#faq:c"
    assert store.zalo.choice("zalo:1", 0) is None and store.zalo.choice("zalo:1", 4) is None
    assert store.zalo.choice("zalo:2", 1) is None, "another person's choices"
    store.zalo.set_choices("zalo:1", ["#menu"])
    assert store.zalo.choice("zalo:1", 1) == "#menu" and store.zalo.choice("zalo:1", 2) is None
    store.zalo.clear_choices("zalo:1")
    assert store.zalo.choice("zalo:1", 1) is None
    store.zalo.set_choices("zalo:2", ["#x"])
    _age(store, "zalo_choices", "user", "zalo:2")
    assert store.zalo.choice("zalo:2", 1) is None, "a day old: numbers are text again"


def test_zalo_citizens_and_the_active_ones(store: Store) -> None:
    first = store.citizens.register("zalo:1")
    second = store.citizens.register("zalo:2")
    store.citizens.register("telegram:1")
    store.citizens.stop(second, "unfollowed")
    assert [c.channel_id for c in store.zalo.all_citizens()] == ["zalo:1", "zalo:2"]
    assert [c.id for c in store.zalo.active_citizens()] == [first.id]


def test_deleting_a_citizen_forgets_their_numbered_choices(store: Store) -> None:
    citizen = store.citizens.register("zalo:9")
    store.zalo.set_choices("zalo:9", ["#a", "#b"])
    store.zalo.set_choices("zalo:10", ["#c"])
    store.citizens.delete(citizen)
    rows = store.call_sql(
        lambda conn: conn.execute(sa.text('SELECT "user" FROM zalo_choices')).scalars().all()
    )
    assert rows == ["zalo:10"]
