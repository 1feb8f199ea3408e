"""Role checks for staff buttons and flow steps.

The engine checks ``roles`` for commands only; a button or a typed step reaches its handler
whoever sends it (a role may have been taken away since the keyboard was shown), so staff
handlers call :func:`allowed` first. Refusals are audited like refused commands.
"""

from __future__ import annotations

from bot.core.turn import Turn

REVIEWERS = ("admin", "officer", "reviewer")
OFFICERS = ("admin", "officer")


def allowed(turn: Turn, roles: tuple[str, ...] = REVIEWERS) -> bool:
    """True if the person holds one of ``roles``; otherwise refuse politely and audit it."""
    if turn.role in roles:
        return True
    action = turn.incoming.payload or (turn.state.flow if turn.state else "staff step")
    turn.services.store.audit.record(turn.user, action, role=turn.role, allowed=False)
    turn.clear_state()
    turn.reply(turn.t("not_staff"))
    return False


def audit(turn: Turn, action: str, detail: str) -> None:
    """Record what a staff member did."""
    turn.services.store.audit.record(turn.user, action, role=turn.role, allowed=True, detail=detail)
