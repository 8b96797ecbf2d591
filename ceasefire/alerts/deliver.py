"""Sending fired alerts: a JSON line to stdout, a JSON line appended to a file, a JSON POST
to a webhook (a timeout, a few tries with backoff on a transient failure).

A delivery that fails is recorded with its reason and tried again at the next check; it
never stops the others. Within one check a webhook that failed is not tried again for the
alerts after it (they stay failed, for the next check), so a dead host costs one timeout
per check, not one per alert.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import httpx

from ceasefire.store import Delivery, FiredAlert, Store

#: Seconds a webhook has to answer, per try.
WEBHOOK_TIMEOUT_S = 10.0
#: Tries after the first on a connection error, a timeout, a 429 or a 5xx; the wait before
#: each doubles from BACKOFF_S.
WEBHOOK_RETRIES = 2
BACKOFF_S = 0.5
USER_AGENT = "ceasefire-alerts (+https://github.com/ceasefire)"


def as_line(alert: FiredAlert) -> str:
    """The alert as one JSON line (what stdout and a file receive; a webhook, the same JSON)."""
    return json.dumps(alert.message, ensure_ascii=False, sort_keys=False) + "\n"


def _post(client: httpx.Client, url: str, alert: FiredAlert) -> str | None:
    """POST the alert; None when the webhook took it (2xx), else why not."""
    reason = ""
    for attempt in range(WEBHOOK_RETRIES + 1):
        if attempt:
            time.sleep(BACKOFF_S * 2 ** (attempt - 1))
        try:
            response = client.post(url, json=alert.message)
        except httpx.TimeoutException:
            reason = f"no answer in {WEBHOOK_TIMEOUT_S:g} s"
            continue
        except httpx.HTTPError as err:
            reason = f"cannot reach it ({type(err).__name__}: {err})"
            continue
        if response.is_success:
            return None
        reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        if response.status_code != 429 and response.status_code < 500:
            break  # the webhook refuses this alert: trying again at once changes nothing
    return f"{reason} after {attempt + 1} tries" if attempt else reason


def _send(client: httpx.Client, alert: FiredAlert, delivery: Delivery) -> str | None:
    """Deliver once; None when done, else why not."""
    if delivery.channel == "stdout":
        try:
            sys.stdout.write(as_line(alert))
            sys.stdout.flush()
        except OSError as err:
            return f"cannot write to stdout ({err.strerror or err})"
        return None
    if delivery.channel == "file":
        try:
            with open(str(delivery.target), "a", encoding="utf-8") as out:
                out.write(as_line(alert))
        except OSError as err:
            return f"cannot append to {delivery.target} ({err.strerror or err})"
        return None
    return _post(client, str(delivery.target), alert)


def deliver(store: Store, alerts: Sequence[FiredAlert]) -> list[tuple[FiredAlert, Delivery]]:
    """Make each alert's deliveries (updated in place and in the store); returns the ones
    that failed."""
    failed: list[tuple[FiredAlert, Delivery]] = []
    dead: dict[str, str] = {}  # webhook URL -> why it failed, in this check
    headers = {"User-Agent": USER_AGENT}
    with httpx.Client(timeout=WEBHOOK_TIMEOUT_S, headers=headers, follow_redirects=False) as client:
        for alert in alerts:
            for delivery in alert.deliveries:
                target = delivery.target or ""
                if delivery.channel == "webhook" and target in dead:
                    error: str | None = (
                        f"not tried: {urlsplit(target).hostname} failed before ({dead[target]})"
                    )
                else:
                    delivery.attempts += 1
                    error = _send(client, alert, delivery)
                    if error and delivery.channel == "webhook":
                        dead[target] = error
                delivery.status, delivery.error = ("failed", error) if error else ("delivered", None)
                store.save_delivery(alert.id, delivery)
                if error:
                    failed.append((alert, delivery))
    return failed
