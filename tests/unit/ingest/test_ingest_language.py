"""Language identification: confident non-English articles become ``Skipped`` with a reason."""

from __future__ import annotations

from pathlib import Path

from polevent.ingest import ReadOptions, Skipped, detect_language, iter_articles
from polevent.ingest.language import filter_languages
from polevent.records import Article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ingest"
GERMAN = FIXTURES / "german.txt"
ENGLISH_ONLY = ReadOptions(languages=frozenset({"en"}))


def _article(text: str) -> Article:
    return Article(id="a", title="", text=text, published_at=None, url=None, source="s")


def test_detects_german_and_english() -> None:
    german = detect_language(GERMAN.read_text(encoding="utf-8"))
    english = detect_language((FIXTURES / "seed_short.txt").read_text(encoding="utf-8"))

    assert german.language == "de"
    assert german.probability > 0.99
    assert english.language == "en"


def test_german_article_is_skipped_with_a_reason() -> None:
    (skipped,) = iter_articles([GERMAN], options=ENGLISH_ONLY)

    assert isinstance(skipped, Skipped)
    assert (skipped.source, skipped.kind, skipped.language) == (str(GERMAN), "language", "de")
    assert skipped.reason.startswith("language de (p=1.00)")


def test_without_languages_everything_is_kept() -> None:
    (article,) = iter_articles([GERMAN])

    assert isinstance(article, Article)


def test_short_english_with_an_unsure_guess_is_kept() -> None:
    short = _article("Modi spoke to Sharif.")

    assert detect_language(short.text).language != "en"  # the guess is wrong but unsure
    assert list(filter_languages([short], keep={"en"})) == [short]


def test_kept_languages_pass() -> None:
    french = _article("Le président a rencontré le premier ministre à Paris mardi pour parler.")

    assert list(filter_languages([french], keep={"en", "fr"})) == [french]
    (skipped,) = filter_languages([french], keep={"en"})
    assert isinstance(skipped, Skipped)
    assert skipped.language == "fr"


def test_mixed_directory_counts_per_language(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_bytes(GERMAN.read_bytes())
    (tmp_path / "en.txt").write_bytes((FIXTURES / "seed_short.txt").read_bytes())
    (tmp_path / "fr.txt").write_text(
        "Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les "
        "agriculteurs touchés par la sécheresse, a indiqué le ministre à Paris.",
        encoding="utf-8",
    )

    items = list(iter_articles([tmp_path], options=ENGLISH_ONLY))

    assert [type(item).__name__ for item in items] == ["Skipped", "Article", "Skipped"]
    assert [item.language for item in items if isinstance(item, Skipped)] == ["de", "fr"]
