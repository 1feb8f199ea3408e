"""Cán bộ: roles and the audit log."""

from __future__ import annotations

from bot.core.local_time import local_stamp
from bot.core.services import Services


# -- staff -----------------------------------------------------------------------------------
async def staff_members(services: Services) -> list:
    return services.store.staff.list()


async def set_role(services: Services, channel_id: str, role: str, *, actor: str, by_role: str):
    services.store.staff.add(channel_id, role, added_by=actor)
    services.store.audit.record(
        actor, "staff add", role=by_role, allowed=True, detail=f"{channel_id} {role}"
    )


async def remove_staff(services: Services, channel_id: str, *, actor: str, by_role: str) -> bool:
    removed = services.store.staff.remove(channel_id)
    if removed:
        services.store.web.end_sessions_of(channel_id)
        services.store.audit.record(
            actor, "staff remove", role=by_role, allowed=True, detail=channel_id
        )
    return removed


async def audit_page(services: Services, *, actor: str, action: str, page: int, size: int = 50):
    return services.store.web.audit_page(
        actor=actor, action=action, limit=size, offset=max(0, page - 1) * size
    )


def local_time(services: Services, iso_utc: str | None) -> str:
    return local_stamp(services, iso_utc) if iso_utc else ""
