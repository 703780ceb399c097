"""The visit bookkeeping: written when something changed or the interval passed, not per update."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.presence import PRESENCE_INTERVAL, Presence, Visitor
from storage.repositories import UserRepository

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_an_update_without_a_language_is_not_a_change() -> None:
    presence = Presence()
    presence.remember(Visitor(1, "Ada", "en"), NOW)
    assert not presence.is_due(Visitor(1, "Ada", None), NOW)  # a tap or a poll answer without one
    presence.remember(Visitor(1, "Ada", None), NOW)
    assert not presence.is_due(Visitor(1, "Ada", "en"), NOW)  # the known language is kept
    assert presence.is_due(Visitor(1, "Ada", "de"), NOW)
    assert presence.is_due(Visitor(1, "Ada Lovelace", "en"), NOW)
    assert presence.is_due(Visitor(1, "Ada", "en"), NOW + PRESENCE_INTERVAL)
    assert not presence.is_due(Visitor(1, "Ada", "en"), NOW + PRESENCE_INTERVAL - timedelta(seconds=1))


async def test_a_visit_without_a_language_keeps_the_stored_one(sessions) -> None:
    async with sessions() as session:
        users = UserRepository(session)
        await users.touch(5, "Ada", "en", NOW)
        await users.touch(5, "Ada", None, NOW + timedelta(minutes=6))
        await session.commit()
        user = await users.get(5)
        assert user is not None and user.language_code == "en"
        await users.touch(5, "Ada", "pt-br", NOW + timedelta(minutes=12))
        await session.commit()
        assert (await users.get(5)).language_code == "pt-br"  # type: ignore[union-attr]
