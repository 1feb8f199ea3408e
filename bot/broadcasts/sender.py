"""Sending one run of a campaign: paced, concurrent, resumable, and honest about outcomes.

Each delivery row is marked ``sending`` just before the network call and ``sent`` (or its
failure) just after, so after a crash only rows left ``sending`` — at most the concurrency —
can have reached a citizen without being recorded; they are sent again on resume. The sender
reasons only on :class:`~bot.core.messages.DeliveryStatus`, so any channel plugs in.

Rows are claimed a small batch at a time (``Campaigns.claim``), so senders in several
processes share a run without sending a row twice; a dead sender's claims are free again
after ``BROADCAST_CLAIM_SECONDS``, and a row is marked ``sending`` only while its claim is
still this sender's.

A store that cannot write (disk full, I/O error) halts the run with the outcome ``store``:
the rows not yet recorded stay open, no worker dies, and the service sends the run again once
the store works (see :meth:`bot.broadcasts.service.BroadcastService._send`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import random
import secrets
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.broadcasts import compose
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.pacing import Pacer
from bot.broadcasts.statuses import CampaignStatus, RowStatus, RunOutcome
from bot.broadcasts.timing import to_iso, utc_now
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.core.services import ChannelHub
from bot.core.stops import StopReason, stop_news
from bot.store import Citizen, Repositories, Store, StoreError
from bot.store.campaigns import DeliveryRow

log = logging.getLogger(__name__)

# Rows claimed at a time; the campaign's status is re-read between claims. Small, so that a
# sender that dies holds few rows, and another replica's sender finds work beside it.
BATCH = 16
ERROR_LENGTH = 200
STORE_FAILED = RunOutcome.STORE  # the halt reason (and outcome) when the store cannot be written


REASONS = (
    "blocked",
    "deactivated",
    "kicked",
    "chat_not_found",
    "bad_request",
    "timeout",
    "network",
    "outside_window",
    "internal",
    "article_quota",
    "article_refused",
    "article_processing",
    "template_refused",
)


def classify(delivery: Delivery) -> str:
    """A short, stable reason for a delivery that did not succeed (reports translate it)."""
    text = delivery.error.lower()
    status = delivery.status
    if status is DeliveryStatus.STOPPED:
        return next((r for r in ("deactivated", "kicked") if r in text), "blocked")
    if status is DeliveryStatus.OUTSIDE_WINDOW:
        return "outside_window"
    if status is DeliveryStatus.TRANSIENT:
        return "timeout" if is_ambiguous(delivery) else "network"
    return "chat_not_found" if "chat not found" in text else "bad_request"


def reason_code(error: str | None) -> str:
    """The reason stored at the start of a delivery row's ``error`` ("code: details")."""
    code = (error or "").partition(":")[0]
    return code if code in REASONS else "other"


def is_ambiguous(delivery: Delivery) -> bool:
    """A timeout after the request left: the citizen may already have the message.

    Sending it again could make a duplicate, so such a row is recorded as failed with reason
    ``timeout`` (the report says it may have arrived) instead of being retried.
    """
    return delivery.status is DeliveryStatus.TRANSIENT and delivery.error.startswith("Timed out")


