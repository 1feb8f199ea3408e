"""The repositories written with SQLAlchemy, the same tests on SQLite and on PostgreSQL.

Every test takes the ``store`` fixture, so it runs once per backend (``[sqlite]`` and
``[postgresql]`` in the test id); the PostgreSQL one runs on a throwaway server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import psycopg
import pytest
import sqlalchemy as sa

from bot.store import Citizen, Store, StoreError
from bot.store.questions import questions
from bot.store.sql import atomic
from bot.store.staff import staff
from bot.store.staff_alerts import AlertSetting
from bot.store.state import dialogue_state
from tests.postgres import PostgresServer

CITIZEN = Citizen(
    id=7,
    channel_id="telegram:7",
    consent_at="t",
    commune="Xã Mường Phăng",
    village="Bản Phăng",
    household="can_ngheo",
    topics=(),
    subscribed=True,
    stopped_at=None,
    stopped_reason=None,
    first_seen="t",
    last_seen="t",
)


def test_dialogue_state_is_kept_changed_and_cleared(store: Store) -> None:
    assert store.states.get("telegram:1") is None
    store.states.set("telegram:1", "profile", "commune", {"village": "Bản Phăng"})
    store.states.set("telegram:1", "profile", "household")
    state = store.states.get("telegram:1")
    assert state is not None and (state.flow, state.step, state.data) == (
        "profile",
        "household",
        {},
    )
    store.states.remember("telegram:2", "faq", "follow_up", {"intent": "bhyt"})
    store.states.clear("telegram:1")
    assert store.states.get("telegram:1") is None
    assert store.states.get("telegram:2") is not None


def test_idle_dialogue_states_are_purged(store: Store) -> None:
    store.states.set("telegram:1", "profile", "commune")
    store.states.set("telegram:2", "profile", "commune")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).isoformat(timespec="seconds")
    store.call_sql(
        lambda conn: conn.execute(
            sa.update(dialogue_state)
            .where(dialogue_state.c.user == "telegram:1")
            .values(updated_at=old)
        )
    )
    assert store.states.purge_idle() == 1
    assert store.states.get("telegram:1") is None and store.states.get("telegram:2") is not None


def test_shown_buttons_keep_the_flow_prompt_until_a_new_one(store: Store) -> None:
    prompt = ("Bạn ở xã nào?", [[("Xã A", "c:a"), ("Xã B", "c:b")]])
    store.choices.set("telegram:1", [("Xã A", "c:a"), ("Xã B", "c:b")], prompt=prompt)
    store.choices.set("telegram:1", [("Có", "yes"), ("Không", "no")])
    shown = store.choices.get("telegram:1")
    assert shown.buttons == [("Có", "yes"), ("Không", "no")]
    assert shown.prompt_text == "Bạn ở xã nào?"
    assert shown.prompt_buttons == [[("Xã A", "c:a"), ("Xã B", "c:b")]]
    store.choices.set("telegram:2", [("Có", "yes")])
    assert store.choices.get("telegram:2").prompt_text == ""
    store.choices.clear("telegram:1")
    assert store.choices.get("telegram:1").buttons == []
    assert store.choices.purge_idle() == 0


def test_staff_roles(store: Store) -> None:
    store.staff.add("telegram:9", "reviewer")
    store.staff.add("telegram:9", "officer", added_by="telegram:1")  # a new role replaces
    store.staff.add("zalo:5", "admin")
    assert store.staff.role_of("telegram:9") == "officer"
    assert [(m.channel_id, m.role) for m in store.staff.list()] == [
        ("zalo:5", "admin"),
        ("telegram:9", "officer"),
    ]
    with pytest.raises(ValueError, match="unknown role"):
        store.staff.add("telegram:8", "mayor")
    assert store.staff.remove("telegram:9") is True
    assert store.staff.remove("telegram:9") is False
    assert store.staff.role_of("telegram:9") is None


def test_the_audit_log_forgets_a_deleted_citizen_but_not_staff(store: Store) -> None:
    store.audit.record(
        "telegram:7", "thongke", role=None, allowed=False, detail="telegram:7 /thongke"
    )
    store.audit.record("telegram:7", "cq:o", role=None, allowed=False)
    store.audit.record("telegram:7", "menu", role="officer", allowed=True)
    store.audit.record(
        "telegram:9", "menu", role="admin", allowed=True, at="2026-01-01T00:00:00+00:00"
    )
    newest = store.audit.entries(limit=1)[0]
    assert newest["actor"] == "telegram:9" and newest["at"] == "2026-01-01T00:00:00+00:00"
    store.call(lambda repos: repos.audit.forget_citizen(CITIZEN))
    entries = store.audit.entries()
    forgotten = {e["actor"] for e in entries if e["role"] is None}
    assert len(forgotten) == 1 and forgotten.pop().startswith("deleted:")
    assert "telegram:7" not in repr([e["detail"] for e in entries])
    assert [e["action"] for e in store.audit.entries(actor="telegram:7")] == ["menu"]


def add_question(store: Store, commune: str, status: str = "pending") -> int:
    def insert(conn: sa.Connection) -> int:
        values = {"ref": f"CH-{commune[-1]}{status[0]}", "kind": "faq_miss", "text": "câu hỏi"}
        values.update(status=status, created_at="t", commune=commune)
        return int(conn.execute(questions.insert().values(values)).inserted_primary_key[0])

    return store.call_sql(insert)


def test_staff_alerts_start_after_the_newest_question(store: Store) -> None:
    first = add_question(store, "Xã A")
    setting = store.staff_alerts.get("telegram:9")
    assert (setting.mode, setting.seen_id) == ("now", first)
    newer_a, newer_b = add_question(store, "Xã B"), add_question(store, "Xã C")
    add_question(store, "Xã D", status="answered")
    assert [q["id"] for q in store.staff_alerts.new_items(first, commune=None)] == [
        newer_a,
        newer_b,
    ]
    assert [q["id"] for q in store.staff_alerts.new_items(first, commune="Xã C")] == [newer_b]
    store.staff_alerts.save(AlertSetting("telegram:9", mode="digest", digest_at="17:00"))
    assert store.staff_alerts.get("telegram:9").digest_at == "17:00"
    with pytest.raises(ValueError, match="unknown alert mode"):
        store.staff_alerts.save(AlertSetting("telegram:9", mode="loud"))
    assert store.staff_alerts.newest_item() == newer_b + 1


def test_metrics_notes(store: Store) -> None:
    assert store.metrics_meta.get("demo") is None
    store.metrics_meta.set("demo", "2026-12-01")
    store.metrics_meta.set("demo", "2026-12-02")
    assert store.metrics_meta.get("demo") == "2026-12-02"


def test_events_copy_the_segment_and_refuse_unknown_types(store: Store) -> None:
    store.events.record(
        "faq_answer", channel="telegram", citizen=CITIZEN, intent="bhyt", outcome="answer"
    )
    store.events.record("faq_miss", channel="zalo", outcome="miss", at="2020-01-01T00:00:00+00:00")
    store.events.record("consent_given", channel="telegram")
    with pytest.raises(ValueError, match="unknown event type"):
        store.events.record("gossip", channel="telegram")
    with pytest.raises(ValueError, match="no field"):
        store.events.record("faq_miss", channel="telegram", text="never the message text")
    assert store.events.count("faq_answer") == 1
    assert store.events.faq_outcomes_since("2021-01-01") == {"answer": 1}
    assert store.events.faq_outcomes_since("2019-01-01") == {"answer": 1, "miss": 1}
    row = store.call_sql(
        lambda conn: conn.execute(
            sa.text("SELECT citizen_key, commune, household FROM events WHERE type = 'faq_answer'")
        ).one()
    )
    assert tuple(row) == (7, "Xã Mường Phăng", "can_ngheo")


async def test_a_write_is_one_transaction_on_both_backends(store: Store) -> None:
    def half_then_fail(repos) -> None:  # type: ignore[no-untyped-def]
        repos.staff.add("telegram:1", "officer")
        raise RuntimeError("after the first statement")

    with pytest.raises(RuntimeError):
        await store.write(half_then_fail)
    assert await store.read(lambda r: r.staff.role_of("telegram:1")) is None
    await store.write(lambda r: r.staff.add("telegram:1", "admin"))
    store.defer(lambda r: r.metrics_meta.set("demo", "yes"))
    await asyncio.gather(
        *(store.write(lambda r, i=i: r.states.set(f"telegram:{i}", "f", "s")) for i in range(20))
    )
    assert await store.read(
        lambda r: (r.staff.role_of("telegram:1"), r.metrics_meta.get("demo"))
    ) == ("admin", "yes")


def test_atomic_is_one_unit_in_a_plain_call(store: Store) -> None:
    def two_then_fail(conn: sa.Connection) -> None:
        with atomic(conn):
            conn.execute(sa.insert(staff).values(channel_id="telegram:1", role="admin"))
            conn.execute(sa.insert(staff).values(channel_id="telegram:1", role="admin"))

    with pytest.raises(StoreError):
        store.call_sql(two_then_fail)  # a plain call: autocommit, yet nothing stays
    assert store.staff.list() == []


async def test_atomic_inside_a_write_undoes_only_its_own_part(store: Store) -> None:
    def outer(repos) -> None:  # type: ignore[no-untyped-def]
        repos.staff.add("telegram:2", "officer")
        with contextlib.suppress(RuntimeError), atomic(repos.staff._conn):
            repos.staff.add("telegram:3", "officer")
            raise RuntimeError("undo only the inner part")
        repos.staff.add("telegram:4", "officer")

    await store.write(outer)
    assert [m.channel_id for m in store.staff.list()] == ["telegram:2", "telegram:4"]


async def test_readiness_check(store: Store) -> None:
    await store.check()


async def test_a_restarted_postgresql_server_costs_no_one_an_answer(
    pg_url: str, pg_server: PostgresServer
) -> None:
    """Connections cut (a server restart, a failover, a firewall dropping idle connections):
    the next read, and the next write's BEGIN, connect anew and go through."""
    store = Store.open(pg_url)
    name = pg_url.rsplit("/", 1)[1]

    def cut() -> None:
        with pg_server.admin() as admin:  # what a restart does to open connections
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )

    try:
        store.staff.add("telegram:1", "officer")
        cut()
        assert await store.read(lambda r: r.staff.role_of("telegram:1")) == "officer"
        cut()
        await store.write(lambda r: r.staff.add("telegram:2", "admin"))
        assert store.staff.role_of("telegram:2") == "admin"
    finally:
        store.close()


