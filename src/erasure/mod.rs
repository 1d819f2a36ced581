//! GDPR erasure (spec/erasure.md): the rules of the config, the
//! tamper-evident ledger of requests, their replay after a restore, and when
//! a subject is finally gone from every backup.
//!
//! - [`validate_rules`]: the config's `[erasure.KIND]` tables, checked at load.
//! - [`ledger`]: append-only, hash-chained, signed entries, cached in the
//!   catalog and written to the store; subject ids only encrypted (age) and as
//!   a keyed hash (HMAC-SHA256).
//! - [`replay`]: every request, in order, in one transaction, then every check.
//! - [`expiry`]: when retention deletes the last archive that may hold a subject.

pub mod expiry;
pub mod ledger;
pub mod replay;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use expiry::{ArchiveExposure, GoneBy, SubjectStatus, expiry, exposure, status};
pub use ledger::{
    ClearRequest, Entry, LedgerCheck, NewRequest, decrypt_subjects, head, reload_from_store,
    request, verify_ledger,
};
pub use replay::{
    CheckResult, ReplayReport, RuleCheck, StatementRows, TableChanges, check_rules, record_skipped,
    replay, replay_vault,
};

/// `[erasure.KIND]`: how to erase one subject of this kind.
///
/// The subject id is bound as `$1` in TEXT format: the server converts it to
/// the type the statement needs (`WHERE id = $1` on an integer column parses
/// "42" as an integer), exactly as `psql`'s `\bind` would; write `$1::int`
/// where the type cannot be inferred. It is never spliced into the SQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Parameterised statements; `$1` is the subject id.
    pub statements: Vec<String>,
    /// A query returning one count that must be 0 after the replay.
    pub check: String,
}

/// Longest subject kind name.
pub const MAX_KIND_LEN: usize = 32;

/// Checks the config's erasure rules (called from `Config::validate`): kind
/// names `^[a-z][a-z0-9_]{0,31}$`, at least one statement, each statement
/// and the check use `$1` and no other parameter.
pub fn validate_rules(rules: &BTreeMap<String, Rule>) -> Result<(), String> {
    for (kind, rule) in rules {
        if !valid_kind(kind) {
            return Err(format!(
                "[erasure.{kind}]: a subject kind is 1 to {MAX_KIND_LEN} characters a-z, 0-9 and _, starting with a letter"
            ));
        }
        if rule.statements.is_empty() {
            return Err(format!(
                "[erasure.{kind}] needs at least one statement in `statements`"
            ));
        }
        for (i, s) in rule.statements.iter().enumerate() {
            check_placeholders(s)
                .map_err(|m| format!("[erasure.{kind}] statement {}: {m}", i + 1))?;
        }
        check_placeholders(&rule.check).map_err(|m| format!("[erasure.{kind}] check: {m}"))?;
    }
    Ok(())
}

/// `^[a-z][a-z0-9_]{0,31}$`.
pub fn valid_kind(kind: &str) -> bool {
    let mut chars = kind.chars();
    kind.len() <= MAX_KIND_LEN
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The statement is not blank and its parameters are exactly `$1`.
fn check_placeholders(sql: &str) -> Result<(), String> {
    if sql.trim().is_empty() {
        return Err("is empty".into());
    }
    let params = placeholders(sql);
    if let Some(n) = params.iter().find(|n| **n != 1) {
        return Err(format!("uses ${n}; only $1 (the subject id) is bound"));
    }
    if !params.contains(&1) {
        return Err("does not use $1 (the subject id)".into());
    }
    Ok(())
}

/// The `$n` parameter numbers of a statement, outside quoted literals,
/// quoted identifiers and comments (`$tag$` dollar quotes cannot start with
/// a digit, so they are never taken for parameters).
fn placeholders(sql: &str) -> Vec<u64> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'$' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                out.push(sql[start..i].parse().unwrap_or(u64::MAX));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(kind: &str, statements: &[&str], check: &str) -> BTreeMap<String, Rule> {
        BTreeMap::from([(
            kind.to_owned(),
            Rule {
                statements: statements.iter().map(|s| (*s).to_owned()).collect(),
                check: check.to_owned(),
            },
        )])
    }

    #[test]
    fn good_rules_pass() {
        let r = rules(
            "user",
            &[
                "DELETE FROM learning.enrollments WHERE student_id = $1",
                "DELETE FROM public.users WHERE id = $1::int -- not $2",
            ],
            "SELECT count(*) FROM public.users WHERE id = $1 AND email <> '$2'",
        );
        assert_eq!(validate_rules(&r), Ok(()));
        assert_eq!(validate_rules(&BTreeMap::new()), Ok(()));
        assert_eq!(
            validate_rules(&rules(
                "a0_b",
                &["UPDATE t SET x = $$anon$$ WHERE id = $1"],
                "SELECT 0 WHERE $1 IS NULL /* $3 */"
            )),
            Ok(())
        );
    }

    #[test]
    fn bad_rules_are_named() {
        let s = &["DELETE FROM t WHERE id = $1"][..];
        let c = "SELECT count(*) FROM t WHERE id = $1";
        for (r, needle) in [
            (rules("User", s, c), "subject kind"),
            (rules("1user", s, c), "subject kind"),
            (rules("", s, c), "subject kind"),
            (rules(&"a".repeat(33), s, c), "subject kind"),
            (rules("user", &[], c), "at least one statement"),
            (
                rules("user", &["DELETE FROM t WHERE id = 42"], c),
                "statement 1: does not use $1",
            ),
            (
                rules("user", &["DELETE FROM t WHERE id = $1 OR id = $2"], c),
                "statement 1: uses $2",
            ),
            (rules("user", &["DELETE FROM t WHERE id = $10"], c), "$10"),
            (rules("user", &["  "], c), "statement 1: is empty"),
            (
                rules("user", s, "SELECT count(*) FROM t"),
                "check: does not use $1",
            ),
        ] {
            let e = validate_rules(&r).err().unwrap_or_default();
            assert!(e.contains(needle), "{needle}: {e}");
        }
    }
}
