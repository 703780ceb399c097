"""Turning what a learner types ("Berlin", "new york", "America/Chicago") into an IANA zone."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

# Cities people often type whose zone is named after another city.
ALIASES = {
    "san francisco": "America/Los_Angeles", "seattle": "America/Los_Angeles", "boston": "America/New_York",
    "washington": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
    "dallas": "America/Chicago", "houston": "America/Chicago", "austin": "America/Chicago",
    "munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "kiev": "Europe/Kyiv",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata", "beijing": "Asia/Shanghai", "shenzhen": "Asia/Shanghai",
    "st petersburg": "Europe/Moscow", "saint petersburg": "Europe/Moscow", "tel aviv": "Asia/Jerusalem",
    "abu dhabi": "Asia/Dubai", "osaka": "Asia/Tokyo", "melbourne": "Australia/Melbourne",
}


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            continue
        index.setdefault(name.lower(), name)
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        index.setdefault(city, name)
    return index


def resolve_zone(text: str) -> str | None:
    query = " ".join(text.strip().lower().replace("_", " ").split())
    if not query or len(query) > 64:
        return None
    if query in ("utc", "gmt", "z"):
        return "UTC"
    if query in ALIASES:
        return ALIASES[query]
    return _index().get(query) or _index().get(query.replace(" ", "_"))
