"""Convert gold/event-location-dev.jsonl to a `ceasefire eval --task evloc` file.

Each sentence keeps its first VERB span as `verb` and every LOCATION span as `locations` (any
of them is right; an empty list means the event has no location in the sentence). `ceasefire
eval --task evloc` reads the dataset's own file as well; this writes a numbered subset.

Run: .venv/bin/python scripts/gold_evloc_to_eval.py --out /tmp/gold/evloc.jsonl [--limit 300]
     [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ceasefire.evaluate.evloc import marked
from ceasefire.evaluate.gold import write_gold

ROOT = Path(__file__).resolve().parents[1]


def evloc_line(number: int, record: dict[str, Any]) -> dict[str, Any] | None:
    """The eval line of one gold sentence; None for a sentence without a marked verb."""
    found = marked(record)
    if found is None:
        return None
    return {
        "id": f"evloc-{number}",
        "text": record["text"],
        "verb": found["verb"],
        "locations": found["locations"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    source = (args.shared / "gold" / "event-location-dev.jsonl").read_text(encoding="utf-8").splitlines()
    numbered = enumerate(source[: args.limit], start=1)
    lines = [line for n, text in numbered if text.strip() and (line := evloc_line(n, json.loads(text)))]
    write_gold(args.out, lines)
    print(f"{args.out}: {len(lines)} sentences")


if __name__ == "__main__":
    main()
