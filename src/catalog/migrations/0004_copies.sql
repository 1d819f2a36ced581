-- coffer catalog, schema version 4: copies of archives in several stores.
--
-- One row per (archive, store) that holds, or held, a copy: the primary
-- store (registered with the archive) and every offsite store the archive
-- was pushed to. A copy is recorded only after its size and SHA-256 were
-- read back from the store and matched the seal. `status`:
--   present: hash-checked when stored, not known to be damaged since;
--   bad:     a later check (verify --store) found it damaged or missing;
--            `coffer push --missing` uploads it again;
--   deleted: removed by prune.
-- Like the archives table, this is an index of what the stores hold: a
-- rebuild from a store finds the copies in that store again.

CREATE TABLE copies (
    archive_id    TEXT    NOT NULL REFERENCES archives (id),
    store         TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT    NOT NULL,
    checked_at    TEXT    NOT NULL,
    retain_until  TEXT,
    status        TEXT    NOT NULL DEFAULT 'present'
                  CHECK (status IN ('present', 'bad', 'deleted')),
    error         TEXT,
    PRIMARY KEY (archive_id, store)
);
CREATE INDEX copies_store ON copies (store, status);

-- Every archive registered so far has its primary copy.
INSERT INTO copies (archive_id, store, key, size, sha256, checked_at, status)
SELECT id, store, key, size, sha256, created,
       CASE status WHEN 'good' THEN 'present' ELSE 'deleted' END
FROM archives;
