"""Our TF-IDF equals scikit-learn's TfidfVectorizer (so saved models need no sklearn object)."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

from polevent.learn.tfidf import fit_tfidf, ngrams


def test_ngrams_lowercase_two_letter_tokens_unigrams_first() -> None:
    assert list(ngrams("The UN met a Russian envoy.", max_n=2)) == [
        "the",
        "un",
        "met",
        "russian",
        "envoy",
        "the un",
        "un met",
        "met russian",
        "russian envoy",
    ]


def test_vocabulary_keeps_terms_in_min_df_texts() -> None:
    vocabulary = fit_tfidf(["troops attacked", "troops withdrew", "talks"], max_n=1, min_df=2)
    assert vocabulary.terms == ("troops",)
    assert vocabulary.transform(["Troops troops"]).toarray().tolist() == [[1.0]]


def test_matches_scikit_learn(labelled: tuple[list[str], list[int]]) -> None:
    texts = labelled[0]
    ours = fit_tfidf(texts[:15], max_n=2, min_df=1)
    theirs = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True).fit(texts[:15])
    assert list(ours.terms) == list(theirs.get_feature_names_out())
    np.testing.assert_allclose(
        ours.transform(texts).toarray(), theirs.transform(texts).toarray(), atol=1e-12
    )
