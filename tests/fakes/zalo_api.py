"""A fake Zalo OA API on 127.0.0.1, and the Zalo side of the webhook, for tests and staging.

It serves ``POST /v3.0/oa/message/cs`` (with the 7-day interaction window) and
``POST /v4/oa/access_token`` (single-use refresh tokens) on one port, so both ``ZALO_API_URL``
and ``ZALO_OAUTH_URL`` point at :attr:`FakeZaloAPI.base_url`. People's messages are POSTed
to the bot's webhook, signed as Zalo signs them::

    async with FakeZaloAPI() as fake:
        fake.webhook_url = "http://127.0.0.1:8444/zalo/webhook"
        await fake.user_sends("8462", "Xin chào")
        fake.received("8462")  # what the OA sent to that person

Standalone, for a staging bot or a benchmark in another process::

    python -m tests.fakes.zalo_api --port 8082 --webhook http://127.0.0.1:8444/zalo/webhook

It then also serves ``GET /_fake/received/<user>``, ``GET /_fake/stats`` and
``POST /_fake/<action>`` (``set_follower``, ``expire_tokens``, ``fail_next``, ``user_sends``,
``user_follows``, ``user_unfollows`` with a JSON body of keyword arguments). It never opens
a connection beyond loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import signal
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import Settings
from tests.fakes.loopback import LoopbackServer
from tests.fakes.zalo_state import FakeZalo, ZaloMessage, error_body

__all__ = ["FakeZaloAPI", "ZaloMessage", "sign"]

_CONTROL = ("set_follower", "expire_tokens", "fail_next", "expire_uploads")
REACH_POST = (
    "/v2.0/article/create",
    "/v2.0/article/verify",
    "/v2.0/oa/message",
    "/v3.0/oa/quota/message",
    "/v3.0/oa/message/template",
)
_CONTROL_ASYNC = ("user_sends", "user_follows", "user_unfollows", "user_submits_info")


def sign(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The ``X-ZEvent-Signature`` header Zalo puts on a webhook delivery."""
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret_key.encode())
    return "mac=" + digest.hexdigest()


