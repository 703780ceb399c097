"""Property-based fuzzing of the running bot over the emulator (Hypothesis).

Generated learners send generated updates: any text, commands with arguments, callback data built
from the bot's own prefixes with mutated fields, poll answers with arbitrary ids and option lists,
and update kinds the bot does not handle. Properties: no unhandled exception is logged, every
private message and every button tap is answered, and the database stays consistent (a quiz card
counts exactly the answers recorded for it; a poll is answered at most once).

One bot serves every example: it runs on an event loop in a thread of its own, and the (synchronous)
Hypothesis test hands it one update at a time, waiting until it has been handled.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.views import COMMANDS
from content import load_course
from content.loader import DEFAULT_CONTENT_DIR
from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN, running_bot

T = TypeVar("T")
COURSE = load_course(DEFAULT_CONTENT_DIR)
LESSONS = list(COURSE.lessons_by_id)
CHAPTERS = list(COURSE.chapters_by_id)
KEYS = list(COURSE.questions)[:50] + list(COURSE.follow_ups)[:20]
PREFIXES = ["m", "p", "c", "l", "f", "q", "r", "qr", "fb", "s", "iv", "ds", "dr", "es", "rc", "rs", "zz", ""]
MENU_TARGETS = ["today", "paths", "chapters", "progress", "help", "mistakes", "quiz", "placement", "mock",
                "drills", "settings", "cheatsheet", "glossary"]
learner_ids = itertools.count(900_000)
update_ids = itertools.count(1)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class BotThread:
    """The running bot and its emulator on their own event loop in a thread."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fuzzed-bot", daemon=True)
        self.emulator = BotApiEmulator(TEST_TOKEN)
        self._bot: Any = None
        self.dispatcher: Any = None

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout)

    def __enter__(self) -> BotThread:
        self.thread.start()
        self.run(self.emulator.start())
        self._bot = running_bot(self.emulator, self.database_url, DEFAULT_CONTENT_DIR)
        self.dispatcher = self.run(self._bot.__aenter__(), timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        self.run(self._bot.__aexit__(None, None, None), timeout=60)
        self.run(self.emulator.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    async def _deliver(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = await self.emulator.push(kind, payload)
        await self.emulator.wait_handled(update_id, timeout=20)
        return update_id

    def deliver(self, kind: str, payload: dict[str, Any]) -> None:
        self.run(self._deliver(kind, payload))

    def replies_to(self, chat_id: int) -> int:
        return sum(1 for kind, _ in self.emulator.actions.get(chat_id, []) if kind in ("send", "edit", "poll"))

    def poll_ids(self, chat_id: int) -> list[str]:
        return [m.poll["id"] for m in self.emulator.chat(chat_id) if m.poll]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotThread]:
    database = tmp_path_factory.mktemp("fuzz") / "bot.db"
    with BotThread(f"sqlite+aiosqlite:///{database}") as running:
        yield running


@pytest.fixture(scope="module")
def errors() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


# ---- what a learner (or an attacker) sends ------------------------------------------------
field = st.one_of(
    st.sampled_from(LESSONS), st.sampled_from(CHAPTERS), st.sampled_from(KEYS), st.sampled_from(MENU_TARGETS),
    st.sampled_from(["fast-track", "beginner", "full", "nope", "tz", "time", "pace", "zone", "region", "at",
                     "show", "next", "tick", "done", "resume", "abandon", "skip", "another", "Europe/Berlin"]),
    st.integers(-5, 10).map(str), st.text(min_size=0, max_size=12),
)
callback_data = st.builds(
    lambda prefix, fields: ":".join([prefix, *fields]).encode()[:64].decode("utf-8", "ignore"),
    st.sampled_from(PREFIXES), st.lists(field, min_size=0, max_size=3),
)
command = st.builds(
    lambda name, args: f"/{name}" + (f" {args}" if args else ""),
    st.sampled_from([name for name, _ in COMMANDS] + ["skip", "timezone", "time", "admin", "stats", "nope"]),
    st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["2026-12-24", "off", "07:30", "Berlin", "0", "2"])),
)
typed = st.one_of(command, st.text(min_size=1, max_size=300), st.sampled_from(["55 TB", "12k/s", "1e9", "?"]))
action = st.one_of(
    st.tuples(st.just("text"), typed),
    st.tuples(st.just("tap"), callback_data),
    st.tuples(st.just("vote"), st.tuples(st.one_of(st.text(max_size=10), st.just("own")),
                                         st.lists(st.integers(-3, 12), max_size=3))),
    st.tuples(st.just("other"), st.sampled_from(["edited_message", "channel_post"])),
)
STARTS = [("text", "/path"), ("tap", "p:fast-track"), ("text", "/today")]


