"""Concept cards for inline mode and deep links: the 30 glossary terms and every lesson title,
searchable, each with a definition, its key trade-off and one real-world example.

Built once per course at start-up; answering a query touches no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from content import Course
from content.schema import GlossaryTerm
from domain.concept_search import ConceptIndex, Entry
from domain.deep_links import slug

TERM, LESSON = "g", "l"
DEFINITION_MAX, TRADE_OFF_MAX, EXAMPLE_MAX = 320, 260, 260


@dataclass(frozen=True, slots=True)
class ConceptCard:
    key: str  # "g:<term slug>" or "l:<lesson id>": also the inline result id
    title: str
    kind: str  # "Glossary" or "Lesson"
    definition: str
    trade_off: str
    example: str
    lesson_id: str
    chapter: str  # "Chapter 8: Caching"


def plain(text: str) -> str:
    """Prose without the course's markup: fences dropped, markers removed, one line."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\*\*|`|(?<!\w)_|_(?!\w)", "", text)
    text = re.sub(r"^\s*-\s+", "", text, flags=re.M)
    return " ".join(text.split())


def opening(text: str, limit: int) -> str:
    """Whole sentences from the start of `text`, as many as fit in `limit` characters (at least
    one, cut at a word with an ellipsis if even that is too long)."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])", plain(text))
    taken = ""
    for sentence in sentences:
        candidate = f"{taken} {sentence}".strip()
        if len(candidate) > limit:
            break
        taken = candidate
    if taken:
        return taken
    cut = sentences[0][: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def first_bullet(text: str) -> str:
    for line in text.splitlines():
        if line.strip().startswith("- "):
            return line.strip()[2:]
    return text


class ConceptCatalog:
    def __init__(self, course: Course) -> None:
        self.course = course
        self.terms = {slug(term.term): term for term in course.glossary}
        entries = [Entry(f"{TERM}:{key}", term.term, is_term=True) for key, term in self.terms.items()]
        entries += [Entry(f"{LESSON}:{lesson.id}", lesson.title) for lesson in course.lessons_by_id.values()]
        self.index = ConceptIndex(entries)
        self._cards: dict[str, ConceptCard] = {}

    def search(self, query: str) -> list[ConceptCard]:
        return [card for entry in self.index.search(query) if (card := self.card(entry.key)) is not None]

    def featured(self, day: date) -> ConceptCard | None:
        """The day's concept: the glossary in turn, one a day, the same for everyone that day."""
        keys = sorted(self.terms)
        return self.card(f"{TERM}:{keys[day.toordinal() % len(keys)]}") if keys else None

    def term(self, term_slug: str) -> GlossaryTerm | None:
        return self.terms.get(term_slug)

    def card(self, key: str) -> ConceptCard | None:
        if key not in self._cards:
            made = self._make(key)
            if made is None:
                return None
            self._cards[key] = made
        return self._cards[key]

    def _make(self, key: str) -> ConceptCard | None:
        kind, _, ident = key.partition(":")
        term = self.terms.get(ident) if kind == TERM else None
        lesson_id = term.lesson if term else ident if kind == LESSON else ""
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            return None
        chapter = self.course.chapter_of_lesson[lesson.id]
        return ConceptCard(
            key=key, title=term.term if term else lesson.title, kind="Glossary" if term else "Lesson",
            definition=term.definition if term else opening(lesson.concept, DEFINITION_MAX),
            trade_off=opening(lesson.trade_offs, TRADE_OFF_MAX),
            example=opening(first_bullet(lesson.real_world), EXAMPLE_MAX),
            lesson_id=lesson.id, chapter=f"Chapter {chapter.number}: {chapter.title}",
        )

