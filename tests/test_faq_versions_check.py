"""``faq check`` on dated versions, figures, first-message lengths and ``--stale``."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from faq.check import check_content

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "faq" / "content"
TODAY = dt.date(2026, 12, 3)

REVIEWED = "    reviewed: 2025-01-15\n    variants:\n      - hộ nghèo có được cấp thẻ"
NEXT = """    reviewed: 2025-01-15
    valid_until: {until}
    versions:
      - valid_from: {start}
        answer: Từ năm sau, thẻ vẫn miễn phí. Hỏi {{lien_he}}.
{extra}    variants:
      - hộ nghèo có được cấp thẻ"""
SOURCES = """        sources:
          - doc: Văn bản thử nghiệm số 2
            date: 2026-01-01
        reviewed: 2026-11-30
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    shutil.copy(ROOT / "content" / "lexicon.yaml", target)
    return target


def with_version(content: Path, *, until: str, start: str, extra: str = SOURCES) -> None:
    path = content / "faq" / "bhyt.yaml"
    text = path.read_text(encoding="utf-8")
    assert REVIEWED in text
    new = NEXT.format(until=until, start=start, extra=extra)
    path.write_text(text.replace(REVIEWED, new, 1), encoding="utf-8")


def problems(content: Path) -> str:
    return "\n".join(check_content(content, today=TODAY).problems)


def test_consecutive_versions_pass_and_a_close_switch_is_pointed_out(content: Path) -> None:
    with_version(content, until="2026-12-31", start="2027-01-01")
    result = check_content(content, today=TODAY)
    assert result.problems == []
    assert any("takes effect on 01/01/2027 (in 29 days)" in n for n in result.notes)


def test_a_far_switch_is_not_pointed_out(content: Path) -> None:
    with_version(content, until="2027-06-30", start="2027-07-01")
    assert not any("takes effect" in n for n in check_content(content, today=TODAY).notes)


@pytest.mark.parametrize(
    ("until", "start", "extra", "problem"),
    [
        ("2027-01-05", "2027-01-01", SOURCES, "versions overlap on 2027-01-01"),
        ("2026-12-20", "2027-01-01", SOURCES, "gap between versions: 2026-12-20 to 2027-01-01"),
        ("2026-12-31", "2027-01-01", "        reviewed: 2026-11-30\n", "missing required field 'sources'"),
        (
            "2026-12-31",
            "2027-01-01",
            SOURCES.replace("        reviewed: 2026-11-30\n", ""),
            "missing required field 'reviewed'",
        ),
        ("2026-12-31", "2027-13-01", SOURCES, "bhyt.yaml: invalid date (month must be in 1..12)"),
    ],
)  # fmt: skip
def test_bad_versions_are_refused(
    content: Path, until: str, start: str, extra: str, problem: str
) -> None:
    with_version(content, until=until, start=start, extra=extra)
    assert problem in problems(content)


def test_an_answer_that_ends_with_nothing_after_is_refused(content: Path) -> None:
    path = content / "faq" / "bhyt.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(REVIEWED, REVIEWED.replace("    variants", "    valid_until: 2026-12-31\n    variants"), 1), encoding="utf-8")  # fmt: skip
    assert "no version after 2026-12-31" in problems(content)


def test_a_local_figure_needs_a_known_name_and_a_source(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    with (content / "deployment.yaml").open("a", encoding="utf-8") as f:
        f.write("\nfigures:\n  chuan_ngheo_tinh:\n    value: 2.500.000 đồng\n")
    found = "\n".join(check_content(content, today=TODAY).problems)
    assert "figures: chuan_ngheo_tinh: no such figure in figures.yaml" in found
    assert "figures: chuan_ngheo_tinh: missing source 'doc'" in found


def run_faq(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faq", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_check_reports_median_and_longest_first_message() -> None:
    # Read on the machine's date: a review dated after a fixed day would be "in the future".
    result = run_faq("check")
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("first message on "))
    median = float(line.split("median ")[1].split(",")[0])
    longest = int(line.split("max ")[1].split(" ")[0])
    assert median <= 350 and longest <= 600


def test_stale_lists_old_reviews_and_uncertain_sources() -> None:
    result = run_faq("check", "--stale", "--today", "2027-07-01")
    assert result.returncode == 0, result.stderr
    assert "tin_dung.vay_ho_ngheo: reviewed 03/12/2026, over 6 months ago" in result.stdout
    assert "tien_dien.ho_tro: source marked uncertain: Quyết định 14/2025/QĐ-TTg" in result.stdout
    fresh = run_faq("check", "--stale", "--today", "2026-12-04")
    assert "over 6 months ago" not in fresh.stdout


def test_show_prints_what_a_citizen_receives_on_a_date() -> None:
    december = run_faq("show", "chuan_ngheo.tieu_chi", "--on", "2026-12-20")
    january = run_faq("show", "chuan_ngheo.tieu_chi", "--on", "2027-01-02", "--details")
    assert "1.500.000 đồng" in december.stdout and "🔔 Từ 01/01/2027" in december.stdout
    assert "2.200.000 đồng" in january.stdout and "🔔" not in january.stdout
    assert "Văn bản căn cứ:" in january.stdout
    unknown = run_faq("show", "khong.co")
    assert unknown.returncode == 2 and "no such intent" in unknown.stderr


def test_a_campaign_draft_needs_sources_and_a_review_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "drafts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    reviewed: 2026-12-03\n", "", 1), encoding="utf-8")
    found = "\n".join(check_content(content, today=TODAY).problems)
    assert "drafts.yaml: chuan_ngheo_2027: reviewed is not a YYYY-MM-DD date" in found
