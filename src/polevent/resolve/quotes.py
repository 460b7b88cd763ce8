"""Statements and who made them: quotations, reported speech and their speakers in a parsed Doc.

The pure core is :func:`find_quotes` (a parsed spaCy ``Doc`` in, :class:`Quote` records out,
every offset a character offset into ``doc.text``). Its cues come from ``data/speech_cues.tsv``
(:mod:`polevent.resolve.speech_cues`):

* **verbs** ("say", "tell", "point out", "call for"): the verb's subject (or passive agent, or
  the subject of the verb it hangs from: "..., adding that") is the speaker. The content is the
  quotation its clause is attached to (``"...," X said``, ``X said: "..."``, ``"...", said X``,
  quotations over several sentences), else its clausal complement (``X said (that) ...``), else
  the clause it interrupts (``..., X said``), else what follows its colon (``X wrote on
  Twitter: ...``), else its object (``X announced his candidacy``);
* **prepositions** ("according to"): the object is the speaker, the rest of the clause the content;
* **nouns** ("in a statement"): the clause's subject is the speaker, the rest of it the content
  (only when the clause's verb is not itself a cue verb: then the verb is the cue);
* **headlines** ``Name: words`` (a short name before a colon at the start of a line) and
  **embedded tweets** ``text — Name (@handle) date``.

Cue words inside a quotation are the quoted speaker's words, not cues. A quotation nobody is
cued for that follows a statement in the same paragraph ("...," he said. "More.") continues it:
same speaker and cue. A statement whose cue lies inside another statement's content ("He said
voters think ...") is left out unless ``nested=True``. Each quote has a ``kind`` from the
lexicon: ``speech`` (say, tell), ``belief`` (think), ``evidence`` (a poll shows), ``stance``
(criticize, call for). :func:`attach_speakers` codes the speaker phrases to actors with the
article's :class:`~polevent.coding.actors.ActorCoder`; :func:`quotes_for_cue` finds the quotes
an event trigger reports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from polevent.coding.actors import ActorCoder
from polevent.nlp.text import doc_text
from polevent.records import ActorRef
from polevent.resolve.cues import (
    Cue,
    headline_cues,
    noun_cues,
    prep_cues,
    signed_cues,
    tweet_cues,
    verb_cues,
)
from polevent.resolve.quote_marks import QUOTE_MARKS, quote_regions
from polevent.resolve.spans import (
    Range,
    char_range,
    cut_out,
    same_line,
    subtree,
    trim,
    within,
)
from polevent.resolve.speech_cues import SpeechCues, load_speech_cues

__all__ = ["QUOTE_KINDS", "Quote", "attach_speakers", "find_quotes", "quotes_for_cue"]

QUOTE_KINDS = ("speech", "belief", "evidence", "stance")
BEFORE_GAP = re.compile("[ \t\u00a0,;\u2014\u2013-]*")
SENTENCE_ENDS = frozenset("\n.?!:;\u201d\"'\u2014")
QUOTE_MARK_CHARS = frozenset("".join(QUOTE_MARKS))
DIRECT_OPENERS = ('"', "\u201c", "\u201e", "''", "``", "'", "\u2018")
COMPLEMENT_DEPS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "attr"})
THAT_WINDOW = 12  # words after a cue in which a misattached 'that' clause still counts


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """One statement: who (``speaker_*``, ``None`` when the text names nobody), the cue that
    reports it (``cue_*``) and what was said (``content_*``), as character offsets into the
    text of the Doc it was found in.

    ``direct`` is true when the content is a quotation (it starts with a quotation mark);
    ``kind`` is the cue's kind (``speech``, ``belief``, ``evidence``, ``stance``);
    ``speaker_head`` is the token index of the speaker phrase's head in that Doc;
    ``sentence_index`` the index of the cue's sentence; ``reason`` says which rule found it.
    """

    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    speaker_head: int | None
    cue_start: int
    cue_end: int
    cue_text: str
    content_start: int
    content_end: int
    content_text: str
    direct: bool
    kind: str
    sentence_index: int
    reason: str


# ----------------------------------------------------------------------------- direct quotes


def _clause_chars(doc: Any, head: Any, *, before: int | None = None) -> Range | None:
    """Character range of ``head``'s subtree (up to token ``before``), edges trimmed."""
    left, right = subtree(head)
    span = trim(doc, left, right if before is None else min(right, before))
    return char_range(doc, span) if span is not None else None


