"""Fixed proportions and sample texts for the demo data (all invented, no real person)."""

from __future__ import annotations

# Stored household values and how often a demo citizen gives each (None: skipped the question).
HOUSEHOLD_WEIGHTS: tuple[tuple[str | None, float], ...] = (
    ("ngheo", 0.16),
    ("can_ngheo", 0.12),
    ("moi_thoat_ngheo", 0.07),
    ("khac", 0.45),
    ("khong_tra_loi", 0.08),
    (None, 0.12),
)

FEEDBACK_CATEGORIES = ("gop_y", "phan_anh", "kien_nghi", "khac")

# Questions the FAQ could not answer, as citizens type them (the first ones come up most),
# with the FAQ question closest to each (used only when the catalogue has it).
MISSED_QUESTIONS: tuple[tuple[str, str | None], ...] = (
    ("xin hỏi làm lại sổ hộ nghèo bị mất ở đâu", "chuan_ngheo.giay_chung_nhan"),
    ("hộ tôi mới tách hộ có được xét cận nghèo không", "chuan_ngheo.ra_soat"),
    ("bao giờ có tiền hỗ trợ làm nhà năm nay", "nha_o.ho_tro_xay_moi"),
    ("con tôi học nghề ở tỉnh khác có được miễn học phí không", "giao_duc.mien_hoc_phi"),
    ("vay vốn nuôi bò thì cần giấy tờ gì", "tin_dung.thu_tuc"),
    ("thẻ bảo hiểm y tế của mẹ tôi hết hạn phải làm sao", "bhyt.cap_the"),
    ("xã có lớp dạy nghề may cho phụ nữ không", "viec_lam.hoc_nghe"),
    ("ai được nhận gạo hỗ trợ dịp tết", None),
    ("đi làm ở khu công nghiệp có được hỗ trợ tiền tàu xe không", "viec_lam.tim_viec"),
    ("nhà tôi bị sạt lở thì báo cho ai", None),
    ("hộ mới thoát nghèo còn được vay ưu đãi không", "tin_dung.vay_moi_thoat_ngheo"),
    ("muốn đổi tên chủ hộ trên danh sách hộ nghèo", "chuan_ngheo.ra_soat"),
)

# Built-in (intent, topic) pairs for a deployment without FAQ content yet.
_FALLBACK = (
    ("bhyt.ho_ngheo", "bhyt"),
    ("bhyt.cap_the", "bhyt"),
    ("tin_dung.vay_ho_ngheo", "tin_dung"),
    ("tin_dung.thu_tuc", "tin_dung"),
    ("nha_o.ho_tro", "nha_o"),
    ("giao_duc.mien_hoc_phi", "giao_duc"),
    ("viec_lam.hoc_nghe", "viec_lam"),
    ("ra_soat.tieu_chi", "ra_soat"),
)


def fallback_intents() -> list[tuple[str, str]]:
    return list(_FALLBACK)
