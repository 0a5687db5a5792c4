"""Command palette (ctrl+p): concepts and actions, titled "group: action"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..export.formats import Subject, spoken, titles

if TYPE_CHECKING:
    from .app import ConceptmapApp


class ConceptCommands(Provider):
    """Finds concepts ("concept: ...", "path: ...") and the app's main actions."""

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast("ConceptmapApp", self.app)  # Provider.app is typed as any App
        return [
            ("go: search", app.action_search, "Go home and search concepts"),
            ("go: back", app.action_back, "Previous page"),
            ("go: forward", app.action_forward, "Next page after going back"),
            ("path: goal in words", app.action_goal, "Ask for a learning path, e.g. 'use LDA for topic modelling'"),
            ("export: glossary", app.action_export, f"Write the glossary as {spoken(titles(Subject.GLOSSARY))}"),
            ("help: keys", app.action_help, "Every key and what it does"),
        ]

    async def discover(self) -> Hits:
        """Actions shown before anything is typed."""
        for title, callback, help_text in self._actions():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Actions matching the query, then concepts found by conceptmap's own search."""
        app = cast("ConceptmapApp", self.app)  # Provider.app is typed as any App
        matcher = self.matcher(query)
        for title, callback, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
        hits = app.session.index.search(query, 10)
        for rank, hit in enumerate(hits):
            concept = hit.concept
            score = max(0.01, hit.score / 100 - rank * 0.01)
            yield Hit(score, f"concept: {concept.title}", partial(app.open_concept, concept.id), help=concept.summary[:120])
            if rank < 3:
                yield Hit(score * 0.9, f"path: to {concept.title}", partial(app.open_path, concept.id), help=f"Learning path to {concept.title}")
