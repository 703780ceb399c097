"""/settings, /timezone, /time and /interview end to end, and day 1's push of an interview plan."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from content import load_course
from domain.clock import FrozenClock
from tests.support.conversation import Learner
from tests.support.emulator import BotApiEmulator
from tests.support.running import running_bot

MONDAY = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


async def test_interview_plan_and_day_one_push(
    emulator: BotApiEmulator, database_url: str, shipped_content: Path
) -> None:
    course = load_course(shipped_content)
    clock = FrozenClock(MONDAY)
    gil = Learner(emulator, user_id=3001, first_name="Gil")
    async with running_bot(emulator, database_url, shipped_content, clock):
        [past] = await gil.says("/interview 2026-10-01")
        assert "That date is in the past" in past.text and past.buttons
        [close] = await gil.says("/interview 2026-11-03")
        assert "too close for a plan" in close.text
        [far] = await gil.says("/interview 2031-01-01")
        assert "too far for a day-by-day plan" in far.text
        [garbled] = await gil.says("/interview next tuesday")
        assert "couldn't read that date" in garbled.text

        [plan] = await gil.says("/interview 2026-11-20")
        assert "Your plan to Fri 20 Nov 2026" in plan.text and "(18 days)" in plan.text
        assert f"{len(course.path('fast-track').lesson_ids)} lessons" in plan.text
        assert "mock interview" in plan.text and "light day" in plan.text

        await gil.says("/path")
        await gil.presses("The Whole Course")
        *_, full_plan = await gil.says("/interview 2026-11-20")  # every lesson named: several messages
        assert "This plan follows your path, The Whole Course" in full_plan.text
        [switched] = await gil.presses("Switch to the Interview Fast-Track", full_plan)
        assert "Your path: Interview Fast-Track" in switched.text

        [zone] = await gil.says("/timezone berlin")
        assert "Timezone: Europe/Berlin" in zone.text
        [timed] = await gil.says("/time 07:30")
        assert "Daily lesson at 07:30 (next on Tue 03 Nov at 07:30)" in timed.text

    clock.set(datetime(2026, 11, 3, 6, 31, tzinfo=UTC))  # 07:31 in Berlin: the slot has just passed
    async with running_bot(emulator, database_url, shipped_content, clock, pushes=True):
        await emulator.wait_for_call("sendMessage", count=len(emulator.calls_of("sendMessage")) + 1)
    push = gil.last
    assert "17 days to your interview" in push.text
    first = course.lesson(course.path("fast-track").lesson_ids[0])
    assert first.title in push.text and any("Open" in label for label, _ in push.flat_buttons)


async def test_settings_buttons(emulator: BotApiEmulator, database_url: str, shipped_content: Path) -> None:
    clock = FrozenClock(MONDAY)
    hal = Learner(emulator, user_id=3002, first_name="Hal")
    async with running_bot(emulator, database_url, shipped_content, clock):
        [view] = await hal.says("/settings")
        assert "Timezone: UTC" in view.text and "once you pick a path" in view.text
        await hal.says("/path")
        chosen, *_ = await hal.presses("Interview Fast-Track")
        assert "I'll send your lesson every day at 09:00 (UTC)" in chosen.text

        [view] = await hal.says("/settings")
        [paced] = await hal.presses("2/day", view)
        assert "Pace: 2 lessons a day" in paced.text and "Saved ✅" in hal.toasts
        [weekends] = await hal.presses("Weekends off", view)
        assert "Days off: Sat, Sun" in weekends.text
        [paused] = await hal.presses("⏸ 3 days", view)
        assert "Paused until Thu 05 Nov" in paused.text and "next on Thu 05 Nov at 09:00" in paused.text
        [resumed] = await hal.presses("Resume", view)
        assert "Paused" not in resumed.text

        [prompt] = await hal.presses("⏰ Time", view)
        [at_seven] = await hal.presses("07:00", prompt)
        assert "Daily lesson at 07:00" in at_seven.text
        zones = await hal.presses("🌍 Timezone", at_seven)
        assert "Pick your region" in zones[0].text
        [region] = await hal.presses("Asia", zones[0])
        [tokyo] = await hal.presses("Tokyo", region)
        assert "Timezone: Asia/Tokyo" in tokyo.text

        located = await hal.shares_location(38.72, -9.14)  # Lisbon
        assert "Timezone set to Europe/Lisbon" in located[0].text and "Timezone: Europe/Lisbon" in located[1].text
        tokyo = located[1]

        [off] = await hal.presses("Reminders off", tokyo)
        assert "(off)" in off.text
        [unknown] = await hal.says("/timezone Atlantis")
        assert "Pick your region" in unknown.text
        replies = await hal.presses_data("s:zone:Mars/Olympus", off)
        assert hal.toasts[-1].startswith("That button is out of date") and replies
