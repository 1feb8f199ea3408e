"""The review queue's repository on both backends: every method, as staff and citizens use it.

Each test takes the ``store`` fixture, so it runs on SQLite and on PostgreSQL. The queue is
reached over the store's own connection on the database thread (``store.call_sql``), the way
``Voice`` builds it, so these tests do not wait for the other voice repositories.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from bot.store import Citizen, Store
from bot.store import voice_queue as vq
from bot.store.sql import atomic
from bot.store.voice_queue import QueueAnswer, QueueFilter, QueueItem, ReviewQueue
from bot.voice.statuses import QuestionStatus

EARLIER = "2000-01-01T00:00:00+00:00"


class Queue:
    """Each method call runs on the database thread over the store's connection."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def run(*args: object, **kwargs: object) -> Any:
            return self._store.call_sql(
                lambda conn: getattr(ReviewQueue(conn), name)(*args, **kwargs)
            )

        return run


@pytest.fixture
def queue(store: Store) -> Queue:
    return Queue(store)


def citizen(store: Store, n: int, *, commune: str = "que_phong") -> Citizen:
    registered = store.citizens.register(f"telegram:{n}")
    return store.citizens.update(registered, commune=commune, household="ngheo")


def ask(queue: Queue, who: Citizen | None, text: str, **fields: object) -> QueueItem:
    fields.setdefault("prefix", "DT")
    ref = queue.submit(fields.pop("kind", "dialogue"), text, citizen=who, **fields)
    item = queue.by_ref(ref)
    assert item is not None
    return item


