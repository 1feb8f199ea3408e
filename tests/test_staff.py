"""Staff roles: the CLI, role-checked commands, polite refusals and the audit log."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import Settings
from bot.store import Store
from tests.harness import TelegramBotDriver


def test_staff_cli_add_list_remove(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(db_path=tmp_path / "bot.db")
    assert main(["staff", "add", "telegram:900", "--role", "officer"], settings=settings) == 0
    assert main(["staff", "add", "zalo:77", "--role", "reviewer"], settings=settings) == 0
    capsys.readouterr()
    assert main(["staff", "list"], settings=settings) == 0
    listed = capsys.readouterr().out
    assert "telegram:900\tofficer" in listed and "zalo:77\treviewer" in listed
    assert main(["staff", "remove", "telegram:900"], settings=settings) == 0
    assert main(["staff", "remove", "telegram:900"], settings=settings) == 1
    assert Store.open(settings.db_path).staff.role_of("telegram:900") is None


def test_staff_cli_rejects_a_bad_role_or_id(tmp_path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db")
    with pytest.raises(SystemExit):
        main(["staff", "add", "telegram:1", "--role", "boss"], settings=settings)
    with pytest.raises(SystemExit):
        main(["staff", "add", "123456", "--role", "admin"], settings=settings)


async def test_non_staff_is_refused_and_the_attempt_audited(bot: TelegramBotDriver) -> None:
    replies = await bot.say(401, "/thongke")
    assert replies[0].text.startswith("Xin lỗi, lệnh này chỉ dành cho cán bộ")
    entry = bot.store.audit.entries(actor="telegram:401")[0]
    assert (entry["action"], entry["allowed"], entry["role"]) == ("/thongke", 0, None)
    assert entry["at"]


async def test_officer_may_use_staff_commands_and_sees_them_in_help(bot: TelegramBotDriver) -> None:
    bot.store.staff.add("telegram:402", "officer")
    await bot.onboard(403)
    replies = await bot.say(402, "/thongke")
    assert "Người dân đồng ý lưu thông tin: 1" in replies[0].text
    assert "Đang nhận tin: 1" in replies[0].text
    assert bot.store.audit.entries(actor="telegram:402")[0]["allowed"] == 1
    replies = await bot.say(402, "/trogiup")
    assert any("/thongke" in (r.text or "") for r in replies)


async def test_a_reviewer_is_refused_an_officer_command(bot: TelegramBotDriver) -> None:
    bot.store.staff.add("telegram:404", "reviewer")
    replies = await bot.say(404, "/thongke")
    assert "chỉ dành cho cán bộ" in replies[0].text


async def test_a_role_taken_away_mid_flow_is_refused_at_the_next_step(
    bot: TelegramBotDriver,
) -> None:
    bot.store.staff.add("telegram:405", "officer")
    replies = await bot.say(405, "/guitin")
    assert "gửi nội dung tin" in replies[0].text
    bot.store.staff.remove("telegram:405")
    replies = await bot.say(405, "Họp dân tối nay")
    assert [r.text for r in replies] == [
        "Xin lỗi, lệnh này chỉ dành cho cán bộ được giao quyền. Nếu bà con là cán bộ, xin "
        "liên hệ quản trị viên để được cấp quyền."
    ]
    refused = bot.store.audit.entries(actor="telegram:405")[0]
    assert (refused["action"], refused["allowed"]) == ("broadcast", 0)
    assert bot.store.states.get("telegram:405") is None, "the flow is left"
    assert bot.store.campaigns.recent() == []


async def test_a_staff_button_is_refused_to_someone_without_the_role(
    bot: TelegramBotDriver,
) -> None:
    bot.store.staff.add("telegram:406", "officer")
    await bot.say(406, "/guitin")
    await bot.say(406, "Lịch họp dân")
    bot.store.staff.remove("telegram:406")
    keyboard = next(m for m in reversed(bot.fake.transcript(406)) if m.buttons)
    data = keyboard.buttons[0][1]
    replies = await bot.press_data(406, data, message_id=keyboard.message_id)
    assert "chỉ dành cho cán bộ" in replies[0].text
    assert bot.store.audit.entries(actor="telegram:406")[0]["action"] == data
