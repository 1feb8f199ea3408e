"""The index cache on disk: same answers as a fresh build, rebuilt when damaged or stale,
safe when several processes start at once."""

import ast
import subprocess
import sys
from pathlib import Path

import faq
from faq.cache import _BUILD_MODULES, PREFIX

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "faq" / "content"
QUESTIONS = [
    "hộ nghèo có được cấp thẻ bảo hiểm y tế miễn phí không",
    "ho ngheo vay von bao nhieu",
    "giá vàng hôm nay",
]


def _copy_content(to: Path) -> Path:
    """The fixture content, in a folder the test may change."""
    for path in FIXTURE.rglob("*"):
        if path.is_file():
            target = to / path.relative_to(FIXTURE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    lexicon = ROOT / "content" / "lexicon.yaml"
    (to / "lexicon.yaml").write_bytes(lexicon.read_bytes())
    return to


def _cached(folder: Path) -> list[Path]:
    return sorted(folder.glob(PREFIX + "*.pickle"))


def test_a_warm_start_answers_like_a_fresh_build(tmp_path: Path) -> None:
    content = _copy_content(tmp_path / "content")
    fresh = faq.load_matcher(content)
    cold = faq.load_matcher(content, cache_dir=tmp_path / "cache")
    assert len(_cached(tmp_path / "cache")) == 1
    warm = faq.load_matcher(content, cache_dir=tmp_path / "cache")
    for q in QUESTIONS:
        assert warm.match(q) == cold.match(q) == fresh.match(q)


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    content = _copy_content(tmp_path / "content")
    faq.load_matcher(content, cache_dir=tmp_path / "cache")
    (path,) = _cached(tmp_path / "cache")
    path.write_bytes(path.read_bytes()[:100])
    matcher = faq.load_matcher(content, cache_dir=tmp_path / "cache")
    assert matcher.match(QUESTIONS[0]).intent_id == "bhyt.ho_ngheo"
    assert _cached(tmp_path / "cache") == [path]
    assert faq.load_matcher(content, cache_dir=tmp_path / "cache").match(QUESTIONS[0]).intent_id


def test_changed_content_is_never_served_from_an_old_cache(tmp_path: Path) -> None:
    content = _copy_content(tmp_path / "content")
    faq.load_matcher(content, cache_dir=tmp_path / "cache")
    yaml_file = next((content / "faq").glob("*.yaml"))
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("variants:", "variants:\n      - gà vịt ngan ngỗng", 1))
    changed = faq.load_matcher(content, cache_dir=tmp_path / "cache")
    assert len(_cached(tmp_path / "cache")) == 2
    assert changed.match("gà vịt ngan ngỗng").suggestions


def test_a_cache_folder_that_cannot_be_written_only_costs_the_build(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    matcher = faq.load_matcher(_copy_content(tmp_path / "content"), cache_dir=blocked)
    assert matcher.match(QUESTIONS[0]).intent_id == "bhyt.ho_ngheo"


def test_processes_starting_together_share_one_whole_file(tmp_path: Path) -> None:
    content = _copy_content(tmp_path / "content")
    script = (
        "import sys, faq; from pathlib import Path; "
        "m = faq.load_matcher(Path(sys.argv[1]), cache_dir=Path(sys.argv[2])); "
        f"print(m.match({QUESTIONS[0]!r}).intent_id)"
    )
    command = [sys.executable, "-c", script, str(content), str(tmp_path / "cache")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert outputs == ["bhyt.ho_ngheo"] * 3
    assert len(_cached(tmp_path / "cache")) == 1
    assert not list((tmp_path / "cache").glob(".tmp-*"))
    warm = faq.load_matcher(content, cache_dir=tmp_path / "cache")
    assert warm.match(QUESTIONS[0]).intent_id == "bhyt.ho_ngheo"


def test_the_bot_keeps_the_index_beside_its_database(tmp_path: Path) -> None:
    from bot.app import load_faq
    from bot.config import Settings

    settings = Settings(db_path=tmp_path / "bot.db", content_dir=_copy_content(tmp_path / "c"))
    first = load_faq(settings)
    assert first is not None and len(_cached(tmp_path / "cache")) == 1
    again = load_faq(settings)
    assert again is not None and again.match(QUESTIONS[0]) == first.match(QUESTIONS[0])


def test_every_module_the_build_imports_is_part_of_the_key() -> None:
    """A module the build's code imports decides what is built: were it left out of the
    key, a change to it (which names a phrasing loses, say) would be served the index built
    before it."""
    package = ROOT / "faq"
    for name in _BUILD_MODULES:
        if name == "matcher.py":
            continue  # the build is its _build(); the rest of it matches, builds nothing
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            imported = node.module if isinstance(node, ast.ImportFrom) else None
            if imported and imported.startswith("faq."):
                module = imported.removeprefix("faq.") + ".py"
                assert module in _BUILD_MODULES, f"{name} imports {module}"
