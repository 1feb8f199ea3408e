"""Questions a citizen chose to send to staff; the review queue is built on these rows."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlite_utils import Database

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata

_FORGET = sa.text(
    "UPDATE questions SET citizen_id = NULL, text = '' WHERE citizen_id = :citizen_id"
)


def forget_citizen_questions(conn: sa.Connection, citizen: Citizen) -> None:
    """Deletion hook: the citizen's questions lose their words and their author; the rows
    stay as anonymous counts (a session's number of questions). Runs after the voice
    feature's hook, which needs the author to find the contacts and answers to delete."""
    conn.execute(_FORGET, {"citizen_id": citizen.id})


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


def new_ref(prefix: str) -> str:
    return prefix + "-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(5))


class Questions:
    """Repository for ``questions``."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("questions")

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
        while True:
            ref = new_ref(prefix)
            if not self._table.count_where("ref = ?", [ref]):
                break
        self._table.insert(
            {
                "ref": ref,
                "kind": kind,
                "citizen_id": citizen.id,
                "text": text,
                "topic": topic,
                "intent_guess": intent_guess,
                "commune": citizen.commune,
                "household": citizen.household,
                "status": "pending",
                "created_at": utcnow(),
            }
        )
        return ref

    def of_citizen(self, citizen: Citizen) -> list[dict]:
        return list(self._table.rows_where("citizen_id = ?", [citizen.id], order_by="id"))

    def pending(self, limit: int = 50) -> list[dict]:
        return list(self._table.rows_where("status = 'pending'", order_by="id", limit=limit))
