"""Progress and delivery reports of campaigns, for the officer's chat and the CLI.

What a report needs is read in one go on the database thread (:func:`read_run`,
:func:`read_latest`, run through ``store.read``); the texts are made from that snapshot.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.broadcasts import segments
from bot.broadcasts.sender import reason_code
from bot.broadcasts.timing import Recurrence, format_local, from_iso
from bot.core.services import Services
from bot.spreadsheet import safe_cell
from bot.store import Repositories
from bot.store.campaigns import Campaign, Run

CSV_COLUMNS = ("channel_id", "status", "reason", "error", "attempts", "updated_at")


@dataclass(frozen=True)
class Progress:
    """Delivery rows of one run by status."""

    counts: dict[str, int]

    def __getattr__(self, status: str) -> int:
        if status.startswith("_"):
            raise AttributeError(status)
        return self.counts.get(status, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def waiting(self) -> int:
        return self.counts.get("pending", 0) + self.counts.get("sending", 0)

    def as_dict(self) -> dict[str, int]:
        return {"total": self.total, "waiting": self.waiting, **self.counts}


@dataclass(frozen=True)
class RunReport:
    """A run's rows by status and its failure reasons, as read at one moment."""

    run: Run | None
    counts: dict[str, int]
    errors: list[tuple[str, str, int]]  # (status, error, count), biggest first
    missed: int = 0  # the campaign's occurrences recorded as missed

    @property
    def progress(self) -> Progress:
        return Progress(self.counts)


def read_run(r: Repositories, run: Run | None) -> RunReport:
    """The report of ``run`` (None: a campaign not sent yet); on the database thread."""
    if run is None:
        return RunReport(None, {}, [])
    return RunReport(run, r.campaigns.counts(run.id), r.campaigns.error_counts(run.id))


def read_latest(r: Repositories, campaign_id: int) -> RunReport:
    """The report of the campaign's latest run, with its missed occurrences."""
    found = read_run(r, r.campaigns.latest_run(campaign_id))
    missed = sum(1 for run in r.campaigns.runs(campaign_id) if run.status == "missed")
    return RunReport(found.run, found.counts, found.errors, missed)


async def progress(services: Services, run: Run | None) -> Progress:
    """The rows of ``run`` by status (the console's lists)."""
    return (await services.store.read(lambda r: read_run(r, run))).progress


def progress_text(services: Services, done: Progress) -> str:
    return services.texts.get(
        "bc_progress",
        sent=done.sent,
        total=done.total,
        pending=done.waiting,
        failed=done.failed,
        blocked=done.blocked,
    )


def status_label(services: Services, campaign: Campaign) -> str:
    return services.texts.get(f"bc_status_{campaign.status}")


def schedule_text(services: Services, campaign: Campaign, tz: ZoneInfo) -> str:
    """How the campaign is timed: a rule, a next time, or nothing more to come."""
    parts = []
    if campaign.recurrence:
        parts.append(Recurrence.parse(campaign.recurrence).describe())
    if campaign.next_run_at and campaign.status in ("scheduled", "paused", "sending"):
        when = format_local(from_iso(campaign.next_run_at), tz)
        parts.append(services.texts.get("bc_next_run", when=when))
    return "; ".join(parts) or services.texts.get("bc_no_more_runs")


def list_line(
    services: Services,
    campaign: Campaign,
    latest: RunReport,
    *,
    stalled_since: dt.datetime | None = None,
) -> str:
    """One campaign in the list; ``stalled_since``: its run waits for the store to work."""
    status = (
        services.texts.get("bc_status_store_paused")
        if stalled_since is not None
        else status_label(services, campaign)
    )
    line = f"#{campaign.id} · {campaign.title} — {status}"
    if latest.run is not None:
        line += ": " + progress_text(services, latest.progress)
    return line


def detail_text(
    services: Services,
    campaign: Campaign,
    tz: ZoneInfo,
    latest: RunReport,
    *,
    stalled_since: dt.datetime | None = None,
) -> str:
    """Everything about one campaign: status, audience, timing, last run and its failures."""
    texts = services.texts
    lines = [
        texts.get("bc_detail_title", id=campaign.id, title=campaign.title),
        texts.get("bc_detail_status", value=status_label(services, campaign)),
        texts.get("bc_detail_audience", value=segments.describe(services, campaign.segment)),
        texts.get("bc_detail_schedule", value=schedule_text(services, campaign, tz)),
    ]
    if stalled_since is not None:
        since = format_local(stalled_since, tz)
        lines.append(texts.get("bc_detail_store_paused", since=since))
    if latest.missed:
        lines.append(texts.get("bc_detail_missed", count=latest.missed))
    if latest.run is not None:
        lines.append(report_text(services, latest))
    return "\n".join(lines)


def report_text(services: Services, facts: RunReport) -> str:
    """The delivery report of one run, with failure reasons in plain words."""
    texts = services.texts
    done = facts.progress
    lines = [
        texts.get("bc_report_title"),
        texts.get("bc_report_sent", value=done.sent, total=done.total),
    ]
    if done.waiting:
        lines.append(texts.get("bc_report_pending", value=done.waiting))
    for status in ("template", "article", "skipped", "outside_window", "failed", "blocked",
                   "cancelled"):  # fmt: skip
        if done.counts.get(status):
            lines.append(texts.get(f"bc_report_{status}", value=done.counts[status]))
    reasons = reason_counts(services, facts)
    if reasons:
        lines.append(texts.get("bc_reasons_title"))
        lines += [f"  – {label}: {count}" for label, count in reasons]
    return "\n".join(lines)


def reason_counts(services: Services, facts: RunReport) -> list[tuple[str, int]]:
    """(reason in Vietnamese, count), biggest first."""
    totals: dict[str, int] = {}
    for _status, error, count in facts.errors:
        code = reason_code(error)
        totals[code] = totals.get(code, 0) + count
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return [(services.texts.get(f"bc_reason_{code}"), count) for code, count in ranked]


def failures_csv(failures: list[dict]) -> bytes:
    """The recipients a run did not reach (``Campaigns.failures``), as CSV (UTF-8 with BOM
    so Excel reads accents)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in failures:
        cells = {**row, "reason": reason_code(row["error"])}
        writer.writerow({key: safe_cell(value) for key, value in cells.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
