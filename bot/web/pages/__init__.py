"""The console's pages, one module per area; ``ALL_ROUTES`` is what the server mounts."""

from __future__ import annotations

from bot.web.pages import campaigns, content, dashboard, queue, reports, sessions, signin, staff
from bot.web.routing import Route

ALL_ROUTES: list[Route] = [
    route
    for area in (signin, dashboard, queue, sessions, campaigns, reports, content, staff)
    for route in area.routes.entries
]
