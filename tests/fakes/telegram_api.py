"""A fake Telegram Bot API server on 127.0.0.1, for tests and broadcast benchmarks.

The real python-telegram-bot ``Application`` talks HTTP to it::

    async with FakeBotAPI() as fake:
        app = (
            ApplicationBuilder().token(fake.token)
            .base_url(fake.base_url).base_file_url(fake.base_file_url).build()
        )
        fake.user_sends(42, "/start")
        replies = await fake.wait_for_reply(42)

Standalone, for manual runs and benchmarks in another process::

    python -m tests.fakes.telegram_api --port 8081 --latency 0.05 --flood-control

It then also serves ``GET /_fake/stats`` and ``POST /_fake/<action>`` (``block``,
``unblock``, ``forget_chat``, ``fail_next``, ``user_sends`` with a JSON body of keyword
arguments). It never opens a connection beyond loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import json
import re
import signal
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from tests.fakes.loopback import LoopbackServer
from tests.fakes.telegram_control import FakeTelegram
from tests.fakes.telegram_flood import FloodControl
from tests.fakes.telegram_params import Params
from tests.fakes.telegram_state import ApiError, UploadedFile, bad_request

METHODS = (
    "getMe", "getUpdates", "sendMessage", "sendPhoto", "sendDocument", "copyMessage",
    "sendChatAction", "editMessageText", "editMessageReplyMarkup", "deleteMessage",
    "answerCallbackQuery", "getChat", "getFile", "setMyCommands", "getMyCommands",
    "deleteMyCommands", "setWebhook", "deleteWebhook", "getWebhookInfo", "logOut", "close",
)  # fmt: skip
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_CONTROL_ACTIONS = ("block", "unblock", "forget_chat", "fail_next", "user_sends")
_STATUSES = {status.value for status in HTTPStatus}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_MAX_UPLOAD = 64 * 1024 * 1024  # above Telegram's 50 MB so the bot's own limit is what shows


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _chat_of(params: Params) -> int | None:
    try:
        return int(params.get("chat_id"))
    except (TypeError, ValueError):
        return None


async def read_params(request: web.Request) -> Params:
    """Decodes a query string, a form, a multipart form or a JSON body into :class:`Params`."""
    values: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return Params(values)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON encoded request") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON encoded request")
        values.update(body)
    elif request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                content_type = part.headers.get("Content-Type", "application/octet-stream")
                values[part.name] = UploadedFile(
                    part.filename, bytes(await part.read()), content_type
                )
            else:
                values[part.name] = await part.text()
    else:
        form = await request.post()
        values.update({key: value for key, value in form.items() if isinstance(value, str)})
    return Params(values)


class FakeBotAPI(FakeTelegram, LoopbackServer):
    """The fake Bot API server. Use ``async with FakeBotAPI(...) as fake``.

    Args:
        token: the only token accepted; others get 401 "Unauthorized".
        latency: seconds added before answering each request (not ``getUpdates``).
        flood_control: refuse sends over the limits below with 429 and ``retry_after``.
        global_rate: messages/s across all chats.
        per_chat_rate: messages/s to one private chat, after ``per_chat_burst`` at once.
        per_chat_burst: messages a private chat accepts at once.
        unknown_chats_exist: False makes sends to chats no user wrote from fail with
            "chat not found".
        keep_payloads: keep document/photo bytes (off for big benchmarks).
        port: 0 picks a free port.
        webhook_push: while a webhook is set, POST queued updates to it automatically.
        clock: monotonic clock for flood control (tests step a fake one).
    """

    def __init__(
        self,
        *,
        token: str = "123:TEST",
        latency: float = 0.0,
        flood_control: bool = False,
        global_rate: float = 30.0,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 3,
        unknown_chats_exist: bool = True,
        keep_payloads: bool = True,
        port: int = 0,
        webhook_push: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        flood = None
        if flood_control:
            flood = FloodControl(
                global_rate=global_rate,
                per_chat_rate=per_chat_rate,
                per_chat_burst=per_chat_burst,
                clock=clock,
            )
        super().__init__(
            token=token,
            flood=flood,
            unknown_chats_exist=unknown_chats_exist,
            keep_payloads=keep_payloads,
        )
        self.latency = latency
        self.webhook_push = webhook_push
        self._port = port
        self._session: aiohttp.ClientSession | None = None
        self._push_task: asyncio.Task[None] | None = None
        self._handlers: dict[str, tuple[str, Callable[[Params], Any]]] = {
            name.lower(): (name, getattr(self, _snake(name))) for name in METHODS
        }

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`)."""
        if self._runner is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``; the token and method are appended."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        """Binds 127.0.0.1 (on a free port unless one was given) and starts serving."""
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_get("/_fake/stats", self._handle_stats)
        app.router.add_post("/_fake/{action}", self._handle_control)
        await self._bind(app)

    async def stop(self) -> None:
        """Ends waiting polls, stops webhook pushes and closes the server."""
        self.updates.close()
        if self._push_task is not None:
            self._push_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._push_task
        if self._session is not None:
            await self._session.close()
            self._session = None
        await self._unbind()

    # -- Bot API over HTTP ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        canonical, handler = self._handlers.get(name.lower(), (name, None))
        self.stats.requests[canonical] += 1
        chat_id: int | None = None
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if handler is None:
                raise ApiError(404, "Not Found")
            params = await read_params(request)
            chat_id = _chat_of(params)
            if self.latency and canonical != "getUpdates":
                await asyncio.sleep(self.latency)
            fault = self._take_fault(canonical, chat_id, stall=False)
            if fault is not None and fault.error is not None:
                raise fault.error
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
            stall = self._take_fault(canonical, chat_id, stall=True)
            if stall is not None:
                await asyncio.sleep(stall.stall)
            return web.json_response({"ok": True, "result": result})
        except ApiError as error:
            self.stats.errors[error.status] += 1
            if error.status == 429:
                self.stats.rate_limited += 1
                if chat_id is not None:
                    self.stats.rate_limited_per_chat[chat_id] += 1
            return web.json_response(error.body(), status=error.status)

    async def get_updates(self, p: Params) -> list[dict[str, Any]]:
        """``getUpdates``: long polling; 409 while a webhook is set."""
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        return await self.updates.poll(
            offset=p.integer("offset", 0) or 0,
            limit=min(max(p.integer("limit", 100) or 100, 1), 100),
            wait=max(float(p.get("timeout") or 0), 0.0),
            allowed_updates=p.json("allowed_updates"),
        )

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            raise web.HTTPUnauthorized()
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if stored is None or stored.data is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _handle_stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.stats.summary())

    async def _handle_control(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        if action not in _CONTROL_ACTIONS:
            raise web.HTTPNotFound()
        kwargs = await request.json() if request.body_exists else {}
        result = getattr(self, action)(**kwargs)
        return web.json_response({"ok": True, "result": result})

    # -- webhook delivery -------------------------------------------------------------------

    def _queue(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = super()._queue(kind, payload)
        self._schedule_push()
        return update_id

    def set_webhook(self, p: Params) -> bool:
        """``setWebhook``; pending updates start flowing to it (see ``webhook_push``)."""
        result = super().set_webhook(p)
        self._schedule_push()
        return result

    def _schedule_push(self) -> None:
        if not (self.webhook_push and self.webhook and self._runner):
            return
        if self._push_task is None or self._push_task.done():
            self._push_task = asyncio.get_running_loop().create_task(self._push_loop())

    async def _push_loop(self) -> None:
        while self.webhook is not None and self.updates.pending(1):
            if await self.deliver_to_webhook() == 0:
                return  # the webhook failed; the next update or call tries again

    async def deliver_to_webhook(self) -> int:
        """POSTs queued updates to the webhook in order; returns how many it accepted.

        Each request carries the ``X-Telegram-Bot-Api-Secret-Token`` header when a secret was
        set. Delivery stops at the first failure, which is recorded for ``getWebhookInfo``.
        """
        webhook = self.webhook
        if webhook is None:
            raise RuntimeError("no webhook is set")
        if urlsplit(webhook["url"]).hostname not in _LOOPBACK:
            self._webhook_failed("the fake delivers only to loopback addresses")
            return 0
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        headers = {SECRET_HEADER: webhook["secret_token"]} if webhook["secret_token"] else {}
        delivered = 0
        for update in self.updates.pending():
            try:
                async with self._session.post(webhook["url"], json=update, headers=headers) as r:
                    if not 200 <= r.status < 300:
                        # Telegram reports the standard phrase, not the server's own reason.
                        phrase = HTTPStatus(r.status).phrase if r.status in _STATUSES else ""
                        self._webhook_failed(
                            f"Wrong response from the webhook: {r.status} {phrase}"
                        )
                        break
            except (aiohttp.ClientError, TimeoutError) as exc:
                self._webhook_failed(str(exc) or type(exc).__name__)
                break
            self.updates.confirm(update["update_id"] + 1)
            delivered += 1
        return delivered

    def _webhook_failed(self, message: str) -> None:
        if self.webhook is not None:
            self.webhook["last_error_date"] = int(time.time())
            self.webhook["last_error_message"] = message
        self._notify()


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeBotAPI(
        token=args.token,
        latency=args.latency,
        flood_control=args.flood_control,
        global_rate=args.global_rate,
        per_chat_rate=args.per_chat_rate,
        keep_payloads=not args.drop_payloads,
        port=args.port,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with fake:
        print(f"base_url={fake.base_url}", flush=True)
        print(f"base_file_url={fake.base_file_url}", flush=True)
        print(f"token={fake.token}", flush=True)
        await stop.wait()
    print(json.dumps(fake.stats.summary(), indent=2), flush=True)


def main(argv: list[str] | None = None) -> None:
    """Runs the fake until Ctrl-C, then prints its stats."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123:TEST")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument("--flood-control", action="store_true", help="answer 429 over limits")
    parser.add_argument("--global-rate", type=float, default=30.0)
    parser.add_argument("--per-chat-rate", type=float, default=1.0)
    parser.add_argument("--drop-payloads", action="store_true", help="do not keep file bytes")
    asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
