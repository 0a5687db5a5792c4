"""Understanding a goal typed in words: which concept, and how deep.

"use LDA for topic modelling" -> Latent Dirichlet Allocation at the use level.
The level comes from verbs ("use", "understand", "derive"...). The target comes
from the remaining words, matched as spans against titles and aliases (exactly,
by stems, then fuzzily for typos). Words around the span are context: an
acronym shared by two concepts goes to the one whose definition and neighbours
mention the context ("LDA ... topic" vs "LDA ... dimensions ... classification").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from . import text
from .model import Concept, Depth, Graph
from .problems import ConceptmapError
from .search import SearchIndex

# Level words, checked as phrases first. Deeper wins when several appear:
# "understand the maths" asks for theory.
LEVEL_PHRASES: dict[str, Depth] = {
    "from scratch": Depth.HOW,
    "what is": Depth.OVERVIEW,
    "what are": Depth.OVERVIEW,
    "how it works": Depth.HOW,
    "how does": Depth.HOW,
    "how do": Depth.HOW,
}
LEVEL_WORDS: dict[str, Depth] = {
    **{w: Depth.OVERVIEW for w in ("overview", "intro", "introduction", "basics", "gist", "idea", "about")},
    **{
        w: Depth.USE
        for w in ("use", "using", "apply", "applying", "train", "training", "deploy", "deploying", "run",
                  "running", "build", "building", "fit", "fitting", "practice", "practical", "do", "try")
    },
    **{
        w: Depth.HOW
        for w in ("understand", "understanding", "how", "intuition", "explain", "explained", "why", "works",
                  "work", "mechanism", "implement", "implementing", "code", "internals")
    },
    **{
        w: Depth.THEORY
        for w in ("derive", "deriving", "derivation", "prove", "proof", "proofs", "math", "maths",
                  "mathematics", "mathematical", "theory", "theoretical", "formal", "rigorous", "rigorously")
    },
}
STOP_WORDS = frozenset(
    "a an the i me my we our to of for in on at by with and or is are be it its this that these those "
    "want wanna need learn learning know get getting go some any so can could would should will "
    "into about behind from up out as than then them their there do does did really just please "
    "before after between s".split()
)
# Words after which the rest of a goal is purpose, not the thing to learn.
PURPOSE_WORDS = frozenset({"for", "to", "so", "on", "in", "with", "before", "after", "into"})
AMBIGUITY_MARGIN = 0.08


class GoalError(ConceptmapError):
    """A goal that names nothing we have (or nothing at all)."""


@dataclass
class Candidate:
    """A concept a goal may mean, with how well it fits."""

    concept: Concept
    score: float
    matched: str


@dataclass
class Goal:
    """What a goal in words was understood as."""

    text: str
    target: Concept | None
    level: Depth | None  # from the goal's words; None when it named no level
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False

    @property
    def depth(self) -> Depth:
        """The depth limit to plan with: the asked level, or the target's own."""
        if self.level is not None:
            return self.level
        return self.target.depth if self.target else Depth.USE

    def as_dict(self) -> dict[str, object]:
        """JSON-ready description of what was understood."""
        return {
            "goal": self.text,
            "target": self.target.id if self.target else None,
            "level": self.depth.label,
            "level_from_words": self.level is not None,
            "ambiguous": self.ambiguous,
            "candidates": [
                {"id": c.concept.id, "title": c.concept.title, "score": round(c.score, 3)} for c in self.candidates
            ],
        }


def detect_level(folded_words: list[str]) -> Depth | None:
    """The deepest level the words ask for, or None."""
    joined = " " + " ".join(folded_words) + " "
    found = [level for phrase, level in LEVEL_PHRASES.items() if f" {phrase} " in joined]
    found += [LEVEL_WORDS[w] for w in folded_words if w in LEVEL_WORDS]
    return max(found) if found else None


