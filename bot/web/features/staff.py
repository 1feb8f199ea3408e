"""Cán bộ: roles and the audit log."""

from __future__ import annotations

from bot.core.local_time import local_stamp
from bot.core.services import Services
from bot.store import Repositories, StaffMember


# -- staff -----------------------------------------------------------------------------------
async def staff_members(services: Services) -> list[StaffMember]:
    return await services.store.read(lambda r: r.staff.list())


async def set_role(
    services: Services, channel_id: str, role: str, *, actor: str, by_role: str
) -> None:
    """Give or change a role, and audit it, in one transaction."""

    def save(r: Repositories) -> None:
        r.staff.add(channel_id, role, added_by=actor)
        r.audit.record(
            actor, "staff add", role=by_role, allowed=True, detail=f"{channel_id} {role}"
        )

    await services.store.write(save)


async def remove_staff(services: Services, channel_id: str, *, actor: str, by_role: str) -> bool:
    """Take a role away and end that person's console sessions at once (audited)."""

    def remove(r: Repositories) -> bool:
        if not r.staff.remove(channel_id):
            return False
        r.web.end_sessions_of(channel_id)
        r.audit.record(actor, "staff remove", role=by_role, allowed=True, detail=channel_id)
        return True

    return await services.store.write(remove)


async def audit_page(
    services: Services, *, actor: str, action: str, page: int, size: int = 50
) -> tuple[list[dict], int]:
    offset = max(0, page - 1) * size
    return await services.store.read(
        lambda r: r.web.audit_page(actor=actor, action=action, limit=size, offset=offset)
    )


def local_time(services: Services, iso_utc: str | None) -> str:
    return local_stamp(services, iso_utc) if iso_utc else ""
