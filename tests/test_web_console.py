"""The web console over HTTP: sign-in links, sessions, role checks and CSRF on every route,
and the actions reaching citizens through the same services as the Telegram commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.web.pages import ALL_ROUTES
from bot.web.routing import PUBLIC
from tests.console_helpers import (
    MovableClock,
    broadcasting,
    csrf_of,
    link_for,
    running_console,
    signed_in,
    use_link,
)
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings
from tests.voice_helpers import ask, citizen, one_question, ref_of

OFFICER_ONLY = [r for r in ALL_ROUTES if r.roles and "reviewer" not in r.roles]
ADMIN_ONLY = [r for r in ALL_ROUTES if r.roles == ("admin",)]
GUARDED = [r for r in ALL_ROUTES if r.roles]


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


def concrete(path: str) -> str:
    """A route's path with its placeholders filled (``{id:\\d+}`` → 1)."""
    path = re.sub(r"\{id[^}]*\}", "1", path)
    path = path.replace("{viec}", "tamdung").replace("{token}", "x").replace("{name}", "x")
    return path


def test_every_route_declares_its_roles() -> None:
    public = {(r.method, r.path) for r in ALL_ROUTES if r.roles == PUBLIC}
    assert public == {
        ("GET", "/dangnhap/{token}"),
        ("POST", "/dangnhap/{token}"),
        ("GET", "/dangxuat"),
        ("GET", "/tep/{name}"),
    }
    for route in GUARDED:
        assert set(route.roles) <= {"admin", "officer", "reviewer"}, route


async def test_the_server_mounts_only_declared_routes(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server:
        app = server.build_app()
        for resource_route in app.router.routes():
            info = resource_route.resource.canonical if resource_route.resource else ""
            handler = resource_route.handler
            if info in ("/healthz", "/readyz", "/tinh/{name}"):  # public by design
                continue
            assert hasattr(handler, "roles"), f"{info} has no role declaration"


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: f"{r.method} {r.path}")
async def test_anonymous_visitors_are_asked_to_sign_in(bot: TelegramBotDriver, route) -> None:
    async with (
        running_console(bot) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client,
    ):
        answer = await client.request(route.method, concrete(route.path), data={"csrf": "x"})
        assert answer.status_code == 401
        assert "/dangnhap" in answer.text


