"""The status enums hold exactly the strings the store writes, so they compare equal to what
is read back and the store can adopt them without a migration."""

from __future__ import annotations

import enum
import re

import pytest

from bot.broadcasts.statuses import CampaignStatus, RowStatus, RunStatus
from bot.config import ROOT
from bot.core.stops import StopReason
from bot.store import campaigns, voice, voice_queue
from bot.voice.statuses import CLOSED, QuestionStatus, SessionStatus


@pytest.mark.parametrize(
    ("statuses", "stored"),
    [
        (CampaignStatus, campaigns.CAMPAIGN_STATUSES),
        (RowStatus, campaigns.DELIVERY_STATUSES),
        (QuestionStatus, voice_queue.STATUSES),
        (SessionStatus, voice.SESSION_STATUSES),
    ],
)
def test_enum_values_are_the_stored_strings(
    statuses: type[enum.StrEnum], stored: tuple[str, ...]
) -> None:
    assert [s.value for s in statuses] == list(stored)


def test_closed_questions_are_the_stores() -> None:
    assert {s.value for s in CLOSED} == set(voice_queue.CLOSED)


def test_run_statuses_are_those_the_store_writes() -> None:
    source = (ROOT / "bot" / "store" / "campaigns.py").read_text(encoding="utf-8")
    runs_table = source.split('"campaign_runs",', 1)[1]
    comment = re.search(r'sa\.Column\("status", [^#]*# (.*)', runs_table)
    assert comment is not None
    assert set(comment.group(1).split(" | ")) | {"preparing"} == {s.value for s in RunStatus}


def test_stop_reasons_are_the_stored_reasons() -> None:
    source = (ROOT / "bot" / "store" / "citizens.py").read_text(encoding="utf-8")
    documented = re.search(r'sa\.Column\("stopped_reason", [^#]*# (.*)', source)
    assert documented is not None
    # deactivated is documented but no channel reports it apart from blocked.
    assert {s.value for s in StopReason} <= set(documented.group(1).split(" | ")) | {"inactive"}
