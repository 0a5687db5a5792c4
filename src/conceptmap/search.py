"""Finding concepts by what a user types: exact names, typos, acronyms, then definitions.

Everything a search looks up depends only on the packs, so it is built once per
pack fingerprint into an SQLite file beside the parsed-pack cache (as the goal
index is, ``goalindex.open_index``): the folded names, the exact-name keys (titles,
aliases, acronyms) and, per definition stem, the concepts whose definition uses it.
A call opens it and reads what the query needs; a concept given by id never opens it.
Without a cache folder the same tables are built in memory.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import text
from .goalindex import open_index
from .model import Concept, Graph

SEARCH_FORMAT = 1  # bump when the tables or what goes into them change

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
    from rapidfuzz import fuzz  # imported on first fuzzy match: `show ID` never needs it

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
    from rapidfuzz import fuzz

    key_words = key_text.split()
    query_cover = sum(_word_match(w, key_words) for w in query_words) / len(query_words)
    key_cover = sum(_word_match(w, query_words) for w in key_words) / len(key_words)
    return 100.0 * (0.55 * query_cover + 0.25 * key_cover + 0.2 * fuzz.QRatio(query, key_text) / 100)


def _names_of(graph: Graph) -> Iterator[tuple[str, str, str, float, bool]]:
    """(key, concept id, name, exact score, fuzzy) for every name: titles and aliases (fuzzy too), then acronyms."""
    for concept in graph.concepts.values():
        for name, score in ((concept.title, EXACT_TITLE), *((alias, EXACT_ALIAS) for alias in concept.aliases)):
            folded = text.key(name)
            if folded:
                yield folded, concept.id, name, score, True
        initials = text.acronym(concept.title)
        if initials and len(initials) >= 2:
            yield initials, concept.id, concept.title, EXACT_ACRONYM, False


def _fill_names(connection: sqlite3.Connection, graph: Graph, stamp: str) -> None:
    """The name tables: ``names`` (what fuzzy matching scans, in order), ``exact`` (every exact key)."""
    cur = connection.cursor()
    cur.executescript(
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE TABLE names(i INTEGER PRIMARY KEY, cid TEXT, name TEXT);
        CREATE TABLE exact(key TEXT, pos INTEGER, score REAL, cid TEXT, name TEXT);
        CREATE TABLE postings(stem TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;
        """
    )
    keys: list[str] = []
    names = []
    exact = []
    for pos, (key, cid, name, score, fuzzy) in enumerate(_names_of(graph)):
        if fuzzy:
            names.append((len(keys), cid, name))
            keys.append(key)
        exact.append((key, pos, score, cid, name))
    cur.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    cur.executemany("INSERT INTO exact VALUES (?, ?, ?, ?, ?)", exact)
    cur.execute("CREATE INDEX exact_key ON exact(key, pos)")
    # Folded names never hold a newline: one row, split at once, instead of one row each.
    cur.executemany("INSERT INTO meta VALUES (?, ?)", [("stamp", stamp), ("keys", "\n".join(keys))])
    connection.commit()


def _fill_postings(connection: sqlite3.Connection, graph: Graph) -> None:
    """Per stem of any definition, the ids of the concepts whose definition uses it."""
    postings: dict[str, list[str]] = {}
    for concept in graph.concepts.values():
        for stem in set(text.stems(concept.definition)):
            postings.setdefault(stem, []).append(concept.id)
    connection.executemany("INSERT INTO postings VALUES (?, ?)", ((stem, " ".join(ids)) for stem, ids in postings.items()))
    connection.execute("INSERT INTO meta VALUES ('postings', 'built')")
    connection.commit()


