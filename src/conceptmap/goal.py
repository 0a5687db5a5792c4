"""Understanding a goal typed in words: which concept, and how deep.

"use LDA for topic modelling" -> Latent Dirichlet Allocation at the use level.
The level comes from verbs ("use", "understand", "derive"...). The target comes
from the remaining words, matched as spans against titles and aliases (exactly,
by stems, by word roots in any order, then fuzzily for typos). Words around the span are context: an
acronym shared by two concepts goes to the one whose definition and neighbours
mention the context ("LDA ... topic" vs "LDA ... dimensions ... classification").
"""

from __future__ import annotations

import math
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
    "want wanna need learn know get getting go some any so can could would should will "
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

    @property
    def others(self) -> list[Candidate]:
        """The runners-up, best first: candidates other than the best and the concept planned.

        The concept planned can be the best one's deeper side, itself a candidate
        ("derive the math behind LDA": LDA, planned as LDA inference derivation).
        """
        planned = self.target.id if self.target else None
        return [c for c in self.candidates[1:] if c.concept.id != planned]

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


#: Words that make a name the deeper side of a topic ("Backpropagation derivation").
DEEPER_WORDS = frozenset(
    "derivation derivations math maths mathematics theorem theory proof proofs "
    "generative analysis duality internals".split()
)


def _root_set(words: list[str]) -> tuple[str, ...]:
    """The sorted roots of a name's content words (stop words left out)."""
    return tuple(sorted({text.root(w) for w in words if w not in STOP_WORDS}))


