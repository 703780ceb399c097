"""A small valid course written to a temporary directory, for loader tests to break on purpose."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

PROSE = "Plain words about the idea. " * 6


def lesson(lesson_id: str, title: str) -> dict[str, Any]:
    return {
        "id": lesson_id,
        "title": title,
        "minutes": 3,
        "concept": f"**{title}** in plain English. {PROSE}",
        "how_it_works": "Requests flow like this:\n\n```\nclient -> server\n```\n\n- one step\n- two steps",
        "trade_offs": f"It costs something. {PROSE}",
        "real_world": f"Big systems use it. {PROSE}",
        "summary": ["First takeaway", "Second takeaway", "Third takeaway"],
        "terms": ["term one", "term two"],
        "quiz": [
            {
                "question": f"Question {n} about {title}?",
                "options": ["Option A", "Option B", "Option C", "Option D"],
                "answer": n % 4,
                "explanation": "Because option is right.",
            }
            for n in range(4)
        ],
    }


def chapters() -> list[dict[str, Any]]:
    return [
        {
            "id": "alpha-basics",
            "number": 1,
            "title": "Alpha Basics",
            "summary": "The first chapter.",
            "lessons": [lesson("first-lesson", "First Lesson"), lesson("second-lesson", "Second Lesson")],
            "interview": [{"prompt": "Design something.", "checklist": ["a", "b", "c", "d"]}],
        },
        {
            "id": "beta-deep",
            "number": 2,
            "title": "Beta Deep",
            "summary": "The second chapter.",
            "lessons": [lesson("third-lesson", "Third Lesson")],
            "interview": [{"prompt": "Scale something.", "checklist": ["a", "b", "c", "d"]}],
        },
    ]


def paths() -> dict[str, Any]:
    return {
        "paths": [
            {"id": "beginner", "title": "Beginner", "audience": "New people.", "steps": ["alpha-basics"]},
            {
                "id": "fast-track",
                "title": "Fast-Track",
                "audience": "In a hurry.",
                "steps": ["alpha-basics/second-lesson", "beta-deep"],
            },
            {"id": "full", "title": "Everything", "audience": "Everyone.", "steps": ["alpha-basics", "beta-deep"]},
        ]
    }


def glossary() -> dict[str, Any]:
    return {"terms": [{"term": "Term one", "definition": "What it means.", "lesson": "first-lesson"}]}


def write_course(
    root: Path,
    chapter_docs: list[dict[str, Any]] | None = None,
    paths_doc: dict[str, Any] | None = None,
    glossary_doc: dict[str, Any] | None = None,
) -> Path:
    chapter_docs = copy.deepcopy(chapter_docs if chapter_docs is not None else chapters())
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    for doc in chapter_docs:
        name = f"{doc.get('number', 0):02d}-{doc.get('id', 'x')}.yaml"
        (root / "chapters" / name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (root / "paths.yaml").write_text(yaml.safe_dump(paths_doc or paths(), sort_keys=False), encoding="utf-8")
    (root / "glossary.yaml").write_text(yaml.safe_dump(glossary_doc or glossary(), sort_keys=False), encoding="utf-8")
    return root
