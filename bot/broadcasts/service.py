"""The broadcast service: APScheduler fires campaigns at their time, runs are sent, restored.

The database is the only source of truth. At start-up, and every ``sync_seconds`` after (so
CLI changes made in another process are seen), :meth:`BroadcastService.sync` recreates one
APScheduler job per scheduled campaign, starts what is due and resumes interrupted runs. A
campaign whose time passed while the bot was down goes out late within the grace window, or
is recorded as missed and reported to its officer: never silently dropped, never sent twice.
Several bot processes may run this service on one database: an occurrence is taken by one
conditional update (``Campaigns.begin_occurrence``), so only one of them starts the run, and
their senders share its rows through claims (``Campaigns.claim``).
A run halted because the store cannot write is tried again with a growing wait until the store
works; meanwhile its officer is told, and ``/chiendich`` shows why it paused.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
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
# A starting run is filled one short transaction at a time (one INSERT … SELECT each), each
# step covering as many citizen ids as take about a target time, commit included, whatever
# the machine's load (python -m benchmarks.campaign_fill). SQLite fills on the database
# thread, between replies: its steps must be short. PostgreSQL fills on a connection apart,
# and pauses after each step for a share of the time it took: the server shares the machine's
# cores and disk with the replies' own queries (docs/broadcasts.md).
FILL_STEP = 500  # citizen ids in the first step
FILL_STEP_SECONDS = 0.01  # SQLite
FILL_APART_STEP_SECONDS = 0.05  # PostgreSQL
FILL_APART_PAUSE = 0.5  # PostgreSQL: the pause after a step, as a share of its time
FILL_SPAN_LIMITS = (100, 100_000)


def next_span(span: int, seconds: float, target: float = FILL_STEP_SECONDS) -> int:
    """How many citizen ids the next fill step covers, after one of ``span`` ids took
    ``seconds``: scaled toward ``target``, at most by half again, within the limits."""
    scale = min(1.5, target / max(seconds, 1e-4))
    low, high = FILL_SPAN_LIMITS
    return max(low, min(high, int(span * scale)))


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
            for campaign in await self._campaigns(active):
                if campaign.status == CampaignStatus.SENDING:
                    await self._ensure_running(campaign.id, now)
                elif campaign.next_run_at and from_iso(campaign.next_run_at) <= now:
                    await self.fire(campaign.id, now=now)
            wanted: dict[str, dt.datetime] = {}
            for campaign in await self._campaigns((CampaignStatus.SCHEDULED,)):
                if campaign.next_run_at:
                    wanted[f"campaign:{campaign.id}"] = from_iso(campaign.next_run_at)
            for job in self.scheduler.get_jobs():
                if job.id.startswith("campaign:") and job.id not in wanted:
                    job.remove()
            for job_id, when in wanted.items():
                self._schedule(job_id, when, int(job_id.split(":")[1]))

    async def _campaigns(self, statuses: tuple[str, ...]) -> list[Campaign]:
        return await self.store.read(
            lambda r: r.campaigns.recent(statuses=statuses, limit=1_000_000)
        )

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
        """A campaign's time has come: start a run, or record it missed if far too late.

        Only one process (and one task) takes an occurrence; for the others this does nothing.
        """
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
        moment, when = to_iso(now), campaign.next_run_at
        run_id = await self.store.write(
            lambda r: r.campaigns.begin_occurrence(
                campaign, due=when, next_run_at=following, now=moment
            )
        )
        if run_id is None:
            return  # another process (or a sync racing the job) took this occurrence
        log.info("broadcasts: campaign %s run %s started", campaign.id, run_id)
        await self._ensure_running(campaign.id, now)

    async def _fill(self, campaign_id: int, run: Run) -> Run | None:
        """Copy the recipients into the ``preparing`` run inside the database, one short
        transaction at a time (:func:`next_span`), then start it sending. On PostgreSQL the
        steps run on a connection apart, with a pause after each (the database thread goes
        on serving replies meanwhile); on SQLite, whose one writer would hold every reply
        for the whole fill, on the database thread between replies. After a crash the next
        attempt goes on where the rows end. The run as it is then (None when the campaign
        is gone)."""
        store, run_id, now = self.store, run.id, to_iso(self.clock())
        campaign, after = await store.read(
            lambda r: (r.campaigns.get(campaign_id), r.campaigns.filled_up_to(run_id))
        )
        if campaign is None:
            return None
        apart = store.writes_apart
        target = FILL_APART_STEP_SECONDS if apart else FILL_STEP_SECONDS
        async with store.apart() as writer:
            cursor: int | None = after
            span = FILL_STEP
            while cursor is not None:

                def step(r: Repositories, start: int = cursor, ids: int = span) -> int | None:
                    return r.campaigns.fill_run(run_id, campaign, after=start, span=ids, now=now)

                # Timed from here: the commit (and a SQLite checkpoint it may run) counts too.
                began = time.perf_counter()
                cursor = await writer.write(step)
                took = time.perf_counter() - began
                span = next_span(span, took, target)
                if apart and cursor is not None:
                    await asyncio.sleep(took * FILL_APART_PAUSE)
            if apart:
                await writer.write(lambda r: r.campaigns.refresh_statistics())
        return await store.write(lambda r: r.campaigns.activate_run(run_id))

    async def _missed(self, campaign: Campaign, following: str | None, now: dt.datetime) -> None:
        assert campaign.next_run_at is not None
        moment, when = to_iso(now), campaign.next_run_at
        missed = await self.store.write(
            lambda r: r.campaigns.miss_occurrence(
                campaign, due=when, next_run_at=following, now=moment
            )
        )
        if missed is None:
            return  # another process recorded it, and tells the officer
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
    async def _ensure_running(self, campaign_id: int, now: dt.datetime) -> None:
        task = self._runs.get(campaign_id)
        if task is not None and not task.done():
            return
        run = await self.store.read(lambda r: r.campaigns.open_run(campaign_id))
        task = self._runs.get(campaign_id)  # another sync may have started it meanwhile
        if run is None or (task is not None and not task.done()):
            return  # a run closed by a cancel from the CLI: nothing to send
        quiet = self.config.quiet_hours
        if run.status != RunStatus.PREPARING and quiet is not None and quiet.contains(now, self.tz):
            self._resume_at(campaign_id, quiet.ends_after(now, self.tz))
            return
        self._runs[campaign_id] = asyncio.get_running_loop().create_task(
            self._send(campaign_id, run)
        )

    def _resume_at(self, campaign_id: int, when: dt.datetime) -> None:
        """Quiet hours: come back to this campaign when they end."""
        if when <= utc_now():
            return  # see _schedule
        self.scheduler.add_job(
            self.sync, "date", run_date=when, id=f"resume:{campaign_id}",
            replace_existing=True, misfire_grace_time=None, coalesce=True,
        )  # fmt: skip

    async def _send(self, campaign_id: int, run: Run) -> None:
        resume: dt.datetime | None = None
        run_id = run.id
        try:
            if run.status == RunStatus.PREPARING:
                filled = await self._fill(campaign_id, run)
                if filled is None or filled.status != RunStatus.SENDING:
                    return  # cancelled while it was filled
                now = self.clock()
                quiet = self.config.quiet_hours
                if quiet is not None and quiet.contains(now, self.tz):
                    self._resume_at(campaign_id, quiet.ends_after(now, self.tz))
                    return
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
        # Closing the run and telling the officer is still work in flight: stop() and
        # wait_idle() wait for it like any background task (they returned before the officer's
        # note was sent when this task had already left _runs).
        if (task := asyncio.current_task()) is not None:
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        now = self.clock()
        log.info("broadcasts: campaign %s run %s → %s", campaign_id, run_id, outcome)
        if outcome == RunOutcome.DONE:
            if resume is not None:
                self._resume_at(campaign_id, resume)
                return
            await self._complete(campaign_id, run_id, now)
        elif outcome == RunOutcome.QUIET and self.config.quiet_hours is not None:
            self._resume_at(campaign_id, self.config.quiet_hours.ends_after(now, self.tz))
        elif outcome == RunOutcome.ELSEWHERE:
            # Rows another sender claimed: look again when those claims would be stale (its
            # sender died), if no sync has finished the run before.
            later = now + dt.timedelta(seconds=self.config.claim_seconds)
            self._resume_at(campaign_id, later)
        elif outcome == RunOutcome.CANCELLED:
            moment = to_iso(now)
            await self.store.write(
                lambda r: r.campaigns.finish_run(run_id, RunStatus.CANCELLED, now=moment)
            )

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
            campaign = await self.store.read(lambda r: r.campaigns.get(campaign_id))
        except Exception:
            log.warning("broadcasts: campaign %s: cannot read it to tell its officer", campaign_id)
            return
        if campaign is not None:
            text = self.services.texts.get(key, id=campaign.id, title=campaign.title)
            await self._tell_officer(campaign, text)

    async def _complete(self, campaign_id: int, run_id: int, now: dt.datetime) -> None:
        """Close the run and the occurrence; the officer is told once, by the process whose
        update closed the run."""
        moment = to_iso(now)

        def complete(r: Repositories) -> tuple[Campaign, report.RunReport] | None:
            if not r.campaigns.finish_run(run_id, RunStatus.DONE, now=moment):
                return None  # closed elsewhere (another replica, a cancel)
            campaign = r.campaigns.get(campaign_id)
            if campaign is None:
                return None
            if campaign.status == CampaignStatus.SENDING:
                again = bool(campaign.recurrence and campaign.next_run_at)
                status = CampaignStatus.SCHEDULED if again else CampaignStatus.DONE
                r.campaigns.update(campaign_id, now=moment, status=status)
                campaign = r.campaigns.get(campaign_id) or campaign
            return campaign, report.read_run(r, r.campaigns.run(run_id))

        completed = await self.store.write(complete)
        if completed is None:
            return
        campaign, facts = completed
        if campaign.status == CampaignStatus.SCHEDULED and campaign.next_run_at:
            when = from_iso(campaign.next_run_at)
            self._schedule(f"campaign:{campaign_id}", when, campaign_id)
        text = self.services.texts.get("bc_finished_notice", id=campaign.id, title=campaign.title)
        await self._tell_officer(campaign, text + "\n" + report.report_text(self.services, facts))

    async def _tell_officer(self, campaign: Campaign, text: str) -> None:
        """Push a note to the officer who created the campaign (not for CLI campaigns)."""
        officer = campaign.created_by
        if ":" not in officer or not self.services.hub.has(officer.partition(":")[0]):
            log.info("broadcasts: campaign %s: %s", campaign.id, text.replace("\n", " / "))
            return
        delivery = await self.services.hub.send(officer, Outgoing(text))
        if delivery.error:
            log.warning("broadcasts: note to officer failed: %s", delivery.error)
