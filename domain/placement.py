"""The 2-minute placement check: a few questions from fundamentals to distributed systems,
then a recommended path with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FUNDAMENTALS = "fundamentals"
ADVANCED = "advanced"

# (lesson id, question index, tier): spread from first principles to distributed systems.
PLACEMENT_QUESTIONS: tuple[tuple[str, int, str], ...] = (
    ("scalability", 0, FUNDAMENTALS),
    ("tcp-vs-udp", 0, FUNDAMENTALS),
    ("cache-aside-pattern", 0, FUNDAMENTALS),
    ("sql-vs-nosql", 0, FUNDAMENTALS),
    ("sharding", 0, ADVANCED),
    ("cap-theorem", 0, ADVANCED),
    ("raft-algorithm", 0, ADVANCED),
    ("saga-pattern", 0, ADVANCED),
)


@dataclass(frozen=True, slots=True)
class Recommendation:
    path_id: str
    reason: str


def recommend(results: Sequence[tuple[str, bool]]) -> Recommendation:
    """`results` holds (tier, answered right) per question asked."""
    fundamentals = [right for tier, right in results if tier == FUNDAMENTALS]
    advanced = [right for tier, right in results if tier == ADVANCED]
    f_right, f_total = sum(fundamentals), len(fundamentals)
    a_right, a_total = sum(advanced), len(advanced)
    if f_total and f_right * 4 < f_total * 3:  # under 75 % on the fundamentals
        return Recommendation(
            "beginner",
            f"You got {f_right} of {f_total} fundamentals questions. The beginner path builds that "
            "foundation first: networking, APIs, caching and databases.",
        )
    if a_total and a_right * 4 < a_total * 3:
        return Recommendation(
            "mid-level",
            f"You know the fundamentals ({f_right} of {f_total}) but got {a_right} of {a_total} on "
            "distributed systems. The mid-level path goes deep on exactly that.",
        )
    return Recommendation(
        "fast-track",
        f"Strong on both: {f_right} of {f_total} fundamentals and {a_right} of {a_total} distributed "
        "systems. The fast-track path sharpens the trade-offs interviewers probe.",
    )
