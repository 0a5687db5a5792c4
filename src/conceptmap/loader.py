"""Reading packs from disk: YAML concepts, areas, tracks and Markdown glossary entries.

A *pack* is a folder with ``graph/`` and ``glossary/``. Loading never stops at the
first problem: every problem is collected with its file and line, so
``conceptmap check`` can list them all. Graph-wide checks (cycles, near-duplicate
titles...) live in ``checker.py``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .gcpause import gc_paused
from .model import LEVEL_SYNONYMS, Area, Concept, Depth, Graph, Resource, Track
from .problems import PackError, Problem, Severity
from .text import shorten

if TYPE_CHECKING:
    from . import yamlsafe

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # always used with fullmatch: "a\n" is no id
MAX_FILE_BYTES = 8 * 1024 * 1024  # a curated file is a few hundred KB; 8 MB is hostile
MAX_ID_LENGTH = 80
MAX_TASK_LENGTH = 120  # a task is a short phrase a learner would type
MAX_TITLE_LENGTH = 120  # the longest real title is under 80 characters
MAX_ALIAS_LENGTH = 120
MAX_SUMMARY_LENGTH = 3000  # a definition's first paragraph is what lists show: a few sentences
#: Bidirectional-text controls: they make a name read differently from what it is, so names may not hold them.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_PROBLEMS_PER_FILE = 100  # then the rest of the file is skipped: fix these first
FATAL_CODES = {"unreadable", "encoding", "binary", "too-large", "symlink-outside"}  # exit code 2

CONCEPT_FIELDS = {
    "id", "title", "aliases", "depth", "area", "minutes", "requires",
    "requires_any", "related", "tags", "resources", "tasks",
}
RESOURCE_FIELDS = {"title", "url", "kind", "free"}
RESOURCE_KINDS = ("docs", "course", "book", "video", "article", "paper")
AREA_FIELDS = {"id", "title", "description"}
TRACK_FIELDS = {"id", "title", "description", "goals", "tasks"}
SPECIAL_FILES = {"areas.yaml", "tracks.yaml"}


@dataclass
class PackSource:
    """Where a pack lives and what it is called."""

    root: Path
    name: str


@dataclass
class LoadResult:
    """A graph plus every problem met while reading it."""

    graph: Graph
    problems: list[Problem] = field(default_factory=list)
    packs: list[PackSource] = field(default_factory=list)
    # What `check` must not report again as a mere consequence of a problem already listed:
    complete: bool = True  # False when a file or entry could not be read as far as its id
    reported: frozenset[str] = frozenset()  # concept and area ids whose own problem is listed
    stamp: str = ""  # the packs' fingerprint when read through the cache: what derived indexes key on

    @property
    def errors(self) -> list[Problem]:
        """Problems that are not mere warnings."""
        return [p for p in self.problems if p.severity is not Severity.WARNING]

    @property
    def fatal(self) -> bool:
        """True when some input could not be read at all."""
        return any(p.severity is Severity.FATAL for p in self.problems)


def bundled_pack_root() -> Path:
    """The pack shipped with conceptmap: inside the wheel, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_pack"
    if (installed / "graph").is_dir():
        return installed
    return here.parent.parent  # src/conceptmap -> repository root


def pack_sources(packs: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True) -> list[PackSource]:
    """The packs to load, bundled first, then each user pack in order (env, then options)."""
    sources: list[PackSource] = []
    if bundled:
        sources.append(PackSource(bundled_pack_root(), "bundled"))
    extra = [p for p in os.environ.get("CONCEPTMAP_PACKS", "").split(os.pathsep) if p.strip()]
    for raw in [*extra, *packs]:
        root = Path(raw).expanduser()
        if not root.is_dir():
            raise PackError(f"pack folder not found: {raw}")
        if not (root / "graph").is_dir():
            raise PackError(f"not a pack (no graph/ folder): {raw}")
        sources.append(PackSource(root, root.resolve().name))
    return sources


def display_path(path: Path, root: Path, *, bundled: bool = False) -> str:
    """A path as shown in messages: "graph/x.yaml" in the bundled pack, "PACK/graph/x.yaml" in others.

    Control characters in file names are escaped, so one problem is always one line.
    """
    try:
        shown = str(path.relative_to(root if bundled else root.parent))
    except ValueError:
        shown = str(path)
    return shown if shown.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)


