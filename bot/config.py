"""Settings from the environment or .env, read once by the entry point (never at import)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A BotFather token: the bot's numeric id, a colon, then a 35-character secret.
TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/bot.db"

TOKEN_HELP = (
    "BOT_TOKEN is {problem}: create a bot with @BotFather in Telegram (/newbot), put the token it "
    "gives you in .env as BOT_TOKEN=..., or try the bot without a token with `make chat`."
)


class ConfigError(Exception):
    """Configuration that prevents the bot from starting; the message is safe to print."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    telegram_api_url: str | None = None
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    log_level: str = "INFO"
    # Outgoing push pacing: Telegram allows about 30 messages/s overall and 1/s per chat.
    push_rate: float = 25.0
    push_chat_interval: float = 1.0
    # Updates handled at once; more wait in Telegram's queue instead of in this process's memory.
    updates_in_flight: int = 64
    # Another course directory (same layout as content/); for authors trying a draft.
    content_dir: Path | None = None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
        if isinstance(value, int):
            return (value,)
        return value

    @field_validator("telegram_api_url", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    def token(self) -> str:
        """The validated token; ConfigError (without echoing the value) when missing or malformed."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError(TOKEN_HELP.format(problem="not set"))
        value = self.bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(value):
            raise ConfigError(TOKEN_HELP.format(problem="malformed (expected digits:secret)"))
        return value
