"""The voice repositories on SQLite and on PostgreSQL (the ``store`` fixture runs each test
once per backend): policy-dialogue sessions, who hears about them, and what /xoadulieu
removes of a citizen's questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from bot.store import Citizen, Store
from bot.store.questions import add_question, questions
from bot.store.voice import question_answers, question_contacts

NOW = dt.datetime(2026, 12, 4, 8, 0)  # naive local time, as the sessions keep it


def at(days: int, hour: int = 8) -> dt.datetime:
    return NOW + dt.timedelta(days=days, hours=hour - 8)


def resident(store: Store, user: str, commune: str = "xa_a", *, news: bool = True) -> Citizen:
    citizen = store.citizens.update(store.citizens.register(user), commune=commune)
    return store.citizens.subscribe(citizen) if news else citizen


def ask(
    store: Store, citizen: Citizen | None, *, session_id: int | None = None, **values: Any
) -> int:
    """A question in the table as the review queue would store it; its id."""
    question_id, _ = store.call_sql(
        lambda conn: add_question(
            conn,
            prefix="DT",
            kind="dialogue",
            text="Hỏi về vay vốn",
            citizen_id=citizen.id if citizen else None,
            session_id=session_id,
            **values,
        )
    )
    return question_id


def question(store: Store, question_id: int) -> dict[str, Any]:
    select = sa.select(questions).where(questions.c.id == question_id)
    return store.call_sql(lambda conn: dict(conn.execute(select).mappings().one()))


def count(store: Store, table: sa.Table) -> int:
    select = sa.select(sa.func.count()).select_from(table)
    return int(store.call_sql(lambda conn: conn.execute(select).scalar_one()))


def test_a_session_is_created_read_changed_and_cancelled(store: Store) -> None:
    sessions = store.voice.sessions
    created = sessions.create("xa_a", at(3, 14), "Nhà văn hóa bản Phăng", "BHYT", by="telegram:9")
    assert (created.commune, created.starts_at, created.place, created.topics) == (
        "xa_a", at(3, 14), "Nhà văn hóa bản Phăng", "BHYT",
    )  # fmt: skip
    assert created.status == "scheduled" and created.created_by == "telegram:9"
    assert created.is_open(NOW) and not created.announced_at
    assert sessions.get(created.id) == created and sessions.get(created.id + 1) is None
    moved = sessions.update(created, starts_at=at(4, 9), place="UBND xã")
    assert (moved.starts_at, moved.place, moved.topics) == (at(4, 9), "UBND xã", "BHYT")
    with pytest.raises(ValueError, match="commune"):
        sessions.update(moved, commune="xa_b")
    cancelled = sessions.cancel(moved, by="telegram:9", reason="mưa lũ")
    assert (
        cancelled.cancelled and not cancelled.is_open(NOW) and sessions.get(moved.id) == cancelled
    )


def test_an_announcement_is_recorded_with_its_audience(store: Store) -> None:
    session = store.voice.sessions.create("xa_a", at(2), "UBND xã", "", by="cli")
    store.voice.sessions.mark_announced(session, 41)
    announced = store.voice.sessions.get(session.id)
    assert announced is not None and announced.announced_at
    select = sa.text("SELECT announced_to FROM dialogue_sessions WHERE id = :id")
    assert store.call_sql(lambda conn: conn.execute(select, {"id": session.id}).scalar()) == 41


def test_upcoming_since_and_all_list_sessions_soonest_first(store: Store) -> None:
    sessions = store.voice.sessions
    later_a = sessions.create("xa_a", at(5), "A2", "", by="cli")
    past_a = sessions.create("xa_a", at(-2), "A0", "", by="cli")
    soon_b = sessions.create("xa_b", at(1), "B1", "", by="cli")
    soon_a = sessions.create("xa_a", at(2), "A1", "", by="cli")
    cancelled_a = sessions.cancel(sessions.create("xa_a", at(3), "A3", "", by="cli"), by="cli")
    assert sessions.upcoming(NOW) == [soon_b, soon_a, later_a]
    assert sessions.upcoming(NOW, commune="xa_a") == [soon_a, later_a]
    assert sessions.upcoming(NOW, commune="xa_c") == []
    assert sessions.since(at(-7)) == [past_a, soon_b, soon_a, cancelled_a, later_a]
    assert sessions.since(at(2)) == [cancelled_a, later_a]  # strictly after
    assert sessions.all() == [past_a, soon_b, soon_a, cancelled_a, later_a]


def test_subscribers_of_a_commune_are_counted(store: Store) -> None:
    resident(store, "telegram:1")
    resident(store, "zalo:2")
    resident(store, "telegram:3", news=False)
    resident(store, "telegram:4", "xa_b")
    store.citizens.stop(resident(store, "telegram:5"), "blocked")
    assert store.voice.count_subscribers("xa_a") == 2
    assert store.voice.count_subscribers("xa_b") == 1
    assert store.voice.count_subscribers("xa_c") == 0


def test_askers_of_a_session_are_those_with_an_open_question(store: Store) -> None:
    session = store.voice.sessions.create("xa_a", at(2), "UBND xã", "", by="cli")
    other = store.voice.sessions.create("xa_a", at(3), "UBND xã", "", by="cli")
    one, two, three = (resident(store, f"telegram:{n}") for n in (1, 2, 3))
    second = question(store, ask(store, two, session_id=session.id))
    first = question(store, ask(store, one, session_id=session.id, status="merged"))
    ask(store, three, session_id=session.id, status="answered")
    ask(store, three, session_id=other.id)
    ask(store, None, session_id=session.id, anonymous=1)  # nobody to tell
    assert store.voice.askers(session.id) == [(two, second["ref"]), (one, first["ref"])]


def test_deleting_a_citizen_removes_contacts_and_answers_and_withdraws_open_questions(
    store: Store,
) -> None:
    leaving, staying = resident(store, "telegram:1"), resident(store, "telegram:2")
    open_one = ask(store, leaving)
    answered = ask(store, leaving, status="answered")
    merged_in = ask(store, staying)  # another citizen's question, merged into the leaver's
    store.call_sql(
        lambda conn: conn.execute(
            sa.update(questions)
            .where(questions.c.id == merged_in)
            .values(status="merged", merged_into=open_one)
        )
    )
    kept = ask(store, staying)
    for question_id in (open_one, answered, kept):
        store.call_sql(
            lambda conn, question_id=question_id: (
                conn.execute(
                    question_contacts.insert(),
                    {"question_id": question_id, "name": "Lò Văn A", "phone": "0912345678"},
                ),
                conn.execute(
                    question_answers.insert(),
                    {"question_id": question_id, "how": "answer", "text": "Trả lời"},
                ),
            )
        )
    store.citizens.delete(leaving)
    assert count(store, question_contacts) == 1 and count(store, question_answers) == 1
    withdrawn, done = question(store, open_one), question(store, answered)
    assert (withdrawn["status"], withdrawn["citizen_id"], withdrawn["text"]) == (
        "withdrawn",
        None,
        "",
    )
    assert withdrawn["handled_at"] and done["status"] == "answered" and done["text"] == ""
    back = question(store, merged_in)
    assert (back["status"], back["merged_into"], back["text"]) == (
        "pending",
        None,
        "Hỏi về vay vốn",
    )
    assert question(store, kept)["status"] == "pending"
