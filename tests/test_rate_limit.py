"""The push limiter on a fake clock: overall rate, per-chat gap, global pause after a 429."""

from __future__ import annotations

import asyncio
import itertools

from services.rate_limit import SendLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


async def send_times(limiter: SendLimiter, fake: FakeTime, chats: list[int]) -> list[float]:
    times = []

    async def one(chat: int) -> None:
        await limiter.acquire(chat)
        times.append(fake.now)

    for chat in chats:  # sequential callers make the fake clock easy to reason about
        await one(chat)
    return times


async def test_overall_rate() -> None:
    fake = FakeTime()
    limiter = SendLimiter(per_second=25, monotonic=fake.monotonic, sleep=fake.sleep)
    times = await send_times(limiter, fake, list(range(100)))
    assert abs(times[-1] - 99 / 25) < 1e-9
    assert all(later - earlier >= 1 / 25 - 1e-9 for earlier, later in itertools.pairwise(times))


async def test_same_chat_waits_a_second() -> None:
    fake = FakeTime()
    limiter = SendLimiter(per_second=25, per_chat_interval=1.0, monotonic=fake.monotonic, sleep=fake.sleep)
    times = await send_times(limiter, fake, [7, 7, 8])
    assert times[1] - times[0] >= 1.0
    assert times[2] >= times[1]


async def test_pause_stops_everyone() -> None:
    fake = FakeTime()
    limiter = SendLimiter(per_second=100, monotonic=fake.monotonic, sleep=fake.sleep)
    await limiter.acquire(1)
    limiter.pause(5)
    await limiter.acquire(2)
    assert fake.now >= 5.0


async def test_a_stalled_loop_does_not_burst_past_the_rate() -> None:
    """Callers whose slots passed while the loop was busy must not all go at once."""
    fake = FakeTime()
    limiter = SendLimiter(per_second=10, per_chat_interval=0, monotonic=fake.monotonic, sleep=fake.sleep)
    for chat in range(10):
        await limiter.acquire(chat)
    fake.now += 0.5  # slots for the next callers lie in the past now
    times = []
    for chat in range(10, 30):
        await limiter.acquire(chat)
        times.append(fake.now)
    everything = [0.0] * 10 + times
    assert all(later - earlier >= 1.0 - 1e-9 for earlier, later in zip(everything, everything[10:], strict=False))


async def test_the_per_chat_table_forgets_chats_whose_gap_has_passed() -> None:
    fake = FakeTime()
    limiter = SendLimiter(per_second=1_000_000, per_chat_interval=1.0, monotonic=fake.monotonic, sleep=fake.sleep)
    for chat in range(5_000):
        await limiter.acquire(chat)
        fake.now += 0.01
    assert len(limiter._next_for_chat) <= 1_000 + 100  # about the last second's chats, not all 5,000
