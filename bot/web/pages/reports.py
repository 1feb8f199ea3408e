"""Báo cáo: the /baocao reach report for a period and an area — summary, chart, workbook.

A year's report over a million events takes seconds, so it is never computed inside a
request: the first visit starts it in the background and the page refreshes itself until it
is ready; the page, its chart and its workbook then come from that one computation.
"""

from __future__ import annotations

import asyncio
import logging
import time

from aiohttp import web

from bot.metrics.period import PRESETS
from bot.web import features
from bot.web.routing import CONSOLE, OFFICERS, Routes, identity_of

log = logging.getLogger(__name__)
routes = Routes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FRESH_SECONDS = 300.0  # a report this old is computed again on the next visit


class ReportCache:
    """Reports by (period, commune): finished ones and the ones being computed."""

    def __init__(self) -> None:
        self.done: dict[tuple[str, str], tuple[float, features.ReportFiles]] = {}
        self.running: dict[tuple[str, str], asyncio.Task[None]] = {}
        self.failed: set[tuple[str, str]] = set()

    def ready(self, key: tuple[str, str]) -> features.ReportFiles | None:
        found = self.done.get(key)
        if found is not None and time.monotonic() - found[0] < FRESH_SECONDS:
            return found[1]
        return None

    def start(self, services, key: tuple[str, str]) -> None:
        if key in self.running:
            return
        self.failed.discard(key)

        async def work() -> None:
            try:
                files = await features.metrics_report(services, key[0], key[1] or None)
                self.done[key] = (time.monotonic(), files)
            except Exception:
                log.exception("console report %s failed", key)
                self.failed.add(key)
            finally:
                self.running.pop(key, None)

        self.running[key] = asyncio.create_task(work())

    async def close(self) -> None:
        for task in list(self.running.values()):
            task.cancel()
        await asyncio.gather(*self.running.values(), return_exceptions=True)


def choice_of(request: web.Request) -> tuple[str, str]:
    services = request.app[CONSOLE].services
    code = request.query.get("ky", "m0")
    commune = request.query.get("xa", "")
    return (
        code if code in PRESETS else "m0",
        commune if services.deployment.commune(commune) else "",
    )


@routes.get("/baocao", roles=OFFICERS)
async def report_page(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    key = choice_of(request)
    cache: ReportCache = console.reports
    files = cache.ready(key)
    if files is None and key not in cache.failed:
        cache.start(console.services, key)
    return console.renderer.page(
        request,
        "report.html",
        presets=PRESETS,
        code=key[0],
        commune=key[1],
        communes=console.services.deployment.communes,
        files=files,
        failed=files is None and key in cache.failed,
        query={"ky": key[0], "xa": key[1]},
    )


async def _files(request: web.Request) -> features.ReportFiles | None:
    console = request.app[CONSOLE]
    return console.reports.ready(choice_of(request))


@routes.get("/baocao/bieudo.png", roles=OFFICERS)
async def chart(request: web.Request) -> web.StreamResponse:
    files = await _files(request)
    if files is None:
        return request.app[CONSOLE].refuse(request, 404, "missing")
    return web.Response(body=files.png, content_type="image/png")


@routes.get("/baocao/baocao.xlsx", roles=OFFICERS)
async def workbook(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    files = await _files(request)
    if files is None:
        return console.refuse(request, 404, "missing")
    code, commune = choice_of(request)
    console.audit(identity_of(request), "console report download", detail=f"{code} {commune}")
    return web.Response(
        body=files.workbook,
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="bao_cao_{code}.xlsx"'},
    )
