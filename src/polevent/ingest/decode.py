"""Bytes -> str checks shared by every reader: size, binary, gzip, UTF-8 and newline normalisation.

Each check raises a coded ``InputError`` naming the path (and the line where there is one); the
readers turn those into yielded values.
"""

from __future__ import annotations

import gzip
import io
import stat
import zlib
from pathlib import Path

from polevent.errors import InputError

__all__ = [
    "BINARY_PROBE_BYTES",
    "check_binary",
    "decode_text",
    "gunzip",
    "load_bytes",
    "normalise_text",
    "read_bytes",
]

BINARY_PROBE_BYTES = 8192
_BOM = "\ufeff"


def normalise_text(text: str) -> str:
    """Strip a leading UTF-8 BOM and turn CRLF and lone CR into LF."""
    text = text.removeprefix(_BOM)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, *, source: str, max_bytes: int) -> bytes:
    """Read a regular file of at most ``max_bytes`` bytes (E107 unreadable, E108 too large)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("E109", "not a regular file", path=source)
        if info.st_size > max_bytes:
            raise InputError("E108", f"{info.st_size} bytes > max_bytes={max_bytes}", path=source)
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError as e:
        raise InputError("E107", str(path), path=source) from e
    except OSError as e:
        raise InputError("E107", f"cannot read: {e.strerror or e}", path=source) from e
    if len(raw) > max_bytes:
        raise InputError("E108", f"more than max_bytes={max_bytes} bytes", path=source)
    return raw


def gunzip(raw: bytes, *, source: str, max_bytes: int) -> bytes:
    """Decompress gzip bytes (E102 not valid gzip, E108 inflates past ``max_bytes``)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
            inflated = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError("E102", f"gzip does not decompress: {e}", path=source) from e
    if len(inflated) > max_bytes:
        raise InputError(
            "E108", f"decompresses to more than max_bytes={max_bytes} bytes", path=source
        )
    return inflated


def load_bytes(path: Path, *, source: str, max_bytes: int, compressed: bool) -> bytes:
    """Read a file (decompressing it when ``compressed``) and reject binary content."""
    raw = read_bytes(path, source=source, max_bytes=max_bytes)
    if compressed:
        raw = gunzip(raw, source=source, max_bytes=max_bytes)
    check_binary(raw, source=source)
    return raw


def check_binary(raw: bytes, *, source: str) -> None:
    """Raise E102 when a NUL byte appears in the first ``BINARY_PROBE_BYTES`` bytes."""
    offset = raw.find(b"\x00", 0, BINARY_PROBE_BYTES)
    if offset >= 0:
        raise InputError("E102", f"NUL byte at offset {offset}", path=source)


def _line_of(raw: bytes, offset: int) -> int:
    """1-based line (counting LF, CRLF and CR as breaks) of the byte at ``offset``."""
    return len((raw[:offset] + b"x").splitlines())


def decode_text(raw: bytes, *, source: str, first_line: int = 1) -> str:
    """Decode UTF-8 and normalise; E103 names the line of the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = first_line - 1 + _line_of(raw, e.start)
        detail = f"byte 0x{raw[e.start]:02x} at offset {e.start}"
        raise InputError("E103", detail, path=source, line=line) from e
    return normalise_text(text)
