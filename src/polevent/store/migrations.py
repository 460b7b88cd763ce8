"""Named schema migrations of the event store, recorded in a ``migrations`` table.

Each migration is a ``(name, function)`` pair; ``apply_migrations`` runs, in list order, those
whose name is not yet in the ``migrations`` table, each in its own ``BEGIN IMMEDIATE`` transaction
together with the row that records it (as sqlite-utils' migrations do): a migration is applied
with its record or not at all. Migrations never use ``executescript`` (it would commit half-way).
New schema changes are new entries at the end of ``SCHEMA``; applied entries are never edited.

``SCHEMA`` holds the SQL of every migration, written to run on SQLite and PostgreSQL alike;
``MIGRATIONS`` are the SQLite runners built from it and ``polevent.store.postgres`` builds its own
from the same statements (with ``portable_sql`` for the two type differences).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from polevent.errors import StoreError
from polevent.store._transaction import immediate

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "Migration",
    "applied_migrations",
    "apply_migrations",
    "postgres_sql",
]

Migration = tuple[str, Callable[[sqlite3.Connection], None]]

_CREATE_TABLES = (
    # published_at: ISO 8601 as given; published_utc: fixed-width UTC sort key (naive read as UTC).
    """CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT,
        source TEXT NOT NULL,
        published_at TEXT,
        published_utc TEXT,
        text TEXT NOT NULL,
        coded_at TEXT NOT NULL,
        n_events INTEGER NOT NULL DEFAULT 0
    )""",
    # day: date_start, or the publication date when the event date is unknown (filters use it).
    """CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        cameo_code TEXT NOT NULL,
        cameo_root TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        plover_type TEXT NOT NULL,
        plover_mode TEXT,
        date_start TEXT,
        date_end TEXT,
        date_granularity TEXT NOT NULL,
        day TEXT,
        published_at TEXT,
        published_utc TEXT,
        evidence_text TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        record_json TEXT NOT NULL
    )""",
    # code, country and sector are stored upper-case for matching; record_json keeps them as coded.
    """CREATE TABLE event_actors (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        country TEXT,
        sector TEXT,
        name TEXT,
        text TEXT NOT NULL,
        PRIMARY KEY (event_id, role, position)
    )""",
)

_FILTER_INDEXES = (
    "CREATE INDEX events_article ON events (article_id, sentence_index)",
    "CREATE INDEX events_order ON events (published_utc, article_id, sentence_index, event_id)",
    "CREATE INDEX events_day ON events (day)",
    "CREATE INDEX events_cameo_root ON events (cameo_root)",
    "CREATE INDEX events_plover_type ON events (plover_type)",
    "CREATE INDEX event_actors_code ON event_actors (code, role)",
    "CREATE INDEX event_actors_country ON event_actors (country, role)",
    "CREATE INDEX articles_published ON articles (published_utc, id)",
)


# Events vs mentions: every ``events`` row is a mention; its event (cluster) is assigned by the
# dedup clusterer when the mention is stored. ``seq`` is the assignment order (a reload replays it);
# ``new_cluster`` (0/1), ``reason`` and ``score`` explain the decision.
_CLUSTERS = (
    """CREATE TABLE event_clusters (
        event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
        cluster_id TEXT NOT NULL,
        seq INTEGER NOT NULL UNIQUE,
        new_cluster INTEGER NOT NULL,
        reason TEXT NOT NULL,
        score REAL NOT NULL
    )""",
    "CREATE INDEX event_clusters_cluster ON event_clusters (cluster_id)",
)

# Query columns: what the query filters and aggregates need as columns, backfilled from
# ``record_json`` for rows stored before. ``plover_context`` holds the JSON array text
# (``["military"]``); ``place_x/y/z`` are the place's unit vector on the sphere, so "within R km of
# a point" is exact arithmetic in SQL (a dot product against cos(R / earth radius)) on both
# backends. The covering ``event_actors`` indexes let actor and dyad filters run from the index.
_QUERY_COLUMNS = (
    *(
        f"ALTER TABLE events ADD COLUMN {column}"
        for column in (
            "modality TEXT",
            "plover_context TEXT",
            "place_country TEXT",
            "place_admin1 TEXT",
            "place_lat REAL",
            "place_lon REAL",
            "place_x REAL",
            "place_y REAL",
            "place_z REAL",
        )
    ),
    """UPDATE events SET
        modality = json_extract(record_json, '$.modality'),
        plover_context = json_extract(record_json, '$.plover_context'),
        place_country = upper(json_extract(record_json, '$.place.country')),
        place_admin1 = json_extract(record_json, '$.place.admin1'),
        place_lat = CAST(json_extract(record_json, '$.place.lat') AS DOUBLE PRECISION),
        place_lon = CAST(json_extract(record_json, '$.place.lon') AS DOUBLE PRECISION)""",
    """UPDATE events SET
        place_x = cos(radians(place_lat)) * cos(radians(place_lon)),
        place_y = cos(radians(place_lat)) * sin(radians(place_lon)),
        place_z = sin(radians(place_lat))
    WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL""",
    "DROP INDEX event_actors_code",
    "DROP INDEX event_actors_country",
    "CREATE INDEX event_actors_country_role ON event_actors (country, role, event_id)",
    "CREATE INDEX event_actors_code_role ON event_actors (code, role, event_id)",
    # pages and series: filter, order and count without reading the wide rows (record_json)
    "CREATE INDEX events_page ON events (event_id, published_utc, article_id, sentence_index,"
    " day, quad_class, goldstein)",
    "CREATE INDEX events_place_country ON events (place_country)",
    "CREATE INDEX events_place_lat ON events (place_lat)",
    "CREATE INDEX events_cameo_code ON events (cameo_code)",
)

# Versioned re-coding: every mention's coder and data versions as columns (backfilled from
# ``record_json``; ``''`` for records written before versions existed), and re-code runs whose
# mentions wait in ``pending_events`` until the run is accepted (they become the current
# ``events`` rows) or rejected (deleted). ``recode_articles`` lists the articles a run has
# re-coded (also those that now code to no mention), so a run resumes where it stopped.
# ``status`` is 'pending', 'accepted' or 'rejected'; at most one run is pending at a time.
_RECODING = (
    "ALTER TABLE events ADD COLUMN coder_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE events ADD COLUMN data_version TEXT NOT NULL DEFAULT ''",
    """UPDATE events SET
        coder_version = COALESCE(json_extract(record_json, '$.coder_version'), ''),
        data_version = COALESCE(json_extract(record_json, '$.data_version'), '')""",
    "CREATE INDEX events_versions ON events (article_id, coder_version, data_version)",
    """CREATE TABLE recode_runs (
        run_id TEXT PRIMARY KEY,
        coder_version TEXT NOT NULL,
        data_version TEXT NOT NULL,
        forced INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
        started_at TEXT NOT NULL,
        closed_at TEXT
    )""",
    """CREATE TABLE recode_articles (
        run_id TEXT NOT NULL REFERENCES recode_runs(run_id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        recoded_at TEXT NOT NULL,
        n_pending INTEGER NOT NULL,
        PRIMARY KEY (run_id, article_id)
    )""",
    """CREATE TABLE pending_events (
        run_id TEXT NOT NULL REFERENCES recode_runs(run_id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        sentence_index INTEGER NOT NULL,
        coder_version TEXT NOT NULL,
        data_version TEXT NOT NULL,
        record_json TEXT NOT NULL,
        PRIMARY KEY (run_id, event_id)
    )""",
    "CREATE INDEX pending_events_article ON pending_events (run_id, article_id, sentence_index)",
)

# Dashboard aggregates: the event's place (its JSON object, ``null`` for none) as a column
# computed from ``record_json``, so the map groups places in SQL without decoding records
# (generated: every write path fills it; virtual on SQLite, stored on PostgreSQL, see
# ``postgres_sql``; one column, so PostgreSQL parses each record once when it is written); a
# covering ``event_actors`` index by event, so aggregates that join actors to mentions read no
# table rows.
_DASHBOARD = (
    "ALTER TABLE events ADD COLUMN place_json TEXT"
    " GENERATED ALWAYS AS (json_extract(record_json, '$.place')) VIRTUAL",
    "CREATE INDEX event_actors_event ON event_actors (event_id, role, country, code)",
)

SCHEMA: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("0001_create_tables", _CREATE_TABLES),
    ("0002_filter_indexes", _FILTER_INDEXES),
    ("0003_event_clusters", _CLUSTERS),
    ("0004_query_columns", _QUERY_COLUMNS),
    ("0005_recoding", _RECODING),
    ("0006_dashboard", _DASHBOARD),
)
"""``(name, statements)`` of every migration, in order; portable SQL (see ``postgres_sql``)."""

_TEXT = re.compile(r"\bTEXT\b")
_REAL = re.compile(r"\bREAL\b")
_VIRTUAL = re.compile(r"\bVIRTUAL$")
_JSON = re.compile(r"json_extract\((\w+), '\$\.([\w.]+)'\)")


def _pg_json(match: re.Match[str]) -> str:
    column, path = match.groups()
    return f"(CAST({column} AS jsonb) #>> '{{{path.replace('.', ',')}}}')"


def postgres_sql(statement: str) -> str:
    """``statement`` for PostgreSQL: in ``CREATE TABLE`` and ``ALTER TABLE``, ``REAL`` columns
    become ``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` is 4 bytes, SQLite's 8) and ``TEXT``
    columns collate byte-wise (``COLLATE "C"``, SQLite's ``BINARY``), so both backends store the
    same values and sort text the same way; SQLite's ``json_extract(column, '$.a.b')`` becomes
    ``(CAST(column AS jsonb) #>> '{a,b}')`` (both give SQL NULL for a JSON null); a ``VIRTUAL``
    generated column (what SQLite's ``ALTER TABLE`` can add) is ``STORED`` (what PostgreSQL
    has)."""
    statement = _JSON.sub(_pg_json, statement)
    if not statement.lstrip().upper().startswith(("CREATE TABLE", "ALTER TABLE")):
        return statement
    statement = _VIRTUAL.sub("STORED", statement)
    return _REAL.sub("DOUBLE PRECISION", _TEXT.sub('TEXT COLLATE "C"', statement))


def _run(statements: Sequence[str]) -> Callable[[sqlite3.Connection], None]:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return migrate


MIGRATIONS: tuple[Migration, ...] = tuple((name, _run(statements)) for name, statements in SCHEMA)


def applied_migrations(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(name, applied_at)`` rows of the ``migrations`` table, in the order they were applied."""
    rows = conn.execute("SELECT name, applied_at FROM migrations ORDER BY rowid").fetchall()
    return [(str(name), str(applied_at)) for name, applied_at in rows]


def apply_migrations(
    conn: sqlite3.Connection,
    migrations: Sequence[Migration] = MIGRATIONS,
    *,
    now: Callable[[], datetime],
) -> list[str]:
    """Apply the missing ``migrations`` to ``conn``; return the names applied now (often none).

    Raises ``StoreError("E402")`` when a migration fails (it is rolled back with its record) and
    when the database records migrations this list does not know (a newer polevent wrote it).
    """
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations"
            " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        known = {name for name, _ in applied_migrations(conn)}
    except sqlite3.Error as e:
        raise StoreError("E402", f"cannot read the migrations table: {e}") from e
    unknown = sorted(known - {name for name, _ in migrations})
    if unknown:
        raise StoreError("E402", f"database has migrations this polevent does not know: {unknown}")
    applied: list[str] = []
    for name, migrate in migrations:
        if name in known:
            continue
        try:
            with immediate(conn):
                # Another process may have applied it between our read and our write lock.
                if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                migrate(conn)
                conn.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (name, now().isoformat()),
                )
        except Exception as e:
            raise StoreError("E402", f"{name}: {type(e).__name__}: {e}") from e
        applied.append(name)
    return applied
