"""Báo cáo: the /baocao reach report for a period and an area — summary, chart, workbook."""

from __future__ import annotations

import time

from aiohttp import web

from bot.metrics.period import PRESETS
from bot.web import features
from bot.web.routing import CONSOLE, OFFICERS, Routes, identity_of

routes = Routes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CACHE_SECONDS = 120.0  # the page, its chart and its workbook come from one computation


def choice_of(request: web.Request) -> tuple[str, str]:
    services = request.app[CONSOLE].services
    code = request.query.get("ky", "m0")
    commune = request.query.get("xa", "")
    return (
        code if code in PRESETS else "m0",
        commune if services.deployment.commune(commune) else "",
    )


async def computed(request: web.Request) -> features.ReportFiles:
    """The report for the request's choice, computed at most once every ``CACHE_SECONDS``."""
    console = request.app[CONSOLE]
    key = choice_of(request)
    cached = console.report_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    files = await features.metrics_report(console.services, key[0], key[1] or None)
    console.report_cache[key] = (time.monotonic(), files)
    return files


@routes.get("/baocao", roles=OFFICERS)
async def report_page(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    code, commune = choice_of(request)
    files = await computed(request)
    return console.renderer.page(
        request,
        "report.html",
        presets=PRESETS,
        code=code,
        commune=commune,
        communes=console.services.deployment.communes,
        summary=files.summary,
        query={"ky": code, "xa": commune},
    )


@routes.get("/baocao/bieudo.png", roles=OFFICERS)
async def chart(request: web.Request) -> web.StreamResponse:
    files = await computed(request)
    return web.Response(body=files.png, content_type="image/png")


@routes.get("/baocao/baocao.xlsx", roles=OFFICERS)
async def workbook(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    code, commune = choice_of(request)
    files = await computed(request)
    console.audit(identity_of(request), "console report download", detail=f"{code} {commune}")
    return web.Response(
        body=files.workbook,
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="bao_cao_{code}.xlsx"'},
    )
