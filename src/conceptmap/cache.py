"""A cache of parsed packs, so a second start skips YAML parsing and validation.

The cache key is the list of pack folders; the cache is valid only while every
file is as it was: same names, sizes and modification times, and for the YAML
files (small, and where a same-second edit matters most) the same content hash.
A cache that is missing, stale, from another version or unreadable is ignored
and rebuilt: it can cost time, never correctness.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from .gcpause import gc_paused
from .loader import LoadResult, PackSource, read_packs

CACHE_FORMAT = 5  # bump whenever the loader's results (or the classes pickled) change for the same files
HASH_LIMIT = 8 * 1024 * 1024  # larger files are refused by the loader; their stat is enough


def cache_dir() -> Path:
    """Where caches live: ``CONCEPTMAP_CACHE_DIR`` or the platform's user cache dir."""
    override = os.environ.get("CONCEPTMAP_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("conceptmap", appauthor=False))


def fingerprint(sources: list[PackSource]) -> str:
    """A digest of every pack file's name, size and mtime, and of the YAML files' content."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{CACHE_FORMAT}:{__version__}".encode())
    for source in sources:
        digest.update(str(source.root.resolve()).encode() + b"\0" + source.name.encode() + b"\0")
        for sub in ("graph", "glossary"):
            folder = source.root / sub
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                digest.update(f"{sub}:missing".encode())
                continue
            for entry in entries:
                digest.update(_entry_stamp(entry, hash_content=sub == "graph").encode())
    return digest.hexdigest()


def _entry_stamp(entry: os.DirEntry[str], *, hash_content: bool) -> str:
    """Name, type, size and mtime of one entry, plus a content hash for small regular YAML files.

    Never opens anything but a regular file inside the folder: links are described by
    their target's name and stat, FIFOs and devices by their stat alone (the loader
    refuses them; opening one could block).
    """
    try:
        own = entry.stat(follow_symlinks=False)
        stamp = f"{entry.name}\0{own.st_mode}\0{own.st_size}\0{own.st_mtime_ns}\0"
        if entry.is_symlink():
            target = entry.stat()  # follows the link: its target may change
            return stamp + f"{os.readlink(entry.path)}\0{target.st_mode}\0{target.st_size}\0{target.st_mtime_ns}\0"
    except OSError:
        return f"{entry.name}\0unreadable\0"
    if hash_content and entry.is_file(follow_symlinks=False) and entry.name.endswith((".yaml", ".yml")) and own.st_size <= HASH_LIMIT:
        with contextlib.suppress(OSError), open(entry.path, "rb") as handle:
            stamp += hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    return stamp


def _path_for(sources: list[PackSource]) -> Path:
    key = hashlib.blake2b("\0".join(str(s.root.resolve()) for s in sources).encode(), digest_size=12).hexdigest()
    return cache_dir() / f"pack-{key}.pickle"


@gc_paused
def load_cached(sources: list[PackSource], *, use_cache: bool = True) -> LoadResult:
    """Load packs through the cache: reuse a valid one, else parse and store."""
    if not use_cache or os.environ.get("CONCEPTMAP_NO_CACHE"):
        return read_packs(sources)
    path = _path_for(sources)
    stamp = fingerprint(sources)
    try:
        with open(path, "rb") as handle:
            stored_stamp, result = pickle.load(handle)
        if stored_stamp == stamp and isinstance(result, LoadResult):
            result.packs = sources
            result.stamp = stamp
            return result
    except FileNotFoundError:
        pass
    except Exception:  # corrupt, truncated or from another version: rebuild
        with contextlib.suppress(OSError):
            path.unlink()
    result = read_packs(sources)
    if not result.fatal:
        result.stamp = stamp
        # What depends only on the packs is built once and kept with them, so no
        # command rebuilds it per call: the planner's integer index, who unlocks what.
        result.graph.plan_index()
        result.graph.unlocks_index()
        _store(path, stamp, result)
    return result


def index_folder(sources: list[PackSource]) -> Path:
    """Where indexes derived from these packs live (the goal index): beside their parsed cache."""
    return _path_for(sources).with_suffix(".d")


def _store(path: Path, stamp: str, result: LoadResult) -> None:
    """Write the cache atomically; a cache that cannot be written is simply skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((stamp, result), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
