"""Text normalisation shared by search and goal parsing.

Everything a user types and everything we index goes through the same
functions, so "modelling" finds "modeling" and "neighbours" finds "neighbors"
without a dictionary: over-normalising is harmless when both sides get it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_WORD_RE = re.compile(r"[a-z0-9]+")
# British -> American spelling rules, applied word by word.
_SPELLING = [
    (re.compile(r"(?<=[a-z]{2})is(ation|ations|ing|ed|er|ers|e|es)\b"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|es|ed|ing)\b"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|hood|hoods|ite)?\b"), r"or\1"),
    (re.compile(r"(?<=[a-z]{2}[aeiou])ll(ing|ed|er|ers)\b"), r"l\1"),
    (re.compile(r"(?<=[a-z]{2}[^aeiou\s])tre(s)?\b"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{3})ogue(s)?\b"), r"og\1"),
]


def fold(text: str) -> str:
    """Lowercase, strip accents and control characters, unify British spellings."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("’", "'").replace("-", " ").replace("_", " ")
    for pattern, repl in _SPELLING:
        text = pattern.sub(repl, text)
    return text


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD_RE.findall(fold(text))


def key(text: str) -> str:
    """A lookup key: folded words joined by single spaces."""
    return " ".join(words(text))


@lru_cache(maxsize=1)
def _english() -> Callable[[str], str]:
    # Snowball's English (Porter2) stemmer: "nets" and "net", "learning" and "learn" meet.
    # Imported on first use: `--help`, `show` and a path by exact id never stem.
    from snowballstemmer import stemmer

    return stemmer("english").stemWord  # type: ignore[no-any-return]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's Snowball (Porter2) stem, so plurals and inflections meet ("networks", "network")."""
    return _english()(word)


def root(word: str) -> str:
    """A coarser stem, for names said as verbs: "detect" and "detection", "classify" and "classification"."""
    word = stem(word)
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]  # "translate" -> "translat", "summarize" -> "summariz", "image" -> "imag"
    for suffix in ("abil", "ific", "ify", "ion", "iz", "at", "ive", "ly", "y", "i"):  # "i": Porter2 writes "classify" as "classifi"
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    word = stem(word)  # once more: "clustering" -> "cluster" -> "clust", as "cluster" -> "clust"
    for suffix in ("ac", "it"):  # what "-acy" and "-ity" leave: "accuracy" -> "accur" as "accurate" does
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = stem(word[: -len(suffix)])  # "sparsit" -> "spars" -> "spar", as "sparse" -> "spar"
            break
    if len(word) >= 5 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # "embedd(ing)" -> "embed"
    return word


def stems(text: str) -> list[str]:
    """The stems of a text's words."""
    return [stem(w) for w in words(text)]


def acronym(title: str) -> str | None:
    """The initials of a multi-word title ("Latent Dirichlet Allocation" -> "lda")."""
    parts = [w for w in words(title) if w not in _MINOR]
    if len(parts) < 2:
        return None
    return "".join(w[0] for w in parts)


_MINOR = {"of", "and", "the", "a", "an", "for", "to", "in", "on", "with", "vs"}


def sanitize(text: str, limit: int = 500) -> str:
    """User input made safe to process: control characters dropped, length bounded."""
    text = "".join(ch for ch in text[: limit * 4] if ch.isprintable() or ch == " ")
    return text[:limit]


def minutes_text(minutes: int) -> str:
    """A duration for people: "1 h 20 min", "45 min"."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def shorten(value: Any, limit: int = 60) -> str:
    """A value for a message: its repr, cut so a hostile value cannot flood the line."""
    text = repr(value[: limit + 1] if isinstance(value, str) else value)  # a huge text is never copied whole
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clip(text: str, limit: int) -> str:
    """Text cut to at most ``limit`` characters, with an ellipsis when cut (for display, not messages)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(count: int, noun: str) -> str:
    """"1 concept", "3 concepts": a count with its noun (English -s plural)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
