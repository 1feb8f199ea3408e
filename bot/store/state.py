"""Where each person is in a multi-step dialogue, so a restart resumes the flow."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from bot.core.ports import DialogueState
from bot.store.database import utcnow
from bot.store.outage import deferrable


class DialogueStates:
    """Repository for ``dialogue_state``: one row per person in a flow.

    Rows are kept for everyone (also people who declined consent) because a flow cannot
    work otherwise; they hold no profile and are purged after a day of silence.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("dialogue_state")

    def get(self, user: str) -> DialogueState | None:
        rows = list(self._table.rows_where("user = ?", [user], limit=1))
        if not rows:
            return None
        row = rows[0]
        return DialogueState(row["flow"], row["step"], json.loads(row["data"] or "{}"))

    def set(self, user: str, flow: str, step: str, data: dict | None = None) -> None:
        self._table.upsert(
            {
                "user": user,
                "flow": flow,
                "step": step,
                "data": json.dumps(data or {}, ensure_ascii=False),
                "updated_at": utcnow(),
            },
            pk="user",
        )

    @deferrable  # context kept between turns (e.g. for follow-ups) may be lost in an outage
    def remember(self, user: str, flow: str, step: str, data: dict | None = None) -> None:
        """``set``, for state that only helps: dropped while the database takes no writes."""
        self.set(user, flow, step, data)

    def clear(self, user: str) -> None:
        self._db.execute("DELETE FROM dialogue_state WHERE user = ?", [user])

    def purge_idle(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat(timespec="seconds")
        cursor = self._db.execute("DELETE FROM dialogue_state WHERE updated_at < ?", [cutoff])
        return cursor.rowcount
