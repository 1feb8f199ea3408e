"""The HTTP endpoint Zalo POSTs events to (aiohttp.web).

Zalo wants an answer within 2 seconds and retries otherwise, so an event is checked
(signature, age, then repeat), acknowledged with 200 at once, and handled in a task afterwards.
With several replicas (PostgreSQL) a person's event is first committed to the replicas'
shared inbox (one insert, before the 200), and whichever replica holds that person handles it
in order (``bot/replicas/inbox.py``); an event the inbox cannot keep now is handled here.

Replays: Zalo retries a delivery for minutes. An event older than :data:`MAX_EVENT_AGE` is
refused, and event keys are remembered longer than that (``SEEN_EVENTS_KEEP``), so a captured
event can be replayed neither soon (its key is known) nor later (it is too old).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiohttp import web

from bot.channels.shared_server import RequestHandler
from bot.channels.zalo_events import SIGNATURE_HEADER, ZaloEvent, parse_event, signature_ok
from bot.core.clock import system_now
from bot.store.zalo import SEEN_EVENTS_KEEP

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # an event is a few hundred bytes
DRAIN_SECONDS = 10.0  # on stop, events being handled get this long to finish
MAX_EVENT_AGE = dt.timedelta(days=1)
assert MAX_EVENT_AGE < SEEN_EVENTS_KEEP, "replays of remembered-then-pruned events must be stale"


def is_stale(timestamp: str, *, now_ms: float | None = None) -> bool:
    """Whether Zalo's ``timestamp`` (milliseconds since 1970) is older than the bound."""
    try:
        sent_ms = int(timestamp)
    except ValueError:
        return True
    now_ms = system_now().timestamp() * 1000 if now_ms is None else now_ms
    return now_ms - sent_ms > MAX_EVENT_AGE.total_seconds() * 1000


EventHandler = Callable[[ZaloEvent], Coroutine[Any, Any, None]]
# Hands a checked event, as decoded, to the replicas' shared inbox; False: not kept there
# (one process, an event about nobody, or the database out of reach): handle it here.
EventKeeper = Callable[[ZaloEvent, dict[str, Any]], Awaitable[bool]]


async def keep_nothing(event: ZaloEvent, data: dict[str, Any]) -> bool:
    return False


class ZaloWebhook:
    """Receives events on ``http://host:port/path``.

    Args:
        app_id: The Zalo app id (part of the signed data).
        oa_secret_key: The OA secret key (part of the signed data).
        first_delivery: Records an event key (awaited: the store's async API); False when the
            event was seen before (None: the store could not tell, and the event is answered
            rather than lost).
        on_event: Awaited in a background task for every new, correctly signed event that
            ``keep`` did not keep.
        keep: Awaited before the acknowledgement: True when the event was committed to the
            replicas' shared inbox, which then handles it (by default nothing is kept).
        host: The interface to listen on.
        port: The port (0 picks a free one; see :attr:`port`).
        path: The URL path set in the Zalo developer console.
    """

    def __init__(
        self,
        *,
        app_id: str,
        oa_secret_key: str,
        first_delivery: Callable[[str], Awaitable[bool | None]],
        on_event: EventHandler,
        keep: EventKeeper = keep_nothing,
        host: str = "0.0.0.0",
        port: int = 8444,
        path: str = "/zalo/webhook",
    ) -> None:
        self.app_id = app_id
        self.oa_secret_key = oa_secret_key
        self.first_delivery = first_delivery
        self.on_event = on_event
        self.keep = keep
        self.host = host
        self.port = port
        self.path = "/" + path.lstrip("/")
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._verified_once = False

    @property
    def url(self) -> str:
        """Where the server listens (the public HTTPS URL is in front of it)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}{self.path}"

    def routes(self) -> list[tuple[str, str, RequestHandler]]:
        """What to mount on a shared server (the bot's web server) instead of :meth:`start`."""
        return [("POST", self.path, self._handle), ("GET", self.path, self._alive)]

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.path, self._handle)
        app.router.add_get(self.path, self._alive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        log.info("Zalo webhook listening on %s:%s%s", self.host, self.port, self.path)

    async def stop(self) -> None:
        """Stop listening, then let the events being handled finish (or cancel them)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=DRAIN_SECONDS)
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _alive(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to read
            data = None
        if not isinstance(data, dict):
            log.warning("Zalo webhook: refused a body that is not a JSON object")
            return web.Response(status=400)
        header = request.headers.get(SIGNATURE_HEADER)
        timestamp = str(data.get("timestamp") or "")
        if not signature_ok(
            header, app_id=self.app_id, body=body, timestamp=timestamp, key=self.oa_secret_key
        ):
            log.warning(
                "Zalo webhook: refused a call with a %s signature from %s",
                "missing" if not header else "wrong",
                request.remote,
            )
            return web.Response(status=403)
        if not self._verified_once:
            self._verified_once = True
            log.info("Zalo webhook: signature sha256(app_id + body + timestamp + key) matched")
        if is_stale(timestamp):
            log.warning("Zalo webhook: refused an event older than %s", MAX_EVENT_AGE)
            return web.Response(status=400)
        event = parse_event(data)
        if await self.first_delivery(event.key) is False:
            log.info("Zalo webhook: repeated delivery of %s ignored", event.name)
            return web.Response(text="ok")
        if await self.keep(event, data):
            return web.Response(text="ok")  # committed: the person's replica handles it
        task = asyncio.create_task(self.on_event(event))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.Response(text="ok")