def _starts_sentence(text: str, start: int) -> bool:
    """A full quotation, not a scare-quoted phrase: nothing but a sentence end before it."""
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in SENTENCE_ENDS


def _ends_sentence(quotation: str) -> bool:
    """``"We will try again." She agreed.``: a full stop before the closing mark ends the
    sentence, so the next words are not its cue (``?`` and ``!`` do not: ``"Why?" he asked``)."""
    return quotation.rstrip("".join(QUOTE_MARK_CHARS) + " ").endswith(".")


def _tokens_between(doc: Any, start: int, end: int) -> list[Any]:
    """The tokens that start in the characters ``start:end``."""
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _opens_after(doc: Any, text: str, cue: Cue, start: int, end: int) -> bool:
    """``X said on Friday: "..."``: only the cue's own words, then ``:`` or ``,`` (a colon
    may end its paragraph)."""
    gap = text[start:end]
    if not gap.rstrip().endswith((":", ",")):
        return False
    if "\n" in gap and not gap.rstrip().endswith(":"):
        return False
    tokens = [t for t in _tokens_between(doc, start, end) if not t.is_space]
    clause = {t.i for t in cue.token.subtree}
    return all(t.i in clause or t.is_punct for t in tokens)


def _region_candidates(
    doc: Any, text: str, cue: Cue, regions: Sequence[Range]
) -> list[tuple[int, int, int, str]]:
    """(priority, distance, region index, how) for each quotation ``cue`` may report: the
    quotation holding its whole complement, else (when it has no complement of its own outside
    quotations) a full quotation just before its clause or after its colon or comma."""
    core_start, core_end = char_range(doc, cue.core)
    clauses = [_clause_chars(doc, c) for c in cue.token.children if c.dep_ == "ccomp"]
    if cue.token.dep_ == "parataxis":
        clauses.append(_clause_chars(doc, cue.token.head, before=cue.core[0]))
    objects = [_clause_chars(doc, c) for c in cue.token.children if c.dep_ == "dobj"]
    free = [c for c in clauses if c is not None and not any(within(c, r) for r in regions)]
    found = []
    for n, region in enumerate(regions):
        if region[0] <= cue.token.idx < region[1]:
            continue  # a cue inside a quotation does not report that quotation
        if any(c is not None and within(c, region) for c in (*clauses, *objects)):
            found.append((0, abs(region[0] - core_start), n, "the quotation its clause governs"))
        elif free:
            continue
        elif region[1] <= core_start and _starts_sentence(text, region[0]):
            if BEFORE_GAP.fullmatch(text[region[1] : core_start]) and not _ends_sentence(
                text[region[0] : region[1]]
            ):
                found.append((1, core_start - region[1], n, "the quotation just before it"))
        elif region[0] >= core_end and _opens_after(doc, text, cue, core_end, region[0]):
            found.append((2, region[0] - core_end, n, "the quotation after its colon or comma"))
    return found


def _assign_regions(
    doc: Any, text: str, cues: Sequence[Cue], regions: Sequence[Range]
) -> dict[int, tuple[int, str]]:
    """cue index -> (region index, how): best candidates first, each region reported once."""
    options = [
        (priority, distance, n, region, how)
        for n, cue in enumerate(cues)
        for priority, distance, region, how in _region_candidates(doc, text, cue, regions)
    ]
    taken: dict[int, tuple[int, str]] = {}
    used: set[int] = set()
    for _, _, n, region, how in sorted(options):
        if n not in taken and region not in used:
            taken[n] = (region, how)
            used.add(region)
    return taken


# ----------------------------------------------------------------------------- reported speech


def _colon_after(doc: Any, cue: Cue) -> Any:
    """The colon that ends the cue's clause (``X wrote on Twitter: ...``), if any."""
    clause = {t.i for t in cue.token.subtree}
    for token in doc[cue.core[1] : cue.token.sent.end]:
        if token.text == ":":
            return token
        if token.i not in clause and not token.is_punct:
            return None
    return None


def _complement(doc: Any, cue: Cue) -> tuple[Range, str] | None:
    """The object of a cue with no clause: ``called for a ban``, ``announced his candidacy``,
    ``vowed to fight`` (a lone pronoun, as in "said so", is no content)."""
    if cue.particle is not None and cue.particle.dep_ == "prep":
        span = trim(doc, cue.particle.i + 1, cue.particle.right_edge.i + 1)
        return (span, f"content = object of {cue.particle.text!r}") if span else None
    after = [c for c in cue.token.children if c.dep_ in COMPLEMENT_DEPS and c.i > cue.cue[1] - 1]
    if not after or (len(after) == 1 and after[0].pos_ in {"PRON", "DET", "ADV"}):
        return None
    span = trim(doc, after[0].left_edge.i, after[-1].right_edge.i + 1)
    return (span, f"content = its object {after[0].text!r}") if span else None


