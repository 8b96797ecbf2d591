"""Alert rules: the kinds, their settings and defaults, checked before a rule is stored.

- ``assault-fatal``: an incident (a fused real-world event) of type ASSAULT inside the zone,
  dated on or after the zone's start (and by its end), whose most-reported toll is at least
  `min_fatalities` (1 by default). It fires once per incident.
- ``weekly-rise``: a zone's violations (as its report counts them) in one ISO week at least
  `factor` times those of the week before (2 by default) and at least `min_count` (3 by
  default: one violation after a week of none is no alarm). It fires once per zone and week.

A rule without a zone watches every zone. Its alerts go to stdout (JSON lines), a file
(JSON lines appended) and a webhook (POST JSON), any of them.
"""

from __future__ import annotations

from typing import get_args
from urllib.parse import urlsplit

from ceasefire.store import AlertKind, AlertRule, Store

KINDS: tuple[AlertKind, ...] = get_args(AlertKind)
DEFAULT_MIN_FATALITIES = 1
DEFAULT_FACTOR = 2.0
DEFAULT_MIN_COUNT = 3
#: The settings each kind takes.
SETTINGS: dict[str, tuple[str, ...]] = {
    "assault-fatal": ("min_fatalities",),
    "weekly-rise": ("factor", "min_count"),
}


class RuleError(ValueError):
    """A rule that cannot be stored; `setting` names what is wrong (a kind, a zone, a setting)."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting, self.reason = setting, message


def new_rule(
    kind: str,
    zone_id: str | None = None,
    *,
    min_fatalities: int | None = None,
    factor: float | None = None,
    min_count: int | None = None,
    stdout: bool = False,
    file: str | None = None,
    webhook: str | None = None,
) -> AlertRule:
    """A rule of `kind`, its settings checked and the kind's defaults filled in (not yet
    stored: its id is 0). RuleError for an unknown kind, a setting of another kind, a value
    out of range, a webhook that is no http(s) URL."""
    if kind not in KINDS:
        raise RuleError("kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    given = {"min_fatalities": min_fatalities, "factor": factor, "min_count": min_count}
    for name, value in given.items():
        if value is not None and name not in SETTINGS[kind]:
            raise RuleError(name, f"a {kind} rule takes no {name} (it takes {', '.join(SETTINGS[kind])})")
    if kind == "assault-fatal":
        min_fatalities = DEFAULT_MIN_FATALITIES if min_fatalities is None else min_fatalities
        if min_fatalities < 1:
            raise RuleError("min_fatalities", f"must be at least 1, not {min_fatalities}")
    else:
        factor = DEFAULT_FACTOR if factor is None else factor
        min_count = DEFAULT_MIN_COUNT if min_count is None else min_count
        if not factor >= 1:  # NaN too
            raise RuleError("factor", f"must be at least 1, not {factor}")
        if min_count < 1:
            raise RuleError("min_count", f"must be at least 1, not {min_count}")
    if webhook is not None:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuleError("webhook", f"not an http(s) URL: {webhook!r}")
    if file is not None and not file.strip():
        raise RuleError("file", "an empty path")
    return AlertRule(
        id=0,
        kind=kind,  # checked against KINDS above
        zone_id=zone_id,
        min_fatalities=min_fatalities,
        factor=factor,
        min_count=min_count,
        stdout=stdout,
        file=file,
        webhook=webhook,
    )


def add_rule(store: Store, rule: AlertRule, *, skip_existing: bool = False) -> AlertRule:
    """Store a rule made by `new_rule`; returns it with its id. With `skip_existing` (an
    assault-fatal rule only), the incidents the store holds now count as alerted on: only
    those that come later fire. RuleError for a zone the store does not have."""
    from ceasefire.alerts.evaluate import incident_alerts

    if rule.zone_id is not None and not store.zones([rule.zone_id]):
        raise RuleError("zone", f"no zone {rule.zone_id!r} in the store")
    if skip_existing and rule.kind != "assault-fatal":
        raise RuleError("skip_existing", "only an assault-fatal rule fires on what is stored already")
    existing = [e for found in incident_alerts(store, rule) for e in found.members] if skip_existing else []
    return store.add_alert_rule(rule, already_alerted=existing)


def describe(rule: AlertRule) -> str:
    """What the rule fires on, in words."""
    where = f"zone {rule.zone_id}" if rule.zone_id else "any zone"
    if rule.kind == "assault-fatal":
        return f"ASSAULT incident with at least {rule.min_fatalities} killed in {where}, from its start"
    return (
        f"violations in {where} in an ISO week: at least {rule.factor:g}x the week before's "
        f"and at least {rule.min_count}"
    )


def destinations(rule: AlertRule) -> str:
    """Where the rule's alerts go, in words."""
    return (
        ", ".join(f"{channel} {target}" if target else channel for channel, target in rule.channels) or "none"
    )
