"""Long formatted broadcasts: measured, split and previewed on the text citizens read.

Regression tests for issue #10, defect 8: the length check counted plain text but the splitter
cut raw HTML at 4096, so a bold 4-paragraph notice with ``&`` (plain ~3,970, HTML ~4,489) was
accepted, its preview died ("can't find end tag"), the officer was left without buttons and
every delivery failed. Here the officer formats the notice in Telegram (the fake Bot API turns
it into entities, and parses every HTML message the bot sends as Telegram does).
"""

from __future__ import annotations

import pytest

from bot.broadcasts.service import BroadcastService
from bot.channels.text_split import rendered, split_html
from bot.core.messages import Button, DeliveryStatus, Outgoing
from tests.harness import TelegramBotDriver, labels
from tests.test_broadcast_flows import OFFICER, officer, service
from tests.test_broadcasts import FOOTER, start_service

__all__ = ["officer", "service", "start_service"]

SENTENCE = "Hộ nghèo & hộ cận nghèo được hỗ trợ vay vốn, học nghề & bảo hiểm y tế. "


def notice(paragraphs: int = 4, length: int = 990) -> tuple[str, str]:
    """(HTML, plain text) of ``paragraphs`` bold paragraphs of about ``length`` characters."""
    plain = [(SENTENCE * (length // len(SENTENCE) + 1))[:length].strip() for _ in range(paragraphs)]
    html = "\n\n".join(f"<b>{p.replace('&', '&amp;')}</b>" for p in plain)
    return html, "\n\n".join(plain)


async def test_a_bold_notice_with_ampersands_is_previewed_and_sent_whole(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    html, plain = notice()
    assert len(plain) < 4000 < 4400 < len(html)
    await bot.say(OFFICER, "/guitin")
    replies = await bot.say(OFFICER, html, html=True)
    intro, preview, audience = replies
    assert intro.text.startswith("Bản xem trước")
    assert preview.text == f"{plain}\n\n{FOOTER}"
    assert [e["type"] for e in preview.entities] == ["bold"] * 4
    assert labels(audience)[0].startswith("👥 Tất cả người nhận tin (3)")
    await bot.press(OFFICER, "👥 Tất cả")
    await bot.press(OFFICER, "🚀 Gửi ngay")
    await bot.press(OFFICER, "✅ Xác nhận")
    await service.wait_idle()
    for chat in (301, 302, 303):
        [message] = bot.fake.transcript(chat)
        assert message.text == preview.text and message.entities == preview.entities


async def test_a_notice_over_the_limit_by_its_rendered_length_is_refused(
    officer: TelegramBotDriver,
) -> None:
    html, plain = notice(length=1020)
    assert len(plain) + len(FOOTER) > 4096
    await officer.say(OFFICER, "/guitin")
    replies = await officer.say(OFFICER, html, html=True)
    assert "dài hơn giới hạn" in replies[0].text


async def test_long_html_is_split_between_paragraphs_with_its_tags_reopened(
    bot: TelegramBotDriver,
) -> None:
    _, plain = notice(paragraphs=6, length=1500)
    html = "<b>" + plain.replace("&", "&amp;") + "</b>"  # one bold span over every break
    await bot.onboard(320)
    menu = [[Button("Trang chủ", "menu")]]
    delivery = await bot.engine.services.hub.send("telegram:320", Outgoing(html, menu, html=True))
    assert delivery.status is DeliveryStatus.SENT
    parts = [m for m in bot.fake.transcript(320)][-3:]
    assert [m.text for m in parts] == [
        "\n\n".join(plain.split("\n\n")[i : i + 2]) for i in (0, 2, 4)
    ]
    assert all(len(m.text) <= 4096 and len(m.entities) == 1 for m in parts)
    assert labels(parts[-1]) == ["Trang chủ"] and not parts[0].buttons


@pytest.mark.parametrize(
    ("source", "limit", "parts"),
    [
        ("<b>ab cd</b> <a href=\"x\">ef gh</a>", 4,
         ["<b>ab</b>", "<b>cd</b>", '<a href="x">ef</a>', '<a href="x">gh</a>']),
        ("<i>Tom &amp; Jerry. Hai.</i>", 13, ["<i>Tom &amp; Jerry.</i>", "<i>Hai.</i>"]),
        ("<b>x</b>" * 3, 5, ["<b>x</b>" * 3]),
        ("a <b>b <i>c d</i></b> e", 5, ["a <b>b</b>", "<b><i>c d</i></b> e"]),
    ],
)  # fmt: skip
def test_split_html_cuts_rendered_text_and_never_inside_a_tag(
    source: str, limit: int, parts: list[str]
) -> None:
    assert split_html(source, limit) == parts
    assert " ".join(rendered(p) for p in parts).split() == rendered(source).split()


async def test_html_telegram_refuses_still_arrives_as_text_with_its_buttons(
    bot: TelegramBotDriver,
) -> None:
    await bot.onboard(321)
    message = Outgoing("Lịch họp <b>thứ Bảy", [[Button("Trang chủ", "menu")]], html=True)
    delivery = await bot.engine.services.hub.send("telegram:321", message)
    assert delivery.status is DeliveryStatus.SENT
    last = bot.fake.transcript(321)[-1]
    assert last.text == "Lịch họp thứ Bảy" and labels(last) == ["Trang chủ"]
