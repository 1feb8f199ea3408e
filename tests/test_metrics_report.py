"""Exact counting: a known set of events for 2026-Q3 and every figure of every section."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.core.content import Commune, Contact, Deployment
from bot.metrics import period as periods
from bot.metrics.context import CatalogInfo
from bot.metrics.model import Report
from bot.metrics.report import build_report, resolve_area
from bot.metrics.summary import summary_text
from bot.store import Citizen, Store
from bot.store.campaigns import campaigns
from bot.store.questions import questions
from bot.store.reports import ReportQueries
from bot.store.voice import dialogue_sessions
from tests.conftest import BACKENDS

TZ = "Asia/Ho_Chi_Minh"
NOW = dt.datetime(2026, 9, 25, 3, 0, tzinfo=dt.UTC)  # 10:00 local, before one session
DEPLOYMENT = Deployment(
    authority="UBND xã Thử Nghiệm",
    bot_name="Trợ lý",
    communes=(
        Commune("que_phong", "Xã Quế Phong", ("Bản Na Ca", "Bản Pục"), 100),
        Commune("tien_phong", "Xã Tiền Phong", ("Bản Tà Cạ",), 50),
        Commune("tri_le", "Xã Tri Lễ", ("Bản Mờ",), None),
    ),
    contacts={"default": Contact("Một cửa", "công chức", "0200")},
    targets={"reach_share": 0.9, "dialogue_sessions_per_commune": 1},
)
CATALOG = CatalogInfo(
    intents={
        "bhyt.ho_ngheo": ("Thẻ BHYT cho hộ nghèo", "bhyt"),
        "bhyt.cap_the": ("Cấp lại thẻ BHYT", "bhyt"),
        "tin_dung.thu_tuc": ("Thủ tục vay vốn", "tin_dung"),
    },
    topics={"bhyt": "Bảo hiểm y tế", "tin_dung": "Vay vốn ưu đãi"},
)


def at(local: str) -> str:
    """A local wall-clock time as the events table's UTC string."""
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(TZ))
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def person(key: int, commune: str | None, village: str | None, household: str | None) -> Citizen:
    return Citizen(key, f"telegram:{key}", "", commune, village, household, (), False,
                   None, None, "", "")  # fmt: skip


A = person(1, "que_phong", "Bản Na Ca", "ngheo")
B = person(2, "tien_phong", "Bản Tà Cạ", "can_ngheo")
C_OLD = person(3, "que_phong", "Bản Pục", "khac")
C_NEW = person(3, "tri_le", "Bản Mờ", "moi_thoat_ngheo")
D = person(4, None, None, None)
E = person(5, "que_phong", "Bản Pục", "ngheo")
F = person(6, "que_phong", "Bản Na Ca", "khac")
G = person(7, "tien_phong", None, "khong_tra_loi")
BLANK_A = person(1, None, None, None)  # before A answered the profile questions

