"""Golden file: what the bundled sample articles code to, pinned with the model version.

Refresh after an intended change with ``pytest tests/golden --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from polevent.ingest import iter_articles
from polevent.pipeline import Coder, code_articles
from polevent.records import Article, EventRecord

GOLDEN = Path(__file__).with_name("samples.golden.json")

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _summary(event: EventRecord) -> dict[str, Any]:
    return {
        "sentence": event.sentence_index,
        "trigger": event.trigger,
        "cameo": event.cameo_code,
        "plover": [event.plover_type, event.plover_mode, *event.plover_context],
        "source": [a.code for a in event.source],
        "target": [a.code for a in event.target],
        "modality": event.modality,
        **({"speaker": event.speaker} if event.speaker else {}),
        "date": _date(event),
        **({"counts": counts} if (counts := _counts(event)) else {}),
    }


def _date(event: EventRecord) -> str:
    """ "2025-05-15..2025-05-15 day" (``..`` for an open end), the event's own date."""
    when = event.date
    start = when.start.isoformat() if when.start else ""
    end = when.end.isoformat() if when.end else ""
    return f"{start}..{end} {when.granularity}"


def _counts(event: EventRecord) -> dict[str, int]:
    found = {
        "killed": event.counts.killed,
        "injured": event.counts.injured,
        "arrested": event.counts.arrested,
        "displaced": event.counts.displaced,
        "size": event.counts.size,
    }
    return {name: n for name, n in found.items() if n is not None}


def _coded(coder: Coder) -> dict[str, Any]:
    articles = [a for a in iter_articles([SAMPLES]) if isinstance(a, Article)]
    return {
        "model": coder.nlp.meta["version"],
        "articles": {
            os.path.relpath(article.source, SAMPLES): [_summary(e) for e in events]
            for article, events in code_articles(articles, coder)
        },
    }


def _dumps(coded: dict[str, Any]) -> str:
    """JSON with one event per line, so a changed event shows as a one-line diff."""
    blocks = []
    for source, events in coded["articles"].items():
        lines = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in events)
        blocks.append(
            f"  {json.dumps(source)}: [\n{lines}\n  ]" if events else f"  {json.dumps(source)}: []"
        )
    body = ",\n".join(blocks)
    return f'{{"model": {json.dumps(coded["model"])}, "articles": {{\n{body}\n}}}}\n'


def test_samples_match_the_golden_file(request: pytest.FixtureRequest, golden_coder: Coder) -> None:
    coded = _coded(golden_coder)
    assert len(coded["articles"]) >= 6
    if request.config.getoption("--update-golden", default=False):
        GOLDEN.write_text(_dumps(coded), encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert coded["model"] == expected["model"]
    assert coded["articles"].keys() == expected["articles"].keys()
    for source, events in expected["articles"].items():
        assert coded["articles"][source] == events, source
