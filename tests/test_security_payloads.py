"""Forged and typed button payloads never reach a handler past the role check.

Regression tests for issue #10, defect 1: the consent button once ran whatever payload
followed ``consent:y:``, skipping the role check, and on Zalo typed ``#p …`` text counted as a
tap. Presses here are forged: the fake Bot API lets a test press a button never shown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_router
from tests.harness import TelegramBotDriver, texts
from tests.voice_helpers import OFFICER, REVIEWER, one_question, staff
from tests.zalo_harness import ZaloBotDriver, running_zalo_bot

NOT_STAFF = "Xin lỗi, lệnh này chỉ dành cho cán bộ được giao quyền."
CONTACT = ("Lò Văn Minh", "0912345678")

ROUTER = build_router()
STAFF_PREFIXES = sorted(
    str(key[1]) for key in ROUTER.roles if key[0] == "action" and ROUTER.roles[key]
)
OFFICER_PREFIXES = sorted(
    str(key[1])
    for key, roles in ROUTER.roles.items()
    if key[0] == "action" and "reviewer" not in roles
)


def refusals(bot: TelegramBotDriver | ZaloBotDriver, user: str) -> list[dict]:
    return [e for e in bot.store.audit.entries(actor=user) if not e["allowed"]]


def grants(bot: TelegramBotDriver | ZaloBotDriver, user: str) -> list[dict]:
    return [e for e in bot.store.audit.entries(actor=user) if e["allowed"]]


async def test_consent_never_runs_the_payload_that_follows_it(bot: TelegramBotDriver) -> None:
    _, ref = await one_question(bot, 501, "Hộ cận nghèo vay vốn thế nào?", contact=CONTACT)
    question = bot.store.voice.queue.by_ref(ref)
    assert question is not None
    await bot.say(502, "/start")
    replies = await bot.press_data(502, f"consent:y:cq:o:{question.id}", forged=True)
    received = "\n".join(texts(replies))
    assert "Cảm ơn bà con đã đồng ý." in received
    assert "Lò Văn Minh" not in received and "0912345678" not in received
    assert grants(bot, "telegram:502") == []


@pytest.mark.parametrize("prefix", STAFF_PREFIXES)
async def test_a_citizen_pressing_any_staff_button_is_refused_and_audited(
    bot: TelegramBotDriver, prefix: str
) -> None:
    await bot.onboard(503)
    replies = await bot.press_data(503, f"{prefix}:o:1", forged=True)
    assert texts(replies)[0].startswith(NOT_STAFF)
    [refusal] = refusals(bot, "telegram:503")
    assert (refusal["action"], refusal["role"]) == (f"{prefix}:o:1", None)
    assert grants(bot, "telegram:503") == []


@pytest.mark.parametrize("prefix", OFFICER_PREFIXES)
async def test_a_reviewer_pressing_an_officer_button_is_refused_with_the_real_role(
    bot: TelegramBotDriver, prefix: str
) -> None:
    staff(bot, REVIEWER, "reviewer")
    await bot.say(REVIEWER, "/start")
    replies = await bot.press_data(REVIEWER, f"consent:y:{prefix}:x:1", forged=True)
    assert NOT_STAFF not in "\n".join(texts(replies)), "nothing after consent:y may run"
    replies = await bot.press_data(REVIEWER, f"{prefix}:x:1", forged=True)
    assert texts(replies)[0].startswith(NOT_STAFF)
    [refusal] = refusals(bot, f"telegram:{REVIEWER}")
    assert refusal["role"] == "reviewer"


async def test_an_officer_still_opens_a_card(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER, "officer")
    _, ref = await one_question(bot, 505, "Hộ nghèo có được miễn học phí không?", contact=CONTACT)
    card = await bot.say(OFFICER, f"/cauhoi {ref}")
    assert "Lò Văn Minh" in "\n".join(texts(card))
    assert any(e["action"] == "/cauhoi" for e in grants(bot, f"telegram:{OFFICER}"))


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


async def test_typed_payloads_on_zalo_are_text_not_taps(zalo: ZaloBotDriver) -> None:
    await zalo.onboard(706)
    for typed in ("#p cq:o:1", "#p consent:y:cq:o:1", "#p rp:y:2026", "#p bcm:c:1"):
        replies = await zalo.say(706, typed)
        joined = "\n".join(texts(replies))
        assert NOT_STAFF not in joined, f"{typed!r} was taken as a tap"
    assert grants(zalo, "zalo:706") == []
    assert refusals(zalo, "zalo:706") == []


async def test_a_typed_chain_of_consents_gives_one_short_answer(zalo: ZaloBotDriver) -> None:
    await zalo.say(707, "/start")
    replies = await zalo.say(707, "#p " + "consent:y:" * 600)
    assert 1 <= len(replies) <= 3
    assert zalo.store.citizens.get("zalo:707") is None, "typed text never gives consent"


async def test_a_tap_signed_for_someone_else_is_not_a_tap(zalo: ZaloBotDriver) -> None:
    await zalo.say(708, "/start")
    [notice] = [m for m in zalo.received(708) if m.buttons]
    _, carried = notice.buttons[0]
    await zalo.say(709, carried)  # another follower pastes what 708's button carries
    assert zalo.store.citizens.get("zalo:709") is None
    await zalo.say(708, carried)
    assert zalo.store.citizens.get("zalo:708") is not None
