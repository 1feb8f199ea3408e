"""The HTTP endpoint Telegram POSTs updates to in webhook mode (aiohttp.web).

The bot runs its own small server instead of python-telegram-bot's, for three checks PTB
does not make: the secret token is required and compared in constant time, an ``update_id``
already accepted is answered 200 but not handled again (Telegram redelivers when an answer
is slow; a captured request could be replayed), and a body that is not a JSON object — or is
nested deep enough to break the parser — is refused with 400 instead of an error page.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.shared_server import RequestHandler

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # an update is a few kilobytes; Telegram sends no files in it
REMEMBERED_UPDATES = 10_000  # ids kept to refuse repeats; Telegram's ids only grow
MIN_SECRET_LENGTH = 16
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what setWebhook accepts

UpdateHandler = Callable[[dict[str, Any]], Awaitable[None]]


class WebhookConfigError(ValueError):
    """Webhook mode asked for without a usable secret token."""


class UpdateNotKept(Exception):
    """The update could not be kept now (the database is out of reach): Telegram is answered
    503 and sends it again, and the update id is not remembered as handled."""


def check_secret(secret: str) -> None:
    """Refuse to run a webhook anyone could post to (raises :class:`WebhookConfigError`)."""
    if not secret:
        raise WebhookConfigError(
            "BOT_WEBHOOK_URL is set but BOT_WEBHOOK_SECRET is empty: without it anyone who "
            "finds the URL can post updates as any user. Generate one with\n"
            '  python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    if len(secret) < MIN_SECRET_LENGTH or not _SECRET_CHARS.fullmatch(secret):
        raise WebhookConfigError(
            f"BOT_WEBHOOK_SECRET must be {MIN_SECRET_LENGTH}-256 characters of A-Z, a-z, "
            "0-9, _ and - (what Telegram accepts)"
        )


class RecentUpdates:
    """The last ``size`` update ids accepted, to handle each update once (bounded memory)."""

    def __init__(self, size: int = REMEMBERED_UPDATES) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def forget(self, update_id: int) -> None:
        """Not handled after all: a redelivery of ``update_id`` is handled."""
        self._ids.pop(update_id, None)

    def first_time(self, update_id: int) -> bool:
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


class TelegramWebhook:
    """Listens on ``http://listen:port/path`` and hands each new, authentic update on.

    Args:
        secret: The secret token registered with ``setWebhook`` (required).
        on_update: Awaited with the decoded update (it only queues it: Telegram waits).
        listen: The interface to bind.
        port: The port (0 picks a free one; see :attr:`port`).
        path: The URL path.
    """

    def __init__(
        self, *, secret: str, on_update: UpdateHandler, listen: str, port: int, path: str
    ) -> None:
        check_secret(secret)
        self._secret = secret.encode()
        self.on_update = on_update
        self.listen = listen
        self.port = port
        self.path = "/" + path.lstrip("/")
        self.recent = RecentUpdates()
        self._runner: web.AppRunner | None = None

    def routes(self) -> list[tuple[str, str, RequestHandler]]:
        """What to mount on a shared server (the bot's web server) instead of :meth:`start`."""
        return [("POST", self.path, self._handle)]

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        self.port = self._runner.addresses[0][1]
        log.info("Telegram webhook listening on %s:%s%s", self.listen, self.port, self.path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _authentic(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode()
        return hmac.compare_digest(given, self._secret)

    async def _handle(self, request: web.Request) -> web.Response:
        if not self._authentic(request):
            log.warning("Telegram webhook: refused a call without the right secret token")
            return web.Response(status=403)
        data = decode_object(await request.read())
        update_id = data.get("update_id") if data is not None else None
        if data is None or not isinstance(update_id, int) or isinstance(update_id, bool):
            log.warning("Telegram webhook: refused a body that is not an update")
            return web.Response(status=400)
        if not self.recent.first_time(update_id):
            log.info("Telegram webhook: update %s repeated; handled once", update_id)
            return web.Response(text="ok")
        try:
            await self.on_update(data)
        except UpdateNotKept:
            log.warning(
                "Telegram webhook: update %s not kept now; Telegram sends it again", update_id
            )
            self.recent.forget(update_id)
            return web.Response(status=503)
        except Exception:  # a body PTB cannot read as an Update: the sender's mistake
            log.warning("Telegram webhook: update %s could not be read", update_id, exc_info=True)
            return web.Response(status=400)
        return web.Response(text="ok")


def decode_object(body: bytes) -> dict[str, Any] | None:
    """A JSON object from ``body``, or None (not JSON, not an object, or nested too deep)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