EVENTS: list[tuple[Citizen | None, str, str, dict]] = [
    (BLANK_A, "2026-07-01 00:00:00", "consent_given", {}),  # the first second of the period
    (A, "2026-07-01 00:00:10", "profile_updated", {"value": "household"}),
    (A, "2026-07-01 00:00:20", "subscribed", {}),
    (A, "2026-07-02 09:00", "faq_answer", {"intent": "bhyt.ho_ngheo", "topic": "bhyt", "outcome": "answer"}),
    (A, "2026-07-02 09:01", "faq_feedback", {"intent": "bhyt.ho_ngheo", "value": "up"}),
    (A, "2026-08-10 09:00", "broadcast_delivered", {"campaign_id": 1}),
    (A, "2026-09-01 10:00", "session_announced", {"outcome": "sent", "value": "1"}),
    (B, "2026-07-10 10:00", "faq_suggest", {"intent": "tin_dung.thu_tuc", "outcome": "suggest"}),
    (B, "2026-07-10 10:01", "menu_answer", {"intent": "tin_dung.thu_tuc", "topic": "tin_dung", "outcome": "answer"}),
    (B, "2026-07-10 10:02", "faq_feedback", {"intent": "tin_dung.thu_tuc", "value": "down"}),
    (B, "2026-08-10 09:00", "broadcast_blocked", {"campaign_id": 1}),
    (B, "2026-08-10 09:00:01", "unsubscribed", {"value": "blocked"}),
    (C_OLD, "2026-07-15 08:00", "faq_miss", {"outcome": "none"}),
    (C_OLD, "2026-07-15 08:01", "question_sent", {"ref": "CH-AAAAA", "value": "faq_miss"}),
    (C_OLD, "2026-07-17 10:01", "question_answered", {"ref": "CH-AAAAA", "outcome": "sent"}),
    (C_NEW, "2026-09-05 12:00", "profile_updated", {"value": "commune"}),
    (D, "2026-07-20 15:00", "consent_given", {}),
    (D, "2026-07-20 15:05", "faq_suggest", {"intent": "bhyt.cap_the", "outcome": "suggest"}),
    (D, "2026-07-20 15:06", "faq_miss", {"outcome": "rejected_suggestions"}),
    (D, "2026-07-20 15:08", "session_announced", {"outcome": "stopped", "value": "1"}),
    (D, "2026-07-20 15:10", "data_deleted", {}),
    (E, "2026-08-10 09:00", "broadcast_delivered", {"campaign_id": 1}),
    (E, "2026-09-12 09:00", "broadcast_outside_window", {"campaign_id": 2}),
    (E, "2026-09-30 23:59:59", "faq_answer", {"intent": "bhyt.ho_ngheo", "topic": "bhyt", "outcome": "answer"}),
    (F, "2026-06-30 23:59:59", "faq_answer", {"intent": "bhyt.ho_ngheo", "topic": "bhyt", "outcome": "answer"}),
    (F, "2026-10-01 00:00:00", "faq_answer", {"intent": "bhyt.ho_ngheo", "topic": "bhyt", "outcome": "answer"}),
    (G, "2026-09-02 08:00", "dialogue_schedule_viewed", {"outcome": "1"}),
    (G, "2026-09-02 08:05", "question_sent", {"ref": "CH-BBBBB", "value": "dialogue", "topic": "bhyt"}),
    (G, "2026-09-02 10:05", "question_answered", {"ref": "CH-BBBBB", "outcome": "stopped"}),
    (G, "2026-09-03 09:00", "feedback_sent", {"ref": "GY-CCCCC", "value": "phan_anh", "outcome": "named"}),
    (G, "2026-09-03 19:00", "question_answered", {"ref": "GY-CCCCC", "outcome": "sent"}),
    (None, "2026-07-05 10:00", "consent_declined", {}),
    (None, "2026-07-06 10:00", "consent_declined", {}),
    (None, "2026-07-05 10:01", "faq_answer", {"intent": "bhyt.ho_ngheo", "topic": "bhyt", "outcome": "answer"}),
    (None, "2026-08-20 10:00", "feedback_sent", {"value": "gop_y", "outcome": "anonymous", "commune": "tri_le"}),
    (None, "2026-08-21 10:00", "faq_miss", {"outcome": "none"}),
]  # fmt: skip

MISSED = [  # (ref, kind, text, intent_guess, created local, flag)
    ("CH-AAAAA", "faq_miss", "Làm lại sổ hộ nghèo ở đâu?", "bhyt.cap_the", "2026-07-15 08:01", None),
    ("CH-DDDDD", "faq_miss", "làm lại  sổ hộ nghèo ở đâu", "bhyt.cap_the", "2026-08-01 08:00", None),
    ("CH-EEEEE", "faq_miss", "Gọi 0912345678 giúp tôi", None, "2026-08-02 08:00", None),
    ("CH-FFFFF", "faq_miss", "", None, "2026-08-03 08:00", None),  # its citizen deleted it
    ("CH-GGGGG", "dialogue", "Hỏi trong buổi đối thoại", None, "2026-08-04 08:00", None),
    ("CH-HHHHH", "faq_miss", "một câu hỏi thô tục", None, "2026-08-05 08:00", "abusive"),
    ("CH-JJJJJ", "faq_miss", "Làm lại sổ hộ nghèo ở đâu?", None, "2026-06-01 08:00", None),
]  # fmt: skip


