"""The minute tick: one APScheduler job (in-memory store) that fans pushes out to due learners.

APScheduler 3 cannot share a job store between processes, and a pickled job per learner does
not scale, so there is a single job; who is due lives in an indexed column of the app database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.delivery.push_sender import PushSender
from bot.views import push as push_views
from content import Course
from services.pushes import Outcome, PushJob, PushService
from storage import health

log = logging.getLogger(__name__)
# Learners claimed per transaction: at 1M learners a claim transaction costs ~9 ms whatever its size,
# so big batches keep a minute's claims within 100 ms (bench.million). Outcomes: recorded per OUTCOMES.
BATCH = 100
OUTCOMES = 50
IN_FLIGHT = 32  # sends waiting for Telegram at once (the limiter sets the pace)
LINGER = 0.2  # seconds an outcome may wait for others before it is recorded


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    released: int = 0
    pruned: int = 0


class OutcomeRecorder:
    """Records outcomes in batches: when `batch` have gathered, or LINGER after the first.
    A crash loses at most the outcomes of the last LINGER, whose pushes are sent again after
    the claim timeout (so the bound on duplicates is what was sent in that time)."""

    def __init__(self, pushes: PushService, batch: int = OUTCOMES, linger: float = LINGER) -> None:
        self.pushes = pushes
        self.batch = batch
        self.linger = linger
        self._buffer: list[Outcome] = []
        self._full = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    def add(self, outcome: Outcome) -> None:
        self._buffer.append(outcome)
        if len(self._buffer) >= self.batch:
            self._full.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_soon())

    async def _write_soon(self) -> None:
        while self._buffer:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self.linger)
            await self._write()

    async def _write(self) -> None:
        batch, self._buffer = self._buffer, []
        self._full.clear()
        try:
            await self.pushes.finish(batch)
        except Exception:  # the claims stay open and are retried after the claim timeout
            log.exception("could not record %d push outcomes", len(batch))

    async def close(self) -> None:
        """Record everything still buffered, now."""
        if self._writer is not None and not self._writer.done():
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
        await self.pushes.drain()
        if self._buffer:
            await self._write()


async def run_tick(
    pushes: PushService, sender: PushSender, course: Course, in_flight: int = IN_FLIGHT, batch: int = BATCH
) -> TickReport:
    """Claim, send and record every push that is due now."""
    started = time.perf_counter()
    released, pruned = await pushes.housekeeping()
    report = TickReport(released=released, pruned=pruned)
    due = await pushes.due_user_ids()
    report.due = len(due)
    metrics.PUSH_DUE.set(report.due)
    recorder = OutcomeRecorder(pushes, min(batch, OUTCOMES))
    slots = asyncio.Semaphore(in_flight)
    sends: set[asyncio.Task[None]] = set()

    async def deliver(job: PushJob) -> None:
        try:
            if job.kind == "auto-pause":
                text, markup = push_views.AUTO_PAUSE, None
            else:
                text, markup = push_views.push(job, course)
            outcome = await sender.send(job.user_id, text, markup)
            recorder.add(Outcome(job, outcome.status, outcome.error))
            setattr(report, outcome.status, getattr(report, outcome.status) + 1)
            metrics.PUSHES.labels(outcome.status).inc()
        finally:
            slots.release()

    try:
        for start in range(0, len(due), batch):
            for job in await pushes.claim(due[start : start + batch]):
                await slots.acquire()
                task = asyncio.create_task(deliver(job))
                sends.add(task)
                task.add_done_callback(sends.discard)
        await asyncio.gather(*sends)
    finally:
        for task in sends:  # cancelled (shutdown): sends stop, what is known gets recorded
            task.cancel()
        await asyncio.gather(*sends, return_exceptions=True)
        await recorder.close()
    metrics.TICK_SECONDS.observe(time.perf_counter() - started)
    if report.due or report.released or report.pruned:
        log.info("push tick: %s", report)
    return report


class PushScheduler:
    """Owns the APScheduler instance; started and stopped with the dispatcher."""

    def __init__(self, pushes: PushService, sender: PushSender, course: Course, tick_seconds: float = 60.0) -> None:
        self.pushes = pushes
        self.tick_seconds = tick_seconds
        self.sender = sender
        self.course = course
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._running: asyncio.Future[TickReport] | None = None
        self._refusals = health.QuietRefusals("push tick")
        self._catch_up: asyncio.Future[None] | None = None

    async def tick(self) -> None:
        if self._running is not None and not self._running.done():
            return  # the last fan-out is still sending (the daily wave at Telegram's rate)
        self._running = asyncio.ensure_future(run_tick(self.pushes, self.sender, self.course))
        try:
            await self._running
        except asyncio.CancelledError:
            log.info("push tick cancelled at shutdown")
        except Exception as exc:  # one bad tick must not kill the job; the next minute tries again
            if not health.refuses_writes(exc):
                log.exception("push tick failed")
                return
            self._refusals.report(exc)
            metrics.DB_ERRORS.labels("refused").inc()
            await health.recover(self.pushes.session_factory.kw["bind"])

    async def start(self, bot: Bot) -> None:
        self.scheduler.add_job(
            self.tick, "interval", seconds=self.tick_seconds, id="push-tick", max_instances=1, coalesce=True,
            misfire_grace_time=30,
        )
        self.scheduler.start()
        # Catch up at once on what fell due while the bot was down, but in the background: a
        # restart during the daily wave must not hold up polling for the minutes the wave takes.
        self._catch_up = asyncio.ensure_future(self.tick())

    async def stop(self) -> None:
        """Stop ticking; cancel a fan-out in progress and let its database writes finish.
        Sends already made but not yet recorded are retried after the claim timeout."""
        self.scheduler.shutdown(wait=False)
        if self._running is not None and not self._running.done():
            self._running.cancel()
        if self._catch_up is not None:
            await asyncio.gather(self._catch_up, return_exceptions=True)
        await self.pushes.drain()
        await self.sender.bot.session.close()
