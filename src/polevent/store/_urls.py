"""Store URLs in messages: never show a password."""

from __future__ import annotations

__all__ = ["redact"]


def redact(url: str) -> str:
    """``url`` without a password (``scheme://user:***@host``), safe to put in a message.

    >>> redact("postgresql://polevent:s3cret@db.example/events")
    'postgresql://polevent:***@db.example/events'
    """
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
