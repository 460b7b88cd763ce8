"""A parsed Doc's text, built once per Doc.

spaCy rebuilds ``doc.text`` from every token on each access; the resolvers read it for every
candidate date and every event, so it is kept in ``doc.user_data`` after the first read (a Doc's
text never changes: retokenizing keeps it).
"""

from __future__ import annotations

from typing import Any

__all__ = ["doc_text"]

_KEY = "polevent.text"


def doc_text(doc: Any) -> str:
    """``doc.text``, computed on the first call for ``doc`` and kept with it."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return str(text)
