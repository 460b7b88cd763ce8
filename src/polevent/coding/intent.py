"""Acts announced for the future are coded as the intent to do them (CAMEO 03x and 13x)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from polevent.datafiles import data_rows
from polevent.errors import DataFileError

__all__ = ["intent_code", "load_intent_codes", "parse_intent_lines"]

INTENT_FILE = "intent_codes.tsv"
COLUMNS = ("act", "intent", "description")


def parse_intent_lines(lines: Iterable[str], *, path: str) -> Mapping[str, str]:
    """``intent_codes.tsv`` lines -> {act code or prefix: intent code}; bad rows raise E301."""
    table: dict[str, str] = {}
    for number, (act, intent, description) in data_rows(lines, path=path, columns=COLUMNS):
        if not (act.isdigit() and intent.isdigit() and description):
            raise DataFileError(
                "E301", "act and intent must be CAMEO codes", path=path, line=number
            )
        table[act] = intent
    return MappingProxyType(table)


@cache
def load_intent_codes() -> Mapping[str, str]:
    """The shipped table (read once)."""
    text = (resources.files("polevent") / "data" / INTENT_FILE).read_text(encoding="utf-8")
    return parse_intent_lines(text.splitlines(), path=INTENT_FILE)


def intent_code(code: str, table: Mapping[str, str]) -> str | None:
    """The intent code for an act ``code`` (longest listed prefix), or ``None``."""
    for size in range(len(code), 1, -1):
        intent = table.get(code[:size])
        if intent is not None:
            return intent
    return None
