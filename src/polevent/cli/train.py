"""``polevent train quad``: train the learned quad-class model on gold data."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from polevent.errors import InputError, PoleventError
from polevent.evaluate.base import gold_root

__all__ = ["train_group"]

DEFAULT_GOLD = "conflibert-cameo/cameo_class_train.tsv"
DEFAULT_OUT = Path("var/models/quad.npz")


@click.group("train")
def train_group() -> None:
    """Train learned models used next to the patterns.

    Example: polevent train quad --out var/models/quad.npz
    """


@train_group.command("quad")
@click.option(
    "--gold", type=click.Path(path_type=Path), help=f"sentence<TAB>label file [{DEFAULT_GOLD}]"
)
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True)
@click.option("--folds", type=int, default=5, show_default=True, help="cross-validation folds")
def train_quad_command(gold: Path | None, out: Path, folds: int) -> None:
    """Cross-validate the model variants on GOLD, fit the best on all of it, save it to OUT.

    Example: polevent train quad --out var/models/quad.npz
    (then: polevent code samples --db events.db --model var/models/quad.npz)
    """
    from polevent.learn.quad import train_quad
    from polevent.pipeline import build_coder

    console = Console()
    path = gold or gold_root() / DEFAULT_GOLD
    try:
        if not path.is_file():
            raise InputError("E110", path=str(path))
        out.parent.mkdir(parents=True, exist_ok=True)
        report = train_quad(path, out=out, coder=build_coder(), folds=folds)
    except PoleventError as e:
        Console(stderr=True).print(f"error: {e}", markup=False, highlight=False)
        raise SystemExit(1) from e
    for variant in report.variants:
        console.print(
            f"{variant.name:<40} accuracy {variant.accuracy:.3f}  macro-F1 {variant.macro_f1:.3f}"
        )
    size = f"{report.size_bytes} bytes"
    console.print(f"chosen {report.chosen}; wrote {report.out} ({size}) in {report.seconds:.0f} s")