class GoalParser:
    """Parses goals against one graph, reusing a search index."""

    def __init__(self, graph: Graph, index: SearchIndex | None = None) -> None:
        self.graph = graph
        self.index = index or SearchIndex(graph)
        self._stem_keys: dict[str, set[str]] | None = None
        self._context: dict[str, set[str]] = {}

    @property
    def stem_keys(self) -> dict[str, set[str]]:
        """Stemmed names -> concept ids, so "forecast" finds "forecasting"."""
        if self._stem_keys is None:
            table: dict[str, set[str]] = {}
            for concept in self.graph.concepts.values():
                for name in (concept.title, *concept.aliases):
                    k = " ".join(text.stems(name))
                    if k:
                        table.setdefault(k, set()).add(concept.id)
            self._stem_keys = table
        return self._stem_keys

    def _links(self, concept: Concept) -> int:
        return len(self.graph.unlocks(concept.id)) + len(concept.related) + len(set(concept.prerequisite_ids()))

    def context_of(self, concept: Concept) -> set[str]:
        """Stems that describe a concept: its names, tags, area, definition and neighbours."""
        cached = self._context.get(concept.id)
        if cached is not None:
            return cached
        parts = [concept.title, *concept.aliases, *concept.tags, self.graph.area_title(concept.area), concept.definition]
        for other in (*concept.prerequisite_ids(), *concept.related, *self.graph.unlocks(concept.id)):
            neighbour = self.graph.concepts.get(other)
            if neighbour:
                parts.append(neighbour.title)
                parts.extend(neighbour.aliases)
        stems = set(text.stems(" ".join(parts)))
        self._context[concept.id] = stems
        return stems

    def parse(self, goal: str) -> Goal:
        """Understand a goal; raises GoalError when it is empty or names nothing we know."""
        clean = text.sanitize(goal)
        all_words = text.words(clean)
        if not all_words:
            raise GoalError("empty goal: say what you want to learn, e.g. 'use LDA for topic modelling'")
        level = detect_level(all_words)
        direct = self.index.resolve(clean)
        if direct is not None:
            return Goal(goal, direct, level, [Candidate(direct, 1.0, direct.title)])
        content = [w for w in all_words if w not in STOP_WORDS or w in PURPOSE_WORDS]
        head_end = next((i for i, w in enumerate(content) if w in PURPOSE_WORDS and i > 0), len(content))
        content_positions = [i for i, w in enumerate(content) if w not in PURPOSE_WORDS]
        words_only = [content[i] for i in content_positions]
        in_head = [i < head_end for i in content_positions]
        candidates = self._candidates(words_only, in_head)
        if not candidates:
            raise GoalError(f"no concept matches the goal {goal!r}; try `conceptmap search` with fewer words")
        # Equal scores: the better-connected concept is the more likely meaning.
        candidates.sort(key=lambda c: (-c.score, -self._links(c.concept), c.concept.depth, c.concept.id))
        top = candidates[0]
        ambiguous = len(candidates) > 1 and candidates[1].score >= top.score - AMBIGUITY_MARGIN
        return Goal(goal, top.concept, level, candidates[:6], ambiguous)

    def _candidates(self, words: list[str], in_head: list[bool]) -> list[Candidate]:
        n = len(words)
        if n == 0:
            return []
        level_only = set(LEVEL_WORDS)
        found: dict[str, Candidate] = {}
        for size in range(min(n, 6), 0, -1):
            for start in range(0, n - size + 1):
                span = words[start : start + size]
                span_key = " ".join(span)
                generic = all(w in level_only for w in span)
                matches: list[tuple[str, float, str]] = []
                for _score, cid, name in self.index.exact.get(span_key, ()):
                    matches.append((cid, 1.0, name))
                for cid in self.stem_keys.get(" ".join(text.stem(w) for w in span), ()):
                    matches.append((cid, 0.97, span_key))
                if not generic and len(span_key) >= 5:
                    for _key, score, idx in process.extract(
                        span_key, self.index.keys, scorer=fuzz.ratio, score_cutoff=84, limit=5
                    ):
                        cid, name = self.index.owners[idx]
                        matches.append((cid, 0.95 * score / 100, name))
                if not matches:
                    continue
                rest = [text.stem(w) for i, w in enumerate(words) if not start <= i < start + size and w not in level_only]
                coverage = size / n
                head_bonus = 0.3 if any(in_head[start : start + size]) else 0.0
                for cid, quality, name in matches:
                    concept = self.graph.concepts[cid]
                    if generic and quality < 1.0:
                        continue
                    context = 0.0
                    if rest:
                        known_stems = self.context_of(concept)
                        context = sum(1 for s in rest if s in known_stems) / len(rest)
                    score = quality * (0.5 + 0.5 * coverage) + 0.25 * context + head_bonus
                    if cid not in found or score > found[cid].score:
                        found[cid] = Candidate(concept, score, name)
        return list(found.values())
