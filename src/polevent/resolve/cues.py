"""Cues and speakers for :mod:`polevent.resolve.quotes`: the reporting verbs of a parsed Doc with
their speakers (subject, passive agent, or the subject of the verb they hang from), and the cues
that carry their own content (``according to X``, ``in a statement``, ``Name:`` headlines,
embedded tweets). Token ranges are ``(start, end)`` indexes, end exclusive."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from polevent.resolve.spans import (
    Range,
    consecutive_runs,
    is_quote,
    longest_run,
    rest_of_clause,
    subtree,
    trim,
)
from polevent.resolve.speech_cues import SpeechCues

__all__ = [
    "Cue",
    "cue_kind",
    "headline_cues",
    "noun_cues",
    "prep_cues",
    "quoted",
    "speaker_span",
    "subject",
    "tweet_cues",
    "verb_cues",
]

HEADLINE = re.compile(
    "(?:^|[ \t][-\u2014\u2013][ \t])([^\n:]{2,60}?):[ \t\u00a0]+\\S", re.MULTILINE
)
TWEET = re.compile(
    "(?:^|>)[ \t]*(?P<text>[^\n<>]*?\\S)[ \t]+(?P<dash>[\u2014\u2015])[ \t]+"
    "(?P<name>[^\n<>()\u2014\u2015]{1,60}?)[ \t]*\\(@\\w+\\)",
    re.MULTILINE,
)
# A quotation signed after a dash: '"We matter." ― Krystal Correa' (then end of line or a period).
SIGNED = re.compile(
    "(?P<dash>[\u2015\u2014\u2013])[ \t\u00a0]*(?P<name>[A-Z][\\w.'\u2019-]*"
    "(?:[ \t][A-Z][\\w.'\u2019-]*){0,4})[ \t\u00a0]*(?:$|\\.|,)",
    re.MULTILINE,
)
CLOSING_MARKS = frozenset({'"', "\u201d", "\u2019"})
NAME_CONNECTORS = frozenset({"of", "and", "the", "from", "for", "on", "at", "in", "de", "van"})
NOT_SPEAKERS = frozenset(
    {"update", "updated", "note", "editor's note", "editor\u2019s note", "watch", "read", "video"}
    | {"photo", "source", "correction", "related", "warning", "wait", "see", "listen", "also"}
)
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acomp"})
NOMINALS = frozenset({"NOUN", "PROPN", "PRON"})
WEAK_SUBJECT_DEPS = frozenset({"nummod", "npadvmod"})
WHEN = frozenset({"DATE", "TIME"})
CUE_DEPS = frozenset({"aux", "auxpass", "neg"})
NOT_CUE_DEPS = frozenset({"amod", "compound"})
MAX_CLIMB = 3
MAX_HEADLINE_SPEAKER = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    """A cue found in the parse, before its content is chosen: its main ``token`` (a spaCy
    Token) and ``kind``; token ranges (end exclusive) of the ``cue`` words, the ``speaker``
    phrase (``None``: nobody named) and the ``core`` (cue plus an adjacent speaker, which a
    quotation must touch); the speaker's ``head`` token; ``why`` it was found; the
    ``particle`` or preposition of a phrasal cue ("point out", "call for")."""

    token: Any
    kind: str
    cue: Range
    speaker: Range | None
    head: Any
    core: Range
    why: str
    particle: Any = None


# ----------------------------------------------------------------------------- verb cues


def cue_kind(token: Any, cues: SpeechCues) -> tuple[str, Any] | None:
    """The kind of cue ``token`` is (and the particle or preposition that is part of it)."""
    if token.pos_ != "VERB" or token.dep_ in NOT_CUE_DEPS:
        return None
    if token.tag_ == "VBN" and token.dep_ == "acl":
        return None  # "the words said by him": a participle modifying a noun
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.i == token.i + 1):
            kind = cues.verbs.get((lemma, child.lower_))
            if kind is not None:
                return kind, child
    kind = cues.verbs.get((lemma,))
    return (kind, None) if kind is not None else None


def _own_subject(verb: Any) -> tuple[Any, str] | None:
    """``verb``'s own subject, passive agent, or (when the parse found neither) a number or
    noun right before it that the parse did not call a subject ("4 in 10 say")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:  # two when the parse takes a quoted word for one: the nearest is the speaker
        return min(subjects, key=lambda c: abs(c.i - verb.i)), f"subject of {verb.text!r}"
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children]
    for obj in agents:
        if obj.dep_ == "pobj":
            return obj, f"agent of passive {verb.text!r}"
    for child in verb.children:
        if child.dep_ in WEAK_SUBJECT_DEPS and child.i < verb.i and child.ent_type_ not in WHEN:
            return child, f"{child.dep_} before {verb.text!r} (no subject in the parse)"
    return None


