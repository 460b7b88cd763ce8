"""Fixtures for coding tests: a tiny verb lexicon (see ``docbuilders``)."""

from __future__ import annotations

import pytest
from docbuilders import small_lexicon

from polevent.coding.events import VerbLexicon


@pytest.fixture
def lexicon() -> VerbLexicon:
    return small_lexicon()