def seed(store: Store) -> None:
    """The known world: events through the events repository, and the other features'
    rows the report reads (staff questions, a campaign, dialogue sessions) written straight
    into their tables, the same on both backends."""
    for citizen, local, type, fields in EVENTS:
        store.events.record(type, channel="telegram", citizen=citizen, at=at(local), **fields)
    rows = [
        {"ref": ref, "kind": kind, "text": text, "intent_guess": guess, "status": "pending",
         "created_at": at(local), "flag": flag}
        for ref, kind, text, guess, local, flag in MISSED
    ]  # fmt: skip
    created = at("2026-08-01 09:00")
    campaign = {
        "title": "Lịch cấp thẻ BHYT", "text": "Lịch cấp thẻ BHYT", "segment": "{}",
        "next_run_at": at("2026-08-10 09:00"), "status": "scheduled", "created_by": "cli",
        "created_at": created, "updated_at": created,
    }  # fmt: skip
    sessions = [  # (commune, local start, status)
        ("que_phong", "2026-08-15T08:00", "scheduled"),
        ("tri_le", "2026-09-20T08:00", "cancelled"),
        ("tien_phong", "2026-09-29T08:00", "scheduled"),
        ("que_phong", "2026-10-05T08:00", "scheduled"),
    ]

    def write(conn: sa.Connection) -> None:
        conn.execute(sa.insert(questions), rows)
        conn.execute(sa.insert(campaigns), [campaign])
        conn.execute(
            sa.insert(dialogue_sessions),
            [
                {"commune": commune, "starts_at": starts, "place": "Nhà văn hóa", "topics": "BHYT",
                 "status": status, "created_by": "t", "created_at": created}
                for commune, starts, status in sessions
            ],
        )  # fmt: skip

    store.call_sql(write)


