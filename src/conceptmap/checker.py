"""Graph-wide checks: the part of `conceptmap check` that needs every pack loaded.

File-level problems (YAML syntax, field types...) come from ``loader.py``; this
module adds unknown references, cycles, missing definitions, broken glossary
links, duplicate names, near-duplicate titles, depth inversions and redundant
edges. Each problem names a file and a line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from . import text
from .loader import LoadResult
from .model import Concept, Graph
from .problems import Problem, Severity
from .text import shorten

LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
NEAR_DUPLICATE_SCORE = 96.0  # 95 flags pairs like supervised/unsupervised learning
REDUNDANCY_LIMIT = 50_000  # above this many concepts, skip the quadratic-ish redundancy pass


def check(result: LoadResult, *, strict_definitions: bool = True) -> list[Problem]:
    """Every problem of a loaded pack set, file-level ones first, sorted by place."""
    graph = result.graph
    found: list[Problem] = list(result.problems)
    add = found.append

    def at(concept: Concept, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        add(Problem(concept.source, concept.line, severity, code, message))

    areas_defined = bool(graph.areas)

    def unknown(name: str, known: Iterable[str]) -> bool:
        """A reference to nothing, unless the problem that lost its target is already listed."""
        return name not in known and name not in result.reported and result.complete

    for concept in graph.concepts.values():
        for field_name, ids in (("requires", concept.requires), ("related", concept.related)):
            for ref in ids:
                if ref == concept.id and field_name == "requires":
                    at(concept, "cycle", f"{concept.id} requires itself")
                elif unknown(ref, graph.concepts):
                    at(concept, "unknown-ref", f"{concept.id}: {field_name} names unknown concept {shorten(ref)}{_hint(ref, graph)}")
        for group in concept.requires_any:
            for ref in group:
                if ref == concept.id:
                    at(concept, "cycle", f"{concept.id} requires itself (in requires_any)")
                elif unknown(ref, graph.concepts):
                    at(concept, "unknown-ref", f"{concept.id}: requires_any names unknown concept {shorten(ref)}{_hint(ref, graph)}")
        overlap = set(concept.requires) & set(concept.related)
        if overlap:
            at(concept, "related-and-required", f"{concept.id}: {', '.join(sorted(overlap))} is both required and related")
        if areas_defined and unknown(concept.area, graph.areas):
            at(concept, "unknown-area", f"{concept.id}: area {shorten(concept.area)} is not in areas.yaml")
        if strict_definitions and not concept.definition and concept.id not in result.reported:
            at(concept, "missing-definition", f"{concept.id}: no glossary entry (expected glossary/{concept.id}.md)")
        found.extend(_link_problems(concept, graph))
    found.extend(_cycles(graph))
    found.extend(_names(graph))
    found.extend(_depth_inversions(graph))
    found.extend(_resource_problems(graph))
    if len(graph.concepts) <= REDUNDANCY_LIMIT:
        found.extend(_redundant_edges(graph))
    for track in graph.tracks:
        for goal in track.goals:
            if goal.startswith("id:") and unknown(goal[3:].strip(), graph.concepts):
                found.append(Problem(track.source, track.line, Severity.ERROR, "unknown-ref", f"track {track.id}: unknown concept {shorten(goal)}"))
    found.extend(_task_routes(result))
    if areas_defined:
        used = {c.area for c in graph.concepts.values()}
        for area in graph.areas.values():
            if area.id not in used and graph.concepts:
                found.append(Problem("graph/areas.yaml", 0, Severity.WARNING, "empty-area", f"area {area.id!r} has no concepts"))
    order = {Severity.FATAL: 0, Severity.ERROR: 1, Severity.WARNING: 2}
    # One line per issue: the same unknown id in two requires_any groups is said once.
    return sorted(dict.fromkeys(found), key=lambda p: (order[p.severity], p.path, p.line, p.code, p.message))


def _task_routes(result: LoadResult) -> list[Problem]:
    """Compile the task phrases: each must be understood as its own concept or track.

    The content tests its own understanding: a phrase that goal understanding sends
    elsewhere is reported at its line, naming the winner, so a curator can make it
    more specific, move it to the concept that won, or drop it.
    """
    graph = result.graph
    owners: list[tuple[str, str, int, str]] = [
        (c.id, phrase, line, c.source) for c in graph.concepts.values() for phrase, line in zip(c.tasks, c.task_lines)
    ]
    owners += [(f"track:{t.id}", phrase, line, t.source) for t in graph.tracks for phrase, line in zip(t.tasks, t.task_lines)]
    if not owners or result.fatal:
        return []
    from .cache import index_folder
    from .goal import GoalError, GoalParser

    parser = GoalParser(graph, result.stamp, index_folder(result.packs) if result.stamp else None)
    problems = []
    for owner, phrase, line, source in owners:
        try:
            goal = parser.parse(phrase)
        except GoalError:
            winner = None
        else:
            refs = {c.ref for c in goal.candidates[:1]} | {c.id for c in goal.targets}
            if goal.track is not None:
                refs.add(f"track:{goal.track.id}")
            if owner in refs and goal.confident:
                continue
            winner = goal.candidates[0].ref if goal.candidates and goal.confident else None
        said = f"is understood as {winner}" if winner else "is not understood (below the confidence floor)"
        problems.append(Problem(source, line, Severity.ERROR, "task-misrouted", f"{owner}: task {shorten(phrase)} {said}"))
    return problems


def _hint(ref: str, graph: Graph) -> str:
    import difflib

    close = difflib.get_close_matches(ref, list(graph.concepts), n=1, cutoff=0.8) if len(graph) < 20_000 else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def _link_problems(concept: Concept, graph: Graph) -> list[Problem]:
    """Glossary links to other concepts must resolve: [text](other-id.md) or (other-id)."""
    out: list[Problem] = []
    if "](" not in concept.definition:
        return out
    path = f"glossary/{concept.id}.md" if concept.pack == "bundled" else f"{concept.pack}/glossary/{concept.id}.md"
    for number, line in enumerate(concept.definition.splitlines(), 1):
        for match in LINK_RE.finditer(line):
            target = match.group(2)
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            cid = link_target(target)
            if cid not in graph.concepts:
                out.append(Problem(path, number, Severity.ERROR, "broken-link", f"link to unknown concept {shorten(target)}"))
    return out


def link_target(href: str) -> str:
    """The concept id a glossary link points to ("bag-of-words.md" -> "bag-of-words")."""
    href = href.split("#", 1)[0]
    if href.startswith("./"):
        href = href[2:]
    return href[:-3] if href.endswith(".md") else href


def _cycles(graph: Graph) -> list[Problem]:
    """One problem per prerequisite cycle (strongly connected group), with the cycle spelled out."""
    concepts = graph.concepts
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[Problem] = []
    counter = 0
    for root in sorted(concepts):
        if root in index:
            continue
        work = [(root, iter(_edges(concepts[root], graph)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(_edges(concepts[child], graph))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    members.append(item)
                    if item == node:
                        break
                if len(members) > 1:
                    cycle = _spell_cycle(sorted(members), graph)
                    first = concepts[cycle[0]]
                    out.append(Problem(first.source, first.line, Severity.ERROR, "cycle", "prerequisite cycle: " + _chain(cycle)))
    return out


def _chain(cycle: list[str], shown: int = 12) -> str:
    """A cycle as "a -> b -> a"; a very long one keeps its ends and says how many it skips."""
    if len(cycle) <= shown:
        return " -> ".join(cycle)
    head, tail = cycle[: shown // 2], cycle[-(shown // 2) :]
    return " -> ".join(head) + f" -> ... ({len(cycle) - shown} more) ... -> " + " -> ".join(tail)


def _edges(concept: Concept, graph: Graph) -> list[str]:
    return [p for p in dict.fromkeys(concept.prerequisite_ids()) if p in graph.concepts and p != concept.id]


def _spell_cycle(members: list[str], graph: Graph) -> list[str]:
    """A concrete cycle through the group, starting and ending at its first member."""
    inside = set(members)
    start = members[0]
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in _edges(graph.concepts[node], graph):
                if child not in inside:
                    continue
                if child == start:
                    chain = [node]
                    while chain[-1] != start:
                        chain.append(parent[chain[-1]])
                    chain.reverse()
                    return [*chain, start]
                if child not in parent:
                    parent[child] = node
                    nxt.append(child)
        frontier = nxt
    return [*members, start]  # pragma: no cover - a strongly connected group always has a cycle


def _names(graph: Graph) -> list[Problem]:
    """Titles and aliases that clash, and titles so close they are probably one concept twice."""
    out: list[Problem] = []
    titles: dict[str, Concept] = {}
    for concept in graph.concepts.values():
        k = text.key(concept.title)
        if k in titles:
            other = titles[k]
            message = f"{concept.id}: title {shorten(concept.title)} also used by {other.id}"
            out.append(Problem(concept.source, concept.line, Severity.ERROR, "duplicate-title", message))
        else:
            titles[k] = concept
    owners: dict[str, list[Concept]] = defaultdict(list)
    for concept in graph.concepts.values():
        own: set[str] = set()
        for alias in concept.aliases:
            k = text.key(alias)
            if k in own:
                continue  # a spelling variant that folds onto another alias (tokenisation/tokenization)
            own.add(k)
            owner = titles.get(k)
            if owner is not None and owner.id != concept.id:
                message = f"{concept.id}: alias {shorten(alias)} is the title of {owner.id}"
                out.append(Problem(concept.source, concept.line, Severity.ERROR, "duplicate-alias", message))
            owners[k].append(concept)
    for k, group in owners.items():
        if len(group) > 1 and not _is_acronym(k):
            names = ", ".join(sorted(c.id for c in group))
            first = min(group, key=lambda c: c.id)
            message = f"alias {shorten(k)} is shared by {names}; only acronyms may be shared"
            out.append(Problem(first.source, first.line, Severity.ERROR, "duplicate-alias", message))
    out.extend(_near_duplicates(graph))
    return out


def _is_acronym(key: str) -> bool:
    return " " not in key and len(key) <= 8


def _near_duplicates(graph: Graph) -> list[Problem]:
    """Titles so close (rapidfuzz ratio >= 96) that they are probably one concept twice."""
    from rapidfuzz import fuzz, process

    concepts = sorted(graph.concepts.values(), key=lambda c: c.id)
    if len(concepts) > 20_000:
        return []  # quadratic; large generated packs skip it
    keys = [text.key(c.title) for c in concepts]
    # Up to 5,000 titles every pair is compared (in C); beyond that only titles that
    # share their first two letters, which keeps big packs to seconds.
    blocks: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        blocks.setdefault(key[:2] if len(keys) > 5_000 else "", []).append(index)
    out = []
    for members in blocks.values():
        names = [keys[i] for i in members]
        for position, i in enumerate(members[:-1]):
            # process.extract, not cdist: cdist needs numpy, which is not a dependency.
            found = process.extract(keys[i], names[position + 1 :], scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, limit=None)
            for _name, _score, offset in found:
                j = members[position + 1 + offset]
                if keys[i] != keys[j] and not _differ_by_number(keys[i], keys[j]):
                    a, b = concepts[i], concepts[j]
                    message = f"{b.id}: title {shorten(b.title)} is very close to {a.id} ({shorten(a.title)})"
                    out.append(Problem(b.source, b.line, Severity.WARNING, "near-duplicate", message))
    return out


def _differ_by_number(a: str, b: str) -> bool:
    return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b)


RESOURCE_SHARE_LIMIT = 3  # a page that "teaches" more concepts than this teaches none of them well


def _resource_problems(graph: Graph) -> list[Problem]:
    """Resources that cannot be about their concept: a site's front page, or one page for many concepts."""
    from urllib.parse import urlsplit

    out = []
    users: dict[str, list[Concept]] = {}
    for concept in graph.concepts.values():
        for resource in concept.resources:
            parts = urlsplit(resource.url)
            key = parts._replace(fragment="").geturl()  # sections of one page count as that page
            users.setdefault(key, []).append(concept)
            if parts.path.strip("/") == "" and not parts.query:
                message = f"{concept.id}: resource {shorten(resource.url)} is a site's front page; link the page about this concept"
                out.append(Problem(concept.source, concept.line, Severity.WARNING, "resource-front-page", message))
    for url, concepts in users.items():
        if len(concepts) > RESOURCE_SHARE_LIMIT:
            names = ", ".join(c.id for c in concepts[:6])
            for concept in concepts[RESOURCE_SHARE_LIMIT:]:
                message = f"{concept.id}: resource {shorten(url)} serves {len(concepts)} concepts ({names}); at most {RESOURCE_SHARE_LIMIT}"
                out.append(Problem(concept.source, concept.line, Severity.WARNING, "resource-shared", message))
    return out


