-- coffer catalog, schema version 5: the tamper-evident audit log (spec/audit.md).
--
-- One row per entry. `line` is the entry exactly as signed and as written
-- to the stores' segments (one line of JSON, no trailing newline); `hash` is
-- the hex SHA-256 of `line`, which the next entry carries as `prev`. `at`
-- and `action` are copied out of the line for `coffer audit log --since
-- --action`; `coffer audit verify` checks them against it. The chain and
-- the signatures make any edit visible; the triggers make one harder to do
-- by accident.

CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
    at      TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    hash    TEXT    NOT NULL,
    line    TEXT    NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
