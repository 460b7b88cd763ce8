"""store/, query/, dedup/ and serialize never import spaCy, directly or through polevent modules."""

from __future__ import annotations

import ast
from pathlib import Path

import polevent.records

SRC = Path(polevent.records.__file__).parent
OWN = [path for p in ("store", "query", "dedup") for path in sorted((SRC / p).glob("*.py"))]
ALLOWED = ("polevent.errors", "polevent.records", "polevent.serialize", "polevent.ids")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_spacy_and_only_light_polevent_modules() -> None:
    assert len(OWN) >= 14
    for path in [*OWN, SRC / "serialize.py", *(SRC / f"{m}.py" for m in ("records", "errors"))]:
        for name in _imports(path):
            assert not name.startswith(("spacy", "thinc")), f"{path.name} imports {name}"
            if name.startswith("polevent"):
                own = ("polevent.store", "polevent.query", "polevent.dedup")
                ok = name.startswith(own) or name in ALLOWED
                assert ok, f"{path.name} imports {name}"
