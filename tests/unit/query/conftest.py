"""The store fixtures of tests/unit/store (``store`` on SQLite and PostgreSQL, ``new_article``,
``new_event``), reused here so query tests run on both backends."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_STORE_TESTS = Path(__file__).resolve().parents[1] / "store"
if str(_STORE_TESTS) not in sys.path:
    sys.path.insert(0, str(_STORE_TESTS))  # for ``store_backends``

_spec = importlib.util.spec_from_file_location("_store_conftest", _STORE_TESTS / "conftest.py")
assert _spec is not None and _spec.loader is not None
_store_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store_conftest)

backend = _store_conftest.backend
new_article = _store_conftest.new_article
new_event = _store_conftest.new_event
pg_url = _store_conftest.pg_url
store = _store_conftest.store
make_article = _store_conftest.make_article
make_event = _store_conftest.make_event
