"""Property: article ids do not change when only whitespace or line endings change."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from polevent.ingest.decode import normalise_text
from polevent.ingest.jsonl import iter_jsonl_bytes
from polevent.ingest.text import article_from_text
from polevent.records import Article

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzAZ0123456789.,'-é", min_size=1, max_size=8),
    min_size=1,
    max_size=20,
)
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\r", " \n ", "\u00a0"])
PADDING = st.sampled_from(["", " ", "\n", "\r\n", "\t \n"])


def spaced(words: list[str], separators: list[str]) -> str:
    parts = [words[0]]
    for index, word in enumerate(words[1:]):
        parts.append(separators[index % len(separators)] + word)
    return "".join(parts)


@given(
    words=WORDS,
    separators=st.lists(SEPARATORS, min_size=1, max_size=5),
    lead=PADDING,
    trail=PADDING,
)
def test_text_file_id_is_whitespace_stable(
    words: list[str], separators: list[str], lead: str, trail: str
) -> None:
    plain = article_from_text(" ".join(words), source="a", published=None)
    messy_text = normalise_text(lead + spaced(words, separators) + trail)
    messy = article_from_text(messy_text, source="b", published=None)
    assert messy.id == plain.id
    assert len(plain.id) == 16


@given(words=WORDS, separators=st.lists(SEPARATORS, min_size=1, max_size=5), crlf=st.booleans())
def test_jsonl_id_is_whitespace_stable(words: list[str], separators: list[str], crlf: bool) -> None:
    url = "https://example.org/x"
    ending = b"\r\n" if crlf else b"\n"
    lines = [
        json.dumps({"text": " ".join(words), "url": url}).encode(),
        json.dumps({"text": spaced(words, separators) + " ", "url": f" {url} "}).encode(),
    ]
    items = list(iter_jsonl_bytes(ending.join(lines), path="mem", published=None))
    assert len(items) == 2
    first, second = items
    assert isinstance(first, Article)
    assert isinstance(second, Article)
    assert first.id == second.id


@given(words=WORDS)
def test_different_words_give_different_ids(words: list[str]) -> None:
    base = article_from_text(" ".join(words), source="a", published=None)
    changed = article_from_text(" ".join([*words, "extra"]), source="a", published=None)
    assert base.id != changed.id
