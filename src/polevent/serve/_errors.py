"""The API's one error shape, ``{"error": {"code", "message", "where"}}``, and its handlers.

Codes: polevent's own (``E1xx`` bad input, ``E108`` body too large, ``E4xx`` store) and, for
conditions that are HTTP's rather than polevent's, ``H`` + the status (``H401`` no or wrong
token, ``H403`` writing disabled, ``H404`` not found, ``H405`` method not allowed, ``H500``
internal error). A client never sees a stack trace: unexpected exceptions get a generic ``H500``
(the server, uvicorn, logs them; this module logs nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from polevent.errors import MESSAGES, InputError, PoleventError, StoreError

__all__ = ["ApiError", "error_body", "error_response", "install_error_handlers"]


class ApiError(Exception):
    """An error to answer with: HTTP ``status``, a ``code``, a message and where it applies."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        where: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.where = where
        self.headers = headers


def error_body(code: str, message: str, where: str | None = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message": message, "where": where}}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    where: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, where), status_code=status, headers=headers)


def _message(error: PoleventError) -> str:
    text = MESSAGES.get(error.code, "error")
    return f"{text}: {error.detail}" if error.detail else text


def input_error(error: InputError, *, where: str | None = None) -> ApiError:
    """An ``InputError`` as a client error: 400 malformed JSON (E104), 413 E108, else 422."""
    status = {"E104": 400, "E108": 413}.get(error.code, 422)
    return ApiError(status, error.code, _message(error), where=where)


def _location(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc)


def _validation_code(kind: str) -> tuple[int, str]:
    if kind == "json_invalid":
        return 400, "E104"
    if kind.startswith(("date", "datetime")):
        return 422, "E105"
    return 422, "E106"


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for that class only
    first = exc.errors()[0] if exc.errors() else {"type": "", "loc": (), "msg": "invalid"}
    status, code = _validation_code(str(first.get("type", "")))
    message = f"{MESSAGES[code]}: {first.get('msg', 'invalid')}"
    return error_response(status, code, message, where=_location(first.get("loc", ())) or None)


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, where=exc.where, headers=exc.headers)


async def _on_polevent_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PoleventError)
    if isinstance(exc, InputError):
        found = input_error(exc)
        return error_response(found.status, found.code, found.message)
    if isinstance(exc, StoreError):
        # No detail: it may name files or hold SQL driver text.
        return error_response(503, exc.code, MESSAGES.get(exc.code, "store error"))
    return error_response(500, exc.code, MESSAGES.get(exc.code, "error"))


async def _on_http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, f"H{exc.status_code}", str(exc.detail), headers=headers)


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    return error_response(500, "H500", "internal error")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error with the JSON shape above."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(PoleventError, _on_polevent_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
