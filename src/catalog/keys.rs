//! Key lifecycle (migration 0006): the recipients each class's config has
//! named and when, and the rekeys of archives (`coffer rekey`).

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::error::{Error, Result};
use super::records::ArchiveRecord;
use super::time::{self, rfc3339, rfc3339_opt};
use super::{Catalog, u64_from_sql, u64_to_sql};

/// A recipient as the config names it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredRecipient {
    pub class: String,
    pub fingerprint: String,
    pub recipient: String,
    pub label: Option<String>,
    pub custodian: Option<String>,
}

/// A recipient the catalog knows of, current or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientRow {
    pub class: String,
    pub fingerprint: String,
    pub recipient: String,
    pub label: Option<String>,
    pub custodian: Option<String>,
    #[serde(with = "rfc3339")]
    pub added_at: Timestamp,
    #[serde(with = "rfc3339_opt")]
    pub removed_at: Option<Timestamp>,
}

/// One rewrite of an archive's recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RekeyRecord {
    pub archive_id: String,
    #[serde(with = "rfc3339")]
    pub at: Timestamp,
    pub old_sha256: String,
    pub old_size: u64,
    pub new_sha256: String,
    pub new_size: u64,
    pub old_encryption: String,
    pub new_encryption: String,
    pub old_recipients: Vec<String>,
    pub new_recipients: Vec<String>,
    pub previous_seal_sha256: String,
    /// The replaced seal's JSON text.
    pub previous_seal: String,
}

/// What [`Catalog::sync_recipients`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientChanges {
    pub added: Vec<ConfiguredRecipient>,
    pub removed: Vec<RecipientRow>,
}

impl Catalog {
    /// Makes the recipients table agree with the config's recipients
    /// (`current`, every class): new ones are added now, ones the config
    /// no longer names are marked removed now, one named again is current
    /// again (its first `added_at` kept); labels and custodians follow the
    /// config. One transaction. Returns what was added and removed.
    pub fn sync_recipients(&self, current: &[ConfiguredRecipient]) -> Result<RecipientChanges> {
        let now = time::to_sql(self.now());
        let tx = self.conn.unchecked_transaction()?;
        let known = recipients_in(&tx)?;
        let mut changes = RecipientChanges::default();
        for c in current {
            let existing = known
                .iter()
                .find(|k| k.class == c.class && k.fingerprint == c.fingerprint);
            if existing.is_none_or(|k| k.removed_at.is_some()) {
                changes.added.push(c.clone());
            }
            tx.execute(
                "INSERT INTO recipients (class, fingerprint, recipient, label, custodian, added_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (class, fingerprint) DO UPDATE SET recipient = ?3, label = ?4, \
                 custodian = ?5, removed_at = NULL",
                params![
                    c.class,
                    c.fingerprint,
                    c.recipient,
                    c.label,
                    c.custodian,
                    now
                ],
            )?;
        }
        for k in known.iter().filter(|k| k.removed_at.is_none()) {
            if !current
                .iter()
                .any(|c| c.class == k.class && c.fingerprint == k.fingerprint)
            {
                tx.execute(
                    "UPDATE recipients SET removed_at = ?3 WHERE class = ?1 AND fingerprint = ?2",
                    params![k.class, k.fingerprint, now],
                )?;
                changes.removed.push(k.clone());
            }
        }
        tx.commit()?;
        Ok(changes)
    }

    /// Every recipient the catalog knows of, by class then first seen.
    pub fn recipients(&self) -> Result<Vec<RecipientRow>> {
        recipients_in(&self.conn)
    }

