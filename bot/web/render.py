"""Server-side pages: Jinja2 templates with autoescaping, the menu each role sees, notices.

Jinja2 rather than our own string building: autoescaping by default is what keeps a citizen's
question from becoming markup in a reviewer's browser, and template inheritance keeps every
page's header, menu and CSRF field in one place.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.core.local_time import local_stamp
from bot.core.services import Services
from bot.voice.topic_guess import topic_title
from bot.web.auth import Identity
from bot.web.routing import IDENTITY
from bot.web.telegram_html import clean

TEMPLATES = Path(__file__).parent / "templates"

# (path, label, roles) of the menu; a person sees only what their role opens.
MENU = (
    ("/", "Tổng quan", ("admin", "officer", "reviewer")),
    ("/cauhoi", "Câu hỏi", ("admin", "officer", "reviewer")),
    ("/phien", "Phiên đối thoại", ("admin", "officer")),
    ("/chiendich", "Chiến dịch", ("admin", "officer")),
    ("/baocao", "Báo cáo", ("admin", "officer")),
    ("/noidung", "Nội dung", ("admin", "officer", "reviewer")),
    ("/canbo", "Cán bộ", ("admin",)),
)
ROLE_LABELS = {"admin": "Quản trị", "officer": "Cán bộ", "reviewer": "Người duyệt"}

# Short notices shown after an action (redirect with ``?tb=<code>``): never echoed text.
NOTICES = {
    "signed_out": "Đã đăng xuất.",
    "answered": "Đã gửi câu trả lời.",
    "at_session": "Đã đánh dấu trả lời tại buổi đối thoại và báo cho người hỏi.",
    "rejected": "Đã từ chối câu hỏi.",
    "merged": "Đã gộp câu hỏi.",
    "proposed": "Đã đề xuất đưa vào mục hỏi đáp.",
    "handled": "Câu hỏi này đã được xử lý trước đó.",
    "bulk": "Đã xử lý các câu hỏi đã chọn.",
    "none_selected": "Chưa chọn câu hỏi nào.",
    "created": "Đã tạo chiến dịch.",
    "paused": "Đã tạm dừng chiến dịch.",
    "resumed": "Đã tiếp tục chiến dịch.",
    "cancelled": "Đã hủy chiến dịch.",
    "not_allowed": "Chiến dịch đang ở trạng thái không cho phép việc này.",
    "staff_saved": "Đã lưu quyền cán bộ.",
    "staff_removed": "Đã xóa quyền cán bộ.",
    "staff_bad": "Mã tài khoản không hợp lệ (ví dụ đúng: telegram:123456).",
    "self_remove": "Không thể tự xóa quyền của chính mình.",
    "session_created": "Đã tạo buổi đối thoại. Có thể báo cho người dân trong xã ngay bên dưới.",
    "session_saved": "Đã lưu thay đổi buổi đối thoại.",
    "session_cancelled": "Đã hủy buổi đối thoại và báo cho người đã gửi câu hỏi.",
    "session_closed": "Buổi đối thoại này đã diễn ra hoặc đã hủy, không sửa được nữa.",
    "announced_campaign": "Đã tạo đợt gửi tin báo buổi đối thoại cho người dân đang nhận tin.",
}


class Renderer:
    """Renders templates with what every page needs (who is signed in, menu, CSRF, notice)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["local"] = lambda iso: local_stamp(services, iso) if iso else ""
        self.env.filters["commune"] = self.commune_name
        self.env.filters["safe_telegram"] = clean
        self.env.filters["topic"] = lambda topic: topic_title(services, topic)
        self.env.globals["t"] = lambda key, **values: services.texts.get(key, **values)
        self.env.globals["ROLE_LABELS"] = ROLE_LABELS

    def commune_name(self, commune_id: str | None) -> str:
        commune = self.services.deployment.commune(commune_id)
        return commune.name if commune else (commune_id or "—")

    def html(self, request: web.Request, template: str, **context: object) -> str:
        identity = request.get(IDENTITY)
        menu = []
        if isinstance(identity, Identity):
            menu = [(path, label) for path, label, roles in MENU if identity.role in roles]
        notice = NOTICES.get(request.query.get("tb", ""))
        return self.env.get_template(template).render(
            identity=identity,
            csrf=identity.csrf if isinstance(identity, Identity) else "",
            menu=menu,
            path=request.path,
            notice=notice,
            **context,
        )

    def page(
        self, request: web.Request, template: str, *, status: int = 200, **context: object
    ) -> web.Response:
        return web.Response(
            text=self.html(request, template, **context),
            status=status,
            content_type="text/html",
            charset="utf-8",
        )