def subject(verb: Any, *, depth: int = 0) -> tuple[Any, str] | None:
    """The speaker's head for ``verb`` and how it was found: its own subject, else (for
    "..., adding that", "and said", "began by saying", "likely to say") the subject of the
    verb it hangs from, else (for "a video of Clinton saying") the noun it modifies."""
    own = _own_subject(verb)
    if own is not None or depth >= MAX_CLIMB or verb.head.i == verb.i:
        return own
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in NOMINALS:
        return verb.head, f"noun modified by {verb.text!r}"
    found = subject(verb.head, depth=depth + 1) if verb.dep_ in INHERIT_DEPS else None
    if found is None:
        return None
    return found[0], f"{found[1]}, shared by {verb.dep_} {verb.text!r}"


def speaker_span(doc: Any, head: Any, *, cue: Any = None) -> Range:
    """The noun phrase headed by ``head``, without the cue's own clause ("calls saying ...")."""
    left, right = subtree(head)
    skip = subtree(cue) if cue is not None and left <= cue.i < right else (right, right)
    kept = (i for i in range(left, right) if not skip[0] <= i < skip[1])
    run = longest_run(kept, anchor=head.i)
    return (trim(doc, *run) if run else None) or (head.i, head.i + 1)


def _unquoted_speaker(
    doc: Any, speaker: Range, regions: Sequence[Range], cue: Any
) -> tuple[Range, Any] | None:
    """A subject parsed across a quotation (``"Good reporter," Trump, the frontrunner, said``):
    the words outside the quotation next to the cue, and their head."""
    kept = [i for i in range(*speaker) if not quoted(doc[i], regions) and not is_quote(doc[i])]
    before = [r for r in consecutive_runs(kept) if r[-1] < cue.i]
    span = trim(doc, before[-1][0], before[-1][-1] + 1) if before else None
    if span is None:
        return None
    head = next(
        t for t in doc[span[0] : span[1]] if not span[0] <= t.head.i < span[1] or t.head == t
    )
    return span, head


def _verb_cue(doc: Any, token: Any, kind: str, particle: Any, regions: Sequence[Range]) -> Cue:
    """The cue words (with auxiliaries, negation and particle: "has not said", "pointed out")
    and the speaker of the cue verb ``token``."""
    around = [c.i for c in token.children if c.dep_ in CUE_DEPS and c.i < token.i]
    after = [c.i for c in token.children if c.dep_ == "prt"] + ([particle.i] if particle else [])
    cue = (min([token.i, *around]), max([token.i, *after]) + 1)
    why = f"{kind} cue {doc[cue[0] : cue[1]].text!r}"
    base = Cue(
        token=token,
        kind=kind,
        cue=cue,
        speaker=None,
        head=None,
        core=cue,
        why=why,
        particle=particle,
    )
    found_subject = subject(token)
    if found_subject is None:
        return replace(base, why=f"{why}; no speaker")
    head, how = found_subject
    speaker = speaker_span(doc, head, cue=token)
    if any(quoted(t, regions) for t in doc[speaker[0] : speaker[1]]):
        outside = _unquoted_speaker(doc, speaker, regions, token)
        if outside is None:
            return replace(base, why=f"{why}; speaker quoted")
        (speaker, head), how = outside, f"{how}, outside the quotation"
    between = doc[speaker[1] : cue[0]]
    direct_child = head.head.i == token.i or all(t.is_punct or t.is_space for t in between)
    core = (min(cue[0], speaker[0]), max(cue[1], speaker[1])) if direct_child else cue
    return replace(base, speaker=speaker, head=head, core=core, why=f"{why}; speaker = {how}")


def _own_content(
    token: Any, cue: Range, speaker: Range, head: Any, why: str, *, core: Range | None = None
) -> Cue:
    """A speech cue that brings its own content (according to, in a statement, headlines)."""
    return Cue(
        token=token, kind="speech", cue=cue, speaker=speaker, head=head, core=core or cue, why=why
    )


def quoted(token: Any, regions: Sequence[Range]) -> bool:
    """Inside a quotation: words the speaker of that quotation says, not a cue of our own."""
    return any(start < token.idx < end for start, end in regions)


def verb_cues(doc: Any, cues: SpeechCues, regions: Sequence[Range]) -> list[Cue]:
    """Every cue verb of ``doc`` outside the quotations ``regions`` (character ranges), with
    its speaker."""
    found = []
    for token in doc:
        if quoted(token, regions):
            continue
        kind = cue_kind(token, cues)
        if kind is not None:
            found.append(_verb_cue(doc, token, *kind, regions))
    return found


def _clause_head(token: Any) -> Any:
    """The verb of the clause ``token`` hangs from (climbing through noun phrases)."""
    head = token.head
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head
    return head


