"""Shared across test packages: the real coder (model + data files), built once per session."""

from __future__ import annotations

import pytest

from polevent.pipeline import Coder, build_coder


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The pinned spaCy model and polevent's dictionaries, loaded once (about a second)."""
    return build_coder()
