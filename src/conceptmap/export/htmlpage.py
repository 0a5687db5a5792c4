"""The glossary as one self-contained web page: inline CSS, a small inline filter script, no network.

Every title, alias and fact is escaped; definitions are rendered by markdown-it with
raw HTML off (see ``markup``). A Content-Security-Policy allows only the page's own
script, by its hash, so even a mistake in escaping could not run someone else's.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from html import escape

from ..model import Concept, Graph
from .layout import LEARN_LABEL, Group, facts, group_concepts, relations, title_of
from .markup import Resolve, definition_body, html_resource, render_html
from .safety import unique_slugs

CSS = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #5f6368; --line: #dadce0;
  --accent: #0b57d0; --d0: #d8f3dc; --d1: #cfe2ff; --d2: #fff3bf; --d3: #ffd6d6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8eaed; --bg: #15171a; --muted: #9aa0a6;
  --line: #3c4043; --accent: #8ab4f8; --d0: #1e4d2b; --d1: #1f3a66; --d2: #5c4a00; --d3: #6b2020; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem; color: var(--fg); background: var(--bg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: anywhere; }
a { color: var(--accent); }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 0 0 .3rem; font-size: 1.15rem; }
.term { padding: .8rem 0; border-bottom: 1px solid var(--line); scroll-margin-top: 4rem; }
.term:target h3 { text-decoration: underline; }
.badge { font-size: .75rem; font-weight: 600; padding: .05rem .45rem; border-radius: .6rem; vertical-align: middle; }
.d0 { background: var(--d0); } .d1 { background: var(--d1); } .d2 { background: var(--d2); } .d3 { background: var(--d3); }
.facts, .aliases, .count { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
.definition p { margin: .4rem 0; }
pre, code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
pre { overflow-x: auto; padding: .6rem; border: 1px solid var(--line); border-radius: .3rem; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: .2rem .4rem; }
.filter { position: sticky; top: 0; background: var(--bg); padding: .5rem 0; border-bottom: 1px solid var(--line); z-index: 1; }
.filter input { width: min(100%, 24rem); font: inherit; padding: .3rem .5rem; }
nav ol { padding-left: 1.2rem; } nav ul { columns: 2 14rem; } summary { cursor: pointer; }
[hidden] { display: none !important; }
@media (max-width: 36rem) { body { padding: .6rem; font-size: 15px; } nav ul { columns: 1; } }
@media print { .filter, nav { display: none; } body { max-width: none; color: #000; background: #fff; }
  a { color: inherit; text-decoration: none; } .term { break-inside: avoid; } h2 { break-after: avoid; } }
"""

SCRIPT = """
(function () {
  "use strict";
  var box = document.getElementById("cm--filter-box");
  var input = document.getElementById("cm--filter");
  var count = document.getElementById("cm--count");
  var terms = Array.prototype.slice.call(document.querySelectorAll("article.term"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  function apply() {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    terms.forEach(function (term) {
      var hit = !query || term.getAttribute("data-search").indexOf(query) !== -1;
      term.hidden = !hit;
      if (hit) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.term:not([hidden])");
    });
    count.textContent = query ? shown + " of " + terms.length + " shown" : "";
  }
  input.addEventListener("input", apply);
  box.hidden = false;
  document.documentElement.setAttribute("data-filter", "ready");
})();
"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'"


def _link(graph: Graph, concept_id: str, anchors: dict[str, str]) -> str:
    title = escape(title_of(graph, concept_id))
    return f'<a href="#{anchors[concept_id]}">{title}</a>' if concept_id in anchors else title


def anchor_resolver(anchors: dict[str, str]) -> Resolve:
    """Glossary links go to the term's anchor when it is on the page, else become text."""

    def resolve(concept_id: str) -> str | None:
        return f"#{anchors[concept_id]}" if concept_id in anchors else None

    return resolve


def _search_text(concept: Concept) -> str:
    return " ".join([concept.title, *concept.aliases, concept.id]).lower()


def term_html(graph: Graph, concept: Concept, anchors: dict[str, str], known: AbstractSet[str]) -> str:
    """One term as an <article>: heading, aliases, facts, definition and links."""
    anchor = anchors[concept.id]
    level = int(concept.depth)
    classes = f"term depth-{level}" + (" known" if concept.id in known else "")
    parts = [
        f'<article class="{classes}" id="{anchor}" data-search="{escape(_search_text(concept))}">',
        f'<h3><a href="#{anchor}">{escape(concept.title)}</a> <span class="badge d{level}">{escape(concept.depth.label)}</span></h3>',
    ]
    if concept.aliases:
        parts.append(f'<p class="aliases">Also: {escape(", ".join(concept.aliases))}</p>')
    parts.append(f'<p class="facts">{escape(" · ".join(facts(graph, concept, known)))}</p>')
    definition = render_html(definition_body(concept.definition), anchor_resolver(anchors), demote=3)
    parts.append(f'<div class="definition">\n{definition}</div>')
    for row in relations(graph, concept):
        names = escape(row.joiner).join(_link(graph, i, anchors) for i in row.ids)
        parts.append(f'<p class="rel"><b>{escape(row.label)}:</b> {names}</p>')
    if concept.resources:
        items = "".join(f"<li>{html_resource(r)}</li>" for r in concept.resources)
        parts.append(f'<div class="learn"><b>{LEARN_LABEL}:</b><ul>{items}</ul></div>')
    parts.append("</article>")
    return "\n".join(parts)


def contents_html(groups: Sequence[Group], anchors: dict[str, str]) -> str:
    """The table of contents: each section, folded open to list its terms."""
    items = []
    for group in groups:
        terms = "".join(f'<li><a href="#{anchors[c.id]}">{escape(c.title)}</a></li>' for c in group.concepts)
        summary = f'<a href="#{group.anchor}">{escape(group.title)}</a> <span class="count">({len(group.concepts)})</span>'
        items.append(f"<li><details><summary>{summary}</summary><ul>{terms}</ul></details></li>")
    return '<nav id="cm--toc" aria-label="Contents">\n<h2>Contents</h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>"


def section_html(graph: Graph, group: Group, anchors: dict[str, str], known: AbstractSet[str]) -> str:
    """One section: its heading and its terms."""
    terms = "\n".join(term_html(graph, c, anchors, known) for c in group.concepts)
    return f'<section class="group" id="{group.anchor}">\n<h2>{escape(group.title)}</h2>\n{terms}\n</section>'


def render_page(graph: Graph, concepts: Sequence[Concept], *, sort: str = "area", known: AbstractSet[str] = frozenset()) -> str:
    """The whole page as text."""
    groups = group_concepts(graph, concepts, sort)
    anchors = unique_slugs(c.id for c in concepts)
    sections = "\n".join(section_html(graph, g, anchors, known) for g in groups)
    body = f"""<header>
<h1>Glossary</h1>
<p class="count">{len(concepts)} concepts, exported by conceptmap.</p>
</header>
<div class="filter" id="cm--filter-box" hidden>
<label for="cm--filter">Filter terms</label>
<input id="cm--filter" type="search" autocomplete="off" placeholder="Type a name or acronym">
<output id="cm--count" for="cm--filter"></output>
</div>
{contents_html(groups, anchors)}
<main>
{sections}
</main>
<script>{SCRIPT}</script>"""
    return document("Glossary", CSP, CSS, body)


def document(title: str, csp: str, css: str, body: str) -> str:
    """A self-contained page: its policy, its style and its body; ``title`` is escaped here."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="conceptmap">
<title>{escape(title)}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""
