"""Staff members, their roles, and the audit log of what staff did or tried."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata
from bot.store.sql import rows, upsert

ROLES = ("admin", "officer", "reviewer")

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("channel_id", sa.Text, primary_key=True),
    sa.Column("role", sa.Text),
    sa.Column("added_at", sa.Text),
    sa.Column("added_by", sa.Text),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text),
    sa.Column("actor", sa.Text),
    sa.Column("role", sa.Text),  # NULL: not staff when it happened (a citizen, a stranger)
    sa.Column("action", sa.Text),
    sa.Column("detail", sa.Text),
    sa.Column("allowed", sa.Integer),
)

_ROLE_OF = sa.select(staff.c.role).where(staff.c.channel_id == sa.bindparam("channel_id"))
_REMOVE = sa.delete(staff).where(staff.c.channel_id == sa.bindparam("channel_id"))
_LIST = sa.select(staff).order_by(staff.c.role, staff.c.channel_id)
_RECORD = audit_log.insert()
_FORGET = (
    sa.update(audit_log)
    .where(audit_log.c.actor == sa.bindparam("channel_id"), audit_log.c.role.is_(None))
    .values(
        actor=sa.bindparam("token"),
        detail=sa.func.replace(
            sa.func.coalesce(audit_log.c.detail, ""),
            sa.bindparam("channel_id"),
            sa.bindparam("token"),
        ),
    )
)


@dataclass(frozen=True)
class StaffMember:
    channel_id: str
    role: str
    added_at: str
    added_by: str


class StaffDirectory:
    """Repository for ``staff``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, channel_id: str, role: str, *, added_by: str = "cli") -> StaffMember:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        row = {"channel_id": channel_id, "role": role, "added_at": utcnow(), "added_by": added_by}
        upsert(self._conn, staff, row)
        return StaffMember(**row)

    def remove(self, channel_id: str) -> bool:
        return self._conn.execute(_REMOVE, {"channel_id": channel_id}).rowcount > 0

    def role_of(self, channel_id: str) -> str | None:
        return self._conn.execute(_ROLE_OF, {"channel_id": channel_id}).scalar()

    def list(self) -> list[StaffMember]:
        return [StaffMember(**row) for row in rows(self._conn.execute(_LIST))]


class AuditLog:
    """Append-only record of staff actions and refused attempts: who, what, when."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

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
        self._conn.execute(
            _RECORD,
            {
                "at": at or utcnow(),
                "actor": actor,
                "role": role,
                "action": action,
                "detail": detail,
                "allowed": int(allowed),
            },
        )

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: what a citizen did stays audited, but no longer says who.

        Their channel id becomes a random token that matches nothing else in the database
        (the same token on all their entries, so a pattern of refused attempts still shows).
        Entries made with a staff role keep their actor: staff actions stay accountable.
        It runs on this repository's connection, inside the deletion's transaction.
        """
        token = f"deleted:{secrets.token_hex(8)}"
        self._conn.execute(_FORGET, {"channel_id": citizen.channel_id, "token": token})

    def entries(self, *, actor: str | None = None, limit: int = 100) -> list[dict]:
        query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        return rows(self._conn.execute(query))
