"""What the user knows, and the goals they saved: one small YAML file that must never be lost.

* Lives under the platform's user data dir (``CONCEPTMAP_DATA_DIR`` overrides).
* Every change is read-modify-write under an exclusive file lock, so two
  processes saving at once lose no mark: each applies its change to what the
  other just wrote.
* Writes are atomic: a temporary file in the same folder, flushed and fsynced,
  then ``os.replace``. A crash leaves the old file or the new one, never half;
  the next save removes a killed writer's temporary file.
* A file we cannot read is moved aside (its new name is reported), never
  overwritten, and only under the lock: never a good file another process just
  saved in its place. A file from a newer format version is refused and left alone.
* Marks for ids the graph no longer has are kept (see ``orphans``).
* Each change of marks is recorded as a batch (what it added, what it removed with
  the time each had, when, by which command), newest last, the last
  ``HISTORY_LIMIT`` kept: ``undo`` takes the last batch back exactly. The
  ``history`` key is an addition to format 1: older versions read such a file and
  drop the history on their next save (only the undo list is lost, never a mark).
* ``known export`` / ``known import`` move marks between machines and packs as a
  small versioned JSON file (``marks_document``, ``read_marks``, ``plan_merge``).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from .problems import ConceptmapError, ProgressError
from .text import shorten

if TYPE_CHECKING:
    from .model import Concept

FORMAT_VERSION = 1
FILE_NAME = "progress.yaml"
HISTORY_LIMIT = 50  # batches kept for undo; older ones are dropped

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: rely on atomic replace alone
    fcntl = None  # type: ignore[assignment]



def _yaml() -> ModuleType:
    """PyYAML, imported on first use: the TUI paints its first frame before reading progress."""
    import yaml

    return yaml


def _loader() -> type:
    # libyaml when present: several times faster, and its emitter round-trips every
    # string (the pure-Python one folds U+0085 inside single quotes).
    yaml = _yaml()
    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _dumper() -> type:
    yaml = _yaml()
    dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return dumper


def data_dir() -> Path:
    """Where user data lives: ``CONCEPTMAP_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get("CONCEPTMAP_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("conceptmap", appauthor=False))


@dataclass
class Batch:
    """One change of marks by one command: what it added, and what it removed with the time each had."""

    time: str
    command: str  # "known add", "toggle", "place", "known import"...
    added: list[str] = field(default_factory=list)  # ids that were not marked before
    removed: dict[str, str] = field(default_factory=dict)  # id -> the time it had been marked

    def as_data(self) -> dict[str, object]:
        """The batch as the progress file stores it."""
        return {"time": self.time, "command": self.command, "added": sorted(self.added), "removed": dict(sorted(self.removed.items()))}

    @classmethod
    def from_data(cls, data: object) -> Batch:
        """A batch read from the file; ValueError when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("a 'history' entry is not a mapping")
        added, removed = data.get("added") or [], data.get("removed") or {}
        if not isinstance(added, list) or not isinstance(removed, dict):
            raise ValueError("a 'history' entry has no list 'added' or mapping 'removed'")
        return cls(
            str(data.get("time") or ""),
            str(data.get("command") or ""),
            [str(k) for k in added],
            {str(k): "" if v is None else str(v) for k, v in removed.items()},
        )


@dataclass
class Progress:
    """The contents of a progress file."""

    known: dict[str, str] = field(default_factory=dict)  # id -> ISO time it was marked
    goals: list[dict[str, object]] = field(default_factory=list)  # saved goals: text, depth, max_hops
    history: list[Batch] = field(default_factory=list)  # changes of marks, oldest first (for undo)

    def as_yaml(self) -> str:
        """The file's text; sorted so it diffs cleanly."""
        data: dict[str, object] = {
            "format": FORMAT_VERSION,
            "known": dict(sorted(self.known.items())),
            "goals": self.goals,
        }
        if self.history:
            data["history"] = [batch.as_data() for batch in self.history]
        header = "# conceptmap progress: what you marked as known. Safe to edit while conceptmap is closed.\n"
        body: str = _yaml().dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True)
        return header + body


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_progress(text: str) -> Progress:
    """Parse a progress file's text; raises ValueError when it is not a valid progress file."""
    data = _yaml().load(text, Loader=_loader()) if text.strip() else {"format": FORMAT_VERSION}
    if not isinstance(data, dict):
        raise ValueError("not a mapping")
    version = data.get("format")
    if not isinstance(version, int):
        raise ValueError("no format version")
    if version > FORMAT_VERSION:
        raise ProgressError(
            f"progress file has format {version}, newer than this conceptmap understands ({FORMAT_VERSION}); "
            "upgrade conceptmap. The file was left untouched."
        )
    known_raw = data.get("known") or {}
    if isinstance(known_raw, list):  # tolerate a hand-written plain list of ids
        known_raw = {str(k): "" for k in known_raw}
    if not isinstance(known_raw, dict):
        raise ValueError("'known' is not a mapping")
    goals = data.get("goals") or []
    if not isinstance(goals, list) or not all(isinstance(g, dict) for g in goals):
        raise ValueError("'goals' is not a list of mappings")
    history = data.get("history") or []
    if not isinstance(history, list):
        raise ValueError("'history' is not a list")
    known = {str(k): "" if v is None else str(v) for k, v in known_raw.items()}
    return Progress(known, goals, [Batch.from_data(entry) for entry in history])


