"""One process, one port: the console, ``/healthz``, Telegram's and Zalo's webhooks together,
started the way ``python -m bot run`` starts them (``bot.runner.running``)."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import httpx

from bot.app import build_engine
from bot.runner import running
from tests.fakes import FakeBotAPI
from tests.fakes.zalo_api import FakeZaloAPI
from tests.harness import make_settings

SECRET = "one-port-secret-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_console_healthz_and_both_webhooks_on_one_port(
    tmp_path: Path, fake: FakeBotAPI, faq_matcher: object
) -> None:
    port = free_port()
    own_ports = (free_port(), free_port())  # where the channels would listen on their own
    async with FakeZaloAPI() as zalo:
        settings = dataclasses.replace(
            zalo.bot_settings(make_settings(tmp_path, fake)),
            http_host="127.0.0.1",
            http_port=port,
            webhook_url=f"http://127.0.0.1:{port}/telegram-hook",
            webhook_secret=SECRET,
            webhook_listen="127.0.0.1",
            webhook_port=own_ports[0],
            zalo_webhook_port=own_ports[1],
        )
        engine = build_engine(settings, faq=faq_matcher)
        async with running(settings, engine=engine) as web, httpx.AsyncClient() as client:
            base = f"http://127.0.0.1:{port}"
            assert web.base_url == base
            assert (await client.get(f"{base}/healthz")).text == "ok"
            assert "Vui lòng đăng nhập" in (await client.get(f"{base}/cauhoi")).text
            assert fake.webhook is not None and fake.webhook["url"] == f"{base}/telegram-hook"
            refused = await client.post(f"{base}/telegram-hook", json={"update_id": 1})
            assert refused.status_code == 403  # the secret is still required here
            fake.user_sends(501, "/trogiup")  # the fake pushes it to the webhook, with the secret
            await fake.wait_until(lambda: bool(fake.transcript(501)), timeout=10)
            assert "Các lệnh" in (fake.transcript(501)[0].text or "")
            zalo.webhook_url = f"{base}/zalo/webhook"
            await zalo.user_sends("7001", "/trogiup")
            await fake.wait_until(lambda: bool(zalo.received("7001")), timeout=10)
            for unused in own_ports:
                with socket.socket() as sock:
                    assert sock.connect_ex(("127.0.0.1", unused)) != 0, "a second port listens"
