//! The vault's PostgreSQL layer: connections the libpq way, the exported
//! snapshot and its row counts, and the `pg_dump` / `pg_restore` / `psql`
//! processes whose byte streams the pipeline carries. It knows nothing of
//! archives, crypto or the catalog.
//!
//! Also [`cluster::TempCluster`], the throwaway cluster of `coffer demo` and
//! the tests.

pub mod admin;
pub mod cluster;
pub mod conn;
pub mod pattern;
pub mod physical;
pub mod process;
pub mod script;
pub mod snapshot;
pub mod toc;
pub mod tools;
pub mod walname;

pub use admin::{create_database, database_exists, drop_database, user_objects};
pub use cluster::TempCluster;
pub use conn::ConnTarget;
pub use process::{
    DumpFormat, DumpProcess, RestoreKind, RestoreOptions, RestoreProcess, spawn_dump, spawn_restore,
};
pub use snapshot::{PendingCounts, RowCountMode, SnapshotSession};
pub use tools::{pg_dump_version, tool_path, tool_version};

/// Errors of the PostgreSQL layer. Each displays as one line; the CLI adds
/// the advice.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server is unreachable, refused the login, or the database does
    /// not exist. `message` is the server's / the client library's own.
    #[error("cannot connect to {target}: {message}")]
    Connect {
        /// host:port/database (never a password).
        target: String,
        message: String,
        #[source]
        source: Option<postgres::Error>,
    },
    /// A query failed on an open connection.
    #[error("{context}: {message}")]
    Query {
        context: String,
        message: String,
        #[source]
        source: Option<postgres::Error>,
    },
    /// A PostgreSQL program is not installed (or not where it was looked for).
    #[error(
        "{tool} not found: install the PostgreSQL client programs or set COFFER_PG_BIN to their directory"
    )]
    ToolMissing { tool: &'static str },
    /// A PostgreSQL program exited non-zero or was killed.
    #[error("{tool} failed ({}): {}", exit_description(*.code, *.signal), summarize_stderr(.stderr_tail))]
    ToolFailed {
        tool: &'static str,
        code: Option<i32>,
        signal: Option<i32>,
        /// The last few KiB of its stderr.
        stderr_tail: String,
    },
    /// A password was written into the connection URL.
    #[error(
        "the connection URL contains a password: remove the password from the URL; use PGPASSWORD or ~/.pgpass"
    )]
    PasswordInUrl,
    /// The connection string could not be understood.
    #[error("invalid connection string: {0}")]
    InvalidTarget(String),
    /// A restore was asked for something the tools cannot do.
    #[error("unsupported restore: {0}")]
    Unsupported(String),
    /// A table name that cannot be parsed (e.g. an unterminated quote).
    #[error(
        "invalid table name {0}: write it as schema.table, quoting mixed case as \"Mixed Case\""
    )]
    InvalidTableName(String),
    /// A table named by the caller does not exist.
    #[error("no such table: {0}")]
    UnknownTable(String),
    /// The throwaway cluster could not be created, started or stopped.
    #[error("temporary cluster: {0}")]
    Cluster(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn exit_description(code: Option<i32>, signal: Option<i32>) -> String {
    match (code, signal) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(9)) => "killed by signal 9 (SIGKILL)".into(),
        (None, Some(13)) => "killed by signal 13 (SIGPIPE: its output was closed)".into(),
        (None, Some(15)) => "killed by signal 15 (SIGTERM)".into(),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => "unknown exit status".into(),
    }
}

/// One line out of a tool's stderr tail: its error lines if it has any,
/// else its last line.
fn summarize_stderr(tail: &str) -> String {
    let lines: Vec<&str> = tail
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("error") || l.contains("ERROR") || l.contains("FATAL"))
        .collect();
    let chosen = if errors.is_empty() {
        lines
            .last()
            .copied()
            .unwrap_or("(no message on stderr)")
            .to_owned()
    } else {
        errors[errors.len().saturating_sub(3)..].join("; ")
    };
    const MAX: usize = 400;
    if chosen.len() > MAX {
        let mut cut = MAX;
        while !chosen.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}...", &chosen[..cut])
    } else {
        chosen
    }
}

/// The text of a `postgres::Error` worth showing: the server's message (with
/// its detail) when there is one, else the client library's.
pub(crate) fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            m.push_str(" (");
            m.push_str(detail);
            m.push(')');
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !m.contains(&text) {
            m.push_str(": ");
            m.push_str(&text);
        }
        source = s.source();
    }
    m
}

pub(crate) fn query_err(context: impl Into<String>, e: postgres::Error) -> Error {
    Error::Query {
        context: context.into(),
        message: pg_message(&e),
        source: Some(e),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tool_failed_is_one_line() {
        let e = Error::ToolFailed {
            tool: "pg_dump",
            code: Some(1),
            signal: None,
            stderr_tail: "pg_dump: error: connection failed\nFATAL: no such db\npg_dump: detail: x"
                .into(),
        };
        let s = e.to_string();
        assert!(!s.contains('\n'), "{s}");
        assert!(s.contains("exit code 1"), "{s}");
        assert!(s.contains("FATAL: no such db"), "{s}");
        let killed = Error::ToolFailed {
            tool: "pg_dump",
            code: None,
            signal: Some(9),
            stderr_tail: String::new(),
        };
        assert!(killed.to_string().contains("SIGKILL"));
    }
}
