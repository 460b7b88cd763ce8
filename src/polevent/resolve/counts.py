"""How many were killed, injured, arrested, displaced, or took part: counts in a parsed sentence.

The pure core is :func:`find_counts` (a parsed spaCy sentence ``Span`` in, :class:`CountMention`
records out, offsets into ``doc.text``); :func:`counts_for` folds the mentions attached to one
event into the record's :class:`~polevent.records.Counts`.

How a count is found:

1. **Number phrases** in digits or words, with their modifier and range, are read by
   :mod:`polevent.resolve.quantities` ("26", "1,200", "twenty-six", "a dozen", "two million",
   "some 40", "at least 12", "more than 50", "dozens", "tens of thousands", "between 36 and 40");
   "from 14 to 31" is a change and gives 31. Numbers that count no people are dropped: years
   ("in 1947"), dates ("March 24"), times ("13:40", "1 p.m.", "0040 UTC"), ages ("a 22-year-old",
   "aged 78", "Kinsman, 49,"), money ("$90 billion"), shares and rates ("28 percent", "per
   100,000"), measures ("50 gallons", "444 days", "a 6.3 magnitude"), identifiers ("Resolution
   1701", "Boeing 737", "COVID-19"), ordinals ("26th"), "one of the largest", and numbers of
   things ("300 homes", "300,000 pigs", "36 arrest warrants": ``NOT_PEOPLE``).
2. **The counted noun** is the noun the number modifies ("26 tourists", "dozens of people").
3. **The category** comes from, in order: a word right after the number or its noun ("12 dead",
   "30 wounded", "200 people injured"); the noun itself when it names the event ("53 deaths",
   "35 bodies", "N lives" claimed or lost); an adjective on the noun ("25 wounded people"); the
   words up the dependency tree ("26 tourists were killed", "killing 26 people", "the death toll
   rose to 45", "a crowd of 10,000", "the rally was visited by tens of thousands"); a relative
   clause on the noun ("eleven migrants who died"); a role noun ("250 thousand protesters" ->
   size, "two million refugees" -> displaced; a verb wins: "arrested 15 protesters" -> arrested).
   A count under a modal ("may cause 32,000 more deaths") is hypothetical and dropped.

Categories: killed (killed, dead, died, deaths, bodies, death toll, lives lost or claimed: any
cause, disease included), injured (injured, wounded, hurt, injuries; "hospitalised" alone is not
an injury), arrested (arrested, detained, passive "held"; "jailed" and "sentenced" are not),
displaced (displaced, fled, evacuated, refugees, homeless), size (protesters, demonstrators, a
crowd/rally/march of N, N people rallied/marched/gathered/attended/took part). "Casualties"
(killed and injured together) is no category. ``noun`` keeps what was counted: "displaced 3,000
families" counts families, not people, and says so in the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from polevent.records import Counts
from polevent.resolve.count_words import (
    ADJECTIVES,
    AGE_WORDS,
    CATEGORIES,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    EVENT_NOUNS,
    HOLDERS,
    IDENTIFIER_WORDS,
    LIFE_VERBS,
    MODALS,
    MONTHS,
    NOT_PEOPLE,
    ROLE_NOUNS,
    SIZE_SUBJECT_VERBS,
    TIME_AFTER,
    UNITS_AFTER,
    VERBS,
)
from polevent.resolve.quantities import (
    APPROXIMATE,
    AT_LEAST,
    MORE_THAN,
    NUMBER_WORDS,
    UP_TO,
    UP_TO_EXCLUSIVE,
    VAGUE_PLURALS,
    is_digits,
    parse_quantity,
)

__all__ = ["CATEGORIES", "CountMention", "counts_for", "find_counts"]

_Found = tuple[str, Any, str]  # (category, trigger token, how it was found)
MODIFIERS = (*AT_LEAST, *MORE_THAN, *UP_TO, *UP_TO_EXCLUSIVE, *APPROXIMATE, ("between",))
SKIP_BEFORE_NOUN = frozenset({"other", "more", "new", "additional", "further", "'", '"', "\u201d"})
ADVERBS = frozenset({"seriously", "critically", "severely", "slightly", "badly", "fatally"})
PRONOUN_ONE = frozenset({"the", "no", "any", "every", "this", "that", "each", "which", "no-"})
BEFORE_ADJECTIVE = frozenset(
    {"more", "others", "were", "was", "are", "is", "been", "also", "reportedly", "'", '"', "\u201d"}
)
CLIMB_PREPS = frozenset({"of", "including", "among", "like"})
SUPERLATIVES = frozenset({"worst", "best", "most", "least", "few", "first", "last", "top"})
CLAUSE_PREPS = frozenset({"after", "before", "since", "until", "despite", "following", "during"})
"""A number under these prepositions belongs to another event ("arrested after one of ...")."""
MAX_HOPS = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class CountMention:
    """One count in a sentence: ``category`` (one of ``CATEGORIES``), the range ``low`` ..
    ``high`` (``high`` ``None`` = open above: "at least 12" -> 12..None; "26" -> 26..26),
    the number's words (``text``, ``start``/``end`` character offsets into ``doc.text``), the
    ``trigger`` word that says the category and its token index in the Doc (``trigger_index``:
    the verb or noun the count attaches to, so the pipeline can give it to the event whose
    predicate is there), the counted ``noun`` ("soldiers", "families"; ``None`` when the text
    names none) and the ``reason`` in words."""

    category: str
    low: int
    high: int | None
    text: str
    start: int
    end: int
    trigger: str
    trigger_index: int
    noun: str | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class _Quantity:
    """A number phrase: tokens ``first``..``last`` (Doc indices, inclusive), ``head`` the last
    token of the number itself, the parsed range and the words it was read from."""

    first: int
    last: int
    head: int
    low: int
    high: int | None
    words: tuple[str, ...]
    note: str


def find_counts(sent: Span | Doc) -> list[CountMention]:
    """The counts of killed, injured, arrested, displaced and crowd size in the parsed sentence
    ``sent`` (a spaCy ``Span``; a ``Doc`` works too), in text order."""
    span = sent if isinstance(sent, Span) else sent[:]
    doc, lo, hi = span.doc, span.start, span.end
    mentions = []
    for quantity in _quantities(doc, lo, hi):
        mention = _mention(doc, quantity, lo, hi)
        if mention is not None:
            mentions.append(mention)
    return mentions


def counts_for(counts: Sequence[CountMention]) -> Counts:
    """Fold the mentions attached to one event into ``Counts``: per category the largest lower
    bound (tolls are revised upward, and a total repeats the largest figure); the range and
    wording stay in each mention's ``reason``. Categories with no mention stay ``None``."""
    best: dict[str, int] = {}
    for mention in counts:
        best[mention.category] = max(best.get(mention.category, 0), mention.low)
    return Counts(
        killed=best.get("killed"),
        injured=best.get("injured"),
        arrested=best.get("arrested"),
        displaced=best.get("displaced"),
        size=best.get("size"),
    )


