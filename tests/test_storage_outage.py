"""A full disk or a read-only database: citizens still get answers, officers a plain message.

Through the real Telegram Application against the fake Bot API (issue #10, item 11). The
outage is the database's own. SQLite: ``query_only`` refuses every write as a read-only file
would, and a page limit reached makes writes fail with "database or disk is full".
PostgreSQL: the session made read-only answers as a hot standby does (SQLSTATE 25006), and a
trigger on every table answers as the server does when its disk is full (53100).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest

from tests.harness import TelegramBotDriver, execute_sql, make_read_only, texts

QUESTION = "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không"
STORAGE_NOTICE = "không lưu được dữ liệu"


def read_only(bot: TelegramBotDriver) -> None:
    make_read_only(bot.store)


def fill_the_disk(bot: TelegramBotDriver) -> None:
    if bot.store.dialect == "postgresql":
        _disk_full_on_postgresql(bot)
    else:
        bot.store.call_db(_fill)  # on the database thread, which owns the connection


def _disk_full_on_postgresql(bot: TelegramBotDriver) -> None:
    execute_sql(
        bot.store,
        "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'could not extend file: No space left on device' "
        "USING ERRCODE = 'disk_full'; END $$",
    )
    tables = bot.store.call_sql(
        lambda conn: (
            conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
            .scalars()
            .all()
        )
    )
    for table in tables:
        execute_sql(
            bot.store,
            f'CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION disk_full()",
        )


def _fill(db: Any) -> None:
    db.execute("CREATE TABLE ballast (junk TEXT)")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        while True:
            db.execute("INSERT INTO ballast VALUES (?)", ["x" * 2000])
    # The last page may still hold a few bytes: fill it with ever smaller rows.
    for size in (1000, 500, 200, 100, 50, 20, 5, 1):
        try:
            while True:
                db.execute("INSERT INTO ballast VALUES (?)", ["x" * size])
        except sqlite3.OperationalError:
            continue


@pytest.mark.parametrize("outage", [read_only, fill_the_disk])
async def test_citizens_get_answers_and_officers_a_clear_message(
    bot: TelegramBotDriver, outage, caplog: pytest.LogCaptureFixture
) -> None:
    """On a full disk a small write may still fit in a freed page; whatever fails is said
    plainly, never as the generic apology."""
    await bot.onboard(901)
    bot.store.staff.add("telegram:902", "officer")
    outage(bot)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            replies = await bot.say(901, QUESTION)
            assert "Căn cứ:" in " ".join(texts(replies)), texts(replies)
        menu = await bot.say(901, "/menu")
        assert menu[0].buttons, "commands that only read still work"
        officer = await bot.say(902, "/guitin")
    assert not any("trục trặc" in t for t in texts(officer) + texts(replies))
    if outage is read_only:  # every write fails, so each kind of failure shows
        assert any(STORAGE_NOTICE in t for t in texts(officer)), texts(officer)
        dropped = [r for r in caplog.records if "dropping writes" in r.getMessage()]
        assert len(dropped) == 1, "one log line for the outage, not one per dropped write"
    assert QUESTION not in caplog.text
