"""Request limits: the body size, checked before the body is read; page sizes and depths, the
bytes of a page, the periods of a report, the length of query values; the time to send a request.

A declared Content-Length over the limit is refused at once; a body without one (chunked)
is counted as it arrives and refused as soon as it passes the limit, so a client can never
make the server hold more than the limit in memory.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.errors import error_response

MAX_BODY_BYTES = 2 * 1024 * 1024
DEFAULT_LIMIT, MAX_LIMIT = 50, 500  # listings
DEFAULT_GEOJSON_LIMIT, MAX_GEOJSON_LIMIT = 1000, 5000  # map features
#: Deeper pages are refused: SQL skips rows one by one, so a deep page would read a large
#: store's whole index; past it, narrow the listing (since, until, type, ...) instead.
MAX_OFFSET = 10_000
#: A listing page or a map's features stop before this many bytes (their `next` link goes on
#: from there), and so do a zone report's violations (then marked `truncated`): 500 very
#: long sentences cannot build a response of hundreds of megabytes.
MAX_PAGE_BYTES = 4 * 1024 * 1024
#: A listing's `total` counts no further than its deepest page reaches; past that it says
#: `total_exact: false` (counting every row of a large store would cost more than the page).
MAX_COUNTED = MAX_OFFSET + MAX_LIMIT
#: The radius of a `near=` filter, in km: the circle must stay regional (a sparse box's
#: records are sorted, a crowded one's read in the listing's order until a page is full).
MAX_NEAR_KM = 500
#: Periods in one zone report: ten years of days (an empty period is about 200 bytes).
MAX_PERIODS = 3660
#: Query parameters per request, and characters per value.
MAX_PARAMS, MAX_PARAM_CHARS = 64, 500
#: Seconds for a client to send a whole request (headers and body) once it has begun.
REQUEST_DEADLINE_S = 10.0


class BodyTooLarge(HTTPException):
    # An HTTPException, so FastAPI's body reader passes it through instead of turning it into a 400.
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (the limit is {limit // 1024} KiB)")


class BodyLimit:
    """ASGI middleware: 413 for request bodies over `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await error_response(413, BodyTooLarge(self.limit).detail)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await error_response(413, exc.detail)(scope, receive, send)