class FakeZaloAPI(FakeZalo, LoopbackServer):
    """The fake server. Use ``async with FakeZaloAPI(...) as fake``; see :class:`FakeZalo`."""

    def __init__(self, *, port: int = 0, webhook_url: str = "", **rules: Any) -> None:
        super().__init__(**rules)
        self.webhook_url = webhook_url
        self._port = port
        self._session: aiohttp.ClientSession | None = None
        self._msg_ids = 0
        self._changed = asyncio.Condition()

    @property
    def base_url(self) -> str:
        """For ``ZALO_API_URL`` and ``ZALO_OAUTH_URL``."""
        if self._runner is None:
            raise RuntimeError("FakeZaloAPI is not started")
        return f"http://127.0.0.1:{self._port}"

    def bot_settings(self, base: Settings) -> Settings:
        """``base`` with the ``ZALO_*`` settings of a bot that talks only to this fake.

        The webhook listens on a free port of 127.0.0.1; set :attr:`webhook_url` to the
        channel's ``webhook.url`` once it has started.
        """
        return dataclasses.replace(
            base,
            zalo_app_id=self.app_id,
            zalo_app_secret=self.app_secret,
            zalo_oa_secret_key=self.oa_secret_key,
            zalo_access_token=self.initial_tokens[0],
            zalo_refresh_token=self.initial_tokens[1],
            zalo_api_url=self.base_url,
            zalo_oauth_url=self.base_url,
            zalo_webhook_host="127.0.0.1",
            zalo_webhook_port=0,
        )

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3.0/oa/message/cs", self._handle_cs)
        app.router.add_post("/v4/oa/access_token", self._handle_token)
        app.router.add_post("/v2.0/oa/upload/{kind:image|file}", self._handle_upload)
        for path in REACH_POST:
            app.router.add_post(path, self._handle_reach)
        app.router.add_get("/v3.0/oa/user/getlist", self._handle_reach)
        app.router.add_get("/_fake/received/{user}", self._handle_received)
        app.router.add_get("/_fake/stats", self._handle_stats)
        app.router.add_post("/_fake/{action}", self._handle_control)
        await self._bind(app)
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        await self._unbind()

    async def wait_until(self, predicate: Callable[[], bool], *, timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds, checked after every send."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    # -- people ------------------------------------------------------------------------------
    def text_event(self, user_id: str, text: str, *, msg_id: str | None = None) -> dict[str, Any]:
        """A ``user_send_text`` event as Zalo delivers it (a button tap is one too)."""
        self._msg_ids += 1
        return {
            "app_id": self.app_id,
            "user_id_by_app": f"app{user_id}",
            "event_name": "user_send_text",
            "timestamp": str(int(time.time() * 1000)),
            "sender": {"id": str(user_id)},
            "recipient": {"id": self.oa_id},
            "message": {"text": text, "msg_id": msg_id or f"msg{self._msg_ids}-{time.time_ns()}"},
        }

    def follow_event(self, user_id: str, *, follow: bool = True) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "oa_id": self.oa_id,
            "user_id_by_app": f"app{user_id}",
            "event_name": "follow" if follow else "unfollow",
            "timestamp": str(time.time_ns() // 1000),  # unique per event, as Zalo's ms are
            "source": "oa_profile",
            "follower": {"id": str(user_id)},
        }

    async def user_sends(self, user_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
        """The person writes ``text`` (or taps a button whose payload is ``text``)."""
        self.interacted(str(user_id))
        event = self.text_event(str(user_id), text, **kwargs)
        await self.deliver(event)
        return event

    async def user_follows(self, user_id: str) -> dict[str, Any]:
        self.interacted(str(user_id))
        event = self.follow_event(str(user_id))
        await self.deliver(event)
        return event

    async def user_submits_info(self, user_id: str, name: str, phone: str) -> dict[str, Any]:
        """The person taps the contact form and shares ``name`` and ``phone``."""
        self.interacted(str(user_id))
        event = {
            "app_id": self.app_id,
            "user_id_by_app": f"app{user_id}",
            "event_name": "user_submit_info",
            "timestamp": str(time.time_ns() // 1000),
            "sender": {"id": str(user_id)},
            "recipient": {"id": self.oa_id},
            "info": {"name": name, "phone": phone, "address": "", "city": "", "district": ""},
        }
        await self.deliver(event)
        return event

    async def user_unfollows(self, user_id: str) -> dict[str, Any]:
        self.set_follower(str(user_id), following=False)
        event = self.follow_event(str(user_id), follow=False)
        await self.deliver(event)
        return event

    async def deliver(
        self, event: dict[str, Any], *, signature: str | None = None, body: bytes | None = None
    ) -> int:
        """POST ``event`` to the webhook, signed unless ``signature`` is given; the status."""
        if not self.webhook_url or self._session is None:
            raise RuntimeError("set webhook_url and start the fake first")
        raw = body if body is not None else json.dumps(event, ensure_ascii=False).encode()
        if signature is None:
            signature = sign(self.app_id, raw, str(event["timestamp"]), self.oa_secret_key)
        headers = {"Content-Type": "application/json", "X-ZEvent-Signature": signature}
        if not signature:
            del headers["X-ZEvent-Signature"]
        async with self._session.post(self.webhook_url, data=raw, headers=headers) as response:
            return response.status

    # -- HTTP ------------------------------------------------------------------------------
    async def _handle_cs(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        status, answer = self.send_cs(request.headers.get("access_token"), body)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(answer, status=status, headers=self.rate_headers())

    async def _handle_reach(self, request: web.Request) -> web.Response:
        try:
            if request.method == "GET":
                body = json.loads(request.query.get("data", "{}"))
            else:
                body = await request.json()
        except ValueError:
            body = None
        answer = self.reach_call(request.path, request.headers.get("access_token"), body)
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(answer, headers=self.rate_headers())

    async def _handle_upload(self, request: web.Request) -> web.Response:
        code = self.token_error(request.headers.get("access_token"))
        if code:
            return web.json_response(error_body(code))
        form = await request.post()
        field = form.get("file")
        if not isinstance(field, web.FileField):
            return web.json_response(error_body(-201))
        data = field.file.read()
        answer = self.upload(request.match_info["kind"], field.filename, data, field.content_type)
        return web.json_response(answer)

    async def _handle_token(self, request: web.Request) -> web.Response:
        form = {key: str(value) for key, value in (await request.post()).items()}
        return web.json_response(self.refresh(request.headers.get("secret_key"), form))

    async def _handle_received(self, request: web.Request) -> web.Response:
        messages = [
            {"text": m.text, "buttons": m.buttons, "message_id": m.message_id, "at": str(m.at)}
            for m in self.received(request.match_info["user"])
        ]
        return web.json_response(messages)

    async def _handle_stats(self, request: web.Request) -> web.Response:
        stats = self.stats
        return web.json_response(
            {
                "sent": stats.sent,
                "refused": {str(code): n for code, n in stats.refused.items()},
                "refreshes": stats.refreshes,
                "refresh_refused": stats.refresh_refused,
            }
        )

    async def _handle_control(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        if action not in _CONTROL + _CONTROL_ASYNC:
            raise web.HTTPNotFound(text=f"no control action {action!r}")
        kwargs = await request.json() if request.body_exists else {}
        if "last_interaction" in kwargs:
            kwargs["last_interaction"] = dt.datetime.fromisoformat(kwargs["last_interaction"])
        result = getattr(self, action)(**kwargs)
        if action in _CONTROL_ASYNC:
            result = await result
        return web.json_response(
            {"ok": True, "result": result if action in _CONTROL_ASYNC else None}
        )


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeZaloAPI(
        port=args.port,
        webhook_url=args.webhook,
        rate_limit_per_minute=args.rate_limit,
        app_id=args.app_id,
        app_secret=args.app_secret,
        oa_secret_key=args.oa_secret_key,
    )
    async with fake:
        print(f"fake Zalo OA API on {fake.base_url} (app {fake.app_id})", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake Zalo OA API on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--webhook", default="", help="the bot's Zalo webhook URL")
    parser.add_argument("--app-id", default="1234567890")
    parser.add_argument("--app-secret", default="app-secret")
    parser.add_argument("--oa-secret-key", default="oa-secret-key")
    parser.add_argument("--rate-limit", type=int, default=None, help="sends a minute (-32 over)")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
