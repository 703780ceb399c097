"""Settings from the environment or .env, read once by the entry point (never at import)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A BotFather token: the bot's numeric id, a colon, then a 35-character secret.
TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token
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
    # 32 keeps a burst's first reply quick: on Python 3.11 aiohttp sends a request's body from a
    # task of its own, queued behind every update already in flight. And it is plenty: at 0.1 s
    # per round trip and two calls per update, 32 in flight answer 160 updates/s, more than
    # Telegram lets one bot send (about 30 messages/s).
    updates_in_flight: int = 32
    # Another course directory (same layout as content/); for authors trying a draft.
    content_dir: Path | None = None
    # How the daily pushes run: the minute tick, and when a claim whose sender died is retried.
    push_tick_seconds: float = 60.0
    push_claim_timeout: float = 120.0
    # Paid broadcasts (Bot API allow_paid_broadcast) let PUSH_RATE go up to 1000/s; each message
    # above the free ~30/s costs Telegram Stars.
    push_paid_broadcast: bool = False

    # How updates arrive: long polling (one process) or a webhook (any number of instances).
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None  # the public HTTPS URL Telegram posts to
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # Prometheus metrics and the health check in polling mode (in webhook mode: the webhook port).
    metrics_port: int | None = None
    # The Mini App (course map, lesson reader, dashboard): off until WEBAPP_URL, the public HTTPS
    # URL of its page, is set. Served on the webhook port in webhook mode, on WEBAPP_PORT when polling.
    webapp_url: str | None = None
    webapp_port: int = 8081
    log_format: Literal["text", "json"] = "text"

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

    @field_validator("webhook_path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        return value if value.startswith("/") else f"/{value}"

    @field_validator("log_format", "bot_mode", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    def check_webhook(self) -> None:
        """Webhook mode needs a public URL and a secret Telegram will echo; ConfigError otherwise."""
        if self.bot_mode != "webhook":
            return
        if not self.webhook_url or not self.webhook_url.startswith(("https://", "http://")):
            raise ConfigError("BOT_MODE=webhook needs WEBHOOK_URL, the public URL Telegram posts updates to.")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not SECRET_PATTERN.match(secret):
            raise ConfigError(
                "BOT_MODE=webhook needs WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -. "
                "Telegram sends it with every update, and requests without it are refused."
            )

    def check_webapp(self) -> None:
        if self.webapp_url and not self.webapp_url.startswith("https://"):
            raise ConfigError("WEBAPP_URL must be an https:// URL: Telegram opens Mini Apps over HTTPS only.")

    def token(self) -> str:
        """The validated token; ConfigError (without echoing the value) when missing or malformed."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError(TOKEN_HELP.format(problem="not set"))
        value = self.bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(value):
            raise ConfigError(TOKEN_HELP.format(problem="malformed (expected digits:secret)"))
        return value
