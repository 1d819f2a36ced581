-- coffer catalog, schema version 3: the GDPR erasure ledger and its replays.
--
-- erasure_ledger is a cache of the signed entries in the store
-- (<store>/ledger/<seq>.json + .sig; the store is the truth and `catalog
-- rebuild` reloads it). Each row keeps the entry JSON byte for byte and its
-- signature; kind, subject_hmac and hash are copied out of it for lookups and
-- are checked against it by `coffer erasure verify-ledger`. The subject id
-- itself is never here in the clear: only its age ciphertext (inside the
-- entry) and a keyed hash.

CREATE TABLE erasure_ledger (
    seq           INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
    kind          TEXT    NOT NULL,
    subject_hmac  TEXT    NOT NULL,
    hash          TEXT    NOT NULL UNIQUE,
    entry         TEXT    NOT NULL,  -- the entry JSON, exactly as in the store
    signature     TEXT    NOT NULL   -- armored SSH signature of `entry`
);
CREATE INDEX erasure_ledger_subject ON erasure_ledger (kind, subject_hmac);

-- Append-only: the chain of hashes detects an edit, these make one harder to
-- do by accident.
CREATE TRIGGER erasure_ledger_no_update BEFORE UPDATE ON erasure_ledger
BEGIN
    SELECT RAISE(ABORT, 'the erasure ledger is append-only');
END;
CREATE TRIGGER erasure_ledger_no_delete BEFORE DELETE ON erasure_ledger
BEGIN
    SELECT RAISE(ABORT, 'the erasure ledger is append-only');
END;

-- Every replay of the ledger on a database: after a restore or drill, or by
-- `coffer erasure replay`. A skipped replay (--no-erasure-replay) is a row
-- with skipped_reason set and ok = 0.
CREATE TABLE erasure_replays (
    id                  INTEGER PRIMARY KEY,
    at                  TEXT    NOT NULL,
    -- No foreign key: `erasure replay` may follow a restore done outside coffer.
    archive_id          TEXT,
    target              TEXT    NOT NULL,
    ledger_seq          INTEGER,          -- the last entry replayed (NULL: empty ledger)
    requests_applied    INTEGER NOT NULL CHECK (requests_applied >= 0),
    rows_per_statement  TEXT    NOT NULL, -- JSON
    checks              TEXT    NOT NULL, -- JSON
    duration_ms         INTEGER NOT NULL CHECK (duration_ms >= 0),
    ok                  INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error               TEXT,
    skipped_reason      TEXT
);
CREATE INDEX erasure_replays_at ON erasure_replays (at);
CREATE INDEX erasure_replays_archive ON erasure_replays (archive_id);