def _that_clause(cue: Cue) -> Any:
    """ "said on Friday during a news conference that he may wait": a 'that' clause the parser
    attached to a noun after the cue (as a relative clause) instead of to the cue; the 'that'
    token, when it comes within a few words of the cue inside the cue's own clause."""
    clause = {t.i for t in cue.token.subtree}
    end = min(cue.core[1] + THAT_WINDOW, cue.token.sent.end)
    for token in cue.token.doc[cue.core[1] : end]:
        if token.i not in clause:
            return None
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.dep_ == "relcl":
            return token
    return None


def _indirect(doc: Any, cue: Cue) -> tuple[Range, str] | None:
    """Content of a cue with no quotation: its clausal complement, the clause it interrupts,
    what follows its colon, or its object."""
    token = cue.token
    for child in token.children:
        if child.dep_ == "ccomp":
            span = trim(doc, *subtree(child))
            if span is not None:
                return span, f"content = clausal complement {child.text!r}"
    misplaced = _that_clause(cue)
    if misplaced is not None:
        span = trim(doc, misplaced.i, misplaced.head.right_edge.i + 1)
        if span is not None:
            return span, "content = the 'that' clause the parser hung further down"
    if token.dep_ == "parataxis" and token.head.i < cue.core[0]:
        span = trim(doc, token.head.left_edge.i, cue.core[0])
        if span is not None:
            return span, f"content = the clause of {token.head.text!r} before the cue"
    if token.dep_ == "parataxis" and token.head.i >= cue.core[1]:
        # "The latest test, North Korea said, was its biggest yet": the cue interrupts the
        # clause it reports; the content is that clause without the speaker and cue
        span = trim(doc, token.head.left_edge.i, token.head.right_edge.i + 1)
        if span is not None:
            return span, f"content = the clause of {token.head.text!r} the cue interrupts"
    colon = _colon_after(doc, cue)
    if colon is not None:
        span = trim(doc, colon.i + 1, token.sent.end)
        if span is not None:
            return span, "content = what follows the colon"
    return _complement(doc, cue)


# ----------------------------------------------------------------------------- assembling


def _quote(
    doc: Any, text: str, cue: Cue, content: Range, *, chars: bool, why: str, sent: int
) -> Quote:
    """Build a Quote; ``content`` is a token range, or a character range when ``chars``."""
    anchor = cue.cue[0]
    if not chars and cue.speaker is not None:
        content = cut_out(doc, content, [cue.speaker, cue.cue]) or content
    start, end = content if chars else char_range(doc, same_line(doc, content, anchor))
    speaker = None
    if cue.speaker is not None:
        speaker = char_range(doc, same_line(doc, cue.speaker, anchor))
    if speaker is not None and speaker[0] < end and start < speaker[1]:
        speaker, cue = None, replace(cue, head=None, why=f"{cue.why} (inside the content: dropped)")
    cue_start, cue_end = char_range(doc, cue.cue)
    content_text = text[start:end]
    return Quote(
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_text=text[speaker[0] : speaker[1]] if speaker else None,
        speaker_head=cue.head.i if cue.head is not None else None,
        cue_start=cue_start,
        cue_end=cue_end,
        cue_text=text[cue_start:cue_end],
        content_start=start,
        content_end=end,
        content_text=content_text,
        direct=content_text.startswith(DIRECT_OPENERS),
        kind=cue.kind,
        sentence_index=sent,
        reason=f"{cue.why}; {why}",
    )


def _continues(doc: Any, text: str, last: Quote, region: Range, cue_starts: set[int]) -> bool:
    """Whether a quotation at ``region`` continues ``last``: same paragraph, no other cue in
    between, and nothing between but the rest of the sentence of ``last``'s cue."""
    gap_start = max(last.cue_end, last.content_end)
    if "\n" in text[gap_start : region[0]]:
        return False
    if any(gap_start <= c < region[0] for c in cue_starts):
        return False
    cue_sentence = doc.char_span(last.cue_start, last.cue_end, alignment_mode="expand").sent
    gap = [t for t in _tokens_between(doc, gap_start, region[0]) if not (t.is_punct or t.is_space)]
    return all(t.sent.start == cue_sentence.start for t in gap)


