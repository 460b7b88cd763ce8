"""The public package: a sorted, complete ``__all__`` and light imports for store-side modules."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import polevent


def test_all_is_sorted_unique_and_every_name_exists() -> None:
    names = list(polevent.__all__)

    assert names == sorted(names)
    assert len(names) == len(set(names))
    missing = [name for name in names if not hasattr(polevent, name)]
    assert missing == []
    for name in ("code", "events", "open_store", "EventFilter", "EventRecord", "__version__"):
        assert name in names


def test_public_functions_are_the_api_ones() -> None:
    import polevent.api
    import polevent.store

    assert polevent.code is polevent.api.code
    assert polevent.events is polevent.api.events
    assert polevent.open_store is polevent.store.open_store


def _modules_after(statement: str) -> set[str]:
    """The module names loaded by a fresh interpreter after running ``statement``."""
    script = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout))


def test_store_side_modules_do_not_import_spacy() -> None:
    loaded = _modules_after(
        "import polevent.store, polevent.query, polevent.serialize, polevent.records"
    )

    assert {"polevent.store", "polevent.query", "polevent.serialize", "polevent.records"} <= loaded
    heavy = sorted(name for name in loaded if name.split(".")[0] in {"spacy", "thinc"})
    assert heavy == []


def test_import_polevent_defers_the_coding_side() -> None:
    loaded = _modules_after("import polevent")

    assert "polevent.store" in loaded
    assert not {"polevent.api", "polevent.pipeline", "polevent.nlp", "spacy"} & loaded


def test_lazy_names_resolve_on_first_use() -> None:
    loaded = _modules_after("from polevent import code, build_coder")

    assert {"polevent.api", "polevent.pipeline"} <= loaded


def test_the_spacy_check_sees_spacy_when_a_model_is_built() -> None:
    # Control for the checks above: building the pipeline does load spaCy.
    loaded = _modules_after("import polevent\npolevent.build_nlp()")

    assert "spacy" in loaded


def test_dir_and_unknown_names() -> None:
    assert set(polevent.__all__) <= set(dir(polevent))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = polevent.not_a_name
