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

from sqlite_utils import Database, Migrations

from bot.store.database import utcnow
from bot.store.outage import deferrable

migrations = Migrations("choices")


@migrations()
def m001_shown_choices(db: Database) -> None:
    db.table("shown_choices").create(
        {"user": str, "buttons": str, "prompt": str, "at": str}, pk="user"
    )


@dataclass(frozen=True)
class Shown:
    """Buttons as ``(label, payload)`` pairs in the order shown, and the flow prompt."""

    buttons: list[tuple[str, str]] = field(default_factory=list)
    prompt_text: str = ""
    prompt_buttons: list[list[tuple[str, str]]] = field(default_factory=list)


class ShownChoices:
    """Repository for ``shown_choices``: one row per person who was last shown buttons."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("shown_choices")

    def get(self, user: str) -> Shown:
        rows = list(self._table.rows_where("user = ?", [user], limit=1))
        if not rows:
            return Shown()
        prompt = json.loads(rows[0]["prompt"] or "{}")
        return Shown(
            [(label, payload) for label, payload in json.loads(rows[0]["buttons"] or "[]")],
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
        elif not self._table.count_where("user = ?", [user]):
            record["prompt"] = "{}"
        self._table.upsert(record, pk="user")

    @deferrable
    def clear(self, user: str) -> None:
        self._db.execute("DELETE FROM shown_choices WHERE user = ?", [user])

    def purge_idle(self, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
        cutoff = (dt.datetime.now(dt.UTC) - older_than).isoformat(timespec="seconds")
        cursor = self._db.execute("DELETE FROM shown_choices WHERE at < ?", [cutoff])
        return cursor.rowcount
