//! The exported snapshot a backup is taken in, and the row counts taken
//! under it.
//!
//! `pg_dump --snapshot=ID` sees exactly what this session's REPEATABLE READ
//! transaction sees, so the counts recorded in the manifest describe the very
//! rows in the dump. The snapshot stays valid only while the transaction is
//! open: keep the [`SnapshotSession`] alive until `pg_dump` has finished.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{ConnTarget, Error, query_err};

/// How per-table row counts are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowCountMode {
    /// `SELECT count(*)` of every table, under the snapshot. A full scan of
    /// each table: exact, and costs about what the dump's COPY costs.
    #[default]
    Exact,
    /// `pg_class.reltuples`: free, approximate; `-1` for a table never
    /// vacuumed or analyzed.
    Estimate,
    /// No counts.
    Off,
}

impl FromStr for RowCountMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "exact" => Ok(RowCountMode::Exact),
            "estimate" => Ok(RowCountMode::Estimate),
            "off" => Ok(RowCountMode::Off),
            other => Err(format!(
                "unknown row-count mode \"{other}\" (exact, estimate, off)"
            )),
        }
    }
}

impl fmt::Display for RowCountMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RowCountMode::Exact => "exact",
            RowCountMode::Estimate => "estimate",
            RowCountMode::Off => "off",
        })
    }
}

/// The tables whose rows `pg_dump` dumps: ordinary tables and leaf partitions
/// (relkind `r`; a partitioned parent holds no rows, a materialized view is
/// refreshed rather than copied), unlogged ones included, temp tables, system
/// schemas and tables belonging to an extension excluded. Names are
/// schema-qualified and quoted as `pg_dump` quotes them.
const TABLES_SQL: &str = r"
SELECT format('%I.%I', n.nspname, c.relname), c.reltuples::bigint
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::regclass
      AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1";

/// An open REPEATABLE READ, READ ONLY transaction whose snapshot is exported.
pub struct SnapshotSession {
    client: postgres::Client,
    id: String,
    server_version: String,
    server_version_num: i32,
    database: String,
    encoding: String,
}

impl fmt::Debug for SnapshotSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapshotSession")
            .field("id", &self.id)
            .field("server_version", &self.server_version)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

/// row_security = off: a count that RLS would filter errors instead of
/// silently coming out low, as pg_dump does. No idle timeout may end the
/// transaction while pg_dump still needs its snapshot.
const SESSION_SQL: &str = "SET row_security = off; \
     SET idle_in_transaction_session_timeout = 0; \
     SET statement_timeout = 0; \
     BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

impl ConnTarget {
    /// Connects, opens `REPEATABLE READ, READ ONLY`, exports the snapshot.
    pub fn snapshot(&self) -> Result<SnapshotSession, Error> {
        let mut client = self.connect()?;
        client
            .batch_execute(SESSION_SQL)
            .map_err(|e| query_err("cannot open the snapshot transaction", e))?;
        let row = client
            .query_one(
                "SELECT pg_export_snapshot(), current_setting('server_version'), \
                 current_setting('server_version_num')::int, current_database(), \
                 pg_encoding_to_char(d.encoding) \
                 FROM pg_database d WHERE d.datname = current_database()",
                &[],
            )
            .map_err(|e| query_err("cannot export a snapshot", e))?;
        let version: String = row.get(1);
        Ok(SnapshotSession {
            id: row.get(0),
            server_version: version
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned(),
            server_version_num: row.get(2),
            database: row.get(3),
            encoding: row.get(4),
            client,
        })
    }

    /// Row counts of the tables of this database as they are now (each in
    /// one REPEATABLE READ transaction), e.g. to check a restore.
    pub fn row_counts(&self, mode: RowCountMode) -> Result<BTreeMap<String, i64>, Error> {
        self.snapshot()?.row_counts(mode)
    }
}

