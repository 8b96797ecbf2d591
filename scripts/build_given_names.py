"""Build ceasefire/data/lexicons/given_names.tsv, the gender of common first names.

Source (see ceasefire/data/SOURCES.md): the name data of the nomquamgender 0.1.4 package (MIT),
read straight out of its wheel, which nothing installs:

    pip download --no-deps -d /tmp/nqg nomquamgender==0.1.4
    .venv/bin/python scripts/build_given_names.py /tmp/nqg/nomquamgender-0.1.4-py3-none-any.whl

Each of its names carries the number of sources that list it, the number of people counted and
the share of them who are women. A name is kept when several sources and enough people attest
it and nearly all of them are of one gender: an ambiguous name ("Jean", "Kim", "Taylor") stays
out, so that the quotes stage leaves its bearer compatible with "he" and "she" alike.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

from ceasefire.text import name_key

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "ceasefire" / "data" / "lexicons" / "given_names.tsv"
MEMBER = "nomquamgender/name_data.json"

#: Listed by at least this many of the package's sources, and borne by at least this many people.
MIN_SOURCES, MIN_COUNT = 5, 100
#: At most this share of the other gender.
MAX_OTHER = 0.1

HEADER = (
    "# First names and the gender nearly all their bearers have (quotes stage: she/he). Built by "
    "scripts/build_given_names.py from nomquamgender 0.1.4 (MIT); see SOURCES.md.\n"
)


def kept(data: dict[str, list[object]]) -> dict[str, str]:
    """Folded name -> male or female, for the names attested enough and of one gender."""
    names: dict[str, str] = {}
    for name, row in data.items():
        sources, count, female = row[0], row[1], row[2]
        if not (isinstance(sources, int) and isinstance(count, int) and isinstance(female, float | int)):
            continue
        if not (name.isalpha() and len(name) > 1) or sources < MIN_SOURCES or count < MIN_COUNT:
            continue
        if female >= 1 - MAX_OTHER:
            gender = "female"
        elif female <= MAX_OTHER:
            gender = "male"
        else:
            continue
        key = name_key(name)
        if " " not in key and names.setdefault(key, gender) != gender:
            names[key] = ""  # two spellings that fold together disagree: neither
    return {key: gender for key, gender in names.items() if gender}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("wheel", type=Path, help="the nomquamgender 0.1.4 wheel")
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        data = json.loads(wheel.read(MEMBER))
    names = kept(data)
    rows = "".join(f"{key}\t{gender}\n" for key, gender in sorted(names.items()))
    OUTPUT.write_text(HEADER + rows, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(names)} names")


if __name__ == "__main__":
    main()