class RunSender:
    """Sends the open delivery rows of runs; one instance serves every campaign.

    Args:
        store: the store holding campaigns, deliveries and citizens.
        hub: where messages go (``services.hub``).
        config: rate, concurrency, quiet hours and retry settings.
        footer: the closing "how to stop" line.
        clock: the current UTC time (tests inject one to test quiet hours).
        sleep: waiting between retries (tests inject a fast one).
    """

    def __init__(
        self,
        store: Store,
        hub: ChannelHub,
        *,
        config: BroadcastConfig,
        footer: str,
        clock: Callable[[], dt.datetime] = utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.store = store
        self.hub = hub
        self.config = config
        self.footer = footer
        self.clock = clock
        self.sleep = sleep
        self.tz = ZoneInfo(config.timezone)
        self.pacers: dict[str, Pacer] = {}
        self.throttled = 0  # 429s seen since start (the benchmark reports it)
        self.sent = 0
        self.stopping = False
        # Who claims rows: one name per sender, unique across processes and restarts.
        self.claimer = f"{os.getpid()}-{secrets.token_hex(4)}"
        # Outcomes the store could not take when they happened, written before the next send.
        self.unrecorded: dict[int, tuple[DeliveryRow, int, Citizen, Delivery]] = {}

    def pacer(self, channel: str) -> Pacer:
        if channel not in self.pacers:
            self.pacers[channel] = Pacer(self.config.pacing_for(channel), sleep=self.sleep)
        return self.pacers[channel]

    def quiet_now(self) -> bool:
        quiet = self.config.quiet_hours
        return quiet is not None and quiet.contains(self.clock(), self.tz)

    async def _halt_reason(self, campaign_id: int) -> str | None:
        if self.stopping:
            return RunOutcome.STOPPED
        campaign = await self.store.read(lambda repos: repos.campaigns.get(campaign_id))
        if campaign is None or campaign.status == CampaignStatus.CANCELLED:
            return RunOutcome.CANCELLED
        if campaign.status == CampaignStatus.PAUSED:
            return RunOutcome.PAUSED
        if self.quiet_now():
            return RunOutcome.QUIET
        return None

    async def send_run(self, campaign_id: int, run_id: int) -> str:
        """Send every open row of the run.

        Returns done, quiet, paused, cancelled, stopped, or ``store`` when the store failed
        (the rows not yet recorded stay open for the next try). Never raises on a store error
        and never waits on a worker that has ended.
        """
        try:
            await self._write_unrecorded()
            campaign = await self.store.read(lambda repos: repos.campaigns.get(campaign_id))
        except StoreError as error:
            return self._store_failed([], error)
        if campaign is None:
            return RunOutcome.CANCELLED
        message = compose.outgoing(compose.Draft.of(campaign), self.footer)
        concurrency = max(p.concurrency for p in self.config.pacing.values())
        queue: asyncio.Queue[DeliveryRow | None] = asyncio.Queue(maxsize=concurrency)
        halt: list[str] = []
        unsent: list[int] = []  # claimed rows a halt kept from being tried: given back
        workers = [
            asyncio.create_task(self._worker(queue, campaign_id, message, halt, unsent))
            for _ in range(concurrency)
        ]
        try:
            await self._feed(queue, campaign_id, run_id, halt)
        finally:
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        try:
            await self._release(unsent)
            if halt:
                return halt[0]
            left = await self.store.read(
                lambda repos: repos.campaigns.open_deliveries(run_id, after_id=0, limit=1)
            )
            if left:
                # Rows another sender holds, or left open by a halt after the last claim:
                # a later sync sends whatever is still open then.
                return await self._halt_reason(campaign_id) or RunOutcome.ELSEWHERE
        except StoreError as error:
            return self._store_failed(halt, error)
        return RunOutcome.DONE

    async def _feed(
        self,
        queue: asyncio.Queue[DeliveryRow | None],
        campaign_id: int,
        run_id: int,
        halt: list[str],
    ) -> None:
        """Claim the run's open rows batch by batch and queue them, until done or halted."""
        after_id = 0
        while not halt:
            try:
                reason = await self._halt_reason(campaign_id)
                batch = [] if reason else await self._claim(run_id, after_id)
            except StoreError as error:
                self._store_failed(halt, error)
                return
            if reason:
                halt.append(reason)
                return
            if not batch:
                return
            for row in batch:
                if halt:
                    return
                await queue.put(row)
                after_id = row.id

    async def _claim(self, run_id: int, after_id: int) -> list[DeliveryRow]:
        """The next open rows nobody else works on, now this sender's (``FOR UPDATE SKIP
        LOCKED`` on PostgreSQL); rows whose claim is older than ``claim_seconds`` count
        as nobody's (their sender died)."""
        now = self.clock()
        stale = to_iso(now - dt.timedelta(seconds=self.config.claim_seconds))
        claimer, moment = self.claimer, to_iso(now)
        return await self.store.write(
            lambda repos: repos.campaigns.claim(
                run_id, claimer=claimer, after_id=after_id, limit=BATCH, now=moment,
                stale_before=stale,
            )
        )  # fmt: skip

    async def _release(self, row_ids: list[int]) -> None:
        """Give back claimed rows not tried (a halt), so a resumed run need not wait for
        their claims to grow old."""
        if row_ids:
            ids, claimer = list(row_ids), self.claimer
            await self.store.write(lambda repos: repos.campaigns.release(ids, claimer=claimer))

    async def _write_unrecorded(self) -> None:
        """Record the outcomes a failing store missed (raises if it still fails)."""
        for row_id, (row, campaign_id, citizen, delivery) in list(self.unrecorded.items()):
            await self._record(row, campaign_id, citizen, delivery)
            del self.unrecorded[row_id]

    def _store_failed(self, halt: list[str], error: Exception) -> str:
        """Halt the run because the store failed; one log line per run, no personal data."""
        if STORE_FAILED not in halt:
            log.warning("broadcast halted: the store failed (%s: %s)", type(error).__name__, error)
            halt.append(STORE_FAILED)
        return halt[0]

    async def _worker(
        self,
        queue: asyncio.Queue[DeliveryRow | None],
        campaign_id: int,
        message: Outgoing,
        halt: list[str],
        unsent: list[int],
    ) -> None:
        """Deliver rows until the sentinel; survives any error so ``send_run`` never hangs."""
        while (row := await queue.get()) is not None:
            if halt:
                unsent.append(row.id)  # left open for the next start
                continue
            try:
                await self._deliver(row, campaign_id, message, halt, unsent)
            except StoreError as error:
                # The row stays open ('pending', or 'sending' if the send may have gone out,
                # as after a crash) and is sent when the run resumes.
                self._store_failed(halt, error)
            except Exception:
                log.exception("broadcast delivery %s failed unexpectedly", row.id)
                try:
                    await self._finish(
                        row, campaign_id, None, RowStatus.FAILED, "internal: see the log"
                    )
                except Exception as error:  # the error path's own write failed too
                    self._store_failed(halt, error)

    async def _deliver(
        self,
        row: DeliveryRow,
        campaign_id: int,
        message: Outgoing,
        halt: list[str],
        unsent: list[int],
    ) -> None:
        failures = 0
        while True:
            citizen = await self._recipient(row)
            if citizen is None:
                await self._finish(row, campaign_id, None, RowStatus.SKIPPED, None)
                return
            channel = citizen.channel_id.partition(":")[0]
            pacer = self.pacer(channel)
            if wait := self.hub.campaign_wait(channel):
                pacer.pause(wait)  # the platform's budget runs low: replies keep their share
            async with pacer.slots:
                await pacer.acquire(citizen.channel_id)
                # Re-read right before sending: a citizen who stopped meanwhile gets nothing,
                # and quiet hours or a pause that began meanwhile win over the send.
                citizen = await self._recipient(row)
                if citizen is None or halt or self.quiet_now() or self.stopping:
                    pacer.refund(citizen.channel_id if citizen else "")
                    if citizen is None:
                        await self._finish(row, campaign_id, None, RowStatus.SKIPPED, None)
                        return
                    if self.quiet_now():
                        halt.append(RunOutcome.QUIET)
                    unsent.append(row.id)
                    return
                if not await self._start_sending(row):
                    pacer.refund(citizen.channel_id)  # another sender took the row over
                    return
                delivery = await self.hub.send(citizen.channel_id, message)
            status = delivery.status
            if status is DeliveryStatus.THROTTLED:
                # Flood control: everyone on this channel waits, then the same message again.
                self.throttled += 1
                pacer.pause(delivery.retry_after + random.uniform(0.05, 0.25))
                continue
            if status is DeliveryStatus.TRANSIENT and not is_ambiguous(delivery):
                failures += 1
                if failures < self.config.max_attempts:
                    backoff = self.config.backoff_seconds * 2 ** (failures - 1)
                    await self.sleep(backoff * random.uniform(0.8, 1.2))
                    continue
            try:
                await self._record(row, campaign_id, citizen, delivery)
            except StoreError:
                # Sent but not recorded: keep the outcome, so the resumed run writes it
                # instead of sending the message to this citizen a second time.
                self.unrecorded[row.id] = (row, campaign_id, citizen, delivery)
                raise
            return

    async def _start_sending(self, row: DeliveryRow) -> bool:
        """Mark the row ``sending`` if it is still this sender's claim (False: do not send)."""
        now, claimer = to_iso(self.clock()), self.claimer
        return await self.store.write(
            lambda repos: repos.campaigns.start_sending(row.id, claimer=claimer, now=now)
        )

    async def _recipient(self, row: DeliveryRow) -> Citizen | None:
        """The row's citizen if they still want news (None: deleted, stopped, unsubscribed)."""
        citizen_id = row.citizen_id
        if not citizen_id:
            return None
        citizen = await self.store.read(lambda repos: repos.citizens.by_id(citizen_id))
        return citizen if citizen is not None and citizen.subscribed else None

    async def _record(
        self, row: DeliveryRow, campaign_id: int, citizen: Citizen, delivery: Delivery
    ) -> None:
        status = delivery.status
        if status is DeliveryStatus.SENT:
            await self._finish(row, campaign_id, citizen, RowStatus.SENT, None)
            self.sent += 1
        elif status is DeliveryStatus.STOPPED:
            # Blocked or deactivated: never retried, excluded from later campaigns. A channel
            # may have stopped the citizen itself, with a finer reason (Zalo: unfollowed).
            user = citizen.channel_id
            await self.store.write(lambda repos: stop_news(repos, user, StopReason.BLOCKED))
            await self._finish(row, campaign_id, citizen, RowStatus.BLOCKED, _error(delivery))
        elif status is DeliveryStatus.OUTSIDE_WINDOW:
            await self._finish(
                row, campaign_id, citizen, RowStatus.OUTSIDE_WINDOW, _error(delivery)
            )
        else:
            await self._finish(row, campaign_id, citizen, RowStatus.FAILED, _error(delivery))

    async def _finish(
        self,
        row: DeliveryRow,
        campaign_id: int,
        citizen: Citizen | None,
        status: RowStatus,
        error: str | None,
    ) -> None:
        error = error[:ERROR_LENGTH] if error else None
        now = to_iso(self.clock())
        event = {
            RowStatus.SENT: "broadcast_delivered",
            RowStatus.FAILED: "broadcast_failed",
            RowStatus.BLOCKED: "broadcast_blocked",
            RowStatus.OUTSIDE_WINDOW: "broadcast_outside_window",
        }.get(status)
        value = reason_code(error) if error else None

        def finish(repos: Repositories) -> None:
            repos.campaigns.mark(row.id, status, now=now, error=error)
            if event and citizen is not None:
                repos.events.record(
                    event, channel=_channel(citizen), citizen=citizen, campaign_id=campaign_id,
                    value=value,
                )  # fmt: skip

        await self.store.write(finish)


def _error(delivery: Delivery) -> str:
    return f"{classify(delivery)}: {delivery.error or delivery.status.value}"


def _channel(citizen: Citizen) -> str:
    return citizen.channel_id.partition(":")[0]
