"""Synthetic packs of any size, for tests and the benchmark.

Realistic in shape: four depth levels (few overviews, many use and how concepts),
twenty areas, 1 to 6 prerequisites per concept, mostly one level shallower and
always earlier in the order (so the graph is a DAG), aliases and acronyms, short
definitions that link their prerequisites. Deterministic from a seed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import NotRequired, TypedDict

import yaml

WORDS = (
    "linear sparse deep latent neural random gradient kernel bayesian graph temporal convolutional "
    "recurrent adaptive robust causal spectral stochastic variational contrastive generative discriminative "
    "hierarchical federated online batch streaming quantized residual attention embedding manifold tensor "
    "boosted ensemble probabilistic semantic visual acoustic relational sequential structured"
).split()
NOUNS = (
    "model network regression classifier encoder decoder sampler estimator metric loss optimizer "
    "transform kernel tree forest cluster projection filter index schedule policy layer pipeline "
    "detector ranker tokenizer embedding inference"
).split()
AREAS = [f"area-{i:02d}" for i in range(20)]
DEPTH_WEIGHTS = (0.12, 0.38, 0.32, 0.18)
FILE_SIZE = 2_000  # concepts per YAML file, as a large real pack would split them


class Entry(TypedDict):
    """One concept as written to the pack's YAML."""

    id: str
    title: str
    aliases: list[str]
    depth: int
    area: str
    minutes: int
    requires: NotRequired[list[str]]


def _title(rng: random.Random, index: int) -> str:
    return f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(NOUNS)} {index}"


def generate(n: int, seed: int = 0) -> list[Entry]:
    """N concept entries in learning order (prerequisites always come earlier)."""
    rng = random.Random(seed)
    by_depth: list[list[str]] = [[], [], [], []]
    entries: list[Entry] = []
    for index in range(n):
        depth = rng.choices(range(4), DEPTH_WEIGHTS)[0] if index >= 4 else index
        cid = f"c{index:06d}"
        title = _title(rng, index)
        requires: list[str] = []
        if index > 0:
            wanted = rng.randint(1, 6)
            for _ in range(wanted):
                # Mostly one level shallower, sometimes the same level; recent concepts
                # more often than old ones, as a field grows by building on itself.
                level = max(0, depth - 1) if rng.random() < 0.7 else depth
                pool = by_depth[level] or by_depth[0] or [e["id"] for e in entries]
                if not pool:
                    continue
                span = min(len(pool), 400)
                pick = pool[-1 - int(rng.random() ** 2 * span)] if rng.random() < 0.8 else rng.choice(pool)
                if pick not in requires:
                    requires.append(pick)
        words = title.split()
        entry: Entry = {
            "id": cid,
            "title": title,
            "aliases": [("".join(w[0] for w in words[:3])).upper() + str(index), f"{words[0].lower()} {words[-2]} #{index}"],
            "depth": depth,
            "area": AREAS[index % len(AREAS)],
            "minutes": rng.choice((10, 15, 20, 30, 45, 60, 90)),
        }
        if requires:
            entry["requires"] = requires
        entries.append(entry)
        by_depth[depth].append(cid)
    return entries


def definition(entry: Entry, rng: random.Random) -> str:
    """A short definition that links its prerequisites like a curated one."""
    links = ", ".join(f"[{r}]({r}.md)" for r in entry.get("requires", [])[:2])
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
    text = f"{entry['title']} is a {rng.choice(NOUNS)} for {body}."
    if links:
        text += f"\n\nIt builds on {links}."
    return text + "\n"


def write_pack(root: Path, n: int, seed: int = 0) -> Path:
    """Write a synthetic pack of N concepts to a folder; returns the folder."""
    entries = generate(n, seed)
    rng = random.Random(seed + 1)
    graph, glossary = root / "graph", root / "glossary"
    graph.mkdir(parents=True, exist_ok=True)
    glossary.mkdir(parents=True, exist_ok=True)
    areas = [{"id": a, "title": f"Area {a[-2:]}"} for a in AREAS]
    (graph / "areas.yaml").write_text(yaml.safe_dump(areas, sort_keys=False), encoding="utf-8")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for start in range(0, n, FILE_SIZE):
        chunk = entries[start : start + FILE_SIZE]
        text = yaml.dump(chunk, Dumper=dumper, sort_keys=False, allow_unicode=True, width=200)
        (graph / f"concepts-{start // FILE_SIZE:04d}.yaml").write_text(text, encoding="utf-8")
    for entry in entries:
        (glossary / f"{entry['id']}.md").write_text(definition(entry, rng), encoding="utf-8")
    return root


def deepest(entries: list[Entry]) -> str:
    """The id of the last theory-level concept: the one with most prerequisites, usually."""
    for entry in reversed(entries):
        if entry["depth"] == 3:
            return str(entry["id"])
    return str(entries[-1]["id"])
