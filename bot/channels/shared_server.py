"""What a channel needs from the process's one web server to receive its webhook there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web

RequestHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebhookServer(Protocol):
    """A shared HTTP server (``bot.web.server.WebServer``) a channel adds its routes to."""

    def add_webhook(self, method: str, path: str, handler: RequestHandler) -> None: ...
