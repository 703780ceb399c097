"""The coach against a bare aiogram echo bot: both in processes of their own, polling one Bot API
emulator in this process, run echo / coach / echo / coach, each figure the mean of its two runs.

Per run: start-up (process start to first getUpdates), updates/s for /today, a page turn, a quiz
answer and /progress (200 learners x 3 updates each, all queued at once), the first reply to a
burst of 1,000 new learners (median of three bursts), /today latency one at a time (idle p95),
and RSS before and after a 3,000-update burst from 1,000 more new learners.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.million import seed
from bot.callbacks import PageCb
from content import Course
from content.pages import page_count
from storage.db import create_engine
from storage.migrate import upgrade
from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent

@dataclass(frozen=True)
class Sizes:
    learners: int = 200  # each sends ROUNDS updates of every kind
    rounds: int = 3
    burst: int = 1_000  # new learners in the first-reply burst, and again in the memory burst
    probes: int = 40  # /today one at a time, for latency


BURSTS = 3  # bursts of new learners per run, for the first reply
QUICK = Sizes(learners=5, rounds=2, burst=20, probes=5)  # the smoke test in make test
_ids = itertools.count(1)

Update = tuple[str, dict[str, Any]]


def text(user_id: int, words: str) -> Update:
    message: dict[str, Any] = {
        "message_id": next(_ids), "date": int(time.time()), "text": words,
        "chat": {"id": user_id, "type": "private", "first_name": "B"},
        "from": {"id": user_id, "is_bot": False, "first_name": "B", "language_code": "en"},
    }
    if words.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(words.split()[0])}]
    return "message", message


def tap(user_id: int, data: str, message_id: int) -> Update:
    return "callback_query", {
        "id": f"cq-{next(_ids)}", "chat_instance": f"ci-{user_id}", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "B", "language_code": "en"},
        "message": {"message_id": message_id, "date": int(time.time()), "text": "",
                    "chat": {"id": user_id, "type": "private"}},
    }


def vote(user_id: int, poll_id: str, option: int) -> Update:
    # Telegram sends the same User object, language included, with every kind of update.
    return "poll_answer", {"poll_id": poll_id, "user": {"id": user_id, "is_bot": False, "first_name": "B",
                                                        "language_code": "en"},
                           "option_ids": [option], "option_persistent_ids": [str(option)]}


async def until(predicate: Callable[[], bool], timeout: float = 120.0, what: str = "the bot") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        await asyncio.sleep(0.005)


class Replies:
    """Counts the bot's calls of some methods, to some chats, from now on."""

    def __init__(self, emulator: BotApiEmulator, methods: set[str], chats: Iterable[int] | None = None) -> None:
        self.emulator = emulator
        self.methods = methods
        self.chats = set(chats) if chats is not None else None
        self.mark = self.scanned = len(emulator.calls)
        self.seen = 0
        self.first_at: float | None = None

    def count(self) -> int:
        calls, times = self.emulator.calls, self.emulator.call_times
        for index in range(self.scanned, len(calls)):
            method, params = calls[index]
            chat = params.get("chat_id")  # answerCallbackQuery names no chat: counted as ours
            if method in self.methods and (self.chats is None or chat is None or chat in self.chats):
                self.seen += 1
                if self.first_at is None:
                    self.first_at = times[index]
        self.scanned = len(calls)
        return self.seen