class _Reader:
    """Collects concepts and problems across one or more packs."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.problems: list[Problem] = []
        self.id_sources: dict[str, str] = {}
        self.per_file: dict[str, int] = {}
        self.pack = ""  # the pack being read
        self.incomplete: set[str] = set()  # packs with a file or entry read short of its id
        self.reported: set[str] = set()  # ids whose own problem is listed (see LoadResult)
        self.real_dirs: dict[Path, Path] = {}  # folder -> its resolved path, for this read only

    def problem(self, path: str, line: int, code: str, message: str) -> None:
        """Record a problem; fatal or not follows from its code. Too many in one file stop that file."""
        count = self.per_file[path] = self.per_file.get(path, 0) + 1
        if count > MAX_PROBLEMS_PER_FILE:
            raise _TooMany
        severity = Severity.FATAL if code in FATAL_CODES else Severity.ERROR
        self.problems.append(Problem(path, line, severity, code, message))

    # -- files -----------------------------------------------------------------------
    def read_text(self, path: Path, shown: str, root: Path) -> str | None:
        """A file's text, or None after reporting (as fatal) why it cannot be read."""
        try:
            return _decode(_read_bytes(path, root, self.real_dirs))
        except _Refused as refused:
            self.problem(shown, refused.line, refused.code, refused.message)
            return None

    def read_yaml(self, path: Path, shown: str, root: Path) -> Any:
        """A YAML file's data, or None after reporting why there is none."""
        text = self.read_text(path, shown, root)
        if text is None:
            self.incomplete.add(self.pack)
            return None
        from . import yamlsafe  # not for a start from the parsed-pack cache: PyYAML costs ~15 ms

        try:
            data = yamlsafe.parse(text)
        except yamlsafe.YamlError as exc:
            self.problem(shown, exc.line, exc.code, exc.message)
            self.incomplete.add(self.pack)
            return None
        if data is None:
            self.problem(shown, 0, "empty-file", "file is empty" if not text.strip() else "file has nothing but comments")
        return data

    # -- packs -----------------------------------------------------------------------
    def load_pack(self, source: PackSource) -> None:
        """Every graph file of one pack, then its glossary."""
        root = source.root
        graph_dir = root / "graph"
        if not graph_dir.is_dir():
            raise PackError(f"not a pack (no graph/ folder): {root}")
        bundled = source.name == "bundled"
        self.pack = source.name
        for path in self.listing(graph_dir, (".yaml", ".yml"), root, bundled):
            shown = display_path(path, root, bundled=bundled)
            try:
                if path.name == "areas.yaml":
                    self.load_areas(path, shown, root)
                elif path.name == "tracks.yaml":
                    self.load_tracks(path, shown, root)
                else:
                    self.load_concepts(path, shown, root)
            except _TooMany:
                self.incomplete.add(self.pack)
                message = f"more than {MAX_PROBLEMS_PER_FILE} problems; the rest of this file was not checked"
                self.problems.append(Problem(shown, 0, Severity.ERROR, "too-many-problems", message))
        self.load_glossary(source)

    def listing(self, folder: Path, suffixes: tuple[str, ...], root: Path, bundled: bool) -> list[Path]:
        """A pack folder's files with these suffixes, sorted; a folder that cannot be listed is fatal."""
        try:
            return sorted(path for path in folder.iterdir() if path.suffix in suffixes)
        except OSError as exc:
            self.incomplete.add(self.pack)
            shown = display_path(folder, root, bundled=bundled)
            self.problem(shown, 0, "unreadable", f"cannot list folder: {exc.strerror or exc}")
            return []

    def load_areas(self, path: Path, shown: str, root: Path) -> None:
        """The areas of areas.yaml."""
        data = self.read_yaml(path, shown, root)
        for entry in self.entries(data, shown, "area"):
            self.check_fields(entry, AREA_FIELDS, shown, "area")
            area_id, title = entry.get("id"), entry.get("title")
            if not isinstance(area_id, str) or not ID_RE.fullmatch(area_id):
                self.problem(shown, entry.line_of("id"), "bad-id", f"area id must be kebab-case text, got {shorten(area_id)}")
                self.incomplete.add(self.pack)
                continue
            if area_id in self.graph.areas:
                self.problem(shown, entry.line_of("id"), "duplicate-area", f"area {shorten(area_id)} is defined twice")
                continue
            if not isinstance(title, str) or not title.strip():
                self.problem(shown, entry.line_of("title"), "bad-type", "area title must be non-empty text")
                self.reported.add(area_id)
                continue
            desc = entry.get("description", "")
            self.graph.areas[area_id] = Area(area_id, title.strip(), desc if isinstance(desc, str) else "")

    def load_tracks(self, path: Path, shown: str, root: Path) -> None:
        """The tracks of tracks.yaml."""
        data = self.read_yaml(path, shown, root)
        for entry in self.entries(data, shown, "track"):
            self.check_fields(entry, TRACK_FIELDS, shown, "track")
            track_id, title, goals = entry.get("id"), entry.get("title"), entry.get("goals")
            if not isinstance(track_id, str) or not ID_RE.fullmatch(track_id):
                self.problem(shown, entry.line_of("id"), "bad-id", f"track id must be kebab-case text, got {shorten(track_id)}")
                continue
            if not isinstance(title, str) or not title.strip():
                self.problem(shown, entry.line_of("title"), "bad-type", "track title must be non-empty text")
                continue
            if not _is_str_list(goals) or not goals:
                self.problem(shown, entry.line_of("goals"), "bad-type", "track goals must be a non-empty list of text")
                continue
            desc = entry.get("description", "")
            description = desc if isinstance(desc, str) else ""
            tasks, task_lines = self.task_phrases(entry, shown, track_id)
            self.graph.tracks.append(
                Track(track_id, title.strip(), description, tuple(goals), shown, entry.line_of("goals"), tasks, task_lines)
            )

    def entries(self, data: Any, shown: str, what: str) -> list[yamlsafe.Map]:
        """The list of mappings a graph file holds, reporting anything else."""
        from . import yamlsafe

        if data is None:
            return []
        if isinstance(data, yamlsafe.Map) and set(data) == {"concepts"} and what == "concept":
            data = data["concepts"]
        if not isinstance(data, list):
            self.problem(shown, getattr(data, "line", 1), "bad-type", f"expected a list of {what} entries at the top of the file")
            self.incomplete.add(self.pack)
            return []
        out = []
        for index, item in enumerate(data):
            if isinstance(item, yamlsafe.Map):
                out.append(item)
            else:
                line = data.line_at(index) if isinstance(data, yamlsafe.Seq) else 0
                self.problem(shown, line, "bad-type", f"each {what} must be a mapping of fields, got {_type_name(item)}")
                self.incomplete.add(self.pack)
        return out

    def check_fields(self, entry: yamlsafe.Map, allowed: set[str], shown: str, what: str) -> set[str]:
        """Report each field not in ``allowed`` with the closest allowed name; return those names.

        A field the user misspelt is then not also reported as missing: one typo, one problem.
        """
        hinted: set[str] = set()
        for key in entry:
            if key not in allowed:
                hint = _closest(key, allowed)
                extra = f" (did you mean {hint!r}?)" if hint else ""
                self.problem(shown, entry.line_of(key), "unknown-field", f"unknown {what} field {shorten(key)}{extra}")
                if hint:
                    hinted.add(hint)
        return hinted

    def load_concepts(self, path: Path, shown: str, root: Path) -> None:
        """The concepts of one graph file; a repeated id is reported where it repeats."""
        data = self.read_yaml(path, shown, root)
        for entry in self.entries(data, shown, "concept"):
            concept = self.concept(entry, shown)
            if concept is None:
                continue
            if concept.id in self.graph.concepts:
                first = self.id_sources[concept.id]
                self.problem(shown, entry.line_of("id"), "duplicate-id", f"concept id {concept.id!r} already defined at {first}")
                continue
            self.graph.concepts[concept.id] = concept
            self.id_sources[concept.id] = f"{shown}:{entry.line_of('id')}"

    def concept(self, entry: yamlsafe.Map, shown: str) -> Concept | None:
        """A concept from one entry, or None after reporting why it cannot be one."""
        hinted = self.check_fields(entry, CONCEPT_FIELDS, shown, "concept")
        ok = True

        def bad(key: str, message: str, code: str = "bad-type") -> None:
            nonlocal ok
            ok = False
            if not (code == "missing-field" and key in hinted):  # already said: "did you mean ...?"
                self.problem(shown, entry.line_of(key), code, message)

        cid = entry.get("id")
        if cid is None:
            bad("id", "concept has no 'id'", "missing-field")
        elif not isinstance(cid, str) or not ID_RE.fullmatch(cid):
            bad("id", f"id must be kebab-case (a-z, 0-9, single dashes), got {shorten(cid)}", "bad-id")
        elif len(cid) > MAX_ID_LENGTH:
            bad("id", f"id is {len(cid)} characters long; at most {MAX_ID_LENGTH} are allowed", "bad-id")
        if not ok or not isinstance(cid, str):  # ok implies valid text; isinstance narrows it for mypy
            self.incomplete.add(self.pack)  # references to this entry cannot be told from typos
            return None
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            bad("title", f"{cid}: 'title' must be non-empty text", "missing-field" if title is None else "bad-type")
            title = cid
        title = self.name_text(title, MAX_TITLE_LENGTH, f"{cid}: title", shown, entry.line_of("title"))
        depth_raw = entry.get("depth")
        depth = Depth.OVERVIEW
        if depth_raw is None:
            bad("depth", f"{cid}: 'depth' is required (0-3 or overview/use/how/theory)", "missing-field")
        elif isinstance(depth_raw, bool) or not isinstance(depth_raw, (int, str)):
            bad("depth", f"{cid}: 'depth' must be 0-3 or a level name, got {shorten(depth_raw)}")
        elif isinstance(depth_raw, int):
            if 0 <= depth_raw <= 3:
                depth = Depth(depth_raw)
            else:
                bad("depth", f"{cid}: depth {shorten(depth_raw)} is out of range 0-3", "depth-range")
        elif depth_raw.strip().lower() in LEVEL_SYNONYMS:
            depth = Depth(LEVEL_SYNONYMS[depth_raw.strip().lower()])
        else:
            bad("depth", f"{cid}: unknown depth {shorten(depth_raw)} (0-3 or overview/use/how/theory)", "depth-range")
        area = entry.get("area", "general")
        if not isinstance(area, str) or not area.strip():
            bad("area", f"{cid}: 'area' must be text")
            area = "general"
        minutes = entry.get("minutes", 30)
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            bad("minutes", f"{cid}: 'minutes' must be a whole number, got {shorten(minutes)}")
            minutes = 30
        elif not 1 <= minutes <= 10_000:
            bad("minutes", f"{cid}: 'minutes' must be between 1 and 10000, got {shorten(minutes)}", "out-of-range")
            minutes = 30
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("aliases", "requires", "related", "tags"):
            value = _optional_list(entry, key)
            if not _is_str_list(value):
                bad(key, f"{cid}: '{key}' must be a list of text")
                value = []
            items = [v.strip() for v in value if v.strip()]
            if key == "aliases":
                items = [self.name_text(v, MAX_ALIAS_LENGTH, f"{cid}: alias", shown, entry.line_of(key)) for v in items]
            lists[key] = tuple(dict.fromkeys(items))  # a repeat is reported once, then ignored
            if len(lists[key]) != len(items):
                self.problem(shown, entry.line_of(key), "duplicate-item", f"{cid}: '{key}' lists the same item twice")
        tasks, task_lines = self.task_phrases(entry, shown, cid)
        groups: list[tuple[str, ...]] = []
        any_raw = _optional_list(entry, "requires_any")
        if not isinstance(any_raw, list) or not all(_is_str_list(g) and len(set(g)) >= 2 for g in any_raw):
            bad("requires_any", f"{cid}: 'requires_any' must be a list of groups, each a list of two or more different ids")
        else:
            groups = [tuple(g) for g in any_raw]
        resources: list[Resource] = []
        res_raw = _optional_list(entry, "resources")
        if not isinstance(res_raw, list):
            bad("resources", f"{cid}: 'resources' must be a list")
        else:
            for item in res_raw:
                resource = self.resource(item, cid, shown, entry.line_of("resources"))
                if resource:
                    resources.append(resource)
        if not ok:
            self.reported.add(cid)
            return None
        return Concept(
            id=cid,
            title=title.strip(),
            depth=depth,
            area=area.strip(),
            minutes=minutes,
            aliases=lists["aliases"],
            requires=lists["requires"],
            requires_any=tuple(groups),
            related=lists["related"],
            tags=lists["tags"],
            resources=tuple(resources),
            tasks=tasks,
            task_lines=task_lines,
            source=shown,
            line=entry.line,
            pack=self.pack,
        )

    def name_text(self, value: str, limit: int, what: str, shown: str, line: int) -> str:
        """A title or alias made safe to show: bidi controls removed and length cut, each reported.

        Both are reported as problems, and the concept is kept with the cleaned name, so
        one hostile entry cannot slow or garble every command before it is fixed.
        """
        if BIDI_CONTROLS.search(value):
            self.problem(shown, line, "bidi-control", f"{what} holds a bidirectional-text control character, which makes it read differently from what it is")
            value = BIDI_CONTROLS.sub("", value)
        if len(value) > limit:
            self.problem(shown, line, "too-long", f"{what} is {len(value)} characters; at most {limit}")
            value = value[:limit]
        return value

    def task_phrases(self, entry: yamlsafe.Map, shown: str, owner: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The `tasks:` of a concept or track with the line of each; bad items are reported and left out."""
        from . import yamlsafe

        raw = _optional_list(entry, "tasks")
        if not _is_str_list(raw):
            self.problem(shown, entry.line_of("tasks"), "bad-type", f"{owner}: 'tasks' must be a list of text")
            return (), ()
        kept: list[tuple[str, int]] = []
        seen: set[str] = set()
        for i, item in enumerate(raw):
            line = raw.line_at(i) if isinstance(raw, yamlsafe.Seq) else entry.line_of("tasks")
            phrase = " ".join(item.split())
            if not phrase:
                continue
            if len(phrase) > MAX_TASK_LENGTH:
                self.problem(shown, line, "too-long", f"{owner}: a task phrase is {len(phrase)} characters; at most {MAX_TASK_LENGTH}")
            elif phrase.lower() in seen:
                self.problem(shown, line, "duplicate-item", f"{owner}: 'tasks' lists {shorten(phrase)} twice")
            else:
                seen.add(phrase.lower())
                kept.append((phrase, line))
        return tuple(p for p, _ in kept), tuple(n for _, n in kept)

    def resource(self, item: Any, cid: str, shown: str, line: int) -> Resource | None:
        """A resource from one entry of a concept's list, or None after reporting what is wrong."""
        from . import yamlsafe

        if not isinstance(item, yamlsafe.Map):
            self.problem(shown, line, "bad-type", f"{cid}: each resource must be a mapping with title and url")
            return None
        hinted = self.check_fields(item, RESOURCE_FIELDS, shown, "resource")
        title, url = item.get("title"), item.get("url")
        if not isinstance(title, str) or not isinstance(url, str):
            misspelt = (title is None and "title" in hinted) or (url is None and "url" in hinted)
            if not misspelt:
                self.problem(shown, item.line, "bad-type", f"{cid}: a resource needs 'title' and 'url' as text")
            return None
        if not url.startswith(("https://", "http://")):
            self.problem(shown, item.line_of("url"), "bad-url", f"{cid}: resource url must start with https://")
            return None
        kind, free = item.get("kind", "article"), item.get("free", True)
        if kind not in RESOURCE_KINDS:
            self.problem(shown, item.line_of("kind"), "bad-type", f"{cid}: resource kind must be one of {', '.join(RESOURCE_KINDS)}, got {shorten(kind)}")
            return None
        if not isinstance(free, bool):
            self.problem(shown, item.line_of("free"), "bad-type", f"{cid}: resource 'free' must be true or false, got {shorten(free)}")
            return None
        return Resource(title, url, kind, free)

    # -- glossary --------------------------------------------------------------------
    def load_glossary(self, source: PackSource) -> None:
        """Definitions for this pack's concepts; entries no concept claims are reported."""
        gdir = source.root / "glossary"
        if not gdir.is_dir():
            return
        bundled = source.name == "bundled"
        # A file's name is only ever looked up among the ids, never turned into a path:
        # the files read are exactly those listed here, inside the pack.
        for path in self.listing(gdir, (".md",), source.root, bundled):
            shown = display_path(path, source.root, bundled=bundled)
            cid = path.stem
            concept = self.graph.concepts.get(cid)
            if concept is None or concept.pack != source.name:
                # Not an orphan when its concept was rejected, or may be in a file that was not read.
                if concept is None and cid not in self.reported and source.name not in self.incomplete:
                    self.problem(shown, 1, "orphan-definition", f"glossary entry for unknown concept {cid!r}")
                continue
            text = self.read_text(path, shown, source.root)
            if text is not None and not text.strip():
                self.problem(shown, 1, "empty-definition", f"glossary entry for {cid!r} is empty")
            if text is None or not text.strip():
                self.reported.add(cid)  # so `check` does not also call it missing
                continue
            concept.definition = text.strip()
            if len(concept.summary) > MAX_SUMMARY_LENGTH:
                message = f"{cid}: the definition's first paragraph is {len(concept.summary)} characters; at most {MAX_SUMMARY_LENGTH} (lists show it whole)"
                self.problem(shown, 1, "too-long", message)


class _TooMany(Exception):
    """A file reached MAX_PROBLEMS_PER_FILE: stop reading it."""


class _Refused(Exception):
    """A pack file that cannot be read as text: the code, line and message of a fatal problem."""

    def __init__(self, code: str, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def _resolved(path: Path, real_dirs: dict[Path, Path] | None) -> Path:
    """``path.resolve(strict=True)``, remembering each folder's resolution in ``real_dirs``.

    A file that is not itself a link resolves to its folder's real path plus its name:
    one ``lstat`` per file instead of one per component of its path (resolving every
    component of every file was a quarter of the time 1,000 concepts took to load).
    """
    if real_dirs is None or stat.S_ISLNK(os.lstat(path).st_mode):
        return path.resolve(strict=True)
    return _real_dir(path.parent, real_dirs) / path.name


def _real_dir(folder: Path, real_dirs: dict[Path, Path] | None, *, strict: bool = True) -> Path:
    """A folder's resolved path, looked up in (and kept in) ``real_dirs`` when there is one."""
    if real_dirs is None:
        return folder.resolve(strict=strict)
    found = real_dirs.get(folder)
    if found is None:
        found = real_dirs[folder] = folder.resolve(strict=strict)
    return found


def _read_bytes(path: Path, root: Path, real_dirs: dict[Path, Path] | None = None) -> bytes:
    """A pack file's bytes; refuses links out of the pack, special files and files over the limit."""
    try:
        real = _resolved(path, real_dirs)
    except RuntimeError:  # Python before 3.13 reports a symbolic link loop this way
        raise _Refused("unreadable", "cannot read file: symbolic link loop") from None
    except OSError as exc:
        raise _Refused("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    if not real.is_relative_to(_real_dir(root, real_dirs, strict=False)):
        raise _Refused("symlink-outside", "symbolic link to a file outside the pack; not read")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a FIFO must not block us
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise _Refused("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("unreadable", "not a regular file; not read")
        size = info.st_size  # decided from the size alone: a huge file is never read
        if size <= MAX_FILE_BYTES:
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows meanwhile
            size = len(data)
    except OSError as exc:
        raise _Refused("unreadable", f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise _Refused("too-large", f"file is {size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    return data


def _decode(data: bytes) -> str:
    """UTF-8 text from a file's bytes; binary files and other encodings are refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Refused("encoding", "UTF-16 or UTF-32 text; save it as UTF-8")
    if b"\0" in data:
        raise _Refused("binary", "binary file (contains NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _Refused("encoding", f"not valid UTF-8 text (byte 0x{data[exc.start]:02x})", line) from None


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _optional_list(entry: yamlsafe.Map, key: str) -> Any:
    """A list field's value: absent or null is an empty list; anything else is as written."""
    value = entry.get(key)
    return [] if value is None else value


def _type_name(value: Any) -> str:
    """What a YAML value is, in the words of the format: text, number, list..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "nothing (null)"


def _closest(key: str, allowed: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.7)
    return matches[0] if matches else None


@gc_paused
def read_packs(sources: list[PackSource]) -> LoadResult:
    """Read every pack in order into one graph, collecting problems (no graph-wide checks)."""
    reader = _Reader()
    for source in sources:
        reader.load_pack(source)
    return LoadResult(reader.graph, reader.problems, sources, not reader.incomplete, frozenset(reader.reported))


def load(packs: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True, use_cache: bool = True) -> LoadResult:
    """Load the bundled pack (unless told not to) and any user packs, with problems listed.

    Goes through the parsed-pack cache (``cache.py``) unless ``use_cache`` is False.
    """
    from .cache import load_cached

    return load_cached(pack_sources(packs, bundled=bundled), use_cache=use_cache)