# --- number phrases ---------------------------------------------------------------------------


def _low(doc: Any, i: int) -> str:
    return str(doc[i].lower_)


def _core_word(doc: Any, i: int, lo: int, hi: int) -> bool:
    """Token ``i`` can be part of a number ("twenty", "-", "six", "a" hundred, "tens of")."""
    word = _low(doc, i)
    nxt = _low(doc, i + 1) if i + 1 < hi else ""
    prev = _low(doc, i - 1) if i - 1 >= lo else ""
    if is_digits(word) or word in NUMBER_WORDS or word in VAGUE_PLURALS:
        return True
    if word == "a":
        after = nxt if nxt != "-" else (_low(doc, i + 2) if i + 2 < hi else "")
        return after in {"hundred", "thousand", "million", "billion", "dozen", "half"}
    if word == "-":
        return prev in NUMBER_WORDS | {"and", "a"} and nxt in NUMBER_WORDS | {"and", "a"}
    if word == "and":
        return _number_start(doc, i + 1, hi) or nxt in {"-", "a"}
    if word == "of":
        return prev in {"tens", "hundreds"} and nxt in {"thousands", "millions", "billions"}
    return False


def _number_start(doc: Any, i: int, hi: int) -> bool:
    if i >= hi:
        return False
    word = _low(doc, i)
    nxt = _low(doc, i + 1) if i + 1 < hi else ""
    if word in {"several", "few"} and nxt in {"hundred", "thousand", "million"}:
        return True
    if word == "a" and nxt in {"hundred", "thousand", "million", "billion", "dozen", "few"}:
        return True
    if word in {"scores", "tens"}:
        return nxt in {"of", "more"}
    return is_digits(word) or word in NUMBER_WORDS - {"half"} or word in VAGUE_PLURALS


