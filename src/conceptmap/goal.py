"""Understanding a goal typed in words: which concept (or track), and how deep.

"use LDA for topic modelling" -> Latent Dirichlet Allocation at the use level;
"predict which customers will leave" -> Binary classification, through its task
phrases; "pass the AWS ML specialty exam" -> the AWS track.

How (docs/planning.md has the long form):

1. Level words and phrases ("use", "derive", "in a few lines of code") give the level.
2. Each word is weighed by how rare it is in the pack; a word the pack never uses is
   corrected to a near pack word only when it is not itself an English word.
3. Candidates come from the goal index (``goalindex.py``): BM25F over names, task
   phrases, tags, definitions and neighbours' names, and names said by a span of the
   goal exactly, by stems or by word roots in any order.
4. Each candidate gets a few features (``FEATURES``); a weighted sum ranks them. The
   weights, and the confidence floor under which the goal is "not understood", are
   fitted on a public goal set by scripts/fit_goal_ranker.py (``goal_weights.py``).
5. Later parts of a goal joined by "with", "and", "using"... add targets when they
   name a concept outright ("an image classifier with fastai"); the main target is still
   the best candidate for the whole goal.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import goal_weights, text
from .goalindex import FIELDS, Doc, GoalIndex, NameKind, root_key
from .model import Concept, Depth, Graph, Track
from .problems import ConceptmapError

# Level phrases are read first and their words then say nothing more about the level:
# "in a few lines of code" asks for use although "code" alone asks for how.
LEVEL_PHRASES: dict[str, Depth] = {
    "from scratch": Depth.HOW,
    "what is": Depth.OVERVIEW,
    "what are": Depth.OVERVIEW,
    "what does": Depth.OVERVIEW,
    "how it works": Depth.HOW,
    "how does": Depth.HOW,
    "under the hood": Depth.HOW,
    "the math behind": Depth.THEORY,
    "the maths behind": Depth.THEORY,
    # Questions of quantity or of doing are use, though they start with "how".
    "how do i": Depth.USE,
    "how do we": Depth.USE,
    "how can i": Depth.USE,
    "how can we": Depth.USE,
    "how to": Depth.USE,
    "how many": Depth.USE,
    "how much": Depth.USE,
    "how big": Depth.USE,
    "how long": Depth.USE,
    "how sure": Depth.USE,
    "how often": Depth.USE,
    "how well": Depth.USE,
    "how likely": Depth.USE,
    "how accurate": Depth.USE,
    "how fast": Depth.USE,
    "how will": Depth.USE,
    "explain to": Depth.USE,
    "why does my": Depth.USE,
    "why is my": Depth.USE,
    "what s": Depth.OVERVIEW,
    # Comparisons and "what is it for" ask what things are before how they work.
    "difference between": Depth.OVERVIEW,
    "whats the difference": Depth.OVERVIEW,
    "what s the difference": Depth.OVERVIEW,
    "why do we need": Depth.OVERVIEW,
    "why do we even need": Depth.OVERVIEW,
    "why would i need": Depth.OVERVIEW,
    "vs": Depth.OVERVIEW,
    "versus": Depth.OVERVIEW,
    "which one": Depth.OVERVIEW,
    "which is better": Depth.OVERVIEW,
    "when to use which": Depth.OVERVIEW,
    "what do": Depth.OVERVIEW,
    "where do i start": Depth.OVERVIEW,
    "where should i start": Depth.OVERVIEW,
    "where to start": Depth.OVERVIEW,
    "lines of code": Depth.USE,
    "few lines": Depth.USE,
    "in my app": Depth.USE,
    "in my application": Depth.USE,
    "in production": Depth.USE,
    "quickly": Depth.USE,
    "without code": Depth.USE,
    "no code": Depth.USE,
}
# Asking for it simply caps the level at overview, whatever the question's form:
# "how does ChatGPT work, explain like I'm 5" wants the gist, not the mechanism.
SIMPLE_PHRASES = frozenset(
    {
        "in simple words", "in simple terms", "in plain english", "in plain words", "eli5", "simply",
        "explain like im 5", "explain like i m 5", "like im five",
        "like i m five", "like im 5", "like i m 5", "for beginners", "for a beginner", "for dummies",
        "in a nutshell", "high level", "in laymans terms", "in layman s terms", "in layman terms",
    }
)
LEVEL_PHRASES.update({phrase: Depth.OVERVIEW for phrase in SIMPLE_PHRASES})
LEVEL_WORDS: dict[str, Depth] = {
    **{w: Depth.OVERVIEW for w in ("overview", "intro", "introduction", "gist", "idea", "about")},
    **{
        w: Depth.USE
        for w in ("use", "using", "apply", "applying", "train", "training", "deploy", "deploying", "run",
                  "running", "build", "building", "fit", "fitting", "practice", "practical", "do", "try")
    },
    **{
        w: Depth.HOW
        for w in ("understand", "understanding", "how", "intuition", "explain", "explained", "why", "works",
                  "mechanism", "implement", "implementing", "internals")
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
    "before after between s which what who whom how when where whether if you your us".split()
)
# Words after which the rest of a goal is purpose, not the thing to learn.
PURPOSE_WORDS = frozenset({"for", "to", "so", "on", "in", "with", "before", "after", "into", "over"})
# Words that join a further thing to learn: "an image classifier with fastai".
JOINING_WORDS = frozenset({"with", "using", "and", "plus", "via", "in"})
#: Words that make a name the deeper side of a topic ("Backpropagation derivation").
DEEPER_WORDS = frozenset(
    "derivation derivations math maths mathematics theorem theory proof proofs "
    "generative analysis duality internals".split()
)
#: The ranking features, in goal_weights.FEATURE_WEIGHTS order.
FEATURES: tuple[str, ...] = (
    "bm25",  # BM25F score over the fields, relative to the best candidate's
    "exact",  # share of the goal's weight in a span of the head that is exactly one of its names
    "stems",  # ... a head span equal to a name up to word endings
    "roots",  # ... a head span with a name's word roots, in any order ("detect objects")
    "head",  # share of the goal's head (before "for", "to"...) named by such a span
    "task",  # best overlap with one of its task phrases (both ways)
    "cover",  # share of the goal's weight found in its names, tasks, tags and summary
    "links",  # how connected it is in the graph: a prior for central concepts
    "purpose",  # share of the goal in a span after the head naming it ("for topic modelling")
)
_BM25, _EXACT, _STEMS = FEATURES.index("bm25"), FEATURES.index("exact"), FEATURES.index("stems")
CANDIDATE_POOL = 40  # rows taken from BM25 before the features rank them
MAX_SPAN = 6


class GoalError(ConceptmapError):
    """A goal that names nothing we have (or nothing at all)."""


class UnclearGoal(GoalError):
    """A goal we cannot tell: the best candidates, with why each matched, for the user to pick."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass
