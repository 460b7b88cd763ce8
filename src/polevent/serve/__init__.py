"""polevent's HTTP API: ``create_app(db=...)`` gives a FastAPI app (run it with uvicorn or
``polevent serve``). Never imports spaCy until a ``POST /api/code`` needs the coder."""

from __future__ import annotations

from polevent.serve.app import ENDPOINTS, create_app, open_for_serving

__all__ = ["ENDPOINTS", "create_app", "open_for_serving"]
