"""Citizens' voice: policy-dialogue sessions and what the review queue adds to ``questions``.

Tables (migration set ``voice``):

* ``dialogue_sessions`` — a commune's "đối thoại chính sách": when, where, which topics.
* ``questions`` gains the columns the review queue needs (session, feedback category,
  anonymity, abuse flag, merge target, rejection reason, who handled it).
* ``question_contacts`` — a name and phone number a citizen chose to leave for ONE question.
* ``question_answers`` — every answer (or "answered at the session") and whether it reached
  the citizen.

Contacts and answers are personal data: :meth:`Voice.delete_citizen_data` removes them when
the citizen uses /xoadulieu (registered as a deletion hook by :class:`Voice`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from bot.store.citizens import Citizen, Citizens
from bot.store.database import utcnow
from bot.store.migrate import MigrationSet, metadata
from bot.store.voice_queue import ReviewQueue

migrations = MigrationSet("voice")

SESSION_STATUSES = ("scheduled", "cancelled")

# The columns the review queue adds to ``questions`` are defined with that table
# (``bot.store.questions``).

dialogue_sessions = sa.Table(
    "dialogue_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commune", sa.Text, nullable=False),
    # local wall-clock time, ISO "YYYY-MM-DDTHH:MM" (BOT_TIMEZONE)
    sa.Column("starts_at", sa.Text, nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("topics", sa.Text),  # as the officer wrote them, e.g. "BHYT, vay vốn ưu đãi"
    sa.Column("status", sa.Text, nullable=False),  # scheduled | cancelled
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text),
    sa.Column("cancelled_by", sa.Text),
    sa.Column("cancel_reason", sa.Text),
    sa.Column("announced_at", sa.Text),
    sa.Column("announced_to", sa.Integer),
    sa.Index("idx_dialogue_sessions_commune_starts_at", "commune", "starts_at"),
)

# A name and phone number a citizen chose to leave for ONE question.
question_contacts = sa.Table(
    "question_contacts",
    metadata,
    sa.Column("question_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text),
    sa.Column("phone", sa.Text),
    sa.Column("given_at", sa.Text),
)

question_answers = sa.Table(
    "question_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.Integer),
    sa.Column("how", sa.Text),  # answer | session | merge (an answer reached through a merge)
    sa.Column("text", sa.Text),
    sa.Column("by", sa.Text),  # a reserved word in PostgreSQL: quote it in text() SQL
    sa.Column("at", sa.Text),
    sa.Column("delivery", sa.Text),  # sent | stopped | failed | deleted | anonymous | transient
    sa.Column("error", sa.Text),
    sa.Index("idx_question_answers_question_id", "question_id"),
)


@dataclass(frozen=True)
class DialogueSession:
    """One policy-dialogue session; ``starts_at`` is naive local time."""

    id: int
    commune: str
    starts_at: dt.datetime
    place: str
    topics: str
    status: str
    created_by: str | None
    announced_at: str | None

    @classmethod
    def from_row(cls, row: dict) -> DialogueSession:
        return cls(
            id=row["id"],
            commune=row["commune"],
            starts_at=dt.datetime.fromisoformat(row["starts_at"]),
            place=row["place"],
            topics=row["topics"] or "",
            status=row["status"],
            created_by=row["created_by"],
            announced_at=row["announced_at"],
        )

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def is_open(self, now: dt.datetime) -> bool:
        """Whether questions are still taken: scheduled and not started yet."""
        return not self.cancelled and self.starts_at > now


class DialogueSessions:
    """Repository for ``dialogue_sessions``."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("dialogue_sessions")

    def create(
        self, commune: str, starts_at: dt.datetime, place: str, topics: str, *, by: str
    ) -> DialogueSession:
        now = utcnow()
        row = {
            "commune": commune,
            "starts_at": starts_at.isoformat(timespec="minutes"),
            "place": place,
            "topics": topics,
            "status": "scheduled",
            "created_by": by,
            "created_at": now,
            "updated_at": now,
        }
        session_id = self._table.insert(row).last_pk
        session = self.get(int(session_id))  # type: ignore[arg-type]
        assert session is not None
        return session

    def get(self, session_id: int) -> DialogueSession | None:
        try:
            return DialogueSession.from_row(self._table.get(session_id))
        except NotFoundError:
            return None

    def update(self, session: DialogueSession, **fields: object) -> DialogueSession:
        """Change ``starts_at`` (a datetime), ``place`` or ``topics``."""
        when = fields.get("starts_at")
        if isinstance(when, dt.datetime):
            fields["starts_at"] = when.isoformat(timespec="minutes")
        self._table.update(session.id, {**fields, "updated_at": utcnow()})
        updated = self.get(session.id)
        assert updated is not None
        return updated

    def cancel(self, session: DialogueSession, *, by: str, reason: str = "") -> DialogueSession:
        return self.update(session, status="cancelled", cancelled_by=by, cancel_reason=reason)

    def mark_announced(self, session: DialogueSession, count: int) -> None:
        self._table.update(session.id, {"announced_at": utcnow(), "announced_to": count})

    def upcoming(self, now: dt.datetime, *, commune: str | None = None) -> list[DialogueSession]:
        """Scheduled sessions after ``now`` (all communes when ``commune`` is None), soonest first."""
        where = "status = 'scheduled' AND starts_at > ?"
        params: list[object] = [now.isoformat(timespec="minutes")]
        if commune is not None:
            where += " AND commune = ?"
            params.append(commune)
        rows = self._table.rows_where(where, params, order_by="starts_at")
        return [DialogueSession.from_row(row) for row in rows]

    def since(self, start: dt.datetime) -> list[DialogueSession]:
        """Every session (cancelled too) starting after ``start``, soonest first."""
        rows = self._table.rows_where(
            "starts_at > ?", [start.isoformat(timespec="minutes")], order_by="starts_at"
        )
        return [DialogueSession.from_row(row) for row in rows]

    def all(self) -> list[DialogueSession]:
        return [DialogueSession.from_row(r) for r in self._table.rows_where(order_by="starts_at")]


