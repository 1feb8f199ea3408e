"""The voice features' input checks and question grouping, on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.local_time import parse_when
from bot.store import Store
from bot.voice import clustering
from bot.voice.abuse import is_abusive
from bot.voice.contact_details import normalise_phone
from bot.voice.repeats import repeat_of
from bot.voice.typed_text import text_problem
from tests.voice_helpers import queue_item

NOW = dt.datetime(2026, 11, 25, 9, 0)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0386-123-456", "0386123456"),
        ("0238 3880 000", "02383880000"),
        ("(024) 3823 4567", "02438234567"),
    ],
)
def test_vietnamese_phone_numbers_are_accepted_and_normalised(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["012345678", "0123456789", "0951234567", "09123456789", "091234567", "0912abc678",
     "+1 202 555 0100", "", "0000000000"],
)  # fmt: skip
def test_other_numbers_are_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20/6/2027 8:00", dt.datetime(2027, 6, 20, 8, 0)),
        ("20/06 14h30", dt.datetime(2027, 6, 20, 14, 30)),  # no year: the next 20 June
        ("5/12 lúc 2 giờ chiều", dt.datetime(2026, 12, 5, 14, 0)),
        ("5/12/26 7h", dt.datetime(2026, 12, 5, 7, 0)),
        ("2027-01-05 08:00", dt.datetime(2027, 1, 5, 8, 0)),
        ("31/2/2027 8:00", None),
        ("mai nhé", None),
    ],
)
def test_dates_as_officers_write_them(typed: str, expected: dt.datetime | None) -> None:
    assert parse_when(typed, NOW) == expected


@pytest.mark.parametrize(
    ("text", "abusive"),
    [("cán bộ xã đm", True), ("Đồ ngu", True), ("DCM bao giờ có tiền", True),
     ("hộ nghèo vay vốn bao nhiêu", False), ("con bò nhà tôi bị ốm", False)],
)  # fmt: skip
def test_abusive_words_are_flagged(text: str, abusive: bool) -> None:
    assert is_abusive(text) is abusive


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "voice_empty"), ("bhyt?", "voice_too_short"), ("a " * 600, "voice_too_long"),
     ("Hộ nghèo vay được bao nhiêu?", None)],
)  # fmt: skip
def test_text_problems(text: str, problem: str | None) -> None:
    assert text_problem(text, limit=1000) == problem


def test_repeats_ignore_accents_case_and_punctuation() -> None:
    earlier = [queue_item(ref="DT-AAAAA", text="Hộ nghèo có được miễn học phí không?")]
    assert repeat_of("ho ngheo CO DUOC mien hoc phi khong", earlier) == earlier[0]
    assert repeat_of("Hộ nghèo có được giảm học phí không?", earlier) is None


QUESTIONS = [
    "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?",
    "ho can ngheo duoc ho tro bao nhieu % mua bhyt",
    "mức hỗ trợ bhyt cho hộ cận nghèo là bao nhiêu",
    "Hộ nghèo được miễn học phí không",
    "Hộ nghèo có được hỗ trợ tiền điện không",
    "Hộ nghèo có được hỗ trợ làm nhà không",
    "Thẻ BHYT của tôi bị mất thì làm lại ở đâu",
    "mất thẻ bảo hiểm y tế làm lại thế nào",
    "😀😀",
    "👍",
]


def test_similar_questions_are_grouped_with_the_faq_normaliser(faq_matcher: object) -> None:
    groups = clustering.cluster(QUESTIONS, terms=faq_matcher.normalizer.terms)  # type: ignore[attr-defined]
    as_sets = [set(g.members) for g in groups]
    assert {0, 1, 2} in as_sets and {6, 7} in as_sets
    assert {4} in as_sets and {5} in as_sets  # electricity and housing stay apart
    assert {8} in as_sets and {9} in as_sets  # emoji-only texts match nothing
    assert sum(g.size for g in groups) == len(QUESTIONS)


def test_grouping_without_the_faq_still_works() -> None:
    groups = clustering.cluster(QUESTIONS[:3] + QUESTIONS[3:4])
    assert groups[0].size >= 2 and groups[-1].members == (3,)


def test_deletion_hook_returns_merged_questions_of_others_to_the_queue() -> None:
    store = Store.open(":memory:")
    alice = store.citizens.register("telegram:1")
    bob = store.citizens.register("telegram:2")
    queue = store.voice.queue
    root = queue.by_ref(queue.submit("dialogue", "Hộ nghèo vay vốn?", citizen=alice, prefix="DT"))
    child = queue.by_ref(queue.submit("dialogue", "ho ngheo vay von?", citizen=bob, prefix="DT"))
    assert root is not None and child is not None
    queue.merge(child.id, root.id, by="test")
    store.citizens.delete(alice)
    assert queue.get(root.id).status == "withdrawn"  # type: ignore[union-attr]
    back = queue.get(child.id)
    assert back is not None and back.status == "pending" and back.merged_into is None
