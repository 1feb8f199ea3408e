"""Zalo webhook hardening: stale and replayed events, bodies that break parsers, outages.

Through the real Zalo channel against the fake Zalo API on 127.0.0.1 (issue #10).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.zalo_api import sign
from tests.harness import execute_sql
from tests.zalo_harness import ZaloBotDriver, event_key, running_zalo_bot


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


def days_ago(days: float) -> str:
    return str(int((time.time() - days * 86400) * 1000))


async def test_a_correctly_signed_but_old_event_is_refused(zalo: ZaloBotDriver) -> None:
    fake = zalo.fake
    fake.interacted("811")
    event = fake.text_event("811", "/trogiup") | {"timestamp": days_ago(90)}
    assert await fake.deliver(event) == 400
    await zalo.say(811, "/menu")  # handled after the old one would have been
    assert len(zalo.received(811)) == 1


async def test_an_event_replayed_after_its_key_was_pruned_is_refused(zalo: ZaloBotDriver) -> None:
    fake = zalo.fake
    fake.interacted("812")
    event = fake.text_event("812", "/trogiup") | {"timestamp": days_ago(0.5)}
    assert await fake.deliver(event) == 200
    assert zalo.channel is not None
    await zalo.channel.wait_finished(event_key(event))
    # Four days on, the key has been pruned and the captured request is played again.
    execute_sql(zalo.store, "DELETE FROM zalo_seen_events")
    replayed = event | {"timestamp": event["timestamp"]}
    body = json.dumps(replayed, ensure_ascii=False).encode()
    signature = sign(fake.app_id, body, days_ago(4), fake.oa_secret_key)
    assert await fake.deliver(replayed | {"timestamp": days_ago(4)}, signature=signature) == 403
    assert await fake.deliver(replayed | {"timestamp": days_ago(4)}) == 400
    await zalo.say(812, "/menu")
    assert len(zalo.received(812)) == 2


async def test_a_deeply_nested_body_gets_400_without_a_traceback(
    zalo: ZaloBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    nested = b'{"event_name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    async with httpx.AsyncClient() as client:
        response = await client.post(zalo.fake.webhook_url, content=nested)
    assert response.status_code == 400
    assert "Traceback" not in caplog.text


async def test_a_zalo_reply_survives_an_outage_of_the_api(zalo: ZaloBotDriver) -> None:
    zalo.fake.fail_next(status=502, user_id="813")
    zalo.fake.fail_next(status=503, user_id="813")
    replies = await zalo.say(813, "/trogiup")
    assert any("Các lệnh" in r.text for r in replies)
