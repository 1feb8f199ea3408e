"""Photos and documents reach Zalo users as image and file messages, through uploads."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.channels.zalo_upload import workbook_as_csv
from bot.core.messages import Attachment, DeliveryStatus, Outgoing
from bot.metrics.period import local_today
from tests.zalo_harness import ZaloBotDriver, running_zalo_bot

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 500
PDF = b"%PDF-1.4 mau don\n"
OFFICER = 990


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


async def push(zalo: ZaloBotDriver, user: int, message: Outgoing) -> DeliveryStatus:
    delivery = await zalo.engine.services.hub.send(f"zalo:{user}", message)
    return delivery.status


async def test_a_photo_arrives_as_an_image_then_its_caption(zalo: ZaloBotDriver) -> None:
    zalo.fake.set_follower("801")
    photo = Attachment("photo", filename="hop-dan.png", data=PNG)
    assert await push(zalo, 801, Outgoing("Ảnh buổi họp dân.", photo=photo)) == "sent"
    image, caption = zalo.fake.received("801")
    assert image.upload is not None and image.upload.kind == "image"
    assert image.upload.data == PNG
    assert caption.text == "Ảnh buổi họp dân." and caption.upload is None


async def test_a_document_arrives_as_a_file(zalo: ZaloBotDriver) -> None:
    zalo.fake.set_follower("802")
    document = Attachment("document", filename="mau-don.pdf", data=PDF)
    assert await push(zalo, 802, Outgoing("Mẫu đơn.", document=document)) == "sent"
    file, text = zalo.fake.received("802")
    assert file.upload is not None and file.upload.kind == "file"
    assert (file.upload.filename, file.upload.data) == ("mau-don.pdf", PDF)
    assert "chưa gửi được" not in text.text


async def test_one_upload_serves_many_people_and_an_expired_one_is_renewed(
    zalo: ZaloBotDriver,
) -> None:
    photo = Attachment("photo", file_id=None, data=PNG)
    for user in ("803", "804"):
        zalo.fake.set_follower(user)
        assert await push(zalo, int(user), Outgoing("Tin mới.", photo=photo)) == "sent"
    assert zalo.fake.upload_count == 1
    zalo.fake.expire_uploads()
    assert await push(zalo, 803, Outgoing("Tin mới.", photo=photo)) == "sent"
    assert zalo.fake.upload_count == 2
    assert zalo.fake.stats.refused[-100] == 1
    assert zalo.fake.received("803")[-2].upload is not None


@pytest.mark.parametrize(
    ("file", "why"),
    [
        ({"photo": Attachment("photo", data=PNG + b"\0" * 1_000_000)}, "over 1 MB"),
        ({"document": Attachment("document", filename="a.zip", data=b"PK")}, "type"),
        ({"photo": Attachment("photo", file_id="unknown-id")}, "no bytes"),
    ],
)
async def test_what_zalo_cannot_take_becomes_the_note(
    zalo: ZaloBotDriver, file: dict, why: str
) -> None:
    zalo.fake.set_follower("805")
    assert await push(zalo, 805, Outgoing("Thông báo.", **file)) == "sent"
    [message] = zalo.fake.received("805")
    assert "chưa gửi được qua Zalo" in message.text, why
    assert zalo.fake.upload_count == 0


async def test_the_report_chart_and_workbook_reach_an_officer_on_zalo(
    zalo: ZaloBotDriver,
) -> None:
    zalo.store.staff.add(f"zalo:{OFFICER}", "officer", added_by="test")
    await zalo.say(OFFICER, "/baocao")
    replies = await zalo.press(OFFICER, "Năm nay")
    year = local_today(zalo.settings.timezone).year
    uploads = [r.message.upload for r in replies if r.message.upload is not None]
    chart, workbook = uploads
    assert chart.kind == "image" and chart.data.startswith(b"\x89PNG")
    assert workbook.kind == "file"
    assert workbook.filename == f"bao_cao_{year}0101_{year}1231.csv"
    text = workbook.data.decode("utf-8-sig")
    assert text.startswith("Tổng quan\r\nUBND XÃ QUẾ PHONG")
    assert "Góp ý" in text  # every sheet is there
    assert f"Biểu đồ các số liệu chính, năm {year}." in [r.text for r in replies]
    assert not any("chưa gửi được" in r.text for r in replies)


def test_a_workbook_cell_that_would_run_a_formula_is_neutralised() -> None:
    book = Workbook()
    book.active.append(["@SUM(A1)", "+1", "-2", 3])
    raw = io.BytesIO()
    book.save(raw)
    rows = workbook_as_csv(raw.getvalue()).decode("utf-8-sig").splitlines()
    assert rows[1] == "'@SUM(A1),'+1,'-2,3"
