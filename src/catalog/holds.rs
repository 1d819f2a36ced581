//! Legal holds (cache of the hold records in the store).

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::Catalog;
use super::error::{Error, Result};

/// One event in an archive's hold history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldEvent {
    /// "add" or "release".
    pub action: String,
    pub reason: String,
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

/// An archive's hold state: active when the last event is "add".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldRecord {
    pub archive_id: String,
    pub events: Vec<HoldEvent>,
}

impl HoldRecord {
    pub fn active(&self) -> bool {
        self.events.last().is_some_and(|e| e.action == "add")
    }

    /// The reason of the event that set the current state.
    pub fn reason(&self) -> &str {
        self.events.last().map_or("", |e| e.reason.as_str())
    }
}

impl Catalog {
    /// Stores an archive's hold record (replacing the previous one).
    pub fn put_hold(&self, h: &HoldRecord) -> Result<()> {
        let last = h.events.last().ok_or_else(|| {
            Error::Corrupt(format!("hold record of {} has no events", h.archive_id))
        })?;
        let events = serde_json::to_string(&h.events).map_err(|e| Error::Corrupt(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO holds (archive_id, active, reason, by_user, at, events) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (archive_id) DO UPDATE SET active = ?2, reason = ?3, by_user = ?4, at = ?5, events = ?6",
            params![h.archive_id, h.active(), last.reason, last.by, last.at, events],
        )?;
        Ok(())
    }

    pub fn hold(&self, archive_id: &str) -> Result<Option<HoldRecord>> {
        let events: Option<String> = self
            .conn
            .query_row(
                "SELECT events FROM holds WHERE archive_id = ?1",
                params![archive_id],
                |r| r.get(0),
            )
            .optional()?;
        events
            .map(|e| {
                Ok(HoldRecord {
                    archive_id: archive_id.to_owned(),
                    events: serde_json::from_str(&e).map_err(|e| Error::Corrupt(e.to_string()))?,
                })
            })
            .transpose()
    }

    /// Every archive's hold record (active or released), by archive id.
    pub fn holds(&self) -> Result<Vec<HoldRecord>> {
        let mut stmt = self
            .conn
            .prepare("SELECT archive_id, events FROM holds ORDER BY archive_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (archive_id, events) = row?;
            out.push(HoldRecord {
                archive_id,
                events: serde_json::from_str(&events).map_err(|e| Error::Corrupt(e.to_string()))?,
            });
        }
        Ok(out)
    }
}
