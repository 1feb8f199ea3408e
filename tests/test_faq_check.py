"""``python -m faq check``: valid content passes, each kind of problem is named."""

import shutil
import unicodedata
from pathlib import Path

import pytest

from faq.catalog import Catalog
from faq.check import check_content

FIXTURE = Path(__file__).parent / "fixtures" / "faq" / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    shutil.copy(Path(__file__).parent.parent / "content" / "lexicon.yaml", target)
    return target


def edit(content: Path, old: str, new: str, name: str = "bhyt.yaml") -> None:
    path = content / "faq" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid(content: Path) -> None:
    result = check_content(content)
    assert result.problems == []
    assert "6 intents" in result.summary()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("    kind: info\n", "    kind: faq\n", "kind must be 'info' or 'action'"),
        ("title: Thẻ BHYT cho hộ nghèo", "title: " + "x" * 41, "title longer than 40"),
        ("reviewed: 2025-01-15", "reviewed: 2999-01-01", "reviewed is in the future"),
        ("reviewed: 2025-01-15", "reviewed: 15/01/2025", "not a YYYY-MM-DD date"),
        ("{lien_he}.\n", "{so_dien_thoai}.\n", "unknown placeholder {so_dien_thoai}"),
        ("related: [bhyt.cap_the]", "related: [bhyt.khong_co]", "'bhyt.khong_co' does not exist"),
        ("  - id: bhyt.cap_the", "  - id: bhyt.ho_ngheo", "id already used"),
        (
            "    answer: |\n      Người",
            "    answer: |\n      " + "a" * 401 + "\n      Người",
            "first message text longer than 400",
        ),
        (
            "      - doc: Văn bản thử nghiệm số 1\n",
            "      - article: Điều 9\n",
            "needs at least one source",
        ),
        ("    title: Cấp lại thẻ BHYT\n", "", "missing required field 'title'"),
        (
            "      - dùng thẻ bhyt trên ứng dụng vssid được không",
            "      - Hộ nghèo có được CẤP thẻ bảo hiểm y tế miễn phí không ạ",
            "reads the same as",
        ),
        (
            "hộ nghèo có được cấp thẻ",
            unicodedata.normalize("NFD", "hộ nghèo có được cấp thẻ"),
            "not Unicode NFC",
        ),
    ],
)
def test_problem_is_reported(content: Path, old: str, new: str, problem: str) -> None:
    edit(content, old, new)
    problems = check_content(content).problems
    assert any(problem in p for p in problems), problems


def test_invalid_yaml_is_reported(content: Path) -> None:
    (content / "faq" / "broken.yaml").write_text("topic: [unclosed\n", encoding="utf-8")
    assert any("broken.yaml: invalid YAML" in p for p in check_content(content).problems)


def test_catalogue_ids_must_exist(content: Path, tmp_path: Path) -> None:
    catalogue = tmp_path / "intents.yaml"
    catalogue.write_text("- id: bhyt.ho_ngheo\n- id: nha_o.thu_tuc\n", encoding="utf-8")
    problems = check_content(content, catalogue=catalogue).problems
    assert problems == ["catalogue intent 'nha_o.thu_tuc' has no FAQ entry"]


def test_catalogue_kind_must_agree(content: Path, tmp_path: Path) -> None:
    catalogue = tmp_path / "intents.yaml"
    catalogue.write_text("- id: bot.lien_he\n  kind: action\n", encoding="utf-8")
    problems = check_content(content, catalogue=catalogue).problems
    assert problems == [
        "faq/bot.yaml: bot.lien_he: the catalogue says kind 'action', the content says 'info'"
    ]


def test_missing_catalogue_is_a_note_not_a_problem(content: Path, tmp_path: Path) -> None:
    result = check_content(content, catalogue=tmp_path / "nowhere.yaml")
    assert result.problems == []
    assert any("check skipped" in n for n in result.notes)


def test_out_of_scope_file_is_checked(content: Path) -> None:
    (content / "out_of_scope.yaml").write_text("topics: [oops]\n", encoding="utf-8")
    assert any("out_of_scope.yaml" in p for p in check_content(content).problems)


def test_out_of_scope_phrasing_may_not_read_as_a_variant(content: Path) -> None:
    variant = Catalog.load(content).intents
    first = next(iter(variant.values())).variants[0]
    (content / "out_of_scope.yaml").write_text(
        f"topics:\n  other:\n    - {first}\n", encoding="utf-8"
    )
    problems = check_content(content).problems
    assert any("out_of_scope.yaml other" in p for p in problems), problems


def test_an_aspect_for_an_intent_not_in_the_content_is_a_note(content: Path) -> None:
    lexicon = content / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(
        text.replace("intents: [chuan_ngheo.khieu_nai]", "intents: [chuan_ngheo.khong_co]"),
        encoding="utf-8",
    )
    result = check_content(content)
    assert result.problems == []
    assert any("chuan_ngheo.khong_co" in n for n in result.notes)


def test_a_phrase_under_two_terms_is_reported(content: Path) -> None:
    """The normaliser reads a phrase under the first term that lists it: a second entry is
    dead, and whoever wrote it believes it works ("xây nhà mới" was listed under xây_nhà and
    xây_mới; only xây_nhà was ever read)."""
    lexicon = content / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(
        text.replace("  góp_ý: [góp ý,", "  góp_ý: [khiếu nại, góp ý,"), encoding="utf-8"
    )
    problems = check_content(content).problems
    assert problems == [
        "lexicon.yaml phrases: 'khiếu nại' is listed under khiếu_nại and góp_ý; only khiếu_nại"
        " is read"
    ]