class BotProcess:
    """`python -m bot` (the coach) or `python -m bench.echo_bot`, polling an emulator of its own."""

    def __init__(self, kind: str, folder: Path, env: dict[str, str] | None = None) -> None:
        self.kind = kind
        self.folder = folder
        self.env = env or {}
        self.emulator = BotApiEmulator(TEST_TOKEN)
        self.process: asyncio.subprocess.Process | None = None
        self.startup = 0.0

    async def start(self) -> None:
        await self.emulator.start()
        module = "bot" if self.kind == "coach" else "bench.echo_bot"
        env = {
            **os.environ, "PYTHONPATH": str(ROOT), "BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_URL": self.emulator.url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.folder / 'bot.db'}", "LOG_LEVEL": "WARNING", **self.env,
        }
        log = (self.folder / f"{self.kind}.log").open("ab")
        started = time.monotonic()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", module, cwd=self.folder, env=env, stdout=log, stderr=log
        )
        await until(lambda: self.emulator.first_poll_at is not None, 60, f"{self.kind} to start")
        assert self.emulator.first_poll_at is not None
        self.startup = self.emulator.first_poll_at - started

    def rss_mib(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self.emulator.stop()

    async def push_all(self, updates: Iterable[Update]) -> int:
        count = 0
        for kind, payload in updates:
            await self.emulator.push(kind, payload)
            count += 1
        return count

    async def converse(self, user_id: int, update: Update) -> None:
        """Setup step: send one update and wait until the bot has shown something in reply."""
        actions = self.emulator.actions.setdefault(user_id, [])
        mark = len(actions)
        await self.emulator.push(*update)
        await until(lambda: any(kind in ("send", "edit", "poll") for kind, _ in actions[mark:]), 60, "a reply")
        await asyncio.sleep(0.05)  # the rest of the reply (an edit after a toast, a poll after a note)

    async def wait_for_button(self, user_id: int, label: str) -> None:
        """A reply can come in several messages: wait for the one with this button, not just any."""

        def shown() -> bool:
            return any(label in text for m in self.emulator.chat(user_id) for text, _ in m.flat_buttons)

        await until(shown, 60, f"a {label!r} button")

    def button(self, user_id: int, label: str) -> tuple[int, str]:
        for message in reversed(self.emulator.chat(user_id)):
            for button_text, data in message.flat_buttons:
                if label in button_text:
                    return message.message_id, data
        raise LookupError(f"no {label!r} button for {user_id}")


@dataclass
class RunFigures:
    startup: float = 0.0
    rates: dict[str, float] = field(default_factory=dict)
    first_reply: float = 0.0
    idle_p95: float = 0.0
    rss_idle: float = 0.0
    rss_after: float = 0.0


async def throughput(bot: BotProcess, updates: list[Update], methods: set[str], chats: Iterable[int]) -> float:
    replies = Replies(bot.emulator, methods, chats)
    started = time.monotonic()
    await bot.push_all(updates)
    await until(lambda: replies.count() >= len(updates), 180, f"{len(updates)} replies")
    return len(updates) / (time.monotonic() - started)


async def latency_p95(bot: BotProcess, learners: list[int], probes: int) -> float:
    """/today one at a time, as a learner taps it: push to the first message back."""
    samples = []
    for index in range(probes):
        user_id = learners[index % len(learners)]
        replies = Replies(bot.emulator, {"sendMessage"}, [user_id])
        started = time.monotonic()
        await bot.emulator.push(*text(user_id, "/today"))
        await until(lambda replies=replies: replies.count() >= 1, 60, "a /today reply")  # type: ignore[misc]
        assert replies.first_at is not None
        samples.append(replies.first_at - started)
        await asyncio.sleep(0.05)
    return statistics.quantiles(samples, n=20)[-1]


async def ready_learners(bot: BotProcess, course: Course, learners: list[int]) -> dict[int, tuple[int, str]]:
    """Coach only: each learner picks the fast-track path and opens today's lesson.
    Returns learner -> (the lesson message id, the lesson id)."""
    path = course.path("fast-track")
    assert path is not None
    path_title = path.title
    gate = asyncio.Semaphore(50)
    opened: dict[int, tuple[int, str]] = {}

    async def one(user_id: int) -> None:
        async with gate:
            await bot.converse(user_id, text(user_id, "/path"))
            await bot.wait_for_button(user_id, path_title)
            _, data = bot.button(user_id, path_title)
            message_id = bot.emulator.chat(user_id)[-1].message_id
            await bot.converse(user_id, tap(user_id, data, message_id))
            await bot.wait_for_button(user_id, "Skip")  # the timezone question that follows the first path
            await bot.converse(user_id, text(user_id, "/today"))
            await bot.wait_for_button(user_id, "Next")
            message_id, data = bot.button(user_id, "Next")
            opened[user_id] = (message_id, PageCb.unpack(data).lesson_id)

    await asyncio.gather(*(one(user_id) for user_id in learners))
    return opened


async def start_quizzes(bot: BotProcess, course: Course, opened: dict[int, tuple[int, str]]) -> None:
    gate = asyncio.Semaphore(50)

    async def one(user_id: int) -> None:
        message_id, lesson_id = opened[user_id]
        async with gate:
            lesson = course.lesson(lesson_id)
            assert lesson is not None
            last_page = PageCb(lesson_id=lesson_id, page=page_count(lesson)).pack()
            await bot.converse(user_id, tap(user_id, last_page, message_id))
            await bot.converse(user_id, tap(user_id, bot.button(user_id, "Finish lesson")[1], message_id))
            before = len([m for m in bot.emulator.chat(user_id) if m.poll])
            message_id, data = bot.button(user_id, "Take the quiz")
            await bot.emulator.push(*tap(user_id, data, message_id))
            await until(lambda: len([m for m in bot.emulator.chat(user_id) if m.poll]) > before, 60, "a quiz poll")

    await asyncio.gather(*(one(user_id) for user_id in opened))


def current_poll(bot: BotProcess, user_id: int) -> str:
    polls = [m.poll for m in bot.emulator.chat(user_id) if m.poll is not None]
    return str(polls[-1]["id"])


async def measure(kind: str, course: Course, sizes: Sizes) -> RunFigures:
    figures = RunFigures()
    rounds = sizes.rounds
    with tempfile.TemporaryDirectory() as folder:
        bot = BotProcess(kind, Path(folder))
        try:
            await bot.start()
            figures.startup = bot.startup
            learners = list(range(10_000, 10_000 + sizes.learners))
            coach = kind == "coach"
            opened = await ready_learners(bot, course, learners) if coach else {u: (1, "lesson") for u in learners}

            today = [text(u, "/today") for _ in range(rounds) for u in learners]
            figures.rates["/today"] = await throughput(bot, today, {"sendMessage"}, learners)
            turns = [tap(u, PageCb(lesson_id=opened[u][1], page=page).pack(), opened[u][0])
                     for page in range(2, 2 + rounds) for u in learners]
            turned = {"editMessageText"} if coach else {"answerCallbackQuery"}
            figures.rates["page turn"] = await throughput(bot, turns, turned, learners)
            if coach:
                await start_quizzes(bot, course, opened)
            answered = 0.0
            for round_number in range(rounds):
                answers = [vote(u, current_poll(bot, u) if coach else f"p{u}-{round_number}", 0) for u in learners]
                answered += len(answers) / await throughput(bot, answers, {"sendPoll", "sendMessage"}, learners)
            figures.rates["quiz answer"] = rounds * len(learners) / answered
            progress = [text(u, "/progress") for _ in range(rounds) for u in learners]
            figures.rates["/progress"] = await throughput(bot, progress, {"sendMessage"}, learners)

            figures.idle_p95 = await latency_p95(bot, learners, sizes.probes)
            await asyncio.sleep(1)
            figures.rss_idle = bot.rss_mib()

            firsts = []
            for burst in range(BURSTS):  # one burst's first reply varies by tens of ms: the median of three
                newcomers = list(range(50_000 + burst * sizes.burst, 50_000 + (burst + 1) * sizes.burst))
                replies = Replies(bot.emulator, {"sendMessage"}, newcomers)
                started = time.monotonic()
                await bot.push_all(text(u, "/start") for u in newcomers)
                # (Each closure is awaited within its own iteration, so B023's late binding is moot.)
                await until(lambda: replies.count() >= 1, 60, "the first reply to a burst")  # noqa: B023
                assert replies.first_at is not None
                firsts.append(replies.first_at - started)
                await until(lambda: all(bot.emulator.chat(u) for u in newcomers), 180,  # noqa: B023
                            "every newcomer's welcome")
            figures.first_reply = statistics.median(firsts)

            crowd = list(range(60_000, 60_000 + sizes.burst))
            await bot.push_all(text(u, words) for u in crowd for words in ("/start", "/help", "/today"))
            await until(lambda: all(len(bot.emulator.chat(u)) >= 3 for u in crowd), 240, "the 3,000-update burst")
            await asyncio.sleep(2)
            figures.rss_after = bot.rss_mib()
        finally:
            await bot.stop()
    return figures


def mean(values: Iterable[float]) -> float:
    return statistics.fmean(values)


async def compare(
    course: Course, sizes: Sizes = Sizes(), order: tuple[str, ...] = ("echo", "coach") * 2,
    report: Callable[[str], None] = print,
) -> dict[str, Any]:
    """A/B/A/B: echo, coach, echo, coach. Returns the mean figures of each."""
    runs: dict[str, list[RunFigures]] = {"echo": [], "coach": []}
    for kind in order:
        report(f"  measuring {kind} ...")
        runs[kind].append(await measure(kind, course, sizes))
    summary: dict[str, Any] = {}
    for kind, figures in runs.items():
        summary[kind] = {
            "startup": mean(f.startup for f in figures),
            "rates": {name: mean(f.rates[name] for f in figures) for name in figures[0].rates},
            "first_reply": mean(f.first_reply for f in figures),
            "idle_p95": mean(f.idle_p95 for f in figures),
            "rss_idle": mean(f.rss_idle for f in figures),
            "rss_after": mean(f.rss_after for f in figures),
        }
    return summary


async def latency_under_fan_out(course: Course, sizes: Sizes = Sizes(), due: int = 3_000, rate: float = 25.0) -> float:
    """The coach with `due` learners due at start-up, pushing at `rate`/s: /today p95 meanwhile."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bot.db'}")
        await upgrade(engine)
        await engine.dispose()
        seed(Path(folder) / "bot.db", due, datetime.now(UTC), due_every=1, first_id=1_000_000)
        bot = BotProcess("coach", Path(folder), {"PUSH_RATE": str(rate)})
        try:
            await bot.start()
            pushes = Replies(bot.emulator, {"sendMessage"}, range(1_000_000, 1_000_000 + due))
            await until(lambda: pushes.count() > 0, 60, "the fan-out to begin")
            learners = list(range(10_000, 10_000 + min(20, sizes.learners)))
            await ready_learners(bot, course, learners)
            p95 = await latency_p95(bot, learners, sizes.probes)
            still_pushing = pushes.count() < due
        finally:
            await bot.stop()
    if not still_pushing:
        raise RuntimeError("the fan-out ended before the latency probes did: raise `due`")
    return p95
