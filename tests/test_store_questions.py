"""The questions repository on SQLite and on PostgreSQL (the ``store`` fixture runs each test
once per backend): a question sent to staff under a fresh reference code, the counts, and
what deleting the citizen leaves of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from bot.store import Citizen, Repositories, Store
from bot.store import questions as questions_module
from bot.store.questions import add_question, questions

CODE = re.compile(r"[A-Z]{2}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}")


def rows(store: Store) -> list[dict[str, Any]]:
    """Every question as stored, oldest first."""
    select = sa.select(questions).order_by(questions.c.id)
    return store.call_sql(lambda conn: [dict(row) for row in conn.execute(select).mappings()])


def resident(store: Store, user: str = "telegram:31") -> Citizen:
    citizen = store.citizens.register(user)
    return store.citizens.update(citizen, commune="xa_muong_phang", household="can_ngheo")


def draws(monkeypatch: pytest.MonkeyPatch, *codes: str) -> None:
    """Make the reference codes come out in this order (to force a collision)."""
    queue: Iterator[str] = iter(codes)
    monkeypatch.setattr(questions_module, "new_ref", lambda prefix: next(queue))


def test_a_question_is_stored_pending_with_the_citizens_segment(store: Store) -> None:
    citizen = resident(store)
    ref = store.questions.submit(
        "faq_miss", citizen, "Hộ cận nghèo được vay bao nhiêu?", intent_guess="vay_von"
    )
    assert CODE.fullmatch(ref) and ref.startswith("CH-")
    (row,) = rows(store)
    assert row["ref"] == ref and row["kind"] == "faq_miss" and row["status"] == "pending"
    assert row["citizen_id"] == citizen.id and row["text"] == "Hộ cận nghèo được vay bao nhiêu?"
    assert (row["commune"], row["household"]) == ("xa_muong_phang", "can_ngheo")
    assert (row["intent_guess"], row["topic"], row["anonymous"]) == ("vay_von", None, 0)
    assert row["created_at"] and row["session_id"] is None
    assert store.questions.submit("faq_miss", citizen, "Còn nữa", prefix="GY").startswith("GY-")


def test_a_code_already_taken_is_drawn_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    citizen = resident(store)
    draws(monkeypatch, "CH-AAAAA", "CH-AAAAA", "CH-BBBBB")
    assert store.questions.submit("faq_miss", citizen, "Một") == "CH-AAAAA"
    assert store.questions.submit("faq_miss", citizen, "Hai") == "CH-BBBBB"
    assert [(row["ref"], row["text"]) for row in rows(store)] == [
        ("CH-AAAAA", "Một"),
        ("CH-BBBBB", "Hai"),
    ]


async def test_a_taken_code_does_not_spoil_the_transaction_it_is_drawn_in(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL a failed INSERT would abort the whole write; the draw never fails."""
    citizen = resident(store)
    draws(monkeypatch, "CH-CCCCC", "CH-CCCCC", "CH-DDDDD")

    def both(r: Repositories) -> tuple[str, str]:
        return r.questions.submit("faq_miss", citizen, "Một"), r.questions.submit(
            "faq_miss", citizen, "Hai"
        )

    assert await store.write(both) == ("CH-CCCCC", "CH-DDDDD")
    assert await store.read(lambda r: r.questions.count_of_citizen(citizen)) == 2


def test_add_question_takes_only_the_tables_columns(store: Store) -> None:
    question_id, ref = store.call_sql(
        lambda conn: add_question(
            conn, prefix="DT", kind="dialogue", text="Hỏi", anonymous=1, session_id=4
        )
    )
    (row,) = rows(store)
    assert (row["id"], row["ref"], row["anonymous"], row["session_id"]) == (question_id, ref, 1, 4)
    assert row["citizen_id"] is None and row["status"] == "pending"
    with pytest.raises(ValueError, match="colour"):
        store.call_sql(lambda conn: add_question(conn, prefix="DT", kind="x", text="", colour=1))


def test_counts_of_a_citizen_and_of_the_pending_questions(store: Store) -> None:
    one, two = resident(store, "telegram:1"), resident(store, "zalo:2")
    for text in ("Một", "Hai"):
        store.questions.submit("faq_miss", one, text)
    ref = store.questions.submit("faq_miss", two, "Ba")
    answered = sa.update(questions).where(questions.c.ref == ref).values(status="answered")
    store.call_sql(lambda conn: conn.execute(answered))
    assert store.questions.count_of_citizen(one) == 2
    assert store.questions.count_of_citizen(two) == 1  # answered ones count too
    assert store.questions.count_pending() == 2


def test_deleting_the_citizen_blanks_their_questions_and_keeps_the_count(store: Store) -> None:
    leaving, staying = resident(store, "telegram:1"), resident(store, "telegram:2")
    store.questions.submit("faq_miss", leaving, "Nhà tôi ở bản Pục, số điện thoại 0912345678")
    store.questions.submit("faq_miss", staying, "Hỏi về BHYT")
    store.citizens.delete(leaving)
    gone, kept = rows(store)
    assert (gone["citizen_id"], gone["text"], gone["commune"]) == (None, "", "xa_muong_phang")
    assert (kept["citizen_id"], kept["text"]) == (staying.id, "Hỏi về BHYT")
    assert store.questions.count_of_citizen(leaving) == 0
