"""A list of concepts that tells its screen which one was chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...model import Concept
from .labels import concept_line


class SafeOptionList(OptionList):
    """An OptionList whose page keys survive options that are not laid out yet."""

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        """Page up/down; right after the options change, Textual has no line map yet (KeyError)."""
        # Found by tests/tui/test_monkey.py: pagedown right after a list is refilled.
        try:
            super()._move_page(direction)
        except KeyError:
            if self.option_count:
                self.highlighted = self.option_count - 1 if direction > 0 else 0


    # Textual awaits a handler only when it returns an awaitable, so a plain one is fine.
    def _on_click(self, event: events.Click) -> None:  # type: ignore[override]
        """A click on an option the list lost since the click was made does nothing."""
        # The click carries the index of the option it was drawn over; a refill with
        # fewer options in between raised IndexError in OptionList's own handler, which
        # Textual calls after this one unless the default is prevented.
        option = event.style.meta.get("option")
        if isinstance(option, int) and option >= self.option_count:
            event.prevent_default()


class ConceptList(SafeOptionList):
    """An OptionList of concepts; choosing one posts ConceptList.Chosen."""

    @dataclass
    class Chosen(Message):
        """A concept in the list was chosen (enter or click)."""

        concept_id: str

    def show(self, concepts: list[Concept], known: set[str] | frozenset[str], extras: dict[str, str] | None = None) -> None:
        """Replace the list with these concepts."""
        extras = extras or {}
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            [Option(concept_line(c, known=c.id in known, extra=extras.get(c.id, "")), id=c.id) for c in concepts]
        )
        if concepts:
            self.highlighted = min(highlighted or 0, len(concepts) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a selection into a Chosen message for the screen."""
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))

    @property
    def current_id(self) -> str | None:
        """The id of the highlighted concept, if any."""
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id
