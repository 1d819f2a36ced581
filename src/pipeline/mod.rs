//! Wires the layers together: format + crypto + pg + store + catalog.
//!
//! `vault` opens a vault; each command's pipeline has a file of its own.

pub mod backup;
pub mod check;
pub mod check_wal;
pub mod copies;
pub mod drill;
pub mod import;
pub mod init;
pub mod keys;
pub mod lock;
pub mod loose;
pub mod maintain;
pub mod physical;
pub mod rekey;
pub mod restore;
pub mod run;
pub mod shares;
pub mod signers;
pub mod vault;
pub mod verify;
pub mod wal;
pub mod wal_index;
