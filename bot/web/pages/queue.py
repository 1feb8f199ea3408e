"""Câu hỏi: the review queue — filters, groups, a question's card, answer, merge, reject,
propose for the FAQ, bulk actions and exports. Every action goes through
:mod:`bot.web.features`, i.e. the same code as ``/cauhoi`` in Telegram."""

from __future__ import annotations

from aiohttp import web

from bot.store.voice_queue import STATUSES, QueueFilter
from bot.voice.typed_text import ANSWER_LIMIT, QUESTION_LIMIT
from bot.web import features
from bot.web.routing import CONSOLE, REVIEWERS, Routes, identity_of, redirect

routes = Routes()

KINDS = ("faq_miss", "dialogue", "feedback")
BULK_ACTIONS = ("tai_phien", "tu_choi")


def _int(value: str | None, default: int | None = None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else default


def filter_of(request: web.Request) -> QueueFilter:
    """The filter in the query string; unknown values are ignored, not trusted."""
    services = request.app[CONSOLE].services
    q = request.query
    commune = q.get("xa") or None
    topic = q.get("chude") or None
    topics = {t.id for t in services.faq.catalog.topics} if services.faq else set()
    status = q.get("trangthai", "pending")
    return QueueFilter(
        session_id=_int(q.get("phien")),
        commune=commune if services.deployment.commune(commune) else None,
        topic=topic if topic in topics else None,
        kind=q.get("loai") if q.get("loai") in KINDS else None,
        status=status if status in STATUSES else None,
    )


def query_of(f: QueueFilter) -> dict[str, str]:
    values = {
        "phien": f.session_id,
        "xa": f.commune,
        "chude": f.topic,
        "loai": f.kind,
        "trangthai": f.status or "tatca",
    }
    return {k: str(v) for k, v in values.items() if v is not None}


async def choices(request: web.Request) -> dict[str, object]:
    services = request.app[CONSOLE].services
    return {
        "sessions": [s for s, _ in await features.sessions_list(services)],
        "communes": services.deployment.communes,
        "topics": services.faq.catalog.topics if services.faq else [],
        "kinds": KINDS,
        "statuses": STATUSES,
    }


@routes.get("/cauhoi", roles=REVIEWERS)
async def listing(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    f = filter_of(request)
    page = _int(request.query.get("trang"), 1) or 1
    rows, total = await features.queue_page(console.services, f, page)
    pages = max(1, -(-total // features.QUEUE_PAGE))
    return console.renderer.page(
        request,
        "queue.html",
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        f=f,
        query=query_of(f),
        reasons=features.REJECT_REASONS,
        **await choices(request),
    )


@routes.get("/cauhoi/nhom", roles=REVIEWERS)
async def groups(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    f = filter_of(request)
    snapshot = await console.groups.get(f)
    return console.renderer.page(request, "groups.html", snapshot=snapshot, query=query_of(f))


@routes.get("/cauhoi/xuat", roles=REVIEWERS)
async def download(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    f = filter_of(request)
    fmt = "csv" if request.query.get("dinhdang") == "csv" else "xlsx"
    body = await features.queue_export(console.services, f, fmt)
    console.audit(identity_of(request), "console export questions", detail=fmt)
    kind = (
        "text/csv"
        if fmt == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    return web.Response(
        body=body,
        content_type=kind,
        headers={"Content-Disposition": f'attachment; filename="cau_hoi.{fmt}"'},
    )


@routes.post("/cauhoi/hangloat", roles=REVIEWERS)
async def bulk(request: web.Request) -> web.StreamResponse:
    """Several questions at once: answered at the session, or rejected with one reason."""
    console = request.app[CONSOLE]
    identity = identity_of(request)
    form = await request.post()
    ids = [int(str(v)) for v in form.getall("chon", []) if str(v).isdigit()]
    what = str(form.get("viec", ""))
    back = str(form.get("quay_lai", "/cauhoi"))
    back = back if back.startswith("/cauhoi") and "//" not in back else "/cauhoi"
    sep = "&" if "?" in back else "?"
    if not ids or what not in BULK_ACTIONS:
        return redirect(f"{back}{sep}tb=none_selected")
    for question_id in ids:
        try:
            if what == "tai_phien":
                await features.answered_at_session(
                    console.services, question_id, actor=identity.channel_id
                )
            else:
                await features.reject_question(
                    console.services,
                    question_id,
                    str(form.get("ly_do", "other")),
                    actor=identity.channel_id,
                    role=identity.role,
                )
        except features.Refused:
            continue
    return redirect(f"{back}{sep}tb=bulk")


async def _card(request: web.Request, **extra: object) -> web.StreamResponse:
    console = request.app[CONSOLE]
    question_id = _int(request.match_info["id"])
    card = await features.question_card(console.services, question_id or 0)
    if card is None:
        return console.refuse(request, 404, "missing")
    return console.renderer.page(
        request,
        "question.html",
        card=card,
        q=card.question,
        reasons=features.REJECT_REASONS,
        limit=ANSWER_LIMIT,
        **extra,
    )


@routes.get("/cauhoi/{id:\\d+}", roles=REVIEWERS)
async def card(request: web.Request) -> web.StreamResponse:
    return await _card(request)


def _question_id(request: web.Request) -> int:
    return int(request.match_info["id"])


@routes.post("/cauhoi/{id:\\d+}/xemtruoc", roles=REVIEWERS)
async def preview(request: web.Request) -> web.StreamResponse:
    """The answer exactly as the citizen will read it, and who receives it, before sending."""
    console = request.app[CONSOLE]
    services = console.services
    text = str((await request.post()).get("tra_loi", "")).strip()
    question_id = _question_id(request)
    if not text or len(text) > ANSWER_LIMIT:
        return await _card(request, error="answer_length", draft=text)
    try:
        count = await features.recipients_of_answer(services, question_id)
    except features.Refused:
        return redirect(f"/cauhoi/{question_id}?tb=handled")
    question = await features.question(services, question_id)
    if question is None:
        return console.refuse(request, 404, "missing")
    return console.renderer.page(
        request,
        "answer_preview.html",
        q=question,
        text=text,
        count=count,
        message=features.answer_message(services, question, text),
    )


@routes.post("/cauhoi/{id:\\d+}/traloi", roles=REVIEWERS)
async def send_answer(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    text = str((await request.post()).get("tra_loi", "")).strip()
    question_id = _question_id(request)
    if not text or len(text) > ANSWER_LIMIT:
        return await _card(request, error="answer_length", draft=text)
    try:
        result = await features.answer_question(
            console.services, question_id, text, actor=identity.channel_id
        )
    except features.Refused:
        return redirect(f"/cauhoi/{question_id}?tb=handled")
    return console.renderer.page(
        request, "answer_sent.html", report=result, question_id=question_id
    )


@routes.post("/cauhoi/{id:\\d+}/taiphien", roles=REVIEWERS)
async def at_session(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    question_id = _question_id(request)
    try:
        result = await features.answered_at_session(
            console.services, question_id, actor=identity.channel_id
        )
    except features.Refused:
        return redirect(f"/cauhoi/{question_id}?tb=handled")
    return console.renderer.page(
        request, "answer_sent.html", report=result, question_id=question_id, at_session=True
    )


@routes.post("/cauhoi/{id:\\d+}/gop", roles=REVIEWERS)
async def merge(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    question_id = _question_id(request)
    target = str((await request.post()).get("vao", "")).strip().upper()
    try:
        await features.merge_question(
            console.services, question_id, target, actor=identity.channel_id
        )
    except features.Refused:
        return await _card(request, error="merge")
    return redirect(f"/cauhoi/{question_id}?tb=merged")


@routes.post("/cauhoi/{id:\\d+}/tuchoi", roles=REVIEWERS)
async def reject(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    question_id = _question_id(request)
    reason = str((await request.post()).get("ly_do", ""))
    try:
        await features.reject_question(
            console.services, question_id, reason, actor=identity.channel_id, role=identity.role
        )
    except features.Refused:
        return redirect(f"/cauhoi/{question_id}?tb=handled")
    return redirect(f"/cauhoi/{question_id}?tb=rejected")


@routes.post("/cauhoi/{id:\\d+}/dexuat", roles=REVIEWERS)
async def propose(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    question_id = _question_id(request)
    wording = str((await request.post()).get("cach_hoi", "")).strip()[:QUESTION_LIMIT]
    try:
        await features.propose_question(
            console.services, question_id, wording, actor=identity.channel_id, role=identity.role
        )
    except features.Refused:
        return redirect(f"/cauhoi/{question_id}?tb=handled")
    return redirect(f"/cauhoi/{question_id}?tb=proposed")
