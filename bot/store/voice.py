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
import functools
from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.citizens import Citizen, Citizens, citizens
from bot.store.database import utcnow
from bot.store.migrate import MigrationSet, metadata
from bot.store.questions import questions
from bot.store.voice_queue import ReviewQueue, question_answers, question_contacts

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

# ``question_contacts`` and ``question_answers`` are the review queue's side tables, defined
# with it (``bot.store.voice_queue``).


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


_s = dialogue_sessions
_q = questions
# Columns an officer's change may set (see :meth:`DialogueSessions.update`).
_CHANGEABLE = frozenset({"starts_at", "place", "topics", "status", "cancelled_by", "cancel_reason"})
_CREATE = sa.insert(_s).returning(_s.c.id)
_GET = sa.select(_s).where(_s.c.id == sa.bindparam("session"))
_MARK_ANNOUNCED = (
    sa.update(_s)
    .where(_s.c.id == sa.bindparam("session"))
    .values(announced_at=sa.bindparam("at"), announced_to=sa.bindparam("count"))
)
_UPCOMING = (
    sa.select(_s)
    .where(_s.c.status == "scheduled", _s.c.starts_at > sa.bindparam("after"))
    .order_by(_s.c.starts_at, _s.c.id)
)
_UPCOMING_IN = _UPCOMING.where(_s.c.commune == sa.bindparam("commune"))
_SINCE = (
    sa.select(_s).where(_s.c.starts_at > sa.bindparam("after")).order_by(_s.c.starts_at, _s.c.id)
)
_ALL = sa.select(_s).order_by(_s.c.starts_at, _s.c.id)

_c = citizens
_COUNT_SUBSCRIBERS = (
    sa.select(sa.func.count())
    .select_from(_c)
    .where(_c.c.commune == sa.bindparam("commune"), _c.c.subscribed == 1, _c.c.stopped_at.is_(None))
)
_ASKERS = (
    sa.select(_c, _q.c.ref.label("question_ref"))
    .select_from(_q.join(_c, _c.c.id == _q.c.citizen_id))
    .where(_q.c.session_id == sa.bindparam("session"), _q.c.status.in_(("pending", "merged")))
    .order_by(_q.c.id)
)

# The deletion hook's statements. ``mine`` is the citizen's questions, under an alias so
# that the UPDATEs' subqueries plainly read their own ``questions``, not the row updated.
_mine = _q.alias("mine")
_MY_QUESTIONS = sa.select(_mine.c.id).where(_mine.c.citizen_id == sa.bindparam("citizen"))
_FORGET_CONTACTS = sa.delete(question_contacts).where(
    question_contacts.c.question_id.in_(_MY_QUESTIONS)
)
_FORGET_ANSWERS = sa.delete(question_answers).where(
    question_answers.c.question_id.in_(_MY_QUESTIONS)
)
_RELEASE_MERGED = (
    sa.update(_q)
    .where(
        _q.c.status == "merged",
        _q.c.merged_into.in_(_MY_QUESTIONS.where(_mine.c.status == "pending")),
    )
    .values(status="pending", merged_into=None)
)
_WITHDRAW = (
    sa.update(_q)
    .where(_q.c.citizen_id == sa.bindparam("citizen"), _q.c.status.in_(("pending", "merged")))
    .values(status="withdrawn", handled_at=sa.bindparam("at"))
)


@functools.cache
def _update_statement(columns: frozenset[str]) -> sa.Update:
    """One UPDATE per set of changed columns, built once (an edit changes one field)."""
    values: dict[str, object] = {
        name: sa.bindparam(f"new_{name}") for name in columns | {"updated_at"}
    }
    return sa.update(_s).where(_s.c.id == sa.bindparam("session")).values(values)


class DialogueSessions:
    """Repository for ``dialogue_sessions``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

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
        session_id = self._conn.execute(_CREATE, row).scalar_one()
        session = self.get(session_id)
        assert session is not None
        return session

    def get(self, session_id: int) -> DialogueSession | None:
        found = self._conn.execute(_GET, {"session": session_id}).mappings().first()
        return DialogueSession.from_row(dict(found)) if found is not None else None

    def update(self, session: DialogueSession, **fields: object) -> DialogueSession:
        """Change ``starts_at`` (a datetime), ``place`` or ``topics``."""
        if unknown := fields.keys() - _CHANGEABLE:
            raise ValueError(f"a session's {sorted(unknown)} cannot be changed")
        when = fields.get("starts_at")
        if isinstance(when, dt.datetime):
            fields["starts_at"] = when.isoformat(timespec="minutes")
        values = {f"new_{name}": value for name, value in fields.items()}
        statement = _update_statement(frozenset(fields))
        self._conn.execute(statement, {**values, "new_updated_at": utcnow(), "session": session.id})
        updated = self.get(session.id)
        assert updated is not None
        return updated

    def cancel(self, session: DialogueSession, *, by: str, reason: str = "") -> DialogueSession:
        return self.update(session, status="cancelled", cancelled_by=by, cancel_reason=reason)

    def mark_announced(self, session: DialogueSession, count: int) -> None:
        self._conn.execute(_MARK_ANNOUNCED, {"session": session.id, "at": utcnow(), "count": count})

    def upcoming(self, now: dt.datetime, *, commune: str | None = None) -> list[DialogueSession]:
        """Scheduled sessions after ``now`` (all communes when ``commune`` is None), soonest first."""
        after = now.isoformat(timespec="minutes")
        if commune is None:
            return self._sessions(_UPCOMING, {"after": after})
        return self._sessions(_UPCOMING_IN, {"after": after, "commune": commune})

    def since(self, start: dt.datetime) -> list[DialogueSession]:
        """Every session (cancelled too) starting after ``start``, soonest first."""
        return self._sessions(_SINCE, {"after": start.isoformat(timespec="minutes")})

    def all(self) -> list[DialogueSession]:
        return self._sessions(_ALL, {})

    def _sessions(self, statement: sa.Select, params: dict[str, object]) -> list[DialogueSession]:
        found = self._conn.execute(statement, params).mappings()
        return [DialogueSession.from_row(dict(row)) for row in found]


class Voice:
    """The feature's repositories; registers the deletion hook for personal details."""

    def __init__(self, conn: sa.Connection, citizens: Citizens, *, queue: ReviewQueue) -> None:
        self.sessions = DialogueSessions(conn)
        self.queue = queue
        self._conn = conn
        citizens.add_deletion_hook(self.delete_citizen_data)

    def count_subscribers(self, commune: str) -> int:
        """How many citizens of ``commune`` receive news (whom announcing a session reaches)."""
        return int(self._conn.execute(_COUNT_SUBSCRIBERS, {"commune": commune}).scalar_one())

    def askers(self, session_id: int) -> list[tuple[Citizen, str]]:
        """(citizen, ref) of every open question for a session (to tell them it is cancelled)."""
        found = self._conn.execute(_ASKERS, {"session": session_id}).mappings()
        return [(Citizen.from_row(dict(row)), row["question_ref"]) for row in found]

    def delete_citizen_data(self, citizen: Citizen) -> None:
        """Remove contacts and answers of the citizen's questions; withdraw pending ones.

        Runs inside the deletion transaction, before the ``questions`` hook blanks the
        questions' text and link. Questions of other citizens merged into a withdrawn one go
        back to the queue.
        """
        mine = {"citizen": citizen.id}
        self._conn.execute(_FORGET_CONTACTS, mine)
        self._conn.execute(_FORGET_ANSWERS, mine)
        self._conn.execute(_RELEASE_MERGED, mine)
        self._conn.execute(_WITHDRAW, {**mine, "at": utcnow()})
