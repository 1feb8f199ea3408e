"""Section "Tổng quan": the key figures of every other section on one sheet."""

from __future__ import annotations

from bot.metrics.labels import NO_DATA, format_int, format_percent, percent
from bot.metrics.model import Column, Report, Section, Table, pct, text

ANONYMOUS_USES = ("faq_answer", "faq_suggest", "faq_miss", "menu_answer")


def build(report: Report, anonymous: dict[str, int]) -> Section:
    """Built last, from the headline figures the other sections recorded."""
    h = report.headline
    n = format_int

    def count(key: str) -> int:
        return int(h.get(key) or 0)

    reach_note = ""
    if h.get("reach_target"):
        share = round(float(h["reach_share_target"] or 0) * 100)
        reach_note = (
            f"Chỉ tiêu năm: {n(count('reach_target'))} người ({share}% của "
            f"{n(count('households'))} hộ; mỗi tài khoản tính như một hộ)."
        )
    if h.get("sessions_planned") is None and h.get("sessions_held") is None:
        sessions_note = NO_DATA
    else:
        sessions_note = f"Kế hoạch: {n(count('sessions_planned'))} buổi/năm."
    median = h.get("answer_hours_median")
    staff_note = f"Đã trả lời trong kỳ: {n(count('staff_answered'))}."
    if median is not None:
        staff_note += f" Thời gian trả lời (trung vị): {str(median).replace('.', ',')} giờ."
    votes = count("thumbs_up") + count("thumbs_down")
    anonymous_uses = sum(anonymous.get(t, 0) for t in ANONYMOUS_USES)
    rows = [
        ["Người dân được tiếp cận thông tin", count("reached"), h.get("reach_of_target"),
         reach_note],
        ["Người dân tương tác với trợ lý", count("active"), None, ""],
        ["Người dân mới đồng ý lưu thông tin", count("consented"), None, ""],
        ["Người đăng ký nhận tin mới", count("subscribed"), None, ""],
        ["Người dừng nhận tin", count("unsubscribed"), None, "Gồm cả người đã chặn bot."],
        ["Người xóa dữ liệu của mình", count("deleted"), None, ""],
        ["Lượt hỏi đáp của người chưa đồng ý lưu thông tin", anonymous_uses, None,
         "Không lưu gì về những người này nên không đếm được số người."],
        ["Lượt từ chối lưu thông tin", anonymous.get("consent_declined", 0), None, ""],
        ["Đợt gửi tin", count("campaigns"), None, ""],
        ["Lượt tin đến được người dân", count("broadcast_delivered"), h.get("delivery_rate"),
         f"Trên {n(count('broadcast_attempts'))} lượt gửi."],
        ["Câu hỏi gõ vào trợ lý", count("asked"), h.get("answered_rate"),
         "Tỷ lệ: trả lời ngay."],
        ["Đánh giá 👍 Hữu ích", count("thumbs_up"), h.get("up_share"),
         f"Trên {n(votes)} lượt đánh giá."],
        ["Buổi đối thoại đã tổ chức", count("sessions_held"),
         percent(count("sessions_held"), count("sessions_planned")), sessions_note],
        ["Câu hỏi gửi cán bộ", count("staff_questions"), None, staff_note],
        ["Góp ý, phản ánh, kiến nghị", count("feedback"), None, ""],
    ]  # fmt: skip
    h["anonymous_uses"] = anonymous_uses
    section = Section("tong_quan", "Tổng quan", "Các chỉ số chính")
    section.tables.append(
        Table(
            "chi_so",
            "Các chỉ số chính",
            [text("Chỉ số"), Column("Số liệu"), pct("Tỷ lệ"), text("Ghi chú")],
            rows,
            "Số liệu tổng hợp, không gắn với người dân cụ thể nào.",
        )
    )
    return section


def summary_text(report: Report) -> str:
    """A few lines for Telegram: the period and the main figures."""
    h = report.headline

    def n(key: str) -> str:
        return format_int(int(h.get(key) or 0))

    label = report.period_label
    lines = [f"📊 {report.title}", f"{label[:1].upper()}{label[1:]} — {report.area_label}."]
    if report.demo:
        lines.append("⚠ Dữ liệu mẫu (demo).")
    reach = f"• Được tiếp cận: {n('reached')} người"
    if h.get("reach_of_target") is not None:
        reach += f" ({format_percent(h['reach_of_target'])} chỉ tiêu năm)"
    lines += [
        reach,
        f"• Tương tác: {n('active')} người; đăng ký nhận tin mới: {n('subscribed')}",
        f"• Tin đến được người dân: {n('broadcast_delivered')} lượt "
        f"({format_percent(h.get('delivery_rate'))})",
        f"• Câu hỏi gõ vào trợ lý: {n('asked')}, trả lời ngay {format_percent(h.get('answered_rate'))}"
        f"; 👍 {n('thumbs_up')} / 👎 {n('thumbs_down')}",
        f"• Câu hỏi gửi cán bộ: {n('staff_questions')}, đã trả lời {n('staff_answered')}",
    ]
    if h.get("sessions_planned") is not None or h.get("sessions_held") is not None:
        lines.append(
            f"• Buổi đối thoại: {n('sessions_held')}/{n('sessions_planned')} theo kế hoạch"
        )
    lines.append(f"• Góp ý, phản ánh: {n('feedback')}")
    return "\n".join(lines)
