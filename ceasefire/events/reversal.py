"""Types that change with how an event is framed: undone, intended or demanded.

CAMEO codes these framings as events of their own, and PLOVER follows: lifting a curfew is a
concession, suspending aid a sanction, "will send aid" an intent to cooperate (AGREE), "would
boycott" or "will withdraw unless" a threat, "will not meet" or "failed to agree" a rejection,
"X said Y must withdraw" a request, "dismissed the appeal" a rejection.
"""

from __future__ import annotations

from dataclasses import replace

from ceasefire.events.lexicon import Entry
from ceasefire.resources import table, tagged


def reversed_entry(entry: Entry) -> Entry:
    """The event of undoing what ``entry`` names: "lifted the blockade", "suspended aid"."""
    # stopping cooperation reduces relations
    if entry.type in tagged("plover_type_classes", "cooperative"):
        cameo, mode = {"AID": ("162", "discontinue"), "CONSULT": ("164", "withdraw")}.get(
            entry.type, ("160", None)
        )
        return replace(entry, type="SANCTION", cameo=cameo, mode=mode)
    if entry.type == "RETREAT":  # "broke the truce"
        return replace(entry, type="ASSAULT", cameo="196", mode=None)
    force = tagged("plover_type_classes", "force")
    if entry.type in force or (entry.cameo or "").startswith("19"):  # "lifted the siege"
        return replace(entry, type="RETREAT", cameo="087", mode="withdraw")
    return replace(entry, type="CONCEDE", cameo="081", mode=None)  # curfews, bans, strikes


def defied_entry(entry: Entry) -> Entry:
    """The event of defying what ``entry`` names: breaking a truce is an attack; defying a
    measure ("violated the curfew", "defied the ban") a rejection (CAMEO 128, defy norms, law)."""
    if entry.type == "RETREAT":
        return replace(entry, type="ASSAULT", cameo="196", mode=None)
    return replace(entry, type="REJECT", cameo="128", mode=None)


def intended_entry(entry: Entry) -> Entry | None:
    """The event of announcing ``entry`` as one's own intent, or None if it stays as it is: an
    intended act of cooperation is CAMEO 03 (AGREE); of conflict, CAMEO 13 (THREATEN)."""
    if entry.type in tagged("plover_type_classes", "promisable"):
        return replace(entry, type="AGREE", cameo="03", mode=None)
    threat = table("threat_codes").get(entry.type)
    if threat is not None:
        cameo, mode = threat.split()
        return replace(entry, type="THREATEN", cameo=cameo, mode=mode)
    return None


def threatened_entry(entry: Entry) -> Entry:
    """The event of announcing ``entry`` on a condition the other side must meet ("will
    withdraw its troops unless ..."): whatever the act, CAMEO 13 (THREATEN)."""
    threat = table("threat_codes").get(entry.type)
    cameo, mode = threat.split() if threat else ("130", None)
    return replace(entry, type="THREATEN", cameo=cameo, mode=mode)


def refused_entry(entry: Entry) -> Entry | None:
    """Announcing that one will not cooperate ("will not meet their demands") is a rejection."""
    if entry.type in tagged("plover_type_classes", "promisable") or entry.type == "AGREE":
        return replace(entry, type="REJECT", cameo="12", mode=None)
    return None


REQUEST = Entry("must", "verb", (), "10", "REQUEST", None, "hand")
# "dismissed the appeal", "rebuffed the offer": what was asked or offered is rejected
DISMISSAL = Entry("dismiss", "verb", (), "12", "REJECT", None, "hand")
