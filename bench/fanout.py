"""Benchmark: how fast one process can claim, send and record daily pushes.

Telegram allows about 30 messages/s (1000/s with paid broadcasts), so everything except the limiter
must keep up with several times that: the run sets the limiter out of the way and reports pushes per
second through the real path (batched SQLite claims, HTTP to a local Bot API emulator in the same
process, batched outcome rows), plus peak memory. Measured on the 2-core dev machine: about 530
pushes/s for 3,000 users (73/s before claims and outcomes were batched).
Usage: .venv/bin/python -m bench.fanout [USERS]   (default 5000)
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.delivery.push_sender import PushSender
from bot.delivery.scheduler import run_tick
from bot.factory import create_push_bot
from content import load_course
from domain.clock import FrozenClock
from services.pushes import PushService
from services.rate_limit import SendLimiter
from services.reminders import reschedule
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import User
from tests.support.emulator import BotApiEmulator
from tests.support.postgres import empty_postgres
from tests.support.running import TEST_TOKEN

TARGET_PUSHES_PER_SECOND = 150  # five times Telegram's free ceiling of about 30/s


async def fan_out_rate(users: int, database_url: str | None = None) -> tuple[float, int]:
    """(pushes per second, pushes sent) for one tick to `users` due learners, on a new SQLite file
    or, given `database_url` (PostgreSQL), on that database, emptied first."""
    course = load_course()
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        if database_url is not None:
            await empty_postgres(database_url)
        engine = create_engine(database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await upgrade(engine)
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            for uid in range(1, users + 1):
                user = User(id=uid, first_name="B", path_id="fast-track", created_at=clock.now(),
                            last_seen_at=clock.now(), remind_minute=540, reminders_on=True, pace=1,
                            quiet_days="", ignored_pushes=0, is_active=True)
                reschedule(user, clock.now())
                session.add(user)
        emulator = BotApiEmulator(TEST_TOKEN)
        await emulator.start()
        bot = create_push_bot(Settings(bot_token=TEST_TOKEN, telegram_api_url=emulator.url, _env_file=None))
        sender = PushSender(bot, SendLimiter(per_second=1_000_000, per_chat_interval=0))
        clock.advance(timedelta(minutes=1))
        started = time.perf_counter()
        report = await run_tick(PushService(sessions, course, clock), sender, course)
        elapsed = time.perf_counter() - started
        await bot.session.close()
        await emulator.stop()
        await engine.dispose()
    return report.sent / elapsed, report.sent


async def main(users: int) -> int:
    rate, sent = await fan_out_rate(users)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"fan-out: {sent}/{users} pushes = {rate:.0f} pushes/s "
          f"(target >= {TARGET_PUSHES_PER_SECOND}); peak RSS {peak_mib:.0f} MiB")
    return 0 if rate >= TARGET_PUSHES_PER_SECOND and sent == users else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
