"""`https://t.me/<bot>?start=<payload>` links into the course.

Telegram passes the payload to /start; it may hold up to 64 characters of A-Za-z0-9_-. Lesson,
drill and glossary ids are at most 48 characters of a-z0-9- (content.ids), so "l-<lesson id>"
always fits and stays readable; nothing needs a code table that could drift from the course.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

PAYLOAD_MAX = 64
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
LESSON, TERM, DRILL, CHECK = "l", "g", "d", "check"
# Payloads the bot itself hands out for a plain welcome: the note it leaves in groups, and the
# button above inline results. Not links into the course, so no "that link leads nowhere".
FROM_GROUP, FROM_INLINE = "group", "inline"

Kind = Literal["lesson", "term", "drill", "check"]


@dataclass(frozen=True, slots=True)
class Link:
    kind: Kind
    target: str  # the lesson, term slug or drill id; "" for the placement check


def parse(payload: str | None) -> Link | None:
    """The link a payload names, or None for anything else (a forged or mistyped payload)."""
    if not payload or not PAYLOAD.fullmatch(payload):
        return None
    if payload == CHECK:
        return Link("check", "")
    prefix, _, rest = payload.partition("-")
    if not rest:
        return None
    kinds: dict[str, Kind] = {LESSON: "lesson", TERM: "term", DRILL: "drill"}
    kind = kinds.get(prefix)
    return Link(kind, rest) if kind else None


def payload_for(link: Link) -> str:
    if link.kind == "check":
        return CHECK
    prefix = {"lesson": LESSON, "term": TERM, "drill": DRILL}[link.kind]
    payload = f"{prefix}-{link.target}"
    if not PAYLOAD.fullmatch(payload):
        raise ValueError(f"{payload!r} does not fit a start link")
    return payload


def url(bot_username: str, link: Link) -> str:
    return f"https://t.me/{bot_username}?start={payload_for(link)}"


def slug(text: str) -> str:
    """A glossary term as an id: "Vertical vs horizontal scaling" -> "vertical-vs-horizontal-scaling"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48].rstrip("-")
