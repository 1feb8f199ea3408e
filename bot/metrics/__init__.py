"""Reach metrics and reports: /baocao, ``python -m bot report``, the demo data.

Owns:
    handlers: ``command`` (/baocao: a period → summary, chart, workbook).
    texts: ``content/texts/metrics.yaml``.
    store: reads ``events`` and the other features' tables read-only through
        ``bot/store/reports.py`` (``ReportQueries``, on both backends);
        ``bot/store/metrics_meta.py`` (migrations ``metrics``: the reports' indexes).
    deletion: nothing of its own: events are anonymous counts (``Citizens.delete`` clears
        their reference codes).
"""

from __future__ import annotations

from bot.core.router import Router


def router() -> Router:
    """The report handlers."""
    from bot.metrics import command

    metrics = Router()
    metrics.include(command.router)
    return metrics
