//! The `removed-recipients` finding of `coffer check`: a recipient the
//! config no longer names (the catalog's `recipients` table has its
//! removal) whose identity still opens good archives, as their seals list
//! it. Removing a key from coffer.toml only stops new archives from being
//! encrypted to it; the archives already made stay readable by it until
//! `coffer rekey` rewrites them.

use super::{Findings, Severity};
use crate::pipeline::keys;
use crate::pipeline::vault::Vault;

pub const CHECK: &str = "removed-recipients";

/// Adds the finding to `f`; returns the number of good archives removed
/// recipients still open (the gauge).
pub fn removed_recipients(vault: &Vault, f: &mut Findings) -> u64 {
    let entries = match keys::list(vault) {
        Ok(e) => e,
        Err(e) => {
            f.unknown(CHECK, "recipients", e);
            return 0;
        }
    };
    let stale: Vec<&keys::KeyEntry> = entries
        .iter()
        .filter(|e| !e.configured && e.removed.is_some() && e.archives > 0)
        .collect();
    if stale.is_empty() {
        f.ok(
            CHECK,
            "recipients",
            "no recipient removed from the config still opens an archive".into(),
        );
        return 0;
    }
    for e in &stale {
        f.add(
            CHECK,
            Severity::Warning,
            &format!("{}/{}", e.class, e.fingerprint),
            format!(
                "recipient {} (label {}, custodian {}), removed from the config on {}, still opens {} good archive(s) of class {}",
                e.fingerprint,
                e.label.as_deref().unwrap_or("(none)"),
                e.custodian.as_deref().unwrap_or("(none)"),
                e.removed.as_deref().unwrap_or("?"),
                e.archives,
                e.class,
            ),
            &format!("coffer rekey --all --remove {}", e.fingerprint),
        );
    }
    stale.iter().map(|e| e.archives).sum()
}
