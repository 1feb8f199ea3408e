"""The review queue over ``questions``: submissions, filters, answers, merges, contacts.

Rows of every kind (``faq_miss`` from the FAQ, ``dialogue`` for a session, ``feedback``) live
in the core's ``questions`` table; the voice migration added the columns used here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.questions import new_ref

STATUSES = ("pending", "merged", "answered", "answered_at_session", "rejected", "withdrawn")
# A question in one of these is finished: it leaves the queue and takes no new action.
CLOSED = ("answered", "answered_at_session", "rejected", "withdrawn")


@dataclass(frozen=True)
class QueueFilter:
    """What a reviewer narrows the queue to; None means any."""

    session_id: int | None = None
    commune: str | None = None
    topic: str | None = None
    kind: str | None = None
    status: str | None = "pending"

    def where(self) -> tuple[str, list[object]]:
        clauses, params = ["1 = 1"], []
        for column in ("session_id", "commune", "topic", "kind", "status"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        return " AND ".join(clauses), params


class ReviewQueue:
    """Repository for the review queue's view of ``questions`` and its side tables."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("questions")
        self._contacts = db.table("question_contacts")
        self._answers = db.table("question_answers")

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
        with self._db.atomic():
            while True:
                ref = new_ref(prefix)
                if not self._table.count_where("ref = ?", [ref]):
                    break
            question_id = self._table.insert(
                {
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
            ).last_pk
            if contact is not None and linked is not None:
                name, phone = contact
                self._contacts.insert(
                    {"question_id": question_id, "name": name, "phone": phone, "given_at": utcnow()}
                )
        return ref

    def recent(
        self, kind: str, *, citizen: Citizen | None, since: str, session_id: int | None = None
    ) -> list[dict]:
        """Recent live submissions of ``kind`` by ``citizen`` (anonymous ones when None)."""
        where = "kind = ? AND created_at >= ? AND status != 'withdrawn'"
        params: list[object] = [kind, since]
        if citizen is None:
            where += " AND citizen_id IS NULL AND anonymous = 1"
        else:
            where += " AND citizen_id = ?"
            params.append(citizen.id)
        if session_id is not None:
            where += " AND session_id = ?"
            params.append(session_id)
        return list(self._table.rows_where(where, params, order_by="id"))

    # -- reading ---------------------------------------------------------------------------
    def get(self, question_id: int) -> dict | None:
        try:
            return dict(self._table.get(question_id))
        except NotFoundError:
            return None

    def by_ref(self, ref: str) -> dict | None:
        rows = list(self._table.rows_where("ref = ?", [ref.strip().upper()], limit=1))
        return rows[0] if rows else None

    def listing(
        self, filter: QueueFilter, *, limit: int = 10, offset: int = 0, newest_first: bool = False
    ) -> list[dict]:
        """Matching questions, oldest first (or newest first)."""
        where, params = filter.where()
        order = "id desc" if newest_first else "id"
        rows = self._table.rows_where(where, params, order_by=order, limit=limit, offset=offset)
        return list(rows)

    def count(self, filter: QueueFilter) -> int:
        where, params = filter.where()
        return self._table.count_where(where, params)

    def of_citizen(self, citizen: Citizen, *, limit: int = 10) -> list[dict]:
        """The citizen's latest questions, newest first."""
        rows = self._table.rows_where(
            "citizen_id = ? AND status != 'withdrawn'",
            [citizen.id],
            order_by="id desc",
            limit=limit,
        )
        return list(rows)

    def contact(self, question_id: int) -> tuple[str, str] | None:
        rows = list(self._contacts.rows_where("question_id = ?", [question_id], limit=1))
        return (rows[0]["name"], rows[0]["phone"]) if rows else None

    def answers(self, question_id: int) -> list[dict]:
        return list(self._answers.rows_where("question_id = ?", [question_id], order_by="id"))

    def last_answer(self, question_id: int) -> dict | None:
        rows = self.answers(question_id)
        return rows[-1] if rows else None

    def children(self, question_id: int) -> list[dict]:
        """Questions merged into ``question_id`` (directly)."""
        return list(self._table.rows_where("merged_into = ?", [question_id], order_by="id"))

    def root(self, question: dict) -> dict:
        """Follow merges to the question that carries the answer."""
        seen = {question["id"]}
        while question.get("merged_into"):
            parent = self.get(question["merged_into"])
            if parent is None or parent["id"] in seen:
                break
            seen.add(parent["id"])
            question = parent
        return question

    def counts_by_session(self) -> dict[int, dict[str, int]]:
        rows = self._db.execute(
            "SELECT session_id, status, count(*) FROM questions "
            "WHERE session_id IS NOT NULL GROUP BY session_id, status"
        ).fetchall()
        out: dict[int, dict[str, int]] = {}
        for session_id, status, n in rows:
            out.setdefault(session_id, {})[status] = n
        return out

    # -- staff actions ---------------------------------------------------------------------
    def set_status(self, question_id: int, status: str, *, by: str, **fields: object) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self._table.update(
            question_id, {"status": status, "handled_by": by, "handled_at": utcnow(), **fields}
        )

    def merge(self, source_id: int, target_id: int, *, by: str) -> None:
        """Merge ``source`` into ``target``; its own children follow it."""
        with self._db.atomic():
            self._db.execute(
                "UPDATE questions SET merged_into = ? WHERE merged_into = ?", [target_id, source_id]
            )
            self.set_status(source_id, "merged", by=by, merged_into=target_id)

    def unmerge_children(self, question_id: int) -> int:
        """Send questions merged into ``question_id`` back to the queue; return how many."""
        cursor = self._db.execute(
            "UPDATE questions SET status = 'pending', merged_into = NULL "
            "WHERE merged_into = ? AND status = 'merged'",
            [question_id],
        )
        return cursor.rowcount

    def mark_proposed(self, question_id: int) -> None:
        self._table.update(question_id, {"proposed_at": utcnow()})

    def record_answer(
        self, question_id: int, text: str, *, how: str, by: str, delivery: str, error: str = ""
    ) -> None:
        self._answers.insert(
            {
                "question_id": question_id,
                "how": how,
                "text": text,
                "by": by,
                "at": utcnow(),
                "delivery": delivery,
                "error": error[:300],
            }
        )