async def test_a_reviewer_is_refused_every_officer_and_admin_route(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server:
        async with signed_in(server, 901, "reviewer") as client:
            csrf = csrf_of((await client.get("/")).text)
            for route in OFFICER_ONLY:
                answer = await client.request(
                    route.method, concrete(route.path), data={"csrf": csrf}
                )
                assert answer.status_code == 403, route
                assert "Không có quyền" in answer.text
        refused = [e for e in bot.store.audit.entries(actor="telegram:901") if not e["allowed"]]
        assert len(refused) == len(OFFICER_ONLY)


async def test_an_officer_is_refused_admin_routes(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, signed_in(server, 900, "officer") as client:
        csrf = csrf_of((await client.get("/")).text)
        for route in ADMIN_ONLY:
            answer = await client.request(route.method, concrete(route.path), data={"csrf": csrf})
            assert answer.status_code == 403, route
        menu = (await client.get("/")).text
        assert 'href="/canbo"' not in menu and 'href="/chiendich"' in menu


@pytest.mark.parametrize("route", [r for r in GUARDED if r.method == "POST"], ids=lambda r: r.path)
async def test_every_form_needs_the_sessions_csrf_token(bot: TelegramBotDriver, route) -> None:
    async with running_console(bot) as server, signed_in(server, 902, "admin") as client:
        missing = await client.post(concrete(route.path), data={})
        wrong = await client.post(concrete(route.path), data={"csrf": "guess"})
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert "Biểu mẫu đã cũ" in wrong.text


async def test_a_link_signs_in_once_with_safe_cookie_flags(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server:
        link = await link_for(server, 900, "officer")
        async with httpx.AsyncClient() as client:
            preview = await client.get(link)  # a messenger's link preview must not use it up
            assert preview.status_code == 200 and "Đăng nhập" in preview.text
            first = await use_link(client, link)
            assert first.status_code == 303 and first.headers["location"] == "/"
            cookie = first.headers["set-cookie"].lower()
            assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
            home = await client.get(f"http://127.0.0.1:{server.port}/")
            assert home.status_code == 200 and "Tổng quan" in home.text
            assert home.headers["Content-Security-Policy"].startswith("default-src 'self'")
        async with httpx.AsyncClient() as other:
            replayed = await use_link(other, link)
            assert replayed.status_code == 403 and "không dùng được" in replayed.text
        assert [e["action"] for e in bot.store.audit.entries(actor="telegram:900")] == [
            "console sign-in"
        ]


async def test_another_site_cannot_post_a_link_for_a_visitor(bot: TelegramBotDriver) -> None:
    """Login CSRF: without the one-visit token the link page set, a POST signs nobody in."""
    async with running_console(bot) as server:
        link = await link_for(server, 900, "officer")
        async with httpx.AsyncClient() as victim:
            forged = await victim.post(link, data={"csrf": "guess"})
            assert forged.status_code == 403 and "phien" not in victim.cookies
            assert (await use_link(victim, link)).status_code == 303  # the link is still good


async def test_cookies_are_secure_behind_https(bot: TelegramBotDriver) -> None:
    async with running_console(bot, public_url="https://bot.example.gov.vn") as server:
        bot.store.staff.add("telegram:900", "officer", added_by="test")
        link = await server.sign_in_link("telegram:900")
        assert link.startswith("https://bot.example.gov.vn/dangnhap/")
        token = link.rsplit("/", 1)[1]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            # nginx speaks HTTPS to the browser; here the Secure cookie is handed back by hand.
            page = await client.get(f"/dangnhap/{token}")
            assert "secure" in page.headers["set-cookie"].lower()
            nonce = csrf_of(page.text)
            answer = await client.post(
                f"/dangnhap/{token}",
                data={"csrf": nonce},
                headers={"Cookie": f"dangnhap={nonce}"},
            )
            assert "secure" in answer.headers.get_list("set-cookie")[-1].lower()


async def test_links_expire_after_ten_minutes_and_sessions_after_a_day_s_work(
    bot: TelegramBotDriver,
) -> None:
    clock = MovableClock()
    async with running_console(bot, clock=clock) as server:
        stale = await link_for(server, 900, "officer")
        clock.shift = dt.timedelta(minutes=11)
        async with httpx.AsyncClient() as client:
            assert (await use_link(client, stale)).status_code == 403
        async with signed_in(server, 900, "officer") as client:
            assert (await client.get("/")).status_code == 200
            clock.shift += dt.timedelta(hours=9)
            assert (await client.get("/")).status_code == 401


async def test_forged_links_are_refused_and_then_rate_limited(bot: TelegramBotDriver) -> None:
    async with (
        running_console(bot) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client,
    ):
        codes = [(await use_link(client, f"/dangnhap/forged{n}")).status_code for n in range(6)]
        assert codes == [403] * 5 + [429]
        good = await link_for(server, 900, "officer")
        assert (await use_link(client, good)).status_code == 429  # this address waits, even so
        refused = [e for e in bot.store.audit.entries() if e["action"] == "console sign-in refused"]
        assert len(refused) == 5


async def test_sign_out_and_role_removal_end_the_session(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server:
        async with signed_in(server, 900, "officer") as client:
            csrf = csrf_of((await client.get("/")).text)
            out = await client.post("/dangxuat", data={"csrf": csrf})
            assert out.status_code == 303
            assert (await client.get("/")).status_code == 401
        async with signed_in(server, 900, "officer") as client:
            bot.store.staff.remove("telegram:900")
            assert (await client.get("/")).status_code == 401


async def test_answering_in_the_console_reaches_the_citizen(bot: TelegramBotDriver) -> None:
    session, ref = await one_question(bot, 501, "Hộ cận nghèo có được hỗ trợ BHYT không?")
    question = bot.store.voice.queue.by_ref(ref)
    assert question is not None
    async with running_console(bot) as server:
        async with signed_in(server, 901, "reviewer") as client:
            card = await client.get(f"/cauhoi/{question.id}")
            assert "Hộ cận nghèo có được hỗ trợ BHYT không?" in card.text
            before = len(bot.fake.transcript(501))
            answer = "Có. Ngân sách hỗ trợ ít nhất 70% mức đóng."
            preview = await client.post(
                f"/cauhoi/{question.id}/xemtruoc",
                data={"csrf": csrf_of(card.text), "tra_loi": answer},
            )
            assert ref in preview.text and answer in preview.text
            sent = await client.post(
                f"/cauhoi/{question.id}/traloi",
                data={"csrf": csrf_of(preview.text), "tra_loi": answer},
            )
            assert "đã gửi tới người dân" in sent.text
            received = bot.fake.transcript(501)[before:]
            assert any(answer in (m.text or "") and ref in (m.text or "") for m in received)
            again = await client.post(
                f"/cauhoi/{question.id}/traloi",
                data={"csrf": csrf_of(preview.text), "tra_loi": answer},
            )
            assert again.headers["location"].endswith("tb=handled")  # not sent twice
            assert len(bot.fake.transcript(501)) == before + 1
        assert bot.store.voice.queue.get(question.id).status == "answered"
        actions = [e["action"] for e in bot.store.audit.entries(actor="telegram:901")]
        assert "question answer" in actions


async def test_content_shows_answers_as_of_a_chosen_date_and_tries_a_question(
    bot: TelegramBotDriver,
) -> None:
    async with running_console(bot) as server, signed_in(server, 901, "reviewer") as client:
        before = (await client.get("/noidung?ngay=2026-12-31")).text
        after = (await client.get("/noidung?ngay=2027-01-01")).text
        assert "1.500.000 đồng" in before and "Nghị định 07/2021/NĐ-CP" in before
        assert "2.200.000 đồng" in after
        tried = (await client.get("/noidung", params={"hoi": "chuẩn hộ nghèo là bao nhiêu"})).text
        assert "Trợ lý sẽ:" in tried and "độ tin cậy" in tried


async def test_an_officer_creates_announces_and_cancels_a_session(bot: TelegramBotDriver) -> None:
    await citizen(bot, 701)
    when = (dt.datetime.now() + dt.timedelta(days=9)).strftime("%Y-%m-%dT09:00")
    async with (
        broadcasting(bot),
        running_console(bot) as server,
        signed_in(server, 900, "officer") as client,
    ):
        page = await client.get("/phien")
        bad = await client.post(
            "/phien",
            data={"csrf": csrf_of(page.text), "xa": "que_phong", "luc": "2020-01-01T08:00",
                  "dia_diem": "Nhà văn hóa thôn Bản Mới", "chu_de": "Vay vốn"},
        )  # fmt: skip
        assert "phải ở tương lai" in bad.text
        made = await client.post(
            "/phien",
            data={"csrf": csrf_of(page.text), "xa": "que_phong", "luc": when,
                  "dia_diem": "Nhà văn hóa thôn Bản Mới", "chu_de": "Vay vốn"},
        )  # fmt: skip
        assert made.status_code == 303
        session_id = int(made.headers["location"].split("/")[2].split("?")[0])
        sheet = await client.get(f"/phien/{session_id}")
        told = await client.post(
            f"/phien/{session_id}/thongbao", data={"csrf": csrf_of(sheet.text)}
        )
        assert told.status_code == 303 and "announced_" in told.headers["location"]
        await bot.fake.wait_until(
            lambda: any("Bản Mới" in (m.text or "") for m in bot.fake.transcript(701)), timeout=10
        )
        gone = await client.post(f"/phien/{session_id}/huy", data={"csrf": csrf_of(sheet.text)})
        assert gone.headers["location"].endswith("tb=session_cancelled")
        assert bot.store.voice.sessions.get(session_id).cancelled
        again = await client.post(f"/phien/{session_id}/huy", data={"csrf": csrf_of(sheet.text)})
        assert again.headers["location"].endswith("tb=session_closed")
    actions = [e["action"] for e in bot.store.audit.entries(actor="telegram:900")]
    assert {"session create", "session announce", "session cancel"} <= set(actions)


async def test_queue_filters_bulk_actions_merge_reject_propose_and_exports(
    bot: TelegramBotDriver,
) -> None:
    session, first = await one_question(bot, 511, "Vay vốn hộ nghèo lãi suất bao nhiêu?")
    await citizen(bot, 512)
    second = ref_of(await ask(bot, 512, session, "Lãi suất vay vốn hộ nghèo là bao nhiêu?"))
    await citizen(bot, 513)
    third = ref_of(await ask(bot, 513, session, "Mua hàng giá rẻ tại đây =HYPERLINK(1)"))
    queue = bot.store.voice.queue
    ids = {ref: queue.by_ref(ref).id for ref in (first, second, third)}
    async with running_console(bot) as server, signed_in(server, 901, "reviewer") as client:
        listing = await client.get("/cauhoi", params={"phien": session.id, "xa": "que_phong"})
        assert all(ref in listing.text for ref in (first, second, third))
        csrf = csrf_of(listing.text)
        groups = await client.get("/cauhoi/nhom")
        assert "Đang nhóm các câu hỏi" in groups.text  # computed beside the request
        for _ in range(100):
            if 'id="cac-nhom"' in groups.text:
                break
            await asyncio.sleep(0.05)
            groups = await client.get("/cauhoi/nhom")
        assert "2 người hỏi về" in groups.text
        merged = await client.post(f"/cauhoi/{ids[second]}/gop", data={"csrf": csrf, "vao": first})
        assert merged.headers["location"].endswith("tb=merged")
        assert queue.get(ids[second]).status == "merged"
        rejected = await client.post(
            "/cauhoi/hangloat",
            data={"csrf": csrf, "chon": [str(ids[third])], "viec": "tu_choi", "ly_do": "spam"},
        )
        assert rejected.status_code == 303
        assert queue.get(ids[third]).status == "rejected"
        csv = await client.get("/cauhoi/xuat", params={"trangthai": "tatca", "dinhdang": "csv"})
        assert csv.headers["content-type"].startswith("text/csv") and first in csv.text
        xlsx = await client.get("/cauhoi/xuat")
        assert xlsx.content[:2] == b"PK"
        proposed = await client.post(
            f"/cauhoi/{ids[first]}/dexuat",
            data={"csrf": csrf, "cach_hoi": "Lãi suất vay hộ nghèo?"},
        )
        assert proposed.headers["location"].endswith("tb=proposed")
        assert queue.get(ids[first]).proposed_at
        before = {u: len(bot.fake.transcript(u)) for u in (511, 512)}
        at_session = await client.post(
            "/cauhoi/hangloat",
            data={"csrf": csrf, "chon": [str(ids[first])], "viec": "tai_phien"},
        )
        assert at_session.status_code == 303
        for user in (511, 512):  # the one merged into it is told too
            assert len(bot.fake.transcript(user)) == before[user] + 1
    actions = [e["action"] for e in bot.store.audit.entries(actor="telegram:901")]
    for done in ("question merge", "question reject", "question propose faq",
                 "question answered at session", "console export questions"):  # fmt: skip
        assert done in actions


async def test_campaign_counts_and_pause_resume_cancel(bot: TelegramBotDriver) -> None:
    await citizen(bot, 601)
    async with running_console(bot) as server, signed_in(server, 900, "officer") as client:
        counts = (await client.get("/chiendich/dem", params={"communes": "que_phong"})).json()
        assert counts["total"] == 1 and counts["channels"] == {"telegram": 1}
        unknown = (await client.get("/chiendich/dem", params={"communes": "nowhere"})).json()
        assert unknown["total"] == 1  # an unknown commune is dropped, not matched
        page = await client.get("/chiendich/moi")
        form = {"csrf": csrf_of(page.text), "noi_dung": "Họp thôn **tối nay**", "khi": "hangtuan",
                "thu": "MON", "gio": "08:00", "communes": "que_phong"}  # fmt: skip
        preview = await client.post("/chiendich/xemtruoc", data=form)
        assert "<b>tối nay</b>" in preview.text and "Thứ Hai hằng tuần" in preview.text
        made = await client.post("/chiendich/tao", data=form)
        campaign_id = int(made.headers["location"].split("/")[2].split("?")[0])
        csrf = csrf_of((await client.get(f"/chiendich/{campaign_id}")).text)
        for action, status in (
            ("tamdung", "paused"),
            ("tieptuc", "scheduled"),
            ("huy", "cancelled"),
        ):
            done = await client.post(f"/chiendich/{campaign_id}/{action}", data={"csrf": csrf})
            assert done.status_code == 303
            assert bot.store.campaigns.get(campaign_id).status == status
        refused = await client.post(f"/chiendich/{campaign_id}/tamdung", data={"csrf": csrf})
        assert refused.headers["location"].endswith("tb=not_allowed")
        progress = (await client.get("/chiendich/tiendo")).json()
        assert progress[str(campaign_id)]["status"] == "Đã hủy"


async def test_an_admin_manages_roles_and_reads_the_audit_log(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, signed_in(server, 902, "admin") as client:
        csrf = csrf_of((await client.get("/canbo")).text)
        bad = await client.post(
            "/canbo", data={"csrf": csrf, "tai_khoan": "123", "vai_tro": "admin"}
        )
        assert bad.headers["location"].endswith("tb=staff_bad")
        await client.post(
            "/canbo", data={"csrf": csrf, "tai_khoan": "telegram:777", "vai_tro": "reviewer"}
        )
        assert bot.store.staff.role_of("telegram:777") == "reviewer"
        async with signed_in(server, 777, "reviewer") as other:
            assert (await other.get("/cauhoi")).status_code == 200
            await client.post("/canbo/xoa", data={"csrf": csrf, "tai_khoan": "telegram:777"})
            assert (await other.get("/cauhoi")).status_code == 401
        self_removal = await client.post(
            "/canbo/xoa", data={"csrf": csrf, "tai_khoan": "telegram:902"}
        )
        assert self_removal.headers["location"].endswith("tb=self_remove")
        log = await client.get("/canbo/nhatky", params={"nguoi": "telegram:902"})
        assert "staff add" in log.text and "staff remove" in log.text


async def test_reports_are_computed_off_the_request_then_shown_with_chart_and_workbook(
    bot: TelegramBotDriver,
) -> None:
    await citizen(bot, 601)
    async with running_console(bot) as server, signed_in(server, 900, "officer") as client:
        first = await client.get("/baocao", params={"ky": "m0", "xa": "que_phong"})
        assert first.status_code == 200
        assert (await client.get("/baocao/bieudo.png?ky=y1")).status_code == 404  # not computed
        page = first
        for _ in range(100):
            if 'id="tom-tat"' in page.text:
                break
            assert "Đang lập báo cáo" in page.text
            await asyncio.sleep(0.1)
            page = await client.get("/baocao", params={"ky": "m0", "xa": "que_phong"})
        assert "BÁO CÁO" in page.text.upper()
        chart = await client.get("/baocao/bieudo.png", params={"ky": "m0", "xa": "que_phong"})
        assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"
        book = await client.get("/baocao/baocao.xlsx", params={"ky": "m0", "xa": "que_phong"})
        assert book.content[:2] == b"PK"


async def test_a_campaign_file_is_checked_by_its_bytes_and_served_by_an_unguessable_name(
    bot: TelegramBotDriver,
) -> None:
    async with (
        running_console(bot) as server,
        signed_in(server, 900, "officer") as client,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as anyone,
    ):
        csrf = csrf_of((await client.get("/chiendich/moi")).text)
        fields = {"csrf": csrf, "noi_dung": "Lịch khám", "khi": "ngay"}
        fake_image = await client.post(
            "/chiendich/xemtruoc",
            data=fields,
            files={"tep": ("anh.png", b"MZ\x90\x00 not an image", "image/png")},
        )
        assert "Chỉ gửi kèm được ảnh JPG, PNG hoặc tệp PDF." in fake_image.text
        pdf = await client.post(
            "/chiendich/xemtruoc",
            data=fields,
            files={"tep": ("ke hoach.pdf", b"%PDF-1.4 tiny", "application/pdf")},
        )
        name = re.search(r'name="tep_da_tai" value="([^"]+)"', pdf.text)[1]  # type: ignore[index]
        assert name.endswith(".pdf") and "ke hoach.pdf" in pdf.text
        served = await anyone.get(f"/tep/{name}")
        assert served.status_code == 200 and served.content == b"%PDF-1.4 tiny"
        assert served.headers["content-type"] == "application/pdf"
        for guess in ("/tep/..%2Fbot.db", "/tep/" + "A" * 32 + ".pdf"):
            assert (await anyone.get(guess)).status_code == 404


def test_the_command_line_prints_a_link_only_for_staff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    settings = Settings(db_path=tmp_path / "cli.db", public_url="https://bot.example.gov.vn")
    assert main(["staff", "link", "telegram:42"], settings=settings) == 1
    assert "not staff" in capsys.readouterr().err
    main(["staff", "add", "telegram:42", "--role", "admin"], settings=settings)
    capsys.readouterr()
    assert main(["staff", "link", "telegram:42"], settings=settings) == 0
    link = capsys.readouterr().out.strip()
    assert re.fullmatch(r"https://bot\.example\.gov\.vn/dangnhap/[A-Za-z0-9_-]{43}", link)
