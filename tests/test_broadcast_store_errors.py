"""A store that cannot write (disk full, I/O error) pauses a campaign; it never sticks it.

Regression tests for issue #10, defect 3: when ``_deliver`` raised and the error path's own
write raised too, the worker died; with all workers dead ``send_run`` blocked on the queue
forever and the campaign stayed "sending" with no log line. Here the real broadcast service
sends through the real Telegram channel to the fake Bot API while the database connection
refuses writes for a while, as the database does when its disk is full.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
import time
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, texts
from tests.test_broadcasts import FAST, campaign, received, start_service, subscriber
from tests.voice_helpers import OFFICER, staff

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
__all__ = ["start_service"]
RETRYING = dataclasses.replace(FAST, store_retry_seconds=0.05, sync_seconds=0.4)


class FailingWrites:
    """Makes the store's writes fail while ``failing``, as the database does when its disk is
    full: SQLite's "database or disk is full", PostgreSQL's SQLSTATE 53100. Installed as a
    ``before_cursor_execute`` listener on the store's one connection.

    Args:
        dialect: the store's backend ("sqlite" or "postgresql").
        only: fail only statements mentioning this text (a table name), if given.
    """

    def __init__(self, dialect: str, *, only: str = "") -> None:
        self.dialect = dialect
        self.only = only
        self.until = 0.0
        self.refused = 0

    def fail_for(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    @property
    def failing(self) -> bool:
        return time.monotonic() < self.until

    def before_cursor_execute(self, _conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        words = sql.lstrip().split(None, 1)
        if self.failing and words and words[0].upper() in WRITES and self.only in sql:
            self.refused += 1
            # Wrapped as SQLAlchemy wraps what the driver raises (a listener's own error is not).
            driver: Exception = (
                psycopg.errors.DiskFull("could not extend file: No space left on device")
                if self.dialect == "postgresql"
                else sqlite3.OperationalError("database or disk is full")
            )
            raise sa.exc.OperationalError(sql, None, driver)


def officers_campaign(
    bot: TelegramBotDriver, chats: range, *, only: str = ""
) -> tuple[int, FailingWrites]:
    """Subscribers ``chats``, a campaign by the officer, and a store whose writes can fail."""
    for chat in chats:
        subscriber(bot.store, chat)
    staff(bot, OFFICER)
    campaign_id = campaign(bot.store, created_by=f"telegram:{OFFICER}")
    flaky = FailingWrites(bot.store.dialect, only=only)
    bot.store.call_sql(
        lambda conn: sa.event.listen(conn, "before_cursor_execute", flaky.before_cursor_execute)
    )
    return campaign_id, flaky


async def test_half_a_second_of_failed_writes_pauses_then_resumes_the_campaign(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    chats = range(3001, 3041)
    campaign_id, flaky = officers_campaign(bot, chats)
    service = await start_service(RETRYING.with_telegram(rate=40, concurrency=8))
    await fake.wait_until(lambda: fake.stats.total_sends >= 3, timeout=5)
    flaky.fail_for(0.5)
    await fake.wait_until(lambda: campaign_id in service.stalled, timeout=5)
    await asyncio.wait_for(service.wait_idle(), timeout=15)

    assert flaky.refused > 0
    assert bot.store.campaigns.get(campaign_id).status == "done"
    run = bot.store.campaigns.latest_run(campaign_id)
    assert bot.store.campaigns.counts(run.id) == {"sent": len(chats)}
    # Outcomes the full disk refused were kept and written later: nobody got it twice.
    assert all(len(received(fake, chat)) == 1 for chat in chats)
    notes = texts(fake.transcript(OFFICER))
    paused = [n for n in notes if "tạm dừng: hệ thống không ghi được dữ liệu" in n]
    resumed = [n for n in notes if "đã ghi được dữ liệu trở lại" in n]
    assert len(paused) == 1 and len(resumed) == 1
    assert any("đã gửi xong" in n for n in notes)
    assert service.stalled == {}


async def test_the_officer_sees_why_a_campaign_waits_and_it_goes_on_by_itself(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service, caplog: pytest.LogCaptureFixture
) -> None:
    chats = range(3101, 3111)
    # The broadcast's own table refuses writes; the officer's chat still works.
    campaign_id, flaky = officers_campaign(bot, chats, only="deliveries")
    service = await start_service(RETRYING.with_telegram(rate=20, concurrency=2))
    await fake.wait_until(lambda: fake.stats.total_sends >= 2, timeout=5)
    flaky.fail_for(3600)
    await fake.wait_until(lambda: campaign_id in service.stalled, timeout=5)
    assert service._runs, "the run waits to resume; it is not dead"
    await fake.wait_until(lambda: "đang tạm dừng" in " ".join(texts(fake.transcript(OFFICER))))

    listing = await bot.say(OFFICER, "/chiendich")
    assert "Tạm dừng vì không ghi được dữ liệu, sẽ tự gửi tiếp" in listing[0].text
    detail = await bot.press_data(OFFICER, f"bcm:v:{campaign_id}")
    assert "• Tạm dừng từ" in detail[0].text and "không ghi được dữ liệu" in detail[0].text
    assert [r.levelname for r in caplog.records if "store failed" in r.getMessage()]

    flaky.until = 0.0  # the disk has room again
    await asyncio.wait_for(service.wait_idle(), timeout=10)
    assert bot.store.campaigns.get(campaign_id).status == "done"
    assert all(len(received(fake, chat)) == 1 for chat in chats)
