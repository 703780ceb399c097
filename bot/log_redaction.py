"""Secrets out of every log line, whoever writes it.

aiogram and aiohttp put request URLs in their errors, and the Bot API's URLs carry the token
(`.../bot<TOKEN>/getUpdates`). One filter on every handler of the root logger rewrites each
record before it is formatted: the message with its arguments, the exception text and the stack.
A handler's filter sees records from every logger that propagates to it, unlike a logger's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "***"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a token is masked whole before its secret half is.
        self.secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install(token: str, *others: str) -> None:
    """Mask the token (and its secret half, which is what a URL-encoded or split form leaves),
    and any other secret given (the webhook's), on every handler the root logger has now."""
    secret = token.split(":", 1)[-1]
    redactor = RedactSecrets([token, secret, *others])
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
