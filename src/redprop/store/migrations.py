"""Schema migrations, applied in order by sqlite-utils' ``Migrations``.

Imported only when a database is behind ``SCHEMA_VERSION``. Each migration
is appended, never edited, and ``SCHEMA_VERSION`` in ``db.py`` equals their count.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from redprop.clock import now_iso

migrations = Migrations("redprop")


def _run(db: Database, statements: str) -> None:
    # executescript() would COMMIT our IMMEDIATE transaction, so run one by one.
    for stmt in statements.split(";\n"):
        if stmt.strip():
            db.execute(stmt)


def _no_delete(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_never_deleted BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'redprop never deletes {table} rows'); END;\n"
    )


@migrations()
def m001_case_desk(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    community TEXT,
    street TEXT,
    district TEXT,
    company TEXT,
    housing TEXT NOT NULL DEFAULT 'commercial',
    level TEXT NOT NULL DEFAULT 'none',
    level_year INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    unit TEXT,
    phone TEXT,
    party_member INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'individual',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_site_name ON people(site_id, name);
CREATE TABLE mediators (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people(id),
    party_branch TEXT,
    title TEXT NOT NULL DEFAULT 'party-member',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE mediator_sites (
    mediator_id INTEGER NOT NULL REFERENCES mediators(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (mediator_id, site_id)
);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    zh TEXT NOT NULL,
    en TEXT NOT NULL,
    stat_type TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    title TEXT NOT NULL,
    description TEXT,
    source TEXT NOT NULL,
    reported_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    extension_reason TEXT,
    status TEXT NOT NULL,
    outcome TEXT,
    referred_to TEXT,
    amount_cents INTEGER,
    agreed_cents INTEGER,
    resolved_on TEXT,
    failed_on TEXT,
    withdrawn_on TEXT,
    closed_on TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (site_id, year, seq)
);
CREATE INDEX cases_status_due ON cases(status, due_on);
CREATE INDEX cases_site_status ON cases(site_id, status);
CREATE TABLE case_parties (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    role TEXT NOT NULL,
    PRIMARY KEY (case_id, person_id, role)
);
CREATE INDEX case_parties_person ON case_parties(person_id);
CREATE TABLE case_mediators (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    mediator_id INTEGER NOT NULL REFERENCES mediators(id),
    assigned_on TEXT NOT NULL,
    PRIMARY KEY (case_id, mediator_id)
);
CREATE INDEX case_mediators_mediator ON case_mediators(mediator_id);
CREATE TABLE case_notes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    body TEXT NOT NULL,
    noted_on TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes(case_id);
CREATE TABLE case_visits (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    visited_on TEXT NOT NULL,
    fulfilment TEXT NOT NULL,
    satisfaction TEXT NOT NULL,
    note TEXT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX case_visits_case ON case_visits(case_id);
CREATE INDEX case_visits_date ON case_visits(visited_on);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_uuid TEXT NOT NULL,
    ref TEXT,
    case_id INTEGER,
    action TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_case ON events(case_id);
CREATE INDEX events_entity ON events(entity_uuid);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""
        + "".join(
            _no_delete(t)
            for t in ("sites", "people", "mediators", "categories", "cases", "case_notes", "case_visits")
        ),
    )
    from redprop.domain.vocab import SEED_CATEGORIES
    from redprop.store.db import new_uuid

    at = now_iso()
    for key, zh, en, stat_type in SEED_CATEGORIES:
        db.execute(
            "INSERT INTO categories (uuid, key, zh, en, stat_type, builtin, created_at) "
            "VALUES (?, ?, ?, ?, ?, 1, ?)",
            [new_uuid(), key, zh, en, stat_type, at],
        )


@migrations()
def m002_report_indexes(db: Database) -> None:
    # `redprop report` aggregates a period from index ranges alone (see domain/report.py).
    # "ended" is the day a case left the active states: resolved, failed or withdrawn
    # come first and closed only ever follows resolved or failed; active cases sort last.
    # cases_report_grain leads with the breakdown columns so that a report iterates
    # site x category x source with IN lists and groups without sorting. cases_report_id is
    # the narrow side of the join from a return visit to its case's site, category and source.
    # The expression must match redprop.domain.report.ENDED exactly.
    ended = "coalesce(resolved_on, failed_on, withdrawn_on, closed_on, '9999-12-31')"
    _run(
        db,
        f"""
CREATE INDEX cases_report_grain ON cases(site_id, category_id, source, {ended},
    reported_on, due_on, resolved_on, failed_on, withdrawn_on, agreed_cents);
CREATE INDEX cases_report_closed_grain ON cases(site_id, category_id, source, closed_on)
    WHERE closed_on IS NOT NULL;
CREATE INDEX cases_report_reported ON cases(reported_on, site_id);
CREATE INDEX cases_report_resolved ON cases(resolved_on, site_id, reported_on, agreed_cents)
    WHERE resolved_on IS NOT NULL;
CREATE INDEX cases_report_failed ON cases(failed_on, site_id) WHERE failed_on IS NOT NULL;
CREATE INDEX cases_report_withdrawn ON cases(withdrawn_on, site_id) WHERE withdrawn_on IS NOT NULL;
CREATE INDEX cases_report_closed ON cases(closed_on, site_id) WHERE closed_on IS NOT NULL;
CREATE INDEX cases_report_ended ON cases({ended}, reported_on, due_on, site_id, resolved_on, failed_on,
    withdrawn_on);
CREATE INDEX case_visits_report ON case_visits(visited_on, case_id, satisfaction, fulfilment);
CREATE INDEX cases_report_id ON cases(id, site_id, category_id, source);
""",
    )


@migrations()
def m003_programme(db: Database) -> None:
    # Meetings, alliances, red positions and the six-haves checklist (issue 4).
    from redprop.store.programme_schema import NO_DELETE, TABLES

    _run(db, TABLES + "".join(_no_delete(t) for t in NO_DELETE))


@migrations()
def m004_mediator_report_index(db: Database) -> None:
    # The report's mediator breakdown joins every case in hand during the period to its
    # mediators and their assignment dates; covering that lookup spares a table read each.
    _run(db, "CREATE INDEX case_mediators_report ON case_mediators(case_id, assigned_on, mediator_id);")


def apply_all(conn: sqlite3.Connection) -> None:
    """Apply pending migrations inside the caller's IMMEDIATE transaction."""
    migrations.apply(Database(conn))
