"""One aiohttp server for the console, the messenger webhooks, ``/healthz`` and ``/readyz``.

The console's pages are server-rendered (Jinja2) and work without JavaScript; a small script
of ours adds live counts and progress. Channels add their webhook routes before
:meth:`WebServer.start`, so Telegram, Zalo and the console share one port.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web

from bot.core.services import Services
from bot.web.auth import Auth, BadLinkLimiter, Clock, Identity, utc_now
from bot.web.grouping import GroupBoard
from bot.web.pages import ALL_ROUTES
from bot.web.pages.reports import ReportCache
from bot.web.render import Renderer
from bot.web.routing import CONSOLE, guarded

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css", ".js": "application/javascript", ".svg": "image/svg+xml"}
READY_TIMEOUT = 3.0  # seconds the database gets to answer a readiness probe
WEBHOOK_MAX_BODY = 1024 * 1024  # a Telegram update or a Zalo event is a few kilobytes
MAX_UPLOAD = 12 * 1024 * 1024  # a campaign photo or document (Telegram's own limits are lower)
# Pages of the console may only load what this server itself serves.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # a sign-in link never leaks to another site
}

WebhookHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    """The bot's HTTP side.

    Args:
        services: The bot's services (store, texts, FAQ, hub) — the console's only way in.
        host: Interface to bind.
        port: Port to bind (0 picks a free one; see :attr:`port`).
        public_url: The HTTPS address people use (behind nginx); empty means the local one.
        clock: The current UTC time (tests move it to expire links and sessions).
    """

    cookie_name = "phien"

    def __init__(
        self,
        services: Services,
        *,
        host: str = "0.0.0.0",
        port: int = 8080,
        public_url: str = "",
        clock: Clock = utc_now,
    ) -> None:
        self.services = services
        self.host = host
        self.port = port
        self.public_url = public_url.rstrip("/")
        self.auth = Auth(services.store, clock=clock)
        self.limiter = BadLinkLimiter()
        self.renderer = Renderer(services)
        self.reports = ReportCache()
        self.groups = GroupBoard(services)
        self.reach_memo: dict = {}
        self._webhooks: list[tuple[str, str, WebhookHandler]] = []
        self._runner: web.AppRunner | None = None
        self._channels: list[str] | None = None  # None until every channel has started

    # -- addresses --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """Where people reach the console: the public URL, else this machine's address."""
        if self.public_url:
            return self.public_url
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def secure_cookies(self) -> bool:
        """Cookies are ``Secure`` when people come over HTTPS (nginx in front)."""
        return urlparse(self.public_url).scheme == "https"

    async def sign_in_link(self, channel_id: str) -> str:
        return await self.auth.issue_link(channel_id, self.base_url)

    # -- wiring -----------------------------------------------------------------------------
    def add_webhook(self, method: str, path: str, handler: WebhookHandler) -> None:
        """A messenger's webhook on this server (call before :meth:`start`). Its body may be
        at most ``WEBHOOK_MAX_BODY`` (the console's own limit is larger, for uploads)."""

        async def limited(request: web.Request) -> web.StreamResponse:
            if (request.content_length or 0) > WEBHOOK_MAX_BODY:
                return web.Response(status=413)
            return await handler(request)

        self._webhooks.append((method, path, limited))

    def channels_started(self, names: list[str]) -> None:
        """Every configured channel is connected: ``/readyz`` may say ready."""
        self._channels = list(names)

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[self._headers])
        app[CONSOLE] = self
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/tinh/{name}", self._static)
        for method, path, handler in self._webhooks:
            app.router.add_route(method, path, handler)
        for route in ALL_ROUTES:
            app.router.add_route(
                route.method, route.path, guarded(route, refuse=self.refuse), name=route.name
            )
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        log.info("web server listening on %s:%s (console %s)", self.host, self.port, self.base_url)

    async def stop(self) -> None:
        await self.reports.close()
        await self.groups.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- shared by the pages ----------------------------------------------------------------
    def audit(self, identity: Identity, action: str, *, allowed: bool = True, detail: str = ""):
        """Who did what, when: every console action and every refusal (bookkeeping the
        response does not wait for)."""
        self.services.store.defer(
            lambda r: r.audit.record(
                identity.channel_id, action, role=identity.role, allowed=allowed, detail=detail
            )
        )

    def refuse(self, request: web.Request, status: int, why: str) -> web.StreamResponse:
        """A polite Vietnamese page for a refused request (no details a visitor could use)."""
        return self.renderer.page(request, "refused.html", status=status, why=why)

    # -- middleware and plain handlers ------------------------------------------------------
    @web.middleware
    async def _headers(self, request: web.Request, handler) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            response = await handler(request)
        except web.HTTPException as error:
            if error.status not in (404, 405):
                raise
            response = self.renderer.page(request, "refused.html", status=404, why="missing")
        except Exception:
            log.exception("console error on %s %s", request.method, request.path)
            response = self.renderer.page(request, "refused.html", status=500, why="error")
        if not request.path.startswith("/tinh/"):
            response.headers.update(SECURITY_HEADERS)
            response.headers.setdefault("Cache-Control", "no-store")
        # How long the server took (benchmarks/console.py reads it; so can a browser's tools).
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def _readyz(self, request: web.Request) -> web.Response:
        """Ready to take traffic: the channels are connected and the database answers a
        trivial query through the database thread (so a stuck queue counts as not ready).
        A load balancer sends nothing to a replica that answers 503."""
        if self._channels is None:
            return web.json_response({"ready": False, "reason": "channels starting"}, status=503)
        store = self.services.store
        try:
            await asyncio.wait_for(store.check(), READY_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - any failure means "not ready", said plainly
            log.warning("readiness: the database did not answer (%s)", type(error).__name__)
            return web.json_response({"ready": False, "reason": "database unreachable"}, status=503)
        return web.json_response(
            {"ready": True, "database": store.dialect, "channels": self._channels}
        )

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        path = STATIC / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise web.HTTPNotFound()
        return web.Response(
            body=path.read_bytes(),
            content_type=STATIC_TYPES.get(path.suffix, "application/octet-stream"),
            headers={"Cache-Control": "max-age=3600"},
        )
