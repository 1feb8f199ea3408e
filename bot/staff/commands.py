"""Commands for staff. The engine checks ``roles`` and writes the audit log."""

from __future__ import annotations

import datetime as dt

from bot.core.router import Router
from bot.core.turn import Turn
from bot.staff.access import OFFICERS

router = Router()


@router.command("thongke", "Số liệu nhanh: người dân, người nhận tin, câu hỏi chờ", roles=OFFICERS)
async def quick_stats(turn: Turn) -> None:
    """A few live counts for an officer; the full report is a later feature."""
    week_ago = (turn.services.clock() - dt.timedelta(days=7)).isoformat(timespec="seconds")
    consenting, subscribed, pending, by_outcome = await turn.services.store.read(
        lambda r: (
            r.citizens.count(),
            r.citizens.count(subscribed=True),
            len(r.questions.pending(limit=10_000)),
            r.events.faq_outcomes_since(week_ago),
        )
    )
    lines = [
        turn.t("stats_title"),
        f"• Người dân đồng ý lưu thông tin: {consenting}",
        f"• Đang nhận tin: {subscribed}",
        f"• Câu hỏi chờ cán bộ trả lời: {pending}",
        "• Lượt tra cứu hỏi đáp 7 ngày qua: "
        f"{sum(by_outcome.values())} (trả lời ngay {by_outcome.get('answer', 0)}, "
        f"gợi ý {by_outcome.get('suggest', 0)}, chưa trả lời được {by_outcome.get('none', 0)})",
    ]
    turn.reply("\n".join(lines))
