"""Shared across test packages: the real coder (model + data files), built once per session,
and the ``--update-golden`` option that rewrites golden files after an intended change."""

from __future__ import annotations

import pytest

from polevent.pipeline import Coder, build_coder


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.golden.json from the current output (review the diff)",
    )


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The pinned spaCy model and polevent's dictionaries, loaded once (about a second)."""
    return build_coder()
