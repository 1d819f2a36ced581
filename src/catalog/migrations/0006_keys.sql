-- coffer catalog, schema version 6: key lifecycle (issue 15).
--
-- recipients: every recipient a class's config has named, with its label
-- and custodian as the config last said, when coffer first saw it and, once
-- the config dropped it, when it was removed. The audit log's config-seen
-- and config-change entries are the signed history; this table is their
-- index, for `coffer keys list`.
--
-- rekeys: every rewrite of an archive's recipients (`coffer rekey`): the
-- ciphertext before and after, the recipients before and after, and the
-- previous seal byte for byte, so "who could read archive A on date D" is
-- answerable from the catalog. The new seal names the previous one by its
-- SHA-256; the store keeps only the newest seal.

CREATE TABLE recipients (
    class        TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    recipient    TEXT NOT NULL,   -- the public key (age1...)
    label        TEXT,
    custodian    TEXT,
    added_at     TEXT NOT NULL,
    removed_at   TEXT,            -- NULL while the config names it
    PRIMARY KEY (class, fingerprint)
);

CREATE TABLE rekeys (
    id                     INTEGER PRIMARY KEY,
    archive_id             TEXT    NOT NULL REFERENCES archives (id),
    at                     TEXT    NOT NULL,
    old_sha256             TEXT    NOT NULL,
    old_size               INTEGER NOT NULL CHECK (old_size >= 0),
    new_sha256             TEXT    NOT NULL,
    new_size               INTEGER NOT NULL CHECK (new_size >= 0),
    old_encryption         TEXT    NOT NULL,
    new_encryption         TEXT    NOT NULL,
    old_recipients         TEXT    NOT NULL,  -- JSON array of fingerprints
    new_recipients         TEXT    NOT NULL,  -- JSON array of fingerprints
    previous_seal_sha256   TEXT    NOT NULL,
    previous_seal          TEXT    NOT NULL   -- the replaced seal's JSON text
);
CREATE INDEX rekeys_archive ON rekeys (archive_id, at);
