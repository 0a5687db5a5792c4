"""What each import costs at start-up, per top-level package, for the ways conceptmap starts.

    python scripts/coldstart.py            # a table per scenario
    python scripts/coldstart.py --top 15   # more packages per table

Runs each scenario in a fresh interpreter under ``python -X importtime`` and sums the
modules' own import time by top-level package. Times are noisy on a shared machine;
what matters is which packages appear at all (``--help`` and ``search`` must not pull
in textual, networkx or markdown_it: tests/test_architecture.py holds that) and how the
shares move after a change. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter

SCENARIOS = {
    "conceptmap --help": "import sys; sys.argv = ['conceptmap', '--help']\nfrom conceptmap.cli import main\ntry: main()\nexcept SystemExit: pass",
    "conceptmap search lda": "import sys; sys.argv = ['conceptmap', 'search', 'lda']\nfrom conceptmap.cli import main\ntry: main()\nexcept SystemExit: pass",
    "TUI, to its first frame": "from conceptmap.tui.ready import main\nmain('app')",
}


def import_costs(code: str) -> Counter[str]:
    """Microseconds of own import time per top-level package for one fresh interpreter."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    costs: Counter[str] = Counter()
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if own.isdigit():
            costs[name.split(".")[0]] += int(own)
    return costs


def main() -> None:
    """Print one table per scenario."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="packages shown per scenario")
    args = parser.parse_args()
    for title, code in SCENARIOS.items():
        costs = import_costs(code)
        total = sum(costs.values())
        print(f"\n{title}: {total / 1000:.0f} ms of imports")
        for package, micros in costs.most_common(args.top):
            print(f"  {package:<24} {micros / 1000:7.1f} ms  {100 * micros / total:5.1f}%")


if __name__ == "__main__":
    main()
