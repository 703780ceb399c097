"""initData checks: only Telegram's fresh signature for this bot names a learner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.webapp.auth import NotAuthorised, learner_id
from tests.support.init_data import signed_init_data

TOKEN = "424242:TEST-token-for-the-local-emulator-only"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_valid_init_data_names_the_learner() -> None:
    assert learner_id(signed_init_data(TOKEN, 77, NOW - timedelta(minutes=3)), TOKEN, NOW) == 77


def test_a_tampered_field_is_refused() -> None:
    fields = dict(parse_qsl(signed_init_data(TOKEN, 77, NOW)))
    fields["user"] = fields["user"].replace("77", "78")  # claim to be someone else
    with pytest.raises(NotAuthorised, match="signature"):
        learner_id(urlencode(fields), TOKEN, NOW)


def test_signed_for_another_bot_is_refused() -> None:
    with pytest.raises(NotAuthorised, match="signature"):
        learner_id(signed_init_data("999:another-bot-token", 77, NOW), TOKEN, NOW)


def test_expired_and_future_init_data_are_refused() -> None:
    with pytest.raises(NotAuthorised, match="too old"):
        learner_id(signed_init_data(TOKEN, 77, NOW - timedelta(hours=24, seconds=1)), TOKEN, NOW)
    with pytest.raises(NotAuthorised, match="future"):
        learner_id(signed_init_data(TOKEN, 77, NOW + timedelta(hours=1)), TOKEN, NOW)
    with pytest.raises(NotAuthorised, match="no user"):
        learner_id(signed_init_data(TOKEN, 10**22, NOW), TOKEN, NOW)
    assert learner_id(signed_init_data(TOKEN, 77, NOW - timedelta(hours=23)), TOKEN, NOW) == 77


@pytest.mark.parametrize("init_data", [None, "", "garbage", "hash=abc", "user=%7B%7D&auth_date=1"])
def test_missing_or_malformed_init_data_is_refused(init_data: str | None) -> None:
    with pytest.raises(NotAuthorised):
        learner_id(init_data, TOKEN, NOW)
