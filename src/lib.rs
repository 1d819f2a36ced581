//! coffer: an encryption-first backup vault for PostgreSQL.
//!
//! Layers (arrows point down; a module knows only those below it):
//! cli -> pipeline -> {pg, store, catalog} ; pipeline -> format -> {crypto, digest}.
#![forbid(unsafe_code)]

pub mod audit;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod digest;
pub mod erasure;
pub mod error;
pub mod evidence;
pub mod format;
pub mod interrupt;
pub mod notify;
pub mod pg;
pub mod pipeline;
pub mod report;
pub mod retention;
pub mod store;
pub mod units;

/// The current time, or `COFFER_NOW` (RFC 3339) when set: for tests and
/// simulations of retention over years. Every command reads the clock here.
pub fn now() -> jiff::Timestamp {
    std::env::var("COFFER_NOW")
        .ok()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// Crash injection for tests: when `COFFER_FAULT` names `point`, the process
/// aborts there, as if killed. Documented in README as test-only.
pub fn fault(point: &str) {
    if std::env::var("COFFER_FAULT").is_ok_and(|f| f == point) {
        eprintln!("coffer: COFFER_FAULT={point}: aborting");
        std::process::abort();
    }
}