def prep_cues(doc: Any, cues: SpeechCues) -> list[tuple[Cue, Range]]:
    """``according to X, ...``: (cue, content) pairs."""
    found = []
    lowers = [t.lower_ for t in doc]
    for phrase in cues.preps:
        for i in range(len(lowers)):
            if tuple(lowers[i : i + len(phrase)]) != phrase:
                continue
            first = doc[i]
            cue = (first.i, first.i + len(phrase))
            obj = next((c for c in doc[cue[1] - 1].children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            speaker = speaker_span(doc, obj)
            without = [subtree(first), cue, speaker]
            content = rest_of_clause(doc, _clause_head(first), without=without)
            if content is not None:
                why = f"speech cue {' '.join(phrase)!r}; speaker = its object {obj.text!r}"
                found.append((_own_content(first, cue, speaker, obj, why), content))
    return found


def noun_cues(doc: Any, cues: SpeechCues) -> list[tuple[Cue, Range]]:
    """``In a statement, the ministry condemned ...``: (cue, content) pairs."""
    found = []
    for prep in doc:
        if prep.lower_ != "in" or prep.dep_ != "prep" or cue_kind(prep.head, cues):
            continue
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if noun is None or noun.lemma_.lower() not in cues.nouns:
            continue
        found_subject = subject(prep.head)
        if found_subject is None or prep.head.pos_ not in {"VERB", "AUX"}:
            continue
        speaker = speaker_span(doc, found_subject[0])
        cue = trim(doc, *subtree(prep)) or (prep.i, noun.i + 1)
        content = rest_of_clause(doc, prep.head, without=[cue, speaker])
        if content is not None:
            why = f"speech cue noun {noun.text!r}; speaker = {found_subject[1]}"
            head = found_subject[0]
            found.append((_own_content(prep, cue, speaker, head, why), content))
    return found


def _name_like(name: Any) -> bool:
    """A short title-case name ("John McCain", "Mark Blumenthal and Jon Cohen", "TAPPER"), not
    a label ("Update", "Watch"). Headline tags are unreliable, so this goes by the letters."""
    words = [t for t in name if t.is_alpha]
    if not words or not words[0].text[:1].isupper() or name.text.lower() in NOT_SPEAKERS:
        return False
    return all(t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS for t in words)


def headline_cues(doc: Any, text: str) -> list[tuple[Cue, Range]]:
    """``John McCain: Populist Anger Appeals to ...``: a short name before a colon at the start
    of a line (or after a dash); the rest of the line is the content."""
    found = []
    for match in HEADLINE.finditer(text):
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
        colon = doc.char_span(match.end(1), match.end(1) + 1)
        if name is None or colon is None or not 0 < len(name) <= MAX_HEADLINE_SPEAKER:
            continue
        line_end = text.find("\n", colon.end_char)
        last = doc.char_span(
            colon.end_char, len(text) if line_end < 0 else line_end, alignment_mode="expand"
        )
        content = trim(doc, colon.end, last.end) if last is not None else None
        if content is not None and _name_like(name):
            why = f"speech cue ':' after a name at the start of a line; speaker = {name.text!r}"
            cue = (colon.start, colon.end)
            speaker = (name.start, name.end)
            core = (name.start, colon.end)
            found.append((_own_content(colon[0], cue, speaker, name.root, why, core=core), content))
    return found


def signed_cues(doc: Any, text: str) -> list[tuple[Cue, Range]]:
    """A quotation signed after a dash, ``"..." ― Sonya Herridge``: the name is the speaker,
    the dash the cue, the quotation just before it the content."""
    found = []
    for match in SIGNED.finditer(text):
        before = text[: match.start("dash")].rstrip(" \t\u00a0")
        opening = _opening_mark(before)
        cue = doc.char_span(*match.span("dash"), alignment_mode="expand")
        name = doc.char_span(*match.span("name"), alignment_mode="contract")
        if opening is None or cue is None or name is None or not _name_like(name):
            continue
        content = doc.char_span(opening, len(before), alignment_mode="expand")
        if content is None or not len(content):
            continue
        why = f"speech cue: a quotation signed {name.text!r} after a dash"
        found.append(_signed(cue, name, content, why))
    return found


def _signed(cue: Any, name: Any, content: Any, why: str) -> tuple[Cue, Range]:
    """A signature cue (spans ``cue``, ``name``, ``content``): the name speaks the content."""
    speaker = (name.start, name.end)
    own = _own_content(cue[0], (cue.start, cue.end), speaker, name.root, why)
    return own, (content.start, content.end)


def _opening_mark(before: str) -> int | None:
    """Where the quotation that ``before`` ends with opens (on the same line), if it ends
    with a closing quotation mark."""
    if not before or before[-1] not in CLOSING_MARKS:
        return None
    line_start = before.rfind("\n") + 1
    for mark in ("\u201c", '"'):
        opening = before.rfind(mark, line_start, len(before) - 1)
        if opening >= 0:
            return opening
    return None


def tweet_cues(doc: Any, text: str) -> list[tuple[Cue, Range]]:
    """An embedded tweet, ``text — Name (@handle) June 29, 2016``: the name is the speaker,
    the dash the cue, the text before it (on that line) the content."""
    found = []
    for match in TWEET.finditer(text):
        content = doc.char_span(*match.span("text"), alignment_mode="contract")
        cue = doc.char_span(*match.span("dash"), alignment_mode="expand")
        name = doc.char_span(*match.span("name"), alignment_mode="contract")
        if content is None or cue is None or name is None or not len(content):
            continue
        why = f"speech cue: an embedded tweet signed {name.text!r}"
        found.append(_signed(cue, name, content, why))
    return found
