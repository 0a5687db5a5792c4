"""The bundled pack's resource links against their record of confirmation (scripts/links.tsv).

A curator's tool: lists links the pack uses that the record lacks (unconfirmed: confirm
them, record how, or remove them), recorded links no concept uses any more, and how many
use/how/theory concepts have a resource. To re-check a link, send the recorded query to
the search of stored public pages and look for the recorded address. Usage:

    python scripts/links.py [--pack DIR ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conceptmap.model import Depth
from conceptmap.session import Session

RECORD = Path(__file__).with_name("links.tsv")


def recorded(path: Path = RECORD) -> dict[str, list[str]]:
    """url -> [concepts, corpus, query, address returned], from the record."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            url, *rest = line.split("\t")
            rows[url] = rest
    return rows


def main() -> int:
    """Print what is unconfirmed, unused and covered; exit 1 when a link is unconfirmed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pack", action="append", default=[], help="also load this pack")
    args = parser.parse_args()
    session = Session(args.pack)
    record = recorded()
    used: dict[str, list[str]] = {}
    for concept in session.graph:
        for resource in concept.resources:
            used.setdefault(resource.url, []).append(concept.id)
    unconfirmed = sorted(set(used) - set(record))
    for url in unconfirmed:
        print(f"unconfirmed: {url} ({', '.join(used[url])})")
    for url in sorted(set(record) - set(used)):
        print(f"unused record: {url}")
    deep = [c for c in session.graph if c.depth > Depth.OVERVIEW]
    covered = sum(1 for c in deep if c.resources)
    share = covered / max(1, len(deep))
    print(f"{covered}/{len(deep)} use/how/theory concepts have a resource ({share:.1%}); {len(used)} links, {len(unconfirmed)} unconfirmed")
    return 1 if unconfirmed else 0


if __name__ == "__main__":
    sys.exit(main())