async def test_a_connection_lost_mid_write_is_an_outage_not_a_retry(
    pg_url: str, pg_server: PostgresServer
) -> None:
    """Half a write is never run twice: the job fails as an outage (the engine's plain
    message), and the next job has a connection again."""
    store = Store.open(pg_url)
    name = pg_url.rsplit("/", 1)[1]

    def add_then_lose_the_connection(repos) -> None:  # type: ignore[no-untyped-def]
        repos.staff.add("telegram:1", "officer")
        with pg_server.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
        repos.staff.add("telegram:2", "officer")

    try:
        with pytest.raises(StoreError) as lost:
            await store.write(add_then_lose_the_connection)
        assert store.is_outage(lost.value)
        assert await store.read(lambda r: r.staff.list()) == []
    finally:
        store.close()


async def test_postgresql_not_reachable_is_a_plain_error(pg_server: PostgresServer) -> None:
    with pytest.raises(StoreError) as refused:
        Store.open(pg_server.url("no_such_database"))
    assert "no_such_database" in str(refused.value)


async def test_a_row_held_by_another_process_is_waited_for_a_bounded_time(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's row locks: the database thread gives up after the lock timeout (an outage,
    said plainly) instead of holding up every citizen's reads behind it."""
    monkeypatch.setattr("bot.store.database.LOCK_TIMEOUT_MS", 300)
    store = Store.open(pg_url)
    try:
        store.staff.add("telegram:1", "officer")
        with psycopg.connect(pg_url) as other:  # a transaction left open elsewhere
            other.execute("UPDATE staff SET role = 'admin' WHERE channel_id = 'telegram:1'")
            with pytest.raises(StoreError) as waited:
                await store.write(lambda r: r.staff.add("telegram:1", "reviewer"))
            assert store.is_outage(waited.value)
            assert await store.read(lambda r: r.staff.role_of("telegram:1")) == "officer"
        await store.write(lambda r: r.staff.add("telegram:1", "reviewer"))
        assert store.staff.role_of("telegram:1") == "reviewer"
    finally:
        store.close()
