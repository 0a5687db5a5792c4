"""The goal index: an SQLite file that answers "which concepts could this goal mean?" fast.

Everything in it depends only on the loaded packs, so it is built once per pack
fingerprint and kept beside the parsed-pack cache (``cache.py``); a call that
parses a goal opens it and runs a few queries instead of rebuilding anything.

What it holds:

* ``docs``: one row per concept or track (a track is a goal too).
* ``fts``: an FTS5 table over the fields a goal is ranked on (names, tasks, tags and
  area, the definition's first paragraph, the rest of it, neighbours' names), all
  folded by ``text.fold`` first (British spellings, hyphens) and stemmed by FTS5's
  Porter tokenizer; ``bm25()`` with per-field weights scores them (BM25F).
* ``names``: exact, stemmed and word-root keys of every title and alias (and task
  phrase), so "detect objects" finds "Object detection" without a scan.
* ``vocab``: every folded word of the pack with its document frequency, for word
  weights and typo correction (and each word's root as ``~root``, so a verb is known
  where only its noun is used); ``english``: a list of common English words
  (SCOWL, see data/english-words.LICENSE.txt), so a real word is never "corrected"
  into a different one ("winning" is not "binning").

Without a cache folder (``CONCEPTMAP_NO_CACHE``) the same index is built in memory.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import text
from .model import Concept, Graph, Track

INDEX_FORMAT = 5  # bump when the tables or what goes into them change

#: The FTS5 columns, in order; ``bm25()`` takes one weight per column in this order.
FIELDS: tuple[str, ...] = ("names", "tasks", "tags", "summary", "body", "neighbours")
FIELD_SEPARATOR = "\x1f"


class NameKind:
    """How a name key was made: kinds of rows in the ``names`` table."""

    EXACT = 0  # folded words, in order
    STEMS = 1  # stems, in order
    ROOTS = 2  # sorted set of word roots
    TASK = 3  # a task phrase, folded


@dataclass(frozen=True, slots=True)
class Doc:
    """One row of the index: a concept or a track."""

    row: int
    concept: Concept | None
    track: Track | None

    @property
    def ref(self) -> str:
        """The id goals resolve to: a concept id, or ``track:ID``."""
        if self.concept is not None:
            return self.concept.id
        assert self.track is not None
        return f"track:{self.track.id}"


def root_key(words: Iterable[str], stop_words: frozenset[str]) -> str:
    """The sorted roots of a name's content words, joined: word order and form do not matter."""
    return " ".join(sorted({text.root(w) for w in words if w not in stop_words}))


def _english_words() -> Iterator[str]:
    with resources.files("conceptmap").joinpath("data/english-words.txt").open(encoding="utf-8") as handle:
        for line in handle:
            word = line.strip()
            if word:
                yield word


def _docs(graph: Graph) -> list[Doc]:
    docs = [Doc(i, c, None) for i, c in enumerate(graph.concepts.values())]
    start = len(docs)
    docs += [Doc(start + i, None, t) for i, t in enumerate(graph.tracks)]
    return docs


def _fields(graph: Graph, doc: Doc) -> tuple[str, ...]:
    """The text of each FTS column for one document, folded."""
    if doc.track is not None:
        track = doc.track
        return (text.fold(track.title), text.fold(" | ".join(track.tasks)), "track", text.fold(track.description), "", "")
    concept = doc.concept
    assert concept is not None
    names = " | ".join((concept.title, *concept.aliases))
    tags = " ".join((*concept.tags, graph.area_title(concept.area)))
    summary = concept.summary
    body = concept.definition
    if summary:
        body = body.replace(summary, " ", 1)
    neighbours = []
    for other in (*concept.prerequisite_ids(), *concept.related):
        found = graph.concepts.get(other)
        if found is not None:
            neighbours.append(found.title)
    return (
        text.fold(names),
        text.fold(" | ".join(concept.tasks)),
        text.fold(tags),
        text.fold(summary),
        text.fold(body),
        text.fold(" | ".join(neighbours)),
    )


