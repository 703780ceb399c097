"""initData as Telegram signs it for a Mini App, for tests (the bot only ever checks it)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import urlencode


def signed_init_data(bot_token: str, user_id: int, at: datetime, first_name: str = "Ada") -> str:
    fields = {
        "auth_date": str(int(at.timestamp())),
        "query_id": "AAH-test",
        "user": json.dumps({"id": user_id, "first_name": first_name}, separators=(",", ":")),
    }
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)
