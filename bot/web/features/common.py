"""What every area of the console's adapter shares."""

from __future__ import annotations

from bot.core.services import Services

QUEUE_PAGE = 25
GROUP_POOL = 2000
REJECT_REASONS = ("spam", "abuse", "off_topic", "other")
OPEN = ("pending",)


class Refused(Exception):
    """An action the item's state no longer allows (someone else handled it meanwhile)."""


def audit_later(services: Services, actor: str, action: str, role: str, detail: str) -> None:
    """Audit an action already done: bookkeeping the person does not wait for."""
    services.store.defer(
        lambda r: r.audit.record(actor, action, role=role, allowed=True, detail=detail)
    )
