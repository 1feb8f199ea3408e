"""Webhook mode: a secret is required, checked in constant time, and each update runs once."""

from __future__ import annotations

import dataclasses
import socket
from typing import Any

import httpx
import pytest

from bot.app import build_engine
from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_webhook import WebhookConfigError
from bot.config import Settings
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver

SECRET = "s3cret-token-for-tests-only"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_settings(settings: Settings, **overrides: Any) -> Settings:
    port = free_port()
    values: dict[str, Any] = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram-hook",
        "webhook_secret": SECRET,
        "webhook_listen": "127.0.0.1",
        "webhook_port": port,
    }
    return dataclasses.replace(settings, **(values | overrides))


def command_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private", "first_name": "Dân"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Dân"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_rejects_a_wrong_secret_and_serves_the_right_one(
    fake: FakeBotAPI, settings, faq_matcher
) -> None:
    hooked = webhook_settings(settings)
    url = hooked.webhook_url
    driver = TelegramBotDriver(fake, hooked, faq=faq_matcher)
    await driver.start()
    try:
        assert fake.webhook is not None and fake.webhook["url"] == url
        assert fake.webhook["secret_token"] == SECRET
        update = command_update(1, 501, "/trogiup")
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            missing = await client.post(url, json=update)
            assert (wrong.status_code, missing.status_code) == (403, 403)
            assert fake.transcript(501) == []
        # A real delivery: the fake pushes the citizen's message to the webhook with the secret.
        replies = await driver.say(502, "/trogiup")
        assert "Các lệnh" in (replies[0].text or "")
    finally:
        await driver.stop()


@pytest.mark.parametrize("secret", ["", "short", "has spaces in it but long"])
async def test_webhook_mode_refuses_to_start_without_a_usable_secret(
    settings, faq_matcher, secret: str
) -> None:
    engine = build_engine(settings, faq=faq_matcher)
    try:
        with pytest.raises(WebhookConfigError, match="BOT_WEBHOOK_SECRET"):
            TelegramChannel(engine, webhook_settings(settings, webhook_secret=secret))
    finally:
        engine.services.store.close()


async def test_a_repeated_update_is_handled_once(fake: FakeBotAPI, settings, faq_matcher) -> None:
    hooked = webhook_settings(settings)
    driver = TelegramBotDriver(fake, hooked, faq=faq_matcher)
    await driver.start()
    try:
        update = command_update(7001, 601, "/trogiup")
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient() as client:
            for _ in range(3):
                answer = await client.post(hooked.webhook_url, json=update, headers=headers)
                assert answer.status_code == 200
        assert driver.channel is not None
        await driver.channel.wait_finished(7001)
        # A later update is handled; by then the repeats would have been too.
        async with httpx.AsyncClient() as client:
            later = command_update(7002, 601, "/trogiup")
            await client.post(hooked.webhook_url, json=later, headers=headers)
        await driver.channel.wait_finished(7002)
        assert len([m for m in fake.transcript(601) if "Các lệnh" in (m.text or "")]) == 2
    finally:
        await driver.stop()


async def test_a_malformed_or_deeply_nested_body_gets_400_not_an_error_page(
    fake: FakeBotAPI, settings, faq_matcher, caplog
) -> None:
    hooked = webhook_settings(settings)
    driver = TelegramBotDriver(fake, hooked, faq=faq_matcher)
    await driver.start()
    try:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        nested = b'{"update_id": 5, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        async with httpx.AsyncClient() as client:
            for body in (nested, b"[1, 2]", b"not json", b'{"update_id": "x"}'):
                answer = await client.post(hooked.webhook_url, content=body, headers=headers)
                assert answer.status_code == 400
        assert "Traceback" not in caplog.text
    finally:
        await driver.stop()