def _names(doc: Doc, stop_words: frozenset[str]) -> Iterator[tuple[str, int, int]]:
    """(key, kind, row) for each name of a document, and its task phrases."""
    if doc.concept is not None:
        names: tuple[str, ...] = (doc.concept.title, *doc.concept.aliases)
        tasks = doc.concept.tasks
    else:
        assert doc.track is not None
        names, tasks = (doc.track.title,), doc.track.tasks
    for name in names:
        words = text.words(name)
        if not words:
            continue
        yield " ".join(words), NameKind.EXACT, doc.row
        yield " ".join(text.stem(w) for w in words), NameKind.STEMS, doc.row
        roots = root_key(words, stop_words)
        if roots:
            yield roots, NameKind.ROOTS, doc.row
    for task in tasks:
        key = text.key(task)
        if key:
            yield key, NameKind.TASK, doc.row


def build(connection: sqlite3.Connection, graph: Graph, stamp: str, stop_words: frozenset[str]) -> None:
    """Fill an empty database with the index of a graph."""
    docs = _docs(graph)
    cur = connection.cursor()
    cur.executescript(
        f"""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
        CREATE VIRTUAL TABLE fts USING fts5({", ".join(FIELDS)}, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TABLE names(key TEXT, kind INTEGER, row INTEGER);
        CREATE TABLE vocab(word TEXT PRIMARY KEY, df INTEGER, near INTEGER) WITHOUT ROWID;
        CREATE TABLE english(word TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE stems(row INTEGER PRIMARY KEY, fields TEXT);
        """
    )
    vocab: dict[str, int] = {}
    # Documents that use a word where they say what they are (names, tasks, tags, summary),
    # not only in a definition's examples: what tells an ML goal from "learn guitar chords".
    near: dict[str, int] = {}
    rows = []
    stem_rows = []
    for doc in docs:
        fields = _fields(graph, doc)
        rows.append((doc.row, *fields))
        # Each field's distinct stems, so explaining a match never folds a definition again.
        stem_rows.append((doc.row, FIELD_SEPARATOR.join(" ".join(sorted(set(text.stems(f)))) for f in fields)))
        for word in set(text.words(" ".join(fields))):
            vocab[word] = vocab.get(word, 0) + 1
        for word in set(text.words(" ".join(fields[: FIELDS.index("summary") + 1]))):
            near[word] = near.get(word, 0) + 1
    cur.executemany(f"INSERT INTO fts(rowid, {', '.join(FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    cur.executemany("INSERT INTO stems VALUES (?, ?)", stem_rows)
    cur.executemany("INSERT INTO names VALUES (?, ?, ?)", (n for doc in docs for n in _names(doc, stop_words)))
    cur.execute("CREATE INDEX names_key ON names(key, kind)")
    roots: dict[str, tuple[int, int]] = {}
    for word, df in vocab.items():
        key = "~" + text.root(word)  # a word's root, so "detect" is known where "detection" is
        old_df, old_near = roots.get(key, (0, 0))
        roots[key] = (max(old_df, df), max(old_near, near.get(word, 0)))
    cur.executemany(
        "INSERT INTO vocab VALUES (?, ?, ?)",
        [*((w, df, near.get(w, 0)) for w, df in vocab.items()), *((k, df, n) for k, (df, n) in roots.items())],
    )
    cur.executemany("INSERT OR IGNORE INTO english VALUES (?)", ((w,) for w in _english_words()))
    cur.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("stamp", stamp), ("format", str(INDEX_FORMAT)), ("docs", str(len(docs)))],
    )
    connection.commit()


