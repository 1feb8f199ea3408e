"""The citizens repository on SQLite and on PostgreSQL (the ``store`` fixture runs each test
once per backend): consent, profile, news, and deletion through the owners' hooks."""

from __future__ import annotations

import pytest

from bot.store import Store


def test_registering_is_idempotent_and_starts_without_news(store: Store) -> None:
    first = store.citizens.register("telegram:11")
    again = store.citizens.register("telegram:11")
    assert again == first
    assert first.channel_id == "telegram:11" and not first.subscribed and first.topics == ()
    assert first.commune is None and first.consent_at == first.first_seen == first.last_seen
    assert store.citizens.get("telegram:12") is None
    assert store.citizens.by_id(first.id) == first and store.citizens.by_id(first.id + 99) is None


def test_a_profile_changes_field_by_field(store: Store) -> None:
    citizen = store.citizens.register("zalo:abc")
    changed = store.citizens.update(
        citizen, commune="Xã Mường Phăng", household="can_ngheo", topics=["tin_dung", "y_te"]
    )
    assert changed.commune == "Xã Mường Phăng" and changed.household == "can_ngheo"
    assert changed.topics == ("tin_dung", "y_te") and changed.village is None
    assert store.citizens.get("zalo:abc") == changed
    with pytest.raises(ValueError, match="channel_id"):
        store.citizens.update(citizen, channel_id="zalo:other")


def test_news_subscription_and_stop_are_counted(store: Store) -> None:
    one = store.citizens.register("telegram:1")
    two = store.citizens.register("telegram:2")
    store.citizens.register("telegram:3")
    store.citizens.subscribe(one)
    two = store.citizens.subscribe(two)
    assert store.citizens.count() == 3 and store.citizens.count(subscribed=True) == 2
    stopped = store.citizens.stop(two, "blocked")
    assert not stopped.subscribed and stopped.stopped_reason == "blocked" and stopped.stopped_at
    assert store.citizens.count(subscribed=True) == 1
    again = store.citizens.subscribe(stopped)
    assert again.subscribed and again.stopped_at is None and again.stopped_reason is None


def test_touch_moves_last_seen_only(store: Store) -> None:
    citizen = store.citizens.register("telegram:5")
    store.citizens.update(citizen, last_seen="2020-01-01T00:00:00+00:00")
    store.citizens.touch("telegram:5")
    seen = store.citizens.get("telegram:5")
    assert (
        seen is not None and seen.last_seen > "2020-01-01" and seen.first_seen == citizen.first_seen
    )


def test_deletion_runs_the_owners_hooks_and_leaves_anonymous_counts(store: Store) -> None:
    citizen = store.citizens.register("telegram:9")
    other = store.citizens.register("telegram:10")
    store.events.record("question_sent", channel="telegram", citizen=citizen, ref="AB23")
    store.states.set("telegram:9", "feedback", "text", {"draft": "nhà tôi ở bản Pục"})
    store.states.set("telegram:10", "feedback", "text", {})
    store.citizens.delete(citizen)
    assert store.citizens.get("telegram:9") is None and store.citizens.by_id(citizen.id) is None
    assert store.states.get("telegram:9") is None and store.states.get("telegram:10") is not None
    rows = store.call_sql(
        lambda conn: [
            dict(row)
            for row in conn.exec_driver_sql("SELECT citizen_key, ref FROM events").mappings()
        ]
    )
    assert rows == [{"citizen_key": citizen.id, "ref": None}]  # counted, not traceable
    assert store.citizens.get("telegram:10") == other
    assert store.citizens.register("telegram:9").id > other.id  # a key never handed out twice


def test_a_failing_hook_deletes_nothing(store: Store) -> None:
    citizen = store.citizens.register("telegram:21")

    def refuse(_citizen: object) -> None:
        raise RuntimeError("a feature could not forget")

    store.call(lambda repos: repos.citizens.add_deletion_hook(refuse))
    with pytest.raises(RuntimeError):
        store.citizens.delete(citizen)
    assert store.citizens.get("telegram:21") == citizen
