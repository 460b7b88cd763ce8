"""Where the quotations are: pairing quotation marks in raw text (no parse needed)."""

from __future__ import annotations

import re

__all__ = ["QUOTE_MARKS", "quote_regions"]

QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``", "\u201e"})
OPENERS = frozenset({"\u201c", "``", "\u201e"})
CLOSERS = frozenset({"\u201d"})
MARK = re.compile("\u201c|\u201d|\u201e|''|``|\"")
OPEN_AFTER = "([{\u2014\u2013-/"


def _opens(text: str, start: int, end: int) -> bool | None:
    """Whether a mark at ``start:end`` opens (True), closes (False) or is a stray (None):
    curly marks say so themselves, straight ``"`` and ``''`` by the characters around them."""
    mark = text[start:end]
    if mark in OPENERS or mark in CLOSERS:
        return mark in OPENERS
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    open_side = before.isspace() or before in OPEN_AFTER
    if open_side and not after.isspace():
        return True
    if not open_side:
        return False
    return None


def _close_at_break(
    text: str, opened: int, limit: int, regions: list[tuple[int, int]], *, at_end: bool = False
) -> None:
    """Close a quotation opened at ``opened`` at the first line break before ``limit`` (at
    ``limit`` itself when ``at_end``); with no break in between it was a stray mark."""
    cut = text.find("\n", opened, limit)
    if cut == -1:
        if not at_end:
            return
        cut = limit
    end = opened + len(text[opened:cut].rstrip())
    if end > opened + 1:
        regions.append((opened, end))


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quotations in ``text``, marks included, in text order.

    A quotation left open at a paragraph end is closed there (news copy opens each paragraph
    of a long quotation again and closes only the last); an opening mark with no closing one
    and no line break before the next opening mark is ignored.
    """
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for match in MARK.finditer(text):
        opens = _opens(text, match.start(), match.end())
        if opens is None:
            continue
        if opens:
            if opened is not None:
                _close_at_break(text, opened, match.start(), regions)
            opened = match.start()
        elif opened is not None:
            regions.append((opened, match.end()))
            opened = None
    if opened is not None:
        _close_at_break(text, opened, len(text), regions, at_end=True)
    return regions
