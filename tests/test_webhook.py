"""Webhook mode: updates arrive over HTTP and the secret-token header is checked."""

from __future__ import annotations

import dataclasses
import socket

import httpx

from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_rejects_a_wrong_secret_and_serves_the_right_one(
    fake: FakeBotAPI, settings, faq_matcher
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    webhook_settings = dataclasses.replace(
        settings,
        webhook_url=url,
        webhook_secret="s3cret-token",
        webhook_listen="127.0.0.1",
        webhook_port=port,
    )
    driver = TelegramBotDriver(fake, webhook_settings, faq=faq_matcher)
    await driver.start()
    try:
        assert fake.webhook is not None and fake.webhook["url"] == url
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 501, "type": "private", "first_name": "Dân"},
                "from": {"id": 501, "is_bot": False, "first_name": "Dân"},
                "text": "/trogiup",
                "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
            },
        }
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            missing = await client.post(url, json=update)
            assert (wrong.status_code, missing.status_code) == (403, 403)
            assert fake.transcript(501) == []
        # A real delivery: the fake pushes the citizen's message to the webhook with the secret.
        replies = await driver.say(502, "/trogiup")
        assert "Các lệnh" in replies[0].text
    finally:
        await driver.stop()
