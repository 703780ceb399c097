"""The database refusing writes, for real: the SQLite file lives on a small tmpfs that the test
remounts read-only, or fills up. (Needs root to mount; skipped with that reason otherwise.)"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.handlers.errors import STORAGE_REFUSED
from content import load_course
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

ROOT = Path(__file__).resolve().parent.parent


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def volume(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "volume"
    where.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}): needs root")
    yield where
    _mount("-o", "remount,rw", str(where))
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def read_only(volume: Path, on: bool) -> None:
    result = _mount("-o", "remount," + ("ro" if on else "rw"), str(volume))
    assert result.returncode == 0, result.stderr


async def test_reading_goes_on_while_the_disk_is_full_and_the_bot_recovers_by_itself(
    emulator: BotApiEmulator, volume: Path, shipped_content: Path
) -> None:
    """A full disk refuses writes with the open database; a read-only remount is refused while the
    bot has the file open, so a read-only file is tested at start-up (below)."""
    course = load_course(shipped_content)
    ada = Learner(emulator, user_id=8101)
    database_url = f"sqlite+aiosqlite:///{volume / 'bot.db'}"
    async with running_bot(emulator, database_url, shipped_content):
        await ada.says("/path")
        await ada.presses(course.path("fast-track").title)
        [page] = await ada.says("/today")  # the lesson is opened (a write) while all is well

        filler = volume / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=16"], capture_output=True)
        [again] = await ada.says("/today")  # reopening today's lesson only reads
        assert again.text.split("\n")[0] == page.text.split("\n")[0] and "page 1/" in again.text
        [turned] = await ada.presses("Next", again)
        assert "page 2/" in turned.text
        [helped] = await ada.says("/help")
        assert "/today" in helped.text
        [progress] = await ada.says("/progress")
        assert "Streak" in progress.text
        finish = turned
        while not any("Finish lesson" in label for label, _ in finish.flat_buttons):
            [finish] = await ada.presses("Next", finish)
        await ada.presses("Finish lesson", finish)  # a write: refused, with one clear sentence
        assert ada.toasts[-1] == STORAGE_REFUSED[:200]
        assert "is done" not in ada.last.text

        filler.unlink()  # space again: no restart needed
        [done] = await ada.presses("Finish lesson", finish)
        assert "is done" in done.text


def test_starting_on_a_read_only_database_stops_in_one_line(volume: Path, tmp_path: Path) -> None:
    import os

    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "COURSE_CACHE_DIR": os.environ["COURSE_CACHE_DIR"],
           "BOT_TOKEN": "424242:TEST-token-for-the-local-emulator-only",
           "DATABASE_URL": f"sqlite+aiosqlite:///{volume / 'bot.db'}", "TELEGRAM_API_URL": "http://127.0.0.1:9"}
    # An old database (one revision behind) on a read-only volume: start-up must migrate, and cannot.
    made = subprocess.run([sys.executable, "-c", (
        "import asyncio; from storage.db import create_engine; from storage.migrate import upgrade\n"
        f"e = create_engine({env['DATABASE_URL']!r}); asyncio.run(upgrade(e, '005')); asyncio.run(e.dispose())"
    )], cwd=ROOT, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    read_only(volume, True)
    result = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"The database {volume / 'bot.db'} refuses writes" in lines[0], result.stderr


async def test_the_push_tick_logs_one_line_a_minute_while_the_disk_is_full(
    emulator: BotApiEmulator, volume: Path, shipped_content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging
    from datetime import UTC, datetime, timedelta

    from bot.config import Settings
    from bot.factory import create_push_scheduler
    from domain.clock import FrozenClock
    from services.reminders import reschedule
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from storage.models import User
    from tests.support.running import TEST_TOKEN

    course = load_course(shipped_content)
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    engine = create_engine(f"sqlite+aiosqlite:///{volume / 'bot.db'}")
    await upgrade(engine)
    sessions = create_session_factory(engine)
    async with sessions() as session, session.begin():
        for uid in range(1, 21):
            user = User.blank(uid, clock.now())
            user.path_id = "fast-track"
            reschedule(user, clock.now())
            session.add(user)
    settings = Settings(bot_token=TEST_TOKEN, telegram_api_url=emulator.url, _env_file=None)
    scheduler = create_push_scheduler(settings, course, sessions, clock)
    clock.advance(timedelta(minutes=1))
    subprocess.run(["dd", "if=/dev/zero", f"of={volume / 'filler'}", "bs=1M", "count=16"], capture_output=True)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):  # three ticks within a minute
            await scheduler.tick()
    refused = [r for r in caplog.records if "refuses writes" in r.getMessage()]
    assert len(refused) == 1 and not any(r.exc_info for r in caplog.records)
    (volume / "filler").unlink()
    await scheduler.tick()  # space again: the day's pushes go out
    assert len(emulator.calls_of("sendMessage")) == 20
    await scheduler.sender.bot.session.close()
    await engine.dispose()