impl SnapshotSession {
    /// The exported snapshot id, for `pg_dump --snapshot`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// "15.18" (the leading part of `server_version`).
    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// 150018.
    pub fn server_version_num(&self) -> i32 {
        self.server_version_num
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    /// The database encoding, e.g. "UTF8".
    pub fn encoding(&self) -> &str {
        &self.encoding
    }

    /// The connection, inside the snapshot's transaction.
    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    fn tables_with_estimates(&mut self) -> Result<Vec<(String, i64)>, Error> {
        let rows = self
            .client
            .query(TABLES_SQL, &[])
            .map_err(|e| query_err("cannot list tables", e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every table whose rows the dump will contain, quoted like pg_dump
    /// (`public.users`, `"Student Records"."Grade Book"`), sorted.
    pub fn tables(&mut self) -> Result<Vec<String>, Error> {
        Ok(self
            .tables_with_estimates()?
            .into_iter()
            .map(|(n, _)| n)
            .collect())
    }

    /// The size on disk (`pg_total_relation_size`: heap, TOAST and
    /// indexes) of every table of [`SnapshotSession::tables`], by name: what
    /// a parallel dump balances its shares by.
    pub fn table_sizes(&mut self) -> Result<BTreeMap<String, i64>, Error> {
        let sql = TABLES_SQL.replace(
            "c.reltuples::bigint",
            "pg_catalog.pg_total_relation_size(c.oid)",
        );
        let rows = self
            .client
            .query(&sql, &[])
            .map_err(|e| query_err("cannot read the tables' sizes", e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Row counts of every table of [`SnapshotSession::tables`].
    pub fn row_counts(&mut self, mode: RowCountMode) -> Result<BTreeMap<String, i64>, Error> {
        match mode {
            RowCountMode::Off => Ok(BTreeMap::new()),
            RowCountMode::Estimate => Ok(self.tables_with_estimates()?.into_iter().collect()),
            RowCountMode::Exact => {
                let tables = self.tables()?;
                self.count_exact(&tables)
            }
        }
    }

    /// Exact row counts of the named tables (names as [`SnapshotSession::tables`]
    /// gives them); an unknown name is [`Error::UnknownTable`].
    pub fn row_counts_for(&mut self, names: &[String]) -> Result<BTreeMap<String, i64>, Error> {
        let tables = self.tables()?;
        if let Some(missing) = names.iter().find(|n| !tables.contains(n)) {
            return Err(Error::UnknownTable(missing.clone()));
        }
        self.count_exact(names)
    }

    fn count_exact(&mut self, tables: &[String]) -> Result<BTreeMap<String, i64>, Error> {
        let mut counts = BTreeMap::new();
        for table in tables {
            // `table` comes from the catalog through format('%I.%I') (or was
            // checked against that list): safe to splice.
            let row = self
                .client
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])
                .map_err(|e| query_err(format!("cannot count the rows of {table}"), e))?;
            counts.insert(table.clone(), row.get::<_, i64>(0));
        }
        Ok(counts)
    }

    /// Starts taking the row counts on a second connection that imports
    /// this session's snapshot (`SET TRANSACTION SNAPSHOT`), so that they
    /// run while `pg_dump` dumps the same snapshot and still describe
    /// exactly the rows in the dump. This session must stay open until the
    /// counts are in (the import needs the exporting transaction; after it
    /// the counting transaction holds its own copy of the snapshot).
    /// Estimates and "off" cost nothing and are taken here, at once.
    pub fn start_row_counts(
        &mut self,
        target: &ConnTarget,
        mode: RowCountMode,
    ) -> Result<PendingCounts, Error> {
        if mode != RowCountMode::Exact {
            let t = Instant::now();
            let counts = self.row_counts(mode);
            return Ok(PendingCounts {
                state: Some(CountState::Ready(counts.map(|c| (c, t.elapsed())))),
            });
        }
        // The id comes from pg_export_snapshot() ("00000003-0000001B-1"):
        // checked anyway before it is spliced into the statement.
        if self.id.is_empty() || !self.id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(Error::InvalidTarget(format!(
                "unexpected snapshot id {:?}",
                self.id
            )));
        }
        let mut client = target.connect()?;
        // One backend, no parallel workers: the counts only have to finish
        // before pg_dump does, and they share the server with its COPY.
        // Named apart from the snapshot's session in pg_stat_activity (a
        // query of its own: SET TRANSACTION SNAPSHOT must come first in its
        // transaction, and one batch is one implicit transaction).
        client
            .batch_execute(
                "SELECT set_config('application_name', \
                   left(current_setting('application_name'), 40) || ' row-counts', false)",
            )
            .map_err(|e| query_err("cannot name the session for the row counts", e))?;
        client
            .batch_execute(&format!(
                "SET max_parallel_workers_per_gather = 0; {SESSION_SQL}; \
                 SET TRANSACTION SNAPSHOT '{}'",
                self.id
            ))
            .map_err(|e| query_err("cannot import the snapshot for the row counts", e))?;
        let cancel = client.cancel_token();
        let mut counter = SnapshotSession {
            client,
            id: self.id.clone(),
            server_version: self.server_version.clone(),
            server_version_num: self.server_version_num,
            database: self.database.clone(),
            encoding: self.encoding.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("coffer-counts".into())
            .spawn(move || {
                let t = Instant::now();
                // Said as the row counts' failure: the session may be lost
                // while pg_dump's is fine (pg_terminate_backend, a restart).
                let counted = counter
                    .row_counts(RowCountMode::Exact)
                    .map_err(in_row_counts)?;
                let took = t.elapsed();
                counter.finish().map_err(in_row_counts)?;
                Ok((counted, took))
            })
            .map_err(|e| Error::Query {
                context: "cannot start the row count thread".into(),
                message: e.to_string(),
                source: None,
            })?;
        Ok(PendingCounts {
            state: Some(CountState::Running { thread, cancel }),
        })
    }

    /// Ends the transaction (the snapshot becomes invalid). Dropping the
    /// session does the same by closing the connection.
    pub fn finish(mut self) -> Result<(), Error> {
        self.client
            .batch_execute("COMMIT")
            .map_err(|e| query_err("cannot end the snapshot transaction", e))
    }
}

type CountResult = Result<(BTreeMap<String, i64>, Duration), Error>;

enum CountState {
    Ready(CountResult),
    Running {
        thread: JoinHandle<CountResult>,
        cancel: postgres::CancelToken,
    },
}

/// Row counts being taken ([`SnapshotSession::start_row_counts`]). Dropped
/// before [`PendingCounts::wait`] (the backup failed), it cancels the
/// counting query and waits for the thread, so no query outlives the backup.
pub struct PendingCounts {
    state: Option<CountState>,
}

impl fmt::Debug for PendingCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCounts").finish_non_exhaustive()
    }
}

/// Prefixes the context of a query error of the row-count session.
fn in_row_counts(e: Error) -> Error {
    match e {
        Error::Query {
            context,
            message,
            source,
        } => Error::Query {
            context: format!("the row count session: {context}"),
            message,
            source,
        },
        other => other,
    }
}

impl PendingCounts {
    /// Waits for the counts; also returns how long counting took.
    pub fn wait(mut self) -> CountResult {
        match self.state.take() {
            Some(CountState::Ready(r)) => r,
            Some(CountState::Running { thread, .. }) => thread.join().unwrap_or_else(|_| {
                Err(Error::Query {
                    context: "counting rows".into(),
                    message: "the row count thread panicked".into(),
                    source: None,
                })
            }),
            None => Err(Error::Query {
                context: "counting rows".into(),
                message: "the row counts were already taken".into(),
                source: None,
            }),
        }
    }
}

impl Drop for PendingCounts {
    fn drop(&mut self) {
        if let Some(CountState::Running { thread, cancel }) = self.state.take() {
            if !thread.is_finished() {
                let _ = cancel.cancel_query(postgres::NoTls);
            }
            let _ = thread.join();
        }
    }
}
