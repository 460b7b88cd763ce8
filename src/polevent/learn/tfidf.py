"""Word n-gram TF-IDF with a vocabulary that saves as plain arrays (no pickle).

Matches scikit-learn's ``TfidfVectorizer(ngram_range=(1, n), min_df=k, sublinear_tf=True)``
defaults: lower-cased tokens of two or more word characters, n-grams joined by one space,
``tf = 1 + ln(count)``, smoothed ``idf = ln((1 + docs) / (1 + df)) + 1``, rows L2-normalised.
A test checks the equivalence, so a model trained here needs no scikit-learn object to run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

__all__ = ["TfidfVocabulary", "fit_tfidf", "ngrams"]

TOKEN = re.compile(r"(?u)\b\w\w+\b")


def ngrams(text: str, *, max_n: int) -> Iterator[str]:
    """Lower-cased word n-grams of ``text``, n = 1..``max_n``, in scikit-learn's order."""
    tokens = TOKEN.findall(text.lower())
    for n in range(1, max_n + 1):
        for i in range(len(tokens) - n + 1):
            yield " ".join(tokens[i : i + n])


@dataclass(frozen=True, slots=True, kw_only=True)
class TfidfVocabulary:
    """Terms (column order) and their idf weights."""

    terms: tuple[str, ...]
    idf: NDArray[np.float64]
    max_n: int

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """An ``(n, len(terms))`` sparse matrix of L2-normalised sublinear TF-IDF rows."""
        column = {term: j for j, term in enumerate(self.terms)}
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        for i, text in enumerate(texts):
            counts = Counter(
                j for g in ngrams(text, max_n=self.max_n) if (j := column.get(g)) is not None
            )
            weights = {j: (1.0 + math.log(c)) * float(self.idf[j]) for j, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for j in sorted(weights):
                rows.append(i)
                cols.append(j)
                values.append(weights[j] / norm)
        shape = (len(texts), len(self.terms))
        return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


def fit_tfidf(texts: Sequence[str], *, max_n: int = 2, min_df: int = 2) -> TfidfVocabulary:
    """The vocabulary of ``texts``: n-grams in at least ``min_df`` texts, sorted."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(ngrams(text, max_n=max_n)))
    terms = tuple(sorted(term for term, count in df.items() if count >= min_df))
    docs = len(texts)
    idf = np.array([math.log((1 + docs) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float64)
    return TfidfVocabulary(terms=terms, idf=idf, max_n=max_n)
