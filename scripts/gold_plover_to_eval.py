"""Convert gold/plover-gsr-cameo.json (PLOVER 0.5 gold standard) to a `ceasefire eval --task events` file.

One line per coded sentence, the sentence as the event's span (start 0, end its length). PLOVER
0.5 names become current ones (DEMAND→REQUEST, DISAPPROVE and INVESTIGATE→ACCUSE,
FIGHT→ASSAULT, as the gold's README maps them); a mode is kept only when current PLOVER
(reference/PLOVER.md) allows it for the type; actor codes become their country (first three
letters), and the non-state codes (IGO, UNO, EUR, NGO, ...) count as one group; `dead` becomes
`fatalities`. The gold's dates are placeholders (2000-01-01), so no date is checked.

Run: .venv/bin/python scripts/gold_plover_to_eval.py --out /tmp/gold/plover-events.jsonl [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from build_triggers import plover_modes

from ceasefire.evaluate.gold import write_gold
from ceasefire.evaluate.match import nonstate_codes, plover_type

ROOT = Path(__file__).resolve().parents[1]


def countries(actors: Any) -> list[str]:
    """Gold actors' countries; a non-state code accepts any non-state code ("IGO|UNO|...")."""
    found = []
    for actor in actors if isinstance(actors, list) else []:
        code = str(actor.get("code") or "")[:3] if isinstance(actor, dict) else ""
        if len(code) == 3:
            found.append("|".join(sorted(nonstate_codes())) if code in nonstate_codes() else code)
    return sorted(set(found))


def event_line(record: dict[str, Any], modes: dict[str, set[str]]) -> dict[str, Any]:
    kind = plover_type(record["event"])
    event: dict[str, Any] = {"type": kind, "start": 0, "end": len(record["text"])}
    if record.get("mode") in modes.get(kind, set()):
        event["mode"] = record["mode"]
    for role, field in (("source", "actor_countries"), ("target", "recipient_countries")):
        if found := countries(record.get(role)):
            event[field] = found
    place = (record.get("eventLoc") or {}).get("name")
    if place:
        event["place"] = place
    if str(record.get("dead") or "").isdigit():
        event["fatalities"] = int(record["dead"])
    return {"id": record["id"], "text": record["text"], "events": [event]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    records = json.loads((args.shared / "gold" / "plover-gsr-cameo.json").read_text(encoding="utf-8"))
    modes = plover_modes(args.shared / "reference" / "PLOVER.md")
    lines = [event_line(r, modes) for r in records if r["event"] != "DOCUMENT" and r.get("text")]
    write_gold(args.out, lines)
    print(f"{args.out}: {len(lines)} sentences")


if __name__ == "__main__":
    main()
