"""Finding concepts by what a user types: exact names, typos, acronyms, then definitions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text
from .model import Concept, Graph

# Score bands keep the documented order: exact name hits, then fuzzy name hits,
# then matches found only in the definition text.
EXACT_TITLE = 100.0
EXACT_ALIAS = 99.0
EXACT_ACRONYM = 97.0
FUZZY_CAP = 95.0
TEXT_BASE = 40.0
FUZZY_CUTOFF = 70.0


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a concept, its score (0-100) and what matched."""

    concept: Concept
    score: float
    matched: str  # the title, alias or "definition" that matched

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `conceptmap search --json` (a stable contract)."""
        c = self.concept
        return {
            "id": c.id,
            "title": c.title,
            "aliases": list(c.aliases),
            "depth": c.depth.label,
            "score": round(self.score, 1),
        }


_PAREN_RE = re.compile(r"\(([^()]*)\)")


def _parts(query: str) -> list[str]:
    """Folded parts of a glossary-style query: outside and inside brackets, either side of " or "."""
    pieces = [_PAREN_RE.sub(" ", query), *_PAREN_RE.findall(query)]
    out: list[str] = []
    for piece in pieces:
        for side in re.split(r"\s+or\s+|,", piece):
            folded = text.key(side)
            if folded and folded not in out:
                out.append(folded)
    return out


def _word_match(word: str, words: list[str]) -> bool:
    """A word is in a list exactly, as a prefix either way (3+ letters), or with a typo (4+)."""
    for other in words:
        if other == word:
            return True
        short = min(len(word), len(other))
        if short >= 3 and (other.startswith(word) or word.startswith(other)):
            return True
        if short >= 4 and fuzz.ratio(word, other) >= 85:
            return True
    return False


def rerank(query_words: list[str], query: str, key_text: str) -> float:
    """0-100: mostly how much of the query the name covers, then the reverse, then likeness."""
    key_words = key_text.split()
    query_cover = sum(_word_match(w, key_words) for w in query_words) / len(query_words)
    key_cover = sum(_word_match(w, query_words) for w in key_words) / len(key_words)
    return 100.0 * (0.55 * query_cover + 0.25 * key_cover + 0.2 * fuzz.QRatio(query, key_text) / 100)


class SearchIndex:
    """Precomputed keys over a graph; build once, query many times."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.keys: list[str] = []  # folded titles and aliases, for rapidfuzz
        self.owners: list[tuple[str, str]] = []  # (concept id, original text) per key
        self.exact: dict[str, list[tuple[float, str, str]]] = {}
        self._text_index: dict[str, set[str]] | None = None
        for concept in graph.concepts.values():
            self._add(concept.title, concept.id, EXACT_TITLE)
            for alias in concept.aliases:
                self._add(alias, concept.id, EXACT_ALIAS)
            initials = text.acronym(concept.title)
            if initials and len(initials) >= 2:
                self.exact.setdefault(initials, []).append((EXACT_ACRONYM, concept.id, concept.title))

    def _add(self, name: str, concept_id: str, exact_score: float) -> None:
        folded = text.key(name)
        if not folded:
            return
        self.keys.append(folded)
        self.owners.append((concept_id, name))
        self.exact.setdefault(folded, []).append((exact_score, concept_id, name))

    @property
    def text_index(self) -> dict[str, set[str]]:
        """Stem -> ids of concepts whose definition uses it; built on first need."""
        if self._text_index is None:
            index: dict[str, set[str]] = {}
            for concept in self.graph.concepts.values():
                for s in set(text.stems(concept.definition)):
                    index.setdefault(s, set()).add(concept.id)
            self._text_index = index
        return self._text_index

    def search(self, query: str, limit: int = 20, *, definitions: bool = True) -> list[Hit]:
        """The best matches for a query, best first; never raises on odd input.

        Glossary-style queries are also tried in parts: "Mean squared error (MSE)" as
        "mean squared error" and "mse", "data set or dataset" as each side.
        """
        clean = text.sanitize(query)
        q = text.key(clean)
        if not q or limit <= 0:
            return []
        best: dict[str, tuple[float, str]] = {}

        def offer(cid: str, score: float, matched: str) -> None:
            if cid not in best or score > best[cid][0]:
                best[cid] = (score, matched)

        for part in _parts(clean):
            if part != q:
                self._names(part, limit, offer)
        self._names(q, limit, offer)
        if definitions and len(q) >= 3:
            query_stems = [text.stem(w) for w in q.split()]
            sets = [self.text_index.get(s, set()) for s in query_stems]
            if sets and all(sets):
                common = set.intersection(*sets)
                for cid in common:
                    if cid not in best:
                        offer(cid, TEXT_BASE + min(10.0, 2.0 * len(query_stems)), "definition")
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], self.graph.concepts[item[0]].depth, self.graph.concepts[item[0]].title.lower()),
        )
        return [Hit(self.graph.concepts[cid], score, matched) for cid, (score, matched) in ranked[:limit]]

    def _names(self, q: str, limit: int, offer: Callable[[str, float, str], None]) -> None:
        """Offer every concept whose title or alias matches q, exactly or fuzzily."""
        for score, cid, name in self.exact.get(q, ()):
            offer(cid, score, name)
        if len(q) >= 2:
            # Stage one, in C: rapidfuzz's WRatio shortlists names. Stage two reranks the
            # shortlist by how many of the query's words each name covers, and the reverse,
            # so "linear model" finds "Generalized linear model" before "Model" or "mode".
            found = process.extract(q, self.keys, scorer=fuzz.WRatio, limit=max(limit * 5, 50), score_cutoff=FUZZY_CUTOFF)
            query_words = q.split()
            for key_text, _score, index in found:
                cid, name = self.owners[index]
                offer(cid, min(FUZZY_CAP, rerank(query_words, q, key_text)), name)

    def named(self, id_or_title: str) -> list[Concept]:
        """Every concept whose id, title or alias is exactly this name, best name first."""
        raw = id_or_title.strip()
        if raw in self.graph.concepts:
            return [self.graph.concepts[raw]]
        entries = sorted(self.exact.get(text.key(raw), []), key=lambda e: (-e[0], len(e[1]), e[1]))
        return [self.graph.concepts[cid] for cid in dict.fromkeys(cid for _score, cid, _ in entries)]

    def resolve(self, id_or_title: str) -> Concept | None:
        """A concept named exactly by id, title or alias (first by title), else None."""
        raw = id_or_title.strip()
        if raw in self.graph.concepts:
            return self.graph.concepts[raw]
        entries = self.exact.get(text.key(raw), [])
        if not entries:
            return None
        score, cid, _ = max(entries, key=lambda e: (e[0], -len(e[1])))
        same = [e for e in entries if e[0] == score]
        if len(same) > 1:
            return None  # ambiguous: let the caller list candidates
        return self.graph.concepts[cid]
