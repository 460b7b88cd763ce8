"""All of polevent's exceptions and warnings, each with a stable code.

Exception tree::

    PoleventError                      base of everything raised on purpose
    ├── InputError          E1xx       a source file or record that cannot be read
    ├── ModelError          E2xx       the spaCy model is missing or the wrong version
    ├── DataFileError       E3xx       one of our own data files fails its schema check
    ├── StoreError          E4xx       the event store cannot be opened, migrated or written
    └── GazetteerError      E5xx       the place index is missing, stale or cannot be built

    PoleventWarning (UserWarning)      W1xx, something was coded with less information than usual

Codes (message templates are in ``MESSAGES``):

* E101 empty input, E102 binary input, E103 not UTF-8, E104 malformed JSON line,
  E105 unparseable date, E106 missing or wrong-typed field, E107 path not found,
  E108 input too large, E109 unsupported file type, E110 gold file not found,
  E111 no extractable article text, E112 malformed CSV, E113 malformed or not an RSS/Atom feed,
  E114 malformed WARC, E115 fetch failed
* E201 model not installed, E202 model version mismatch, E203 embedding model not installed or
  damaged, E204 learned model does not match the installed embedder, E205 learned model file
  cannot be read or trained, E206 optional engine not installed
* E301 data file missing or malformed
* E401 store cannot be opened, E402 migration failed, E403 write failed, E404 unknown store URL,
  E405 no re-code run pending, E406 a re-code run of other versions is pending
* E501 gazetteer not built, E502 gazetteer built by another version (rebuild it),
  E503 gazetteer build failed
* W101 article has no publication date
"""

from __future__ import annotations

__all__ = [
    "MESSAGES",
    "DataFileError",
    "GazetteerError",
    "InputError",
    "ModelError",
    "PoleventError",
    "PoleventWarning",
    "StoreError",
]

MESSAGES: dict[str, str] = {
    "E101": "empty input: nothing to read",
    "E102": "binary input: this does not look like text",
    "E103": "not UTF-8 text",
    "E104": "malformed JSON",
    "E105": "unparseable date",
    "E106": "missing or wrong-typed field",
    "E107": "path not found",
    "E108": "input too large",
    "E109": "unsupported file type",
    "E110": "gold file not found",
    "E111": "no extractable article text",
    "E112": "malformed CSV",
    "E113": "malformed or not an RSS/Atom feed",
    "E114": "malformed WARC",
    "E115": "fetch failed",
    "E201": "spaCy model not installed",
    "E202": "spaCy model version mismatch",
    "E203": "embedding model not installed or damaged",
    "E204": "learned model does not match the installed embedder",
    "E205": "learned model file cannot be read or trained",
    "E206": "optional engine not installed: pip install polevent[ray]",
    "E301": "data file missing or malformed",
    "E401": "event store cannot be opened",
    "E402": "store migration failed",
    "E403": "store write failed",
    "E404": "unknown store URL",
    "E405": "no re-code run is pending",
    "E406": "a re-code run of other versions is pending",
    "E501": "gazetteer not built (run `polevent gazetteer build` or `make`)",
    "E502": "gazetteer was built by another version; rebuild it",
    "E503": "gazetteer build failed",
    "W101": "article has no publication date; its events get an unknown date",
}


class PoleventError(Exception):
    """Base class: ``code`` (``E101``...), a message, and where it happened (``path``, ``line``)."""

    def __init__(
        self, code: str, detail: str = "", *, path: str | None = None, line: int | None = None
    ) -> None:
        self.code = code
        self.detail = detail
        self.path = path
        self.line = line
        super().__init__(self._format())

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only ``path``/``line``: rebuild through ``_rebuild`` so an error raised in a
        # worker process reaches the parent with its code, detail and place intact.
        return (_rebuild, (type(self), self.code, self.detail, self.path, self.line))

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        text = MESSAGES.get(self.code, "error")
        return f"{where}{self.code} {text}" + (f" ({self.detail})" if self.detail else "")


def _rebuild(
    cls: type[PoleventError], code: str, detail: str, path: str | None, line: int | None
) -> PoleventError:
    return cls(code, detail, path=path, line=line)


class InputError(PoleventError):
    """A source file or record cannot be read (E1xx)."""


class ModelError(PoleventError):
    """The spaCy model is missing or not the pinned version (E2xx)."""


class DataFileError(PoleventError):
    """One of polevent's own data files is missing or fails its schema check (E3xx)."""


class StoreError(PoleventError):
    """The event store cannot be opened, migrated or written (E4xx)."""


class GazetteerError(PoleventError):
    """The place index is missing, stale or cannot be built (E5xx)."""


class PoleventWarning(UserWarning):
    """Something was coded with less information than usual (W1xx); the message starts with it."""

    def __init__(self, code: str, detail: str = "", *, path: str | None = None) -> None:
        self.code = code
        self.path = path
        where = f"{path}: " if path else ""
        text = f"{where}{code} {MESSAGES.get(code, 'warning')}" + (f" ({detail})" if detail else "")
        super().__init__(text)
