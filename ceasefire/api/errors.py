"""One error shape for every failure: {"error": {"status": n, "message": "..."}}.

FastAPI answers unknown routes, wrong methods and invalid input in its own shapes; these
handlers reshape them. Invalid query or path parameters are a 400 (a bad request line);
an invalid body is a 422 (well-formed JSON that does not fit the model).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status, headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    # Starlette's own messages for unknown routes and methods, made to say what was asked.
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such resource: {request.url.path}"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, message, exc.headers)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = list(exc.errors())
    in_body = any(p.get("loc", ("",))[0] == "body" for p in problems)
    message = "; ".join(f"{_where(tuple(p.get('loc', ())))}: {p.get('msg', 'invalid')}" for p in problems)
    return error_response(422 if in_body else 400, message or "invalid request")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the log, never to the client.
    log.exception("error while serving %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
