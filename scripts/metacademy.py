"""Agreement with Metacademy's prerequisite pairs: agreeing, missing, and reversed.

A development aid (the pairs live in shared/external, outside the repository; tests never
read them). A pair maps onto our graph when both titles name one of our concepts exactly
(title or alias). Reversed pairs are worth a look; missing ones are questions, not orders:
Metacademy pulls in every prerequisite at full depth, which is the rabbit hole we avoid.

    python scripts/metacademy.py ../shared/external/metacademy-prerequisites.tsv [--show]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from conceptmap.session import Session


def main() -> None:
    """Print counts of agreeing, missing and reversed pairs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--show", action="store_true", help="list reversed pairs")
    args = parser.parse_args()
    session = Session()
    graph = session.graph
    ancestors: dict[str, set[str]] = {}

    def anc(cid: str) -> set[str]:
        if cid not in ancestors:
            ancestors[cid] = graph.ancestors(cid)
        return ancestors[cid]

    agree = missing = 0
    reversed_pairs = []
    with args.pairs.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            pre = session.index.resolve(row["prereq_title"])
            post = session.index.resolve(row["concept_title"])
            if pre is None or post is None or pre.id == post.id:
                continue
            if pre.id in anc(post.id):
                agree += 1
            elif post.id in anc(pre.id):
                reversed_pairs.append((row["prereq_title"], row["concept_title"], pre.id, post.id))
            else:
                missing += 1
    print(f"mapped pairs: {agree + missing + len(reversed_pairs)}; agree {agree}, missing {missing}, reversed {len(reversed_pairs)}")
    if args.show:
        for pre_title, post_title, pre_id, post_id in reversed_pairs:
            print(f"  reversed: Metacademy '{pre_title}' -> '{post_title}', ours {post_id} -> ... -> {pre_id}")


if __name__ == "__main__":
    main()
