"""A parsed Doc's text (and its entities of a label), built once per Doc.

spaCy rebuilds ``doc.text`` from every token on each access; the resolvers read it for every
candidate date and every event, so it is kept in ``doc.user_data`` after the first read (a Doc's
text never changes: retokenizing keeps it).
"""

from __future__ import annotations

from typing import Any

__all__ = ["doc_text", "entity_spans"]

_KEY = "polevent.text"
_ENTS = "polevent.ents."


def doc_text(doc: Any) -> str:
    """``doc.text``, computed on the first call for ``doc`` and kept with it."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return str(text)


def entity_spans(doc: Any, label: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, text)`` of each entity labelled ``label`` in ``doc.ents`` (token offsets, in
    order), read on the first call for ``doc`` and label and kept with it: ``doc.ents`` builds a
    ``Span`` for every entity on each access (the pipeline never changes a Doc's entities)."""
    key = _ENTS + label
    found = doc.user_data.get(key)
    if found is None:
        found = tuple((e.start, e.end, str(e.text)) for e in doc.ents if e.label_ == label)
        doc.user_data[key] = found
    return tuple(found)
