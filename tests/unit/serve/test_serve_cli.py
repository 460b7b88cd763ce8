"""``polevent serve``: the real server (uvicorn) in a subprocess, over loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from polevent.cli.main import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, *, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: bytes = response.read()
                return body
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_answers_over_loopback(served_db: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "polevent", "serve", "--db", str(served_db)]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    try:
        body = _get(f"http://127.0.0.1:{port}/api/stats", deadline=time.monotonic() + 30)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert json.loads(body)["articles"] == 13
    assert f"http://127.0.0.1:{port}/" in out.decode()
    assert b"Traceback" not in err


def test_serve_refuses_a_missing_store_and_an_unset_token(tmp_path: Path) -> None:
    runner = CliRunner(mix_stderr=False)
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "E401" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    unset = runner.invoke(
        cli,
        ["serve", "--db", str(tmp_path / "none.db"), "--write-token-env", "POLEVENT_NO_SUCH_VAR"],
        env={"POLEVENT_NO_SUCH_VAR": ""},
    )
    assert unset.exit_code == 1 and "POLEVENT_NO_SUCH_VAR" in unset.stderr


def test_the_app_module_does_not_import_spacy(tmp_path: Path) -> None:
    script = (
        "import json, sys\nfrom polevent.serve import create_app\ncreate_app(db='unused.db')\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert not (tmp_path / "unused.db").exists()  # building the app does no I/O
    loaded = set(json.loads(done.stdout))
    assert "fastapi" in loaded
    assert not {name for name in loaded if name.split(".")[0] in {"spacy", "thinc"}}
