"""Alerts: what the alert rules fired, newest first, and the rules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ceasefire.alerts import alert_record, rule_record
from ceasefire.api.limits import DEFAULT_LIMIT
from ceasefire.api.params import Limit, Offset, page
from ceasefire.api.schemas import AlertRow, AlertRuleRow, CountedPage
from ceasefire.api.state import StoreDep

router = APIRouter(prefix="/api/alerts", tags=["alerts"])


@router.get("", response_model=CountedPage[AlertRow])
def list_alerts(
    request: Request,
    store: StoreDep,
    # a rule id is a 64-bit integer in the database: a larger one names no rule, and is a 422
    rule: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="Only this rule's alerts.")] = None,
    zone: Annotated[str | None, Query(description="Only alerts in this zone (a zone id).")] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> JSONResponse:
    """The fired alerts, newest first: what fired, in which zone, the incident as it is now,
    when, and how each delivery went (targets shown without their paths); `total` over every page."""
    alerts = store.fired_alerts(limit + 1, offset, rule_id=rule, zone_id=zone)
    rows = [alert_record(a, reveal_targets=False) for a in alerts]
    return page(request, rows, limit, offset, total=store.count_fired_alerts(rule, zone))


@router.get("/rules", response_model=list[AlertRuleRow])
def list_rules(store: StoreDep) -> JSONResponse:
    """The alert rules: what each fires on and where its alerts go (`ceasefire alerts add` adds them)."""
    return JSONResponse([rule_record(r, reveal_targets=False) for r in store.alert_rules()])
