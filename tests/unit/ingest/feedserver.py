"""The state of the local test HTTP server (see ``conftest.local_server``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LocalServer:
    """Routes (path → content type and body) and what was requested, with which User-Agent."""

    base: str = ""
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes | str, content_type: str) -> str:
        """Serve ``body`` at ``path`` from now on; return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (content_type, data)
        return self.url(path)
