"""The export formats and their human labels; no heavy imports, so the CLI and TUI can list them cheaply."""

from __future__ import annotations

#: Glossary formats, in menu order, with the label a user sees.
FORMAT_LABELS: dict[str, str] = {
    "md": "Markdown document",
    "html": "Web page (one self-contained file)",
    "json": "JSON (every field)",
    "csv": "CSV spreadsheet (every field)",
    "anki": "Anki deck (.apkg)",
    "obsidian": "Obsidian vault (a folder of notes)",
}
FORMATS: tuple[str, ...] = tuple(FORMAT_LABELS)

#: The usual file-name ending of each glossary format ("" for a folder).
SUFFIXES: dict[str, str] = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv", "anki": ".apkg", "obsidian": ""}

#: Formats whose output is text, so `-o -` may print them.
TEXT_FORMATS: frozenset[str] = frozenset({"md", "html", "json", "csv", "dot", "mermaid", "svg"})

PATH_FORMAT_LABELS: dict[str, str] = {
    "md": "Markdown checklist",
    "json": "JSON (the `path --json` shape)",
    "csv": "CSV, one row per step",
}
PATH_FORMATS: tuple[str, ...] = tuple(PATH_FORMAT_LABELS)

GRAPH_FORMAT_LABELS: dict[str, str] = {
    "dot": "Graphviz DOT source",
    "mermaid": "Mermaid flowchart",
    "svg": "SVG picture (needs Graphviz)",
}
GRAPH_FORMATS: tuple[str, ...] = tuple(GRAPH_FORMAT_LABELS)

#: Glossary orders: grouped by area, or alphabetical by title.
SORTS: tuple[str, ...] = ("area", "alpha")


def default_filename(fmt: str, stem: str = "glossary") -> str:
    """A sensible output name for a glossary format ("glossary.html", "glossary-vault")."""
    return f"{stem}-vault" if fmt == "obsidian" else f"{stem}{SUFFIXES[fmt]}"
