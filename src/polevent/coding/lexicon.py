"""The verb dictionary as a matcher: ``VerbLexicon.match(verb)`` picks the CAMEO code for one
verb token from its dictionary rows (Phoenix CAMEO 2.0 plus polevent's own), preferring the most
specific pattern whose words occur, in order, in the verb's own clause; a blocking (``[---]``)
pattern at least as specific means no event. Used by ``polevent.coding.events``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from polevent.coding.ontology import PatternWord, VerbEntry, VerbPattern

__all__ = ["CLAUSE_BOUNDARY", "PATTERN_ONLY_LEMMAS", "VerbLexicon", "VerbMatch", "clause_tokens"]

CLAUSE_BOUNDARY = frozenset(
    {"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "cc", "mark"}
)
# Light and speech verbs whose dictionary block code is wrong far more often than right ("take
# steps" is not 171 seizure, "added that" is not 060 cooperation, "called the crisis the worst"
# is not a 041 phone call, "issued a statement" is not 060): only a pattern codes them.
PATTERN_ONLY_LEMMAS = frozenset(
    [
        "add",
        "call",
        "come",
        "consider",
        "die",
        "do",
        "explore",
        "get",
        "give",
        "go",
        "have",
        "issue",
        "keep",
        "make",
        "mark",
        "put",
        "set",
        "take",
    ]
)


@dataclass(frozen=True, slots=True, kw_only=True)
class VerbMatch:
    """A CAMEO code for one verb token, with the dictionary row that gave it."""

    code: str
    reason: str
    confidence: float
    direction: str = "forward"
    reverse_code: str | None = None


@dataclass(frozen=True, slots=True)
class VerbLexicon:
    """Verb entries, coded patterns and blocking (``[---]``) patterns by lemma.

    See ``polevent.coding.ontology``; ``direction`` "reverse" rows code the target's act on the
    source (PETRARCH ``[:code]``), so the dyad is swapped for them.
    """

    verbs: Mapping[str, tuple[VerbEntry, ...]]
    patterns: Mapping[str, tuple[VerbPattern, ...]]
    blocking: Mapping[str, tuple[VerbPattern, ...]] = field(default_factory=dict)
    intents: Mapping[str, str] = field(default_factory=dict)

    def match(self, verb: Any) -> VerbMatch | None:
        """The most specific coded pattern or verb entry for ``verb``, or ``None``.

        A blocking pattern at least as specific as the best coded one means "no event".
        """
        lemma = verb.lemma_.lower()
        patterns, blocking = self.patterns.get(lemma, ()), self.blocking.get(lemma, ())
        best = block = None
        if patterns or blocking:  # only patterns read the clause's words
            before, after = _clause_words(verb)
            best = _best_pattern(patterns, verb, before, after)
            block = _best_pattern(blocking, verb, before, after)
        if block is not None and (best is None or block[0] >= best[0]):
            return None
        if best is not None:
            p = best[1]
            words = " ".join("|".join(sorted(w.alternatives)) for w in (*p.before, *p.after))
            reason = f"verb {lemma!r} + pattern {words!r} ({p.source}) -> {p.code}"
            twin = _twin(p, self.patterns.get(lemma, ()))
            return VerbMatch(
                code=p.code,
                reason=reason,
                confidence=0.85,
                direction=p.direction,
                reverse_code=twin,
            )
        for entry in self.verbs.get(lemma, ()):
            if entry.particle is None and lemma in PATTERN_ONLY_LEMMAS:
                continue
            if _particle_ok(verb, entry.particle):
                reason = f"verb {lemma!r} in block {entry.block} ({entry.source}) -> {entry.code}"
                twin = _twin(entry, self.verbs.get(lemma, ()))
                return VerbMatch(
                    code=entry.code,
                    reason=reason,
                    confidence=0.7,
                    direction=entry.direction,
                    reverse_code=twin,
                )
        return None


def _twin(row: VerbEntry | VerbPattern, rows: Sequence[VerbEntry | VerbPattern]) -> str | None:
    """The code the target gets back (PETRARCH ``[a:b]``): the same code for ``both`` rows, the
    code of the matching ``reverse`` row for a ``forward`` one, else ``None``."""
    if row.direction == "both":
        return row.code
    if row.direction != "forward":
        return None
    for other in rows:
        same_words = getattr(other, "after", None) == getattr(row, "after", None) and getattr(
            other, "before", None
        ) == getattr(row, "before", None)
        if other.direction == "reverse" and other.particle == row.particle and same_words:
            return other.code
    return None


def _best_pattern(
    patterns: Sequence[VerbPattern],
    verb: Any,
    before: Sequence[tuple[str, str]],
    after: Sequence[tuple[str, str]],
) -> tuple[int, VerbPattern] | None:
    """The matching pattern with the most words (the first one on ties)."""
    best: tuple[int, VerbPattern] | None = None
    particles: frozenset[str] | None = None
    for pattern in patterns:
        if pattern.particle is not None:
            particles = _particles(verb) if particles is None else particles
            if pattern.particle not in particles:
                continue
        if _in_order(pattern.before, before) and _in_order(pattern.after, after):
            size = len(pattern.before) + len(pattern.after)
            if best is None or size > best[0]:
                best = (size, pattern)
    return best


def _particles(verb: Any) -> frozenset[str]:
    """The words of the verb's particles, prepositions and adverbs (see ``_particle_ok``)."""
    return frozenset(c.lower_ for c in verb.children if c.dep_ in {"prt", "prep", "advmod"})


