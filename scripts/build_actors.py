"""Build the actor-coding tables under ceasefire/data/ from ../shared/reference.

    .venv/bin/python scripts/build_actors.py [--reference DIR]

Writes, deterministically (sorted, no timestamps):
  actors.tsv  key, name, code, kind: names of countries, people, organisations and armed
              groups (Phoenix dictionaries), capitals (countryInfo), demonyms
              (demonyms.csv), and place names the Phoenix country blocks list (kept only
              so that a city the tagger calls ORG is not taken for an actor); the
              hand-curated ceasefire/data/actors_added.tsv overrides all of them.
  agents.tsv  key, code: role words ("rebels", "foreign minister") from Phoenix.agents.txt,
              overridden by ceasefire/data/agents_added.tsv.
Codes stay CAMEO-style (RUSGOV, IGOUNO, ~REB); ceasefire/actors/codes.py maps them to
PLOVER country and sector at load time.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ceasefire.text import name_key  # noqa: E402

DATA = ROOT / "ceasefire" / "data"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

#: CAMEO country codes that are not ISO 3166 alpha-3, and PLOVER's Kosovo code.
CAMEO_COUNTRY = {
    "KSV": "KOS",
    "XKX": "KOS",
    "TMP": "TLS",
    "USR": "RUS",
    "SUN": "RUS",
    "FRY": "SRB",
    "YUG": "SRB",
    "DDR": "DEU",
    "CSK": "CZE",
    "ANG": "AGO",
}
#: demonyms.csv spells some countries unlike countryInfo.txt.
COUNTRY_ALIASES = {
    "united states of america": "USA",
    "czech republic": "CZE",
    "ivory coast": "CIV",
    "democratic republic of the congo": "COD",
    "republic of the congo": "COG",
    "east timor": "TLS",
    "vatican city": "VAT",
    "macedonia": "MKD",
    "burma": "MMR",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "the gambia": "GMB",
    "the bahamas": "BHS",
    "federated states of micronesia": "FSM",
    "palestine": "PSE",
    "kosovo": "KOS",
    "united kingdom of great britain and northern ireland": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "wales": "GBR",
    "northern ireland": "GBR",
    "macau": "MAC",
}
#: Particles kept lower case inside a title-cased name.
PARTICLES = {
    "al",
    "el",
    "de",
    "der",
    "bin",
    "ibn",
    "of",
    "the",
    "and",
    "for",
    "van",
    "von",
    "da",
    "du",
    "la",
    "le",
    "y",
    "on",
    "in",
}

#: Agent codes that CountryInfo gives without a country ("[ELI]": a former leader).
BARE_AGENTS = {"ELI", "GOV", "OPP", "MIL", "REB"}

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"(\d{6,8})")


@dataclass
class Group:
    """A dictionary record: names (primary, synonyms) sharing one set of codes."""

    names: list[tuple[str, list[str]]] = field(default_factory=list)
    default: str | None = None
    restrictions: list[tuple[str, str]] = field(default_factory=list)  # (code, date spec)
    dated_source: bool = False  # CountryInfo person records carry "; CountryInfo.txt"


def read_lines(path: Path) -> Iterator[str]:
    """Lines decoded as UTF-8 where they are, Latin-1 where they are not."""
    for raw in path.read_bytes().splitlines():
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


def strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return re.split(r"[#;]", line, maxsplit=1)[0]


def parse_actor_file(path: Path) -> list[Group]:
    """Group a PETRARCH .actors file into records (see Dictionaries.README.md)."""
    groups: list[Group] = []
    current = Group()

    def flush() -> None:
        nonlocal current
        if current.names:
            groups.append(current)
        current = Group()

    for line in read_lines(path):
        body = strip_comment(line)
        if not body.strip():
            if not line.lstrip().startswith("#"):
                flush()  # a blank line ends a record; a comment line does not
            continue
        if line[:1] in "\t " and "[" in body:
            current.restrictions.extend(parse_codes(body))
            continue
        phrase = body.split("[", 1)[0].strip()
        inline = _CODE.search(body)
        if phrase.startswith("+"):
            if current.names:
                current.names[-1][1].append(phrase[1:].strip())
            continue
        if current.restrictions or current.default or inline:
            flush()
        current.names.append((phrase, []))
        current.dated_source = current.dated_source or "CountryInfo" in line
        if inline:
            current.default = inline.group(1).split()[0]
    flush()
    return groups


def parse_codes(body: str) -> list[tuple[str, str]]:
    out = []
    for inner in _CODE.findall(body):
        parts = inner.split(None, 1)
        if parts and parts[0] != "---":
            out.append((parts[0], parts[1].replace(" ", "") if len(parts) > 1 else ""))
    return out


def as_date(text: str) -> int:
    """YYMMDD or YYYYMMDD as YYYYMMDD (two-digit years after 25 are 19xx)."""
    if len(text) == 6:
        year = int(text[:2])
        return (1900 + year if year > 25 else 2000 + year) * 10000 + int(text[2:])
    return int(text[:8].ljust(8, "0"))


def current_code(group: Group) -> str | None:
    """The code valid at the latest date: an open-ended one, else the undated default,
    else the dated one that ended last. A bare agent default ("ELI") takes the country
    of the latest dated code."""
    open_ended: list[tuple[int, str]] = []
    ranged: list[tuple[int, str]] = []
    default = group.default
    for code, spec in group.restrictions:
        dates = [as_date(d) for d in _DATE.findall(spec)]
        if not spec:
            default = code
        elif spec.startswith(">") and dates:
            open_ended.append((dates[0], code))
        elif dates:
            ranged.append((dates[-1], code))
    if open_ended:
        return max(open_ended)[1]
    if default in BARE_AGENTS and ranged:
        return max(ranged)[1][:3] + default
    if default:
        return default
    return max(ranged)[1] if ranged else None


def title_name(phrase: str) -> str:
    """VLADIMIR_PUTIN_ -> Vladimir Putin; acronyms without vowels stay upper case."""
    printable = "".join(c for c in phrase if c.isprintable())
    words = [w for w in re.split(r"[_\s]+", printable.strip("_ ")) if w]
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]  # THE_UNITED_NATIONS names the United Nations
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in PARTICLES:
            out.append(low)
        elif not re.search(r"[AEIOUaeiou]", word) and word.isalpha():
            out.append(word.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def is_acronym_of(word: str, synonyms: list[str]) -> bool:
    """AFP beside AGENCE_FRANCE-PRESSE: a one-word name made of the initials of a longer name
    of the same actor is an acronym, and keeps its capitals (not "Afp")."""
    if not word.isalpha() or not word.isupper() or len(word) < 2:
        return False
    for synonym in synonyms:
        parts = [p for p in re.split(r"[_\s-]+", synonym.strip("_ +")) if p]
        if len(parts) == len(word) and "".join(p[0] for p in parts).upper() == word:
            return True
    return False


def load_countries(reference: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """countryInfo.txt: ISO3 -> name, folded name -> ISO3, folded capital -> ISO3."""
    names: dict[str, str] = {}
    by_name: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for line in read_lines(reference / "countryInfo.txt"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        iso3 = CAMEO_COUNTRY.get(cols[1], cols[1])
        names[iso3] = cols[4]
        by_name[name_key(cols[4])] = iso3
        if cols[5]:
            capitals[name_key(cols[5])] = iso3
    for alias, iso3 in COUNTRY_ALIASES.items():
        by_name.setdefault(name_key(alias), iso3)
    return names, by_name, capitals


def load_demonyms(reference: Path, by_name: dict[str, str]) -> dict[str, tuple[str, str]]:
    """demonyms.csv: folded adjective or plural -> (ISO3, 'demonym' or 'people')."""
    out: dict[str, tuple[str, str]] = {}
    with (reference / "demonyms.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            iso3 = by_name.get(name_key(row[0]))
            if iso3 is None:
                continue
            adjective = name_key(row[1])
            # An adjective outranks a plural spelled the same: "British" is the UK's
            # adjective before it is the people of the British Indian Ocean Territory.
            if out.get(adjective, (iso3, "people"))[1] == "people":
                out[adjective] = (iso3, "demonym")
            out.setdefault(name_key(row[2]), (iso3, "people"))
    return out


def country_of(code: str, iso: set[str]) -> str | None:
    head = CAMEO_COUNTRY.get(code[:3], code[:3])
    return head if head in iso else None


def kind_of(group: Group, code: str) -> str:
    if group.dated_source or any(_DATE.search(spec) for _, spec in group.restrictions):
        return "person"
    rest = code[3:6]
    if code[:3] == "IMG" or rest in {"REB", "UAF", "INS", "OPP", "SEP", "PRM"}:
        return "group"
    return "organization"


def build_actor_rows(reference: Path) -> dict[str, tuple[str, str, str]]:
    names, by_name, capitals = load_countries(reference)
    iso = set(names)
    demonyms = load_demonyms(reference, by_name)
    rows: dict[str, tuple[str, str, str]] = {}  # key -> (name, code, kind); first wins
    places: dict[str, tuple[str, str, str]] = {}
    files = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ]
    for filename in files:
        for group in parse_actor_file(reference / filename):
            code = current_code(group)
            if not code:
                continue
            code = CAMEO_COUNTRY.get(code[:3], code[:3]) + code[3:]
            country = country_of(code, iso)
            if country and code == country:
                add_country_block(group, country, names, by_name, demonyms, capitals, rows, places)
                continue
            kind = kind_of(group, code)
            for primary, synonyms in group.names:
                name = primary if is_acronym_of(primary, synonyms) else title_name(primary)
                for phrase in [primary, *synonyms]:
                    k = name_key(phrase.replace("_", " "))
                    if k and k not in demonyms:
                        rows.setdefault(k, (name, code, kind))
    for k, iso3 in capitals.items():
        rows.setdefault(k, (title_name(k), iso3, "capital"))
    for k, (iso3, kind) in sorted(demonyms.items()):
        rows.setdefault(k, (names[iso3], iso3, kind))
    for k, row in places.items():
        rows.setdefault(k, row)
    return rows


def add_country_block(
    group: Group,
    country: str,
    names: dict[str, str],
    by_name: dict[str, str],
    demonyms: dict[str, tuple[str, str]],
    capitals: dict[str, str],
    rows: dict[str, tuple[str, str, str]],
    places: dict[str, tuple[str, str, str]],
) -> None:
    """A country record lists the country's names, but also its cities, provinces and
    a few people. Keep the names (those spelled like the country, or known as its name);
    remember the rest as places, which are not actors."""
    stem = name_key(names[country])[:4]
    for primary, synonyms in group.names:
        for phrase in [primary, *synonyms]:
            k = name_key(phrase.replace("_", " "))
            if not k or k in capitals:
                continue
            # "US" is also a demonym ("US troops") but mostly names the country.
            bare = k.removeprefix("the ")  # "The United States" names the country too
            named = by_name.get(bare) == country or bare.replace(" ", "") in {"us", "usa"}
            if named or (k.startswith(stem) and k not in demonyms):
                rows.setdefault(k, (names[country], country, "country"))
            elif k not in demonyms:
                places.setdefault(k, (title_name(phrase), country, "place"))


def expand_agent(phrase: str, plural: str | None, macros: dict[str, list[str]]) -> list[str]:
    """One agents.txt entry as its singular and plural forms."""
    macro = re.search(r"!(\w+)!", phrase)
    if macro and macro.group(1) in macros:
        return [phrase.replace(macro.group(0), v) for v in macros[macro.group(1)]]
    if plural is not None:
        return [phrase, *plural.split()]
    if phrase.endswith("_"):
        return [phrase]
    if phrase.endswith("Y") and phrase[-2:-1] not in "AEIOU":
        return [phrase, phrase[:-1] + "IES"]
    return [phrase, phrase + ("ES" if phrase.endswith(("SS", "CH", "SH")) else "S")]


def build_agent_rows(reference: Path) -> dict[str, str]:
    macros: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    entry = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]+)[\]}]")
    for line in read_lines(reference / "Phoenix.agents.txt"):
        body = strip_comment(line).strip()
        if "=" in body and body.startswith("!"):
            name, values = body.split("=", 1)
            macros[name.strip().strip("!")] = [v.strip() for v in values.split(",")]
            continue
        match = entry.match(body)
        if not match:
            continue
        for form in expand_agent(match["phrase"].strip(), match["plural"], macros):
            k = name_key(form.replace("_", " "))
            if k:
                rows.setdefault(k, match["code"].strip())
    return rows


def read_added(path: Path, width: int) -> Iterator[list[str]]:
    """The rows of a hand-curated TSV (comments and blank lines skipped)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) != width:
                raise SystemExit(f"{path.name}: expected {width} columns: {line!r}")
            yield cols


def write_tsv(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    lines = [header, *("\t".join(r) for r in sorted(rows))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    reference = parser.parse_args().reference

    actors = build_actor_rows(reference)
    # Hand-curated rows: each phrase and its aliases ("|"-separated) override the tables.
    for phrases, name, code, kind in read_added(DATA / "actors_added.tsv", 4):
        for phrase in phrases.split("|"):
            actors[name_key(phrase)] = (name, code, kind)
    write_tsv(DATA / "actors.tsv", "#key\tname\tcode\tkind", [(k, *v) for k, v in actors.items()])

    agents = build_agent_rows(reference)
    for phrases, code in read_added(DATA / "agents_added.tsv", 2):
        for phrase in phrases.split("|"):
            agents[name_key(phrase)] = code
    write_tsv(DATA / "agents.tsv", "#key\tcode", list(agents.items()))
    print(f"actors.tsv: {len(actors)} phrases; agents.tsv: {len(agents)} phrases")


if __name__ == "__main__":
    main()
