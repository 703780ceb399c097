"""The estimate parser on every form a learner types, and on garbage."""

from __future__ import annotations

import pytest

from domain.quantities import QuantityError, accepted, accepted_range, humanize, parse_quantity


@pytest.mark.parametrize(
    ("text", "dimension", "value"),
    [
        ("1.5 TB", "bytes", 1.5e12),
        ("1.5TB", "bytes", 1.5e12),
        ("2e12", "bytes", 2e12),
        ("2E12 bytes", "bytes", 2e12),
        ("300k", "count", 3e5),
        ("300 K", "count", 3e5),
        ("3 million", "count", 3e6),
        ("3B", "count", 3e9),  # billions for a count...
        ("3B", "bytes", 3),  # ...bytes for storage
        ("2 bn", "count", 2e9),
        ("1,200", "count", 1200),
        ("~55 TB", "bytes", 55e12),
        ("5 MiB", "bytes", 5 * 2**20),
        ("12k/s", "rate", 12e3),
        ("12k qps", "rate", 12e3),
        ("1,200 per second", "rate", 1200),
        ("10 req/s", "rate", 10),
        ("86.4M/day", "rate", 1000),
        ("40 Gbps", "bits_per_second", 40e9),
        ("1.2 GB/s", "bytes_per_second", 1.2e9),
        ("3 hours", "seconds", 10800),
        ("100 ms", "seconds", 0.1),
        ("2.5 days", "seconds", 216000),
        ("42", "seconds", 42),
        (".5 PB", "bytes", 5e14),
        ("5x10^3", "count", 5e3),
    ],
)
def test_forms(text: str, dimension: str, value: float) -> None:
    assert parse_quantity(text, dimension).value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "dimension", "complaint"),
    [
        ("", "bytes", "couldn't find a number"),
        ("lots", "bytes", "couldn't find a number"),
        ("TB 5", "bytes", "couldn't find a number"),
        ("-5 TB", "bytes", "never negative"),
        ("0", "count", "more than zero"),
        ("1e400", "bytes", "too large"),
        ("9e40 TB", "bytes", "too large"),
        ("5 parsecs", "bytes", "don't know the unit"),
        ("3 hours", "bytes", "That's a duration, but this question asks for a storage size"),
        ("12 TB", "rate", "That's a storage size, but this question asks for a rate"),
        ("40 Gbps", "bytes_per_second", "That's a bandwidth in bits per second"),
        ("1" * 200, "count", "too long"),
    ],
)
def test_garbage_gets_a_clear_reason(text: str, dimension: str, complaint: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text, dimension)
    assert complaint in str(caught.value)


def test_tolerances() -> None:
    assert accepted(75, 100, "half") and accepted(150, 100, "half") and not accepted(151, 100, "half")
    assert accepted(32, 100, "magnitude") and accepted(316, 100, "magnitude") and not accepted(30, 100, "magnitude")
    assert accepted_range(100, "half") == (50, 150)


def test_humanize() -> None:
    assert humanize(5.475e13, "bytes") == "54.8 TB"
    assert humanize(1.2e5, "rate") == "120k/s"
    assert humanize(2.5e9, "count") == "2.5B"
    assert humanize(4e10, "bits_per_second") == "40 Gbps"
    assert humanize(7200, "seconds") == "2 hours"
