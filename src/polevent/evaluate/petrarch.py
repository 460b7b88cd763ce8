"""``petrarch``: polevent's own coder on PETRARCH-format gold records about real actors.

The default gold is the PETRARCH-2 GSR validation set (``petr2_gsr_validation.jsonl``: real news
sentences, partly AFP 2008 Gigaword, coded with Phoenix dictionaries and hand-corrected). Any
file in the same record format can be given instead (``polevent eval petrarch --gold FILE``).
Each record is coded as one article dated with its story date, with the real dictionaries; the
matching rules are those of ``polevent.evaluate.petrarch_format``.
"""

from __future__ import annotations

from pathlib import Path

from polevent.evaluate.base import EvalResult, Scorer
from polevent.evaluate.petrarch_format import code_records, evaluate, read_records
from polevent.pipeline import Coder, build_coder

__all__ = ["SCORER", "run"]

NAME = "petrarch"
NOTES = (
    "coder: polevent's real model and dictionaries; each record is one article whose "
    "publication date is the record's story date (date-restricted actor codes use it)",
    "PETR2 GSR gold was derived from PETRARCH-2 output and hand-corrected (silver-to-gold); "
    "PETRARCH codes a country alone as e.g. IRQ where polevent writes IRQGOV (accepted by the "
    "prefix rule), but a gold IRQGOV is not matched by a predicted IRQ",
)


def run(gold: Path, *, coder: Coder | None = None, limit: int | None = None) -> EvalResult:
    """Code the records of ``gold`` (the first ``limit`` when given) and score them."""
    records = read_records(gold)[:limit]
    coded = code_records(records, coder or build_coder(), source=str(gold))
    return evaluate(records, coded, scorer=NAME, gold=str(gold), notes=NOTES)


SCORER = Scorer(
    name=NAME,
    description="CAMEO events on PETRARCH-format gold sentences about real actors",
    default_gold="petrarch-validation/petr2_gsr_validation.jsonl",
    run=run,
    kept_back=True,
)
