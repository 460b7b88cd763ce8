"""Long articles are parsed in paragraph-aligned pieces; offsets still point into the article."""

from __future__ import annotations

from dataclasses import replace

from polevent.ids import article_id
from polevent.pipeline import Coder, chunks, code_article
from polevent.records import Article

PARAGRAPH = (
    "Indian Prime Minister Narendra Modi held a phone call with Pakistani Prime Minister "
    "Shehbaz Sharif on Monday.\n\nThe weather along the border was mild.\n\n"
)


def test_chunks_cut_at_paragraphs_and_cover_the_text() -> None:
    text = PARAGRAPH * 3
    pieces = chunks(text, limit=150)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 150 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


def test_a_hard_cut_when_a_line_is_longer_than_the_limit() -> None:
    assert chunks("x" * 25, limit=10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]


def test_long_article_offsets_point_into_the_article(coder: Coder) -> None:
    text = PARAGRAPH * 4
    article = Article(
        id=article_id(text=text, url=None),
        title="",
        text=text,
        published_at=None,
        url=None,
        source="t",
    )
    small = replace(coder, settings=replace(coder.settings, chunk_chars=200))
    events = code_article(article, small)
    calls = [e for e in events if e.cameo_code == "041"]
    assert len(calls) == 8  # four calls, each coded both ways
    for event in events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        for actor in (*event.source, *event.target):
            assert text[actor.start : actor.end] == actor.text
    assert len({e.sentence_index for e in calls}) == 4
    assert events == code_article(article, small)  # same ids and order on a re-run
