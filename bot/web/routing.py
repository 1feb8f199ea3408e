"""Route tables that carry their roles: every console route says who may use it.

Each area module fills a :class:`Routes`; the server wraps every handler in
:func:`guarded`, which checks the session, the role and (on POST) the CSRF token, and writes
refusals to the audit log. A route with ``roles=PUBLIC`` must say so explicitly, and a test
walks the router to make sure nothing is left without a declaration.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.web.auth import Identity

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC: tuple[str, ...] = ()
REVIEWERS = ("admin", "officer", "reviewer")
OFFICERS = ("admin", "officer")
ADMINS = ("admin",)

CONSOLE: web.AppKey = web.AppKey("console")  # the WebServer, for handlers
IDENTITY: web.RequestKey[Identity] = web.RequestKey("identity", Identity)
CSRF_FIELD = "csrf"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    roles: tuple[str, ...]
    name: str


class Routes:
    """A list of routes with their roles, filled with decorators like aiohttp's own table."""

    def __init__(self) -> None:
        self.entries: list[Route] = []

    def _add(self, method: str, path: str, roles: tuple[str, ...], name: str | None):
        def decorator(handler: Handler) -> Handler:
            area = handler.__module__.rsplit(".", 1)[-1]
            label = name or f"{area}.{handler.__name__}"
            self.entries.append(Route(method, path, handler, roles, label))
            return handler

        return decorator

    def get(self, path: str, *, roles: tuple[str, ...], name: str | None = None):
        return self._add("GET", path, roles, name)

    def post(self, path: str, *, roles: tuple[str, ...], name: str | None = None):
        return self._add("POST", path, roles, name)


def identity_of(request: web.Request) -> Identity:
    """The signed-in person of a guarded route (set by :func:`guarded`)."""
    return request[IDENTITY]


def guarded(route: Route, *, refuse: Callable[[web.Request, int, str], web.StreamResponse]):
    """Wrap a handler with the checks its declaration asks for."""

    async def handler(request: web.Request) -> web.StreamResponse:
        if not route.roles:
            return await route.handler(request)
        console = request.app[CONSOLE]
        identity = await console.auth.identify(request.cookies.get(console.cookie_name))
        if identity is None:
            if request.method == "GET":
                return refuse(request, 401, "signin")
            return refuse(request, 401, "expired")
        request[IDENTITY] = identity
        if identity.role not in route.roles:
            console.audit(identity, f"console {route.name}", allowed=False, detail=request.path)
            return refuse(request, 403, "role")
        if request.method == "POST":
            form = await request.post()
            sent = str(form.get(CSRF_FIELD, "")) or request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(sent.encode(), identity.csrf.encode()):
                console.audit(identity, "console csrf refused", allowed=False, detail=request.path)
                return refuse(request, 403, "csrf")
        return await route.handler(request)

    handler.roles = route.roles  # type: ignore[attr-defined]
    handler.__name__ = route.name
    return handler


def redirect(location: str) -> web.Response:
    """303 See Other: after a form, the browser fetches the next page with GET."""
    return web.Response(status=303, headers={"Location": location})
