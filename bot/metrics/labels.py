"""What the reports count, and the Vietnamese names they print for it.

The event-type groups below are the definitions behind every figure; docs/metrics.md
explains them in words. Changing a group changes the report, so tests pin them.
"""

from __future__ import annotations

# Household categories in report order; ``khong_tra_loi`` and "not given" both mean unknown.
HOUSEHOLDS: tuple[tuple[str, str], ...] = (
    ("ngheo", "Hộ nghèo"),
    ("can_ngheo", "Hộ cận nghèo"),
    ("moi_thoat_ngheo", "Hộ mới thoát nghèo"),
    ("khac", "Hộ khác"),
    ("khong_ro", "Không rõ"),
)
HOUSEHOLD_LABELS = dict(HOUSEHOLDS)
UNKNOWN = "khong_ro"
UNKNOWN_LABEL = "Không rõ"
NO_DATA = "Chưa có dữ liệu"


def household_key(raw: str | None) -> str:
    """The report category of a stored household value."""
    return raw if raw in HOUSEHOLD_LABELS and raw != UNKNOWN else UNKNOWN


# A citizen is *reached* when the bot gave them policy information: an FAQ answer (typed or
# chosen from the menu), a delivered broadcast, or a dialogue-session announcement or staff
# answer that reached them (these two record the delivery in ``outcome``: ``sent``).
REACH_TYPES = ("faq_answer", "menu_answer", "broadcast_delivered")
REACH_IF_SENT = ("question_answered", "session_announced")

# Events the bot causes on its own; every other event means the citizen did something, and a
# citizen with at least one such event in the period is *active*.
PUSHED_TYPES = (
    "broadcast_delivered",
    "broadcast_failed",
    "broadcast_blocked",
    "broadcast_outside_window",
    "question_answered",
    "session_announced",
)

BROADCAST_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("broadcast_delivered", "Đã nhận"),
    ("broadcast_failed", "Lỗi gửi"),
    ("broadcast_blocked", "Đã chặn bot"),
    ("broadcast_outside_window", "Ngoài thời hạn gửi miễn phí"),
)

# A question typed to the FAQ ends as one of these; a ``faq_miss`` with this outcome is the
# citizen rejecting the suggestions of an earlier ``faq_suggest``, not a new question.
REJECTED_SUGGESTIONS = "rejected_suggestions"

QUESTION_KINDS: tuple[tuple[str, str], ...] = (
    ("faq_miss", "Câu hỏi trợ lý chưa trả lời được"),
    ("dialogue", "Câu hỏi cho buổi đối thoại"),
    ("feedback", "Góp ý, phản ánh có tên"),
)

# Feedback categories of the citizens' voice feature (bot/voice/feedback.py).
FEEDBACK_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("gop_y", "Góp ý, đề xuất"),
    ("phan_anh", "Phản ánh"),
    ("kien_nghi", "Kiến nghị"),
    ("khac", "Khác"),
)


def percent(part: int | float, whole: int | float) -> float | None:
    """``part`` as a percentage of ``whole`` rounded to 0.1, or None when ``whole`` is 0."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def format_percent(value: float | None) -> str:
    """``87,5%`` in Vietnamese notation; a dash when there is nothing to divide by."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + "%"


def format_int(value: int) -> str:
    """``1.234.567``: Vietnamese thousands separator."""
    return f"{value:,}".replace(",", ".")