    /// The public key of a fingerprint, from any class's history.
    pub fn recipient_key(&self, fingerprint: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT recipient FROM recipients WHERE fingerprint = ?1 LIMIT 1",
                [fingerprint],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// How many good archives each (class, recipient fingerprint) can
    /// open, counted from the recipients of their seals.
    pub fn archives_by_recipient(&self) -> Result<BTreeMap<(String, String), u64>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.class, j.value, count(*) FROM archives a, json_each(a.recipients) j \
             WHERE a.status = 'good' GROUP BY a.class, j.value",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (class, fp, n) = row?;
            out.insert((class, fp), u64_from_sql(n, "archive count")?);
        }
        Ok(out)
    }

    /// Registers a rekeyed archive, all or nothing: the archive row takes
    /// the new seal, hash, size, encryption and recipients; its primary
    /// copy is the new file; every other copy (offsite) still holds the
    /// old archive and is marked bad ("superseded") until `push` replaces
    /// it; the rekey is recorded.
    pub fn register_rekey(&self, new: &ArchiveRecord, rekey: &RekeyRecord) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let recipients = serde_json::to_string(&new.recipients)
            .map_err(|e| Error::Corrupt(format!("archive {}: recipients: {e}", new.id)))?;
        let changed = tx.execute(
            "UPDATE archives SET size = ?2, sha256 = ?3, encryption = ?4, recipients = ?5, \
             seal = ?6 WHERE id = ?1 AND status = 'good' AND sha256 = ?7",
            params![
                new.id,
                u64_to_sql(new.size, "archive size")?,
                new.sha256,
                new.encryption,
                recipients,
                new.seal,
                rekey.old_sha256,
            ],
        )?;
        if changed != 1 {
            return Err(Error::NotFound(format!(
                "archive {} with ciphertext {} is not a good archive of the catalog",
                new.id, rekey.old_sha256
            )));
        }
        let at = time::to_sql(rekey.at);
        tx.execute(
            "UPDATE copies SET size = ?3, sha256 = ?4, checked_at = ?5, status = 'present', \
             error = NULL WHERE archive_id = ?1 AND store = ?2",
            params![
                new.id,
                new.store,
                u64_to_sql(new.size, "archive size")?,
                new.sha256,
                at
            ],
        )?;
        tx.execute(
            "UPDATE copies SET status = 'bad', error = ?3 \
             WHERE archive_id = ?1 AND store != ?2 AND status != 'deleted'",
            params![
                new.id,
                new.store,
                "superseded by a rekey: this store still holds the old archive until `coffer push` replaces it"
            ],
        )?;
        let json = |v: &Vec<String>| {
            serde_json::to_string(v).map_err(|e| Error::Corrupt(format!("rekey: {e}")))
        };
        tx.execute(
            "INSERT INTO rekeys (archive_id, at, old_sha256, old_size, new_sha256, new_size, \
             old_encryption, new_encryption, old_recipients, new_recipients, \
             previous_seal_sha256, previous_seal) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                rekey.archive_id,
                at,
                rekey.old_sha256,
                u64_to_sql(rekey.old_size, "archive size")?,
                rekey.new_sha256,
                u64_to_sql(rekey.new_size, "archive size")?,
                rekey.old_encryption,
                rekey.new_encryption,
                json(&rekey.old_recipients)?,
                json(&rekey.new_recipients)?,
                rekey.previous_seal_sha256,
                rekey.previous_seal,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The rekeys of an archive, oldest first.
    pub fn rekeys(&self, archive_id: &str) -> Result<Vec<RekeyRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT archive_id, at, old_sha256, old_size, new_sha256, new_size, old_encryption, \
             new_encryption, old_recipients, new_recipients, previous_seal_sha256, previous_seal \
             FROM rekeys WHERE archive_id = ?1 ORDER BY at, id",
        )?;
        type Raw = (
            String,
            String,
            String,
            i64,
            String,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows = stmt.query_map([archive_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ))
        })?;
        let list = |s: &str| -> Result<Vec<String>> {
            serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("rekey recipients: {e}")))
        };
        let mut out = Vec::new();
        for row in rows {
            let r: Raw = row?;
            out.push(RekeyRecord {
                archive_id: r.0,
                at: time::from_sql(&r.1, "rekey time")?,
                old_sha256: r.2,
                old_size: u64_from_sql(r.3, "rekey size")?,
                new_sha256: r.4,
                new_size: u64_from_sql(r.5, "rekey size")?,
                old_encryption: r.6,
                new_encryption: r.7,
                old_recipients: list(&r.8)?,
                new_recipients: list(&r.9)?,
                previous_seal_sha256: r.10,
                previous_seal: r.11,
            });
        }
        Ok(out)
    }
}

fn recipients_in(conn: &rusqlite::Connection) -> Result<Vec<RecipientRow>> {
    let mut stmt = conn.prepare(
        "SELECT class, fingerprint, recipient, label, custodian, added_at, removed_at \
         FROM recipients ORDER BY class, added_at, fingerprint",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (class, fingerprint, recipient, label, custodian, added, removed) = row?;
        out.push(RecipientRow {
            class,
            fingerprint,
            recipient,
            label,
            custodian,
            added_at: time::from_sql(&added, "recipient added_at")?,
            removed_at: removed
                .as_deref()
                .map(|r| time::from_sql(r, "recipient removed_at"))
                .transpose()?,
        });
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn r(class: &str, fp: &str) -> ConfiguredRecipient {
        ConfiguredRecipient {
            class: class.into(),
            fingerprint: fp.into(),
            recipient: format!("age1{fp}"),
            label: Some("l".into()),
            custodian: None,
        }
    }

    #[test]
    fn recipients_are_added_removed_and_readded_with_their_first_date() {
        let mut cat = Catalog::open_in_memory().unwrap();
        let t = std::sync::Arc::new(std::sync::Mutex::new(
            Timestamp::from_second(1_000).unwrap(),
        ));
        let clock = t.clone();
        cat.set_clock(move || *clock.lock().unwrap());
        let c = cat
            .sync_recipients(&[r("general", "a"), r("ferpa", "b")])
            .unwrap();
        assert_eq!(c.added.len(), 2);
        *t.lock().unwrap() = Timestamp::from_second(2_000).unwrap();
        let c = cat.sync_recipients(&[r("general", "a")]).unwrap();
        assert!(c.added.is_empty());
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].fingerprint, "b");
        let rows = cat.recipients().unwrap();
        let b = rows.iter().find(|x| x.fingerprint == "b").unwrap();
        assert_eq!(b.removed_at, Some(Timestamp::from_second(2_000).unwrap()));
        assert_eq!(cat.recipient_key("b").unwrap().as_deref(), Some("age1b"));
        *t.lock().unwrap() = Timestamp::from_second(3_000).unwrap();
        let c = cat
            .sync_recipients(&[r("general", "a"), r("ferpa", "b")])
            .unwrap();
        assert_eq!(c.added.len(), 1, "named again");
        let rows = cat.recipients().unwrap();
        let b = rows.iter().find(|x| x.fingerprint == "b").unwrap();
        assert_eq!(b.removed_at, None);
        assert_eq!(b.added_at, Timestamp::from_second(1_000).unwrap());
        let unchanged = cat
            .sync_recipients(&[r("general", "a"), r("ferpa", "b")])
            .unwrap();
        assert_eq!(unchanged, RecipientChanges::default());
    }
}
