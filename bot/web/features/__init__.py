"""The console's one doorway into the features: the same services the Telegram commands use.

Pages call only these coroutines (``features.answer_question``...), one module per area here.
They are async so that moving a call from the store's blocking way in to ``store.read`` /
``store.write`` changes this package only, not the pages. Nothing here renders HTML; values
come back as plain data.
"""

from __future__ import annotations

from bot.web.features.campaigns import (
    CampaignLine,
    audience,
    campaign,
    campaign_preview,
    campaigns,
    change_campaign,
    create_campaign,
    deliveries_xlsx,
    keep_upload,
    segment_choices,
)
from bot.web.features.common import GROUP_POOL, OPEN, QUEUE_PAGE, REJECT_REASONS, Refused
from bot.web.features.dashboard import REACH_FRESH_SECONDS, Overview, overview
from bot.web.features.insights import (
    UNANSWERED,
    IntentView,
    ReportFiles,
    TryAnswer,
    intents,
    local_today,
    metrics_report,
    try_question,
)
from bot.web.features.queue import (
    GroupOfQuestions,
    QuestionCard,
    answer_message,
    answer_question,
    answered_at_session,
    merge_question,
    propose_question,
    question,
    question_card,
    queue_export,
    queue_groups,
    queue_page,
    recipients_of_answer,
    reject_question,
)
from bot.web.features.sessions import (
    SheetGroup,
    announce_session,
    cancel_session,
    commune_audience,
    create_session,
    edit_session,
    session,
    session_problem,
    session_sheet,
    session_sheet_xlsx,
    sessions_list,
)
from bot.web.features.staff import audit_page, local_time, remove_staff, set_role, staff_members

__all__ = [
    "CampaignLine",
    "GROUP_POOL",
    "GroupOfQuestions",
    "IntentView",
    "OPEN",
    "Overview",
    "QUEUE_PAGE",
    "QuestionCard",
    "REACH_FRESH_SECONDS",
    "REJECT_REASONS",
    "Refused",
    "ReportFiles",
    "SheetGroup",
    "TryAnswer",
    "UNANSWERED",
    "announce_session",
    "answer_message",
    "answer_question",
    "answered_at_session",
    "audience",
    "audit_page",
    "campaign",
    "campaign_preview",
    "campaigns",
    "cancel_session",
    "change_campaign",
    "commune_audience",
    "create_campaign",
    "create_session",
    "deliveries_xlsx",
    "edit_session",
    "intents",
    "keep_upload",
    "local_time",
    "local_today",
    "merge_question",
    "metrics_report",
    "overview",
    "propose_question",
    "question",
    "question_card",
    "queue_export",
    "queue_groups",
    "queue_page",
    "recipients_of_answer",
    "reject_question",
    "remove_staff",
    "segment_choices",
    "session",
    "session_problem",
    "session_sheet",
    "session_sheet_xlsx",
    "sessions_list",
    "set_role",
    "staff_members",
    "try_question",
]
