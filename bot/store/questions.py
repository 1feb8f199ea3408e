"""Questions a citizen chose to send to staff; the review queue is built on these rows.

:func:`add_question` is the one way a question gets into the table: it picks a fresh
reference code and inserts in one statement. The FAQ's "send to staff" (:class:`Questions`)
and the citizens' voice (``bot.store.voice_queue``) both go through it.
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata

# No 0/O, 1/I/L: a citizen reads the code to an officer over the phone.
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# Questions a citizen chose to send to staff; the review queue (``bot.store.voice``) builds
# on these rows with the columns after ``created_at``.
questions = sa.Table(
    "questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ref", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # faq_miss | dialogue | feedback
    sa.Column("citizen_id", sa.Integer),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("topic", sa.Text),
    sa.Column("intent_guess", sa.Text),
    sa.Column("commune", sa.Text),
    sa.Column("household", sa.Text),
    sa.Column("status", sa.Text, nullable=False),  # pending | answered | ...
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("session_id", sa.Integer),
    sa.Column("category", sa.Text),  # feedback: gop_y | phan_anh | kien_nghi | khac
    sa.Column("anonymous", sa.Integer, nullable=False, server_default="0"),
    sa.Column("flag", sa.Text),  # "abusive": kept for review, never published
    sa.Column("merged_into", sa.Integer),
    sa.Column("reject_reason", sa.Text),
    sa.Column("handled_by", sa.Text),
    sa.Column("handled_at", sa.Text),
    sa.Column("proposed_at", sa.Text),
    sa.Index("idx_questions_ref", "ref", unique=True),
    sa.Index("idx_questions_status_created_at", "status", "created_at"),
    sa.Index("idx_questions_session_id", "session_id"),
    sa.Index("idx_questions_merged_into", "merged_into"),
)


# Every column a new question may be given (``id`` is the database's, ``ref`` is picked here).
_NEW_COLUMNS = tuple(column.name for column in questions.c if column.name not in ("id", "ref"))

_q = questions
_COUNT_OF_CITIZEN = (
    sa.select(sa.func.count()).select_from(_q).where(_q.c.citizen_id == sa.bindparam("citizen"))
)
_COUNT_PENDING = sa.select(sa.func.count()).select_from(_q).where(_q.c.status == "pending")
_FORGET = (
    sa.update(_q).where(_q.c.citizen_id == sa.bindparam("citizen")).values(citizen_id=None, text="")
)


def new_ref(prefix: str) -> str:
    """A random reference code such as ``CH-7K2QM`` (not checked against the table)."""
    return prefix + "-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(5))


# INSERT … ON CONFLICT (ref) DO NOTHING RETURNING id: the unique index on ``ref`` decides, so
# two processes that draw the same code at the same moment cannot both have it, and a taken
# code fails no statement (on PostgreSQL a failed one would spoil the whole transaction it
# runs in). Written as text, in the syntax both backends share: SQLAlchemy's dialect-specific
# ``insert`` (the only way to say ON CONFLICT in Core) is never cached, so it would be
# compiled again on every call, which cost ten times the insert itself.
_INSERT_UNLESS_REF_TAKEN = sa.text(
    "INSERT INTO questions ({columns}) VALUES ({values}) "
    "ON CONFLICT (ref) DO NOTHING RETURNING id".format(
        columns=", ".join(f'"{name}"' for name in ("ref", *_NEW_COLUMNS)),
        values=", ".join(f":{name}" for name in ("ref", *_NEW_COLUMNS)),
    )
)


def add_question(conn: sa.Connection, *, prefix: str, **values: Any) -> tuple[int, str]:
    """Insert a pending question under a fresh reference code; return (its id, the code).

    ``values`` are the question's columns (``kind``, ``text``, ``citizen_id``…); the ones not
    given are NULL, the status is ``pending`` and the time is now unless given.
    """
    if unknown := values.keys() - set(_NEW_COLUMNS):
        raise ValueError(f"questions have no column {sorted(unknown)}")
    defaults = {"status": "pending", "anonymous": 0, "created_at": utcnow()}
    row = dict.fromkeys(_NEW_COLUMNS) | defaults | values
    while True:  # 31⁵ ≈ 28 million codes: a second draw is already rare
        ref = new_ref(prefix)
        question_id = conn.execute(_INSERT_UNLESS_REF_TAKEN, {**row, "ref": ref}).scalar()
        if question_id is not None:
            return int(question_id), ref


class Questions:
    """Repository for ``questions`` as the FAQ sees it: send one, count them, forget a person."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def submit(
        self,
        kind: str,
        citizen: Citizen,
        text: str,
        *,
        intent_guess: str | None = None,
        topic: str | None = None,
        prefix: str = "CH",
    ) -> str:
        """Store the question and return its reference code."""
        _, ref = add_question(
            self._conn,
            prefix=prefix,
            kind=kind,
            citizen_id=citizen.id,
            text=text,
            topic=topic,
            intent_guess=intent_guess,
            commune=citizen.commune,
            household=citizen.household,
        )
        return ref

    def count_of_citizen(self, citizen: Citizen) -> int:
        """How many questions the citizen sent (any kind, any status)."""
        return int(self._conn.execute(_COUNT_OF_CITIZEN, {"citizen": citizen.id}).scalar_one())

    def count_pending(self) -> int:
        """How many questions wait for staff."""
        return int(self._conn.execute(_COUNT_PENDING).scalar_one())

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: the citizen's questions lose their words and their author; the rows
        stay as anonymous counts (a session's number of questions). Registered after the
        voice feature's hook, which needs the author to find the contacts and answers."""
        self._conn.execute(_FORGET, {"citizen": citizen.id})
