-- coffer catalog, schema version 1.
--
-- The catalog is an index: every archive row carries the seal JSON text exactly
-- as written beside the archive, plus the manifest facts, so that the store
-- alone can rebuild this table (DESIGN "The catalog is an index, storage is the
-- truth"). Timestamps are RFC 3339 text in UTC with nine fractional digits, so
-- that text order is time order and indexes on them sort correctly.

CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    -- No foreign key: a failed backup's archive id is never registered.
    archive_id   TEXT,
    started      TEXT    NOT NULL,
    -- NULL while running; a crashed run stays unfinished.
    finished     TEXT,
    duration_ms  INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    outcome      TEXT    CHECK (outcome IS NULL OR outcome IN ('ok', 'failed')),
    error        TEXT,
    details      TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX runs_kind_started ON runs (kind, started);
CREATE INDEX runs_archive ON runs (archive_id);

CREATE TABLE archives (
    id              TEXT    PRIMARY KEY NOT NULL,
    class           TEXT    NOT NULL,
    created         TEXT    NOT NULL,
    store           TEXT    NOT NULL,
    key             TEXT    NOT NULL,
    size            INTEGER NOT NULL CHECK (size >= 0),
    sha256          TEXT    NOT NULL,
    encryption      TEXT    NOT NULL,
    recipients      TEXT    NOT NULL,  -- JSON array of strings
    payload_kind    TEXT    NOT NULL,
    seal            TEXT    NOT NULL,  -- the seal JSON text, byte for byte
    facts           TEXT    NOT NULL,  -- manifest facts, JSON
    run_id          INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    set_id          TEXT,
    status          TEXT    NOT NULL DEFAULT 'good' CHECK (status IN ('good', 'deleted')),
    deleted_at      TEXT,
    deleted_reason  TEXT
);
CREATE INDEX archives_class_created ON archives (class, created);
CREATE INDEX archives_created ON archives (created);
CREATE INDEX archives_set ON archives (set_id);

CREATE TABLE verifications (
    id           INTEGER PRIMARY KEY,
    archive_id   TEXT    NOT NULL REFERENCES archives (id),
    at           TEXT    NOT NULL,
    deep         INTEGER NOT NULL CHECK (deep IN (0, 1)),
    store        TEXT    NOT NULL,
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error        TEXT,
    duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX verifications_archive_at ON verifications (archive_id, at);

CREATE TABLE drills (
    id              INTEGER PRIMARY KEY,
    archive_id      TEXT    NOT NULL REFERENCES archives (id),
    at              TEXT    NOT NULL,
    ok              INTEGER NOT NULL CHECK (ok IN (0, 1)),
    scratch_db      TEXT    NOT NULL,
    restore_ms      INTEGER NOT NULL CHECK (restore_ms >= 0),
    check_ms        INTEGER NOT NULL CHECK (check_ms >= 0),
    total_ms        INTEGER NOT NULL CHECK (total_ms >= 0),
    tables_checked  INTEGER NOT NULL CHECK (tables_checked >= 0),
    mismatches      TEXT    NOT NULL,  -- JSON
    error           TEXT
);
CREATE INDEX drills_archive_at ON drills (archive_id, at);