class GoalParser:
    """Parses goals against one graph, reusing a search index."""

    def __init__(self, graph: Graph, index: SearchIndex | None = None) -> None:
        self.graph = graph
        self.index = index or SearchIndex(graph)
        self._stem_keys: dict[str, set[str]] | None = None
        self._root_sets: dict[tuple[str, ...], set[str]] | None = None
        self._context: dict[str, tuple[set[str], set[str]]] = {}
        self._name_frequency: dict[str, int] | None = None

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

    @property
    def root_sets(self) -> dict[tuple[str, ...], set[str]]:
        """Names by the sorted roots of their content words: "detect objects" finds "object detection"."""
        if self._root_sets is None:
            table: dict[tuple[str, ...], set[str]] = {}
            for concept in self.graph.concepts.values():
                for name in (concept.title, *concept.aliases):
                    roots = _root_set(text.words(name))
                    if roots:
                        table.setdefault(roots, set()).add(concept.id)
            self._root_sets = table
        return self._root_sets

    def _links(self, concept: Concept) -> int:
        return len(self.graph.unlocks(concept.id)) + len(concept.related) + len(set(concept.prerequisite_ids()))

    def context_of(self, concept: Concept) -> tuple[set[str], set[str]]:
        """Stems that describe a concept: (from names, tags, area and neighbours; from its definition).

        Definition paragraphs that warn "Not to be confused with ..." are left out: they
        name exactly the other meaning a context word should not point to.
        """
        cached = self._context.get(concept.id)
        if cached is not None:
            return cached
        names = [concept.title, *concept.aliases, *concept.tags, self.graph.area_title(concept.area)]
        for other in (*concept.prerequisite_ids(), *concept.related, *self.graph.unlocks(concept.id)):
            neighbour = self.graph.concepts.get(other)
            if neighbour:
                names.append(neighbour.title)
                names.extend(neighbour.aliases)
        paragraphs = [p for p in concept.definition.split("\n\n") if "confused with" not in p.lower()]
        result = (set(text.stems(" ".join(names))), set(text.stems(" ".join(paragraphs))))
        self._context[concept.id] = result
        return result

    @property
    def name_frequency(self) -> dict[str, int]:
        """Stem -> how many concepts' names use it: common words ("model") say little."""
        if self._name_frequency is None:
            counts: dict[str, int] = {}
            for concept in self.graph.concepts.values():
                for s in set(text.stems(" ".join((concept.title, *concept.aliases)))):
                    counts[s] = counts.get(s, 0) + 1
            self._name_frequency = counts
        return self._name_frequency

    def weight(self, word: str) -> float:
        """How much a word says about which concept is meant (rarer in names: more)."""
        return 1.0 / math.log(2 + self.name_frequency.get(text.stem(word), 0))

    def parse(self, goal: str) -> Goal:
        """Understand a goal; raises GoalError when it is empty or names nothing we know."""
        clean = text.sanitize(goal)
        all_words = text.words(clean)
        if not all_words:
            raise GoalError("empty goal: say what you want to learn, e.g. 'use LDA for topic modelling'")
        level = detect_level(all_words)
        direct = self.index.resolve(clean.removeprefix("id:").strip())
        if direct is not None:
            return Goal(goal, direct, level, [Candidate(direct, 1.0, direct.title)])
        candidates = self._candidates(all_words)
        if not candidates:
            raise GoalError(f"no concept matches the goal {text.shorten(goal)}; try `conceptmap search` with fewer words")
        candidates.sort(key=lambda c: (-c.score, -self._links(c.concept), c.concept.depth, c.concept.id))
        top = candidates[0]
        ambiguous = len(candidates) > 1 and candidates[1].score >= top.score - AMBIGUITY_MARGIN
        return Goal(goal, self.deepen(top.concept, level), level, candidates[:6], ambiguous)

    def deepen(self, concept: Concept, level: Depth | None) -> Concept:
        """The deeper side of a concept when the goal asks for it ("derive backpropagation").

        Where a topic is split into a practical concept and a deeper one built on it
        ("Backpropagation" and "Backpropagation derivation"), a goal that asks for the
        deeper level means the deeper concept: one built on this one, no deeper than
        asked, whose title or an alias starts with this concept's name.
        """
        if level is None or level <= concept.depth:
            return concept
        names = {text.key(n) for n in (concept.title, *concept.aliases)} - {""}

        def named(other: Concept) -> bool:
            # "LDA inference derivation" is LDA deeper; "Prediction bias" is another topic.
            own = {text.key(n) for n in (other.title, *other.aliases)}
            return any(
                o.startswith(name + " ") and not DEEPER_WORDS.isdisjoint(o[len(name) + 1 :].split())
                for name in names
                for o in own
            )

        # Follow the chain of concepts built on this one that carry its name
        # (LDA -> LDA generative process -> LDA inference derivation).
        deeper: list[Concept] = []
        frontier = [concept.id]
        seen = {concept.id}
        while frontier:
            step = []
            for cid in frontier:
                for nxt in self.graph.unlocks(cid):
                    other = self.graph.concepts[nxt]
                    if nxt not in seen and other.depth <= level and named(other):
                        seen.add(nxt)
                        step.append(nxt)
                        if other.depth > concept.depth:
                            deeper.append(other)
            frontier = step
        if not deeper:
            return concept
        return max(deeper, key=lambda c: (c.depth, -len(c.title), c.id))

    def _candidates(self, words: list[str]) -> list[Candidate]:
        """Concepts named by a span of the goal's words, scored by fit, coverage, context and place.

        A span may hold stop words inside ("bag of words") but not at its ends; a span of
        level words only ("train") must match a name exactly. Coverage counts content
        words: neither stop nor level words. Words before the first purpose word ("for",
        "to"...) are the head: "LDA" in "use LDA for topic modelling" is the target, the
        rest is context.
        """
        level_only = set(LEVEL_WORDS)
        content = [i for i, w in enumerate(words) if w not in STOP_WORDS and w not in level_only]
        if not content:
            content = [i for i, w in enumerate(words) if w not in STOP_WORDS]
        if not content:
            return []
        first = content[0]
        head_end = next((i for i, w in enumerate(words) if w in PURPOSE_WORDS and i > first), len(words))
        weights = {i: self.weight(words[i]) for i in content}
        total = sum(weights.values())
        head_total = sum(w for i, w in weights.items() if i < head_end) or 1.0
        found: dict[str, Candidate] = {}
        n = len(words)
        for start in range(n):
            for end in range(start + 1, min(n, start + 8) + 1):
                # A stop word may begin or end a span only in an exact name ("scikit learn").
                loose_edges = words[start] in STOP_WORDS or words[end - 1] in STOP_WORDS
                span = words[start:end]
                inside = [i for i in content if start <= i < end]
                generic = not inside
                if generic and start >= head_end:
                    continue
                span_key = " ".join(span)
                matches = self._matches(span, span_key, fuzzy=not generic and len(span_key) >= 5)
                if generic or loose_edges:
                    matches = [m for m in matches if m[1] >= 1.0]
                if not matches:
                    continue
                rest = [(text.stem(words[i]), weights[i]) for i in content if not start <= i < end]
                rest_total = sum(w for _, w in rest)
                coverage = sum(weights[i] for i in inside) / total
                # Naming the head is what matters most, in proportion to how much of it is named.
                head_bonus = 0.5 * sum(weights[i] for i in inside if i < head_end) / head_total
                for cid, quality, name in matches:
                    concept = self.graph.concepts[cid]
                    context = 0.0
                    if rest:
                        names, definition = self.context_of(concept)
                        context = sum(w * (1.0 if s in names else 0.5 if s in definition else 0.0) for s, w in rest) / rest_total
                    score = quality * (0.4 + 0.6 * coverage) + 0.3 * context + head_bonus
                    if cid not in found or score > found[cid].score:
                        found[cid] = Candidate(concept, score, name)
        return list(found.values())

    def _matches(self, span: list[str], span_key: str, *, fuzzy: bool) -> list[tuple[str, float, str]]:
        """Concepts a span names: exactly (1.0), by stems (0.97), by word roots in any order
        (0.93; 0.85 for one word), or fuzzily for typos (< 0.95)."""
        matches: list[tuple[str, float, str]] = [(cid, 1.0, name) for _s, cid, name in self.index.exact.get(span_key, ())]
        matches += [(cid, 0.97, span_key) for cid in self.stem_keys.get(" ".join(text.stem(w) for w in span), ())]
        if not matches:  # the same words in another order or form ("detect objects", "classify")
            roots = _root_set(span)
            quality = 0.93 if len(roots) >= 2 else 0.85  # one word's root says less: let longer names win
            matches += [(cid, quality, span_key) for cid in self.root_sets.get(roots, ())]
        if fuzzy and not matches:
            for _key, score, idx in process.extract(span_key, self.index.keys, scorer=fuzz.ratio, score_cutoff=84, limit=5):
                cid, name = self.index.owners[idx]
                matches.append((cid, 0.95 * score / 100, name))
        return matches
