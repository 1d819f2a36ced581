//! `coffer catalog check`: SQLite's own integrity check, then the
//! catalog's invariants that SQLite does not enforce by itself.

use super::{Catalog, Result};

impl Catalog {
    /// Every problem found, one line each (empty: the catalog is sound).
    /// A file too damaged to be read at all is an [`super::Error::Damaged`].
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut integrity = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = integrity.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = fk.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        // An archive row is its seal's index entry: they must agree.
        let mut seals = self
            .conn
            .prepare("SELECT id, sha256, size, seal FROM archives WHERE status = 'good'")?;
        let rows = seals.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, sha256, size, seal) = row?;
            let agrees = serde_json::from_str::<serde_json::Value>(&seal).is_ok_and(|s| {
                s["archive_id"] == id.as_str()
                    && s["ciphertext"]["sha256"] == sha256.as_str()
                    && s["ciphertext"]["size"] == size
            });
            if !agrees {
                problems.push(format!(
                    "archive {id}: the recorded seal does not describe the row"
                ));
            }
        }
        let half: i64 = self.conn.query_row(
            "SELECT count(*) FROM runs WHERE (outcome IS NULL) <> (finished IS NULL)",
            [],
            |r| r.get(0),
        )?;
        if half > 0 {
            problems.push(format!(
                "runs: {half} with an outcome but no finish time or the reverse"
            ));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Catalog;

    #[test]
    fn a_fresh_catalog_is_sound() {
        let c = Catalog::open_in_memory().expect("catalog");
        assert_eq!(c.check().expect("check"), Vec::<String>::new());
    }
}
