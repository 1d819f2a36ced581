-- coffer catalog, schema version 2: legal holds.
--
-- A cache of the hold records written to the store beside each archive's
-- seal (the store is the truth; `catalog rebuild` reloads them). One row per
-- archive: the current state and the event history as JSON.

CREATE TABLE holds (
    archive_id  TEXT    PRIMARY KEY NOT NULL REFERENCES archives (id),
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    reason      TEXT    NOT NULL,
    by_user     TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    events      TEXT    NOT NULL  -- JSON array of {action, reason, by, at}
);
