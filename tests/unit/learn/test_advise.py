"""The learned model reviewing coded events, and the train/code --model commands."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from click.testing import CliRunner

from conftest import CLASS_FIXTURE
from polevent.cli import cli
from polevent.ids import article_id
from polevent.learn.advise import QuadAdvisor, load_advisor
from polevent.learn.embed import OnnxEmbedder
from polevent.learn.gold import LABEL_NAMES
from polevent.learn.patterns import conflibert_quad
from polevent.learn.quad import train
from polevent.pipeline import Coder, code_article
from polevent.records import Article

TEXT = (
    "Indian Prime Minister Narendra Modi held a phone call with Pakistani Prime Minister "
    "Shehbaz Sharif."
)


def _article() -> Article:
    return Article(
        id=article_id(text=TEXT, url=None),
        title="",
        text=TEXT,
        published_at=None,
        url=None,
        source="t",
    )


def test_review_averages_the_models_probability_into_the_confidence(
    coder: Coder, embedder: OnnxEmbedder, labelled: tuple[list[str], list[int]]
) -> None:
    texts, labels = labelled
    model = train(texts, labels, embedder=embedder, coder=coder)
    records = code_article(_article(), coder)
    assert records, "the pattern coder finds the phone call"

    reviewed = QuadAdvisor(model=model).review(records)

    proba = model.predict_proba([records[0].evidence.text])[0]
    for before, after in zip(records, reviewed, strict=True):
        quad = conflibert_quad(before)
        p_quad = float(proba[model.labels.index(quad)])
        assert after.confidence.event == round((before.confidence.event + p_quad) / 2, 3)
        assert after.code_reason.startswith(before.code_reason)
        assert f"model: P({LABEL_NAMES[quad]}) = {p_quad:.2f}" in after.code_reason
        assert f"mean of pattern {before.confidence.event:.2f} and model" in after.code_reason
        assert (after.cameo_code, after.source, after.target) == (
            before.cameo_code,
            before.source,
            before.target,
        )
    assert np.isclose(proba.sum(), 1.0)
    assert QuadAdvisor(model=model).review([]) == []


def test_train_command_writes_a_model_that_code_uses(tmp_path: Path) -> None:
    out = tmp_path / "quad.npz"
    runner = CliRunner()
    trained = runner.invoke(
        cli, ["train", "quad", "--gold", str(CLASS_FIXTURE), "--out", str(out), "--folds", "2"]
    )
    assert trained.exit_code == 0, trained.output
    assert "chosen" in trained.output and out.is_file()
    assert load_advisor(out).model.labels == (0, 1, 2, 3, 4)

    source = tmp_path / "call.txt"
    source.write_text("Published : 3 March 2025, 09:00 AM\n" + TEXT + "\n", encoding="utf-8")
    db = tmp_path / "events.db"
    coded = runner.invoke(cli, ["code", str(source), "--db", str(db), "--model", str(out)])
    assert coded.exit_code == 0, coded.output
    listed = runner.invoke(cli, ["events", "--db", str(db), "--format", "jsonl"])
    assert "model: P(" in listed.output


def test_train_command_without_gold_file_is_e110(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["train", "quad", "--gold", str(tmp_path / "none.tsv"), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "E110" in result.stderr