class GoalIndex:
    """An open goal index over one graph: the queries goal understanding needs."""

    def __init__(self, graph: Graph, connection: sqlite3.Connection) -> None:
        self.graph = graph
        self.db = connection
        # Rows are the concepts in graph order, then the tracks (as ``_docs`` numbers them);
        # a Doc is made when a query asks for its row, not one per concept at every start.
        self._concepts = list(graph.concepts.values())
        self._docs: dict[int, Doc] = {}
        (count,) = self.db.execute("SELECT value FROM meta WHERE key = 'docs'").fetchone()
        self.size = int(count)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, graph: Graph, stamp: str, folder: Path | None, stop_words: frozenset[str]) -> GoalIndex:
        """The index for this graph: reused from ``folder`` when its stamp matches, else built.

        A file that is stale, from another format or unreadable is rebuilt (atomically,
        so a second process never reads half a file); without a folder, or when the
        folder cannot be written, the index lives in memory for this process.
        """
        full_stamp = f"{INDEX_FORMAT}:{stamp}"
        path = folder / "goals.sqlite" if folder is not None and stamp else None
        return cls(graph, open_index(path, full_stamp, lambda connection: build(connection, graph, full_stamp, stop_words)))

    # -- queries -----------------------------------------------------------------------
    def doc(self, row: int) -> Doc:
        """The concept or track of a row."""
        found = self._docs.get(row)
        if found is None:
            count = len(self._concepts)
            found = Doc(row, self._concepts[row], None) if row < count else Doc(row, None, self.graph.tracks[row - count])
            self._docs[row] = found
        return found

    def first(self, count: int) -> list[Doc]:
        """The first rows' documents, in row order."""
        return [self.doc(row) for row in range(min(count, len(self._concepts) + len(self.graph.tracks)))]

    def names(self, keys: list[str], kind: int) -> dict[str, list[int]]:
        """Rows named by each key (of one kind); keys with no row are left out."""
        found: dict[str, list[int]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, row in self.db.execute(f"SELECT key, row FROM names WHERE kind = ? AND key IN ({marks})", (kind, *chunk)):
                found.setdefault(key, []).append(row)
        return found

    def field_stems(self, rows: list[int]) -> dict[int, tuple[frozenset[str], ...]]:
        """The stems of each field of some rows."""
        out: dict[int, tuple[frozenset[str], ...]] = {}
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row, fields in self.db.execute(f"SELECT row, fields FROM stems WHERE row IN ({marks})", chunk):
                out[row] = tuple(frozenset(f.split()) for f in fields.split(FIELD_SEPARATOR))
        return out

    def vocabulary(self, words: list[str]) -> dict[str, tuple[int, int]]:
        """Per word (or "~root" key) the pack uses: how many documents use it, and how many
        use it where they say what they are (names, tasks, tags, summary). Others are left out."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        rows = self.db.execute(f"SELECT word, df, near FROM vocab WHERE word IN ({marks})", words)
        return {word: (df, near) for word, df, near in rows}

    def document_frequency(self, words: list[str]) -> dict[str, int]:
        """How many documents use each word (words the pack never uses are left out)."""
        return {word: df for word, (df, _near) in self.vocabulary(words).items()}

    def english(self, words: list[str]) -> set[str]:
        """The words that are common English words."""
        if not words:
            return set()
        marks = ",".join("?" * len(words))
        return {w for (w,) in self.db.execute(f"SELECT word FROM english WHERE word IN ({marks})", words)}

    def vocabulary_near(self, length: int) -> list[str]:
        """Pack words within two letters of a length: the candidates to correct a typo to."""
        sql = "SELECT word FROM vocab WHERE length(word) BETWEEN ? AND ? AND word NOT LIKE '~%'"
        return [w for (w,) in self.db.execute(sql, (length - 2, length + 2))]

    def bm25(self, words: list[str], weights: tuple[float, ...], limit: int) -> list[tuple[int, float]]:
        """Rows matching any of the words, best first, with their BM25F score (higher is better)."""
        terms = [w for w in words if w]
        if not terms:
            return []
        query = " OR ".join('"' + w.replace('"', "") + '"' for w in terms)
        marks = ", ".join("?" * len(FIELDS))
        sql = f"SELECT rowid, -bm25(fts, {marks}) AS score FROM fts WHERE fts MATCH ? ORDER BY score DESC LIMIT ?"
        try:
            return [(row, score) for row, score in self.db.execute(sql, (*weights, query, limit))]
        except sqlite3.OperationalError:  # a query FTS5 cannot parse: no candidates rather than a crash
            return []


def open_index(path: Path | None, stamp: str, fill: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """An SQLite index derived from the packs: reused from ``path`` when its stamp matches, else built.

    ``fill`` fills an empty database and records ``stamp`` under the key 'stamp' of its
    ``meta`` table. A file that is stale, from another format or unreadable is rebuilt
    atomically, so a second process never reads half a file; without a path, or when
    the file cannot be written, the index lives in memory for this process.
    """
    if path is not None:
        with contextlib.suppress(sqlite3.Error, OSError):
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            try:
                row = connection.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
                if row is not None and row[0] == stamp:
                    return connection
            except sqlite3.Error:
                pass
            connection.close()
        with contextlib.suppress(sqlite3.Error, OSError):
            return _build_file(path, fill)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    fill(connection)
    return connection


def _build_file(path: Path, fill: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Build an index into a temporary file beside ``path``, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            fill(connection)
        finally:
            connection.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
