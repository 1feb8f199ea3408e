"""The matcher: its API contract on a fixture, and real phrasings on the real content."""

import unicodedata
from functools import cache
from pathlib import Path

import pytest

import faq
from faq.catalog import Catalog
from faq.evaluate import Labelled, read_tsv
from faq.matcher import Match, Matcher
from faq.normalize import Lexicon

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "faq" / "content"
PHRASINGS = read_tsv(Path(__file__).parent / "fixtures" / "faq" / "phrasings.tsv")
LEXICON = Lexicon.load(ROOT / "content" / "lexicon.yaml")


@cache
def fixture_matcher() -> Matcher:
    return Matcher(Catalog.load(FIXTURE), LEXICON)


@cache
def content_matcher() -> Matcher:
    return faq.load_matcher(ROOT / "content")


def test_answer_carries_the_intent_and_suggestions() -> None:
    m = fixture_matcher().match("hộ nghèo có được cấp thẻ bảo hiểm y tế miễn phí không")
    assert m == Match("answer", "bhyt.ho_ngheo", m.score, m.suggestions)
    assert 0.5 <= m.score <= 1
    assert m.suggestions[0] == "bhyt.ho_ngheo"
    assert len(m.suggestions) <= 3


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "🙏", "...", "\u200b"])
def test_empty_or_emoji_gives_none(text: str) -> None:
    assert fixture_matcher().match(text) == Match("none", None, 0.0, ())


def test_nfd_gives_the_same_match_as_nfc() -> None:
    text = "Thẻ bảo hiểm y tế bị mất thì làm lại ở đâu ạ"
    matcher = fixture_matcher()
    assert matcher.match(unicodedata.normalize("NFD", text)) == matcher.match(text)


def test_intent_id_only_when_answering() -> None:
    for text in ["vay", "giá vàng hôm nay", "hộ nghèo", "thủ tục"]:
        m = fixture_matcher().match(text)
        assert (m.intent_id is not None) == (m.outcome == "answer")
        assert all(s in fixture_matcher().catalog.intents for s in m.suggestions)


def test_load_matcher_honours_bot_content_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_CONTENT_DIR", str(FIXTURE))
    assert set(faq.load_matcher().catalog.intents) == set(Catalog.load(FIXTURE).intents)


def test_default_content_dir_is_the_repository_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_CONTENT_DIR", raising=False)
    assert faq.default_content_dir() == ROOT / "content"


@pytest.mark.parametrize(
    "item", [p for p in PHRASINGS if p.expected], ids=lambda p: p.question[:40]
)
def test_own_phrasing_maps_to_its_intent(item: Labelled) -> None:
    m = content_matcher().match(item.question)
    assert m.suggestions[:1] == (item.expected,), m
    assert m.outcome != "answer" or m.intent_id == item.expected


@pytest.mark.parametrize(
    "item", [p for p in PHRASINGS if not p.expected], ids=lambda p: p.question[:40]
)
def test_out_of_scope_question_abstains(item: Labelled) -> None:
    m = content_matcher().match(item.question)
    assert m.outcome != "answer", m
    assert m.intent_id is None


def test_every_catalogue_intent_answers_its_own_title() -> None:
    matcher = content_matcher()
    for intent in matcher.catalog.intents.values():
        assert matcher.match(intent.title).suggestions[0] == intent.id, intent.title
