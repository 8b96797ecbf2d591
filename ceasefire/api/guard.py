"""Who may address the server, and what a request line may hold: checked before any route runs.

DNS rebinding: a page on another site can make a browser resolve its own name to 127.0.0.1
and talk to the loopback server with that name in `Host`. So only the names the server was
told it answers to are served (the loopback names by default), and a write that a browser
sends from a page of another origin is refused. Requests without `Origin` (curl, scripts)
are not a browser's cross-site requests and pass.

Query values and the path are text for the store: control characters (NUL among them, which
SQLite's full-text search and PostgreSQL refuse) and overlong values are a 400 here rather
than an error deep in a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from ceasefire.api.errors import error_response
from ceasefire.api.limits import MAX_PARAM_CHARS, MAX_PARAMS

#: The names of this machine's loopback interface, as a Host header spells them.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: In an allow-list: any Host (the token still guards writes beyond loopback).
ANY_HOST = "*"
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def host_name(value: str) -> str:
    """`Host` or an origin's authority without its port, lower case: `[::1]:8000` → `::1`."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class RequestGuard:
    """ASGI middleware: the Host allow-list, the Origin check on writes, sane request lines."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = LOOPBACK_NAMES) -> None:
        self.app = app
        self.allowed = frozenset(host_name(h) for h in allowed_hosts)

    def _allows(self, name: str) -> bool:
        return ANY_HOST in self.allowed or name in self.allowed

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
        host = host_name(headers.get("host", ""))
        if not self._allows(host):
            shown = host or "(none)"
            return 400, f"this server does not answer to the host {shown!r} (ceasefire serve --allow-host)"
        origin = headers.get("origin")
        writes_from_elsewhere = origin is not None and (
            origin == "null" or not self._allows(host_name(urlsplit(origin).netloc))
        )
        if scope["method"] in _WRITES and writes_from_elsewhere:
            return 403, f"writes from pages of another origin are refused ({origin!r})"
        if _CONTROL.search(scope["path"]):
            return 400, "the path holds control characters"
        query = scope["query_string"].decode("latin-1")
        try:
            params = parse_qsl(query, keep_blank_values=True, max_num_fields=MAX_PARAMS, errors="strict")
        except (ValueError, UnicodeDecodeError):
            return 400, f"the query has more than {MAX_PARAMS} parameters or is not UTF-8"
        for name, value in params:
            if _CONTROL.search(name) or _CONTROL.search(value):
                return 400, f"{name!r}: control characters are not allowed"
            if len(value) > MAX_PARAM_CHARS:
                return 400, f"{name!r}: longer than {MAX_PARAM_CHARS} characters"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (refused := self._refusal(scope)) is not None:
            await error_response(*refused)(scope, receive, send)
            return
        await self.app(scope, receive, send)
