"""The minute tick: one APScheduler job (in-memory store) that fans pushes out to due learners.

APScheduler 3 cannot share a job store between processes, and a pickled job per learner does
not scale, so there is a single job; who is due lives in an indexed column of the app database.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import push_views
from bot.push_sender import PushSender
from content import Course
from services.reminders import PushJob, PushService

log = logging.getLogger(__name__)
WORKERS = 16


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    released: int = 0


async def run_tick(pushes: PushService, sender: PushSender, course: Course, workers: int = WORKERS) -> TickReport:
    """Claim, send and record every push that is due now."""
    report = TickReport(released=await pushes.release_stale_claims())
    queue: asyncio.Queue[int] = asyncio.Queue()
    due = await pushes.due_user_ids()
    report.due = len(due)
    for user_id in due:
        queue.put_nowait(user_id)

    async def worker() -> None:
        while not queue.empty():
            job = await pushes.claim(queue.get_nowait())
            if job is not None:
                await deliver(job)

    async def deliver(job: PushJob) -> None:
        if job.kind == "auto-pause":
            text, markup = push_views.AUTO_PAUSE, None
        else:
            text, markup = push_views.push(job, course)
        outcome = await sender.send(job.user_id, text, markup)
        await pushes.finish(job, outcome.status, outcome.error)
        setattr(report, outcome.status, getattr(report, outcome.status) + 1)

    await asyncio.gather(*(worker() for _ in range(min(workers, max(1, len(due))))))
    if report.due:
        log.info("push tick: %s", report)
    return report


class PushScheduler:
    """Owns the APScheduler instance; started and stopped with the dispatcher."""

    def __init__(self, pushes: PushService, sender: PushSender, course: Course) -> None:
        self.pushes = pushes
        self.sender = sender
        self.course = course
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._running: asyncio.Task[TickReport] | None = None

    async def tick(self) -> None:
        self._running = asyncio.ensure_future(run_tick(self.pushes, self.sender, self.course))
        try:
            await self._running
        except asyncio.CancelledError:
            log.info("push tick cancelled at shutdown")
        except Exception:  # one bad tick must not kill the job; the next minute tries again
            log.exception("push tick failed")

    async def start(self, bot: Bot) -> None:
        self.scheduler.add_job(
            self.tick, "interval", minutes=1, id="push-tick", max_instances=1, coalesce=True,
            misfire_grace_time=30,
        )
        self.scheduler.start()
        await self.tick()  # catch up at once on what fell due while the bot was down

    async def stop(self) -> None:
        """Stop ticking; cancel a fan-out in progress and let its database writes finish.
        Sends already made but not yet recorded are retried after the claim timeout."""
        self.scheduler.shutdown(wait=False)
        if self._running is not None and not self._running.done():
            self._running.cancel()
        await self.pushes.drain()
        await self.sender.bot.session.close()
