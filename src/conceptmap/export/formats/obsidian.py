"""Obsidian: the glossary as a vault, a folder of notes joined by wikilinks."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, Writer


def glossary(job: GlossaryJob) -> dict[str, str]:
    """The vault's notes by relative path (obsidian.Vault)."""
    from ..obsidian import Vault

    return Vault(job.graph, job.concepts).files()


FORMAT = ExportFormat(
    name="obsidian",
    title="Obsidian",
    suffix="-vault",
    glossary=Writer("Obsidian vault (a folder of notes)", glossary, hint="a vault folder"),
    folder=True,
)
