"""Staff members, their roles, and the audit log of what staff did or tried."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.citizens import Citizen
from bot.store.database import utcnow

ROLES = ("admin", "officer", "reviewer")


@dataclass(frozen=True)
class StaffMember:
    channel_id: str
    role: str
    added_at: str
    added_by: str


class StaffDirectory:
    """Repository for ``staff``."""

    def __init__(self, db: Database) -> None:
        self._table = db.table("staff")

    def add(self, channel_id: str, role: str, *, added_by: str = "cli") -> StaffMember:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        row = {"channel_id": channel_id, "role": role, "added_at": utcnow(), "added_by": added_by}
        self._table.upsert(row, pk="channel_id")
        return StaffMember(**row)

    def remove(self, channel_id: str) -> bool:
        existed = self.role_of(channel_id) is not None
        if existed:
            self._table.delete(channel_id)
        return existed

    def role_of(self, channel_id: str) -> str | None:
        rows = list(self._table.rows_where("channel_id = ?", [channel_id], limit=1))
        return rows[0]["role"] if rows else None

    def list(self) -> list[StaffMember]:
        return [StaffMember(**row) for row in self._table.rows_where(order_by="role, channel_id")]


class AuditLog:
    """Append-only record of staff actions and refused attempts: who, what, when."""

    def __init__(self, db: Database) -> None:
        self._table = db.table("audit_log")

    def record(
        self,
        actor: str,
        action: str,
        *,
        role: str | None,
        allowed: bool,
        detail: str = "",
        at: str | None = None,
    ) -> None:
        """Append one entry; ``at`` defaults to now (a deferred write passes its own time)."""
        self._table.insert(
            {
                "at": at or utcnow(),
                "actor": actor,
                "role": role,
                "action": action,
                "detail": detail,
                "allowed": int(allowed),
            }
        )

    def forget_citizen(self, db: Database, citizen: Citizen) -> None:
        """Deletion hook: what a citizen did stays audited, but no longer says who.

        Their channel id becomes a random token that matches nothing else in the database
        (the same token on all their entries, so a pattern of refused attempts still shows).
        Entries made with a staff role keep their actor: staff actions stay accountable.
        """
        token = f"deleted:{secrets.token_hex(8)}"
        db.execute(
            "UPDATE audit_log SET actor = ?, detail = replace(coalesce(detail, ''), ?, ?) "
            "WHERE actor = ? AND role IS NULL",
            [token, citizen.channel_id, token, citizen.channel_id],
        )

    def entries(self, *, actor: str | None = None, limit: int = 100) -> list[dict]:
        where, params = ("actor = ?", [actor]) if actor else (None, [])
        return list(self._table.rows_where(where, params, order_by="id desc", limit=limit))
