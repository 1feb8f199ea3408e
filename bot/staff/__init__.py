"""Staff: roles, role-checked commands, and the audit of what staff did.

Owns:
    roles: ``access`` (``REVIEWERS``, ``OFFICERS``, and ``audit`` for what staff did); the
        engine enforces the ``roles=`` every feature declares on its commands, buttons and
        steps (``Router.run``).
    handlers: ``commands`` (/thongke, quick live counts).
    command line: ``cli`` (``python -m bot staff add|list|remove|link``).
    store: ``bot/store/staff.py`` (staff members and the audit log; ``core`` migrations).
    deletion: ``AuditLog.forget_citizen``, a hook of ``Citizens.delete``.

Public to other features: ``bot.staff.access`` — every feature names its roles with it.
"""

from __future__ import annotations

from bot.core.router import Router


def router() -> Router:
    """The staff handlers."""
    from bot.staff import commands

    staff = Router()
    staff.include(commands.router)
    return staff
