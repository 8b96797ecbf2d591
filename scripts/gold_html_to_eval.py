"""Convert corpora/html (the article-extraction benchmark pages) to a `ceasefire eval --task articles` file.

One line per page: its id, url, the page's HTML as served and the hand-extracted body
(`articleBody` of ground-truth.json) as `body`.

Run: .venv/bin/python scripts/gold_html_to_eval.py --out /tmp/gold/articles.jsonl [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ceasefire.evaluate.gold import write_gold

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    folder = args.shared / "corpora" / "html"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    lines = []
    for key, expected in sorted(truth.items()):
        # Pages are stored as served; a stray undecodable byte must not lose the page.
        page = (folder / f"{key}.html").read_text(encoding="utf-8", errors="replace")
        lines.append({"id": key, "url": expected.get("url"), "html": page, "body": expected["articleBody"]})
    write_gold(args.out, lines)
    print(f"{args.out}: {len(lines)} pages")


if __name__ == "__main__":
    main()
