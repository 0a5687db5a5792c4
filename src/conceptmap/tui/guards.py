"""Guards against races in Textual itself, found by the monkey (tests/tui/test_monkey.py).

Each shows when keys or clicks arrive faster than Textual settles: typed ahead
while the app is busy, a double click, enter pressed twice. Each ended the app
with a traceback (Textual 8.2). ``test_monkey.py`` replays each one exactly;
when Textual fixes one upstream, its guard can go.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from textual import events
from textual._context import active_message_pump  # the screen whose handler is running
from textual._node_list import DuplicateIds  # not exported elsewhere
from textual.actions import ActionParseResult
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette as TextualCommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode, NoScreen
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle  # not exported by textual.widgets


class GuardedApp(App[None]):
    """Textual's App with its fast-input races closed."""

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen once it has opened; never the last, never for a screen already closed."""
        # Two enters reach the command palette before its first dismiss lands, and it
        # dismisses again: that popped the page under it, or crashed on the last one.
        caller = active_message_pump.get(None)
        if len(self.screen_stack) <= 1 or (isinstance(caller, Screen) and caller not in self.screen_stack):
            return AwaitComplete()
        # Enter then escape close a page still opening: its mount handlers then
        # found their widgets removed.
        if not self.screen.is_mounted:
            return AwaitComplete(self._pop_once_mounted(self.screen))
        return super().pop_screen()

    async def _pop_once_mounted(self, screen: Screen[object]) -> None:
        """Pop a screen when it is up, unless something else closed it meanwhile."""
        while not screen.is_mounted:
            await asyncio.sleep(0.005)
        if self.screen is screen and len(self.screen_stack) > 1:
            await super().pop_screen()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action, but none for a page that has not finished opening."""
        # A key typed ahead reaches a page's bindings between its push and its
        # compose: actions that look up the page's widgets found none (NoMatches).
        # The page's mount draws everything anyway, so the key is taken and dropped.
        if isinstance(default_namespace, Widget) and not isinstance(default_namespace, App):
            with contextlib.suppress(NoScreen):
                if not default_namespace.screen.is_mounted:
                    return True
        return await super().run_action(action, default_namespace, namespaces)

    def action_command_palette(self) -> None:
        """The command palette; not a second one while the last is still closing."""
        # escape then ctrl+p: the closed palette still held its id (DuplicateIds).
        with contextlib.suppress(DuplicateIds):
            # is_open's parameter is App[object], which an App[None] is not (invariant): Textual's annotation is too narrow
            if self.use_command_palette and not TextualCommandPalette.is_open(self):  # type: ignore[arg-type]
                self.push_screen(CommandPalette(id="--command-palette"))

    async def on_event(self, event: events.Event) -> None:
        """Every event, but a mouse press on a widget the last frame shows and its page has dropped."""
        # The footer rebuilds its keys when focus moves; a press before the next frame
        # found a key with no parent, and text selection raised AttributeError.
        if isinstance(event, events.MouseDown) and not event.is_forwarded:
            widget, _ = self.screen.get_widget_and_offset_at(event.x, event.y)
            if widget is not None and widget.parent is None and not isinstance(widget, Screen):
                return
        await super().on_event(event)


class CommandPalette(TextualCommandPalette):
    """Textual's command palette; a search that finishes after it closed does nothing."""

    def _watch__list_visible(self) -> None:
        """Show or hide the results list, if the palette still has one."""
        # A search still gathering when escape closed the palette came back to a
        # palette whose list was already removed (NoMatches).
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()


class Header(TextualHeader):
    """Textual's Header; a title update that lands after its page closed does nothing."""

    def _on_mount(self, event: events.Mount) -> None:
        """Textual's four title watchers, with a missing title tolerated."""
        # Header queues a title update at mount; a page closed at once removed the
        # title first, and the update raised NoMatches.
        event.prevent_default()  # instead of Header._on_mount, which registers the same four

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
