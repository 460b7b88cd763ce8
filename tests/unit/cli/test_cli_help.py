"""Every command documents itself with an example; ``--version`` prints the package version."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import polevent
from polevent.cli import cli


def test_there_are_commands() -> None:
    assert {"code", "events"} <= set(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_help_has_an_example(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, [name, "--help"])

    assert result.exit_code == 0, result.stderr
    assert "Example:" in result.stdout
    assert f"polevent {name}" in result.stdout
    assert result.stdout.startswith(f"Usage: cli {name} [OPTIONS]")


def test_group_help_has_an_example_and_lists_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-h"])

    assert result.exit_code == 0
    assert "Example:" in result.stdout
    for name in cli.commands:
        assert f"  {name}  " in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])

    assert result.exit_code == 0
    assert result.stdout == f"polevent, version {polevent.__version__}\n"
    assert polevent.__version__ == "0.1.0"


def test_python_m_polevent_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "polevent", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert (done.returncode, done.stdout) == (0, f"polevent, version {polevent.__version__}\n")