class _Corrupt(ValueError):
    """A progress file that is not one: to be moved aside (the message says why)."""


def _decode(raw: bytes) -> Progress:
    """Parse a progress file's bytes; _Corrupt when unreadable, ProgressError when too new."""
    try:
        return parse_progress(raw.decode("utf-8"))
    except ProgressError:
        raise
    except (ValueError, UnicodeDecodeError, _yaml().YAMLError) as exc:
        raise _Corrupt(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


class ProgressStore:
    """Reads and changes one progress file safely."""

    def __init__(self, path: Path | None = None, *, warn: Callable[[str], None] | None = None) -> None:
        self.path = path or data_dir() / FILE_NAME
        self.warn = warn or (lambda message: None)
        self.warnings: list[str] = []
        self._thread_lock = threading.RLock()  # flock is per open file: threads of one process queue here
        self._depth = 0  # how deeply this process holds the lock (re-entered by load inside update)

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        self.warn(message)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The exclusive lock on the progress file; re-entrant within one store."""
        with self._thread_lock, contextlib.ExitStack() as outer:
            if not self._depth:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                outer.enter_context(self._file_lock())
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """flock on a side file: the progress file is replaced on every save, a lock on it would not hold."""
        if fcntl is None:  # pragma: no cover
            yield
            return
        with open(self.path.with_name(self.path.name + ".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> bytes | None:
        """The file's bytes, None when there is no file yet."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressError(f"cannot read progress file {self.path}: {exc.strerror or exc}") from None

    def load(self) -> Progress:
        """The current progress; a corrupt file is moved aside and an empty one assumed."""
        raw = self._read()
        if raw is None:
            return Progress()
        try:
            return _decode(raw)
        except _Corrupt:
            pass
        # Move aside only under the lock and only what is still corrupt: another
        # process may have moved it already and saved a good file in its place.
        with self._locked():
            raw = self._read()
            if raw is None:
                return Progress()
            try:
                return _decode(raw)
            except _Corrupt as exc:
                self._move_aside(str(exc))
                return Progress()

    def _move_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, target)
        self._warn(f"progress file was unreadable ({reason}); moved it to {target} and started afresh")

    def _remove_stale_temp_files(self) -> None:
        """Temp files of a writer killed mid-save: only lock holders make them, so under the lock none is live."""
        if fcntl is None:  # pragma: no cover - no lock, so another writer's temp file may be live
            return
        for stale in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _write(self, progress: Progress) -> None:
        directory = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(progress.as_yaml())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        with contextlib.suppress(OSError):  # make the rename itself durable
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def update(self, change: Callable[[Progress], object]) -> Progress:
        """Apply a change to the freshest file contents under the lock, and save atomically.

        A change that returns False changed nothing: the file is left as it is.
        """
        with self._locked():
            self._remove_stale_temp_files()
            progress = self.load()
            if change(progress) is not False:
                self._write(progress)
            return progress

    # -- the operations users ask for --------------------------------------------------
    def known(self) -> set[str]:
        """Ids marked known."""
        return set(self.load().known)

    def add(self, ids: list[str], *, command: str = "known add") -> Progress:
        """Mark concepts known (keeps the first time each was marked)."""
        return self.change_marks(ids, command=command)[0]

    def remove(self, ids: list[str], *, command: str = "known remove") -> Progress:
        """Unmark concepts."""
        return self.change_marks(remove=ids, command=command)[0]

    def toggle(self, cid: str, *, command: str = "toggle") -> bool:
        """Flip one mark; returns whether it is now known."""
        state = {"known": False}

        def change(p: Progress) -> None:
            state["known"] = cid not in p.known
            _apply(p, {cid: _now()} if state["known"] else {}, [] if state["known"] else [cid], command)

        self.update(change)
        return state["known"]

    def change_marks(
        self, add: Mapping[str, str] | Iterable[str] = (), remove: Iterable[str] = (), *, command: str
    ) -> tuple[Progress, Batch | None]:
        """Unmark ``remove``, then mark ``add``, as one batch recorded for undo.

        ``add`` is ids (marked now) or id -> time marked; a mark already there keeps its time.
        Returns the saved progress and the batch recorded (None when nothing changed).
        """
        stamped = dict(add) if isinstance(add, Mapping) else dict.fromkeys(add, _now())
        found: list[Batch | None] = [None]

        def change(p: Progress) -> None:
            found[0] = _apply(p, stamped, remove, command)

        return self.update(change), found[0]

    def undo(self) -> tuple[Progress, Batch | None]:
        """Take the last batch back: unmark what it added, mark again what it removed, with the times they had.

        Returns the saved progress and the batch taken back (None, and no write, when there is none).
        """
        found: list[Batch | None] = [None]

        def change(p: Progress) -> bool:
            if not p.history:
                return False
            batch = found[0] = p.history.pop()
            for cid in batch.added:
                p.known.pop(cid, None)
            p.known.update(batch.removed)
            return True

        return self.update(change), found[0]

    def save_goal(self, goal: str, depth: str | None = None, max_hops: int | None = None) -> Progress:
        """Remember a goal (replacing an earlier one with the same text)."""

        def change(p: Progress) -> None:
            p.goals[:] = [g for g in p.goals if g.get("text") != goal]
            entry: dict[str, object] = {"text": goal, "saved": _now()}
            if depth:
                entry["depth"] = depth
            if max_hops is not None:
                entry["max_hops"] = max_hops
            p.goals.append(entry)

        return self.update(change)

    def forget_goal(self, goal: str) -> Progress:
        """Drop a saved goal."""
        return self.update(lambda p: p.goals.__setitem__(slice(None), [g for g in p.goals if g.get("text") != goal]))


