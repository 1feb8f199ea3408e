"""Where each person is in a multi-step dialogue, so a restart resumes the flow."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from bot.core.ports import DialogueState
from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata
from bot.store.outage import deferrable
from bot.store.sql import upsert

dialogue_state = sa.Table(
    "dialogue_state",
    metadata,
    sa.Column("user", sa.Text, primary_key=True),  # the channel id, e.g. telegram:123
    sa.Column("flow", sa.Text),
    sa.Column("step", sa.Text),
    sa.Column("data", sa.Text),  # JSON
    sa.Column("updated_at", sa.Text),
)

_t = dialogue_state
_GET = sa.select(_t.c.flow, _t.c.step, _t.c.data).where(_t.c.user == sa.bindparam("user"))
_CLEAR = sa.delete(_t).where(_t.c.user == sa.bindparam("user"))
_PURGE = sa.delete(_t).where(_t.c.updated_at < sa.bindparam("cutoff"))


class DialogueStates:
    """Repository for ``dialogue_state``: one row per person in a flow.

    Rows are kept for everyone (also people who declined consent) because a flow cannot
    work otherwise; they hold no profile and are purged after a day of silence.
    """

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get(self, user: str) -> DialogueState | None:
        found = self._conn.execute(_GET, {"user": user}).first()
        if found is None:
            return None
        return DialogueState(found.flow, found.step, json.loads(found.data or "{}"))

    def set(self, user: str, flow: str, step: str, data: dict | None = None) -> None:
        upsert(
            self._conn,
            dialogue_state,
            {
                "user": user,
                "flow": flow,
                "step": step,
                "data": json.dumps(data or {}, ensure_ascii=False),
                "updated_at": utcnow(),
            },
        )

    @deferrable  # context kept between turns (e.g. for follow-ups) may be lost in an outage
    def remember(self, user: str, flow: str, step: str, data: dict | None = None) -> None:
        """``set``, for state that only helps: dropped while the database takes no writes."""
        self.set(user, flow, step, data)

    def clear(self, user: str) -> None:
        self._conn.execute(_CLEAR, {"user": user})

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: whatever a dialogue in progress had collected goes too."""
        self.clear(citizen.channel_id)

    def purge_idle(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat(timespec="seconds")
        return self._conn.execute(_PURGE, {"cutoff": cutoff}).rowcount
