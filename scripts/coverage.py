"""Coverage of a glossary term list: how many terms `conceptmap search` finds as a name hit.

A development aid, not a test: the term lists live outside the repository (shared/external),
and the project's tests never read them. Usage:

    python scripts/coverage.py ../shared/external/google-ml-glossary-terms.txt [--misses]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from conceptmap.session import Session

NAME_HIT = 85.0  # fuzzy name matches score up to 95; definition-only matches 40-50


def main() -> None:
    """Print the share of terms whose top search hit is a title or alias match."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("terms", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the terms not found")
    args = parser.parse_args()
    session = Session()
    terms = [t.strip() for t in args.terms.read_text(encoding="utf-8").splitlines() if t.strip() and not t.startswith("#")]
    misses = []
    for term in terms:
        hits = session.index.search(term, limit=1, definitions=False)
        if not hits or hits[0].score < NAME_HIT:
            misses.append((term, hits[0].concept.title if hits else "-", round(hits[0].score, 1) if hits else 0))
    found = len(terms) - len(misses)
    print(f"{args.terms.name}: {found}/{len(terms)} found as a name hit ({100 * found / len(terms):.1f}%)")
    if args.misses:
        for term, best, score in misses:
            print(f"  miss: {term!r}  (best: {best}, {score})")


if __name__ == "__main__":
    main()
