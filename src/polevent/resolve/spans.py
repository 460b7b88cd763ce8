"""Token-range helpers for :mod:`polevent.resolve.quotes`: ranges are ``(start, end)`` token
indexes into a spaCy ``Doc`` (end exclusive), turned into character offsets only at the end."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from polevent.resolve.quote_marks import QUOTE_MARKS

__all__ = [
    "EDGE_PUNCT",
    "Range",
    "char_range",
    "consecutive_runs",
    "cut_out",
    "is_quote",
    "longest_run",
    "rest_of_clause",
    "same_line",
    "subtree",
    "trim",
    "within",
]

EDGE_PUNCT = frozenset({",", ";", ":", ".", "-", "\u2014", "\u2013", "(", ")"})

Range = tuple[int, int]


def is_quote(token: Any) -> bool:
    return token.text in QUOTE_MARKS


def trim(doc: Any, start: int, end: int) -> Range | None:
    """Drop spaces, edge punctuation and unbalanced quotation marks from a token range."""
    while start < end:
        if doc[start].is_space or doc[start].text in EDGE_PUNCT:
            start += 1
        elif doc[end - 1].is_space or doc[end - 1].text in EDGE_PUNCT:
            end -= 1
        elif is_quote(doc[start]) and sum(is_quote(t) for t in doc[start:end]) % 2:
            start += 1
        elif is_quote(doc[end - 1]) and sum(is_quote(t) for t in doc[start:end]) % 2:
            end -= 1
        else:
            return start, end
    return None


def subtree(token: Any) -> Range:
    return token.left_edge.i, token.right_edge.i + 1


def consecutive_runs(indexes: Iterable[int]) -> list[list[int]]:
    """Token indexes grouped into runs of consecutive ones, in order."""
    runs: list[list[int]] = []
    for i in sorted(indexes):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def longest_run(indexes: Iterable[int], *, anchor: int | None = None) -> Range | None:
    """The run of consecutive token indexes holding ``anchor``, else the longest one."""
    found = consecutive_runs(indexes)
    if not found:
        return None
    best = next((r for r in found if anchor in r), None) or max(found, key=len)
    return best[0], best[-1] + 1


def same_line(doc: Any, span: Range, anchor: int) -> Range:
    """Cut ``span`` at line breaks, keeping the part nearest token ``anchor``."""
    start, end = span
    for token in doc[span[0] : span[1]]:
        if token.is_space and "\n" in token.text:
            if token.i < anchor:
                start = max(start, token.i + 1)
            else:
                end = min(end, token.i)
    return trim(doc, start, end) or span


def rest_of_clause(doc: Any, head: Any, *, without: Sequence[Range]) -> Range | None:
    """The longest contiguous part of ``head``'s clause outside the ``without`` ranges."""
    left, right = subtree(head)
    run = longest_run(i for i in range(left, right) if not any(a <= i < b for a, b in without))
    return trim(doc, *run) if run else None


def cut_out(doc: Any, span: Range, holes: Sequence[Range]) -> Range | None:
    """``span`` less the ``holes`` that overlap it ("which he said ..." less "he said"):
    the longest part left, trimmed; ``None`` when no hole overlaps or nothing is left."""
    if not any(a < span[1] and span[0] < b for a, b in holes):
        return None
    kept = (i for i in range(*span) if not any(a <= i < b for a, b in holes))
    run = longest_run(kept)
    return trim(doc, *run) if run else None


def char_range(doc: Any, span: Range) -> Range:
    last = doc[span[1] - 1]
    return doc[span[0]].idx, last.idx + len(last.text)


def within(inner: Range, outer: Range) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]
