"""Paragraph breaks start sentences; hard-wrapped lines do not."""

from __future__ import annotations

import spacy

from polevent.nlp.paragraphs import paragraph_starts


def _starts(text: str) -> list[str]:
    doc = spacy.blank("en")(text)
    return [doc[i].text for i in paragraph_starts(doc)]


def test_dateline_and_paragraphs_start_sentences() -> None:
    text = "Friday, January 4, 2019 \n\n\nAn apartment collapsed.\nRescuers came.\nThe end"
    assert _starts(text) == ["An", "Rescuers", "The"]


def test_hard_wrapped_line_keeps_flowing() -> None:
    assert _starts("The minister said the talks\nwould resume on Monday.") == []


def test_blank_pipeline_gets_component_before_parser() -> None:
    from polevent.nlp.paragraphs import COMPONENT, add_paragraph_breaks

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("parser")
    add_paragraph_breaks(nlp)
    add_paragraph_breaks(nlp)
    assert nlp.pipe_names == ["sentencizer", COMPONENT, "parser"]
