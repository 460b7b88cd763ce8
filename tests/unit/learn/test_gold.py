"""Reading ``sentence<TAB>label`` files and hashing training data."""

from __future__ import annotations

from pathlib import Path

import pytest

from polevent.errors import InputError
from polevent.learn.gold import read_quad_tsv, training_hash

CLASS_FIXTURE = Path(__file__).parents[2] / "fixtures" / "eval" / "conflibert" / "class_small.tsv"


def test_reads_the_fixture() -> None:
    rows = read_quad_tsv(CLASS_FIXTURE)
    assert len(rows) == 20
    assert [r.label for r in rows].count(4) == 4
    assert rows[16].text == "Israeli air strikes killed six militants in Gaza on Tuesday."
    assert (rows[16].label, rows[16].line) == (4, 17)


def test_blank_lines_are_skipped_and_tabs_inside_text_kept(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text("\nA\tB said so.\t0\n\n", encoding="utf-8")
    (row,) = read_quad_tsv(path)
    assert (row.text, row.label, row.line) == ("A\tB said so.", 0, 2)


@pytest.mark.parametrize("line", ["no label here", "Troops fired.\t7", "\t3", "Text\tx"])
def test_malformed_line_is_e106_with_its_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(f"Fine.\t1\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_quad_tsv(path)
    assert (caught.value.code, caught.value.line) == ("E106", 2)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        read_quad_tsv(tmp_path / "absent.tsv")
    (tmp_path / "empty.tsv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError) as empty:
        read_quad_tsv(tmp_path / "empty.tsv")
    assert (missing.value.code, empty.value.code) == ("E110", "E101")


def test_training_hash_depends_on_texts_labels_and_order() -> None:
    base = training_hash(["a", "b"], [0, 1])
    assert base == training_hash(["a", "b"], [0, 1])
    assert len(base) == 16
    assert len({base, training_hash(["b", "a"], [1, 0]), training_hash(["a", "b"], [0, 2])}) == 3
