"""Daily pushes over the Bot API emulator: once per local day, at the learner's hour, under faults."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.delivery.push_sender import PushSender
from bot.delivery.scheduler import run_tick
from bot.factory import create_push_bot
from content import Course, load_course
from domain.clock import FrozenClock
from services.pushes import PushService
from services.rate_limit import SendLimiter
from services.reminders import reschedule
from storage.models import ActivityDay, Delivery, User
from tests.support.emulator import BotApiEmulator
from tests.support.running import TEST_TOKEN
from tests.support.sql_counter import counting

START = datetime(2026, 10, 23, 0, 0, tzinfo=UTC)  # a Friday; Berlin leaves summer time on Sunday 25th


@pytest.fixture
def course(shipped_content: Path) -> Course:
    return load_course(shipped_content)


@pytest.fixture
async def bot(emulator: BotApiEmulator):
    bot = create_push_bot(Settings(bot_token=TEST_TOKEN, telegram_api_url=emulator.url, _env_file=None))
    yield bot
    await bot.session.close()


async def add_users(sessions, clock: FrozenClock, specs: list[dict]) -> None:
    async with sessions() as session, session.begin():
        for spec in specs:
            fields = {"first_name": "L", "path_id": "fast-track", "created_at": clock.now(),
                      "last_seen_at": clock.now(), "remind_minute": 9 * 60, "reminders_on": True, "pace": 1,
                      "quiet_days": "", "ignored_pushes": 0, "is_active": True}
            user = User(**{**fields, **spec})
            reschedule(user, clock.now())
            session.add(user)


def pushes_by_chat(emulator: BotApiEmulator) -> Counter[int]:
    return Counter(int(params["chat_id"]) for params in emulator.calls_of("sendMessage"))


async def tick_through(pushes, sender, course, clock: FrozenClock, until: datetime, step=timedelta(minutes=15)):
    """Run the minute tick at every step up to `until`; record (chat, local send time) pairs."""
    while clock.now() < until:
        clock.advance(step)
        await run_tick(pushes, sender, course)


async def test_one_push_per_local_day_at_the_learners_hour_across_zones_and_dst(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(START)
    zones = {1: "Europe/Berlin", 2: "America/New_York", 3: "Asia/Tokyo", 4: None}
    await add_users(sessions, clock, [{"id": uid, "timezone": tz} for uid, tz in zones.items()] + [
        {"id": 5, "timezone": "Europe/Berlin", "reminders_on": False},
        {"id": 6, "timezone": "Europe/Berlin", "quiet_days": "0,1,2,3,4,5,6"},
        {"id": 7, "timezone": "Europe/Berlin", "resume_on": date(2026, 11, 30)},
    ])
    sent_at: dict[int, list[datetime]] = {uid: [] for uid in range(1, 8)}
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=1000, per_chat_interval=0))
    while clock.now() < START + timedelta(days=4):  # Fri..Mon, across Berlin's DST change
        clock.advance(timedelta(minutes=15))
        before = pushes_by_chat(emulator)
        await run_tick(pushes, sender, course)
        for chat, count in (pushes_by_chat(emulator) - before).items():
            sent_at[chat] += [clock.now()] * count
    for uid, zone_name in zones.items():
        local = [moment.astimezone(ZoneInfo(zone_name or "UTC")) for moment in sent_at[uid]]
        assert len({moment.date() for moment in local}) == len(local), f"two pushes on one day for {uid}"
        assert len(local) >= 3
        # The tick runs every 15 minutes here, so a 09:00 push goes out at 09:00 local exactly.
        assert {(moment.hour, moment.minute) for moment in local} == {(9, 0)}, (uid, local)
    assert sent_at[5] == sent_at[6] == sent_at[7] == []  # off, every day quiet, paused
    text = emulator.chat(1)[0].text
    assert "Today's lesson" in text and course.lesson(course.path("fast-track").lesson_ids[0]).title in text


async def test_no_nag_after_todays_work_and_auto_pause_after_five_ignored(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(START)
    await add_users(sessions, clock, [{"id": 10}, {"id": 11}])
    async with sessions() as session, session.begin():
        session.add(ActivityDay(user_id=11, day=date(2026, 10, 23)))  # read a lesson already today
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=1000, per_chat_interval=0))
    await tick_through(pushes, sender, course, clock, START + timedelta(hours=10))
    assert pushes_by_chat(emulator) == Counter({10: 1})
    await tick_through(pushes, sender, course, clock, START + timedelta(days=7, hours=10))
    texts = [m.text for m in emulator.chat(10)]
    assert len(texts) == 6 and "paused the reminders" in texts[-1]  # five ignored, then one note
    # 11 did Friday's work, so its five ignored pushes start a day later, and so does its pause note.
    assert [m.text for m in emulator.chat(11)][-1] == texts[-1] and len(emulator.chat(11)) == 6
    async with sessions() as session:
        user = await session.get(User, 10)
        assert user is not None and not user.reminders_on and user.next_push_at is None


async def test_fan_out_to_2000_with_429s_and_403s(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    users = list(range(100_000, 102_000))
    blocked = set(users[::97])
    await add_users(sessions, clock, [{"id": uid} for uid in users])
    emulator.blocked = blocked
    emulator.budget_per_second = 250  # answers 429 beyond this, as Telegram's flood control would
    emulator.fail_next(500, "Internal Server Error", method="sendMessage", count=5)
    emulator.fail_next(429, "Too Many Requests: retry after 1", method="sendMessage", retry_after=1, count=2)
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=200, per_chat_interval=1.0), backoff=0.05)
    clock.advance(timedelta(minutes=1))
    report = await run_tick(pushes, sender, course)

    delivered = Counter(int(m.chat_id) for chat in emulator.messages.values() for m in chat.values())
    assert set(delivered) == set(users) - blocked and set(delivered.values()) == {1}
    assert (report.sent, report.blocked, report.failed) == (len(users) - len(blocked), len(blocked), 0)
    # The limiter, not Telegram, set the pace: flood control never had to answer. (No second holds
    # more than 200 sends as they leave the limiter, see test_rate_limit; on arrival here, in the
    # bot's own process, a busy moment bunches some together, 225 at most seen.)
    assert emulator.max_sends_per_second() < 250
    async with sessions() as session:
        for uid in list(blocked)[:5]:
            user = await session.get(User, uid)
            assert user is not None and not user.is_active and user.next_push_at is None
    clock.advance(timedelta(minutes=1))
    again = await run_tick(pushes, sender, course)
    assert again.due == 0  # blocked learners are not retried; everyone else is done for today


async def test_fan_out_killed_half_way_loses_no_push(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    users = list(range(200_000, 200_300))
    await add_users(sessions, clock, [{"id": uid} for uid in users])
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=300, per_chat_interval=0))
    clock.advance(timedelta(minutes=1))
    tick = asyncio.create_task(run_tick(pushes, sender, course, in_flight=8))
    while len(emulator.calls_of("sendMessage")) < 100:
        await asyncio.sleep(0.01)
    tick.cancel()  # the process dies mid fan-out
    with pytest.raises(asyncio.CancelledError):
        await tick
    await pushes.drain()  # as at shutdown: database writes in progress finish, sends do not
    in_flight_bound = 8
    clock.advance(timedelta(minutes=3))  # a restart, after the claim timeout
    restarted = PushService(sessions, course, clock)
    report = await run_tick(restarted, sender, course)
    assert report.released >= 1
    delivered = pushes_by_chat(emulator)
    assert set(delivered) == set(users)  # nobody lost
    assert sum(delivered.values()) - len(users) <= in_flight_bound  # duplicates bounded by sends in flight
    async with sessions() as session:
        statuses: Counter[str] = Counter()
        for uid in users:
            row = await session.get(Delivery, (uid, date(2026, 11, 2), "daily"))
            statuses[row.status if row else "missing"] += 1
    assert statuses == Counter({"sent": len(users)})


async def test_pace_sets_how_many_lessons_a_push_offers(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    await add_users(sessions, clock, [{"id": 20, "pace": 1}, {"id": 21, "pace": 3}])
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=1000, per_chat_interval=0))
    clock.advance(timedelta(minutes=1))
    await run_tick(pushes, sender, course)
    path = course.path("fast-track").lesson_ids
    one, three = emulator.chat(20)[0].text, emulator.chat(21)[0].text
    assert "Today's lesson\n" in one and course.lesson(path[1]).title not in one
    assert "Today's lessons" in three and all(course.lesson(lid).title in three for lid in path[:3])


async def test_interview_plan_days_through_to_interview_day(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(START)  # Friday 23 Oct; the interview is on Tuesday 27th
    await add_users(sessions, clock, [{"id": 30, "interview_date": date(2026, 10, 27)}])
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=1000, per_chat_interval=0))
    await tick_through(pushes, sender, course, clock, START + timedelta(days=4, hours=10))
    texts = [m.text for m in emulator.chat(30)]
    assert len(texts) == 5
    assert "4 days to your interview" in texts[0] and "lessons" in texts[0]
    assert "3 days to your interview" in texts[1] and "lessons" in texts[1]  # re-fitted: nothing was read
    assert "2 days to your interview" in texts[2] and "mock interview" in texts[2]
    assert "1 day to your interview" in texts[3] and "light day" in texts[3]
    assert "Interview day" in texts[4]


async def test_a_fan_out_costs_a_few_statements_per_batch_not_per_learner(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 2, 8, 59, tzinfo=UTC))
    users = list(range(300_000, 300_200))
    await add_users(sessions, clock, [{"id": uid} for uid in users])
    async with sessions() as session, session.begin():  # some history to read: reviews and active days
        for uid in users[:50]:
            session.add(ActivityDay(user_id=uid, day=date(2026, 11, 1)))
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=100_000, per_chat_interval=0))
    clock.advance(timedelta(minutes=1))
    engine = sessions.kw["bind"]
    with counting(engine) as cost:
        report = await run_tick(pushes, sender, course, batch=25)
    assert report.sent == len(users)
    assert "Streak: 1 day" in emulator.chat(users[0])[0].text  # the batch read yesterday's work
    # 8 claim batches of <= 8 statements and outcome batches of <= 4 (one per batch of 25 at least).
    assert cost.statements <= 8 * 8 + 4 * 16 + 4, cost
    assert cost.statements / len(users) < 1


async def test_deliveries_older_than_a_week_are_pruned_a_batch_at_a_time(
    emulator: BotApiEmulator, bot, sessions, course: Course
) -> None:
    clock = FrozenClock(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    await add_users(sessions, clock, [{"id": uid} for uid in range(400_000, 400_010)])
    async with sessions() as session, session.begin():
        for uid in range(400_000, 400_010):
            for days_ago in (1, 6, 8, 30):
                day = date(2026, 11, 20) - timedelta(days=days_ago)
                session.add(Delivery(user_id=uid, local_date=day, kind="daily", status="sent", attempts=1,
                                     claimed_at=clock.now(), finished_at=clock.now()))
    pushes = PushService(sessions, course, clock)
    sender = PushSender(bot, SendLimiter(per_second=1000, per_chat_interval=0))
    report = await run_tick(pushes, sender, course)
    assert report.pruned == 20
    async with sessions() as session:
        kept = {row.local_date for row in await session.scalars(select(Delivery))}
    assert kept == {date(2026, 11, 19), date(2026, 11, 14)}
    assert (await run_tick(pushes, sender, course)).pruned == 0
