"""Number phrases in words or digits -> a range of whole numbers (pure, no spaCy).

:func:`number_value` reads the number itself ("26", "1,200", "twenty six", "three hundred and
fifty", "a dozen", "1.4 million", "three and a half million", "dozens", "tens of thousands");
:func:`parse_quantity` reads a whole phrase with its modifier and range ("at least 12", "more
than 50", "some 5,000", "between 36 and 40", "two to three hundred") into ``(low, high)``, where
``high`` is ``None`` for an open range. Words come in lower case, hyphens already dropped.

Conventions (the gold in ``tests/fixtures/counts`` follows them):

* exact and approximate figures ("26", "about 300", "some 40", "nearly 100", "an estimated 2
  million") -> ``(n, n)``: the figure the text gives;
* "at least N", "N or more", "N-plus", "no fewer than N" -> ``(N, None)``;
  "more than N", "over N", "upwards of N", "in excess of N" -> ``(N + 1, None)``;
* "up to N", "as many as N" -> ``(1, N)``; "fewer than N", "less than N", "under N" ->
  ``(1, N - 1)``: the text says there were some, at most that many;
* vague plurals are their literal floor, open above: "dozens" 24, "scores" 40, "hundreds" 200,
  "thousands" 2,000, "tens of thousands" 20,000, "hundreds of thousands" 200,000, "millions"
  2,000,000 ("several" or "a few" before them adds nothing); "several hundred" 300 and "a few
  hundred" 200, open above;
* ranges "between X and Y", "X to Y", "X-Y", "X or Y" -> ``(X, Y)``; "two to three hundred"
  shares the scale (200..300).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "APPROXIMATE",
    "AT_LEAST",
    "MORE_THAN",
    "NUMBER_WORDS",
    "UP_TO",
    "UP_TO_EXCLUSIVE",
    "VAGUE_PLURALS",
    "is_digits",
    "number_value",
    "parse_quantity",
]

UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
VAGUE_PLURALS = {
    "dozens": 24,
    "scores": 40,
    "tens": 20,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2 * 10**6,
    "billions": 2 * 10**9,
}
"""A vague plural -> its literal floor ("dozens" are at least two dozen)."""
NUMBER_WORDS = frozenset({*UNITS, *SCALES, "dozen", "half"})
APPROXIMATE = (
    ("an", "estimated"),
    ("estimated",),
    ("about",),
    ("around",),
    ("some",),
    ("nearly",),
    ("almost",),
    ("approximately",),
    ("roughly",),
    ("close", "to"),
    ("circa",),
    ("a", "total", "of"),
    ("a", "further"),
    ("another",),
    ("all",),
)
AT_LEAST = (
    ("at", "least"),
    ("no", "fewer", "than"),
    ("no", "less", "than"),
    ("a", "minimum", "of"),
)
MORE_THAN = (
    ("more", "than"),
    ("over",),
    ("upwards", "of"),
    ("in", "excess", "of"),
    ("above",),
    ("just", "over"),
)
UP_TO = (("up", "to"), ("as", "many", "as"))
UP_TO_EXCLUSIVE = (("fewer", "than"), ("less", "than"), ("under",), ("just", "under"))
OPEN_AFTER = (("or", "more"), ("plus",), ("+",), ("or", "above"))
DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_digits(word: str) -> bool:
    """``word`` is a number in digits ("12", "1,200", "1.4"), not "26th", "13:40" or "A300"."""
    return DIGITS.match(word) is not None


def _vague(words: Sequence[str]) -> int | None:
    """The floor of a vague quantity ("dozens", "tens of thousands", "several hundred")."""
    rest = list(words)
    if rest[:1] in (["several"], ["many"]) or rest[:2] == ["a", "few"]:
        few = rest[:2] == ["a", "few"]
        rest = rest[2:] if few else rest[1:]
        if len(rest) == 1 and rest[0] in SCALES:
            return (2 if few else 3) * SCALES[rest[0]]
    if len(rest) == 1 and rest[0] in VAGUE_PLURALS and rest[0] != "tens":
        return VAGUE_PLURALS[rest[0]]
    if len(rest) == 3 and rest[0] in VAGUE_PLURALS and rest[1] == "of":
        scale = {"thousands": 1000, "millions": 10**6, "billions": 10**9}.get(rest[2])
        if scale is not None and rest[0] in {"tens", "hundreds"}:
            return VAGUE_PLURALS[rest[0]] * scale
    return None


def _joins(words: Sequence[str], k: int) -> bool:
    """The "and" at ``k`` is inside one number ("hundred and fifty", "three and a half")."""
    after = words[k + 1 : k + 3]
    return words[k - 1] in SCALES or after in (["a", "half"], ["one", "half"])


def _exact(words: Sequence[str]) -> float | None:
    """The value of an exact number phrase, ``None`` when ``words`` is not one."""
    total = 0.0
    current = 0.0
    seen = False
    k = 0
    while k < len(words):
        word = words[k]
        if is_digits(word):
            current += float(word.replace(",", ""))
        elif word in UNITS:
            current += UNITS[word]
        elif word == "a" and k + 1 < len(words) and words[k + 1] in {*SCALES, "dozen", "half"}:
            current += 0 if words[k + 1] == "half" else 1
        elif word == "and" and seen and _joins(words, k):
            pass
        elif word == "half" and seen:
            current += 0.5
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
        seen = True
        k += 1
    return total + current if seen else None


def number_value(words: Sequence[str]) -> tuple[int, bool] | None:
    """``(value, vague)`` of a number phrase without modifiers; ``vague`` means "at least"."""
    if not words:
        return None
    floor = _vague(words)
    if floor is not None:
        return floor, True
    value = _exact(words)
    if value is None or value <= 0:
        return None
    return round(value), False


def _scale_of(words: Sequence[str]) -> int:
    return SCALES[words[-1]] if words and words[-1] in SCALES else 1


def _range(words: Sequence[str]) -> tuple[int, int] | None:
    """``(low, high)`` of "between X and Y", "X to Y", "X or Y" (X below Y), else ``None``."""
    body = list(words[1:]) if words[:1] == ["between"] else list(words)
    for k, word in enumerate(body):
        if word not in {"to", "and", "or", "-", "\u2013"} or k == 0:
            continue
        if word == "and" and words[:1] != ["between"]:
            continue
        left, right = number_value(body[:k]), number_value(body[k + 1 :])
        if left is None or right is None or left[1] or right[1]:
            continue
        low = left[0]
        if _scale_of(body[:k]) == 1 and _scale_of(body[k + 1 :]) > 1:
            low *= _scale_of(body[k + 1 :])
        if low < right[0]:
            return low, right[0]
    return None


def _strip(words: Sequence[str], table: Sequence[tuple[str, ...]]) -> list[str] | None:
    """``words`` without a leading modifier from ``table`` (``None`` when none leads)."""
    for modifier in table:
        if tuple(words[: len(modifier)]) == modifier and len(words) > len(modifier):
            return list(words[len(modifier) :])
    return None


def parse_quantity(words: Sequence[str]) -> tuple[int, int | None] | None:
    """``(low, high)`` of a quantity phrase with its modifier (``high`` ``None`` = open), or
    ``None`` when ``words`` is not a quantity. See the module docstring for the conventions."""
    words = [w for w in words if w != "-"] if len(words) > 1 else list(words)
    for table, shape in (
        (AT_LEAST, "at-least"),
        (MORE_THAN, "more-than"),
        (UP_TO, "up-to"),
        (UP_TO_EXCLUSIVE, "under"),
        (APPROXIMATE, "exact"),
    ):
        rest = _strip(words, table)
        if rest is not None:
            inner = parse_quantity(rest)
            if inner is None:
                return None
            return _apply(shape, inner)
    for suffix in OPEN_AFTER:
        if tuple(words[-len(suffix) :]) == suffix and len(words) > len(suffix):
            inner = parse_quantity(words[: -len(suffix)])
            return None if inner is None else (inner[0], None)
    span = _range(words)
    if span is not None:
        return span
    value = number_value(words)
    if value is None:
        return None
    return (value[0], None) if value[1] else (value[0], value[0])


def _apply(shape: str, inner: tuple[int, int | None]) -> tuple[int, int | None]:
    low, high = inner
    if shape == "at-least":
        return low, None
    if shape == "more-than":
        return (low + 1 if high == low else low), None
    if shape == "up-to":
        return 1, high if high is not None else low
    if shape == "under":
        top = (high if high is not None else low) - 1
        return (1, top) if top >= 1 else (low, high)
    return low, high
