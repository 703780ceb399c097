"""Reading a learner's estimate: '1.5 TB', '2e12', '300k', '12k/s', '40 Gbps', '3 hours'.

Everything is converted to base units: bytes, items, per second, seconds, bytes/s, bits/s.
Units are decimal (1 KB = 1000 B) unless written as KiB, MiB, ... A bare number is taken in the
question's base unit. 'B' alone means bytes for a storage question and billions otherwise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_VALUE = 1e30  # beyond any system-design quantity; also keeps floats finite

_NUMBER = re.compile(
    r"^\s*(?P<number>[0-9][0-9,_]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\.[0-9]+(?:e[+-]?[0-9]+)?)\s*(?P<unit>.*?)\s*$",
    re.I,
)

_SCALE = {"": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "millions": 1e6,
          "bn": 1e9, "billion": 1e9, "billions": 1e9, "g": 1e9, "t": 1e12, "trillion": 1e12}
_BYTES = {"b": 1, "byte": 1, "bytes": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "pib": 2**50, "eib": 2**60,
          "kilobytes": 1e3, "megabytes": 1e6, "gigabytes": 1e9, "terabytes": 1e12, "petabytes": 1e15}
_BITS_PER_SECOND = {"bps": 1, "kbps": 1e3, "mbps": 1e6, "gbps": 1e9, "tbps": 1e12,
                    "bit/s": 1, "kbit/s": 1e3, "mbit/s": 1e6, "gbit/s": 1e9, "tbit/s": 1e12}
_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "sec": 1, "secs": 1, "second": 1,
            "seconds": 1, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600,
            "hrs": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400, "days": 86400,
            "week": 604800, "weeks": 604800, "month": 2_592_000, "months": 2_592_000,
            "y": 31_536_000, "yr": 31_536_000, "year": 31_536_000, "years": 31_536_000}
_PER = {"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hr": 3600, "hour": 3600,
        "d": 86400, "day": 86400}
_RATE_WORDS = ("qps", "rps", "tps", "ops", "req", "reqs", "requests", "writes", "reads", "msgs", "messages",
               "events", "ops/s", "req/s")
DIMENSION_NAMES = {"bytes": "a storage size", "count": "a count", "rate": "a rate per second",
                   "seconds": "a duration", "bytes_per_second": "a data rate in bytes per second",
                   "bits_per_second": "a bandwidth in bits per second"}


class QuantityError(ValueError):
    """Not an estimate we can grade; the message says why in words a learner understands."""


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # in base units
    dimension: str | None  # None: a bare number


def _scaled(word: str) -> float | None:
    return _SCALE.get(word)


def _parse_unit(unit: str, expected: str) -> tuple[float, str | None]:
    """(multiplier, dimension) of a unit string; raises QuantityError for unknown units."""
    u = " ".join(unit.lower().split())
    if u == "":
        return 1.0, None
    if u in _SCALE and not (u == "g" and expected != "count"):
        return _SCALE[u], None  # 300k, 3 million: a plain number
    if u == "b" and expected != "bytes":
        return 1e9, None  # '3B' for a count or rate question means three billion
    if u in _BYTES:
        return float(_BYTES[u]), "bytes"
    if u in _BITS_PER_SECOND:
        return float(_BITS_PER_SECOND[u]), "bits_per_second"
    if u in _SECONDS:
        return float(_SECONDS[u]), "seconds"
    compact = re.sub(r"\bper\s+", "/", u).replace(" ", "")
    if "/" in compact:
        head, _, per = compact.partition("/")
        seconds = _PER.get(per)
        if seconds is None:
            raise QuantityError(f"I don't know the unit '{unit}'.")
        if head in _BYTES:
            return _BYTES[head] / seconds, "bytes_per_second"
        if head in ("bit", "bits"):
            return 1 / seconds, "bits_per_second"
        scale = _scaled(head)
        if scale is None and head in _RATE_WORDS:
            scale = 1.0
        if scale is None:
            # '12k req/s' arrives here as 'kreq/s': split a leading scale from a rate word
            match = re.fullmatch(r"(k|m|mn|bn|thousand|million|billion)?(" + "|".join(_RATE_WORDS) + ")", head)
            if not match:
                raise QuantityError(f"I don't know the unit '{unit}'.")
            scale = _SCALE[match.group(1) or ""]
        return scale / seconds, "rate"
    for word in _RATE_WORDS:  # '12k qps', '300 rps'
        for prefix, scale in _SCALE.items():
            if u in (f"{prefix}{word}", f"{prefix} {word}".strip()):
                return scale, "rate"
    raise QuantityError(f"I don't know the unit '{unit}'.")


def parse_quantity(text: str, expected: str) -> Quantity:
    """Parse what the learner typed, for a question whose answer has dimension `expected`."""
    if len(text) > 100:
        raise QuantityError("That's too long for a number. Send just the value, like 55 TB.")
    cleaned = text.strip().replace("×10^", "e").replace("x10^", "e").replace("*10^", "e")
    if cleaned.startswith(("-", "−")):
        raise QuantityError("An estimate here is never negative.")
    cleaned = cleaned.lstrip("~≈").strip()
    match = _NUMBER.match(cleaned)
    if not match:
        raise QuantityError("I couldn't find a number in that. Try something like 55 TB, 2e12 or 300k.")
    number_text = match.group("number").replace(",", "").replace("_", "")
    try:
        number = float(number_text)
    except ValueError as exc:  # pragma: no cover - the pattern admits only floats
        raise QuantityError("I couldn't read that number.") from exc
    multiplier, dimension = _parse_unit(match.group("unit"), expected)
    value = number * multiplier
    if not math.isfinite(value) or value > MAX_VALUE:
        raise QuantityError("That number is too large to be a real estimate.")
    if value <= 0:
        raise QuantityError("An estimate here has to be more than zero.")
    if dimension == "rate" and expected == "count":
        dimension = None
    if dimension is not None and dimension != expected:
        raise QuantityError(
            f"That's {DIMENSION_NAMES[dimension]}, but this question asks for {DIMENSION_NAMES[expected]}."
        )
    return Quantity(value=value, dimension=dimension)


def accepted(value: float, answer: float, tolerance: str) -> bool:
    if tolerance == "half":
        return abs(value - answer) <= 0.5 * answer
    return answer / math.sqrt(10) <= value <= answer * math.sqrt(10)  # within half an order of magnitude


def accepted_range(answer: float, tolerance: str) -> tuple[float, float]:
    if tolerance == "half":
        return answer * 0.5, answer * 1.5
    return answer / math.sqrt(10), answer * math.sqrt(10)


_PREFIXES = ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def humanize(value: float, dimension: str) -> str:
    """55e12 bytes -> '55 TB'; 1.2e5 rate -> '120k/s'."""
    if dimension == "seconds":
        for size, name in ((86400 * 365, "years"), (86400, "days"), (3600, "hours"), (60, "minutes"), (1, "s"),
                           (1e-3, "ms"), (1e-6, "µs")):
            if value >= size:
                return f"{value / size:.3g} {name}"
        return f"{value * 1e9:.3g} ns"
    unit = {"bytes": "B", "bytes_per_second": "B/s", "bits_per_second": "bps", "rate": "/s", "count": ""}[dimension]
    for size, prefix in _PREFIXES:
        if value >= size:
            if dimension in ("count", "rate"):
                prefix = {"G": "B", "P": "P", "T": "T", "M": "M", "k": "k"}[prefix]
            joiner = "" if dimension in ("count", "rate") else " "
            return f"{value / size:.3g}{joiner}{prefix}{unit}"
    return f"{value:.3g} {unit}".strip()
