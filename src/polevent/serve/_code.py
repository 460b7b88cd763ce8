"""``POST /api/code``: the token check, the body parsed into an ``Article``, the coder thread."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict

from polevent.errors import InputError
from polevent.ingest.jsonl import article_from_record
from polevent.records import Article, EventRecord
from polevent.serve._errors import ApiError, input_error
from polevent.serve._worker import Worker

if TYPE_CHECKING:
    from polevent.pipeline import Coder

__all__ = ["CodeRequest", "CoderWorker", "article_from_body", "check_token", "default_coder"]

_SOURCE = "request"


class CodeRequest(BaseModel):
    """The body of ``POST /api/code`` (documents the schema; the body is parsed by hand so the
    token is checked first and errors carry polevent's codes)."""

    model_config = ConfigDict(extra="ignore")

    text: str
    title: str | None = None
    published_at: str | None = None
    url: str | None = None


def default_coder() -> Coder:
    """The pinned model and packaged dictionaries (imports spaCy, so only when first needed)."""
    from polevent.pipeline import build_coder

    return build_coder()


def check_token(request: Request, token: str | None) -> None:
    """403 when the app is read-only (no token at start-up); 401 without the right bearer token."""
    if token is None:
        message = "writing is disabled: start the server with a write token (--write-token-env)"
        raise ApiError(403, "H403", message)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise ApiError(
            401,
            "H401",
            "a valid 'Authorization: Bearer <token>' header is needed to write",
            headers={"WWW-Authenticate": "Bearer"},
        )


def article_from_body(raw: bytes) -> Article:
    """The article of a JSON body ``{text, title?, published_at?, url?}`` (E103 not UTF-8, E104
    malformed JSON or not an object, E106 missing/empty/wrong-typed field, E105 bad date)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(422, "E103", f"not UTF-8 text: byte {e.start}", where="body") from e
    try:
        record: Any = json.loads(text) if text.strip() else None
    except (ValueError, RecursionError) as e:
        raise ApiError(400, "E104", f"malformed JSON: {e}", where="body") from e
    if not isinstance(record, dict):
        message = 'malformed JSON: expected an object {"text": ...}'
        raise ApiError(400, "E104", message, where="body")
    try:
        return article_from_record(record, path=_SOURCE, line=1, published=None)
    except InputError as e:
        raise input_error(e, where="body") from e


class CoderWorker:
    """The coder, built by ``factory`` on first use on its own thread, and used only there."""

    def __init__(self, factory: Callable[[], Coder]) -> None:
        self._factory = factory
        self._coder: Coder | None = None
        self._worker = Worker("polevent-coder")

    def _code(self, article: Article) -> list[EventRecord]:
        from polevent.pipeline import code_article

        if self._coder is None:
            self._coder = self._factory()
        return code_article(article, self._coder)

    async def code(self, article: Article) -> list[EventRecord]:
        return await self._worker.run(lambda: self._code(article))

    def shutdown(self) -> None:
        self._worker.shutdown()
