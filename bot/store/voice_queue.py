"""The review queue over ``questions``: submissions, filters, answers, merges, contacts.

Rows of every kind (``faq_miss`` from the FAQ, ``dialogue`` for a session, ``feedback``) live
in the core's ``questions`` table; the voice migration added the columns used here, and the
queue's side tables are defined here: ``question_contacts`` (a name and phone number a citizen
chose to leave for ONE question) and ``question_answers`` (every answer and whether it reached
the citizen); their migrations stay in the ``voice`` set. Written once for SQLite and
PostgreSQL (SQLAlchemy Core); rows come back as :class:`QueueItem`, :class:`QueueLine` and
:class:`QueueAnswer`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata
from bot.store.questions import new_ref, questions
from bot.store.sql import atomic

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

STATUSES = ("pending", "merged", "answered", "answered_at_session", "rejected", "withdrawn")
# A question in one of these is finished: it leaves the queue and takes no new action.
CLOSED = ("answered", "answered_at_session", "rejected", "withdrawn")
# The columns a filter may narrow; the order fixes the cached statements' shapes.
FILTER_COLUMNS = ("session_id", "commune", "topic", "kind", "status")
# Columns a staff action may set beside the status (see :meth:`ReviewQueue.set_status`).
ACTION_FIELDS = frozenset({"reject_reason", "merged_into"})


@dataclass(frozen=True)
class QueueItem:
    """One row of ``questions`` as the review queue sees it."""

    id: int
    ref: str
    kind: str  # faq_miss | dialogue | feedback
    citizen_id: int | None  # None: anonymous, or the citizen deleted their data
    text: str
    topic: str | None
    intent_guess: str | None
    commune: str | None
    household: str | None
    status: str  # one of STATUSES
    created_at: str
    session_id: int | None
    category: str | None  # feedback: gop_y | phan_anh | kien_nghi | khac
    anonymous: bool
    flag: str | None  # "abusive": kept for review, never published
    merged_into: int | None
    reject_reason: str | None
    handled_by: str | None
    handled_at: str | None
    proposed_at: str | None

    @classmethod
    def from_row(cls, row: sa.Row[Any]) -> QueueItem:
        """From a row of ``_ITEM_COLUMNS`` (the fields' order): positional, because the
        review card builds thousands of these and by name took 35 µs each."""
        values = list(row)
        values[_ANONYMOUS] = bool(values[_ANONYMOUS])
        return cls(*values)


@dataclass(frozen=True)
class QueueLine:
    """A question in short: enough to compare its wording with others and to offer it
    (similar questions, merge targets, groups). Thousands are read to open one card, and a
    :class:`QueueItem` costs several times more to build."""

    id: int
    ref: str
    text: str
    status: str
    flag: str | None


@dataclass(frozen=True)
class QueueAnswer:
    """One answer given to a question (or "answered at the session") and its delivery."""

    id: int
    question_id: int
    how: str  # answer | session | merge (an answer reached through a merge)
    text: str
    by: str
    at: str
    delivery: str  # sent | stopped | failed | deleted | anonymous | transient
    error: str


@dataclass(frozen=True)
class QueueFilter:
    """What a reviewer narrows the queue to; None means any."""

    session_id: int | None = None
    commune: str | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = "pending"

    def conditions(self) -> dict[str, object]:
        """The columns this filter fixes and their values (``FILTER_COLUMNS`` order)."""
        values = ((column, getattr(self, column)) for column in FILTER_COLUMNS)
        # str() turns a status enum into the plain text every driver takes
        return {
            column: str(value) if isinstance(value, str) else value
            for column, value in values
            if value is not None
        }


_q = questions
_ITEM_COLUMNS = tuple(_q.c[f.name] for f in fields(QueueItem))
_ANONYMOUS = [f.name for f in fields(QueueItem)].index("anonymous")
_ANSWER_COLUMNS = tuple(question_answers.c[f.name] for f in fields(QueueAnswer))
_id: sa.BindParameter[int] = sa.bindparam("id")
# An UPDATE may not name a parameter after one of its columns.
_qid: sa.BindParameter[int] = sa.bindparam("qid")
_REF_TAKEN = sa.select(_q.c.id).where(_q.c.ref == sa.bindparam("ref")).limit(1)
_INSERT = sa.insert(_q).returning(_q.c.id)
_INSERT_CONTACT = sa.insert(question_contacts)
_GET = sa.select(*_ITEM_COLUMNS).where(_q.c.id == _id)
_BY_REF = sa.select(*_ITEM_COLUMNS).where(_q.c.ref == sa.bindparam("ref")).limit(1)
_OF_CITIZEN = (
    sa.select(*_ITEM_COLUMNS)
    .where(_q.c.citizen_id == sa.bindparam("citizen_id"), _q.c.status != "withdrawn")
    .order_by(_q.c.id.desc())
    .limit(sa.bindparam("limit"))
)
_CHILDREN = sa.select(*_ITEM_COLUMNS).where(_q.c.merged_into == _id).order_by(_q.c.id)
_CONTACT = sa.select(question_contacts.c.name, question_contacts.c.phone).where(
    question_contacts.c.question_id == _id
)
_ANSWERS = (
    sa.select(*_ANSWER_COLUMNS)
    .where(question_answers.c.question_id == _id)
    .order_by(question_answers.c.id)
)
_LAST_ANSWER = (
    sa.select(*_ANSWER_COLUMNS)
    .where(question_answers.c.question_id == _id)
    .order_by(question_answers.c.id.desc())
    .limit(1)
)
_ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
_ANSWERS_OF_MANY = (
    sa.select(*_ANSWER_COLUMNS)
    .where(question_answers.c.question_id.in_(_ids))
    .order_by(question_answers.c.id)
)
_CONTACTS_OF_MANY = sa.select(
    question_contacts.c.question_id, question_contacts.c.name, question_contacts.c.phone
).where(question_contacts.c.question_id.in_(_ids))
CHUNK = 500  # ids per IN list: well under every backend's bound-parameter limit
_COUNTS_BY_SESSION = (
    sa.select(_q.c.session_id, _q.c.status, sa.func.count())
    .where(_q.c.session_id.is_not(None))
    .group_by(_q.c.session_id, _q.c.status)
)
_MOVE_CHILDREN = (
    sa.update(_q)
    .where(_q.c.merged_into == sa.bindparam("source"))
    .values(merged_into=sa.bindparam("target"))
)
_UNMERGE_CHILDREN = (
    sa.update(_q)
    .where(_q.c.merged_into == _qid, _q.c.status == "merged")
    .values(status="pending", merged_into=None)
)
_MARK_PROPOSED = sa.update(_q).where(_q.c.id == _qid).values(proposed_at=sa.bindparam("at"))
_RECORD_ANSWER = sa.insert(question_answers)


def _where(statement: sa.Select[Any], columns: tuple[str, ...]) -> sa.Select[Any]:
    return statement.where(*(_q.c[column] == sa.bindparam(column) for column in columns))


# Statements for the 32 filter shapes (and the few other variants) are built on first use
# and kept: building one per call costs more than SQLite takes to run it.
@functools.cache
def _listing(columns: tuple[str, ...], newest_first: bool) -> sa.Select[Any]:
    order = _q.c.id.desc() if newest_first else _q.c.id
    statement = _where(sa.select(*_ITEM_COLUMNS), columns).order_by(order)
    return statement.limit(sa.bindparam("limit")).offset(sa.bindparam("offset"))


@functools.cache
def _lines(columns: tuple[str, ...], newest_first: bool) -> sa.Select[Any]:
    order = _q.c.id.desc() if newest_first else _q.c.id
    line = (_q.c.id, _q.c.ref, _q.c.text, _q.c.status, _q.c.flag)
    statement = _where(sa.select(*line), columns).order_by(order)
    return statement.limit(sa.bindparam("limit")).offset(sa.bindparam("offset"))


@functools.cache
def _count(columns: tuple[str, ...]) -> sa.Select[Any]:
    return _where(sa.select(sa.func.count()).select_from(_q), columns)


@functools.cache
def _version(columns: tuple[str, ...]) -> sa.Select[Any]:
    summary = sa.select(
        sa.func.count(),
        sa.func.max(_q.c.id),
        sa.func.coalesce(sa.func.sum(_q.c.id), 0),
        sa.func.max(_q.c.handled_at),
    )
    return _where(summary.select_from(_q), columns)


@functools.cache
def _recent(anonymous: bool, in_session: bool) -> sa.Select[Any]:
    statement = sa.select(*_ITEM_COLUMNS).where(
        _q.c.kind == sa.bindparam("kind"),
        _q.c.created_at >= sa.bindparam("since"),
        _q.c.status != "withdrawn",
    )
    if anonymous:
        statement = statement.where(_q.c.citizen_id.is_(None), _q.c.anonymous == 1)
    else:
        statement = statement.where(_q.c.citizen_id == sa.bindparam("citizen_id"))
    if in_session:
        statement = statement.where(_q.c.session_id == sa.bindparam("session_id"))
    return statement.order_by(_q.c.id)


@functools.cache
def _set_status(extra: tuple[str, ...]) -> sa.Update:
    names = ("status", "handled_by", "handled_at", *extra)
    values: dict[str, sa.BindParameter[Any]] = {name: sa.bindparam(f"new_{name}") for name in names}
    return sa.update(_q).where(_q.c.id == _qid).values(values)


class ReviewQueue:
    """Repository for the review queue's view of ``questions`` and its side tables."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    # -- submitting ------------------------------------------------------------------------
    def submit(
        self,
        kind: str,
        text: str,
        *,
        citizen: Citizen | None,
        prefix: str,
        commune: str | None = None,
        session_id: int | None = None,
        category: str | None = None,
        topic: str | None = None,
        intent_guess: str | None = None,
        anonymous: bool = False,
        flag: str | None = None,
        contact: tuple[str, str] | None = None,
    ) -> str:
        """Store a submission and return its reference code.

        An anonymous submission keeps no link to the citizen (nor their household), only
        the commune it concerns. ``contact`` (name, phone) is kept for this question only.
        """
        linked = citizen if citizen is not None and not anonymous else None
        with atomic(self._conn):
            while True:
                ref = new_ref(prefix)
                if self._conn.execute(_REF_TAKEN, {"ref": ref}).first() is None:
                    break
            row = {
                "ref": ref,
                "kind": kind,
                "citizen_id": linked.id if linked else None,
                "text": text,
                "topic": topic,
                "intent_guess": intent_guess,
                "commune": commune or (citizen.commune if citizen else None),
                "household": linked.household if linked else None,
                "status": "pending",
                "created_at": utcnow(),
                "session_id": session_id,
                "category": category,
                "anonymous": int(anonymous),
                "flag": flag,
            }
            question_id = self._conn.execute(_INSERT, row).scalar_one()
            if contact is not None and linked is not None:
                name, phone = contact
                self._conn.execute(
                    _INSERT_CONTACT,
                    {
                        "question_id": question_id,
                        "name": name,
                        "phone": phone,
                        "given_at": utcnow(),
                    },
                )
        return ref

    def recent(
        self, kind: str, *, citizen: Citizen | None, since: str, session_id: int | None = None
    ) -> list[QueueItem]:
        """Recent live submissions of ``kind`` by ``citizen`` (anonymous ones when None)."""
        statement = _recent(citizen is None, session_id is not None)
        params: dict[str, object] = {
            "kind": kind,
            "since": since,
            "citizen_id": citizen.id if citizen else None,
            "session_id": session_id,
        }
        return self._items(statement, params)

    # -- reading ---------------------------------------------------------------------------
    def get(self, question_id: int) -> QueueItem | None:
        return self._item(_GET, {"id": question_id})

    def by_ref(self, ref: str) -> QueueItem | None:
        return self._item(_BY_REF, {"ref": ref.strip().upper()})

    def listing(
        self, filter: QueueFilter, *, limit: int = 10, offset: int = 0, newest_first: bool = False
    ) -> list[QueueItem]:
        """Matching questions, oldest first (or newest first)."""
        conditions = filter.conditions()
        statement = _listing(tuple(conditions), newest_first)
        return self._items(statement, {**conditions, "limit": limit, "offset": offset})

    def lines(
        self, filter: QueueFilter, *, limit: int = 10, offset: int = 0, newest_first: bool = False
    ) -> list[QueueLine]:
        """:meth:`listing` in short (:class:`QueueLine`), for comparing wordings."""
        conditions = filter.conditions()
        statement = _lines(tuple(conditions), newest_first)
        params = {**conditions, "limit": limit, "offset": offset}
        return [QueueLine(*row) for row in self._conn.execute(statement, params).all()]

    def count(self, filter: QueueFilter) -> int:
        conditions = filter.conditions()
        return int(self._conn.execute(_count(tuple(conditions)), conditions).scalar_one())

    def version(self, filter: QueueFilter) -> tuple[object, ...]:
        """Changes whenever a question matching ``filter`` is added, handled or changed
        (one cheap query: a grouping of the queue stays valid while it is the same)."""
        conditions = filter.conditions()
        return tuple(self._conn.execute(_version(tuple(conditions)), conditions).one())

    def of_citizen(self, citizen: Citizen, *, limit: int = 10) -> list[QueueItem]:
        """The citizen's latest questions, newest first."""
        return self._items(_OF_CITIZEN, {"citizen_id": citizen.id, "limit": limit})

    def contact(self, question_id: int) -> tuple[str, str] | None:
        found = self._conn.execute(_CONTACT, {"id": question_id}).first()
        return (found.name, found.phone) if found else None

    def answers(self, question_id: int) -> list[QueueAnswer]:
        result = self._conn.execute(_ANSWERS, {"id": question_id})
        return [QueueAnswer(*row) for row in result]

    def last_answer(self, question_id: int) -> QueueAnswer | None:
        found = self._conn.execute(_LAST_ANSWER, {"id": question_id}).first()
        return QueueAnswer(*found) if found else None

    def last_answers(self, question_ids: list[int]) -> dict[int, QueueAnswer]:
        """The last answer of each of these questions that has one (for exports)."""
        found: dict[int, QueueAnswer] = {}
        for start in range(0, len(question_ids), CHUNK):
            chunk = question_ids[start : start + CHUNK]
            for row in self._conn.execute(_ANSWERS_OF_MANY, {"ids": chunk}):
                found[row.question_id] = QueueAnswer(*row)  # by id: the last one stays
        return found

    def contacts(self, question_ids: list[int]) -> dict[int, tuple[str, str]]:
        """The call-back contacts given with these questions, in a few queries."""
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(question_ids), CHUNK):
            chunk = question_ids[start : start + CHUNK]
            for question_id, name, phone in self._conn.execute(_CONTACTS_OF_MANY, {"ids": chunk}):
                found[question_id] = (name, phone)
        return found

    def children(self, question_id: int) -> list[QueueItem]:
        """Questions merged into ``question_id`` (directly)."""
        return self._items(_CHILDREN, {"id": question_id})

    def group(self, question: QueueItem) -> list[QueueItem]:
        """The question and every open question merged into it: who an answer reaches."""
        children = self.children(question.id)
        return [question, *(c for c in children if c.status == "merged")]

    def root(self, question: QueueItem) -> QueueItem:
        """Follow merges to the question that carries the answer."""
        seen = {question.id}
        while question.merged_into:
            parent = self.get(question.merged_into)
            if parent is None or parent.id in seen:
                break
            seen.add(parent.id)
            question = parent
        return question

    def counts_by_session(self) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = {}
        for session_id, status, n in self._conn.execute(_COUNTS_BY_SESSION):
            out.setdefault(session_id, {})[status] = n
        return out

    # -- staff actions ---------------------------------------------------------------------
    def set_status(self, question_id: int, status: str, *, by: str, **fields: object) -> None:
        """Set the status, who handled it and when; ``fields``: ``reject_reason``,
        ``merged_into``."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        unknown = set(fields) - ACTION_FIELDS
        if unknown:
            raise ValueError(f"not a staff action's field: {', '.join(sorted(unknown))}")
        extra = tuple(sorted(fields))
        params = {"qid": question_id, "new_status": str(status), "new_handled_by": by}
        params |= {"new_handled_at": utcnow()} | {f"new_{k}": fields[k] for k in extra}
        self._conn.execute(_set_status(extra), params)

    def merge(self, source_id: int, target_id: int, *, by: str) -> None:
        """Merge ``source`` into ``target``; its own children follow it."""
        with atomic(self._conn):
            self._conn.execute(_MOVE_CHILDREN, {"source": source_id, "target": target_id})
            self.set_status(source_id, "merged", by=by, merged_into=target_id)

    def unmerge_children(self, question_id: int) -> int:
        """Send questions merged into ``question_id`` back to the queue; return how many."""
        return self._conn.execute(_UNMERGE_CHILDREN, {"qid": question_id}).rowcount

    def mark_proposed(self, question_id: int) -> None:
        self._conn.execute(_MARK_PROPOSED, {"qid": question_id, "at": utcnow()})

    def record_answer(
        self, question_id: int, text: str, *, how: str, by: str, delivery: str, error: str = ""
    ) -> None:
        self._conn.execute(
            _RECORD_ANSWER,
            {
                "question_id": question_id,
                "how": how,
                "text": text,
                "by": by,
                "at": utcnow(),
                "delivery": str(delivery),
                "error": error[:300],
            },
        )

    # -- rows ------------------------------------------------------------------------------
    def _item(self, statement: sa.Select[Any], params: dict[str, object]) -> QueueItem | None:
        found = self._conn.execute(statement, params).first()
        return QueueItem.from_row(found) if found else None

    def _items(self, statement: sa.Select[Any], params: dict[str, object]) -> list[QueueItem]:
        return [QueueItem.from_row(row) for row in self._conn.execute(statement, params).all()]