def _core_end(doc: Any, i: int, lo: int, hi: int) -> int:
    """Exclusive end of the number starting at ``i`` (``i`` when none starts there)."""
    if not _number_start(doc, i, hi):
        return i
    j = i + 1
    while j < hi and _core_word(doc, j, lo, hi):
        if _low(doc, j) == "and" and not _joins(doc, j, hi):
            break
        j += 1
    while j > i + 1 and _low(doc, j - 1) in {"-", "and", "a", "of"}:
        j -= 1
    return j


def _joins(doc: Any, j: int, hi: int) -> bool:
    """The "and" at ``j`` is inside a number: "hundred and fifty", "three-and-a-half"."""
    after = [w for w in (_low(doc, k) for k in range(j + 1, min(j + 5, hi))) if w != "-"]
    before = [w for w in (_low(doc, k) for k in range(max(0, j - 2), j)) if w != "-"]
    scaled = bool(before) and before[-1] in {"hundred", "thousand", "million"}
    return scaled or after[:2] == ["a", "half"]


def _modifier_start(doc: Any, i: int, lo: int) -> int:
    """Where the phrase starts, taking in a modifier before the number ("at least", "some")."""
    for modifier in sorted(MODIFIERS, key=len, reverse=True):
        k = i - len(modifier)
        if k >= lo and tuple(_low(doc, m) for m in range(k, i)) == modifier:
            return k
    return i


def _quantities(doc: Any, lo: int, hi: int) -> list[_Quantity]:
    found: list[_Quantity] = []
    i = lo
    while i < hi:
        end = _core_end(doc, i, lo, hi)
        if end == i:
            i += 1
            continue
        quantity = _phrase(doc, i, end, lo, hi)
        if quantity is not None and _is_count(doc, quantity, i, lo, hi):
            found.append(quantity)
        i = max(end, quantity.last + 1 if quantity is not None else end)
    return found


def _phrase(doc: Any, i: int, end: int, lo: int, hi: int) -> _Quantity | None:
    """The phrase around the number ``i..end``: modifier, range, "or more", "from X to Y"."""
    first, last, head, note = _modifier_start(doc, i, lo), end - 1, end - 1, ""
    connector = _low(doc, end) if end < hi else ""
    between = first < i and _low(doc, first) == "between"
    if connector in {"to", "-", "\u2013", "or"} or (connector == "and" and between):
        second = _core_end(doc, end + 1, lo, hi)
        if second > end + 1:
            last, head = second - 1, second - 1
            if connector == "to" and i - 1 >= lo and _low(doc, i - 1) == "from":
                first, note = end + 1, f"changed from {doc[i:end].text}"
    if last + 2 < hi and [_low(doc, last + 1), _low(doc, last + 2)] == ["or", "more"]:
        last += 2
    elif last + 1 < hi and _low(doc, last + 1) in {"plus", "+"}:
        last += 1
    words = tuple(_low(doc, k) for k in range(first, last + 1))
    parsed = parse_quantity(list(words))
    if parsed is None:
        return None
    low, high = parsed
    if doc[head].dep_ == "dobj" and doc[head].head.lemma_ in {"exceed", "surpass", "top"}:
        low, high, note = (low + 1 if high == low else low), None, "exceeded"
    return _Quantity(first=first, last=last, head=head, low=low, high=high, words=words, note=note)


# --- numbers that count no people -------------------------------------------------------------


