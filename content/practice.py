"""Practice content beyond the lessons: design drills, estimation drills, the cheat sheet."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from content.ids import ID_MAX, ID_PATTERN

PHASE_NAMES = ("Requirements and constraints", "High-level design", "Deep dive", "Scaling and bottlenecks")
TABLE_WIDTH = 40


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phase(_Frozen):
    name: str = Field(min_length=1, max_length=60)
    minutes: int = Field(ge=1, le=30)
    prompt: str = Field(min_length=1, max_length=800)


class RubricPoint(_Frozen):
    point: str = Field(min_length=1, max_length=160)
    lesson: str | None = None  # the lesson that teaches it; checked against the course


class Drill(_Frozen):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    title: str = Field(min_length=1, max_length=80)
    brief: str = Field(min_length=1, max_length=600)
    phases: tuple[Phase, ...] = Field(min_length=1, max_length=4)
    rubric: tuple[RubricPoint, ...] = Field(min_length=4, max_length=15)


class Estimate(_Frozen):
    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX)
    question: str = Field(min_length=1, max_length=500)
    dimension: Literal["bytes", "count", "rate", "seconds", "bytes_per_second", "bits_per_second"]
    answer: float = Field(gt=0)
    tolerance: Literal["half", "magnitude"]
    solution: tuple[str, ...] = Field(min_length=1, max_length=8)
    lesson: str | None = None


class CheatSection(_Frozen):
    title: str = Field(min_length=1, max_length=60)
    note: str = ""
    table: str = Field(min_length=1)

    @field_validator("table")
    @classmethod
    def _fits_a_phone(cls, table: str) -> str:
        for number, line in enumerate(table.splitlines(), start=1):
            if len(line) > TABLE_WIDTH:
                raise ValueError(f"line {number} is {len(line)} characters, limit is {TABLE_WIDTH}")
        return table
