"""Past one machine, with real processes: three bot instances in webhook mode on one PostgreSQL,
the emulator acting as Telegram and as the load balancer in front of them.

Proves: every learner due gets exactly one push although one instance is SIGKILLed half-way
(duplicates bounded by what it had in flight), the bot-wide send rate stays within PUSH_RATE + 10%
over any second, a quiz started on one instance is graded on another exactly once, a request
without Telegram's secret gets 401 and changes nothing, and /metrics counts what happened.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import insert, select, text

from bot.delivery.scheduler import IN_FLIGHT, OUTCOMES
from content import load_course
from services.reminders import reschedule
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import User
from tests.conftest import POSTGRES_URL
from tests.support.bot_process import BotProcess, free_port
from tests.support.conversation import Learner
from tests.support.emulator import SECRET_HEADER, BotApiEmulator
from tests.support.postgres import empty_postgres

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL)")
LEARNERS = 3_000
RATE = 100.0
SECRET = "s3cret-for_the-webhook"


async def seed(url: str) -> list[int]:
    engine = create_engine(url)
    await upgrade(engine)
    now = datetime.now(UTC)
    rows = []
    for uid in range(500_000, 500_000 + LEARNERS):
        user = User.blank(uid, now)
        user.path_id = "fast-track"
        user.remind_minute = 0
        reschedule(user, now - timedelta(days=1))  # yesterday's reminder: due now, still today
        user.next_push_at = now - timedelta(seconds=5)
        rows.append({column.key: getattr(user, column.key) for column in User.__table__.columns})
    async with engine.begin() as connection:
        await connection.execute(insert(User), rows)
    await engine.dispose()
    return [row["id"] for row in rows]


async def metrics_of(port: int) -> dict[str, float]:
    async with aiohttp.ClientSession() as client, client.get(f"http://127.0.0.1:{port}/metrics") as response:
        body = await response.text()
    values: dict[str, float] = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


async def test_three_instances_share_the_work_the_send_rate_and_the_quizzes(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    assert POSTGRES_URL is not None
    await empty_postgres(POSTGRES_URL)
    learners = await seed(POSTGRES_URL)
    course = load_course()
    ports = [free_port() for _ in range(3)]
    bots = []
    for index, port in enumerate(ports):
        folder = tmp_path / f"instance{index}"
        folder.mkdir()
        bots.append(BotProcess(
            emulator, folder, DATABASE_URL=POSTGRES_URL, BOT_MODE="webhook", WEBHOOK_SECRET=SECRET,
            WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram", WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
            PUSH_RATE=str(RATE), PUSH_TICK_SECONDS="3", PUSH_CLAIM_TIMEOUT="6", LOG_LEVEL="INFO",
        ))
    # The emulator timestamps arrivals in this process: a garbage collection here (thousands of
    # recorded messages) would hold arrivals back and then let them in at once, as if the bots had
    # burst. The instrument must not move the needle: no collections while it measures.
    gc.disable()
    try:
        await asyncio.gather(*(bot.start() for bot in bots))
        await emulator.wait_for_call("setWebhook", count=len(bots), timeout=60)
        emulator.webhook_targets = [f"http://127.0.0.1:{port}/telegram" for port in ports]
        assert emulator.webhook is not None and emulator.webhook["secret_token"] == SECRET
        assert "poll_answer" in emulator.webhook["allowed_updates"]

        def pushed() -> Counter[int]:
            return Counter(int(p["chat_id"]) for p in emulator.calls_of("sendMessage") if int(p["chat_id"]) >= 500_000)

        deadline = asyncio.get_running_loop().time() + 60
        while sum(pushed().values()) < LEARNERS // 3:
            assert asyncio.get_running_loop().time() < deadline, "the pushes never got going: see the bots' logs"
            await asyncio.sleep(0.1)
        await bots[0].kill()  # half-way through the wave
        sent_at_kill = sum(pushed().values())

        # A quiz started on one instance and answered on another is graded once.
        ada = Learner(emulator, user_id=42_001)
        await emulator.push("message", _text(ada, "/path"), target=1)
        await emulator.push("callback_query", _tap(ada, "p:fast-track"), target=2)
        await emulator.push("message", _text(ada, "/today"), target=1)
        lesson = course.lesson(course.path("fast-track").lesson_ids[0])
        assert lesson is not None
        await emulator.push("callback_query", _tap(ada, f"f:{lesson.id}"), target=2)
        await emulator.push("callback_query", _tap(ada, f"q:{lesson.id}"), target=1)
        poll = ada.polls[-1]
        for target in (2, 1):  # the same answer delivered twice, to both instances
            await emulator.push("poll_answer", {"poll_id": poll.poll["id"], "user": ada.user,
                                                "option_ids": [ada.correct_option(poll)],
                                                "option_persistent_ids": ["0"]}, target=target)
        assert len(ada.polls) == 2 and ada.polls[-1].text.startswith("2/")

        # Without the secret, or with a wrong one: 401, and nothing changes.
        async with aiohttp.ClientSession() as client:
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                forged = {"update_id": 1, "message": _text(Learner(emulator, user_id=42_666), "/start")}
                async with client.post(emulator.webhook_targets[1], json=forged, headers=headers) as response:
                    assert response.status == 401

        deadline = asyncio.get_running_loop().time() + 120
        while set(pushed()) != set(learners):
            assert asyncio.get_running_loop().time() < deadline, f"{len(set(learners) - set(pushed()))} never pushed"
            await asyncio.sleep(0.2)
        await asyncio.sleep(1)
        counts = pushed()
        duplicates = sum(counts.values()) - LEARNERS
        assert duplicates <= IN_FLIGHT + OUTCOMES, duplicates  # only what the killed instance had in flight
        assert emulator.max_sends_per_second() <= RATE * 1.10
        assert sent_at_kill < LEARNERS  # the survivors really finished the rest

        metrics = [await metrics_of(port) for port in ports[1:]]
        survivors_sent = sum(m.get('coach_pushes_total{outcome="sent"}', 0) for m in metrics)
        assert 0 < survivors_sent <= sum(counts.values())
        assert metrics[0].get('coach_updates_total{outcome="ok",type="message"}', 0) >= 2  # /path and /today
        assert metrics[1].get('coach_updates_total{outcome="ok",type="poll_answer"}', 0) >= 1
        for port in ports[1:]:
            async with aiohttp.ClientSession() as client, client.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
    finally:
        gc.enable()
        codes = await asyncio.gather(*(bot.stop() for bot in bots))
    assert codes[1:] == [0, 0]  # graceful: in-flight updates finished, no error

    engine = create_engine(POSTGRES_URL)
    async with engine.connect() as connection:
        answered = (await connection.execute(text(
            "SELECT count(*) FROM quiz_polls WHERE user_id = 42001 AND answered_at IS NOT NULL"))).scalar()
        intruder = (await connection.execute(select(User.id).where(User.id == 42_666))).first()
    await engine.dispose()
    assert answered == 1 and intruder is None
    for bot in bots:
        assert "Traceback" not in bot.log.read_text() or bot is bots[0]


def _text(learner: Learner, words: str) -> dict[str, object]:
    body: dict[str, object] = {
        "message_id": next(learner.message_ids), "date": 0, "text": words, "from": learner.user,
        "chat": {"id": learner.id, "type": "private", "first_name": learner.first_name},
    }
    if words.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(words.split()[0])}]
    return body


def _tap(learner: Learner, data: str) -> dict[str, object]:
    shown = learner.emulator.chat(learner.id)
    return {
        "id": f"cq-{learner.id}-{len(shown)}-{data}", "from": learner.user, "chat_instance": "ci", "data": data,
        "message": {"message_id": shown[-1].message_id if shown else 1, "date": 0, "text": "",
                    "chat": {"id": learner.id, "type": "private"}},
    }
