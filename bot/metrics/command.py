"""/baocao for officers: choose a period → a short summary, the chart, the workbook.

The report is computed in a worker thread with a read-only connection of its own
(``Store.read_apart``), so a year over a million events (about a second) holds up neither
the other conversations nor the database thread.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from bot.core.messages import Attachment, Button
from bot.core.router import Router
from bot.core.services import Services
from bot.core.turn import StaleButton, Turn
from bot.metrics.area import Area
from bot.metrics.context import CatalogInfo
from bot.metrics.period import PRESETS, Period, local_today, preset
from bot.metrics.report import build_report
from bot.metrics.summary import summary_text
from bot.staff.access import OFFICERS, audit
from bot.store.reports import ReportQueries

log = logging.getLogger(__name__)
router = Router()
PREFIX = "rp"


@router.command("baocao", "Báo cáo kết quả truyền thông: tháng, quý, năm", roles=OFFICERS)
async def choose_period(turn: Turn) -> None:
    """Offer the periods as buttons."""
    buttons = [Button(turn.t(f"rp_period_{code}"), f"{PREFIX}:{code}") for code in PRESETS]
    turn.reply(turn.t("rp_choose_period"), [buttons[:2], buttons[2:3], buttons[3:]])


@router.action(PREFIX, roles=OFFICERS)
async def send_report(turn: Turn) -> None:
    """``rp:<period>``: compute the report and send summary, chart and workbook."""
    if len(turn.args) != 1 or turn.args[0] not in PRESETS:
        raise StaleButton(turn.incoming.payload)
    tz = turn.services.settings.timezone
    period = preset(turn.args[0], local_today(tz), tz)
    try:
        summary, png, workbook = await render(turn.services, period)
    except Exception as error:
        # An exception's message can quote a citizen's question (openpyxl's does): log what
        # failed and where, never the message (personal data law 91/2025/QH15).
        where = traceback.extract_tb(error.__traceback__)[-1]
        log.error(
            "report for %s failed: %s at %s:%s",
            period.label, type(error).__name__, Path(where.filename).name, where.lineno,
        )  # fmt: skip
        turn.reply(turn.t("rp_failed"))
        return
    audit(turn, "/baocao", period.label)
    turn.reply(summary)
    turn.reply(
        turn.t("rp_chart_caption", ky=period.label),
        photo=Attachment("photo", filename="bieu_do.png", data=png),
    )
    name = f"bao_cao_{period.first:%Y%m%d}_{period.last:%Y%m%d}.xlsx"
    turn.reply(
        turn.t("rp_document_caption", ky=period.label),
        document=Attachment("document", filename=name, data=workbook),
    )


async def render(
    services: Services, period: Period, *, area: Area | None = None
) -> tuple[str, bytes, bytes]:
    """Summary text, chart PNG and workbook bytes for ``area`` (default: the whole deployment)."""
    matcher = services.faq
    catalog = CatalogInfo.from_catalog(getattr(matcher, "catalog", None))

    def work(queries: ReportQueries) -> tuple[str, bytes, bytes]:
        from bot.metrics.chart import chart_png
        from bot.metrics.xlsx import workbook_bytes

        report = build_report(
            queries,
            period=period,
            area=area or Area(),
            deployment=services.deployment,
            catalog=catalog,
        )
        return summary_text(report), chart_png(report), workbook_bytes(report)

    return await services.store.read_apart(work)
