"""Building small graphs in memory for unit tests (no files needed)."""

from __future__ import annotations

from conceptmap.model import Concept, Depth, Graph


def graph_of(*specs: tuple) -> Graph:  # type: ignore[type-arg]
    """graph_of(("a", 0), ("b", 1, ["a"]), ("c", 2, ["b"], {"minutes": 5}), ...)."""
    graph = Graph()
    for spec in specs:
        cid, depth = spec[0], spec[1]
        requires = tuple(spec[2]) if len(spec) > 2 else ()
        extra = dict(spec[3]) if len(spec) > 3 else {}
        if "requires_any" in extra:
            extra["requires_any"] = tuple(tuple(g) for g in extra["requires_any"])
        graph.concepts[cid] = Concept(
            id=cid,
            title=extra.pop("title", cid.replace("-", " ").title()),
            depth=Depth(depth),
            area=extra.pop("area", "general"),
            minutes=extra.pop("minutes", 10),
            requires=requires,
            definition=extra.pop("definition", f"{cid} is a concept."),
            **extra,
        )
    return graph
