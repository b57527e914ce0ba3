"""Schema of meetings, alliances, red positions and the six-haves checklist (issue 4).

Applied by migration ``m003_programme``; kept here so that migration stays one call.
"""

from __future__ import annotations

TABLES = """
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    time TEXT NOT NULL,
    place TEXT,
    host TEXT,
    recorder TEXT,
    status TEXT NOT NULL,
    status_on TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (site_id, year, seq)
);
CREATE INDEX meetings_date ON meetings(held_on);
CREATE TABLE meeting_sites (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (meeting_id, site_id)
);
CREATE INDEX meeting_sites_site ON meeting_sites(site_id, meeting_id);
CREATE TABLE meeting_attendees (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT,
    present INTEGER NOT NULL DEFAULT 1,
    absence_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);
CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    proposer TEXT,
    discussion TEXT,
    vote TEXT,
    review_decision_id INTEGER REFERENCES decisions(id),
    dropped INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, seq)
);
CREATE TABLE agenda_item_cases (
    item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (item_id, case_id)
);
CREATE INDEX agenda_item_cases_case ON agenda_item_cases(case_id);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    item_id INTEGER REFERENCES agenda_items(id),
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    unit TEXT NOT NULL,
    person TEXT,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    done_on TEXT,
    feedback TEXT,
    feedback_on TEXT,
    case_id INTEGER REFERENCES cases(id),
    case_outcome TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, seq)
);
CREATE INDEX decisions_status_due ON decisions(status, due_on);
CREATE INDEX decisions_case ON decisions(case_id);
CREATE TABLE alliances (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    community TEXT,
    founded_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE alliance_sites (
    alliance_id INTEGER NOT NULL REFERENCES alliances(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (alliance_id, site_id)
);
CREATE TABLE cross_appointments (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    alliance_id INTEGER NOT NULL REFERENCES alliances(id),
    person TEXT NOT NULL,
    from_org TEXT NOT NULL,
    role TEXT NOT NULL,
    to_org TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    alliance_id INTEGER REFERENCES alliances(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    organisers TEXT NOT NULL DEFAULT '[]',
    participants INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX activities_date ON activities(held_on);
CREATE TABLE activity_sites (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    PRIMARY KEY (activity_id, site_id)
);
CREATE INDEX activity_sites_site ON activity_sites(site_id);
CREATE TABLE red_positions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL,
    holder TEXT NOT NULL,
    mediator_id INTEGER REFERENCES mediators(id),
    post TEXT,
    start_on TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE zone_buildings (
    position_id INTEGER NOT NULL REFERENCES red_positions(id),
    site_id INTEGER NOT NULL REFERENCES sites(id),
    building INTEGER NOT NULL,
    PRIMARY KEY (position_id, building)
);
CREATE INDEX zone_buildings_lookup ON zone_buildings(site_id, building);
CREATE TABLE site_checks (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    item TEXT NOT NULL,
    ticked INTEGER NOT NULL,
    checked_on TEXT NOT NULL,
    evidence TEXT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX site_checks_site ON site_checks(site_id, item, checked_on);
"""

#: Main tables: rows are never deleted (triggers refuse DELETE).
NO_DELETE = ("meetings", "meeting_attendees", "agenda_items", "decisions", "alliances",
             "cross_appointments", "activities", "red_positions", "site_checks")