@pytest.fixture(scope="module", params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The seeded world, once per backend: every figure below must be the same on both."""
    if request.param == "sqlite":
        target = str(Path(tmp_path_factory.mktemp("metrics")) / "bot.db")
    else:
        server = request.getfixturevalue("pg_server")
        target = server.create_database(template=request.getfixturevalue("pg_template"))
    store = Store.open(target)
    seed(store)
    yield store
    store.close()


def report_for(store: Store, **area: str) -> Report:
    return store.call(
        lambda r: build_report(
            r.reports,
            period=periods.parse_period("2026-Q3", TZ),
            area=resolve_area(DEPLOYMENT, **area),
            deployment=DEPLOYMENT,
            catalog=CATALOG,
            now=NOW,
        )
    )


@pytest.fixture(scope="module")
def report(store: Store) -> Report:
    return report_for(store)


def test_title_rows(report: Report) -> None:
    assert report.title_lines() == [
        "UBND XÃ THỬ NGHIỆM",
        "BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO",
        "Kỳ báo cáo: quý III/2026. Phạm vi: toàn địa bàn.",
        "Lập lúc: 10:00 ngày 25/09/2026.",
    ]
    assert [s.sheet for s in report.sections] == [
        "Tổng quan", "Tiếp cận", "Gửi tin", "Hỏi đáp", "Đối thoại", "Góp ý"
    ]  # fmt: skip


def test_summary(report: Report) -> None:
    assert report.table("tong_quan", "chi_so").rows == [
        ["Người dân được tiếp cận thông tin", 5, 3.7,
         "Chỉ tiêu năm: 135 người (90% của 150 hộ; mỗi tài khoản tính như một hộ)."],
        ["Người dân tương tác với trợ lý", 6, None, ""],
        ["Người dân mới đồng ý lưu thông tin", 2, None, ""],
        ["Người đăng ký nhận tin mới", 1, None, ""],
        ["Người dừng nhận tin", 1, None, "Gồm cả người đã chặn bot."],
        ["Người xóa dữ liệu của mình", 1, None, ""],
        ["Lượt hỏi đáp của người chưa đồng ý lưu thông tin", 2, None,
         "Không lưu gì về những người này nên không đếm được số người."],
        ["Lượt từ chối lưu thông tin", 2, None, ""],
        ["Đợt gửi tin", 2, None, ""],
        ["Lượt tin đến được người dân", 2, 50.0, "Trên 4 lượt gửi."],
        ["Câu hỏi gõ vào trợ lý", 7, 42.9, "Tỷ lệ: trả lời ngay."],
        ["Đánh giá 👍 Hữu ích", 1, 50.0, "Trên 2 lượt đánh giá."],
        ["Buổi đối thoại đã tổ chức", 1, 33.3, "Kế hoạch: 3 buổi/năm."],
        ["Câu hỏi gửi cán bộ", 4, None,
         "Đã trả lời trong kỳ: 3. Thời gian trả lời (trung vị): 10,0 giờ."],
        ["Góp ý, phản ánh, kiến nghị", 2, None, ""],
    ]  # fmt: skip


def test_reach_by_commune_household_and_village(report: Report) -> None:
    assert report.table("tiep_can", "theo_xa").rows == [
        ["Xã Quế Phong", 100, 90, 2, 2.0, 2.2, 2, 1, 1, 0, 0],
        ["Xã Tiền Phong", 50, 45, 2, 4.0, 4.4, 2, 0, 0, 1, 0],
        ["Xã Tri Lễ", None, None, 1, None, None, 1, 0, 0, 0, 0],
        ["Không rõ", None, None, 0, None, None, 1, 1, 0, 0, 1],
        ["Tổng cộng", 150, 135, 5, 3.3, 3.7, 6, 2, 1, 1, 1],
    ]
    assert report.table("tiep_can", "theo_loai_ho").rows == [
        ["Hộ nghèo", 2, 2, 1, 1, 0, 0],
        ["Hộ cận nghèo", 1, 1, 0, 0, 1, 0],
        ["Hộ mới thoát nghèo", 1, 1, 0, 0, 0, 0],
        ["Hộ khác", 0, 0, 0, 0, 0, 0],
        ["Không rõ", 1, 2, 1, 0, 0, 1],
        ["Tổng cộng", 5, 6, 2, 1, 1, 1],
    ]
    assert report.table("tiep_can", "theo_thon").rows == [
        ["Xã Quế Phong", "Bản Na Ca", 1, 1],
        ["Xã Quế Phong", "Bản Pục", 1, 1],
        ["Xã Tiền Phong", "Bản Tà Cạ", 1, 1],
        ["Xã Tiền Phong", "Không rõ", 1, 1],
        ["Xã Tri Lễ", "Bản Mờ", 1, 1],
        ["Không rõ", "Không rõ", 0, 1],
        ["Tổng cộng", "", 5, 6],
    ]


def test_reach_over_time_by_week(report: Report) -> None:
    weeks = ["01/07", "08/07", "15/07", "22/07", "29/07", "05/08", "12/08", "19/08", "26/08",
             "02/09", "09/09", "16/09", "23/09", "30/09"]  # fmt: skip
    in_week = {"01/07": 1, "08/07": 1, "15/07": 1, "05/08": 2, "26/08": 1, "02/09": 1, "30/09": 1}
    first = {"01/07": 1, "08/07": 1, "15/07": 1, "05/08": 1, "02/09": 1}
    cumulative, expected = 0, []
    for week in weeks:
        cumulative += first.get(week, 0)
        expected.append([week, in_week.get(week, 0), first.get(week, 0), cumulative])
    assert report.table("tiep_can", "theo_thoi_gian").rows == expected
    assert report.series["reached"] == [row[1] for row in expected]


def test_delivery(report: Report) -> None:
    assert report.table("gui_tin", "theo_dot").rows == [
        [1, "Lịch cấp thẻ BHYT", "10/08/2026", 3, 3, 2, 0, 1, 0, 66.7],
        [2, "Đợt 2", "12/09/2026", 1, 1, 0, 0, 0, 1, 0.0],
        ["Tổng cộng", "", "", None, 4, 2, 0, 1, 1, 50.0],
    ]
    assert report.table("gui_tin", "theo_loai_ho").rows == [
        ["Hộ nghèo", 3, 2, 0, 0, 1, 66.7],
        ["Hộ cận nghèo", 1, 0, 0, 1, 0, 0.0],
        ["Hộ mới thoát nghèo", 0, 0, 0, 0, 0, None],
        ["Hộ khác", 0, 0, 0, 0, 0, None],
        ["Không rõ", 0, 0, 0, 0, 0, None],
        ["Tổng cộng", 4, 2, 0, 1, 1, 50.0],
    ]
    assert report.table("gui_tin", "theo_xa").rows == [
        ["Xã Quế Phong", 3, 2, 0, 0, 1, 66.7],
        ["Xã Tiền Phong", 1, 0, 0, 1, 0, 0.0],
        ["Xã Tri Lễ", 0, 0, 0, 0, 0, None],
        ["Không rõ", 0, 0, 0, 0, 0, None],
        ["Tổng cộng", 4, 2, 0, 1, 1, 50.0],
    ]


def test_faq_outcomes_votes_topics_and_intents(report: Report) -> None:
    assert report.table("hoi_dap", "ket_qua").rows == [
        ["Trả lời ngay", 3, 42.9],
        ["Gợi ý câu hỏi gần đúng", 2, 28.6],
        ["Chưa trả lời được", 2, 28.6],
        ["Tổng số câu hỏi gõ vào", 7, 100.0],
        ["Không chọn gợi ý nào (tỷ lệ trên số lần gợi ý)", 1, 50.0],
        ["Câu trả lời xem từ danh mục chủ đề", 1, None],
    ]
    assert report.table("hoi_dap", "danh_gia").rows == [
        ["👍 Hữu ích", 1, 50.0],
        ["👎 Chưa đúng", 1, 50.0],
        ["Tổng cộng", 2, 100.0],
    ]
    assert report.table("hoi_dap", "theo_chu_de").rows == [
        ["Bảo hiểm y tế", 4, 3, 1, 0, 0, 1, 0],
        ["Vay vốn ưu đãi", 1, 0, 1, 0, 1, 0, 1],
        ["Chưa xác định chủ đề", 2, 0, 0, 2, 0, 0, 0],
        ["Tổng cộng", 7, 3, 2, 2, 1, 1, 1],
    ]
    assert report.table("hoi_dap", "theo_cau_hoi").rows == [
        ["Thẻ BHYT cho hộ nghèo", "bhyt.ho_ngheo", "Bảo hiểm y tế", 3, 0, 0, 1, 0],
        ["Thủ tục vay vốn", "tin_dung.thu_tuc", "Vay vốn ưu đãi", 0, 1, 1, 0, 1],
        ["Cấp lại thẻ BHYT", "bhyt.cap_the", "Bảo hiểm y tế", 0, 1, 0, 0, 0],
    ]


def test_faq_by_household_commune_and_top_missed(report: Report) -> None:
    assert report.table("hoi_dap", "theo_loai_ho").rows == [
        ["Hộ nghèo", 2, 2, 0, 0, 100.0, 0],
        ["Hộ cận nghèo", 1, 0, 1, 0, 0.0, 1],
        ["Hộ mới thoát nghèo", 0, 0, 0, 0, None, 0],
        ["Hộ khác", 1, 0, 0, 1, 0.0, 0],
        ["Không rõ", 3, 1, 1, 1, 33.3, 0],
        ["Tổng cộng", 7, 3, 2, 2, 42.9, 1],
    ]
    assert report.table("hoi_dap", "theo_xa").rows == [
        ["Xã Quế Phong", 3, 2, 0, 1, 66.7, 0],
        ["Xã Tiền Phong", 1, 0, 1, 0, 0.0, 1],
        ["Xã Tri Lễ", 0, 0, 0, 0, None, 0],
        ["Không rõ", 3, 1, 1, 1, 33.3, 0],
        ["Tổng cộng", 7, 3, 2, 2, 42.9, 1],
    ]
    assert report.table("hoi_dap", "cau_hoi_chua_tra_loi").rows == [
        [1, "Làm lại sổ hộ nghèo ở đâu?", 2, "Cấp lại thẻ BHYT"],
        [2, "Gọi *** giúp tôi", 1, ""],
    ]


def test_dialogue_sessions_staff_questions_and_time_to_answer(report: Report) -> None:
    assert report.table("doi_thoai", "buoi_doi_thoai").rows == [
        ["Xã Quế Phong", 1, 1, 0, 0, 100.0],
        ["Xã Tiền Phong", 1, 0, 1, 0, 0.0],
        ["Xã Tri Lễ", 1, 0, 0, 1, 0.0],
        ["Tổng cộng", 3, 1, 1, 1, 33.3],
    ]
    assert report.table("doi_thoai", "cau_hoi").rows == [
        ["Câu hỏi trợ lý chưa trả lời được", 1, 1, 1],
        ["Câu hỏi cho buổi đối thoại", 1, 1, 0],
        ["Góp ý, phản ánh có tên", 2, 1, 1],
        ["Tổng cộng", 4, 3, 2],
    ]
    assert report.table("doi_thoai", "thoi_gian_tra_loi").rows == [
        ["Câu hỏi trợ lý chưa trả lời được", 1, 50.0, 50.0, 50.0, 0.0],
        ["Câu hỏi cho buổi đối thoại", 1, 2.0, 2.0, 2.0, 100.0],
        ["Góp ý, phản ánh có tên", 1, 10.0, 10.0, 10.0, 100.0],
        ["Tổng cộng", 3, 20.7, 10.0, 50.0, 66.7],
    ]
    assert report.table("doi_thoai", "theo_loai_ho").rows == [
        ["Hộ nghèo", 0, 0, 0, 0],
        ["Hộ cận nghèo", 0, 0, 0, 0],
        ["Hộ mới thoát nghèo", 0, 0, 0, 0],
        ["Hộ khác", 1, 0, 0, 1],
        ["Không rõ", 0, 1, 2, 3],
        ["Tổng cộng", 1, 1, 2, 4],
    ]
    assert report.table("doi_thoai", "theo_xa").rows == [
        ["Xã Quế Phong", 1, 0, 0, 1],
        ["Xã Tiền Phong", 0, 1, 1, 2],
        ["Xã Tri Lễ", 0, 0, 1, 1],
        ["Không rõ", 0, 0, 0, 0],
        ["Tổng cộng", 1, 1, 2, 4],
    ]


def test_feedback(report: Report) -> None:
    assert report.table("gop_y", "theo_loai").rows == [
        ["Góp ý, đề xuất", 1, 0, 1],
        ["Phản ánh", 1, 1, 0],
        ["Kiến nghị", 0, 0, 0],
        ["Khác", 0, 0, 0],
        ["Tổng cộng", 2, 1, 1],
    ]
    assert report.table("gop_y", "theo_loai_ho").rows == [
        ["Hộ nghèo", 0, 0, 0, 0, 0],
        ["Hộ cận nghèo", 0, 0, 0, 0, 0],
        ["Hộ mới thoát nghèo", 0, 0, 0, 0, 0],
        ["Hộ khác", 0, 0, 0, 0, 0],
        ["Không rõ", 1, 1, 0, 0, 2],
        ["Tổng cộng", 1, 1, 0, 0, 2],
    ]
    assert report.table("gop_y", "theo_xa").rows == [
        ["Xã Quế Phong", 0, 0, 0, 0, 0],
        ["Xã Tiền Phong", 0, 1, 0, 0, 1],
        ["Xã Tri Lễ", 1, 0, 0, 0, 1],
        ["Không rõ", 0, 0, 0, 0, 0],
        ["Tổng cộng", 1, 1, 0, 0, 2],
    ]


def test_telegram_summary_text(report: Report) -> None:
    assert summary_text(report) == "\n".join(
        [
            "📊 BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO",
            "Quý III/2026 — toàn địa bàn.",
            "• Được tiếp cận: 5 người (3,7% chỉ tiêu năm)",
            "• Tương tác: 6 người; đăng ký nhận tin mới: 1",
            "• Tin đến được người dân: 2 lượt (50,0%)",
            "• Câu hỏi gõ vào trợ lý: 7, trả lời ngay 42,9%; 👍 1 / 👎 1",
            "• Câu hỏi gửi cán bộ: 4, đã trả lời 3",
            "• Buổi đối thoại: 1/3 theo kế hoạch",
            "• Góp ý, phản ánh: 2",
        ]
    )


def test_a_commune_counts_people_by_their_latest_commune(store: Store) -> None:
    report = report_for(store, commune="tri_le")
    assert report.area_label == "Xã Tri Lễ"
    assert report.table("tiep_can", "theo_xa").rows == [
        ["Xã Tri Lễ", None, None, 1, None, None, 1, 0, 0, 0, 0],
        ["Không rõ", None, None, 0, None, None, 0, 0, 0, 0, 0],
        ["Tổng cộng", None, None, 1, None, None, 1, 0, 0, 0, 0],
    ]
    assert report.table("gop_y", "theo_loai").rows[0] == ["Góp ý, đề xuất", 1, 0, 1]
    assert report.headline["asked"] == 0
    assert report.table("doi_thoai", "buoi_doi_thoai").rows == [
        ["Xã Tri Lễ", 1, 0, 0, 1, 0.0],
        ["Tổng cộng", 1, 0, 0, 1, 0.0],
    ]


def test_a_village_has_no_household_base_and_filters_missed_questions(store: Store) -> None:
    report = report_for(store, village="Bản Pục")
    assert report.area_label == "Bản Pục, Xã Quế Phong"
    assert report.table("tiep_can", "theo_xa").rows[0] == [
        "Xã Quế Phong", None, None, 1, None, None, 1, 0, 0, 0, 0
    ]  # fmt: skip
    assert report.table("hoi_dap", "cau_hoi_chua_tra_loi").rows == [
        [1, "Làm lại sổ hộ nghèo ở đâu?", 1, "Cấp lại thẻ BHYT"],
    ]


@pytest.mark.parametrize(
    ("area", "message"),
    [
        (
            {"commune": "ha_noi"},
            "không có xã mã 'ha_noi'; các mã xã: que_phong, tien_phong, tri_le",
        ),
        ({"village": "Bản Xa"}, "không có thôn/bản 'Bản Xa' trong tệp deployment.yaml"),
        ({"commune": "tri_le", "village": "Bản Pục"}, "không có thôn/bản 'Bản Pục'"),
    ],
)
def test_unknown_areas_are_refused_by_name(area: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_area(DEPLOYMENT, **area)


def test_an_empty_database_gives_zeros_not_errors(database: str) -> None:
    store = Store.open(database)
    report = report_for(store)
    store.close()
    assert report.headline["reached"] == 0
    assert report.table("gui_tin", "theo_dot").rows == [
        ["Tổng cộng", "", "", None, 0, 0, 0, 0, 0, None]
    ]
    assert "Chưa có dữ liệu" in report.table("gui_tin", "theo_dot").note
    assert report.table("hoi_dap", "cau_hoi_chua_tra_loi").rows == []


async def test_read_apart_reports_the_same_from_a_connection_of_its_own(store: Store) -> None:
    """/baocao's way in: the report runs in a worker thread on its own read-only connection
    (never the database thread's), and says the same as through the database thread."""
    threads: list[str] = []

    def work(queries: ReportQueries) -> str:
        threads.append(threading.current_thread().name)
        report = build_report(
            queries,
            period=periods.parse_period("2026-Q3", TZ),
            area=resolve_area(DEPLOYMENT),
            deployment=DEPLOYMENT,
            catalog=CATALOG,
            now=NOW,
        )
        return summary_text(report)

    assert await store.read_apart(work) == summary_text(report_for(store))
    assert len(threads) == 1 and threads[0] != "database"
