"""Paragraph and line breaks as sentence boundaries, set before the parser runs.

News text puts datelines, headlines and paragraphs on lines of their own; the parser, left alone,
glues "Wednesday, January 23, 2019" to the first sentence. A blank line always starts a sentence;
a single line break does when the line before ends like a sentence (hard-wrapped text keeps
flowing).
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMPONENT", "add_paragraph_breaks", "paragraph_starts"]

COMPONENT = "polevent_paragraphs"
SENTENCE_END = (".", "!", "?", '"', "\u201d", ":", ";")


def paragraph_starts(doc: Any) -> list[int]:
    """Indices of tokens that start a new paragraph or line-ending sentence."""
    starts: list[int] = []
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        blank_line = token.text.count("\n") >= 2
        ends_sentence = before is not None and before.text.endswith(SENTENCE_END)
        if blank_line or ends_sentence:
            starts.append(token.i + 1)
    return starts


def _set_starts(doc: Any) -> Any:
    for i in paragraph_starts(doc):
        doc[i].is_sent_start = True
    return doc


def add_paragraph_breaks(nlp: Any) -> None:
    """Add the component to ``nlp`` before its parser (registering the factory once)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_set_starts)
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
