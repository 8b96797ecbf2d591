"""Build ceasefire/data/triggers.tsv, the event-trigger lexicon.

Sources (see ceasefire/data/SOURCES.md):
- reference/CAMEO.verbpatterns.txt (PETRARCH verb dictionary, MIT): each verb of a ``--- BLOCK
  [CODE] ---`` block with its own or the block's CAMEO code; and, from the patterns, the
  particle or preposition right after the verb slot ``*`` ("CALL ON", "STAND BY") when several
  patterns agree on one PLOVER type; and the one-word object a pattern writes right after the
  slot ("SEVER * TIES", "DISMISS * PROPOSAL", "SHARE * &EVIDENCE", a synset standing for each
  of its one-word members) where it gives the verb another type than its own, or no event at
  all (a null or statement code: "SHARE * CONCERN").
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

from spacy.tokens import Doc

from ceasefire.nlp import load_nlp

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

# Words that end the object a pattern writes after the verb slot (prepositions, particles, marks).
OBJECT_ENDS = PARTICLES | {"in", "at", "from", "of", "that", "as", "and", "the", "a", "an", "if", "when"}

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


def synsets(lines: list[str]) -> dict[str, list[str]]:
    """'&EVIDENCE' -> its one-word members, lower case ('evidence', 'proof', ...)."""
    sets: dict[str, list[str]] = {}
    name = ""
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if line.startswith("&"):
            name = line.strip().rstrip("_")
            sets[name] = []
        elif not line.strip():
            name = ""
        elif name and line.startswith("+") and (word := line[1:].strip().rstrip("_").lower()).isalpha():
            sets[name].append(word)
    return sets


def object_run(words: list[str], sets: dict[str, list[str]]) -> list[str]:
    """The words of the object a pattern writes right after its slot, lower case, a synset
    standing as its first member: the run of plain words or synsets before a preposition,
    particle or slot ("* DIPLOMATIC TIES TO +" -> diplomatic ties; only one-word runs are used)."""
    run: list[str] = []
    for word in words:
        if word.lower() in OBJECT_ENDS or not (word.isalpha() or word.rstrip("_") in sets):
            break
        run.append(word)
    return [(sets[w.rstrip("_")] or [""])[0] if w.startswith("&") else w.lower() for w in run]


Patterns = dict[tuple[str, str], list[str]]


def parse_verbs(path: Path) -> tuple[dict[tuple[str, str], str], Patterns, Patterns]:
    """(lemma, with) -> code for verb entries, (lemma, particle) -> pattern codes and (lemma,
    object head) -> pattern codes."""
    verbs: dict[tuple[str, str], str] = {}
    phrasal: Patterns = defaultdict(list)
    objects: Patterns = defaultdict(list)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    sets = synsets(lines)
    block_code = "---"
    block_verbs: list[str] = []
    in_patterns = in_synset = False
    for raw in lines:
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
            elif verb is not None and star == 0 and words[0] == "*":  # nothing written before the verb
                run = object_run(words[1:], sets)
                rest = [w for w in words[1 + len(run) :] if w.lower() not in OBJECT_ENDS and w[:1].isalpha()]
                if len(run) != 1 or len(rest) > 1:  # a modifier or more words: a pattern for one story
                    continue
                word = words[1]
                heads = sets.get(word.rstrip("_"), []) if word.startswith("&") else run
                for head in heads:  # the word after the object is kept to see it is no clause
                    objects[(verb, " ".join([head, *(w.lower() for w in rest)]))].append(codes[-1])
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
    return verbs, phrasal, objects


def noun_heads(phrases: set[str], verbs: set[str]) -> dict[str, str]:
    """The lemma of the object of each phrase (the object and the word after it, if any) that
    the parser tags as a noun, not followed by a verb of the dictionary ("ties" -> "tie"; not
    "statement criticising", "efforts disarm"), so that a row's object matches the lemma of the
    parsed object."""
    nlp = load_nlp()
    lemmatizer = nlp.get_pipe("lemmatizer")
    heads = {}
    for phrase in sorted(phrases):
        first, *rest = phrase.split()
        noun = nlp(f"the {first}")[1]
        after = [lemmatizer(Doc(nlp.vocab, words=[w], pos=["VERB"]))[0].lemma_.lower() for w in rest]
        if noun.pos_ == "NOUN" and not set(after) & verbs:
            heads[phrase] = noun.lemma_.lower()
    return heads


def person_words(shared: Path) -> set[str]:
    """Role words for people (Phoenix.agents.txt: "protester", "civilian", "soldier"), lower
    case, and the other members of the verb dictionary's synsets of them (&PEOPLE: "masses")."""
    ref = shared / "reference"
    text = (ref / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    persons = {w.lower() for w in re.findall(r"^([A-Za-z]+)_?\s", text, re.M)}
    lines = (ref / "CAMEO.verbpatterns.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    return persons.union(*(m for m in synsets(lines).values() if persons.intersection(m)))


def is_null(code: str) -> bool:
    """A pattern that codes no event: a null code or a statement (CAMEO 01)."""
    code = code.split(":", 1)[0].strip()
    return not code.isdigit() or code.startswith("01")


def build(shared: Path) -> list[dict[str, str]]:
    ref = shared / "reference"
    modes = plover_modes(ref / "PLOVER.md")
    table = cameo_table(ref / "CAMEO2PLOVER-2021.txt", modes)
    verbs, phrasal, objects = parse_verbs(ref / "CAMEO.verbpatterns.txt")
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
    heads = noun_heads({phrase for _, phrase in objects}, {lemma for lemma, _ in verbs})
    persons = person_words(shared)
    nominal = {
        line.split("\t", 2)[0] for line in HAND.read_text(encoding="utf-8").splitlines() if "\tnoun\t" in line
    }
    # Codes by (verb, object lemma): the patterns of one object, whatever word follows it, vote
    # together, but a phrase that is no noun or a clause ("* STATEMENT CRITICISING") has no vote;
    # nor has a nominal trigger, the event itself, whose verb its folding reads ("staged a protest").
    by_object: Patterns = defaultdict(list)
    for (lemma, phrase), codes in objects.items():
        if phrase in heads and heads[phrase] not in nominal:
            by_object[(lemma, heads[phrase])].extend(codes)
    for (lemma, head), codes in sorted(by_object.items()):
        typed = [("NONE" if is_null(c) else (t[0] if (t := to_plover(c, table)) else None), c) for c in codes]
        votes = Counter(t for t, _ in typed if t is not None)
        if not votes:
            continue
        best, n = votes.most_common(1)[0]
        default = rows.get((lemma, "verb", ""))
        if default is not None and head in persons:
            continue  # whom a verb of its own is done to is its recipient, not its sense ("arrest * &PEOPLE")
        key = (lemma, "verb", head)
        if n * 2 > len(codes) and key not in rows and (default["type"] if default else "NONE") != best:
            if best == "NONE":
                rows[key] = dict(
                    lemma=lemma,
                    pos="verb",
                    with_=key[2],
                    cameo="",
                    type="NONE",
                    mode="",
                    source="cameo-pattern",
                )
            else:
                add(
                    lemma,
                    "verb",
                    key[2],
                    next(c for t, c in typed if t == best).split(":")[0],
                    "cameo-pattern",
                )
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
