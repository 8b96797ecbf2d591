"""CAMEO-style dictionary codes (RUSGOV, IGOUNO, ~REB) as PLOVER country and sector."""

from __future__ import annotations

from ceasefire.resources import table


def sector_of(agent: str) -> str | None:
    """The PLOVER sector of a CAMEO agent code (its first three letters)."""
    return table("cameo_sectors").get(agent[:3])


def split_code(code: str, countries: frozenset[str]) -> tuple[str | None, str | None]:
    """A CAMEO actor code as (country, sector): RUSGOVMED -> (RUS, GOV),
    IGOUNOKID -> (UNO, IGO), IMGMUSALQ -> (IMG, REB)."""
    head, rest = code[:3], code[3:]
    if head == "IGO":
        return (rest[:3] if rest[:3] in {"UNO", "EUR"} else "IGO"), "IGO"
    if head in {"NGO", "NGM"}:
        return "NGO", "NGO"
    if head == "MNC":
        return "MNC", "BUS"
    if head == "IMG":
        # International militant groups carry a religion or group tag after IMG, which is
        # no sector; what they are is an armed non-state group.
        sector = sector_of(rest)
        return "IMG", sector if sector not in (None, "REL") else "REB"
    if head in countries:
        return head, sector_of(rest)
    return None, sector_of(code)
