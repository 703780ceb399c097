"""Find a concept by what someone types after @bot: case-, accent- and typo-tolerant.

Ranking, best first: the exact title; a title that starts with the query; every query word
starting a word of the title; the query inside the title; then near misses scored by rapidfuzz
(typos, transpositions, words in another order). Glossary terms win ties over lesson titles
(a term is the concept itself), then shorter titles. The whole course is ~200 titles, so a
query is a linear scan over precomputed normal forms: well under a millisecond per tier.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

RESULTS_MAX = 10  # what Telegram shows comfortably; it accepts up to 50
FUZZY_FLOOR = 75  # below this a "near miss" is mostly noise ("cache" would match "crdts")
EXACT, PREFIX, WORD_PREFIXES, INSIDE = 1000, 900, 800, 700


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # what the caller uses to build the result ("g:<slug>", "l:<lesson id>")
    title: str
    is_term: bool = False


def normal(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces: "Café-Paxos!" -> "cafe paxos"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold()).split())


class ConceptIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._normal = [normal(entry.title) for entry in self.entries]
        self._words = [title.split() for title in self._normal]

    def search(self, query: str, limit: int = RESULTS_MAX) -> list[Entry]:
        wanted = normal(query)
        if not wanted:
            return []
        words = wanted.split()
        scored = []
        for index, entry in enumerate(self.entries):
            score = self._score(wanted, words, index)
            if score >= FUZZY_FLOOR:
                scored.append((-score, not entry.is_term, len(entry.title), entry.title, index))
        scored.sort()
        return [self.entries[index] for *_, index in scored[:limit]]

    def _score(self, wanted: str, words: list[str], index: int) -> float:
        title, title_words = self._normal[index], self._words[index]
        if title == wanted:
            return EXACT
        if title.startswith(wanted):
            return PREFIX
        if all(any(t.startswith(w) for t in title_words) for w in words):
            return WORD_PREFIXES
        if len(wanted) < 3:
            return 0  # "lb" inside "rollbacks" is a coincidence, not a match
        if wanted in title:
            return INSIDE
        if len(wanted) < 4:
            return 0
        # Near misses: whole-title similarity, the same with words in any order, and (discounted,
        # as it matches fragments too easily) the best window of the title of the query's length.
        window = fuzz.partial_ratio(wanted, title) - 15 if len(wanted) >= 6 else 0
        return max(fuzz.ratio(wanted, title), fuzz.token_sort_ratio(wanted, title), window)
