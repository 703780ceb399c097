"""The inline search ranking and the deep-link payloads, as plain functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import load_course
from domain import deep_links
from domain.concept_search import ConceptIndex, Entry, normal
from services.concepts import ConceptCatalog, opening

ENTRIES = [
    Entry("g:consistent-hashing", "Consistent hashing", is_term=True),
    Entry("l:consistent-hashing", "Consistent Hashing"),
    Entry("l:consistency-models", "Consistency Models"),
    Entry("l:cache-invalidation", "Cache Invalidation"),
    Entry("l:caching", "Caching"),
    Entry("l:paxos", "Paxos Algorithm"),
    Entry("l:rollbacks", "Rollbacks & Immutable Infrastructure"),
]


def titles(query: str) -> list[str]:
    return [entry.key for entry in ConceptIndex(ENTRIES).search(query)]


def test_normal_form_ignores_case_accents_and_punctuation() -> None:
    assert normal("  Café–PAXOS!! ") == "cafe paxos"


def test_exact_beats_prefix_and_terms_beat_lessons_on_ties() -> None:
    assert titles("consistent hashing") == ["g:consistent-hashing", "l:consistent-hashing"]
    assert titles("CONSISTENT")[:3] == ["g:consistent-hashing", "l:consistent-hashing", "l:consistency-models"]


def test_word_prefixes_in_any_order() -> None:
    assert titles("hash consist")[:2] == ["g:consistent-hashing", "l:consistent-hashing"]
    assert titles("inval")[0] == "l:cache-invalidation"


def test_typos_accents_and_noise() -> None:
    assert titles("consistnt hashng")[:2] == ["g:consistent-hashing", "l:consistent-hashing"]
    assert titles("cahce invalidation") == ["l:cache-invalidation"]
    assert titles("PÀXOS") == ["l:paxos"]
    assert titles("lb") == []  # two letters inside "rollbacks" are not a match
    assert titles("kubernetes operators") == []
    assert titles("   ") == []


def test_the_whole_course_is_searchable(shipped_content: Path) -> None:
    catalog = ConceptCatalog(load_course(shipped_content))
    assert len(catalog.index.entries) == 30 + 176
    assert [card.title for card in catalog.search("bloom filtr")][:1] == ["Bloom Filters"]
    for card in catalog.search("cache"):
        assert card.definition and card.trade_off and card.example
        assert len(card.key.encode()) <= 64  # an inline result id


def test_opening_takes_whole_sentences_within_the_limit() -> None:
    text = "First **bold** sentence. Second `code` one is longer. Third."
    assert opening(text, 30) == "First bold sentence."
    assert opening(text, 60) == "First bold sentence. Second code one is longer. Third."
    assert opening("One very long sentence without any stop at all", 20) == "One very long…"


@pytest.mark.parametrize(("payload", "expected"), [
    ("l-consistent-hashing", deep_links.Link("lesson", "consistent-hashing")),
    ("g-load-balancer", deep_links.Link("term", "load-balancer")),
    ("d-url-shortener", deep_links.Link("drill", "url-shortener")),
    ("check", deep_links.Link("check", "")),
    ("group", None), ("l-", None), ("x-thing", None), ("", None), (None, None),
    ("l-../../etc/passwd", None), ("l-" + "a" * 63, None), ("l-ÿ", None),
])
def test_payloads(payload: str | None, expected: deep_links.Link | None) -> None:
    assert deep_links.parse(payload) == expected


def test_every_lesson_drill_and_term_has_a_link_that_fits(shipped_content: Path) -> None:
    course = load_course(shipped_content)
    links = [deep_links.Link("lesson", lesson_id) for lesson_id in course.lessons_by_id]
    links += [deep_links.Link("drill", drill.id) for drill in course.drills]
    links += [deep_links.Link("term", deep_links.slug(term.term)) for term in course.glossary]
    for link in links:
        payload = deep_links.payload_for(link)
        assert len(payload) <= deep_links.PAYLOAD_MAX and deep_links.parse(payload) == link
