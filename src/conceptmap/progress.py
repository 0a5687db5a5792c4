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
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import threading
import time
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from .problems import ProgressError

FORMAT_VERSION = 1
FILE_NAME = "progress.yaml"

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
class Progress:
    """The contents of a progress file."""

    known: dict[str, str] = field(default_factory=dict)  # id -> ISO time it was marked
    goals: list[dict[str, object]] = field(default_factory=list)  # saved goals: text, depth, max_hops

    def as_yaml(self) -> str:
        """The file's text; sorted so it diffs cleanly."""
        data = {
            "format": FORMAT_VERSION,
            "known": dict(sorted(self.known.items())),
            "goals": self.goals,
        }
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
    return Progress({str(k): "" if v is None else str(v) for k, v in known_raw.items()}, goals)


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

    def update(self, change: Callable[[Progress], None]) -> Progress:
        """Apply a change to the freshest file contents under the lock, and save atomically."""
        with self._locked():
            self._remove_stale_temp_files()
            progress = self.load()
            change(progress)
            self._write(progress)
            return progress

    # -- the operations users ask for --------------------------------------------------
    def known(self) -> set[str]:
        """Ids marked known."""
        return set(self.load().known)

    def add(self, ids: list[str]) -> Progress:
        """Mark concepts known (keeps the first time each was marked)."""
        stamp = _now()

        def change(p: Progress) -> None:
            for cid in ids:
                p.known.setdefault(cid, stamp)

        return self.update(change)

    def remove(self, ids: list[str]) -> Progress:
        """Unmark concepts."""

        def change(p: Progress) -> None:
            for cid in ids:
                p.known.pop(cid, None)

        return self.update(change)

    def toggle(self, cid: str) -> bool:
        """Flip one mark; returns whether it is now known."""
        state = {"known": False}

        def change(p: Progress) -> None:
            if cid in p.known:
                del p.known[cid]
            else:
                p.known[cid] = _now()
                state["known"] = True

        self.update(change)
        return state["known"]

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


def orphans(known: set[str], concept_ids: Container[str]) -> list[str]:
    """Marks for ids the loaded graph does not have (kept, never deleted)."""
    return sorted(k for k in known if k not in concept_ids)
