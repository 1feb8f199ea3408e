"""The fake Zalo OA API keeps Zalo's rules: the window, followers, tokens, errors on HTTP 200."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.fakes.zalo_api import FakeZaloAPI

TEXT = {"text": "Xin chào"}


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloAPI]:
    async with FakeZaloAPI() as fake:
        yield fake


async def send(fake: FakeZaloAPI, user: str, message: dict, token: str = "access-0") -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{fake.base_url}/v3.0/oa/message/cs",
            json={"recipient": {"user_id": user}, "message": message},
            headers={"access_token": token},
        )
    assert response.status_code == 200, "Zalo reports errors with HTTP 200"
    return response.json()


async def refresh(fake: FakeZaloAPI, token: str, secret: str = "app-secret") -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{fake.base_url}/v4/oa/access_token",
            data={"refresh_token": token, "app_id": fake.app_id, "grant_type": "refresh_token"},
            headers={"secret_key": secret},
        )
    return response.json()


async def test_a_follower_inside_the_window_receives_text_and_buttons(zalo: FakeZaloAPI) -> None:
    zalo.set_follower("7")
    buttons = [{"title": "Có", "type": "oa.query.hide", "payload": "#p sub:y"}]
    answer = await send(
        zalo, "7", {**TEXT, "attachment": {"type": "template", "payload": {"buttons": buttons}}}
    )
    assert answer["error"] == 0 and answer["data"]["message_id"]
    [message] = zalo.received("7")
    assert (message.text, message.buttons) == ("Xin chào", [("Có", "#p sub:y")])


@pytest.mark.parametrize(
    ("follower", "code"),
    [
        (None, -213),
        ({"following": False}, -213),
        ({"inactive": True}, -227),
        ({"last_interaction": dt.datetime.now(dt.UTC) - dt.timedelta(days=8)}, -230),
    ],
)
async def test_who_cannot_receive_a_consultation_message(
    zalo: FakeZaloAPI, follower: dict | None, code: int
) -> None:
    if follower is not None:
        zalo.set_follower("7", **follower)
    assert (await send(zalo, "7", TEXT))["error"] == code
    assert zalo.received("7") == []


@pytest.mark.parametrize(
    "message",
    [
        {"text": "x" * 2001},
        {"text": ""},
        {**TEXT, "attachment": {"payload": {"buttons": [{}] * 6}}},
    ],
)
async def test_malformed_messages_are_refused(zalo: FakeZaloAPI, message: dict) -> None:
    zalo.set_follower("7")
    assert (await send(zalo, "7", message))["error"] == -201


async def test_tokens_expire_and_refresh_tokens_are_single_use(zalo: FakeZaloAPI) -> None:
    zalo.set_follower("7")
    assert (await send(zalo, "7", TEXT, token="forged"))["error"] == -216
    zalo.expire_tokens()
    assert (await send(zalo, "7", TEXT))["error"] == -220
    pair = await refresh(zalo, "refresh-0")
    assert pair["expires_in"] == "90000"
    assert (await send(zalo, "7", TEXT, token=pair["access_token"]))["error"] == 0
    again = await refresh(zalo, "refresh-0")
    assert again["error"] == -14014 and "access_token" not in again
    assert (await refresh(zalo, pair["refresh_token"], secret="wrong"))["error"] == -14002
    zalo.refuse_refresh = True
    assert (await refresh(zalo, pair["refresh_token"]))["error"] == -14014


async def test_rate_limit_and_injected_failures() -> None:
    async with FakeZaloAPI(rate_limit_per_minute=2) as zalo:
        zalo.set_follower("7")
        codes = [(await send(zalo, "7", TEXT))["error"] for _ in range(3)]
        assert codes == [0, 0, -32]
    async with FakeZaloAPI() as zalo:
        zalo.set_follower("7")
        zalo.fail_next(error=-230, user_id="8")
        zalo.fail_next(status=502)
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{zalo.base_url}/v3.0/oa/message/cs",
                json={"recipient": {"user_id": "7"}, "message": TEXT},
                headers={"access_token": "access-0"},
            )
        assert response.status_code == 502
        assert (await send(zalo, "7", TEXT))["error"] == 0, "the -230 was for user 8"
        assert zalo.stats.sent == 1


async def test_control_side_over_http(zalo: FakeZaloAPI) -> None:
    week_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=7, minutes=1)).isoformat()
    async with httpx.AsyncClient(base_url=zalo.base_url) as client:
        await client.post(
            "/_fake/set_follower", json={"user_id": "9", "last_interaction": week_ago}
        )
        assert (await send(zalo, "9", TEXT))["error"] == -230
        await client.post("/_fake/set_follower", json={"user_id": "9"})
        assert (await send(zalo, "9", TEXT))["error"] == 0
        received = (await client.get("/_fake/received/9")).json()
        stats = (await client.get("/_fake/stats")).json()
        missing = await client.post("/_fake/drop_database")
    assert [m["text"] for m in received] == ["Xin chào"]
    assert stats["sent"] == 1 and stats["refused"] == {"-230": 1}
    assert missing.status_code == 404
