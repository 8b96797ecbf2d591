"""Build ceasefire/data/triggers.tsv, the event-trigger lexicon.

Sources (see ceasefire/data/SOURCES.md):
- reference/CAMEO.verbpatterns.txt (PETRARCH verb dictionary, MIT): each verb of a ``--- BLOCK
  [CODE] ---`` block with its own or the block's CAMEO code; and, from the patterns, the
  particle or preposition right after the verb slot ``*`` ("CALL ON", "STAND BY") when several
  patterns agree on one PLOVER type.
- reference/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0): CAMEO code -> PLOVER type and mode.
- reference/PLOVER.md: the modes allowed for each type (a mode outside that list is dropped).
- scripts/triggers_hand.tsv (hand-curated, reviewed): nominal triggers, phrases
  and overrides. Its rows win over derived rows with the same key.

Run: .venv/bin/python scripts/build_triggers.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAND = ROOT / "scripts" / "triggers_hand.tsv"
OUT = ROOT / "ceasefire" / "data" / "triggers.tsv"

# CAMEO 02 (appeal) has no row in the 2021 table; PLOVER folds appeals into REQUEST.
ROOT_OVERRIDES = {"02": ("REQUEST", "")}

# Words that may follow the verb slot in a pattern and make a phrasal verb.
PARTICLES = {
    "on",
    "upon",
    "by",
    "for",
    "with",
    "against",
    "to",
    "up",
    "out",
    "off",
    "down",
    "back",
    "into",
    "over",
    "away",
    "through",
}  # not "in", "at", "from": after a verb they mostly start a place, not a phrasal verb

BLOCK_RE = re.compile(r"^---\s*([A-Z_\-]+)\s*(?:\[([^\]]*)\])?")
CODE_RE = re.compile(r"\[([^\]]*)\]")
COLUMNS = ("lemma", "pos", "with", "cameo", "type", "mode", "source")


def plover_modes(plover_md: Path) -> dict[str, set[str]]:
    """Type -> allowed modes, from the table in PLOVER.md."""
    modes: dict[str, set[str]] = {}
    for line in plover_md.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].isupper() and cells[0].isalpha():
            modes[cells[0]] = {m.strip() for m in cells[2].split(",") if m.strip() not in ("", "—")}
    return modes


def cameo_table(path: Path, modes: dict[str, set[str]]) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode or '')."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        fields = [f.strip() for f in rest.split(",")]
        if not code.strip().isdigit() or fields[0] not in modes:
            continue
        mode = fields[1] if len(fields) > 1 and fields[1] in modes[fields[0]] else ""
        table.setdefault(code.strip(), (fields[0], mode))
    return table


def to_plover(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """Longest-prefix lookup; ``None`` for statements, null codes and unknowns."""
    code = code.split(":", 1)[0].strip()
    if not code.isdigit():
        return None
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
        if code[:n] in ROOT_OVERRIDES:
            return ROOT_OVERRIDES[code[:n]]
    return None


def verb_key(entry: str) -> tuple[str, str] | None:
    """'+WAGE_WAR' -> ('wage', 'war'); 'WIRE_+TAP' -> ('tap', 'wire'); 'ATTACK' -> ('attack', '')."""
    words = entry.replace("_", " ").lower().split()
    if not words or any(not w.lstrip("+").isalpha() or w == "and" for w in words):
        return None
    head = next((w for w in words if w.startswith("+")), words[0]).lstrip("+")
    rest = [w.lstrip("+") for w in words if w.lstrip("+") != head]
    return head, " ".join(rest)


def parse_verbs(path: Path) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], list[str]]]:
    """(lemma, with) -> code for verb entries, and (lemma, particle) -> pattern codes."""
    verbs: dict[tuple[str, str], str] = {}
    phrasal: dict[tuple[str, str], list[str]] = defaultdict(list)
    block_code = "---"
    block_verbs: list[str] = []
    in_patterns = in_synset = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = raw.partition("#")
        line = line.split(";", 1)[0].rstrip()
        if raw.startswith("---"):
            match = BLOCK_RE.match(raw)
            block_code = (match.group(2) or "---") if match else "---"
            block_verbs, in_patterns, in_synset = [], False, False
            continue
        if line.startswith("&") or not line.strip():  # a synset's "+" lines run to a blank line
            in_synset = line.startswith("&")
            continue
        if in_synset:
            continue
        if line.startswith("-"):
            in_patterns = True
            codes = CODE_RE.findall(line)
            words = line[1:].split("[", 1)[0].split()
            star = next((i for i, w in enumerate(words) if "*" in w), None)
            if not codes or star is None:
                continue
            glued = words[star].split("_")[1:]  # "*_FOR"
            nxt = glued[0] if glued else (words[star + 1] if star + 1 < len(words) else "")
            # The comment names the verb the pattern was written for ("# STRIKE <ab ...>").
            named = comment.split()[0].lower() if comment.split() else ""
            verb = next((v for v in block_verbs if named.startswith(v)), None)
            if verb is not None and nxt.lower() in PARTICLES:
                phrasal[(verb, nxt.lower())].append(codes[-1])
            continue
        if in_patterns:
            continue
        entry = re.sub(r"\{[^}]*\}", "", line)
        own = CODE_RE.findall(entry)
        key = verb_key(CODE_RE.sub("", entry).strip())
        if key is None:
            continue
        verbs.setdefault(key, own[0] if own else block_code)
        if not key[1]:
            block_verbs.append(key[0])
    return verbs, phrasal


def build(shared: Path) -> list[dict[str, str]]:
    ref = shared / "reference"
    modes = plover_modes(ref / "PLOVER.md")
    table = cameo_table(ref / "CAMEO2PLOVER-2021.txt", modes)
    verbs, phrasal = parse_verbs(ref / "CAMEO.verbpatterns.txt")
    rows: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(lemma: str, pos: str, with_: str, code: str, source: str) -> None:
        mapped = to_plover(code, table)
        if mapped is not None:
            rows[(lemma, pos, with_)] = dict(
                lemma=lemma,
                pos=pos,
                with_=with_,
                cameo=code.split(":")[0],
                type=mapped[0],
                mode=mapped[1],
                source=source,
            )

    for (lemma, with_), code in sorted(verbs.items()):
        add(lemma, "verb", with_, code, "cameo-verb")
    for (lemma, particle), codes in sorted(phrasal.items()):
        typed = [(to_plover(c, table), c.split(":")[0]) for c in codes]
        votes = Counter(t[0] for t, _ in typed if t is not None)
        if not votes:
            continue
        best, n = votes.most_common(1)[0]
        default = rows.get((lemma, "verb", ""))
        # Keep a phrasal row only where patterns agree and it says more than the bare verb.
        fresh = (lemma, "verb", particle) not in rows  # a dictionary entry ("+CALL_ON") wins
        if fresh and n >= 2 and n * 2 > len(codes) and (default is None or default["type"] != best):
            code = Counter(c for t, c in typed if t is not None and t[0] == best).most_common(1)[0][0]
            add(lemma, "verb", particle, code, "cameo-pattern")
    for line in HAND.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, with_, code, type_, mode = (line.split("\t") + [""] * 6)[:6]
        key = (lemma, pos, with_)
        if type_ == "-":  # a hand veto: no event, and the derived row for the key goes
            type_, code = "NONE", ""
        elif mode and mode not in modes.get(type_, set()):
            raise SystemExit(f"{HAND}: mode {mode!r} is not a PLOVER mode of {type_}")
        rows[key] = dict(lemma=lemma, pos=pos, with_=with_, cameo=code, type=type_, mode=mode, source="hand")
    return [rows[k] for k in sorted(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    rows = build(args.shared)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(r[c if c != "with" else "with_"] for c in COLUMNS) for r in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} triggers to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
