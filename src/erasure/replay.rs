//! Replaying the ledger on a database (spec/erasure.md "Replay"): every
//! request, in ledger order, in ONE transaction; then every request's check
//! must count 0. Anything else rolls the whole replay back, and the error
//! says that the database still holds erased subjects.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::time::Instant;

use bytes::BytesMut;
use postgres::types::{Format, IsNull, ToSql, Type, to_sql_checked};
use serde::Serialize;

use super::Rule;
use super::ledger::{self, ClearRequest};
use crate::catalog::ReplayRecord;
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::pg::ConnTarget;
use crate::pipeline::vault::Vault;

/// The subject id as a TEXT-format parameter: the server parses it with the
/// input function of whatever type the statement infers for `$1` (integer,
/// uuid, text...), as libpq's `PQexecParams` with text parameters does. The
/// value travels apart from the SQL; it is never spliced into it.
#[derive(Debug)]
struct TextParam<'a>(&'a str);

impl ToSql for TextParam<'_> {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        Format::Text
    }

    to_sql_checked!();
}

/// Rows affected by one statement of a rule, summed over the requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRows {
    pub kind: String,
    /// 1-based, as in the config.
    pub index: usize,
    pub sql: String,
    pub rows: u64,
}

/// One request's check after the replay (must be 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub seq: u64,
    pub kind: String,
    pub count: i64,
}

/// What the replay's transaction did to one table, cascades included
/// (`pg_stat_xact_user_tables`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableChanges {
    pub deleted: i64,
    pub updated: i64,
    pub inserted: i64,
}

/// A committed replay.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayReport {
    pub requests_applied: usize,
    /// The last ledger entry replayed.
    pub ledger_seq: Option<u64>,
    pub statements: Vec<StatementRows>,
    /// Per table, `schema.table` quoted as in the manifest's row counts.
    pub tables: BTreeMap<String, TableChanges>,
    pub checks: Vec<CheckResult>,
    pub duration_ms: u64,
}

impl ReplayReport {
    /// Rows deleted per table: what a restore's row counts lose to the replay.
    pub fn deleted_per_table(&self) -> BTreeMap<String, i64> {
        self.tables
            .iter()
            .filter(|(_, c)| c.deleted > 0)
            .map(|(t, c)| (t.clone(), c.deleted))
            .collect()
    }
}

const MUST_NOT_USE: &str = "still contains erased subjects and must not be used";

/// Replays `requests` on the database of `client`. On any failure nothing is
/// changed and the error is [`Error::ErasureReplay`], whose one line says the
/// restored database must not be used.
pub fn replay(
    client: &mut postgres::Client,
    rules: &BTreeMap<String, Rule>,
    requests: &[ClearRequest],
) -> Result<ReplayReport> {
    run(client, rules, requests).map_err(|cause| {
        Error::ErasureReplay(format!(
            "erasure replay failed and was rolled back ({cause}): the restored database {MUST_NOT_USE}"
        ))
    })
}

/// Removes every subject id from a server message before it is shown or
/// recorded ("invalid input syntax for type integer: \"ada\"" names it).
fn redact(msg: &str, requests: &[ClearRequest]) -> String {
    let mut out = msg.to_owned();
    for r in requests {
        if !r.subject.is_empty() {
            out = out.replace(r.subject.as_str(), "<subject>");
        }
    }
    out
}

