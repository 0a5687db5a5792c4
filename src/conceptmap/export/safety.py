"""Output path rules: never overwrite without force, never write outside the target, write atomically.

* A single file is written to a temporary file beside it, then moved over it with
  ``os.replace``: readers never see half a file, and a failed export leaves no debris.
* A folder export (the Obsidian vault) is built in a hidden staging folder beside
  the target first. An existing folder is only written into when it is empty, or
  with ``force`` when a marker file shows conceptmap wrote it; then only the files
  the previous export listed are replaced, so the user's own files stay.
* Every file name comes from :func:`slug`, and :func:`inside` checks the resolved
  path stays in the output folder, so no id or title can escape it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from ..problems import ConceptmapError

#: The file that marks a folder as written by conceptmap, listing what it wrote.
MARKER = ".conceptmap-export.json"
_SLUG_RUN = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class OutputExists(ConceptmapError):
    """The output is already there and ``force`` was not given."""


def cannot_write(path: Path, why: str) -> ConceptmapError:
    """The one-line error for a path that can't be written."""
    return ConceptmapError(f"cannot write {path}: {why}")


def _os_error(path: Path, exc: OSError) -> ConceptmapError:
    return cannot_write(path, (exc.strerror or str(exc)).lower())


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _check_parent(out: Path) -> None:
    parent = out.parent
    if not parent.is_dir():
        raise cannot_write(out, f"no such folder {parent}")


def check_file(out: Path, *, force: bool) -> Path:
    """The path a single-file export may write, or a one-line error saying why not."""
    if out.is_dir():
        raise cannot_write(out, "it is a folder")
    if _exists(out) and not force:
        raise OutputExists(f"{out} already exists; use --force to overwrite it")
    _check_parent(out)
    return out


def _create(path: Path, payload: bytes) -> None:
    """Write a new file (never an existing one); permissions follow the user's umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)


def _encode(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_file(out: Path, data: str | bytes, *, force: bool) -> Path:
    """Write one file atomically (temp file + os.replace) after the overwrite check."""
    target = check_file(out, force=force)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        _create(temp, _encode(data))
        os.replace(temp, target)
    except OSError as exc:
        with suppress(OSError):
            temp.unlink()
        raise _os_error(target, exc) from None
    return target


def slug(text: str, fallback: str = "item") -> str:
    """A safe file or anchor name: ASCII a-z, 0-9 and single dashes, at most 80 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _SLUG_RUN.sub("-", ascii_text.lower()).strip("-")[:_MAX_SLUG].rstrip("-") or fallback
    return f"{name}-{fallback}" if name in _RESERVED else name


def unique_slugs(ids: Iterable[str]) -> dict[str, str]:
    """A distinct slug for each id, numbered (-2, -3...) where two would clash."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for cid in sorted(set(ids)):
        base = name = slug(cid)
        number = 1
        while name in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name)
        out[cid] = name
    return out


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` resolved, or an error if it would land outside root."""
    base = root.resolve()
    path = (base / relative).resolve()
    if path == base or base not in path.parents:
        raise ConceptmapError(f"refusing to write outside {root}: {relative!r}")
    return path


def _previous_files(out: Path, force: bool) -> list[str]:
    """What an existing output folder holds that we may replace; errors when we may not."""
    if not _exists(out):
        _check_parent(out)
        return []
    if not out.is_dir():
        raise cannot_write(out, "it is not a folder")
    if not any(out.iterdir()):
        return []
    if not force:
        raise OutputExists(f"{out} already exists; use --force to overwrite it")
    marker = out / MARKER
    try:
        files = json.loads(marker.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ConceptmapError(f"{out} is a folder conceptmap did not write (no {MARKER}); empty it or choose another") from None
    return [f for f in files if isinstance(f, str)]


def _manifest(kind: str, files: Iterable[str]) -> bytes:
    data = {"written_by": "conceptmap", "format": kind, "files": sorted(files)}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def _stage(out: Path, files: Mapping[str, str | bytes], kind: str) -> Path:
    """Build the whole folder beside the target first."""
    stage = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    os.mkdir(stage, 0o777)
    for relative, data in sorted(files.items()):
        path = inside(stage, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, _encode(data))
    _create(stage / MARKER, _manifest(kind, files))
    return stage


def _remove_old(out: Path, old: list[str]) -> None:
    """Delete the files a previous export listed, and the folders that leaves empty."""
    folders: set[Path] = set()
    for relative in old:
        path = inside(out, relative)
        if path.is_file() or path.is_symlink():
            path.unlink()
            folders.update(p for p in path.parents if out.resolve() in p.parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        with suppress(OSError):
            folder.rmdir()  # only succeeds when empty


def _merge(stage: Path, out: Path, files: Iterable[str]) -> None:
    """Move a staged folder's files into an existing output folder."""
    for relative in sorted(files):
        path = inside(out, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, path)
    os.replace(stage / MARKER, out / MARKER)


def write_folder(out: Path, files: Mapping[str, str | bytes], *, kind: str, force: bool) -> Path:
    """Write a folder of files (relative path -> content) with the overwrite rules above."""
    old = _previous_files(out, force)
    stage: Path | None = None
    try:
        stage = _stage(out, files, kind)
        if not _exists(out):
            os.replace(stage, out)
            return out
        _remove_old(out, old)
        _merge(stage, out, files)
    except OSError as exc:
        raise _os_error(out, exc) from None
    finally:
        if stage is not None and stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    return out
