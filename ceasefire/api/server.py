"""How `ceasefire serve` runs uvicorn: the HTTP protocol with a deadline per request, and limits.

uvicorn has no timeout for receiving a request: its keep-alive timer only runs between
requests and restarts on every byte, so a client that sends half a header, or a body that
stops arriving, holds a connection (and, for a body, a worker) for as long as it likes.
`DeadlineProtocol` closes such a connection, with a 408, once the request has taken longer
than its deadline to arrive.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ceasefire.api.limits import REQUEST_DEADLINE_S

log = logging.getLogger(__name__)
#: Client states in which a request is still arriving (h11: before its end was received).
_ARRIVING = (h11.IDLE, h11.SEND_BODY)


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol; each request must arrive whole within `deadline_s` of the
    connection opening or, on a kept-alive connection, of the request's first byte."""

    deadline_s: float = REQUEST_DEADLINE_S
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the first byte of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state not in _ARRIVING:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.deadline_s, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        log.warning("closing a connection whose request took over %s s to arrive", self.deadline_s)
        if self.conn.our_state is h11.IDLE:  # nothing answered yet: say why
            body = json.dumps({"error": {"status": 408, "message": "the request took too long to arrive"}})
            head = (
                "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
            )
            self.transport.write((head + body).encode())
        self.transport.close()


def server_options() -> dict[str, Any]:
    """uvicorn.run's options beside the app, host and port."""
    return {
        "http": DeadlineProtocol,
        "timeout_keep_alive": 5,  # seconds an idle kept-alive connection stays open
        "h11_max_incomplete_event_size": 16 * 1024,  # bytes of request line and headers
        "limit_concurrency": 64,  # connections and tasks at once; beyond, a 503
        "log_level": "warning",
    }
