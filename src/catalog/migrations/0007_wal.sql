-- coffer catalog, schema version 7: the WAL archive (spec/wal.md).
--
-- One row per file PostgreSQL's archiver handed to `coffer wal push`: WAL
-- segments, timeline history files and backup history files. Each is a small
-- sealed archive in its class's store under `wal/<TLI>/<name>.<ext>`; like
-- the archives table this is an index of what the store holds.
--
-- `payload_sha256` is the SHA-256 of the file as PostgreSQL wrote it: a
-- second push of the same name succeeds only with the same content
-- (archive_command must be idempotent, and must refuse to overwrite a
-- different file). It is kept here only, never in the plaintext seal.
-- `status`: present, or deleted (pruned: no kept base backup needs it).

CREATE TABLE wal_files (
    name            TEXT    PRIMARY KEY NOT NULL,
    timeline        INTEGER NOT NULL CHECK (timeline >= 1),
    kind            TEXT    NOT NULL CHECK (kind IN ('segment', 'partial', 'history', 'backup')),
    -- The segment number on its timeline (log * segments per log + seg);
    -- NULL for history files.
    segno           INTEGER,
    archive_id      TEXT    NOT NULL,
    class           TEXT    NOT NULL,
    store           TEXT    NOT NULL,
    key             TEXT    NOT NULL,
    size            INTEGER NOT NULL CHECK (size >= 0),
    sha256          TEXT    NOT NULL,
    payload_size    INTEGER NOT NULL CHECK (payload_size >= 0),
    payload_sha256  TEXT    NOT NULL,
    pushed_at       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'present' CHECK (status IN ('present', 'deleted')),
    deleted_at      TEXT
);
CREATE INDEX wal_files_timeline_segno ON wal_files (timeline, segno);

-- Offsite copies of WAL files, recorded after the copy was read back and
-- matched the seal (as `copies` does for archives).
CREATE TABLE wal_copies (
    name        TEXT    NOT NULL REFERENCES wal_files (name),
    store       TEXT    NOT NULL,
    checked_at  TEXT    NOT NULL,
    PRIMARY KEY (name, store)
);
