"""When pushes fall due (timezones, DST, quiet days, pauses) and how the interview plan is fitted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.plan import LEARN, LIGHT, MOCK, REVIEW, PlanError, fit_plan
from domain.reminders import ReminderSettings, next_push_at, parse_time_of_day

BERLIN = ZoneInfo("Europe/Berlin")


def test_next_push_is_at_the_local_hour() -> None:
    settings = ReminderSettings(timezone="Asia/Tokyo", minute_of_day=8 * 60 + 30)
    after = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo: today's 08:30 has passed
    assert next_push_at(settings, after) == datetime(2026, 11, 2, 23, 30, tzinfo=UTC)


def test_dst_does_not_shift_the_hour() -> None:
    settings = ReminderSettings(timezone="Europe/Berlin", minute_of_day=9 * 60)
    before = next_push_at(settings, datetime(2026, 10, 24, 12, 0, tzinfo=UTC))  # Sunday 25th: DST ends
    after = next_push_at(settings, datetime(2026, 10, 25, 12, 0, tzinfo=UTC))
    assert before == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # still summer time at 09:00
    assert after == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # winter time: UTC+1
    assert before.astimezone(BERLIN).hour == after.astimezone(BERLIN).hour == 9


def test_time_inside_the_spring_forward_gap_still_fires_that_day() -> None:
    settings = ReminderSettings(timezone="Europe/Berlin", minute_of_day=2 * 60 + 30)  # 02:30 does not exist
    slot = next_push_at(settings, datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert slot is not None and slot.astimezone(BERLIN).date() == date(2026, 3, 29)


def test_quiet_days_pause_and_off() -> None:
    friday_noon = datetime(2026, 11, 6, 12, 0, tzinfo=UTC)
    weekends = ReminderSettings(quiet_weekdays=frozenset({5, 6}))
    assert next_push_at(weekends, friday_noon) == datetime(2026, 11, 9, 9, 0, tzinfo=UTC)  # Monday
    paused = ReminderSettings(resume_on=date(2026, 11, 20))
    assert next_push_at(paused, friday_noon) == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert next_push_at(ReminderSettings(enabled=False), friday_noon) is None
    assert next_push_at(ReminderSettings(quiet_weekdays=frozenset(range(7))), friday_noon) is None


@pytest.mark.parametrize(("text", "minute"), [("7", 420), ("07:30", 450), ("7.30", 450), ("19h", 1140),
                                              ("0:00", 0), ("24:00", None), ("7:60", None), ("soon", None), ("", None)])
def test_parse_time_of_day(text: str, minute: int | None) -> None:
    assert parse_time_of_day(text) == minute


TODAY = date(2026, 12, 1)
LESSONS = [(f"lesson-{i}", 3 + i % 4) for i in range(37)]


@pytest.mark.parametrize("days", list(range(2, 61)))
def test_plan_fits_every_lesson_into_the_days_left(days: int) -> None:
    plan = fit_plan(LESSONS, TODAY, TODAY + timedelta(days=days))
    assert len(plan) == days and plan[0].day == TODAY and plan[-1].day == TODAY + timedelta(days=days - 1)
    assert [lid for day in plan for lid in day.lesson_ids] == [lid for lid, _ in LESSONS]  # all, in order
    assert plan[-1].kind == LIGHT and not plan[-1].lesson_ids
    if days >= 3:
        assert plan[-2].kind == MOCK and not plan[-2].lesson_ids
    if days >= 8:
        assert any(day.kind == REVIEW for day in plan)
    learning = [day.minutes for day in plan if day.kind == LEARN]
    assert max(learning) - min(learning) <= 2 * max(m for _, m in LESSONS)  # evenly spread


def test_plan_refits_when_behind_or_ahead() -> None:
    interview = TODAY + timedelta(days=14)
    plan = fit_plan(LESSONS, TODAY, interview)
    # Three days later, behind: only the first day's lessons were read; the rest spreads over fewer days.
    behind = fit_plan(LESSONS[len(plan[0].lesson_ids):], TODAY + timedelta(days=3), interview)
    def per_learning_day(days):
        learning = [day.minutes for day in days if day.kind == LEARN]
        return sum(learning) / len(learning)

    assert len(behind) == 11 and per_learning_day(behind) > per_learning_day(plan)
    # Ahead: most lessons read already, so the remaining days are lighter.
    ahead = fit_plan(LESSONS[30:], TODAY + timedelta(days=3), interview)
    assert sum(day.minutes for day in ahead) < sum(day.minutes for day in behind)
    assert fit_plan([], TODAY, interview)[0].kind == REVIEW  # nothing left: review days


@pytest.mark.parametrize(("offset", "reason"), [(-1, "past"), (0, "too-close"), (1, "too-close"), (181, "too-far")])
def test_unusable_dates(offset: int, reason: str) -> None:
    with pytest.raises(PlanError) as caught:
        fit_plan(LESSONS, TODAY, TODAY + timedelta(days=offset))
    assert caught.value.reason == reason


def test_refitting_an_existing_plan_runs_to_the_light_last_day() -> None:
    interview = TODAY + timedelta(days=1)
    with pytest.raises(PlanError):
        fit_plan(LESSONS, TODAY, interview)  # too close to start a plan
    [last] = fit_plan(LESSONS, TODAY, interview, refit=True)  # but a running plan ends light
    assert last.kind == LIGHT and not last.lesson_ids
    mock, light = fit_plan(LESSONS, TODAY, TODAY + timedelta(days=2), refit=True)
    assert (mock.kind, light.kind) == (MOCK, LIGHT)  # behind or not, the mock day stays put
    with pytest.raises(PlanError):
        fit_plan(LESSONS, interview, interview, refit=True)  # the interview day has no plan