def test_a_submission_is_stored_with_a_fresh_reference_code(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    ref = queue.submit(
        "feedback", "Đường vào bản bị sạt lở.", citizen=alice, prefix="GY", category="phan_anh",
        topic="ha_tang", intent_guess="duong", contact=("Lò Văn Minh", "0912345678"),
    )  # fmt: skip
    assert re.fullmatch(r"GY-[2-9A-HJKMNP-Z]{5}", ref)
    item = queue.by_ref(f"  {ref.lower()} ")  # as an officer types it
    assert item == queue.get(item.id)
    assert (item.kind, item.text, item.category, item.topic) == (
        "feedback", "Đường vào bản bị sạt lở.", "phan_anh", "ha_tang")  # fmt: skip
    assert item.citizen_id == alice.id and item.commune == "que_phong"
    assert item.household == "ngheo" and item.anonymous is False and item.status == "pending"
    assert queue.contact(item.id) == ("Lò Văn Minh", "0912345678")
    assert queue.get(10_000) is None and queue.by_ref("DT-ZZZZZ") is None


def test_an_anonymous_submission_keeps_no_link_to_the_citizen(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    item = ask(queue, alice, "Trạm y tế đóng cửa sớm.", kind="feedback", prefix="GY",
               anonymous=True, contact=("Lò Văn Minh", "0912345678"))  # fmt: skip
    assert item.citizen_id is None and item.household is None and item.anonymous is True
    assert item.commune == "que_phong"  # the commune it concerns stays
    assert queue.contact(item.id) is None  # a contact would name them
    other = ask(queue, None, "Chợ xã thiếu chỗ.", kind="feedback", commune="chau_kim")
    assert other.commune == "chau_kim" and other.citizen_id is None


def test_recent_finds_a_persons_live_submissions(store: Store, queue: Queue) -> None:
    alice, bob = citizen(store, 1), citizen(store, 2)
    first = ask(queue, alice, "Một", session_id=3)
    second = ask(queue, alice, "Hai", session_id=4)
    ask(queue, bob, "Ba", session_id=3)
    anonymous = ask(queue, alice, "Bốn", kind="feedback", anonymous=True)
    assert queue.recent("dialogue", citizen=alice, since=EARLIER) == [first, second]
    assert queue.recent("dialogue", citizen=alice, since=EARLIER, session_id=3) == [first]
    assert queue.recent("feedback", citizen=None, since=EARLIER) == [anonymous]
    assert queue.recent("dialogue", citizen=alice, since="2999-01-01T00:00:00+00:00") == []
    queue.set_status(first.id, "withdrawn", by="test")
    assert queue.recent("dialogue", citizen=alice, since=EARLIER) == [second]


def test_listing_counting_and_lines_follow_the_filter(store: Store, queue: Queue) -> None:
    alice, bob = citizen(store, 1), citizen(store, 2, commune="chau_kim")
    a = ask(queue, alice, "Vay vốn", session_id=5, topic="vay_von")
    b = ask(queue, bob, "BHYT", topic="bhyt")
    c = ask(queue, alice, "Góp ý", kind="feedback", prefix="GY")
    d = ask(queue, bob, "Học phí", session_id=5, topic="hoc_phi")
    queue.set_status(d.id, QuestionStatus.ANSWERED, by="telegram:901")
    assert [i.id for i in queue.listing(QueueFilter())] == [a.id, b.id, c.id]
    assert queue.listing(QueueFilter(), newest_first=True, limit=2) == [
        queue.get(c.id), queue.get(b.id)]  # fmt: skip
    assert queue.listing(QueueFilter(), limit=1, offset=1) == [b]
    assert queue.listing(QueueFilter(session_id=5)) == [a]
    assert queue.listing(QueueFilter(commune="chau_kim", status=None)) == [b, queue.get(d.id)]
    assert queue.listing(QueueFilter(kind="feedback")) == [c]
    assert queue.listing(QueueFilter(topic="bhyt")) == [b]
    answered = QueueFilter(status=QuestionStatus.ANSWERED)  # an enum works as the text
    assert [i.id for i in queue.listing(answered)] == [d.id]
    assert queue.count(QueueFilter()) == 3 and queue.count(QueueFilter(status=None)) == 4
    assert queue.count(QueueFilter(session_id=5, commune="que_phong")) == 1
    [line] = queue.lines(QueueFilter(topic="bhyt"))
    assert (line.id, line.ref, line.text, line.status, line.flag) == (
        b.id,
        b.ref,
        "BHYT",
        "pending",
        None,
    )
    assert [x.id for x in queue.lines(QueueFilter(), newest_first=True, limit=2)] == [c.id, b.id]


def test_the_version_changes_when_the_filtered_queue_does(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    pending = QueueFilter()
    empty = queue.version(pending)
    a = ask(queue, alice, "Một")
    added = queue.version(pending)
    assert added != empty
    assert queue.version(pending) == added  # unchanged queue, same version
    queue.set_status(a.id, "rejected", by="test", reject_reason="spam")
    assert queue.version(QueueFilter(status=None)) != added
    assert queue.version(QueueFilter(kind="feedback")) == queue.version(QueueFilter(kind="x"))


def test_a_citizens_own_questions_newest_first(store: Store, queue: Queue) -> None:
    alice, bob = citizen(store, 1), citizen(store, 2)
    first, second, third = (ask(queue, alice, text) for text in ("Một", "Hai", "Ba"))
    ask(queue, bob, "Bốn")
    queue.set_status(second.id, "withdrawn", by="test")
    assert queue.of_citizen(alice) == [third, first]
    assert queue.of_citizen(alice, limit=1) == [third]


def test_answers_are_kept_in_order_with_their_delivery(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    a, b, c = (ask(queue, alice, text) for text in ("Một", "Hai", "Ba"))
    assert queue.answers(a.id) == [] and queue.last_answer(a.id) is None
    queue.record_answer(a.id, "Lần một", how="answer", by="telegram:901", delivery="failed",
                        error="x" * 400)  # fmt: skip
    queue.record_answer(a.id, "Lần hai", how="answer", by="telegram:901", delivery="sent")
    queue.record_answer(b.id, "", how="session", by="telegram:901", delivery="anonymous")
    first, last = queue.answers(a.id)
    assert isinstance(first, QueueAnswer) and first.error == "x" * 300  # long errors cut
    assert (last.text, last.how, last.by, last.delivery, last.question_id) == (
        "Lần hai", "answer", "telegram:901", "sent", a.id)  # fmt: skip
    assert queue.last_answer(a.id) == last
    assert queue.last_answers([a.id, b.id, c.id]) == {a.id: last, b.id: queue.last_answer(b.id)}


def test_contacts_of_many_questions_in_chunks(
    store: Store, queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vq, "CHUNK", 2)
    alice = citizen(store, 1)
    items = [
        ask(queue, alice, f"Câu {n}", contact=(f"Người {n}", f"09{n:08d}") if n % 2 else None)
        for n in range(5)
    ]
    found = queue.contacts([i.id for i in items])
    assert found == {items[1].id: ("Người 1", "0900000001"), items[3].id: ("Người 3", "0900000003")}
    assert queue.contacts([]) == {} and queue.last_answers([]) == {}


def test_merging_moves_children_and_follows_to_the_root(store: Store, queue: Queue) -> None:
    alice, bob, carol = citizen(store, 1), citizen(store, 2), citizen(store, 3)
    root = ask(queue, alice, "Hộ nghèo vay vốn?")
    child = ask(queue, bob, "ho ngheo vay von?")
    grandchild = ask(queue, carol, "Vay vốn hộ nghèo")
    queue.merge(grandchild.id, child.id, by="telegram:901")
    queue.merge(child.id, root.id, by="telegram:901")
    merged_child, merged_grandchild = queue.get(child.id), queue.get(grandchild.id)
    assert merged_child.status == "merged" and merged_child.merged_into == root.id
    assert merged_child.handled_by == "telegram:901" and merged_child.handled_at
    assert merged_grandchild.merged_into == root.id  # its children follow it
    assert queue.children(root.id) == [merged_child, merged_grandchild]
    assert queue.group(queue.get(root.id)) == [queue.get(root.id), merged_child, merged_grandchild]
    assert queue.root(merged_grandchild) == queue.get(root.id)
    assert queue.root(root) == root
    assert queue.unmerge_children(root.id) == 2
    back = queue.get(child.id)
    assert back.status == "pending" and back.merged_into is None
    assert queue.children(root.id) == []


def test_root_stops_at_a_cycle_or_a_missing_parent(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    a, b = ask(queue, alice, "Một"), ask(queue, alice, "Hai")
    queue.set_status(a.id, "merged", by="test", merged_into=b.id)
    queue.set_status(b.id, "merged", by="test", merged_into=a.id)
    assert queue.root(queue.get(a.id)).id in (a.id, b.id)  # no endless loop
    queue.set_status(b.id, "merged", by="test", merged_into=99_999)
    assert queue.root(queue.get(b.id)).id == b.id


def test_staff_actions_set_status_reason_and_proposal(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    a = ask(queue, alice, "Một")
    queue.set_status(a.id, QuestionStatus.REJECTED, by="web:admin", reject_reason="spam")
    rejected = queue.get(a.id)
    assert (rejected.status, rejected.reject_reason, rejected.handled_by) == (
        "rejected", "spam", "web:admin")  # fmt: skip
    with pytest.raises(ValueError, match="unknown status"):
        queue.set_status(a.id, "lost", by="test")
    with pytest.raises(ValueError, match="field"):
        queue.set_status(a.id, "pending", by="test", text="changed")
    assert queue.get(a.id).proposed_at is None
    queue.mark_proposed(a.id)
    proposed = queue.get(a.id).proposed_at
    assert proposed and dt.datetime.fromisoformat(proposed).tzinfo is not None


def test_counts_by_session(store: Store, queue: Queue) -> None:
    alice = citizen(store, 1)
    a = ask(queue, alice, "Một", session_id=1)
    ask(queue, alice, "Hai", session_id=1)
    ask(queue, alice, "Ba", session_id=2)
    ask(queue, alice, "Bốn")
    queue.set_status(a.id, "answered", by="test")
    assert queue.counts_by_session() == {1: {"pending": 1, "answered": 1}, 2: {"pending": 1}}


def test_actions_inside_one_write_are_one_transaction(store: Store, queue: Queue) -> None:
    """A merge inside a write that fails afterwards leaves nothing half done."""
    alice = citizen(store, 1)
    root, child = ask(queue, alice, "Một"), ask(queue, alice, "Hai")

    def merge_then_fail(conn: Any) -> None:
        ReviewQueue(conn).merge(child.id, root.id, by="test")
        raise RuntimeError("the rest of the action failed")

    with pytest.raises(RuntimeError):
        store.call_sql(lambda conn: _in_transaction(conn, merge_then_fail))
    assert queue.get(child.id).status == "pending"


def _in_transaction(conn: Any, work: Callable[[Any], None]) -> None:
    with atomic(conn):
        work(conn)
