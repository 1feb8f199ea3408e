"""Filling a starting run: short committed steps that a crash interrupts without loss.

Run on the suite's backend (``make test``: SQLite; ``make test-postgres``: PostgreSQL, where
the steps run on a connection apart and the planner's statistics are gathered after).
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from bot.broadcasts import service as fill_service
from bot.store import Store
from bot.store.campaigns import FILL_ALL, Campaigns
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver
from tests.test_broadcasts import campaign, start_service, subscriber
from tests.test_store_campaigns import NOW, add_citizen, new_campaign

__all__ = ["start_service"]  # the fixture, used by name


class Crash(Exception):
    """What a killed process leaves: the fill stops between two steps."""


async def test_a_fill_cut_short_goes_on_where_its_rows_end(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = bot.store
    chats = list(range(301, 311))
    for chat in chats:
        subscriber(store, chat)
    monkeypatch.setattr(fill_service, "FILL_STEP", 2)  # two citizen ids a step
    monkeypatch.setattr(fill_service, "FILL_SPAN_LIMITS", (2, 2))
    fill_run, steps = Campaigns.fill_run, []

    def dies_at_the_third_step(self: Campaigns, *args: Any, **kwargs: Any) -> int | None:
        steps.append(kwargs["after"])  # where each step starts
        if len(steps) == 3:
            raise Crash("the process died mid-fill")
        return fill_run(self, *args, **kwargs)

    monkeypatch.setattr(Campaigns, "fill_run", dies_at_the_third_step)
    campaign_id = campaign(store)
    service = await start_service()
    await service.wait_idle()
    run = store.campaigns.open_run(campaign_id)
    assert run is not None and run.status == "preparing"
    # The two steps before the crash were committed, each on its own.
    assert store.campaigns.counts(run.id) == {"pending": 4}
    assert fake.stats.total_sends == 0

    await service.sync()  # as after a restart: the run is taken up again
    await service.wait_idle()
    assert [len(fake.transcript(chat)) for chat in chats] == [1] * 10
    assert store.campaigns.counts(run.id) == {"sent": 10}
    assert fake.stats.duplicates == 0
    assert steps[3] == steps[2]  # it went on after the last committed step, not from 0
    if store.dialect == "postgresql":  # the statistics were gathered after the fill
        assert reltuples(store) == 10


def reltuples(store: Store) -> float:
    """What PostgreSQL's planner believes ``deliveries`` holds (-1: never analysed)."""
    sql = "SELECT reltuples FROM pg_class WHERE relname = 'deliveries'"
    return float(store.call_sql(lambda conn: conn.execute(sa.text(sql)).scalar_one()))


def test_statistics_are_refreshed_after_a_fill_on_postgresql_only(store: Store) -> None:
    for n in range(7):
        add_citizen(store, n)
    created = new_campaign(store)
    run_id = store.campaigns.begin_occurrence(created, due=NOW, next_run_at=None, now=NOW)
    assert run_id is not None
    store.campaigns.fill_run(run_id, created, after=0, span=FILL_ALL, now=NOW)
    store.campaigns.refresh_statistics()
    if store.dialect == "postgresql":
        # Without it the planner sorts a whole new million-row run for each claim.
        assert reltuples(store) == 7
    else:  # SQLite plans as before: no statistics table appears
        tables = store.call_sql(lambda conn: sa.inspect(conn).get_table_names())
        assert "sqlite_stat1" not in tables