def _depth_inversions(graph: Graph) -> list[Problem]:
    out = []
    for concept in graph.concepts.values():
        for pre in concept.requires:
            other = graph.concepts.get(pre)
            if other is not None and other.depth - concept.depth >= 2:
                message = f"{concept.id} ({concept.depth.label}) requires {pre} ({other.depth.label}), two or more levels deeper"
                out.append(Problem(concept.source, concept.line, Severity.WARNING, "depth-inversion", message))
    return out


def _redundant_edges(graph: Graph) -> list[Problem]:
    """A hard prerequisite already implied by another prerequisite's own prerequisites."""
    concepts = graph.concepts
    memo: dict[str, frozenset[str]] = {}

    def ancestors(cid: str) -> frozenset[str]:
        # Iterative post-order so deep chains cannot overflow the stack.
        if cid in memo:
            return memo[cid]
        stack = [(cid, False)]
        visiting: set[str] = set()
        while stack:
            node, done = stack.pop()
            if node in memo:
                continue
            reqs = [p for p in concepts[node].requires if p in concepts and p != node]
            if done:
                visiting.discard(node)
                acc: set[str] = set()
                for p in reqs:
                    acc.add(p)
                    acc |= memo.get(p, frozenset())
                memo[node] = frozenset(acc)
                continue
            if node in visiting:
                continue  # a cycle: reported elsewhere
            visiting.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in reqs if p not in memo and p not in visiting)
        return memo[cid]

    out = []
    for concept in concepts.values():
        reqs = [p for p in concept.requires if p in concepts]
        if len(reqs) < 2:
            continue
        for pre in reqs:
            via = next((o for o in reqs if o != pre and pre in ancestors(o)), None)
            if via is not None:
                message = f"{concept.id} requires {pre}, already implied through {via}"
                out.append(Problem(concept.source, concept.line, Severity.WARNING, "redundant-edge", message))
    return out
