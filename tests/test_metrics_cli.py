"""``python -m bot seed-demo`` and ``python -m bot report``: files an officer can open."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.config import ROOT, Settings
from bot.core.content import Deployment
from bot.metrics import period as periods
from bot.metrics.cli import load_catalog
from bot.metrics.model import Column, Report
from bot.metrics.report import build_report, resolve_area
from bot.store import Store
from bot.store.copy import copy_database

CONTENT = ROOT / "content"
TZ = "Asia/Ho_Chi_Minh"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code = main(
        [
            "seed-demo",
            "--citizens",
            "120",
            "--days",
            "60",
            "--end",
            "2026-03-31",
            "--db",
            str(path),
        ],
        settings=Settings(db_path=path, content_dir=CONTENT),
    )
    assert code == 0
    return path


def run(*argv: str) -> int:
    return main(list(argv), settings=Settings(content_dir=CONTENT, timezone=TZ))


def computed(db: Path, **area: str) -> Report:
    deployment = Deployment.load(CONTENT / "deployment.yaml")
    store = Store.open(db)
    try:
        return store.call(
            lambda r: build_report(
                r.reports,
                period=periods.between(dt.date(2026, 2, 20), dt.date(2026, 3, 31), TZ),
                area=resolve_area(deployment, **area),
                deployment=deployment,
                catalog=load_catalog(CONTENT),
            )
        )
    finally:
        store.close()


def test_seed_demo_marks_everything_as_demo(demo_db: Path, capsys: pytest.CaptureFixture) -> None:
    conn = sqlite3.connect(demo_db)
    assert conn.execute(
        "SELECT count(*) FROM citizens WHERE channel_id NOT LIKE 'demo:%'"
    ).fetchone() == (0,)
    assert conn.execute("SELECT DISTINCT channel FROM events").fetchall() == [("demo",)]
    assert conn.execute(
        "SELECT count(*) FROM questions WHERE ref NOT LIKE 'DEMO-%'"
    ).fetchone() == (0,)
    note = json.loads(
        conn.execute("SELECT value FROM metrics_meta WHERE key = 'demo'").fetchone()[0]
    )
    assert (note["citizens"], note["days"], note["end"]) == (120, 60, "2026-03-31")
    (events,) = conn.execute("SELECT count(*) FROM events").fetchone()
    assert events == note["events"] > 120 * 5
    first, last = conn.execute("SELECT min(at), max(at) FROM events").fetchone()
    # 60 local days ending 31/03/2026; staff answers may come up to four days later.
    assert first >= "2026-01-30T17:00:00+00:00"
    assert last < "2026-04-05T17:00:00+00:00"


def test_seeding_again_replaces_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    argv = [
        "seed-demo",
        "--citizens",
        "30",
        "--days",
        "20",
        "--end",
        "2026-03-31",
        "--db",
        str(path),
    ]
    assert run(*argv) == 0
    count = sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()
    assert run(*argv) == 0
    assert sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone() == count


def test_seed_demo_refuses_a_database_with_real_citizens(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "real.db"
    store = Store.open(path)
    store.citizens.register("telegram:1")
    store.close()
    assert run("seed-demo", "--citizens", "10", "--db", str(path)) == 2
    assert "có dữ liệu thật (1 người dân thật, 0 sự kiện thật)" in capsys.readouterr().err
    assert sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone() == (0,)


def in_sheet(column: Column, value: object) -> object:
    """A value as openpyxl reads it back: percentages as fractions, empty text as None."""
    if column.kind == "percent" and isinstance(value, float):
        return round(value / 100, 6)
    return None if value == "" else value


def expected_rows(report: Report, section_key: str) -> list[tuple]:
    """What the sheet of ``section_key`` must show, row by row (empty rows left out)."""
    section = report.section(section_key)
    rows: list[tuple] = [(line,) for line in report.title_lines()]
    rows.append((section.title.upper(),))
    for table in section.tables:
        rows.append((table.title,))
        if table.note:
            rows.append((table.note,))
        rows.append(tuple(c.heading for c in table.columns))
        for values in table.rows:
            cells = [in_sheet(c, v) for c, v in zip(table.columns, values, strict=True)]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(tuple(cells))
    return rows


def sheet_rows(sheet) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            rows.append(tuple(cells))
    return rows


def test_workbook_has_a_sheet_per_section_with_every_figure(demo_db: Path, tmp_path: Path) -> None:
    out, chart = tmp_path / "bao_cao.xlsx", tmp_path / "bieu_do.png"
    code = run("report", "--db", str(demo_db), "--from", "2026-02-20", "--to", "2026-03-31",
               "--out", str(out), "--chart", str(chart))  # fmt: skip
    assert code == 0
    report = computed(demo_db)
    book = load_workbook(out)
    assert book.sheetnames == ["Tổng quan", "Tiếp cận", "Gửi tin", "Hỏi đáp", "Đối thoại", "Góp ý"]
    overview = book["Tổng quan"]
    assert [overview[f"A{n}"].value for n in range(1, 6)] == [
        "UBND XÃ QUẾ PHONG",
        "BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO",
        "Kỳ báo cáo: từ 20/02/2026 đến 31/03/2026. Phạm vi: toàn địa bàn.",
        overview["A4"].value,
        "⚠ DỮ LIỆU MẪU (demo) — không dùng cho báo cáo thật.",
    ]
    assert overview["A4"].value.startswith("Lập lúc: ")
    for section in report.sections:
        shown = sheet_rows(book[section.sheet])
        expected = expected_rows(report, section.key)
        assert shown[4:] == expected[4:], section.sheet  # row 4 holds the time it was made
    assert report.headline["reached"] > 0 and report.headline["asked"] > 0
    assert book["Tiếp cận"].column_dimensions["A"].width >= 12
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_csv_writes_one_file_per_table(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    code = run("report", "--db", str(demo_db), "--from", "2026-02-20", "--to", "2026-03-31",
               "--commune", "tri_le", "--format", "csv", "--out", str(folder))  # fmt: skip
    assert code == 0
    report = computed(demo_db, commune="tri_le")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"{s.key}__{t.key}.csv" for s in report.sections for t in s.tables)
    text = (folder / "tiep_can__theo_xa.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    table = report.table("tiep_can", "theo_xa")
    assert rows[0] == [c.heading for c in table.columns]
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in table.rows]
    assert rows[1][0] == "Xã Tri Lễ"


def test_text_goes_to_standard_output(demo_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert run("report", "--db", str(demo_db), "--period", "2026-03") == 0
    out = capsys.readouterr().out
    assert out.startswith("UBND XÃ QUẾ PHONG\nBÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO\n")
    assert "Kỳ báo cáo: tháng 3/2026. Phạm vi: toàn địa bàn." in out
    assert "=== NGƯỜI DÂN ĐƯỢC TIẾP CẬN THÔNG TIN ===" in out
    assert "## Theo loại hộ" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--period", "2026-13"],
            "kỳ báo cáo '2026-13' không hợp lệ; ví dụ: 2026, 2026-11, 2026-Q3",
        ),
        (["--from", "2026-03-01"], "cần cả --from và --to"),
        (["--from", "2026-03-31", "--to", "2026-03-01"], "ngày kết thúc phải sau ngày bắt đầu"),
        (["--period", "2026", "--to", "2026-03-01"], "dùng --period hoặc --from/--to"),
        (["--commune", "ha_noi"], "không có xã mã 'ha_noi'"),
        (["--format", "xlsx"], "định dạng xlsx cần --out"),
    ],
)
def test_bad_arguments_get_one_clear_line(
    demo_db: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture
) -> None:
    assert run("report", "--db", str(demo_db), *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and message in err and err.count("\n") == 1


def test_a_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run("report", "--db", str(tmp_path / "none.db")) == 2
    assert "không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_seed_demo_writes_its_own_file_beside_the_bots(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db", content_dir=CONTENT, timezone=TZ)
    assert main(["seed-demo", "--citizens", "5", "--days", "3"], settings=settings) == 0
    assert (tmp_path / "demo.db").is_file()
    assert not (tmp_path / "bot.db").exists()


def test_postgresql_gives_the_same_workbook_as_sqlite(
    demo_db: Path, pg_url: str, tmp_path: Path
) -> None:
    """The demo world copied into PostgreSQL (``db copy``): every cell of every sheet the
    officer opens is the same as from the SQLite file, for the whole area and one commune."""
    copy_database(demo_db, pg_url)
    for area in ([], ["--commune", "que_phong"]):
        books = {}
        for name, target in (("sqlite", str(demo_db)), ("postgresql", pg_url)):
            out = tmp_path / f"{name}{len(area)}.xlsx"
            code = run("report", "--db", target, "--from", "2026-02-20", "--to", "2026-03-31",
                       *area, "--out", str(out))  # fmt: skip
            assert code == 0
            books[name] = load_workbook(out)
        lite, pg = books["sqlite"], books["postgresql"]
        assert pg.sheetnames == lite.sheetnames
        for sheet in lite.sheetnames:
            shown = sheet_rows(pg[sheet])
            assert shown[4:] == sheet_rows(lite[sheet])[4:], sheet  # row 4: when it was made
        figures = {row[0]: row[1] for row in sheet_rows(pg["Tổng quan"]) if len(row) > 1}
        assert figures["Người dân được tiếp cận thông tin"] > 0
