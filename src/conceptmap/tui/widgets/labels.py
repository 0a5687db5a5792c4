"""Small text helpers shared by widgets: depth badges, minutes, concept lines."""

from __future__ import annotations

from rich.text import Text

from ...model import Concept, Depth
from ...text import minutes_text as minutes_text  # re-exported for this layer

DEPTH_STYLES = {
    Depth.OVERVIEW: "bold green",
    Depth.USE: "bold cyan",
    Depth.HOW: "bold yellow",
    Depth.THEORY: "bold magenta",
}


def badge(depth: Depth) -> Text:
    """A coloured, fixed-width depth badge such as "use      "."""
    return Text(f"{depth.label:<9}", style=DEPTH_STYLES[depth])


def short_minutes(minutes: int) -> str:
    """A compact duration for tight places: "45m", "2.5h", "26h"."""
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes / 60
    return f"{hours:.1f}h".replace(".0h", "h") if hours < 10 else f"{round(hours)}h"


def concept_line(concept: Concept, *, known: bool = False, extra: str = "") -> Text:
    """One list row: tick, depth badge, title, then dim extra text."""
    line = Text()
    line.append("✓ " if known else "  ", style="bold green")
    line.append_text(badge(concept.depth))
    line.append(concept.title)
    if extra:
        line.append(f"  {extra}", style="dim")
    return line