fn run(
    client: &mut postgres::Client,
    rules: &BTreeMap<String, Rule>,
    requests: &[ClearRequest],
) -> std::result::Result<ReplayReport, String> {
    let started = Instant::now();
    let pg = |what: String, e: postgres::Error| {
        format!("{what}: {}", redact(&crate::pg::pg_message(&e), requests))
    };
    // Every kind must have a rule before anything runs.
    for r in requests {
        if !rules.contains_key(&r.kind) {
            return Err(format!(
                "request #{} is of kind {:?}, which has no [erasure.{}] rule in the config",
                r.seq, r.kind, r.kind
            ));
        }
    }
    let mut tx = client
        .transaction()
        .map_err(|e| pg("cannot begin".into(), e))?;
    let mut prepared: BTreeMap<&str, (Vec<postgres::Statement>, postgres::Statement)> =
        BTreeMap::new();
    let mut rows: BTreeMap<(&str, usize), u64> = BTreeMap::new();
    for r in requests {
        let Some(rule) = rules.get(&r.kind) else {
            continue; // checked above
        };
        if !prepared.contains_key(r.kind.as_str()) {
            let mut stmts = Vec::new();
            for (i, sql) in rule.statements.iter().enumerate() {
                stmts.push(
                    tx.prepare(sql)
                        .map_err(|e| pg(format!("[erasure.{}] statement {}", r.kind, i + 1), e))?,
                );
            }
            let check = tx
                .prepare(&rule.check)
                .map_err(|e| pg(format!("[erasure.{}] check", r.kind), e))?;
            prepared.insert(&r.kind, (stmts, check));
        }
        let Some((stmts, _)) = prepared.get(r.kind.as_str()) else {
            continue;
        };
        for (i, st) in stmts.iter().enumerate() {
            let n = tx.execute(st, &[&TextParam(&r.subject)]).map_err(|e| {
                pg(
                    format!(
                        "request #{}: [erasure.{}] statement {}",
                        r.seq,
                        r.kind,
                        i + 1
                    ),
                    e,
                )
            })?;
            *rows.entry((r.kind.as_str(), i)).or_default() += n;
        }
    }
    let mut checks = Vec::new();
    for r in requests {
        let Some((_, check)) = prepared.get(r.kind.as_str()) else {
            continue;
        };
        let row = tx
            .query_one(check, &[&TextParam(&r.subject)])
            .map_err(|e| pg(format!("request #{}: [erasure.{}] check", r.seq, r.kind), e))?;
        let count = count_of(&row)
            .map_err(|m| format!("request #{}: [erasure.{}] check {m}", r.seq, r.kind))?;
        checks.push(CheckResult {
            seq: r.seq,
            kind: r.kind.clone(),
            count,
        });
    }
    let failed: Vec<&CheckResult> = checks.iter().filter(|c| c.count != 0).collect();
    if let Some(first) = failed.first() {
        return Err(format!(
            "{} of {} checks found rows, first: the check of request #{} ({}) counted {}, not 0",
            failed.len(),
            checks.len(),
            first.seq,
            first.kind,
            first.count
        ));
    }
    let tables = table_changes(&mut tx).map_err(|e| pg("cannot read the statistics".into(), e))?;
    tx.commit().map_err(|e| pg("cannot commit".into(), e))?;
    let statements = rows
        .into_iter()
        .map(|((kind, i), n)| StatementRows {
            kind: kind.to_owned(),
            index: i + 1,
            sql: rules
                .get(kind)
                .and_then(|r| r.statements.get(i))
                .cloned()
                .unwrap_or_default(),
            rows: n,
        })
        .collect();
    Ok(ReplayReport {
        requests_applied: requests.len(),
        ledger_seq: requests.last().map(|r| r.seq),
        statements,
        tables,
        checks,
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// The check's single value, as a count.
fn count_of(row: &postgres::Row) -> std::result::Result<i64, String> {
    let col = row
        .columns()
        .first()
        .ok_or("returns no column; it must return one count")?;
    let v = match *col.type_() {
        Type::INT8 => row.try_get::<_, Option<i64>>(0),
        Type::INT4 => row.try_get::<_, Option<i32>>(0).map(|v| v.map(i64::from)),
        Type::INT2 => row.try_get::<_, Option<i16>>(0).map(|v| v.map(i64::from)),
        ref t => return Err(format!("returns {t}; it must return a count (bigint)")),
    };
    v.map_err(|e| e.to_string())?
        .ok_or_else(|| "returned NULL, not a count".to_owned())
}

/// Inserted, updated and deleted rows per table in this transaction.
fn table_changes(
    tx: &mut postgres::Transaction<'_>,
) -> std::result::Result<BTreeMap<String, TableChanges>, postgres::Error> {
    let rows = tx.query(
        "SELECT format('%I.%I', schemaname, relname), n_tup_del, n_tup_upd, n_tup_ins \
         FROM pg_catalog.pg_stat_xact_user_tables \
         WHERE n_tup_del + n_tup_upd + n_tup_ins > 0 ORDER BY 1",
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r.get::<_, String>(0),
                TableChanges {
                    deleted: r.get(1),
                    updated: r.get(2),
                    inserted: r.get(3),
                },
            )
        })
        .collect())
}

