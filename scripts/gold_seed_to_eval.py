"""Convert gold/seed.json (hand annotation of seed/deescalation-zones.txt) to `ceasefire eval` gold files.

Writes three JSON Lines files of one line each into OUT: seed-quotes.jsonl, seed-places.jsonl and
seed-events.jsonl. Each line carries the seed text (split into title and body as `ceasefire
extract` splits a .txt file) and its publication date; formats in docs/eval.md. The outputs hold
the article's text: write them outside the repository.

Run: .venv/bin/python scripts/gold_seed_to_eval.py --out /tmp/gold [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ceasefire.evaluate.gold import write_gold
from ceasefire.read.text import article_from_text

ROOT = Path(__file__).resolve().parents[1]


def seed_lines(shared: Path) -> dict[str, dict[str, Any]]:
    """Task name -> its one gold line."""
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    raw = article_from_text((shared / "seed" / "deescalation-zones.txt").read_text(encoding="utf-8"), "seed")
    article = {"id": "seed", "title": raw.title, "text": raw.text, "published": gold["published"]}
    quotes = [
        {"text": q["text_contains"], "speaker": q["speaker"], "kind": q["kind"]} for q in gold["quotes"]
    ]
    places = [{"name": p["name"], "lat": p["lat"], "lon": p["lon"]} for p in gold["places"]]
    return {
        "quotes": {**article, "quotes": quotes},
        "places": {**article, "places": places},
        "events": {**article, "events": gold["events"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the three files")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    for task, line in seed_lines(args.shared).items():
        path = args.out / f"seed-{task}.jsonl"
        write_gold(path, [line])
        print(f"{path}: 1 line, {len(line[task])} {task}")


if __name__ == "__main__":
    main()
