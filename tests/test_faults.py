"""Faults found by trying to break the bot: each has a defined outcome, tested here."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot.log_redaction import MASK, RedactSecrets
from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent
SECRET = TEST_TOKEN.split(":", 1)[1]


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "COURSE_CACHE_DIR": os.environ["COURSE_CACHE_DIR"],
            "BOT_TOKEN": TEST_TOKEN, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", **extra}


async def wait_for(path: Path, text: str, process: asyncio.subprocess.Process, timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in path.read_text():
        assert process.returncode is None, path.read_text()
        assert loop.time() < deadline, f"no {text!r} in:\n{path.read_text()}"
        await asyncio.sleep(0.1)


def test_the_redaction_filter_masks_message_arguments_and_exception_text() -> None:
    redactor = RedactSecrets([TEST_TOKEN, SECRET])
    try:
        raise RuntimeError(f"Can not write request body for http://127.0.0.1:1/bot{TEST_TOKEN}/getUpdates")
    except RuntimeError:
        record = logging.LogRecord("aiogram", logging.ERROR, __file__, 1, "fetch %s failed at %s",
                                   (f"/bot{TEST_TOKEN}/getMe", SECRET), sys.exc_info())
    assert redactor.filter(record)
    line = logging.Formatter("%(message)s").format(record)
    assert SECRET not in line and "424242" not in line.split("failed")[0] and line.count(MASK) >= 3


async def test_a_connection_dropped_mid_long_poll_logs_no_token(tmp_path: Path, emulator: BotApiEmulator) -> None:
    log = tmp_path / "bot.log"
    with log.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, stdout=sink, stderr=sink,
            env=child_env(tmp_path, TELEGRAM_API_URL=emulator.url, LOG_LEVEL="DEBUG"),
        )
        try:
            await emulator.wait_for_call("setMyCommands", timeout=60)
            await asyncio.sleep(0.5)  # the first long poll is now open
            await emulator.drop_connections()
            await wait_for(log, "Failed to fetch updates", process)
            await asyncio.sleep(1)  # and a retry or two
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), 20)
    output = log.read_text()
    assert "Failed to fetch updates" in output  # the failure was logged, at the default level too
    assert SECRET not in output and TEST_TOKEN not in output


async def test_ctrl_c_while_waiting_for_telegram_is_one_line_and_exit_130(tmp_path: Path) -> None:
    log = tmp_path / "bot.log"
    with log.open("w") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, stdout=sink, stderr=sink,
            env=child_env(tmp_path, TELEGRAM_API_URL="http://127.0.0.1:9"),
        )
        await wait_for(log, "Telegram is not reachable yet", process)
        process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(process.wait(), 20)
    output = log.read_text()
    assert code == 130
    assert output.strip().endswith("Stopped.")
    assert "Traceback" not in output and "Unclosed" not in output
    assert SECRET not in output


async def test_a_quiz_survives_a_kill_between_telegram_creating_a_poll_and_the_bot_storing_it(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    from sqlalchemy import create_engine, text

    from content import load_course
    from tests.support.bot_process import BotProcess
    from tests.support.conversation import Learner

    course = load_course()
    bot = BotProcess(emulator, tmp_path, LOG_LEVEL="INFO")
    learners = [Learner(emulator, user_id=7100 + n, waits_for_reply=True) for n in range(3)]
    await bot.start()
    try:
        firsts = []
        for learner in learners:
            await learner.reads_todays_lesson_on(course.path("fast-track").title)
            [first] = await learner.presses("Take the quiz")
            firsts.append(first)
        emulator.held.add("sendPoll")  # Telegram creates the next polls, the bot never hears back
        for learner, first in zip(learners, firsts, strict=True):
            await learner.emulator.push("poll_answer", {
                "poll_id": first.poll["id"], "user": learner.user,
                "option_ids": [learner.correct_option(first)], "option_persistent_ids": ["0"],
            })
        deadline = asyncio.get_running_loop().time() + 30
        while emulator.held_calls < len(learners):
            assert asyncio.get_running_loop().time() < deadline, "the second polls were never sent"
            await asyncio.sleep(0.05)
        await bot.kill()
        emulator.release()
        orphans = [learner.polls[-1] for learner in learners]
        assert all(poll.text.startswith("2/") for poll in orphans)  # the learners see question 2

        await asyncio.sleep(3)  # the restart takes longer than a send would
        await bot.start()
        for learner, orphan in zip(learners, orphans, strict=True):
            [resent] = await learner.answers_right(orphan)  # unknown to the bot: it asks again
            assert resent.poll is not None and resent.text == orphan.text and resent.poll["id"] != orphan.poll["id"]
            current = resent
            while current.poll is not None:
                [current] = await learner.answers_right(current)
            assert "4 of 4 right" in current.text
    finally:
        await bot.stop()
    log = bot.log.read_text()
    for orphan in orphans:
        assert f"answer to unknown poll {orphan.poll['id']}" in log  # at INFO, with the poll id
    engine = create_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    with engine.connect() as connection:
        graded = connection.execute(text(
            "SELECT user_id, count(*), count(DISTINCT position) FROM quiz_polls WHERE answered_at IS NOT NULL "
            "GROUP BY user_id"
        )).all()
    engine.dispose()
    assert sorted(graded) == [(learner.id, 4, 4) for learner in learners]  # every answer graded once


async def test_polling_mode_serves_health_and_metrics_on_metrics_port(tmp_path: Path, emulator: BotApiEmulator) -> None:
    import aiohttp

    from tests.support.bot_process import BotProcess, free_port
    from tests.support.conversation import Learner

    port = free_port()
    bot = BotProcess(emulator, tmp_path, METRICS_PORT=str(port), LOG_FORMAT="json")
    await bot.start()
    try:
        await Learner(emulator, user_id=7301, waits_for_reply=True).says("/help")
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
            async with client.get(f"http://127.0.0.1:{port}/metrics") as response:
                body = await response.text()
        assert 'coach_updates_total{outcome="ok",type="message"} 1.0' in body
        assert 'coach_telegram_calls_total{method="sendMessage",status="ok"} 1.0' in body
    finally:
        assert await bot.stop() in (0, 130)
    import json

    lines = [line for line in bot.log.read_text().splitlines() if line.startswith("{")]
    assert lines and all(json.loads(line)["level"] for line in lines)  # LOG_FORMAT=json: one object a line
