"""Markdown helpers the exporters share: glossary links, escaping, safe HTML and plain text.

HTML comes from markdown-it-py with raw HTML disabled, so any HTML written in a
definition is shown as text and never passed through; ``javascript:`` and similar
links are refused by markdown-it's link validation; images become their alt text so
an export never loads anything from the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..checker import LINK_RE, link_target
from ..model import Resource

#: Maps a linked concept id to where the link should go, or None to keep only its text.
Resolve = Callable[[str], "str | None"]
#: Rewrites one glossary link in Markdown source: (link text, concept id) -> replacement.
Rewrite = Callable[[str, str], str]

_EXTERNAL = ("http://", "https://", "mailto:")
_OUTSIDE = (*_EXTERNAL, "#")  # links that never name a concept
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")
_LEADING_H1 = re.compile(r"#(?:[ \t]|$)")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark plus tables and strikethrough, raw HTML off."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def md_escape(text: str) -> str:
    """Plain text made safe inside Markdown: one line, every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_resource(resource: Resource) -> str:
    """A resource as Markdown: its linked title, its kind, and "(paid)" when it is not free.

    The address goes in angle brackets, so brackets or spaces in it cannot end the link early.
    """
    url = resource.url.replace(">", "%3E").replace(" ", "%20")
    return f"[{md_escape(resource.title)}](<{url}>) · {resource.kind}" + ("" if resource.free else " (paid)")


def html_resource(resource: Resource) -> str:
    """A resource as HTML: its linked title, its kind, and "(paid)" when it is not free."""
    link = f'<a href="{escape(resource.url, quote=True)}" rel="noopener noreferrer">{escape(resource.title)}</a>'
    return f"{link} · {escape(resource.kind)}" + ("" if resource.free else " (paid)")


def definition_body(markdown: str) -> str:
    """A definition without the leading ``# Heading`` line the glossary format allows."""
    lines = markdown.strip().splitlines()
    if lines and _LEADING_H1.match(lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip()


def glossary_link(href: str, ids: Container[str]) -> str | None:
    """The concept id a link like ``other-id.md`` names, if it is one of ``ids``."""
    if href.startswith(_OUTSIDE):
        return None
    cid = link_target(href)
    return cid if cid in ids else None


def rewrite_links(markdown: str, ids: Container[str], rewrite: Rewrite) -> str:
    """Markdown source with every glossary link to one of ``ids`` replaced by ``rewrite``."""

    def replace(match: re.Match[str]) -> str:
        if match.start() and match.string[match.start() - 1] == "!":
            return match.group(0)  # an image, not a link
        cid = glossary_link(match.group(2), ids)
        return match.group(0) if cid is None else rewrite(match.group(1), cid)

    return LINK_RE.sub(replace, markdown)


def demote_headings(markdown: str, levels: int) -> str:
    """Markdown with every heading ``levels`` deeper (at most h6), setext ones made ATX."""
    source = markdown.replace("\r\n", "\n").replace("\r", "\n")
    lines = source.split("\n")
    headings = [(t, t.map) for t in parser().parse(source) if t.type == "heading_open" and t.map is not None]
    for token, (start, end) in reversed(headings):  # from the end, so replacing lines never shifts the next
        level = min(6, int(token.tag[1:]) + levels)
        if token.markup.startswith("#"):
            lines[start] = lines[start].replace(token.markup, "#" * level, 1)
        else:  # setext: the text lines, then an underline
            text = " ".join(line.strip() for line in lines[start : end - 1])
            lines[start:end] = [f"{'#' * level} {text}"]
    return "\n".join(lines)


def _link_tokens(children: list[Token], resolve: Resolve) -> list[Token]:
    """Inline tokens with glossary links resolved, other relative links unlinked, images as text."""
    out: list[Token] = []
    dropped: list[bool] = []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            target = href if href.startswith(_EXTERNAL) else resolve(link_target(href))
            dropped.append(target is None)
            if target is None:
                continue
            token.attrSet("href", target)
        elif token.type == "link_close" and dropped and dropped.pop():
            continue
        elif token.type == "image":
            token = Token("text", "", 0, content=token.content)
        out.append(token)
    return out


def render_html(markdown: str, resolve: Resolve, *, demote: int = 0) -> str:
    """Safe HTML for a definition: links through ``resolve``, headings ``demote`` levels deeper."""
    md = parser()
    tokens = md.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1:]) + demote)}"
        if token.children:
            token.children = _link_tokens(token.children, resolve)
    rendered: str = md.renderer.render(tokens, md.options, {})
    return rendered


def _inline_text(children: list[Token]) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "code_inline", "image", "html_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def plain_text(markdown: str) -> str:
    """The words of a Markdown text without markup: one paragraph per block."""
    blocks = []
    for token in parser().parse(markdown):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block.strip() for block in blocks if block.strip())
