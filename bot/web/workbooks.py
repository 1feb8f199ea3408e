"""Workbooks the console offers that no Telegram command builds: every delivery of a run."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.broadcasts.sender import reason_code
from bot.core.local_time import local_stamp
from bot.core.services import Services
from bot.spreadsheet import safe_row

DELIVERY_STATUS = {
    "sent": "Đã gửi",
    "pending": "Chờ gửi",
    "sending": "Đang gửi",
    "failed": "Không gửi được",
    "blocked": "Người nhận đã chặn",
    "outside_window": "Ngoài thời hạn tương tác",
    "cancelled": "Đã hủy",
}


def deliveries_workbook(services: Services, campaign_id: int, rows: list[dict]) -> bytes:
    """One row per recipient of the run: address, channel, status, reason, attempts, time."""
    texts = services.texts
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Gửi tin"
    sheet.append([f"Chiến dịch #{campaign_id}: kết quả gửi tới từng người nhận"])
    sheet["A1"].font = Font(bold=True)
    headings = ["Người nhận", "Kênh", "Trạng thái", "Lý do", "Số lần gửi", "Cập nhật"]
    sheet.append(headings)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        address = row["channel_id"] or "(đã xóa dữ liệu)"
        reason = ""
        if row["status"] not in ("sent", "pending", "sending", "cancelled"):
            reason = texts.get(f"bc_reason_{reason_code(row['error'])}")
        sheet.append(
            safe_row(
                [
                    address,
                    address.partition(":")[0] if row["channel_id"] else "",
                    DELIVERY_STATUS.get(row["status"], row["status"]),
                    reason,
                    row["attempts"],
                    local_stamp(services, row["updated_at"]) if row["updated_at"] else "",
                ]
            )
        )
    for column, width in zip("ABCDEF", (24, 10, 22, 40, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
