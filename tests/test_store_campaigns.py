"""The campaigns and reach repositories, every method, on SQLite and on PostgreSQL.

Citizens are inserted with plain SQL so these tests depend on no other repository.
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
import sqlalchemy as sa

from bot.store import Repositories, Store
from bot.store.campaigns import FILL_ALL, Campaign, Segment
from bot.store.citizens import Citizen, citizens

NOW = "2026-12-01T08:00:00+00:00"
LATER = "2026-12-01T09:00:00+00:00"


def add_citizen(
    store: Store,
    number: int,
    *,
    commune: str | None = "tri_le",
    household: str | None = "ngheo",
    topics: tuple[str, ...] = (),
    subscribed: bool = True,
    channel: str = "telegram",
    last_seen: str = NOW,
) -> int:
    """A consenting citizen; their id."""
    row = {
        "channel_id": f"{channel}:{number}",
        "consent_at": NOW,
        "commune": commune,
        "household": household,
        "topics": json.dumps(list(topics)),
        "subscribed": int(subscribed),
        "first_seen": NOW,
        "last_seen": last_seen,
    }
    return int(
        store.call_sql(lambda conn: conn.execute(citizens.insert(), row).inserted_primary_key[0])
    )


EVERYONE = Segment()


def new_campaign(store: Store, segment: Segment = EVERYONE, **fields: object) -> Campaign:
    values: dict = {"text": "<b>Tin</b> mới", "title": "Tin mới", "segment": segment,
                    "next_run_at": NOW, "created_by": "telegram:1", "now": NOW}  # fmt: skip
    return store.campaigns.create(**{**values, **fields})


def started(store: Store, campaign: Campaign) -> int:
    return store.campaigns.start_run(campaign, scheduled_for=NOW, next_run_at=None, now=NOW).id


def test_a_campaign_is_created_read_listed_and_updated(store: Store) -> None:
    segment = Segment(communes=("tri_le",), topics=("bhyt",))
    first = new_campaign(store, segment, photo_id="photo-1", recurrence="weekly:MON@08:00")
    second = new_campaign(store, title="Lần hai")
    assert store.campaigns.get(first.id) == first
    assert (first.segment, first.photo_id, first.status) == (segment, "photo-1", "scheduled")
    assert store.campaigns.get(10_000) is None
    assert [c.id for c in store.campaigns.recent()] == [second.id, first.id]
    assert [c.id for c in store.campaigns.recent(limit=1)] == [second.id]
    store.campaigns.update(first.id, now=LATER, status="paused", next_run_at=None)
    paused = store.campaigns.get(first.id)
    assert paused is not None
    assert (paused.status, paused.next_run_at, paused.updated_at) == ("paused", None, LATER)
    assert [c.id for c in store.campaigns.recent(statuses=("paused", "done"))] == [first.id]
    with pytest.raises(ValueError, match="no field"):
        store.campaigns.update(first.id, now=LATER, colour="red")


def test_recipients_are_the_subscribers_of_the_segment(store: Store) -> None:
    add_citizen(store, 1, commune="tri_le", household="ngheo", topics=("bhyt", "vay_von"))
    add_citizen(store, 2, commune="tri_le", household="can_ngheo", topics=("vay_von",))
    add_citizen(store, 3, commune="que_phong", household="ngheo", topics=("bhyt",))
    add_citizen(store, 4, commune="tri_le", household="ngheo", subscribed=False)
    count = store.campaigns.count_recipients
    assert count(Segment()) == 3
    assert count(Segment(communes=("tri_le",))) == 2
    assert count(Segment(communes=("tri_le", "que_phong"))) == 3
    assert count(Segment(households=("ngheo",))) == 2
    assert count(Segment(topics=("bhyt",))) == 2
    assert count(Segment(topics=("bhyt", "vay_von"))) == 3
    assert count(Segment(communes=("tri_le",), topics=("bhyt",))) == 1
    assert count(Segment(communes=("nowhere",))) == 0


def test_silent_recipients_are_counted_per_channel(store: Store) -> None:
    add_citizen(store, 1, channel="zalo", last_seen="2026-11-01T00:00:00+00:00")
    add_citizen(store, 2, channel="zalo", last_seen=NOW)
    add_citizen(store, 3, channel="telegram", last_seen="2026-11-01T00:00:00+00:00")
    since = "2026-11-24T08:00:00+00:00"
    assert store.campaigns.count_silent_since(Segment(), "zalo", since) == 1
    assert store.campaigns.count_silent_since(Segment(households=("khac",)), "zalo", since) == 0


def test_an_occurrence_is_taken_once(store: Store) -> None:
    add_citizen(store, 1)
    campaign = new_campaign(store)
    run_id = store.campaigns.begin_occurrence(campaign, due=NOW, next_run_at=None, now=NOW)
    assert run_id is not None
    again = store.campaigns.begin_occurrence(campaign, due=NOW, next_run_at=None, now=NOW)
    assert again is None
    assert store.campaigns.get(campaign.id).status == "sending"  # type: ignore[union-attr]
    run = store.campaigns.run(run_id)
    assert run is not None and (run.status, run.scheduled_for) == ("preparing", NOW)
    assert store.campaigns.open_run(campaign.id) == run


def test_an_occurrence_due_at_another_time_is_not_taken(store: Store) -> None:
    campaign = new_campaign(store)
    assert store.campaigns.begin_occurrence(campaign, due=LATER, next_run_at=None, now=NOW) is None
    assert store.campaigns.get(campaign.id).status == "scheduled"  # type: ignore[union-attr]


def test_a_fill_interrupted_by_an_older_version_is_taken_up(store: Store) -> None:
    """A campaign left scheduled with a preparing run (a crash before this version)."""
    campaign = new_campaign(store)
    left = store.call_sql(
        lambda conn: conn.execute(
            sa.text(
                "INSERT INTO campaign_runs (campaign_id, scheduled_for, started_at, status) "
                "VALUES (:c, :t, :t, 'preparing') RETURNING id"
            ),
            {"c": campaign.id, "t": NOW},
        ).scalar_one()
    )
    assert store.campaigns.begin_occurrence(campaign, due=NOW, next_run_at=None, now=NOW) == left


def test_a_missed_occurrence_is_recorded_once(store: Store) -> None:
    weekly = new_campaign(store, recurrence="weekly:MON@08:00")
    once = new_campaign(store)
    run = store.campaigns.miss_occurrence(weekly, due=NOW, next_run_at=LATER, now=LATER)
    assert run is not None and (run.status, run.scheduled_for) == ("missed", NOW)
    assert store.campaigns.miss_occurrence(weekly, due=NOW, next_run_at=LATER, now=LATER) is None
    after = store.campaigns.get(weekly.id)
    assert after is not None and (after.status, after.next_run_at) == ("scheduled", LATER)
    store.campaigns.miss_occurrence(once, due=NOW, next_run_at=None, now=LATER)
    assert store.campaigns.get(once.id).status == "missed"  # type: ignore[union-attr]
    assert store.campaigns.latest_run(weekly.id) is None  # missed runs are not "the latest"
    assert [r.status for r in store.campaigns.runs(weekly.id)] == ["missed"]


def test_a_run_is_filled_in_steps_inside_the_database(store: Store) -> None:
    ids = [add_citizen(store, n, commune="tri_le" if n % 2 else "que_phong") for n in range(10)]
    add_citizen(store, 99, subscribed=False)
    campaign = new_campaign(store, Segment(communes=("tri_le",)))
    run_id = store.campaigns.begin_occurrence(campaign, due=NOW, next_run_at=None, now=NOW)
    assert run_id is not None
    steps, after = [], ids[0] - 1
    while after is not None:
        steps.append(after)
        after = store.campaigns.fill_run(run_id, campaign, after=after, span=3, now=NOW)
    assert len(steps) == 4  # 11 ids, 3 at a time
    assert store.campaigns.counts(run_id) == {"pending": 5}
    assert store.campaigns.filled_up_to(run_id) == ids[9]
    # Filling again (a crash, another replica) adds nobody twice.
    store.campaigns.fill_run(run_id, campaign, after=0, span=FILL_ALL, now=NOW)
    assert store.campaigns.counts(run_id) == {"pending": 5}
    run = store.campaigns.activate_run(run_id)
    assert run is not None and run.status == "sending"
    # A run no longer preparing takes no more rows.
    assert store.campaigns.fill_run(run_id, campaign, after=0, span=FILL_ALL, now=NOW) is None
    rows = store.campaigns.open_deliveries(run_id, after_id=0, limit=10)
    assert [r.citizen_id for r in rows] == [i for n, i in enumerate(ids) if n % 2]
    assert store.campaigns.open_deliveries(run_id, after_id=rows[2].id, limit=1) == [rows[3]]


def test_start_run_fills_everything_and_refuses_a_taken_occurrence(store: Store) -> None:
    for n in range(3):
        add_citizen(store, n)
    campaign = new_campaign(store)
    run_id = started(store, campaign)
    assert store.campaigns.counts(run_id) == {"pending": 3}
    assert store.campaigns.open_run(campaign.id) == store.campaigns.latest_run(campaign.id)
    with pytest.raises(ValueError, match="not scheduled"):
        started(store, campaign)


def test_a_cancelled_run_is_not_activated_and_closes_once(store: Store) -> None:
    add_citizen(store, 1)
    campaign = new_campaign(store)
    run_id = store.campaigns.begin_occurrence(campaign, due=NOW, next_run_at=None, now=NOW)
    assert run_id is not None
    store.campaigns.fill_run(run_id, campaign, after=0, span=FILL_ALL, now=NOW)
    assert store.campaigns.finish_run(run_id, "cancelled", now=LATER) is True
    assert store.campaigns.finish_run(run_id, "done", now=LATER) is False
    run = store.campaigns.activate_run(run_id)
    assert run is not None and (run.status, run.finished_at) == ("cancelled", LATER)
    assert store.campaigns.counts(run_id) == {"cancelled": 1}
    assert store.campaigns.open_run(campaign.id) is None


def test_outcomes_are_recorded_counted_and_reported(store: Store) -> None:
    for n in range(5):
        add_citizen(store, n)
    run_id = started(store, new_campaign(store))
    rows = store.campaigns.open_deliveries(run_id, after_id=0, limit=10)
    mark = store.campaigns.mark
    mark(rows[0].id, "sending", now=NOW)
    mark(rows[0].id, "sent", now=LATER)
    mark(rows[1].id, "failed", now=LATER, error="chat_not_found: Bad Request")
    mark(rows[2].id, "failed", now=LATER, error="chat_not_found: Bad Request")
    mark(rows[3].id, "blocked", now=LATER, error="blocked: Forbidden")
    assert store.campaigns.counts(run_id) == {"sent": 1, "failed": 2, "blocked": 1, "pending": 1}
    assert store.campaigns.error_counts(run_id) == [
        ("failed", "chat_not_found: Bad Request", 2),
        ("blocked", "blocked: Forbidden", 1),
    ]
    failures = store.campaigns.failures(run_id)
    assert [f["channel_id"] for f in failures] == ["telegram:1", "telegram:2", "telegram:3"]
    assert failures[0] == {"channel_id": "telegram:1", "status": "failed",
                           "error": "chat_not_found: Bad Request", "attempts": 0,
                           "updated_at": LATER}  # fmt: skip
    sent = store.call_sql(
        lambda conn: conn.execute(
            sa.text("SELECT attempts, sent_at FROM deliveries WHERE id = :i"), {"i": rows[0].id}
        ).one()
    )
    assert tuple(sent) == (1, LATER)


def test_claims_are_exclusive_until_stale_and_can_be_released(store: Store) -> None:
    for n in range(6):
        add_citizen(store, n)
    run_id = started(store, new_campaign(store))
    claim = store.campaigns.claim
    first = claim(run_id, claimer="a", after_id=0, limit=4, now=NOW, stale_before="2026")
    assert len(first) == 4 and [r.id for r in first] == sorted(r.id for r in first)
    second = claim(run_id, claimer="b", after_id=0, limit=4, now=NOW, stale_before="2026")
    assert len(second) == 2 and not {r.id for r in first} & {r.id for r in second}
    assert claim(run_id, claimer="x", after_id=0, limit=4, now=NOW, stale_before="2026") == []
    # A sender sending the run again (after a halt) takes its own claims back.
    assert claim(run_id, claimer="b", after_id=0, limit=4, now=NOW, stale_before="2026") == second
    # "a" gives two back (a halt): anyone may take them at once.
    assert store.campaigns.release([first[2].id, first[3].id, second[0].id], claimer="a") == 2
    again = claim(run_id, claimer="x", after_id=0, limit=4, now=NOW, stale_before="2026")
    assert [r.id for r in again] == [first[2].id, first[3].id]
    # "a" dies; once its claims are older than the timeout, "c" takes them over.
    assert store.campaigns.start_sending(first[0].id, claimer="a", now=NOW) is True
    taken = claim(run_id, claimer="c", after_id=0, limit=10, now=LATER, stale_before=LATER)
    assert {r.id for r in taken} == {r.id for r in [*first, *second]}
    assert claim(run_id, claimer="x", after_id=0, limit=9, now=LATER, stale_before=NOW) == []
    assert next(r for r in taken if r.id == first[0].id).status == "sending"
    # "a" comes back to life: the rows are no longer its to send.
    assert store.campaigns.start_sending(first[1].id, claimer="a", now=LATER) is False
    assert store.campaigns.start_sending(first[1].id, claimer="c", now=LATER) is True
    store.campaigns.mark(first[1].id, "sent", now=LATER)
    assert store.campaigns.start_sending(first[1].id, claimer="c", now=LATER) is False
    assert store.campaigns.release([], claimer="c") == 0


def test_deleting_a_citizen_removes_unsent_rows_and_anonymises_sent_ones(store: Store) -> None:
    ids = [add_citizen(store, n) for n in range(3)]
    run_id = started(store, new_campaign(store))
    rows = store.campaigns.open_deliveries(run_id, after_id=0, limit=10)
    store.campaigns.mark(rows[0].id, "sent", now=NOW)
    for citizen_id, n in zip(ids[:2], range(2), strict=True):
        store.campaigns.forget_citizen(_citizen(citizen_id, n))
    left = store.call_sql(
        lambda conn: conn.execute(
            sa.text("SELECT citizen_id, status FROM deliveries ORDER BY id")
        ).all()
    )
    assert [tuple(row) for row in left] == [(None, "sent"), (ids[2], "pending")]


def test_the_reach_record_and_outside_window_rows(store: Store) -> None:
    add_citizen(store, 1, channel="zalo")
    add_citizen(store, 2, channel="zalo")
    add_citizen(store, 3, channel="telegram")
    run_id = started(store, new_campaign(store))
    rows = store.campaigns.open_deliveries(run_id, after_id=0, limit=10)
    for row in rows:
        store.campaigns.mark(row.id, "outside_window", now=NOW, error="outside_window: -230")
    reach = store.reach
    assert reach.record(run_id, "zalo") is None
    reach.save(run_id, "zalo", article_error="article_quota: none left")
    reach.save(run_id, "zalo", article_id="a-1")
    record = reach.record(run_id, "zalo")
    assert record is not None
    assert (record.article_id, record.article_error, record.finished_at) == (
        "a-1",
        "article_quota: none left",
        None,
    )
    with pytest.raises(ValueError, match="no field"):
        reach.save(run_id, "zalo", colour="red")
    outside = reach.outside_rows(run_id, "zalo")
    assert [user for _row, user in outside] == ["zalo:1", "zalo:2"]
    reach.settle([outside[0][0].id], "template", now=LATER, error=None)
    reach.settle([outside[1][0].id], "article", now=LATER, error=None)
    reach.settle([], "article", now=LATER, error=None)
    assert reach.outside_rows(run_id, "zalo") == []
    assert store.campaigns.counts(run_id) == {"template": 1, "article": 1, "outside_window": 1}
    assert reach.templates_since("zalo", NOW) == 1
    assert reach.templates_since("zalo", "2027") == 0
    assert reach.templates_since("telegram", NOW) == 0


def _citizen(citizen_id: int, number: int) -> Citizen:
    return Citizen(
        id=citizen_id, channel_id=f"telegram:{number}", consent_at=NOW, commune=None,
        village=None, household=None, topics=(), subscribed=True, stopped_at=None,
        stopped_reason=None, first_seen=NOW, last_seen=NOW,
    )  # fmt: skip


async def test_a_big_fill_runs_apart_on_postgresql_and_in_turn_on_sqlite(store: Store) -> None:
    """PostgreSQL fills on a connection of its own (the database thread stays free for
    replies); SQLite, with one writer, runs it as a write like any other."""
    for n in range(5):
        await asyncio.to_thread(add_citizen, store, n)
    created = await asyncio.to_thread(new_campaign, store)
    run_id = await store.write(
        lambda r: r.campaigns.begin_occurrence(created, due=NOW, next_run_at=None, now=NOW)
    )
    assert run_id is not None

    started, release = threading.Event(), threading.Event()

    def fill(r: Repositories) -> int | None:
        started.set()
        assert release.wait(10)
        return r.campaigns.fill_run(run_id, created, after=0, span=FILL_ALL, now=NOW)

    async def fill_apart() -> int | None:
        async with store.apart() as writer:
            return await writer.write(fill)

    assert store.writes_apart == (store.dialect == "postgresql")
    if store.writes_apart:
        filling = asyncio.create_task(fill_apart())
        assert await asyncio.to_thread(started.wait, 10)
        # The database thread answers while the fill's transaction is open elsewhere.
        counts = await asyncio.wait_for(store.read(lambda r: r.campaigns.counts(run_id)), 5)
        assert counts == {}
        release.set()
        assert await filling is None
    else:
        release.set()
        assert await fill_apart() is None
    assert await store.read(lambda r: r.campaigns.counts(run_id)) == {"pending": 5}