def _apply(p: Progress, add: Mapping[str, str], remove: Iterable[str], command: str) -> Batch | None:
    """Change the marks of ``p`` and record the change as its newest batch; None (nothing recorded) when nothing changed."""
    removed = {cid: p.known.pop(cid) for cid in dict.fromkeys(remove) if cid in p.known}
    added = [cid for cid in add if cid not in p.known]
    for cid in added:
        p.known[cid] = add[cid]
    if not added and not removed:
        return None
    batch = Batch(_now(), command, sorted(added), removed)
    p.history.append(batch)
    del p.history[:-HISTORY_LIMIT]
    return batch


def orphans(known: set[str], concept_ids: Container[str]) -> list[str]:
    """Marks for ids the loaded graph does not have (kept, never deleted)."""
    return sorted(k for k in known if k not in concept_ids)


# -- marks that travel: `conceptmap known export` / `known import` ------------------------------
MARKS_FORMAT = "conceptmap-marks"  # the "format" field of an export, so any other JSON is refused
MARKS_VERSION = 1  # additions keep the number; a reader refuses a newer one (docs/cli.md)
MARKS_MAX_BYTES = 8_000_000  # a larger file is refused unread, as packs are


@dataclass(frozen=True, slots=True)
class ImportedMark:
    """One mark read from an export: its id, its title there (to match across packs) and when it was marked."""

    id: str
    title: str | None
    marked: str


