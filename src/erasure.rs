//! GDPR erasure: the rules of the config, the tamper-evident ledger of
//! requests, and their replay after a restore (being written).

use serde::Deserialize;

/// `[erasure.KIND]`: how to erase one subject of this kind.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Parameterised statements; `$1` is the subject id.
    pub statements: Vec<String>,
    /// A query returning one count that must be 0 after the replay.
    pub check: String,
}