def _is_count(doc: Any, quantity: _Quantity, i: int, lo: int, hi: int) -> bool:
    """``False`` for years, dates, times, ages, money, shares, measures, identifiers."""
    core = range(i, quantity.head + 1)
    before = [_low(doc, k) for k in range(max(lo, i - 3), i)]
    after = [_low(doc, k) for k in range(quantity.head + 1, min(hi, quantity.head + 4))]
    first_word = _low(doc, i)
    checks = (
        _measure(doc, quantity, after),
        _time_or_date(first_word, before, after),
        _age(doc, i, before, after, hi),
        bool(before) and before[-1] in CURRENCY_BEFORE,
        bool(set(after[:2]) & CURRENCY_AFTER),
        bool(before) and before[-1] in IDENTIFIER_WORDS | {"per", "-", "/"},
        _identifier(doc, i, lo, after),
        first_word == "one" and _pronoun_one(before, after),
        any("." in _low(doc, k) for k in core)
        and not any(_low(doc, k) in {"million", "billion", "thousand"} for k in core),
    )
    return not any(checks)


def _measure(doc: Any, quantity: _Quantity, after: Sequence[str]) -> bool:
    if not after:
        return False
    if after[0] in UNITS_AFTER:
        return True
    if after[0] == "-" and len(after) > 1:
        return after[1] not in NUMBER_WORDS and after[1] not in {"plus"}
    return False


def _time_or_date(first_word: str, before: Sequence[str], after: Sequence[str]) -> bool:
    if (before and before[-1] in MONTHS) or (after and after[0] in MONTHS | TIME_AFTER):
        return True
    if len(before) >= 2 and before[-1] == "," and before[-2].isdigit():
        return len(before) >= 3 and before[-3] in MONTHS  # "March 18, 1965"
    if first_word.isdigit() and len(first_word) == 4:
        if first_word.startswith("0"):
            return True
        year_like = 1800 <= int(first_word) <= 2100
        return year_like and not (after and after[0] in _COUNT_FOLLOWERS)
    return False


_COUNT_FOLLOWERS = frozenset({"people", "persons", "lives", "deaths", "protesters", "dead"})


def _age(doc: Any, i: int, before: Sequence[str], after: Sequence[str], hi: int) -> bool:
    if before and before[-1] in AGE_WORDS:
        return True
    if len(before) >= 2 and before[-2] in AGE_WORDS and before[-1] in {"of", "from", "between"}:
        return True
    if before and before[-1] == "," and (not after or after[0] in {",", ".", ")"}):
        return i >= 2 and doc[i - 2].pos_ == "PROPN"  # "Kinsman, 49, ..."
    return False


def _identifier(doc: Any, i: int, lo: int, after: Sequence[str]) -> bool:
    """ "Speaker ... Resolution 2254", "Gears 5": a number right after a name, no noun after."""
    if i - 1 < lo + 1 or doc[i - 1].pos_ != "PROPN" or not doc[i - 1].text[:1].isupper():
        return False
    return not after or doc[i + 1].pos_ not in {"NOUN", "PROPN", "ADJ"}


def _pronoun_one(before: Sequence[str], after: Sequence[str]) -> bool:
    """ "the one", "no one", "one another", "one of the largest": no count."""
    if before and before[-1] in PRONOUN_ONE:
        return True
    if after[:1] == ["another"]:
        return True
    if after[:2] == ["of", "which"]:
        return True
    if after[:1] == ["of"] and len(after) >= 3:
        return after[2].endswith("est") or after[2] in SUPERLATIVES
    return False


# --- what was counted and why ----------------------------------------------------------------


def _mention(doc: Any, quantity: _Quantity, lo: int, hi: int) -> CountMention | None:
    noun = _counted_noun(doc, quantity, hi)
    if noun is not None and noun.lemma_.lower() in NOT_PEOPLE:
        return None
    found = _category(doc, quantity, noun, hi)
    if found is None:
        return None
    category, trigger, how = found
    if _hypothetical(doc[quantity.head], trigger):
        return None
    span = doc[quantity.first : quantity.last + 1]
    noun_text = None if noun is None else str(noun.text)
    return CountMention(
        category=category,
        low=quantity.low,
        high=quantity.high,
        text=str(span.text),
        start=int(span.start_char),
        end=int(span.end_char),
        trigger=str(trigger.text),
        trigger_index=int(trigger.i),
        noun=noun_text,
        reason=_reason(quantity, category, str(trigger.text), how, noun_text),
    )