class SearchIndex:
    """Search over one graph, through the search index kept beside the parsed-pack cache."""

    def __init__(self, graph: Graph, stamp: str = "", folder: Path | None = None) -> None:
        self.graph = graph
        self._path = folder / "search.sqlite" if folder is not None and stamp else None
        self._stamp = f"{SEARCH_FORMAT}:{stamp}"
        self._db: sqlite3.Connection | None = None
        self._keys: list[str] | None = None
        # The TUI searches from worker threads: one query on the connection at a time.
        self._lock = threading.RLock()

    @property
    def db(self) -> sqlite3.Connection:
        """The open index, opened (or built) on first use."""
        with self._lock:
            if self._db is None:
                if self._path is None:
                    # In memory (no cache folder): the definition stems wait for a search that needs them.
                    self._db = open_index(None, self._stamp, lambda db: _fill_names(db, self.graph, self._stamp))
                else:
                    self._db = open_index(self._path, self._stamp, self._fill)
            return self._db

    def _fill(self, connection: sqlite3.Connection) -> None:
        """Every table, for an index kept in a file."""
        _fill_names(connection, self.graph, self._stamp)
        _fill_postings(connection, self.graph)

    def close(self) -> None:
        """Close the index file (reopened if used again)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
            self._keys = None

    @property
    def keys(self) -> list[str]:
        """Folded titles and aliases, in graph order: what rapidfuzz scans."""
        with self._lock:
            if self._keys is None:
                (blob,) = self.db.execute("SELECT value FROM meta WHERE key = 'keys'").fetchone()
                self._keys = blob.split("\n") if blob else []
            return self._keys

    def _exact(self, key: str) -> list[tuple[float, str, str]]:
        """(score, concept id, name) of every exact name with this key, in graph order."""
        with self._lock:
            rows = self.db.execute("SELECT score, cid, name FROM exact WHERE key = ? ORDER BY pos", (key,)).fetchall()
        return [(float(score), cid, name) for score, cid, name in rows]

    def _owners(self, positions: list[int]) -> dict[int, tuple[str, str]]:
        """(concept id, name) of some of ``keys``, by position."""
        marks = ",".join("?" * len(positions))
        with self._lock:
            rows = self.db.execute(f"SELECT i, cid, name FROM names WHERE i IN ({marks})", positions).fetchall()
        return {i: (cid, name) for i, cid, name in rows}

    def _defined_with(self, stems: list[str]) -> set[str]:
        """Ids of the concepts whose definition uses every one of these stems."""
        wanted = sorted(set(stems))
        marks = ",".join("?" * len(wanted))
        with self._lock:
            db = self.db
            if self._path is None and db.execute("SELECT 1 FROM meta WHERE key = 'postings'").fetchone() is None:
                _fill_postings(db, self.graph)
            rows = db.execute(f"SELECT stem, ids FROM postings WHERE stem IN ({marks})", wanted).fetchall()
        if len(rows) < len(wanted):
            return set()  # a stem no definition uses
        lists = sorted((ids.split(" ") for _stem, ids in rows), key=len)
        common = set(lists[0])
        for ids in lists[1:]:
            common.intersection_update(ids)
        return common

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
            if query_stems:
                for cid in self._defined_with(query_stems):
                    if cid not in best:
                        offer(cid, TEXT_BASE + min(10.0, 2.0 * len(query_stems)), "definition")
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0], self.graph.concepts[item[0]].depth, self.graph.concepts[item[0]].title.lower()),
        )
        return [Hit(self.graph.concepts[cid], score, matched) for cid, (score, matched) in ranked[:limit]]

    def _names(self, q: str, limit: int, offer: Callable[[str, float, str], None]) -> None:
        """Offer every concept whose title or alias matches q, exactly or fuzzily."""
        for score, cid, name in self._exact(q):
            offer(cid, score, name)
        if len(q) >= 2:
            from rapidfuzz import fuzz, process

            # Stage one, in C: rapidfuzz's WRatio shortlists names. Stage two reranks the
            # shortlist by how many of the query's words each name covers, and the reverse,
            # so "linear model" finds "Generalized linear model" before "Model" or "mode".
            found = process.extract(q, self.keys, scorer=fuzz.WRatio, limit=max(limit * 5, 50), score_cutoff=FUZZY_CUTOFF)
            if not found:
                return
            owners = self._owners([index for _key, _score, index in found])
            query_words = q.split()
            for key_text, _score, index in found:
                cid, name = owners[index]
                offer(cid, min(FUZZY_CAP, rerank(query_words, q, key_text)), name)

    def named(self, id_or_title: str) -> list[Concept]:
        """Every concept whose id, title or alias is exactly this name, best name first."""
        raw = id_or_title.strip()
        if raw in self.graph.concepts:
            return [self.graph.concepts[raw]]
        entries = sorted(self._exact(text.key(raw)), key=lambda e: (-e[0], len(e[1]), e[1]))
        return [self.graph.concepts[cid] for cid in dict.fromkeys(cid for _score, cid, _ in entries)]

    def resolve(self, id_or_title: str) -> Concept | None:
        """A concept named exactly by id, title or alias (first by title), else None."""
        raw = id_or_title.strip()
        if raw in self.graph.concepts:
            return self.graph.concepts[raw]
        entries = self._exact(text.key(raw))
        if not entries:
            return None
        score, cid, _ = max(entries, key=lambda e: (e[0], -len(e[1])))
        same = [e for e in entries if e[0] == score]
        if len(same) > 1:
            return None  # ambiguous: let the caller list candidates
        return self.graph.concepts[cid]