def _continuations(
    doc: Any, text: str, quotes: list[Quote], regions: Sequence[Range], used: set[int]
) -> list[Quote]:
    """Unreported quotations right after a statement continue it: same speaker and cue."""
    added: list[Quote] = []
    cue_starts = {q.cue_start for q in quotes}
    for n, region in enumerate(regions):
        earlier = [q for q in (*quotes, *added) if max(q.cue_end, q.content_end) <= region[0]]
        if n in used or not earlier:
            continue
        last = max(earlier, key=lambda q: max(q.cue_end, q.content_end))
        if last.kind == "speech" and _continues(doc, text, last, region, cue_starts):
            why = "content = a quotation continuing the statement before it"
            added.append(
                replace(
                    last,
                    content_start=region[0],
                    content_end=region[1],
                    content_text=text[region[0] : region[1]],
                    direct=True,
                    reason=f"{last.reason.split('; content')[0]}; {why}",
                )
            )
    return added


def find_quotes(doc: Any, *, cues: SpeechCues | None = None, nested: bool = False) -> list[Quote]:
    """Every statement in a parsed ``doc``: speaker, cue and content, in order of the cue.
    Statements reported inside another one's content are left out unless ``nested``."""
    cues = cues or load_speech_cues()
    starts = [sent.start for sent in doc.sents]

    def sentence(token: Any) -> int:
        return bisect.bisect_right(starts, token.i) - 1

    text = doc_text(doc)
    regions = quote_regions(text)
    verbs = verb_cues(doc, cues, regions)
    taken = _assign_regions(doc, text, verbs, regions)
    quotes: list[Quote] = []
    for n, cue in enumerate(verbs):
        index = sentence(cue.token)
        if n in taken:
            region, how = taken[n]
            why = f"content = {how}"
            quotes.append(_quote(doc, text, cue, regions[region], chars=True, why=why, sent=index))
            continue
        found = _indirect(doc, cue)
        if found is not None:
            quotes.append(_quote(doc, text, cue, found[0], chars=False, why=found[1], sent=index))
    others = (
        (prep_cues(doc, cues), "content = the rest of its clause"),
        (noun_cues(doc, cues), "content = the rest of its clause"),
        (headline_cues(doc, text), "content = the rest of the line"),
        (tweet_cues(doc, text), "content = the tweet's text"),
        (signed_cues(doc, text), "content = the quotation before the signature"),
    )
    for found_cues, why in others:
        for cue, content in found_cues:
            at = sentence(cue.token)
            quotes.append(_quote(doc, text, cue, content, chars=False, why=why, sent=at))
    used = {region for region, _ in taken.values()}
    quotes += _continuations(doc, text, quotes, regions, used)
    if not nested:
        quotes = _outermost(quotes)
    return sorted(quotes, key=lambda q: (q.cue_start, q.content_start))


def _outermost(quotes: Sequence[Quote]) -> list[Quote]:
    """Drop statements whose cue lies inside another statement's content (``He said voters
    think ...``: what voters think is part of what he said)."""
    return [
        quote
        for quote in quotes
        if not any(
            other.content_start <= quote.cue_start < other.content_end
            and (other.cue_start, other.cue_end) != (quote.cue_start, quote.cue_end)
            for other in quotes
        )
    ]


def attach_speakers(
    quotes: Sequence[Quote], coder: ActorCoder, *, doc: Any
) -> list[tuple[Quote, ActorRef | None]]:
    """Each quote with its speaker coded to an actor (``None`` when there is no speaker or the
    dictionaries know nothing of it). ``doc`` is the Doc the quotes were found in; call
    ``coder.observe(doc)`` first so that "he" and "she" find the last person named."""
    return [
        (quote, coder.resolve(doc[quote.speaker_head]) if quote.speaker_head is not None else None)
        for quote in quotes
    ]


def quotes_for_cue(quotes: Sequence[Quote], *, start: int, end: int) -> list[Quote]:
    """The quotes whose cue overlaps the characters ``start:end`` (an event's trigger), in
    order of their content: one, or several when a quotation is broken by its cue."""
    cued = [q for q in quotes if q.cue_start < end and start < q.cue_end]
    return sorted(cued, key=lambda q: q.content_start)
