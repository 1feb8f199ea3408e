"""The web console's repository (``bot.store.web``) on SQLite and on PostgreSQL.

Every test takes the ``store`` fixture and so runs once per backend. Rows of other features'
tables (events, questions, citizens, deliveries) are seeded with plain Core inserts, so these
tests do not depend on those repositories being converted.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.store import Store
from bot.store.campaigns import Segment, campaign_runs, campaigns, deliveries
from bot.store.citizens import citizens
from bot.store.events import events
from bot.store.questions import questions
from bot.store.web import web_links

NOW = "2026-12-03T10:00:00+00:00"
LATER = "2026-12-03T10:10:00+00:00"


def insert(store: Store, table: sa.Table, rows: list[dict]) -> None:
    store.call_sql(lambda conn: conn.execute(sa.insert(table), rows))


def test_a_link_signs_in_once_and_only_before_it_expires(store: Store) -> None:
    web = store.web
    web.add_link("h1", "telegram:1", now=NOW, expires_at=LATER)
    web.add_link("h2", "telegram:2", now=NOW, expires_at=LATER)
    assert web.redeem_link("h1", now=NOW) == "telegram:1"
    assert web.redeem_link("h1", now=NOW) is None  # used up
    assert web.redeem_link("unknown", now=NOW) is None
    assert web.redeem_link("h2", now="2026-12-03T10:11:00+00:00") is None  # expired


def test_expired_links_are_dropped_when_a_new_one_is_made(store: Store) -> None:
    store.web.add_link("old", "telegram:1", now=NOW, expires_at=LATER)
    store.web.add_link("new", "telegram:1", now="2026-12-04T00:00:00+00:00", expires_at="z")
    kept = store.call_sql(lambda conn: conn.execute(sa.select(web_links.c.token_hash)).all())
    assert [row[0] for row in kept] == ["new"]


def test_sessions_are_found_until_they_expire_or_end(store: Store) -> None:
    web = store.web
    web.add_session("s1", "telegram:1", csrf="c1", now=NOW, expires_at=LATER)
    web.add_session("s2", "telegram:1", csrf="c2", now=NOW, expires_at=LATER)
    web.add_session("s3", "telegram:3", csrf="c3", now=NOW, expires_at=LATER)
    found = web.session("s1", now=NOW)
    assert found is not None and (found.channel_id, found.csrf) == ("telegram:1", "c1")
    assert web.session("s1", now=LATER) is None  # expired
    web.end_session("s1")
    assert web.session("s1", now=NOW) is None
    assert web.end_sessions_of("telegram:1") == 1  # s2: signed out everywhere
    assert web.session("s2", now=NOW) is None
    assert web.session("s3", now=NOW) is not None


def test_expired_sessions_are_dropped_when_a_new_one_starts(store: Store) -> None:
    store.web.add_session("old", "telegram:1", csrf="c", now=NOW, expires_at=LATER)
    store.web.add_session(
        "new", "telegram:1", csrf="c", now="2026-12-04T00:00:00+00:00", expires_at="z"
    )
    assert store.web.end_sessions_of("telegram:1") == 1


def test_the_audit_log_is_filtered_by_actor_and_action_and_paged(store: Store) -> None:
    for n in range(5):
        store.audit.record("telegram:1", f"staff add {n}", role="admin", allowed=True)
    store.audit.record("telegram:2", "console sign-in", role="officer", allowed=True)
    rows, total = store.web.audit_page(limit=2)
    assert total == 6 and [r["action"] for r in rows] == ["console sign-in", "staff add 4"]
    assert set(rows[0]) == {"id", "at", "actor", "role", "action", "detail", "allowed"}
    rows, total = store.web.audit_page(actor="telegram:1", limit=2, offset=2)
    assert total == 5 and [r["action"] for r in rows] == ["staff add 2", "staff add 1"]
    rows, total = store.web.audit_page(action="sign-in")
    assert total == 1 and rows[0]["actor"] == "telegram:2"
    rows, total = store.web.audit_page(actor="telegram:2", action="staff")
    assert (rows, total) == ([], 0)


def test_the_dashboard_counts_people_reached_by_local_day(store: Store) -> None:
    def event(at: str, key: int) -> dict:
        return {"at": at, "type": "faq_answered", "channel": "telegram", "citizen_key": key}

    insert(
        store,
        events,
        [
            event("2026-11-20T03:00:00+00:00", 1),  # before the month: only in the days
            event("2026-12-01T16:59:59+00:00", 1),  # 1 December, 23:59 in Việt Nam
            event("2026-12-01T17:00:00+00:00", 2),  # 2 December, 00:00 in Việt Nam
            event("2026-12-01T18:00:00+00:00", 2),
            event("2026-12-01T19:00:00+00:00", 3),
        ],
    )
    question = {"ref": "H-1", "kind": "faq_miss", "text": "?", "status": "pending"}
    insert(
        store,
        questions,
        [
            {**question, "ref": "H-1", "created_at": "2026-11-30T00:00:00+00:00"},
            {**question, "ref": "H-2", "created_at": "2026-12-02T00:00:00+00:00"},
        ],
    )
    reached, asked, days = store.web.reach_overview(
        month_start="2026-11-30T17:00:00+00:00",
        days_start="2026-11-01T00:00:00+00:00",
        offset_hours=7,
    )
    assert (reached, asked) == (3, 1)
    assert days == [("2026-11-20", 1), ("2026-12-01", 1), ("2026-12-02", 2)]


def _citizen(n: int, channel_id: str, **extra: object) -> dict:
    row = {
        "channel_id": channel_id,
        "consent_at": NOW,
        "commune": "a",
        "household": "ngheo",
        "topics": "[]",
        "subscribed": 1,
        "first_seen": NOW,
        "last_seen": NOW,
    }
    return {**row, **extra}


def test_recipients_are_counted_per_channel(store: Store) -> None:
    insert(
        store,
        citizens,
        [
            _citizen(1, "telegram:1"),
            _citizen(2, "telegram:2"),
            _citizen(3, "zalo:3"),
            _citizen(4, "zalo:4", commune="b"),
            _citizen(5, "telegram:5", subscribed=0),  # not subscribed: never counted
        ],
    )
    assert store.web.recipients_by_channel(*Segment().where()) == {"telegram": 2, "zalo": 2}
    commune_a = Segment(communes=("a",))
    assert store.web.recipients_by_channel(*commune_a.where()) == {"telegram": 2, "zalo": 1}
    nobody = Segment(communes=("c",), households=("ngheo", "can_ngheo"))
    assert store.web.recipients_by_channel(*nobody.where()) == {}


def test_every_delivery_of_a_run_with_its_recipient(store: Store) -> None:
    insert(store, citizens, [_citizen(1, "telegram:1"), _citizen(2, "zalo:2")])
    ids = store.call_sql(
        lambda conn: [r[0] for r in conn.execute(sa.select(citizens.c.id).order_by("id"))]
    )
    campaign = {"text": "t", "segment": "{}", "status": "done", "created_by": "cli"}
    insert(store, campaigns, [{**campaign, "id": 1, "created_at": NOW, "updated_at": NOW}])
    insert(
        store,
        campaign_runs,
        [
            {"id": 1, "campaign_id": 1, "status": "done"},
            {"id": 2, "campaign_id": 1, "status": "done"},
        ],
    )

    def delivery(run: int, citizen: int, status: str, attempts: int, error: str | None) -> dict:
        # One shape for every row: an executemany takes its columns from the first.
        return {
            "run_id": run,
            "campaign_id": 1,
            "citizen_id": citizen,
            "status": status,
            "attempts": attempts,
            "error": error,
            "updated_at": LATER,
        }

    insert(
        store,
        deliveries,
        [
            delivery(1, ids[0], "sent", 1, None),
            delivery(1, ids[1], "failed", 3, "blocked"),
            delivery(1, 999, "sent", 1, None),
            delivery(2, ids[0], "sent", 1, None),
        ],
    )
    found = store.web.deliveries(1)
    assert [(d["channel_id"], d["status"], d["error"], d["attempts"]) for d in found] == [
        ("telegram:1", "sent", None, 1),
        ("zalo:2", "failed", "blocked", 3),
        (None, "sent", None, 1),  # the recipient was deleted since
    ]
    assert set(found[0]) == {"id", "channel_id", "status", "error", "attempts", "updated_at"}
    assert store.web.deliveries(3) == []


def test_files_named_by_campaigns_not_cancelled_are_in_use(store: Store) -> None:
    base = {"text": "t", "segment": "{}", "created_by": "cli", "created_at": NOW, "updated_at": NOW}

    def campaign(n: int, status: str, photo: str | None, document: str | None) -> dict:
        return {**base, "id": n, "status": status, "photo_id": photo, "document_id": document}

    url = "https://bot.example.gov.vn/tep/"
    insert(
        store,
        campaigns,
        [
            campaign(1, "scheduled", url + "a.jpg", None),
            campaign(2, "done", None, url + "b.pdf"),
            campaign(3, "cancelled", url + "c.png", None),
            campaign(4, "sending", "AgACAgIAAxk-telegram-file-id", None),  # not a console file
        ],
    )
    assert store.web.media_in_use() == {url + "a.jpg", url + "b.pdf"}