/// Replays the vault's ledger on `target` and records the replay (ok or
/// not) in the catalog: what `restore` and `drill` call once the data is in,
/// and `coffer erasure replay`. The ledger is verified first (chain and
/// signatures; entries only the store holds are included). Every failure,
/// including a broken ledger or a missing key, is [`Error::ErasureReplay`].
pub fn replay_vault(
    vault: &Vault,
    keys: &Keys,
    target: &ConnTarget,
    archive_id: Option<&str>,
) -> Result<ReplayReport> {
    let started = Instant::now();
    let db = target.database();
    let fail = |cause: String| {
        Error::ErasureReplay(format!(
            "erasure replay failed and was rolled back ({cause}): the restored database {db} {MUST_NOT_USE}"
        ))
    };
    let result = (|| -> std::result::Result<ReplayReport, String> {
        let entries = ledger::entries_for_replay(vault).map_err(|e| e.to_string())?;
        let requests = ledger::decrypt_subjects(&entries, keys)
            .map_err(|e| format!("cannot decrypt the ledger's subject ids: {e}"))?;
        let mut client = target.connect().map_err(|e| e.to_string())?;
        run(&mut client, &vault.config.erasure, &requests)
    })();
    let mut record = ReplayRecord {
        at: crate::now(),
        archive_id: archive_id.map(str::to_owned),
        target: target.to_url(),
        ledger_seq: None,
        requests_applied: 0,
        rows_per_statement: serde_json::json!([]),
        checks: serde_json::json!([]),
        duration_ms: started.elapsed().as_millis() as u64,
        ok: false,
        error: None,
        skipped_reason: None,
    };
    let object = || match archive_id {
        Some(a) => crate::audit::Object::Archive(a.to_owned()),
        None => crate::audit::Object::Vault,
    };
    match &result {
        Ok(report) => vault.audit(
            crate::audit::Action::ErasureReplay,
            object(),
            crate::audit::Outcome::Ok,
            serde_json::json!({ "database": db, "ledger_seq": report.ledger_seq,
                "requests_applied": report.requests_applied, "tables": report.tables,
                "duration_ms": started.elapsed().as_millis() as u64 }),
        ),
        Err(cause) => vault.audit(
            crate::audit::Action::ErasureReplay,
            object(),
            crate::audit::Outcome::Failed,
            serde_json::json!({ "database": db, "error": cause }),
        ),
    };
    match result {
        Ok(report) => {
            record.ledger_seq = report.ledger_seq;
            record.requests_applied = report.requests_applied as u64;
            record.rows_per_statement = serde_json::json!({
                "statements": report.statements,
                "tables": report.tables,
            });
            record.checks = serde_json::to_value(&report.checks).unwrap_or_default();
            record.ok = true;
            vault.catalog.record_erasure_replay(&record)?;
            Ok(report)
        }
        Err(cause) => {
            let e = fail(cause);
            record.error = Some(e.to_string());
            // The replay's failure is the news; a catalog error must not hide it.
            let _ = vault.catalog.record_erasure_replay(&record);
            Err(e)
        }
    }
}

/// Records that a restore or drill skipped the replay (`--no-erasure-replay
/// --reason TEXT`).
pub fn record_skipped(
    vault: &Vault,
    target: &ConnTarget,
    archive_id: Option<&str>,
    reason: &str,
) -> Result<()> {
    vault.catalog.record_erasure_replay(&ReplayRecord {
        at: crate::now(),
        archive_id: archive_id.map(str::to_owned),
        target: target.to_url(),
        ledger_seq: vault.catalog.ledger_head()?.map(|(s, _)| s),
        requests_applied: 0,
        rows_per_statement: serde_json::json!([]),
        checks: serde_json::json!([]),
        duration_ms: 0,
        ok: false,
        error: None,
        skipped_reason: Some(reason.to_owned()),
    })?;
    vault.audit(
        crate::audit::Action::ErasureReplay,
        match archive_id {
            Some(a) => crate::audit::Object::Archive(a.to_owned()),
            None => crate::audit::Object::Vault,
        },
        crate::audit::Outcome::Skipped,
        serde_json::json!({ "database": target.database(), "reason": reason,
            "ledger_seq": vault.catalog.ledger_head()?.map(|(s, _)| s) }),
    );
    Ok(())
}

/// One rule statement (or check) prepared against a database.
#[derive(Debug, Clone, Serialize)]
pub struct RuleCheck {
    pub kind: String,
    /// "statement 1", ..., or "check".
    pub part: String,
    pub sql: String,
    /// `None`: it prepares, with one parameter (and the check returns one count).
    pub error: Option<String>,
}

/// `coffer erasure rules --check`: prepares every statement and check in a
/// transaction that is rolled back, each in its own savepoint so that one
/// typo does not hide the next.
pub fn check_rules(
    client: &mut postgres::Client,
    rules: &BTreeMap<String, Rule>,
) -> Result<Vec<RuleCheck>> {
    let mut tx = client
        .transaction()
        .map_err(|e| crate::pg::query_err("cannot begin a transaction", e))?;
    let mut out = Vec::new();
    for (kind, rule) in rules {
        let parts = rule
            .statements
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("statement {}", i + 1), s, false))
            .chain(std::iter::once(("check".to_owned(), &rule.check, true)));
        for (part, sql, is_check) in parts {
            let mut sp = tx
                .transaction()
                .map_err(|e| crate::pg::query_err("cannot set a savepoint", e))?;
            let error = match sp.prepare(sql) {
                Err(e) => Some(crate::pg::pg_message(&e)),
                Ok(st) if st.params().len() != 1 => Some(format!(
                    "has {} parameters; exactly one ($1) is bound",
                    st.params().len()
                )),
                Ok(st) if is_check => match st.columns() {
                    [c] if matches!(*c.type_(), Type::INT8 | Type::INT4 | Type::INT2) => None,
                    [c] => Some(format!(
                        "returns {}; it must return one count (bigint)",
                        c.type_()
                    )),
                    cols => Some(format!(
                        "returns {} columns; it must return one count",
                        cols.len()
                    )),
                },
                Ok(_) => None,
            };
            drop(sp.rollback());
            out.push(RuleCheck {
                kind: kind.clone(),
                part,
                sql: sql.clone(),
                error,
            });
        }
    }
    drop(tx.rollback());
    Ok(out)
}
