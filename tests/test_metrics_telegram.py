"""/baocao over the real Telegram stack: period buttons, summary, chart photo, workbook."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from bot.metrics.period import local_today
from tests.harness import TelegramBotDriver, labels

OFFICER = 900


async def test_an_officer_gets_summary_chart_and_workbook(bot: TelegramBotDriver) -> None:
    await bot.onboard(301, commune="Xã Quế Phong", household="Hộ nghèo")
    await bot.onboard(302, commune="Xã Tri Lễ", household=None, subscribe=False)
    bot.store.staff.add(bot.user_id(OFFICER), "officer", added_by="test")

    replies = await bot.say(OFFICER, "/baocao")
    assert replies[-1].text == "Anh/chị chọn kỳ báo cáo (số liệu toàn địa bàn):"
    assert labels(replies[-1]) == ["Tháng này", "Tháng trước", "Quý này", "Năm nay", "Năm trước"]

    replies = await bot.press(OFFICER, "Năm nay")
    year = local_today(bot.settings.timezone).year
    summary, chart, workbook = replies
    assert summary.text.splitlines()[:2] == [
        "📊 BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO",
        f"Năm {year} — toàn địa bàn.",
    ]
    # Both citizens consented and profiled; only the first subscribed. Neither was given
    # policy information yet, so nobody is "reached".
    assert "• Được tiếp cận: 0 người (0,0% chỉ tiêu năm)" in summary.text
    assert "• Tương tác: 2 người; đăng ký nhận tin mới: 1" in summary.text

    assert chart.method == "sendPhoto"
    assert chart.photo_bytes is not None and chart.photo_bytes.startswith(b"\x89PNG")
    assert chart.text == f"Biểu đồ các số liệu chính, năm {year}."

    assert workbook.method == "sendDocument"
    assert workbook.document_name == f"bao_cao_{year}0101_{year}1231.xlsx"
    assert workbook.document_bytes is not None
    book = load_workbook(io.BytesIO(workbook.document_bytes))
    assert book.sheetnames == ["Tổng quan", "Tiếp cận", "Gửi tin", "Hỏi đáp", "Đối thoại", "Góp ý"]
    sheet = book["Tổng quan"]
    assert sheet["A1"].value == "UBND XÃ QUẾ PHONG"
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Người dân tương tác với trợ lý"] == 2
    assert rows["Người đăng ký nhận tin mới"] == 1


REFUSAL = (
    "Xin lỗi, lệnh này chỉ dành cho cán bộ được giao quyền. Nếu bà con là cán bộ, xin liên "
    "hệ quản trị viên để được cấp quyền."
)


async def test_a_citizen_cannot_ask_for_the_report(bot: TelegramBotDriver) -> None:
    replies = await bot.say(311, "/baocao")
    assert [m.text for m in replies] == [REFUSAL]
    assert not any(m.buttons for m in replies)


async def test_a_period_button_is_refused_once_the_role_is_taken_away(
    bot: TelegramBotDriver,
) -> None:
    officer = bot.user_id(OFFICER)
    bot.store.staff.add(officer, "officer", added_by="test")
    await bot.say(OFFICER, "/baocao")
    bot.store.staff.remove(officer)
    replies = await bot.press(OFFICER, "Tháng trước")
    assert [m.text for m in replies] == [REFUSAL]
    assert not any(m.method in ("sendPhoto", "sendDocument") for m in bot.fake.transcript(OFFICER))
    refused = bot.store.call_sql(
        lambda conn: conn.execute(
            sa.text("SELECT action FROM audit_log WHERE actor = :actor AND allowed = 0"),
            {"actor": officer},
        ).all()
    )
    assert [tuple(row) for row in refused] == [("rp:m1",)]
