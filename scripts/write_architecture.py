"""Write docs/architecture.md from the component registry and the pipeline's order.

Run: .venv/bin/python scripts/write_architecture.py [--check]
With --check it writes nothing and exits 1 when the file is not current.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ceasefire.pipeline import default_pipeline
from ceasefire.registry import GIVEN

OUT = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

HEADER = """# Architecture

Written by `scripts/write_architecture.py` from the component registry; `tests/test_architecture.py`
checks that it is current. Do not edit by hand.

An article is read (`ceasefire/read/`), cleaned (`ceasefire/clean.py`) and parsed into one spaCy
`Doc` (`ceasefire/nlp.py`, in batches). The components below then run in this order over one
`Analysis` (`ceasefire/registry.py`): the Doc plus the records. Each declares the fields it
requires and assigns; the pipeline (`ceasefire/pipeline.py`, the only place that knows the
order) checks before it runs that every requirement is assigned by an earlier component, and
while it runs that no component writes a field it does not assign. A component imports only
`ceasefire.model`, `ceasefire.text`, `ceasefire.resources`, `ceasefire.registry` and its own
package (`tests/test_architecture.py` checks the imports). Word lists are files under
`ceasefire/data/lexicons/`, read through `ceasefire.resources`.

Around the pipeline, `ceasefire/ingest.py` adds the corpus-level steps (what is stored
already, near-duplicates, writing, fusion of reports into incidents, zones); the API's
`POST /api/articles` and the Dask runner (`ceasefire/scale/`) go through it.
"""


def render() -> str:
    """The text of docs/architecture.md for the registry as it is."""
    lines = [HEADER, f"Given before any component: {', '.join(f'`{f}`' for f in GIVEN)}.", ""]
    lines += ["| # | component | module | requires | assigns | lexicons | what it does |"]
    lines += ["|---|---|---|---|---|---|---|"]
    for n, spec in enumerate(default_pipeline().components, start=1):
        module = spec.function.__module__
        cells = [
            str(n),
            f"`{spec.name}`",
            f"`{module}`",
            ", ".join(f"`{f}`" for f in spec.requires),
            ", ".join(f"`{f}`" for f in spec.assigns),
            ", ".join(f"`{name}`" for name in spec.lexicons) or "–",
            spec.summary,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not current")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is not current: run scripts/write_architecture.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