def _reason(quantity: _Quantity, category: str, trigger: str, how: str, noun: str | None) -> str:
    span = "open above" if quantity.high is None else f"up to {quantity.high}"
    parts = [f"'{' '.join(quantity.words)}' -> {quantity.low}..{quantity.high} ({span})"]
    if quantity.note:
        parts.append(quantity.note)
    parts.append(f"{category} by '{trigger}' ({how})")
    if noun is not None:
        unit = "" if noun.lower() not in {"families", "households"} else ": families, not people"
        parts.append(f"counts '{noun}'{unit}")
    return "; ".join(parts)


def _counted_noun(doc: Any, quantity: _Quantity, hi: int) -> Any:
    """The noun the number counts ("26 tourists", "dozens of people"), or ``None``."""
    head = doc[quantity.head]
    attached = head.dep_ in {"nummod", "quantmod", "compound"} and head.head.i > quantity.last
    if attached and head.head.pos_ in {"NOUN", "PROPN"}:
        return head.head
    k = quantity.last + 1
    while k < hi and (_low(doc, k) in SKIP_BEFORE_NOUN or doc[k].pos_ == "ADJ"):
        if _low(doc, k) in ADJECTIVES:
            break
        k += 1
    if k < hi and doc[k].pos_ in {"NOUN", "PROPN"} and _low(doc, k) not in {"of"}:
        return doc[k]
    if k < hi and _low(doc, k) == "of":
        for m in range(k + 1, min(hi, k + 5)):
            if doc[m].pos_ in {"NOUN", "PROPN"} and doc[m].tag_ != "POS":
                if m + 1 < hi and _low(doc, m + 1) in {"'s", "'"}:
                    continue
                return doc[m]
            if doc[m].pos_ == "PRON":
                return None
    return None


def _category(doc: Any, quantity: _Quantity, noun: Any, hi: int) -> _Found | None:
    """``(category, trigger token, how)`` for a number phrase, or ``None``."""
    after = _after_word(doc, quantity, noun, hi)
    if after is not None:
        return ADJECTIVES[after.lower_], after, "word after the number"
    head = doc[quantity.head]
    own = _noun_category(noun if noun is not None else head, counted=True)
    if own is not None:
        return own[0], own[1], "the counted noun" if noun is not None else "words on the number"
    start = noun if noun is not None and head.head.i == noun.i else head
    return _climb(start) or (None if noun is None else _noun_clause(noun))


def _noun_clause(noun: Any) -> _Found | None:
    """A clause on the counted noun ("eleven migrants who died"), else its role."""
    for child in noun.children:
        category = _verb_category(child) if child.dep_ in {"relcl", "acl"} else None
        if category is not None:
            return category, child, "clause on the counted noun"
    role = ROLE_NOUNS.get(noun.lemma_.lower())
    return None if role is None else (role, noun, "role noun")


def _after_word(doc: Any, quantity: _Quantity, noun: Any, hi: int) -> Any:
    """A category word right after the number or its noun: "12 dead", "200 people injured"."""
    k = quantity.last + 1
    if noun is not None and quantity.last < noun.i <= quantity.last + 4:
        k = noun.i + 1
        if k + 1 < hi and [_low(doc, k), _low(doc, k + 1)] == ["or", "more"]:
            k += 2
    while k < hi and _low(doc, k) in ADVERBS | BEFORE_ADJECTIVE:
        k += 1
    if k < hi and _low(doc, k) in ADJECTIVES:
        return doc[k]
    return None


