"""The export formats, one module each in this folder; the CLI, the TUI and the docs list them from here.

Adding a format: a module here that defines ``FORMAT = ExportFormat(...)`` (see
``conceptmap.export.base``), its name in :data:`NAMES`, a reader for it in
tests/test_export_formats.py, and a line in docs/export.md. Nothing else lists formats.

Cheap to import (the CLI imports it at start): format modules load their renderers
when a writer runs.
"""

from __future__ import annotations

from importlib import import_module

from ...problems import ConceptmapError
from ..base import SORTS as SORTS  # re-exported: the old tables lived here
from ..base import ExportFormat as ExportFormat
from ..base import Subject as Subject

#: Every format, in menu order (the registry).
NAMES: tuple[str, ...] = ("md", "html", "json", "csv", "anki", "obsidian", "dot", "mermaid", "svg")


def _load(name: str) -> ExportFormat:
    """The FORMAT a format module defines, checked, so a broken module fails at import with its name."""
    found = getattr(import_module(f".{name}", __name__), "FORMAT", None)
    if not isinstance(found, ExportFormat) or found.name != name:
        raise TypeError(f"conceptmap.export.formats.{name} must define FORMAT = ExportFormat(name={name!r}, ...)")
    return found


#: Name -> format, in menu order.
REGISTRY: dict[str, ExportFormat] = {name: _load(name) for name in NAMES}


def formats_for(subject: Subject) -> tuple[ExportFormat, ...]:
    """The formats that export a subject, in menu order."""
    return tuple(f for f in REGISTRY.values() if subject in f.subjects)


def names_for(subject: Subject) -> tuple[str, ...]:
    """The --format names for a subject, in menu order."""
    return tuple(f.name for f in formats_for(subject))


def export_format(name: str, subject: Subject) -> ExportFormat:
    """The format called ``name`` that exports ``subject``; a one-line error listing the others."""
    found = REGISTRY.get(name)
    if found is None or subject not in found.subjects:
        raise ConceptmapError(f"unknown {subject.value} format {name!r}; formats: {', '.join(names_for(subject))}")
    return found


def spoken(words: list[str] | tuple[str, ...]) -> str:
    """Words as a reader says them: "a", "a or b", "a, b or c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def format_help(subject: Subject) -> str:
    """The --format help: "md, html, json, csv, anki (.apkg) or obsidian (a vault folder)."."""
    names = []
    for fmt in formats_for(subject):
        writer = fmt.writer(subject)
        names.append(f"{fmt.name} ({writer.hint})" if writer is not None and writer.hint else fmt.name)
    return spoken(names) + "."


def output_help(subject: Subject) -> str:
    """The -o help: what it names, and which formats write a folder."""
    folders = [f.name for f in formats_for(subject) if f.folder]
    return "File to write" + (f" (a folder for {spoken(folders)})" if folders else "")


def titles(subject: Subject) -> tuple[str, ...]:
    """The short names of a subject's formats, for help texts: "Markdown", "HTML", ..."""
    return tuple(f.title for f in formats_for(subject))


def stem_of(filename: str) -> str:
    """A file name without the ending of any registered format ("words.apkg" -> "words")."""
    endings = sorted({f.suffix for f in REGISTRY.values() if f.suffix}, key=len, reverse=True)
    return next((filename[: -len(end)] for end in endings if filename.endswith(end) and len(filename) > len(end)), filename)


# -- the tables earlier versions exported, derived from the registry ----------------------
FORMATS: tuple[str, ...] = names_for(Subject.GLOSSARY)
FORMAT_LABELS: dict[str, str] = {f.name: f.label(Subject.GLOSSARY) for f in formats_for(Subject.GLOSSARY)}
#: The usual file-name ending of each glossary format ("" for a folder).
SUFFIXES: dict[str, str] = {f.name: "" if f.folder else f.suffix for f in formats_for(Subject.GLOSSARY)}
#: Formats whose output is text, so `-o -` may print them.
TEXT_FORMATS: frozenset[str] = frozenset(f.name for f in REGISTRY.values() if f.printable)
PATH_FORMATS: tuple[str, ...] = names_for(Subject.PATH)
PATH_FORMAT_LABELS: dict[str, str] = {f.name: f.label(Subject.PATH) for f in formats_for(Subject.PATH)}
GRAPH_FORMATS: tuple[str, ...] = names_for(Subject.GRAPH)
GRAPH_FORMAT_LABELS: dict[str, str] = {f.name: f.label(Subject.GRAPH) for f in formats_for(Subject.GRAPH)}


def default_filename(fmt: str, stem: str = "glossary") -> str:
    """A sensible output name for a format ("glossary.html", "glossary-vault")."""
    found = REGISTRY.get(fmt)
    if found is None:
        raise ConceptmapError(f"unknown format {fmt!r}; formats: {', '.join(NAMES)}")
    return found.filename(stem)

