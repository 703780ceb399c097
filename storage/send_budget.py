"""Reserving send slots from the bot-wide budget in PostgreSQL: one statement per batch of slots."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# The row is created on first use. Slots start no earlier than now and no earlier than a pause;
# the UPDATE's row lock orders concurrent reservations, so no two instances get the same slot.
_ENSURE = text(
    "INSERT INTO send_budget (name, next_slot, paused_until) VALUES (:name, now(), now()) "
    "ON CONFLICT (name) DO NOTHING"
)
_RESERVE = text(
    "UPDATE send_budget SET next_slot = GREATEST(next_slot, paused_until, clock_timestamp()) "
    "+ make_interval(secs => CAST(:span AS double precision)) WHERE name = :name "
    "RETURNING EXTRACT(EPOCH FROM (next_slot - clock_timestamp())) - CAST(:span AS double precision)"
)
_PAUSE = text(
    "UPDATE send_budget SET paused_until = GREATEST(paused_until, "
    "clock_timestamp() + make_interval(secs => CAST(:seconds AS double precision))) WHERE name = :name"
)


async def ensure(session: AsyncSession, name: str) -> None:
    await session.execute(_ENSURE, {"name": name})


async def reserve(session: AsyncSession, name: str, count: int, interval: float) -> float:
    """Reserve `count` consecutive slots `interval` seconds apart; returns how many seconds from
    now the first one is (negative never: slots start at the earliest now)."""
    first = (await session.execute(_RESERVE, {"name": name, "span": count * interval})).scalar_one()
    return max(0.0, float(first))


async def pause(session: AsyncSession, name: str, seconds: float) -> None:
    await session.execute(_PAUSE, {"name": name, "seconds": seconds})
