"""The broadcast service: APScheduler fires campaigns at their time, runs are sent, restored.

The database is the only source of truth. At start-up, and every ``sync_seconds`` after (so
CLI changes made in another process are seen), :meth:`BroadcastService.sync` recreates one
APScheduler job per scheduled campaign, starts what is due and resumes interrupted runs. A
campaign whose time passed while the bot was down goes out late within the grace window, or
is recorded as missed and reported to its officer: never silently dropped, never sent twice.
A run halted because the store cannot write is tried again with a growing wait until the store
works; meanwhile its officer is told, and ``/chiendich`` shows why it paused.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.broadcasts import report
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.reach import ReachStage
from bot.broadcasts.sender import STORE_FAILED, RunSender
from bot.broadcasts.statuses import CampaignStatus, RunOutcome, RunStatus
from bot.broadcasts.timing import Recurrence, format_local, from_iso, to_iso, utc_now
from bot.core.messages import Outgoing
from bot.core.services import Services
from bot.store import Repositories
from bot.store.campaigns import Campaign, Run

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0  # seconds a stop waits for the messages in flight
FILL_STEP = 500  # recipients added to a starting run per transaction (a few ms each)


def running_service(services: Services) -> BroadcastService | None:
    """The service started in this process over ``services``, if any."""
    scheduler = services.scheduler
    return scheduler if isinstance(scheduler, BroadcastService) else None


def poke(services: Services) -> None:
    """Ask the running service (if any) to re-read campaigns now instead of at its next sync."""
    if services.scheduler is not None:
        services.scheduler.request_sync()


class BroadcastService:
    """Schedules and sends campaigns for one bot process.

    Args:
        services: the bot's services (store, texts, hub...).
        config: defaults to the ``BROADCAST_*`` environment variables.
        clock: the current UTC time; tests inject one.
        sleep: waiting between retries; tests inject a fast one.
    """

    def __init__(
        self,
        services: Services,
        *,
        config: BroadcastConfig | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.services = services
        self.store = services.store
        self.config = config or BroadcastConfig.from_env(timezone=services.settings.timezone)
        self.tz = ZoneInfo(self.config.timezone)
        self.clock = clock
        footer = services.texts.get("bc_footer")
        self.sender = RunSender(
            self.store, services.hub, config=self.config, footer=footer, clock=clock, sleep=sleep
        )
        self.reach = ReachStage(
            self.store, services.hub, pacer=self.sender.pacer, quiet_until=self._quiet_until,
            clock=clock, tz=self.tz,
        )  # fmt: skip
        self.scheduler = AsyncIOScheduler(timezone=self.tz)
        self._runs: dict[int, asyncio.Task] = {}
        self._background: set[asyncio.Task] = set()
        self._sync_lock = asyncio.Lock()
        self._preparing: set[int] = set()  # campaigns whose run is being filled
        self._stopped = asyncio.Event()
        # Campaigns whose run waits for the store to work again, and since when (UTC).
        self.stalled: dict[int, dt.datetime] = {}

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the scheduler and restore every pending, recurring and interrupted campaign."""
        self.sender.stopping = False
        self._stopped.clear()
        # APScheduler logs every run of every job at INFO: one line per sync is noise.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self.scheduler.start()
        self.scheduler.add_job(
            self.sync, "interval", seconds=self.config.sync_seconds, id="broadcasts:sync",
            coalesce=True, max_instances=1, misfire_grace_time=None,
        )  # fmt: skip
        self.services.scheduler = self
        await self.sync()
        log.info("broadcasts: %d campaign job(s) restored", len(self.campaign_jobs()))

    async def stop(self) -> None:
        """Stop firing; let messages in flight finish (their rows then say what happened)."""
        if self.services.scheduler is self:
            self.services.scheduler = None
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.sender.stopping = True
        self._stopped.set()
        tasks = [*self._runs.values(), *self._background]
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def request_sync(self) -> None:
        task = asyncio.get_running_loop().create_task(self.sync())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def campaign_jobs(self) -> dict[int, dt.datetime]:
        """Scheduled campaign ids and when APScheduler will fire them."""
        return {
            int(job.id.split(":")[1]): job.next_run_time
            for job in self.scheduler.get_jobs()
            if job.id.startswith("campaign:")
        }

    async def wait_idle(self) -> None:
        """Wait until no run is being sent or started (tests and the benchmark)."""
        while self._runs or self._background:
            await asyncio.gather(*self._runs.values(), *self._background, return_exceptions=True)

    # -- scheduling --------------------------------------------------------------------------
    async def sync(self, *, now: dt.datetime | None = None) -> None:
        """Bring scheduler jobs and running sends in line with the database."""
        async with self._sync_lock:
            now = now or self.clock()
            active = (CampaignStatus.SCHEDULED, CampaignStatus.SENDING)
            for campaign in self.store.campaigns.recent(statuses=active, limit=1_000_000):
                if campaign.status == CampaignStatus.SENDING:
                    self._ensure_running(campaign.id, now)
                elif campaign.next_run_at and from_iso(campaign.next_run_at) <= now:
                    await self.fire(campaign.id, now=now)
            wanted: dict[str, dt.datetime] = {}
            for campaign in self.store.campaigns.recent(
                statuses=(CampaignStatus.SCHEDULED,), limit=1_000_000
            ):
                if campaign.next_run_at:
                    wanted[f"campaign:{campaign.id}"] = from_iso(campaign.next_run_at)
            for job in self.scheduler.get_jobs():
                if job.id.startswith("campaign:") and job.id not in wanted:
                    job.remove()
            for job_id, when in wanted.items():
                self._schedule(job_id, when, int(job_id.split(":")[1]))

    def _schedule(self, job_id: str, when: dt.datetime, campaign_id: int) -> None:
        job = self.scheduler.get_job(job_id)
        if job is not None and job.next_run_time == when:
            return
        if when <= utc_now():
            # APScheduler runs on the wall clock; a time it has passed (possible only with an
            # injected clock) is left to sync(), which fires by ``self.clock``.
            return
        self.scheduler.add_job(
            self.fire, "date", run_date=when, args=[campaign_id], id=job_id,
            replace_existing=True, misfire_grace_time=None, coalesce=True,
        )  # fmt: skip

    async def fire(self, campaign_id: int, *, now: dt.datetime | None = None) -> None:
        """A campaign's time has come: start a run, or record it missed if far too late."""
        now = now or self.clock()
        campaign = await self.store.read(lambda r: r.campaigns.get(campaign_id))
        if (
            campaign is None
            or campaign.status != CampaignStatus.SCHEDULED
            or not campaign.next_run_at
        ):
            return
        due = from_iso(campaign.next_run_at)
        if due > now:  # changed since the job was made; the next sync reschedules it
            return
        rule = Recurrence.parse(campaign.recurrence) if campaign.recurrence else None
        following = to_iso(rule.next_after(now, self.tz)) if rule else None
        if now - due > self.config.grace:
            await self._missed(campaign, following, now)
            return
        run = await self._start_run(campaign, following, to_iso(now))
        if run is None:
            return
        log.info("broadcasts: campaign %s run %s started", campaign.id, run.id)
        self._ensure_running(campaign.id, now)

    async def _start_run(self, campaign: Campaign, following: str | None, now: str) -> Run | None:
        """Open and fill the run in steps of ``FILL_STEP`` recipients, each its own short
        transaction, so that replies to citizens are read and written in between; a crash
        leaves a ``preparing`` run that the next attempt goes on filling. None when another
        task is already filling this campaign's run."""
        if campaign.id in self._preparing:
            return None
        self._preparing.add(campaign.id)
        try:
            store, scheduled_for = self.store, campaign.next_run_at or now
            run_id = await store.write(
                lambda r: r.campaigns.prepare_run(campaign, scheduled_for=scheduled_for, now=now)
            )

            def fill(r: Repositories) -> int:
                return r.campaigns.fill_run(run_id, campaign, limit=FILL_STEP, now=now)

            while await store.write(fill):
                pass
            run = await store.write(
                lambda r: r.campaigns.activate_run(run_id, campaign, next_run_at=following, now=now)
            )
            return run if run.status == RunStatus.SENDING else None
        finally:
            self._preparing.discard(campaign.id)

    async def _missed(self, campaign: Campaign, following: str | None, now: dt.datetime) -> None:
        assert campaign.next_run_at is not None
        self.store.campaigns.record_missed_run(
            campaign, scheduled_for=campaign.next_run_at, now=to_iso(now)
        )
        status = CampaignStatus.SCHEDULED if following else CampaignStatus.MISSED
        self.store.campaigns.update(
            campaign.id, now=to_iso(now), status=status, next_run_at=following
        )
        log.warning("broadcasts: campaign %s missed its time %s", campaign.id, campaign.next_run_at)
        texts = self.services.texts
        when = format_local(from_iso(campaign.next_run_at), self.tz)
        hours = round(self.config.grace.total_seconds() / 3600, 1)
        text = texts.get(
            "bc_missed_notice", id=campaign.id, title=campaign.title, when=when, hours=f"{hours:g}"
        )
        if following:
            text += "\n" + texts.get(
                "bc_missed_next", when=format_local(from_iso(following), self.tz)
            )
        else:
            text += "\n" + texts.get("bc_missed_retry")
        await self._tell_officer(campaign, text)

    # -- sending -----------------------------------------------------------------------------
    def _ensure_running(self, campaign_id: int, now: dt.datetime) -> None:
        task = self._runs.get(campaign_id)
        if task is not None and not task.done():
            return
        run = self.store.campaigns.open_run(campaign_id)
        if run is None:  # a run closed by a cancel from the CLI: nothing to send
            return
        quiet = self.config.quiet_hours
        if quiet is not None and quiet.contains(now, self.tz):
            self._resume_at(campaign_id, quiet.ends_after(now, self.tz))
            return
        self._runs[campaign_id] = asyncio.get_running_loop().create_task(
            self._send(campaign_id, run.id)
        )

    def _resume_at(self, campaign_id: int, when: dt.datetime) -> None:
        """Quiet hours: come back to this campaign when they end."""
        if when <= utc_now():
            return  # see _schedule
        self.scheduler.add_job(
            self.sync, "date", run_date=when, id=f"resume:{campaign_id}",
            replace_existing=True, misfire_grace_time=None, coalesce=True,
        )  # fmt: skip

    async def _send(self, campaign_id: int, run_id: int) -> None:
        resume: dt.datetime | None = None
        try:
            outcome = await self._send_until_stored(campaign_id, run_id)
            if outcome == RunOutcome.DONE:
                # Still inside the task: a sync meanwhile must not start the run again.
                resume = await self._reach_the_rest(campaign_id, run_id)
        except Exception:
            log.exception("broadcasts: campaign %s run %s crashed", campaign_id, run_id)
            return
        finally:
            self._runs.pop(campaign_id, None)
            self.stalled.pop(campaign_id, None)
        now = self.clock()
        log.info("broadcasts: campaign %s run %s → %s", campaign_id, run_id, outcome)
        if outcome == RunOutcome.DONE:
            if resume is not None:
                self._resume_at(campaign_id, resume)
                return
            await self._complete(campaign_id, run_id, now)
        elif outcome == RunOutcome.QUIET and self.config.quiet_hours is not None:
            self._resume_at(campaign_id, self.config.quiet_hours.ends_after(now, self.tz))
        elif outcome == RunOutcome.CANCELLED:
            run = self.store.campaigns.run(run_id)
            if run is not None and run.status == RunStatus.SENDING:
                self.store.campaigns.finish_run(run_id, RunStatus.CANCELLED, now=to_iso(now))

    async def _reach_the_rest(self, campaign_id: int, run_id: int) -> dt.datetime | None:
        """Article broadcast and templates for whom the window left out (bot/broadcasts/reach.py)."""
        try:
            return await self.reach.finish(campaign_id, run_id)
        except Exception:
            # Not completed: the run stays open and is tried again (the store may be down).
            log.exception(
                "broadcasts: campaign %s run %s: reaching the rest failed", campaign_id, run_id
            )
            return self.clock() + dt.timedelta(seconds=self.config.sync_seconds)

    def _quiet_until(self) -> dt.datetime | None:
        quiet, now = self.config.quiet_hours, self.clock()
        if quiet is None or not quiet.contains(now, self.tz):
            return None
        return quiet.ends_after(now, self.tz)

    async def _send_until_stored(self, campaign_id: int, run_id: int) -> str:
        """Send the run; while the store fails, wait (longer each time) and send the rest."""
        outcome = await self.sender.send_run(campaign_id, run_id)
        wait = self.config.store_retry_seconds
        while outcome == STORE_FAILED and not self._stopped.is_set():
            if campaign_id not in self.stalled:
                self.stalled[campaign_id] = self.clock()
                await self._tell_officer_of(campaign_id, "bc_store_paused")
            with contextlib.suppress(TimeoutError):  # woken early only by stop()
                await asyncio.wait_for(self._stopped.wait(), timeout=wait)
            wait = min(wait * 2, self.config.sync_seconds)
            outcome = await self.sender.send_run(campaign_id, run_id)
        if campaign_id in self.stalled and outcome != STORE_FAILED:
            log.info("broadcasts: campaign %s: the store works again, sending resumed", campaign_id)
            await self._tell_officer_of(campaign_id, "bc_store_resumed")
        return outcome

    async def _tell_officer_of(self, campaign_id: int, key: str) -> None:
        """A short note about one campaign to its officer; a failing store only skips it."""
        try:
            campaign = self.store.campaigns.get(campaign_id)
        except Exception:
            log.warning("broadcasts: campaign %s: cannot read it to tell its officer", campaign_id)
            return
        if campaign is not None:
            text = self.services.texts.get(key, id=campaign.id, title=campaign.title)
            await self._tell_officer(campaign, text)

    async def _complete(self, campaign_id: int, run_id: int, now: dt.datetime) -> None:
        self.store.campaigns.finish_run(run_id, RunStatus.DONE, now=to_iso(now))
        campaign = self.store.campaigns.get(campaign_id)
        run = self.store.campaigns.run(run_id)
        if campaign is None or run is None:
            return
        if campaign.status == CampaignStatus.SENDING:
            again = bool(campaign.recurrence and campaign.next_run_at)
            status = CampaignStatus.SCHEDULED if again else CampaignStatus.DONE
            self.store.campaigns.update(campaign_id, now=to_iso(now), status=status)
            if again:
                assert campaign.next_run_at is not None
                when = from_iso(campaign.next_run_at)
                self._schedule(f"campaign:{campaign_id}", when, campaign_id)
        text = self.services.texts.get("bc_finished_notice", id=campaign.id, title=campaign.title)
        await self._tell_officer(campaign, text + "\n" + report.report_text(self.services, run))

    async def _tell_officer(self, campaign: Campaign, text: str) -> None:
        """Push a note to the officer who created the campaign (not for CLI campaigns)."""
        officer = campaign.created_by
        if ":" not in officer or not self.services.hub.has(officer.partition(":")[0]):
            log.info("broadcasts: campaign %s: %s", campaign.id, text.replace("\n", " / "))
            return
        delivery = await self.services.hub.send(officer, Outgoing(text))
        if delivery.error:
            log.warning("broadcasts: note to officer failed: %s", delivery.error)
