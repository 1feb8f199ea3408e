"""Dated answers: the version in force on the local date, the notice before a switch, the
citizen's own household category first, and local figures from the deployment."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.citizens.answer_card import compose
from bot.core.clock import Clock
from bot.core.content import Deployment, Texts
from bot.core.local_time import local_today
from bot.core.services import Services
from faq.catalog import Catalog
from tests.harness import TelegramBotDriver, labels, query_rows

CONTENT = Path(__file__).resolve().parent.parent / "content"
UTC = dt.UTC


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(CONTENT)


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load(CONTENT / "texts.yaml", Deployment.load(CONTENT / "deployment.yaml"))


def first(catalog: Catalog, texts: Texts, intent: str, day: str, **kw: str) -> str:
    card = compose(
        catalog.intents[intent], texts, catalog.figures, day=dt.date.fromisoformat(day), **kw
    )
    return card.first


@pytest.mark.parametrize(
    ("day", "shown", "absent"),
    [
        ("2026-12-31", "1.500.000 đồng", "2.200.000 đồng trở xuống"),
        ("2027-01-01", "2.200.000 đồng", "1.500.000 đồng"),
    ],
)
def test_the_poverty_line_switches_on_1_january_2027(
    catalog: Catalog, texts: Texts, day: str, shown: str, absent: str
) -> None:
    text = first(catalog, texts, "chuan_ngheo.tieu_chi", day)
    assert shown in text and absent not in text
    assert ("Nghị định 07/2021/NĐ-CP" in text) == (day < "2027")


@pytest.mark.parametrize(
    ("day", "notice"),
    [("2026-11-15", False), ("2026-12-01", True), ("2026-12-20", True), ("2027-01-02", False)],
)
def test_the_change_is_announced_in_the_weeks_before(
    catalog: Catalog, texts: Texts, day: str, notice: bool
) -> None:
    text = first(catalog, texts, "chuan_ngheo.tieu_chi", day)
    assert ("🔔 Từ 01/01/2027 chuẩn mới là 2.200.000 đồng (nông thôn)" in text) == notice


def test_an_unpublished_2027_figure_is_said_plainly(catalog: Catalog, texts: Texts) -> None:
    text = first(catalog, texts, "chuan_ngheo.muc_song_trung_binh", "2027-01-02")
    assert "chưa được công bố" in text and "UBND xã" in text
    assert "2,25" not in text


def test_a_figure_given_for_2026_is_never_said_to_be_pending(catalog: Catalog) -> None:
    for intent in catalog.intents.values():
        for version in intent.versions:
            assert "đang chờ văn bản" not in version.answer + version.details, intent.id


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC), dt.date(2026, 12, 31)),
        (dt.datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC), dt.date(2027, 1, 1)),
    ],
)
def test_the_local_date_turns_at_midnight_in_bot_timezone(
    bot: TelegramBotDriver, instant: dt.datetime, expected: dt.date
) -> None:
    services: Services = bot.engine.services
    services.clock = Clock(source=lambda: instant)
    assert local_today(services) == expected


@pytest.mark.parametrize(
    ("instant", "figure"),
    [
        (dt.datetime(2026, 12, 31, 16, 59, tzinfo=UTC), "1.500.000 đồng"),  # 23:59 on 31/12
        (dt.datetime(2026, 12, 31, 17, 1, tzinfo=UTC), "2.200.000 đồng"),  # 00:01 on 01/01
    ],
)
async def test_the_bot_answers_with_the_version_of_the_local_day(
    bot: TelegramBotDriver, instant: dt.datetime, figure: str
) -> None:
    bot.engine.services.clock = Clock(source=lambda: instant)
    replies = await bot.say(651, "chuẩn nghèo là bao nhiêu, thu nhập dưới bao nhiêu là hộ nghèo")
    assert figure in replies[0].text


@pytest.mark.parametrize(
    ("household", "lead"),
    [
        ("can_ngheo", "Hộ cận nghèo: lãi suất 7,488%/năm."),
        ("ngheo", "Hộ nghèo: lãi suất 6,24%/năm."),
        ("moi_thoat_ngheo", "Hộ mới thoát nghèo: lãi suất 7,8%/năm."),
        (None, "Hộ nghèo: lãi suất 6,24%/năm."),  # unknown: file order
    ],
)
def test_the_citizens_own_category_comes_first(
    catalog: Catalog, texts: Texts, household: str | None, lead: str
) -> None:
    kw = {"household": household} if household else {}
    text = first(catalog, texts, "tin_dung.thu_tuc", "2026-12-03", **kw)
    assert text.startswith(lead)
    assert text.count("lãi suất") == 3, "the other categories still follow"


async def test_a_near_poor_citizen_sees_the_near_poor_figure_first(
    bot: TelegramBotDriver,
) -> None:
    await bot.onboard(652, household="Hộ cận nghèo")
    replies = await bot.say(652, "mức hưởng bảo hiểm y tế khi đi khám được trả bao nhiêu phần trăm")
    assert replies[0].text.startswith("Hộ cận nghèo: quỹ BHYT trả 100%")


async def test_details_button_sends_conditions_and_all_sources(bot: TelegramBotDriver) -> None:
    replies = await bot.say(653, "hộ cận nghèo vay vốn ngân hàng chính sách được bao nhiêu")
    assert labels(replies[0])[0] == "📖 Xem chi tiết"
    details = await bot.press(653, "📖 Xem chi tiết")
    assert "Văn bản căn cứ:" in details[0].text
    assert "Quyết định 2553/QĐ-TTg ngày 21/11/2025" in details[0].text
    event = query_rows(bot.store, "SELECT * FROM events WHERE type = 'faq_details'")[0]
    assert event["intent"] == "tin_dung.vay_can_ngheo"


async def test_a_forged_details_payload_is_a_stale_button(bot: TelegramBotDriver) -> None:
    from bot.core.messages import Incoming

    replies = await bot.engine.handle(Incoming(user="telegram:654", payload="ct:khong_co.x"))
    assert replies and replies[0].text == bot.engine.services.texts.get("stale_button")
    assert not query_rows(bot.store, "SELECT * FROM events WHERE type = 'faq_details'")


def local_content(tmp_path: Path, figures: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    with (target / "deployment.yaml").open("a", encoding="utf-8") as f:
        f.write(figures)
    return target


LOCAL_LINE = """
figures:
  chuan_ngheo_do_thi:
    value: 3.000.000 đồng
    valid_until: 2026-12-31
    source: {doc: Nghị quyết 99/2025/NQ-HĐND (ví dụ thử nghiệm), date: 2025-12-10}
"""


def test_a_local_override_replaces_the_figure_and_names_its_source(tmp_path: Path) -> None:
    content = local_content(tmp_path, LOCAL_LINE)
    catalog = Catalog.load(content)
    texts = Texts.load(content / "texts.yaml", Deployment.load(content / "deployment.yaml"))
    text = first(catalog, texts, "chuan_ngheo.tieu_chi", "2026-12-03")
    assert "3.000.000 đồng (thành thị)" in text
    assert "Nghị quyết 99/2025/NQ-HĐND (ví dụ thử nghiệm)" in text.splitlines()[-1]
    later = first(catalog, texts, "chuan_ngheo.tieu_chi", "2027-01-02")
    assert "2.800.000 đồng (đô thị)" in later and "99/2025" not in later