class Voice:
    """The feature's repositories; registers the deletion hook for personal details."""

    def __init__(self, db: Database, citizens: Citizens) -> None:
        self.sessions = DialogueSessions(db)
        self.queue = ReviewQueue(db)
        self._db = db
        citizens.add_deletion_hook(self.delete_citizen_data)

    def subscribers(self, commune: str) -> list[Citizen]:
        """Citizens of ``commune`` who receive news (for announcing a session)."""
        rows = self._db.table("citizens").rows_where(
            "commune = ? AND subscribed = 1 AND stopped_at IS NULL", [commune], order_by="id"
        )
        return [Citizen.from_row(row) for row in rows]

    def askers(self, session_id: int) -> list[tuple[Citizen, str]]:
        """(citizen, ref) of every open question for a session (to tell them it is cancelled)."""
        rows = self._db.execute(
            "SELECT c.*, q.ref AS question_ref FROM questions q JOIN citizens c "
            "ON c.id = q.citizen_id WHERE q.session_id = ? AND q.status IN ('pending', 'merged') "
            "ORDER BY q.id",
            [session_id],
        )
        columns = [d[0] for d in rows.description]
        found = [dict(zip(columns, values, strict=True)) for values in rows.fetchall()]
        return [(Citizen.from_row(row), row["question_ref"]) for row in found]

    def delete_citizen_data(self, citizen: Citizen) -> None:
        """Remove contacts and answers of the citizen's questions; withdraw pending ones.

        Runs inside the deletion transaction, before the core blanks the questions' text.
        Questions of other citizens merged into a withdrawn one go back to the queue.
        """
        db = self._db
        mine = "SELECT id FROM questions WHERE citizen_id = ?"
        db.execute(f"DELETE FROM question_contacts WHERE question_id IN ({mine})", [citizen.id])
        db.execute(f"DELETE FROM question_answers WHERE question_id IN ({mine})", [citizen.id])
        db.execute(
            "UPDATE questions SET status = 'pending', merged_into = NULL "
            f"WHERE status = 'merged' AND merged_into IN ({mine} AND status = 'pending')",
            [citizen.id],
        )
        db.execute(
            "UPDATE questions SET status = 'withdrawn', handled_at = ? "
            "WHERE citizen_id = ? AND status IN ('pending', 'merged')",
            [utcnow(), citizen.id],
        )
