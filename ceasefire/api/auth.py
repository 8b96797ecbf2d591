"""Who may write: a bearer token on writing endpoints when the app was given one.

`ceasefire serve` gives the app a token whenever it binds to anything but the loopback
interface, so a server reachable from the network never accepts anonymous writes.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request
from starlette.exceptions import HTTPException

from ceasefire.api.state import api_state


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the server on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def require_writer(request: Request) -> None:
    """A dependency of every writing endpoint: writes enabled, and the right token if one is set."""
    state = api_state(request)
    if not state.allow_writes:
        raise HTTPException(403, "this server is read-only")
    if state.token is None:
        return
    challenge = {"WWW-Authenticate": "Bearer"}
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "a token is required: send 'Authorization: Bearer <token>'", challenge)
    # constant-time: the comparison's duration says nothing about how much of the token matched
    if not hmac.compare_digest(given.strip().encode(), state.token.encode()):
        raise HTTPException(401, "wrong token", challenge)
