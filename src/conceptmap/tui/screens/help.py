"""Help: every key, grouped by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from ...export.formats import Subject, titles
from ..guards import Header

# One table, kept next to the bindings it documents; a test checks they agree.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Everywhere", [
        ("/", "search (go home, cursor in the search box)"),
        ("ctrl+g, or g outside a text box", "learning path to a goal in words, e.g. *use LDA for topic modelling*"),
        ("e", f"export the glossary ({', '.join(titles(Subject.GLOSSARY))})"),
        ("escape", "back; on home, clear the search box, then leave it"),
        ("alt+left / alt+right", "back / forward"),
        ("ctrl+p", "command palette: concepts and actions, and themes"),
        ("f1 or ?", "this help"),
        ("ctrl+q", "quit"),
        ("tab / shift+tab", "move between parts of the screen; everything is clickable too"),
    ]),
    ("Search (home)", [
        ("type", "search as you type: titles, aliases and acronyms, then definitions"),
        ("down", "from the search box into the results"),
        ("up / down", "move in a list"),
        ("enter", "open the highlighted concept"),
        ("t, outside the search box", "placement: a few yes / no questions mark what you already know"),
        ("u, outside the search box", "undo the last change of marks (a tick, a placement)"),
    ]),
    ("Concept page", [
        ("k or space", "toggle known (saved at once)"),
        ("p", "learning path to this concept"),
        ("enter", "open the highlighted prerequisite, unlocked or related concept, or resource"),
    ]),
    ("Learning path", [
        ("k or space", "tick the highlighted step as known; the path updates"),
        ("enter", "open the highlighted step"),
        ("+ or d / -", "one level deeper / shallower (overview, use, how, theory)"),
        ("h", "set the maximum hops from the goal"),
        ("r", "show or hide the rabbit holes (what was cut)"),
        ("s", "save this goal (it appears on the home screen)"),
        ("t", "placement over this path: a few questions mark what you know, then the path replans"),
        ("u", "undo the last change of marks; the path replans"),
        ("w", "plan the path in weeks: hours a week and the first day; each step shows its week"),
    ]),
    ("Placement (t)", [
        ("y / n / u", "yes, I know it / no / unsure (settles nothing)"),
        ("d or ?", "show or hide the definition of the concept asked about"),
        ("escape", "close without saving"),
    ]),
]


def keys_markdown() -> str:
    """The help text as Markdown tables."""
    parts = ["# Keys\n", "conceptmap finds the shallowest path from what you know to your goal.\n"]
    for title, rows in KEYS:
        parts.append(f"\n## {title}\n\n| key | does |\n|---|---|")
        parts.extend(f"| `{key}` | {does} |" for key, does in rows)
    parts.append(
        "\n\n## Depth levels\n\n| level | you can... |\n|---|---|\n"
        "| overview | say what it is and why it matters |\n| use | apply it with a library and read its output |\n"
        "| how | explain the mechanism |\n| theory | follow the maths |\n"
    )
    return "\n".join(parts)


class HelpScreen(Screen[None]):
    """Every key and what it does."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "app.pop_screen", "Close")]
    location = None

    def compose(self) -> ComposeResult:
        """The key tables."""
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(keys_markdown(), id="help")
        yield Footer()