def _particle_ok(verb: Any, particle: str | None) -> bool:
    if particle is None:
        return True
    return any(c.lower_ == particle for c in verb.children if c.dep_ in {"prt", "prep", "advmod"})


def clause_tokens(verb: Any) -> list[Any]:
    """The verb's own clause: its subtree without nested clauses."""
    tokens: list[Any] = []
    stack = [c for c in verb.children if c.dep_ not in CLAUSE_BOUNDARY]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_BOUNDARY)
    return sorted(tokens, key=lambda t: t.i)


def _clause_words(verb: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    tokens = clause_tokens(verb)
    pairs = [(t.i, (t.lower_, t.lemma_.lower())) for t in tokens]
    return [w for i, w in pairs if i < verb.i], [w for i, w in pairs if i > verb.i]


def _one_word_ok(alternative: str, word: tuple[str, str], *, prefix: bool) -> bool:
    return alternative in word or (prefix and any(w.startswith(alternative) for w in word))


def _match_at(pattern_word: PatternWord, words: Sequence[tuple[str, str]], position: int) -> int:
    """How many words from ``position`` one alternative of ``pattern_word`` covers (0: none).

    Multi-word alternatives ("cease fire", "prime minister") must match consecutive words; the
    first alternative that matches counts.
    """
    if position >= len(words):
        return 0
    lower, lemma = words[position]
    # Most words match no alternative's first word: say so without trying each alternative.
    if pattern_word.prefix:
        starts = pattern_word.first_options
        if not (lower.startswith(starts) or lemma.startswith(starts)):
            return 0
    elif lower not in pattern_word.firsts and lemma not in pattern_word.firsts:
        return 0
    if pattern_word.one_word:
        return 1
    for parts in pattern_word.phrases:
        window = words[position : position + len(parts)]
        if len(window) == len(parts) and all(
            _one_word_ok(part, word, prefix=pattern_word.prefix)
            for part, word in zip(parts, window, strict=True)
        ):
            return len(parts)
    return 0


def _in_order(pattern: Sequence[PatternWord], words: Sequence[tuple[str, str]]) -> bool:
    """True when the pattern words occur in ``words`` in order (gaps allowed)."""
    position = 0
    for pattern_word in pattern:
        while position < len(words) and not (size := _match_at(pattern_word, words, position)):
            position += 1
        if position == len(words):
            return False
        position += size
    return True