@dataclass(frozen=True)
class MergePlan:
    """What importing marks changes: new marks (id here -> time), and how each was matched."""

    added: dict[str, str]  # marks to add, by their id here
    already_known: list[str]  # ids here that were marked already (their times are kept)
    by_title: list[tuple[str, str]]  # (id in the file, id here) for marks matched by title, not id
    orphans: list[str]  # ids no loaded pack has, kept as marks all the same (as `known list --orphans` shows)


def marks_document(known: Mapping[str, str], concepts: Mapping[str, Concept]) -> dict[str, object]:
    """The JSON of `conceptmap known export` (docs/cli.md): every mark with its title here, null for an orphan."""
    return {
        "format": MARKS_FORMAT,
        "version": MARKS_VERSION,
        "exported": _now(),
        "known": [
            {"id": cid, "title": concepts[cid].title if cid in concepts else None, "marked": stamp}
            for cid, stamp in sorted(known.items())
        ],
    }


def _shown(path: Path) -> str:
    """A file name for a one-line message: control characters escaped."""
    text = str(path)
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def read_marks(path: Path) -> list[ImportedMark]:
    """The marks of an export file; one-line ConceptmapError naming the file (and line) when it is not one."""
    from .loader import ID_RE

    name = _shown(path)

    def bad(why: str) -> ConceptmapError:
        return ConceptmapError(f"{name}: {why}")

    try:
        if path.is_dir():
            raise bad("is a folder, not a marks file")
        size = path.stat().st_size
        if size > MARKS_MAX_BYTES:
            raise bad(f"too large for a marks file ({size:,} bytes; at most {MARKS_MAX_BYTES:,})")
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConceptmapError(f"cannot read {name}: {(exc.strerror or str(exc)).lower()}") from None
    except UnicodeDecodeError:
        raise bad("not UTF-8 text; expected the JSON `conceptmap known export` writes") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConceptmapError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise bad("nested too deeply to be a marks file") from None
    if not isinstance(data, dict) or data.get("format") != MARKS_FORMAT:
        raise bad(f'not a conceptmap marks file (no "format": "{MARKS_FORMAT}"); write one with `conceptmap known export`')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad('"version" must be a whole number from 1')
    if version > MARKS_VERSION:
        raise bad(f"marks file version {version} is newer than this conceptmap reads ({MARKS_VERSION}); upgrade conceptmap")
    entries = data.get("known")
    if not isinstance(entries, list):
        raise bad('"known" must be a list of marks')
    marks = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise bad(f"mark {number} is not an object with an id")
        cid, title, marked = entry.get("id"), entry.get("title"), entry.get("marked")
        if not isinstance(cid, str) or not ID_RE.fullmatch(cid):
            raise bad(f"mark {number}: id must be a concept id (kebab-case text), got {shorten(cid)}")
        if title is not None and not isinstance(title, str):
            raise bad(f"mark {number} ({cid}): title must be text or null")
        if marked is not None and not isinstance(marked, str):
            raise bad(f"mark {number} ({cid}): marked must be text or null")
        marks.append(ImportedMark(cid, title, marked or ""))
    return marks


def plan_merge(marks: Iterable[ImportedMark], concepts: Mapping[str, Concept], known: Container[str]) -> MergePlan:
    """How marks from another machine or pack merge into these: never removing or re-dating a mark.

    A mark's id is used when a loaded pack has it; otherwise its title, when exactly
    one loaded concept has that title (case aside); otherwise the id is kept as an
    orphan mark. The first mark for an id wins; an empty time becomes now.
    """
    titles: dict[str, list[str]] = {}
    for concept in concepts.values():
        titles.setdefault(concept.title.casefold(), []).append(concept.id)
    added: dict[str, str] = {}
    already: dict[str, None] = {}
    by_title: list[tuple[str, str]] = []
    lost: dict[str, None] = {}
    now = _now()
    for mark in marks:
        here = mark.id
        if here not in concepts:
            same = titles.get((mark.title or "").casefold(), []) if mark.title else []
            if len(same) == 1:
                here = same[0]
                by_title.append((mark.id, here))
            else:
                lost[here] = None
        if here in known:
            already[here] = None
        elif here not in added:
            added[here] = mark.marked or now
    return MergePlan(added, list(already), by_title, list(lost))
