"""``/guitin`` with a ready draft: pick one, read it, send it edited or as it is.

Drafts come from ``content/drafts.yaml`` (:mod:`bot.broadcasts.drafts`); only those offered on
the local date are shown. The draft's text is sent to the officer on its own so they can copy
and edit it; "Dùng nguyên mẫu này" takes it unchanged, with its source line, into the flow.
"""

from __future__ import annotations

from bot.broadcasts.flow_state import FLOW
from bot.core.local_time import format_date, local_today
from bot.core.messages import Button
from bot.core.turn import Turn
from faq.drafts import CampaignDraft, load

DRAFT_LIMIT = 6  # buttons under the first question of /guitin


def offered(turn: Turn) -> list[CampaignDraft]:
    """The drafts offered today, in file order."""
    day = local_today(turn.services)
    drafts = load(turn.services.settings.content_dir)
    return [d for d in drafts if d.offered_on(day)][:DRAFT_LIMIT]


def rows(turn: Turn) -> list[list[Button]]:
    """One button per draft offered today."""
    return [
        [Button(turn.t("bc_draft_button", title=d.title), f"bc:dr:{d.id}")] for d in offered(turn)
    ]


def find(turn: Turn, draft_id: str) -> CampaignDraft | None:
    """The draft offered today under ``draft_id``, while the flow waits for a message."""
    state = turn.state
    if state is None or state.flow != FLOW or state.step != "message":
        return None
    return next((d for d in offered(turn) if d.id == draft_id), None)


def text(turn: Turn, draft: CampaignDraft) -> str:
    """The draft as citizens would read it: filled, and ending with its source line."""
    docs = ", ".join(s.doc for s in draft.sources)
    line = turn.t("answer_source_line", sources=docs, date=format_date(draft.reviewed))
    return turn.fill(draft.text) + "\n\n" + line


def show(turn: Turn, draft: CampaignDraft, cancel: list[Button]) -> None:
    """Send the draft's text to copy, and the choice to use it unchanged."""
    turn.reply(text(turn, draft))
    use = [Button(turn.t("bc_draft_use_button"), f"bc:du:{draft.id}")]
    turn.reply(turn.t("bc_draft_hint"), [use, cancel])