def message(user_id: int, words: str, chat_type: str = "private") -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": next(update_ids), "date": int(time.time()), "text": words,
        "chat": {"id": user_id, "type": chat_type, "first_name": "F"},
        "from": {"id": user_id, "is_bot": False, "first_name": "F", "language_code": "en"},
    }
    if words.startswith("/") and len(words) > 1 and not words[1].isspace():
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(words.split()[0])}]
    return body


def play(bot: BotThread, user_id: int, kind: str, value: Any) -> None:
    """Deliver one action and check that it got an answer when it needs one."""
    user = {"id": user_id, "is_bot": False, "first_name": "F"}
    if kind == "text":
        before = bot.replies_to(user_id)
        bot.deliver("message", message(user_id, value))
        assert bot.replies_to(user_id) > before, f"no reply to {value!r}"
    elif kind == "tap":
        query_id = f"fz-{next(update_ids)}"
        shown = bot.emulator.chat(user_id)
        message_id = shown[-1].message_id if shown else 1
        bot.deliver("callback_query", {
            "id": query_id, "chat_instance": "ci", "data": value, "from": user,
            "message": {"message_id": message_id, "date": int(time.time()), "text": "",
                        "chat": {"id": user_id, "type": "private"}},
        })
        assert query_id not in bot.emulator.open_callbacks, f"tap on {value!r} never answered"
    elif kind == "vote":
        poll_id, options = value
        polls = bot.poll_ids(user_id)
        if poll_id == "own" and polls:
            poll_id = polls[-1]
        bot.deliver("poll_answer", {"poll_id": poll_id, "user": user, "option_ids": options,
                                    "option_persistent_ids": [str(o) for o in options]})
    else:
        chat_type = "channel" if value == "channel_post" else "private"
        bot.deliver(value, message(user_id, "edited or posted", chat_type))


@settings(max_examples=45, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(script=st.lists(action, min_size=1, max_size=6), starts_on_a_path=st.booleans())
def test_generated_updates_are_all_answered_and_break_nothing(
    bot: BotThread, errors: ErrorLog, script: list[tuple[str, Any]], starts_on_a_path: bool
) -> None:
    user_id = next(learner_ids)
    for kind, value in (STARTS if starts_on_a_path else []) + script:
        play(bot, user_id, kind, value)
    failures = [r.getMessage() + (f"\n{r.exc_text or ''}" if r.exc_info else "") for r in errors.records]
    assert not failures, failures


def test_the_database_stays_consistent_after_fuzzing(bot: BotThread, errors: ErrorLog) -> None:
    """Runs after the fuzzing above (same module, same bot)."""
    async def check() -> None:
        engine = bot.dispatcher["session_factory"].kw["bind"]
        async with engine.connect() as connection:
            twice = (await connection.execute(text(
                "SELECT poll_id FROM quiz_polls GROUP BY poll_id HAVING count(*) > 1"))).all()
            assert not twice
            mismatched = (await connection.execute(text(
                "SELECT c.user_id, c.question_key, c.right_count + c.wrong_count, count(p.poll_id) "
                "FROM review_cards c JOIN quiz_polls p ON p.user_id = c.user_id AND p.question_key = c.question_key "
                "JOIN quiz_sessions s ON s.id = p.session_id "
                "WHERE p.answered_at IS NOT NULL AND s.kind != 'placement' "
                "GROUP BY c.user_id, c.question_key HAVING c.right_count + c.wrong_count != count(p.poll_id)"
            ))).all()
            assert not mismatched, mismatched  # every recorded answer counted once on its card
    bot.run(check())
    assert not errors.records
