"""Questions a citizen chose to send to staff; the review queue is built on these rows."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from bot.store.citizens import Citizen
from bot.store.database import utcnow

# No 0/O, 1/I/L: a citizen reads the code to an officer over the phone.
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


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
