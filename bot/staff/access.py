"""Staff role sets and the audit record of what staff did.

Roles are enforced by the engine: commands declare ``roles=``, and so do staff buttons
(``Router.action``) and typed flow steps (``Router.step``), so a role taken away while a
keyboard is still on screen is refused, and the refusal audited, in one place.
"""

from __future__ import annotations

from bot.core.turn import Turn

REVIEWERS = ("admin", "officer", "reviewer")
OFFICERS = ("admin", "officer")


def audit(turn: Turn, action: str, detail: str) -> None:
    """Record what a staff member did: queued for the database thread (bookkeeping nobody
    waits for), stamped now by the services' clock."""
    user, role, at = turn.user, turn.role, turn.services.clock.stamp()
    turn.services.store.defer(
        lambda r: r.audit.record(user, action, role=role, allowed=True, detail=detail, at=at)
    )