def _noun_category(token: Any, *, counted: bool = False) -> tuple[str, Any] | None:
    """The category a noun names: an event noun ("deaths", "crowd"), a holder of one ("the
    number of deaths", "death toll"), an adjective on it ("wounded people"), "N lives" lost."""
    lemma = token.lemma_.lower()
    if lemma in EVENT_NOUNS:
        return EVENT_NOUNS[lemma], token
    if lemma in {"life", "lives"} and token.head.lemma_.lower() in LIFE_VERBS:
        return "killed", token.head
    for child in token.children:
        word = child.lower_
        if child.dep_ in {"amod", "compound"} and word in ADJECTIVES:
            return ADJECTIVES[word], child
        if child.dep_ == "compound" and lemma in HOLDERS and child.lemma_ in EVENT_NOUNS:
            return EVENT_NOUNS[child.lemma_], child
        if (
            child.dep_ == "prep"
            and child.lower_ in {"of", "with"}
            and (lemma in HOLDERS or counted)
        ):
            for grand in child.children:
                if grand.lemma_.lower() in EVENT_NOUNS and grand.dep_ == "pobj":
                    return EVENT_NOUNS[grand.lemma_.lower()], grand
    return None


def _verb_category(token: Any) -> str | None:
    """The category of a verb: its lemma, passive "held", "took part", "lost their lives"."""
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX", "ADJ"}:
        return None
    if lemma == "hold":
        passive = any(child.dep_ == "auxpass" for child in token.children)
        return "arrested" if passive else None
    if lemma == "take" and any(child.lower_ == "part" for child in token.children):
        return "size"
    if lemma in LIFE_VERBS and any(child.lemma_ in {"life", "lives"} for child in token.children):
        return "killed"
    return VERBS.get(lemma) or ADJECTIVES.get(token.lower_)


def _clause_verb(token: Any) -> bool:
    return bool(token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"prep", "amod", "pcomp"})


def _climb(start: Any) -> _Found | None:
    """Walk up the tree from ``start`` to the word that says the category (see the module
    docstring), stopping at the first clause verb that says none."""
    node = start
    for _ in range(MAX_HOPS):
        if _clause_verb(node):
            return _at_verb(node)
        if node is not start or node.pos_ != "NUM":
            found = _noun_category(node) if node is not start else None
            if found is not None:
                return found[0], found[1], "noun above the number"
        parent = node.head
        if parent.i == node.i:
            return None
        noun_above = parent.head.pos_ in {"NOUN", "PROPN", "PRON"}
        if node.dep_ == "pobj" and noun_above and parent.lower_ not in CLIMB_PREPS:
            return None
        if node.dep_ == "pobj" and parent.lower_ in CLAUSE_PREPS:
            return None
        node = parent
    return None


def _at_verb(verb: Any) -> _Found | None:
    """The category at a clause verb: the verb itself, or its subject, object or complement
    ("190 were dead", "death toll rose to 45", "forced 58,000 to evacuate")."""
    own = _verb_category(verb)
    if own is not None:
        return own, verb, "verb"
    for child in verb.children:
        if child.dep_ in {"acomp", "oprd", "xcomp", "ccomp", "attr"}:
            category = _verb_category(child) or ADJECTIVES.get(child.lower_)
            if category is not None:
                return category, child, "complement of the verb"
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            found = _noun_category(child)
            if found is not None:
                return found[0], found[1], "subject or object of the verb"
    return _what_it_counts(verb)


def _what_it_counts(verb: Any) -> _Found | None:
    """What a counting verb is about: "protesters, sometimes numbering in the millions";
    "protests, one of which drew two million people"."""
    lemma = verb.lemma_.lower()
    if lemma == "number":
        for k in range(verb.i - 1, max(verb.i - 5, -1), -1):
            role = ROLE_NOUNS.get(verb.doc[k].lemma_.lower())
            if role is not None:
                return role, verb.doc[k], "what numbers so many"
    if verb.dep_ not in {"relcl", "acl"} or lemma not in SIZE_SUBJECT_VERBS:
        return None
    antecedent = verb.head
    found = _noun_category(antecedent)
    if found is not None:
        return found[0], found[1], "what the clause is about"
    role = ROLE_NOUNS.get(antecedent.lemma_.lower())
    return None if role is None else (role, antecedent, "what the clause is about")


def _hypothetical(number: Any, trigger: Any) -> bool:
    """A count under "may", "could", "would" ... is not a count of what happened: the verbs
    from the number up to the trigger and the trigger's own clause verb are checked."""
    for start in (number, trigger):
        node = start
        for _ in range(MAX_HOPS):
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in node.children):
                return True
            if _clause_verb(node) or node.head.i == node.i:
                break
            node = node.head
    return False
