"""CAMEO-style dictionary codes (RUSGOV, IGOUNO, ~REB) as PLOVER country and sector."""

from __future__ import annotations

#: CAMEO agent codes as PLOVER sectors. CAMEO's MED is the media (PLOVER JRN) and its
#: HLH is health (PLOVER MED); religions collapse into REL. Codes PLOVER has no
#: sector for (DEV, ENV, HRI, RAD, ...) stay unknown.
CAMEO_SECTOR = {
    "GOV": "GOV",
    "MIL": "MIL",
    "REB": "REB",
    "OPP": "OPP",
    "COP": "COP",
    "JUD": "JUD",
    "LEG": "LEG",
    "PTY": "PTY",
    "SPY": "SPY",
    "UAF": "UAF",
    "CVL": "CVL",
    "BUS": "BUS",
    "CRM": "CRM",
    "EDU": "EDU",
    "ELI": "ELI",
    "LAB": "LAB",
    "AGR": "AGR",
    "REF": "REF",
    "PRM": "PRM",
    "MED": "JRN",
    "JRN": "JRN",
    "HLH": "MED",
    "INS": "REB",
    "SEP": "REB",
    "REL": "REL",
    "MUS": "REL",
    "CHR": "REL",
    "JEW": "REL",
    "BUD": "REL",
    "HIN": "REL",
    "NGO": "NGO",
    "IGO": "IGO",
}
#: PLOVER's non-state "countries".
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}


def sector_of(agent: str) -> str | None:
    """The PLOVER sector of a CAMEO agent code (its first three letters)."""
    return CAMEO_SECTOR.get(agent[:3])


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
