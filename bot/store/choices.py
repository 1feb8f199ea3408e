"""The buttons last shown to each person, so a typed answer can be read as one of them.

Kept in SQLite beside the dialogue state so that typing "đồng ý" or "1" still works after a
restart. ``prompt`` is the last flow question with buttons, re-shown when a person who asked
something mid-flow chooses to carry on. Rows hold button labels and payloads only — no text the
person typed — and are purged with idle dialogue states.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from bot.store.database import utcnow
from bot.store.migrate import MigrationSet, metadata
from bot.store.outage import deferrable
from bot.store.sql import upsert

migrations = MigrationSet("choices")

shown_choices = sa.Table(
    "shown_choices",
    metadata,
    sa.Column("user", sa.Text, primary_key=True),
    sa.Column("buttons", sa.Text),  # JSON [[label, payload], ...]
    sa.Column("prompt", sa.Text),  # JSON {"text": ..., "rows": [[[label, payload], ...], ...]}
    sa.Column("at", sa.Text),
)

_t = shown_choices
_GET = sa.select(_t.c.buttons, _t.c.prompt).where(_t.c.user == sa.bindparam("user"))
_CLEAR = sa.delete(_t).where(_t.c.user == sa.bindparam("user"))
_PURGE = sa.delete(_t).where(_t.c.at < sa.bindparam("cutoff"))


@dataclass(frozen=True)
class Shown:
    """Buttons as ``(label, payload)`` pairs in the order shown, and the flow prompt."""

    buttons: list[tuple[str, str]] = field(default_factory=list)
    prompt_text: str = ""
    prompt_buttons: list[list[tuple[str, str]]] = field(default_factory=list)


class ShownChoices:
    """Repository for ``shown_choices``: one row per person who was last shown buttons."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get(self, user: str) -> Shown:
        found = self._conn.execute(_GET, {"user": user}).first()
        if found is None:
            return Shown()
        prompt = json.loads(found.prompt or "{}")
        return Shown(
            [(label, payload) for label, payload in json.loads(found.buttons or "[]")],
            prompt.get("text", ""),
            [[(label, payload) for label, payload in row] for row in prompt.get("rows", [])],
        )

    @deferrable  # in a storage outage typed numbers simply stop pressing buttons
    def set(
        self,
        user: str,
        buttons: list[tuple[str, str]],
        *,
        prompt: tuple[str, list[list[tuple[str, str]]]] | None = None,
    ) -> None:
        """Remember ``buttons``; ``prompt`` replaces the kept flow question when given."""
        record: dict[str, object] = {
            "user": user,
            "buttons": json.dumps(buttons, ensure_ascii=False),
            "at": utcnow(),
        }
        if prompt is not None:
            record["prompt"] = json.dumps(
                {"text": prompt[0], "rows": prompt[1]}, ensure_ascii=False
            )
        else:  # a new row starts without a prompt; an existing one keeps its own
            record["prompt"] = "{}"
        update = record.keys() if prompt is not None else ("buttons", "at")
        upsert(self._conn, shown_choices, record, update=update)

    @deferrable
    def clear(self, user: str) -> None:
        self._conn.execute(_CLEAR, {"user": user})

    def purge_idle(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat(timespec="seconds")
        return self._conn.execute(_PURGE, {"cutoff": cutoff}).rowcount
