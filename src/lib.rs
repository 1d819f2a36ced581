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

/// The crash-injection points of the write paths, for tests only (README
/// "Testing: fault injection"): `COFFER_FAULT=POINT` makes the process abort
/// (SIGABRT) when it reaches `POINT`, `COFFER_FAULT=POINT:kill` kills it with
/// SIGKILL there (no handler, no destructor, no cleanup runs: as the OOM
/// killer or a power cut would). tests/faults.rs drives every point. Each
/// entry: the name and where it sits.
pub const FAULT_POINTS: &[(&str, &str)] = &[
    (
        "backup-dump",
        "backup: pg_dump is streaming (its first bytes reached the archive writer)",
    ),
    (
        "backup-before-rename",
        "backup: the archive is complete and fsynced under its temporary name",
    ),
    (
        "backup-before-seal",
        "backup: the archive is renamed into place, its seal not yet written",
    ),
    (
        "backup-before-register",
        "backup: every archive of the set is sealed, none registered in the catalog",
    ),
    (
        "backup-after-register",
        "backup: the set is registered, its pending markers not yet removed, the run not finished",
    ),
    (
        "push-after-store-write",
        "push: the archive is in the offsite store, its seal and the copy record not yet",
    ),
    (
        "prune-after-store-delete",
        "prune: an archive's files are deleted from the store, the catalog not yet told",
    ),
    (
        "erasure-after-store-write",
        "erasure request: the ledger entry is in the store, not yet in the catalog",
    ),
    (
        "rekey-staged",
        "rekey: the new archive, seal and signature are staged and fsynced, no journal yet",
    ),
    (
        "rekey-after-archive-rename",
        "rekey: journal written, the new archive renamed into place, its seal not yet",
    ),
    (
        "rekey-before-register",
        "rekey: the new archive and seal are in place, the catalog not yet told",
    ),
    (
        "rekey-before-push",
        "rekey: registered and audited, the offsite copies not yet replaced",
    ),
];

/// Crash injection for tests: when `COFFER_FAULT` names `point` (one of
/// [`FAULT_POINTS`]), the process dies there, as if killed. Test-only
/// (README "Testing: fault injection"); never set it in production.
pub fn fault(point: &str) {
    if !fault_armed(point) {
        return;
    }
    let f = std::env::var("COFFER_FAULT").unwrap_or_default();
    let how = f.split_once(':').map_or("abort", |(_, h)| h);
    eprintln!("coffer: COFFER_FAULT={f}: dying at {point}");
    if how == "kill" {
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::KILL);
    }
    std::process::abort();
}

/// True when `COFFER_FAULT` names `point`: for a fault point inside a hot
/// loop, which checks this once and wraps its reader only then.
pub fn fault_armed(point: &str) -> bool {
    debug_assert!(
        FAULT_POINTS.iter().any(|(p, _)| *p == point),
        "fault point {point} is not in FAULT_POINTS"
    );
    std::env::var("COFFER_FAULT").is_ok_and(|f| f.split(':').next() == Some(point))
}