class Candidate:
    """A concept (or track) a goal may mean, with how well it fits and why."""

    concept: Concept | None
    score: float
    matched: str  # the name, task phrase or field that matched best
    track: Track | None = None
    features: tuple[float, ...] = ()
    why: dict[str, str] = field(default_factory=dict)  # goal word -> field it was found in
    domain_share: float = 1.0  # share of the goal's weight in words the pack says what things are with
    named: frozenset[int] = frozenset()  # positions of the goal's words that say its name

    confidence: float = 0.0  # the score's absolute part, times the goal's domain share

    @property
    def ref(self) -> str:
        """A concept id, or ``track:ID``."""
        if self.track is not None:
            return f"track:{self.track.id}"
        assert self.concept is not None
        return self.concept.id

    @property
    def title(self) -> str:
        """What to call it."""
        if self.track is not None:
            return self.track.title
        assert self.concept is not None
        return self.concept.title

    def as_dict(self) -> dict[str, object]:
        """JSON shape of one candidate."""
        return {"id": self.ref, "title": self.title, "score": round(self.score, 3), "why": self.why}


@dataclass
class Goal:
    """What a goal in words was understood as."""

    text: str
    target: Concept | None
    level: Depth | None  # from the goal's words; None when it named no level
    candidates: list[Candidate] = field(default_factory=list)
    ambiguous: bool = False
    also: list[Concept] = field(default_factory=list)  # further targets the goal names ("with fastai")
    track: Track | None = None  # a goal that asks for a whole track
    confident: bool = True
    why: dict[str, str] = field(default_factory=dict)  # goal word -> field of the target it matched
    named: bool = True  # the goal says the target's name, rather than a problem it answers
    rivals: list[Candidate] = field(default_factory=list)  # runners-up within the ambiguity margin

    @property
    def depth(self) -> Depth:
        """The depth limit to plan with: the asked level (how or why of a deeper target: its depth);
        else use, or the depth of a target named.

        A goal that names no level is a problem to solve or a thing to work with
        ("predict which customers will leave", "order search results so the best come
        first"): the learner wants to be able to do it, so the target is planned with what
        using it needs, and deeper prerequisites are rabbit holes. A goal that only names a
        concept ("backpropagation") asks for it as the graph holds it, and at least use.
        """
        if self.level is not None:
            if self.target is not None and self.level >= Depth.HOW and self.target.depth > self.level:
                # Asking how or why something works, of a concept that is itself theory
                # ("why gradient descent converges on convex problems"), asks for its theory:
                # the mechanism of a proof is the proof. Overview and use asks stay shallow.
                return self.target.depth
            return self.level
        if self.target is None or not self.named:
            return Depth.USE
        return max(self.target.depth, Depth.USE)

    @property
    def targets(self) -> list[Concept]:
        """Every concept the goal asks for: the main one first."""
        return ([self.target] if self.target else []) + self.also

    @property
    def others(self) -> list[Candidate]:
        """The close runners-up, best first: candidates (concepts or tracks) within the ambiguity
        margin of the best, other than the concept planned. Empty when the goal is not ambiguous.

        The concept planned can be the best one's deeper side, itself a candidate
        ("derive the math behind LDA": LDA, planned as LDA inference derivation).
        """
        planned = self.target.id if self.target else None
        return [c for c in self.rivals if c.ref != planned]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready description of what was understood."""
        return {
            "goal": self.text[:1000],  # a pasted essay is not echoed whole
            "target": self.target.id if self.target else None,
            "targets": [c.id for c in self.targets],
            "track": self.track.id if self.track else None,
            "level": self.depth.label,
            "level_from_words": self.level is not None,
            "ambiguous": self.ambiguous,
            "confident": self.confident,
            "why": self.why,
            "candidates": [
                {"id": c.ref, "title": c.title, "score": round(c.score, 3)} for c in self.candidates
            ],
        }


def detect_level(folded_words: list[str]) -> Depth | None:
    """The level the words ask for, or None.

    Level phrases are read first, longest first; when any is found the phrases decide
    ("what does 'training' mean" asks for an overview) and the deepest phrase wins.
    Otherwise the deepest level word wins ("understand the maths" asks for theory).
    """
    joined = " " + " ".join(folded_words) + " "
    phrases = []
    simple = False
    for phrase in sorted(LEVEL_PHRASES, key=len, reverse=True):
        if f" {phrase} " in joined:
            phrases.append(LEVEL_PHRASES[phrase])
            simple = simple or phrase in SIMPLE_PHRASES
            joined = joined.replace(f" {phrase} ", " | ")
    if phrases:
        # A phrase and a deeper word together: "how do I derive X" still asks for theory.
        theory = [w for w in joined.split() if LEVEL_WORDS.get(w) == Depth.THEORY]
        return Depth.THEORY if theory else Depth.OVERVIEW if simple else max(phrases)
    found = [LEVEL_WORDS[w] for w in joined.split() if w in LEVEL_WORDS]
    return max(found) if found else None


def level_phrase_positions(folded_words: list[str]) -> set[int]:
    """Positions of the words that belong to a level phrase ("under the hood", "in a few lines
    of code"): they say how deep, not what, so they count as level words when ranking."""
    found: set[int] = set()
    for phrase in LEVEL_PHRASES:
        parts = phrase.split()
        for i in range(len(folded_words) - len(parts) + 1):
            if folded_words[i : i + len(parts)] == parts:
                found.update(range(i, i + len(parts)))
    return found


@dataclass
class _Word:
    """One word of a goal as the ranker sees it."""

    surface: str  # folded, as typed (or as corrected)
    stem: str
    weight: float
    position: int
    known: bool  # the pack uses this word somewhere
    full: float = 0.0  # the weight before a level word's discount: its weight inside a longer name
    domain: bool = False  # ... in a name, task phrase, tag or summary, not only in an example


def _named_weight(words: list[_Word]) -> float:
    """The weight of goal words a name covers: a level word inside a longer name is part of
    the name, not a level ("distributed training" names a concept; "training" alone asks for use)."""
    if len(words) > 1:
        return sum(w.full or w.weight for w in words)
    return sum(w.weight for w in words)


def _longest_names(spans: dict[int, dict[str, tuple[float, frozenset[int]]]]) -> dict[int, dict[str, tuple[float, frozenset[int]]]]:
    """Names said inside a longer name said by the same goal are part of it, not names of their
    own: in "distributed training", "Distribution" (by stem) is not named, nor "Network" in
    "neural network" (longest match, as entity linkers read names)."""
    said = [entry["any"][1] for entry in spans.values() if "any" in entry]
    return {row: entry for row, entry in spans.items() if not any(entry.get("any", (0.0, frozenset()))[1] < other for other in said)}


def _concept_before_track(candidates: list[Candidate], folded: list[str]) -> list[Candidate]:
    """A track is a container: when the goal also names a concept outright, with a word the
    track's own title and tasks do not say ("AI-900 responsible AI principles"), that concept
    is what the goal asks about, in the track's context; it goes first."""
    top = candidates[0]
    if top.track is None:
        return candidates
    for i, other in enumerate(candidates[1:], 1):
        said = [folded[p] for p in other.named if p < len(folded)]
        if other.concept is not None and other.features[_STEMS] > 0 and any(top.why.get(w) not in ("names", "tasks") for w in said):
            return [other, *candidates[:i], *candidates[i + 1 :]]
    return candidates


class GoalParser:
    """Parses goals against one graph through its goal index."""

    def __init__(self, graph: Graph, stamp: str = "", cache_folder: Path | None = None) -> None:
        self.graph = graph
        self._where = (stamp, cache_folder)
        self._index: GoalIndex | None = None
        self._opening = threading.Lock()  # the TUI parses goals from worker threads
        self.field_weights = goal_weights.FIELD_WEIGHTS
        self.feature_weights = goal_weights.FEATURE_WEIGHTS
        self.level_word_weight = goal_weights.LEVEL_WORD_WEIGHT
        self.floor = goal_weights.CONFIDENCE_FLOOR
        self.margin = goal_weights.AMBIGUITY_MARGIN
        self._max_links: float | None = None
        self._field_stems: dict[int, tuple[frozenset[str], ...]] = {}
        self._phrase_stems: dict[int, list[frozenset[str]]] = {}
        #: Features by goal words, kept only while fitting weights (the features do not
        #: depend on the feature weights, so a fit re-scores without re-querying).
        self.memo: dict[tuple[str, ...], list[Candidate]] | None = None

    @property
    def index(self) -> GoalIndex:
        """The goal index, opened (or built) on first need: a goal that is an id never opens it."""
        if self._index is None:
            with self._opening:
                if self._index is None:
                    self._index = GoalIndex.open(self.graph, *self._where, STOP_WORDS)
        return self._index

    # -- the pipeline --------------------------------------------------------------------
    def parse(self, goal: str) -> Goal:
        """Understand a goal; raises GoalError when it is empty or names nothing we know.

        A goal below the confidence floor comes back with ``confident`` False and its
        candidates: callers decide whether to plan it anyway (`Session.plan` does not).
        """
        clean = text.sanitize(goal)
        all_words = text.words(clean)
        if not all_words:
            raise GoalError("empty goal: say what you want to learn, e.g. 'use LDA for topic modelling'")
        level = detect_level(all_words)
        if clean.strip().startswith("track:"):
            # A candidate's ref given back ("track:ID", as `path --json` and the can't-tell list
            # print it): that track, or a clear error; its words are never ranked.
            track = self._track(clean.strip().removeprefix("track:").strip())
            return Goal(goal, None, level, [Candidate(None, 1.0, track.title, track)], track=track)
        direct = self._direct(clean)
        if direct is not None:
            return Goal(goal, direct, level, [Candidate(direct, 1.0, direct.title)])
        # Names after "with", "using", "and"... are planned beside the main target ("an image
        # classifier with fastai"); the main target is the best candidate for the whole goal,
        # whose joined part often says what it is for ("a conversion rate ... with pymc").
        joined, consumed = self._joined_targets(all_words)
        ranked_words = all_words
        candidates = self.rank(ranked_words)
        if not candidates:
            raise UnclearGoal(f"can't tell what {text.shorten(goal)} asks for: no concept matches its words", [])
        candidates = _concept_before_track(candidates, ranked_words)
        top = candidates[0]
        names = top.named | frozenset(consumed)
        if names:
            # Words of the target's own name, or of a name joined to it, are not level words:
            # "SQL basics", "entropy in information theory".
            level = detect_level([w for i, w in enumerate(ranked_words) if i not in names])
        confident = top.confidence >= self.floor
        # Words beyond the target's name that could tell two namesakes apart ("for topic modelling").
        telling = [w for i, w in enumerate(ranked_words) if i not in top.named and w not in STOP_WORDS and w not in LEVEL_WORDS]
        # Runners-up close enough to be what the goal meant: offered as "Did you mean".
        rivals = [c for c in candidates[1:6] if c.score >= top.score - self.margin]
        if (
            len(candidates) > 1
            and candidates[1] not in rivals
            # the goal is exactly a name of both ("use LDA"): only more words can tell
            and (not telling and candidates[1].named == top.named and min(top.features[_EXACT], candidates[1].features[_EXACT]) > 0)
        ):
            rivals.insert(0, candidates[1])
        ambiguous = bool(rivals)
        if top.track is not None:
            return Goal(
                goal, None, level, candidates[:6], ambiguous, track=top.track, confident=confident, why=top.why, named=bool(top.named), rivals=rivals
            )
        assert top.concept is not None
        target = self.deepen(top.concept, level)
        also = [c for c in joined if c.id != top.concept.id and c.id != target.id]
        return Goal(goal, target, level, candidates[:6], ambiguous, also, None, confident, top.why, bool(top.named), rivals)

    def _track(self, track_id: str) -> Track:
        """The track with this id; GoalError naming the ids there are otherwise."""
        for track in self.graph.tracks:
            if track.id == track_id:
                return track
        known = ", ".join(t.id for t in self.graph.tracks[:20]) or "none in this pack"
        raise GoalError(f"no track {text.shorten(track_id)}: tracks are {known} (`conceptmap tracks` lists them)")

    def _direct(self, clean: str) -> Concept | None:
        """A concept named exactly by id, title or unshared alias: no ranking needed."""
        raw = clean.removeprefix("id:").strip()
        if raw in self.graph.concepts:
            return self.graph.concepts[raw]
        key = text.key(raw)
        rows = set(self.index.names([key], NameKind.EXACT).get(key, []))
        if len(rows) == 1:
            return self.index.doc(rows.pop()).concept  # None for a track: tracks are ranked
        return None

    def words(self, folded: list[str]) -> list[_Word]:
        """The goal's content words with their weights, typos corrected."""
        content = [(i, w) for i, w in enumerate(folded) if w not in STOP_WORDS]
        if not content:
            return []
        surfaces = [w for _, w in content]
        # One look-up per batch of words answers both questions: how rare, and whether the
        # pack names things with it (the goal's domain share, for confidence).
        counts = self.index.vocabulary(surfaces + ["~" + text.root(w) for w in surfaces])
        df = {word: frequency for word, (frequency, _near) in counts.items()}
        unknown = [w for w in surfaces if w not in df]
        english = self.index.english(unknown)
        for w in unknown:
            if w in english and "~" + text.root(w) in df:
                df[w] = df["~" + text.root(w)]  # known by its root: "detect" where the pack says "detection"
        unknown = [w for w in unknown if w not in df]
        corrected: dict[str, str] = {}
        for word in unknown:
            if word not in english and len(word) >= 4 and not word.isdigit():
                fixed = self._correct(word)
                if fixed is not None:
                    corrected[word] = fixed
        if corrected:
            fixes = list(corrected.values())
            found = self.index.vocabulary(fixes + ["~" + text.root(w) for w in fixes])
            counts.update(found)
            df.update({word: found[word][0] for word in fixes if word in found})
        size = max(self.index.size, 1)
        phrased = level_phrase_positions(folded)
        domain = {word for word, (_frequency, near) in counts.items() if near}
        out = []
        for position, word in content:
            word = corrected.get(word, word)
            # Inverse document frequency; a word the pack never uses weighs as much as the rarest.
            weight = base = math.log(1 + size / (1 + df.get(word, 0)))
            if word in LEVEL_WORDS or position in phrased:
                weight *= self.level_word_weight
            in_domain = word in domain or "~" + text.root(word) in domain
            out.append(_Word(word, text.stem(word), weight, position, word in df, base, in_domain))
        return out

    def _correct(self, word: str) -> str | None:
        """The pack word a typo most likely meant: one edit away (two for long words), the commonest."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        limit = 1 if len(word) <= 6 else 2
        near = process.extract(word, self.index.vocabulary_near(len(word)), scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
        if not near:
            return None
        best = min(distance for _, distance, _ in near)
        options = [w for w, distance, _ in near if distance == best]
        frequency = self.index.document_frequency(options)
        return max(options, key=lambda w: (frequency.get(w, 0), w))

    def rank(self, folded: list[str]) -> list[Candidate]:
        """Candidates for a goal's words, best first, scored by the fitted weights."""
        if self.memo is None:
            return self.score(self.features(folded))
        key = tuple(folded)
        if key not in self.memo:
            self.memo[key] = self.features(folded)
        return self.score(list(self.memo[key]))

    def score(self, found: list[Candidate]) -> list[Candidate]:
        """Score candidates from their features with the current weights; best first."""
        weights = self.feature_weights
        for candidate in found:
            candidate.score = sum(w * f for w, f in zip(weights, candidate.features))
            # BM25 is relative to the best candidate (always 1 for the winner), so it says
            # nothing about whether the goal was understood at all: confidence leaves it out,
            # and counts only the part of the goal made of words the pack names things with.
            candidate.confidence = (candidate.score - weights[_BM25] * candidate.features[_BM25]) * candidate.domain_share
        found.sort(key=lambda c: (-c.score, c.ref))
        return found

    def features(self, folded: list[str]) -> list[Candidate]:
        """Every candidate with its feature vector (unscored): the fitting script calls this too."""
        all_words = self.words(folded)
        # Words the pack never uses cannot tell candidates apart: shares are of the rest.
        goal_words = [w for w in all_words if w.known]
        if not goal_words:
            return []
        total = sum(w.weight for w in goal_words) or 1.0
        # Confidence counts only the part of the goal in words the pack names things with:
        # "learn barre chords on guitar" meets "guitar" in one definition's example at most.
        domain_share = sum(w.weight for w in all_words if w.domain) / (sum(w.weight for w in all_words) or 1.0)
        first = goal_words[0].position
        head_end = next((i for i, w in enumerate(folded) if w in PURPOSE_WORDS and i > first), len(folded))
        head_total = sum(w.weight for w in goal_words if w.position < head_end) or 1.0
        # A word the fit weighs at nothing (a level word, when LEVEL_WORD_WEIGHT is 0) must not
        # rank through BM25 either: "use" says nothing about which LDA is meant.
        terms = sorted({w.surface for w in goal_words if w.weight > 0})
        bm25 = dict(self.index.bm25(terms, self.field_weights, CANDIDATE_POOL))
        spans = _longest_names(self._name_spans(folded, goal_words, head_end))
        rows = set(bm25) | set(spans)
        if not rows:
            return []
        missing = [r for r in rows if r not in self._field_stems]
        if missing:
            self._field_stems.update(self.index.field_stems(missing))
        best_bm25 = max(bm25.values(), default=1.0) or 1.0
        max_links = self._links_scale()
        found = []
        for row in rows:
            doc = self.index.doc(row)
            span = spans.get(row, {})
            named = span.get("any", (0.0, frozenset()))[1]
            exact = span.get("exact", (0.0, frozenset()))[0]
            stems = max(exact, span.get("stems", (0.0, frozenset()))[0])
            roots = max(stems, span.get("roots", (0.0, frozenset()))[0])
            purpose = span.get("purpose", (0.0, frozenset()))[0]
            head = min(1.0, _named_weight([w for w in goal_words if w.position in named and w.position < head_end]) / head_total)
            fields = self._stems_of(doc)
            why: dict[str, str] = {}
            near = 0.0
            for w in goal_words:
                for name, stems_in in zip(FIELDS, fields):
                    if w.stem in stems_in:
                        why[w.surface] = name
                        if name in ("names", "tasks", "tags", "summary"):
                            near += w.weight
                        break
            links = math.log(1 + self._links(doc)) / max_links
            features = (
                bm25.get(row, 0.0) / best_bm25,
                exact,
                stems,
                roots,
                head,
                self._task_overlap(doc, goal_words, total),
                near / total,
                links,
                purpose,
            )
            concept, track = doc.concept, doc.track
            matched = concept.title if concept is not None else track.title if track is not None else ""
            found.append(Candidate(concept, 0.0, matched, track, features, why, domain_share, named))
        return found

    def _name_spans(
        self, folded: list[str], goal_words: list[_Word], head_end: int
    ) -> dict[int, dict[str, tuple[float, frozenset[int]]]]:
        """Rows named by a span of the goal: the best share of the goal's weight per kind of match.

        A span starts and ends on a content word and may hold stop words inside
        ("bag of words"). Returns, per row, {kind: (share, positions)} plus "any"; a span
        that starts after the head (in "use LDA for topic modelling", "topic modelling")
        counts as kind "purpose" whatever its match, so its weight is fitted on its own.
        """
        weight_at = {w.position: w.weight for w in goal_words}
        word_at = {w.position: w for w in goal_words}
        surface_at = {w.position: w.surface for w in goal_words}
        total = sum(weight_at.values()) or 1.0
        positions = sorted(weight_at)
        spans: list[tuple[int, int]] = []
        for i, start in enumerate(positions):
            for end in positions[i : i + MAX_SPAN]:
                if end - start < 2 * MAX_SPAN:
                    spans.append((start, end))
        words_of = {s: [surface_at.get(p, folded[p]) for p in range(s[0], s[1] + 1)] for s in spans}
        keys = {
            "exact": {s: " ".join(ws) for s, ws in words_of.items()},
            "stems": {s: " ".join(text.stem(w) for w in ws) for s, ws in words_of.items()},
            "roots": {s: root_key(ws, STOP_WORDS) for s, ws in words_of.items()},
        }
        kinds = {"exact": NameKind.EXACT, "stems": NameKind.STEMS, "roots": NameKind.ROOTS}
        out: dict[int, dict[str, tuple[float, frozenset[int]]]] = {}
        for kind, by_span in keys.items():
            hits = self.index.names(sorted(set(by_span.values()) - {""}), kinds[kind])
            for span, key in by_span.items():
                for row in hits.get(key, ()):
                    inside = frozenset(p for p in weight_at if span[0] <= p <= span[1])
                    share = min(1.0, _named_weight([word_at[p] for p in inside]) / total)
                    entry = out.setdefault(row, {})
                    for slot in ("purpose" if span[0] >= head_end else kind, "any"):
                        if share > entry.get(slot, (0.0, frozenset()))[0]:
                            entry[slot] = (share, inside)
        return out

    def _task_overlap(self, doc: Doc, goal_words: list[_Word], total: float) -> float:
        """How well one task phrase says the goal: F1 of the goal's weight covered and the phrase's words used."""
        goal_stems = {w.stem: w.weight for w in goal_words}
        best = 0.0
        for task_stems in self._task_stems(doc):
            recall = sum(weight for stem, weight in goal_stems.items() if stem in task_stems) / total
            precision = len(task_stems & goal_stems.keys()) / len(task_stems)
            if recall and precision:
                best = max(best, 2 * recall * precision / (recall + precision))
        return best

    def _task_stems(self, doc: Doc) -> list[frozenset[str]]:
        """The content stems of each task phrase of a document (kept: `check` asks for them thousands of times)."""
        cached = self._phrase_stems.get(doc.row)
        if cached is None:
            tasks = doc.concept.tasks if doc.concept is not None else doc.track.tasks if doc.track is not None else ()
            phrases = (frozenset(text.stem(w) for w in text.words(task) if w not in STOP_WORDS) for task in tasks)
            cached = self._phrase_stems[doc.row] = [stems for stems in phrases if stems]
        return cached

    def _stems_of(self, doc: Doc) -> tuple[frozenset[str], ...]:
        """The stems of each indexed field of a document (read from the index, kept for this parser)."""
        cached = self._field_stems.get(doc.row)
        if cached is None:
            cached = self.index.field_stems([doc.row])[doc.row]
            self._field_stems[doc.row] = cached
        return cached

    def _links(self, doc: Doc) -> int:
        if doc.concept is None:
            return 0
        concept = doc.concept
        return len(self.graph.unlocks(concept.id)) + len(concept.related) + len(set(concept.prerequisite_ids()))

    def _links_scale(self) -> float:
        if self._max_links is None:
            most = max((self._links(d) for d in self.index.first(200)), default=1)
            self._max_links = math.log(2 + most)
        return self._max_links

    def _joined_targets(self, folded: list[str]) -> tuple[list[Concept], set[int]]:
        """Concepts named outright after a joining word ("... with fastai", "... and PyTorch"),
        with the positions of the words that named them (the joining word included)."""
        out: list[Concept] = []
        consumed: set[int] = set()
        for i, word in enumerate(folded):
            if word not in JOINING_WORDS or i == 0:
                continue
            part = []
            for j in range(i + 1, len(folded)):
                if folded[j] in JOINING_WORDS:
                    break
                if folded[j] not in STOP_WORDS:
                    part.append((j, folded[j]))
            if not part or len(part) > 4:
                continue
            words = [w for _, w in part]
            key = " ".join(words)
            for kind, probe in ((NameKind.EXACT, key), (NameKind.STEMS, " ".join(text.stem(w) for w in words))):
                rows = set(self.index.names([probe], kind).get(probe, []))
                if len(rows) != 1:
                    continue
                concept = self.index.doc(rows.pop()).concept
                if concept is not None and concept not in out:
                    out.append(concept)
                    consumed |= {i, *(j for j, _ in part)}
                break
        return out, consumed

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
