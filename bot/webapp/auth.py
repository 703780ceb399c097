"""Who is asking: Telegram's signed `initData`, checked as Telegram documents it.

The Mini App sends `Telegram.WebApp.initData` with every data request. Its `hash` is an
HMAC-SHA256 of the other fields (sorted, "key=value" lines) keyed with HMAC("WebAppData", bot
token), so only Telegram, which knows the token, can sign it; aiogram's safe_parse_webapp_init_data
does that check with a constant-time compare. A signature does not expire by itself, so a copied
initData is refused once its auth_date is older than MAX_AGE. There is no other login.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.utils.web_app import safe_parse_webapp_init_data

MAX_AGE = timedelta(hours=24)
CLOCK_SKEW = timedelta(minutes=5)  # an auth_date a little in the future is a clock, not an attack
LARGEST_ID = 2**63  # Telegram ids fit a signed 64-bit integer, as the database stores them


class NotAuthorised(Exception):
    """initData missing, tampered with, signed for another bot, or too old."""


def learner_id(init_data: str | None, bot_token: str, now: datetime) -> int:
    if not init_data:
        raise NotAuthorised("missing initData")
    try:
        parsed = safe_parse_webapp_init_data(bot_token, init_data)
    except ValueError as exc:  # wrong hash, or not initData at all
        raise NotAuthorised("initData signature does not match") from exc
    signed_at = parsed.auth_date if parsed.auth_date.tzinfo else parsed.auth_date.replace(tzinfo=UTC)
    if now - signed_at > MAX_AGE:
        raise NotAuthorised("initData is too old")
    if signed_at - now > CLOCK_SKEW:
        raise NotAuthorised("initData is dated in the future")
    if parsed.user is None or not 0 < parsed.user.id < LARGEST_ID:
        raise NotAuthorised("initData names no user")
    return parsed.user.id
