"""HTTP(S) fetching for feeds and pages: a small ``Fetcher`` protocol and a urllib implementation
with a timeout, a User-Agent and a size cap. Only ``http`` and ``https`` URLs are fetched.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Protocol

from polevent._version import __version__
from polevent.errors import InputError

__all__ = ["USER_AGENT", "Fetched", "Fetcher", "UrlFetcher", "is_url"]

USER_AGENT = f"polevent/{__version__} (news event coder; feed reader)"


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL (what readers fetch instead of opening)."""
    return value.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One fetched resource: the final URL, its media type (lower case, no parameters) and body."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


class Fetcher(Protocol):
    """Fetch a URL or raise ``InputError("E115")`` naming it."""

    def fetch(self, url: str) -> Fetched:
        """Return the body of a 2xx response."""
        ...


def _content_type(headers: Message) -> tuple[str, str | None]:
    media = headers.get_content_type().lower() if headers.get("Content-Type") else ""
    charset = headers.get_content_charset()
    return media, charset


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlFetcher:
    """``urllib`` fetcher: ``timeout`` seconds per request, at most ``max_bytes`` of body."""

    timeout: float = 20.0
    user_agent: str = USER_AGENT
    max_bytes: int = 50_000_000

    def fetch(self, url: str) -> Fetched:
        """GET ``url`` (E115 on a non-http(s) URL, an HTTP error, a timeout or a network error)."""
        if not is_url(url):
            raise InputError("E115", "only http:// and https:// URLs are fetched", path=url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(self.max_bytes + 1)
                final_url = response.geturl()
                media, charset = _content_type(response.headers)
        except urllib.error.HTTPError as e:
            e.close()
            raise InputError("E115", f"HTTP {e.code} {e.reason}", path=url) from e
        except urllib.error.URLError as e:
            raise InputError("E115", str(e.reason), path=url) from e
        except (TimeoutError, OSError, ValueError) as e:
            raise InputError("E115", str(e) or type(e).__name__, path=url) from e
        if len(body) > self.max_bytes:
            raise InputError("E108", f"more than max_bytes={self.max_bytes} bytes", path=url)
        return Fetched(url=final_url, content_type=media, charset=charset, body=body)
