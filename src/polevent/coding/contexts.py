"""PLOVER contexts from the words of a sentence, with the cue that gave each one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from polevent.datafiles import data_rows
from polevent.errors import DataFileError

__all__ = ["ContextCue", "find_contexts", "load_context_cues", "parse_context_lines"]

CONTEXTS_FILE = "contexts.tsv"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextCue:
    """A context and the sentence words (lemmas) that cued it."""

    context: str
    cue: str


def parse_context_lines(lines: Iterable[str], *, path: str) -> Mapping[tuple[str, ...], str]:
    """``contexts.tsv`` lines -> {lemma sequence: context}; a bad row raises E301."""
    cues: dict[tuple[str, ...], str] = {}
    for number, (context, lemmas) in data_rows(lines, path=path, columns=("context", "lemmas")):
        if not context.isidentifier() or not lemmas.split():
            raise DataFileError(
                "E301", "expected a context name and lemmas", path=path, line=number
            )
        for lemma in lemmas.split():
            cues[tuple(lemma.lower().split("_"))] = context
    return MappingProxyType(cues)


@cache
def load_context_cues() -> Mapping[tuple[str, ...], str]:
    """The shipped cue table (read once)."""
    text = (resources.files("polevent") / "data" / CONTEXTS_FILE).read_text(encoding="utf-8")
    return parse_context_lines(text.splitlines(), path=CONTEXTS_FILE)


def find_contexts(
    lemmas: Sequence[str], cues: Mapping[tuple[str, ...], str]
) -> tuple[ContextCue, ...]:
    """Contexts cued by ``lemmas`` (lower-case), one per context, in order of first cue."""
    found: dict[str, ContextCue] = {}
    longest = max((len(k) for k in cues), default=1)
    for i in range(len(lemmas)):
        for size in range(longest, 0, -1):
            key = tuple(lemmas[i : i + size])
            context = cues.get(key)
            if context is not None and context not in found:
                found[context] = ContextCue(context=context, cue=" ".join(key))
    return tuple(found.values())
