//! When is a subject gone from every backup? (spec/erasure.md "Status")
//!
//! The archives that may hold a subject are the good ones created before the
//! request was recorded. Each leaves the vault when retention deletes it;
//! [`expiry`] says when, for the current policy, assuming backups go on
//! nightly (at the time of day of the newest archive) and prune runs. The
//! subject is gone from every backup when the last of them expires; an
//! archive under legal hold never expires while the hold lasts.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::Serialize;

use super::ledger::{self, Entry};
use crate::catalog::{ArchiveFilter, Catalog};
use crate::config::Config;
use crate::crypto::Keys;
use crate::error::Result;
use crate::pipeline::maintain::candidate;
use crate::pipeline::vault::Vault;
use crate::retention::{Candidate, Policy, Verified};

const DAY: SignedDuration = SignedDuration::from_hours(24);

/// The four calendar rules of spec/retention.md, in UTC (ISO weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// The bucket an archive falls in: the key `retention::apply` uses.
fn bucket(rule: Rule, t: Timestamp) -> String {
    let z = t.to_zoned_datetime(TimeZone::UTC);
    match rule {
        Rule::Daily => z.strftime("%Y-%m-%d").to_string(),
        Rule::Weekly => z.strftime("%G-W%V").to_string(),
        Rule::Monthly => z.strftime("%Y-%m").to_string(),
        Rule::Yearly => z.strftime("%Y").to_string(),
    }
}

/// The first instant after the bucket of `t`.
fn bucket_end(rule: Rule, t: Timestamp) -> Option<Timestamp> {
    let d = t.to_zoned_datetime(TimeZone::UTC).date();
    let next: Date = match rule {
        Rule::Daily => d.tomorrow().ok()?,
        Rule::Weekly => d
            .checked_add((7 - i64::from(d.weekday().to_monday_zero_offset())).days())
            .ok()?,
        Rule::Monthly => d.first_of_month().checked_add(1.month()).ok()?,
        Rule::Yearly => jiff::civil::Date::new(d.year().checked_add(1)?, 1, 1).ok()?,
    };
    Some(next.to_zoned_datetime(TimeZone::UTC).ok()?.timestamp())
}

/// The archives that arrive after `a`: those that exist (in order), then one
/// a night after the newest, forever.
struct Arrivals<'a> {
    existing: &'a [Timestamp],
    base: Timestamp,
}

impl Arrivals<'_> {
    /// The `n`-th arrival (1-based).
    fn nth(&self, n: u64) -> Option<Timestamp> {
        let have = self.existing.len() as u64;
        if n <= have {
            return self.existing.get(usize::try_from(n - 1).ok()?).copied();
        }
        let days = i64::try_from(n - have).ok()?;
        self.base
            .checked_add(SignedDuration::from_secs(days.checked_mul(DAY.as_secs())?))
            .ok()
    }

    /// The first future (nightly) arrival at or after `t`.
    fn nightly_from(&self, t: Timestamp) -> Option<Timestamp> {
        let secs = t.duration_since(self.base).as_secs();
        let days = if secs <= 0 {
            1
        } else {
            (secs + 86_399) / 86_400
        };
        self.base
            .checked_add(SignedDuration::from_secs(
                days.max(1).checked_mul(DAY.as_secs())?,
            ))
            .ok()
    }

    /// When rule `rule` (keep `n` buckets) stops keeping `a`: when a newer
    /// archive lands in its bucket (it then holds the slot), or when the
    /// (n+1)-th bucket, counting from `a`'s, gets its first archive.
    fn rule_expiry(&self, rule: Rule, n: u32, a: Timestamp) -> Option<Timestamp> {
        let own = bucket(rule, a);
        let mut last = own.clone();
        let mut count: u64 = 1;
        let mut step = |t: Timestamp| -> Option<Timestamp> {
            let b = bucket(rule, t);
            if b == own {
                return Some(t);
            }
            if b != last {
                count += 1;
                last = b;
                if count > u64::from(n) {
                    return Some(t);
                }
            }
            None
        };
        for t in self.existing {
            if let Some(t) = step(*t) {
                return Some(t);
            }
        }
        let mut t = self.nightly_from(self.base)?;
        loop {
            if let Some(t) = step(t) {
                return Some(t);
            }
            // The next nightly archive of a new bucket: one step per bucket.
            t = self.nightly_from(bucket_end(rule, t)?)?;
        }
    }
}

/// When retention will delete `archive`, for `policy`, given the archives of
/// its class that exist (`all`, including it) and assuming a verified backup
/// every night from the newest one on, and prune running. The latest of:
/// the newest-of-its-day slot (`keep_daily` days), of its ISO week
/// (`keep_weekly`), month (`keep_monthly`) and year (`keep_yearly`), the
/// `keep_last` newest, `keep_within`, and "newest verified".
///
/// `None`: no date, because retention never deletes it as things stand: it
/// is under legal hold, or has never been verified. An archive that failed
/// verification fills no slot: its expiry is its creation (the next prune).
/// A date in the past means the next prune deletes it.
pub fn expiry(policy: &Policy, archive: &Candidate, all: &[Candidate]) -> Option<Timestamp> {
    match archive.verified {
        _ if archive.hold.is_some() => return None,
        Verified::Unverified => return None,
        Verified::Failed => return Some(archive.created),
        Verified::Ok => {}
    }
    let key = (archive.created, archive.id.as_str());
    let mut newer: Vec<(Timestamp, &str)> = all
        .iter()
        .filter(|c| c.verified == Verified::Ok && (c.created, c.id.as_str()) > key)
        .map(|c| (c.created, c.id.as_str()))
        .collect();
    newer.sort();
    let existing: Vec<Timestamp> = newer.iter().map(|(t, _)| *t).collect();
    let arrivals = Arrivals {
        base: existing.last().copied().unwrap_or(archive.created),
        existing: &existing,
    };
    let far = Timestamp::MAX;
    // "newest verified": until the next archive arrives.
    let mut best = arrivals.nth(1).unwrap_or(far);
    if policy.keep_last > 0 {
        best = best.max(arrivals.nth(u64::from(policy.keep_last)).unwrap_or(far));
    }
    if let Some(w) = policy.keep_within {
        best = best.max(archive.created.checked_add(w).unwrap_or(far));
    }
    for (rule, n) in [
        (Rule::Daily, policy.keep_daily),
        (Rule::Weekly, policy.keep_weekly),
        (Rule::Monthly, policy.keep_monthly),
        (Rule::Yearly, policy.keep_yearly),
    ] {
        if n > 0 {
            best = best.max(
                arrivals
                    .rule_expiry(rule, n, archive.created)
                    .unwrap_or(far),
            );
        }
    }
    Some(best)
}

/// One archive that may still hold a subject.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveExposure {
    pub archive_id: String,
    pub class: String,
    #[serde(serialize_with = "ser_ts")]
    pub created: Timestamp,
    /// When retention deletes it; `None` with `held` or `unverified`.
    #[serde(serialize_with = "ser_opt_ts")]
    pub expires: Option<Timestamp>,
    /// The reason of an active legal hold: no expiry while it lasts.
    pub held: Option<String>,
    /// Never verified: prune keeps it until a verification passes.
    pub unverified: bool,
}

/// When a subject is gone from every backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum GoneBy {
    /// No archive taken before the request remains.
    Gone,
    /// When the last of them expires (a past date: at the next prune).
    #[serde(serialize_with = "ser_at")]
    At(Timestamp),
    /// An archive is under legal hold (the reasons) or unverified: no date.
    Held {
        reasons: Vec<String>,
    },
    Unverified,
}

impl std::fmt::Display for GoneBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GoneBy::Gone => f.write_str("gone from every backup"),
            GoneBy::At(t) => write!(f, "{}", t.strftime("%Y-%m-%d %H:%M UTC")),
            GoneBy::Held { reasons } => write!(f, "held: no expiry ({})", reasons.join("; ")),
            GoneBy::Unverified => f.write_str("no expiry until `coffer verify` passes"),
        }
    }
}

fn ser_ts<S: serde::Serializer>(t: &Timestamp, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(t)
}

fn ser_opt_ts<S: serde::Serializer>(
    t: &Option<Timestamp>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.collect_str(t),
        None => s.serialize_none(),
    }
}

fn ser_at<S: serde::Serializer>(t: &Timestamp, s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry("at", &t.to_string())?;
    m.end()
}

/// The good archives created before `cutoff`, with their expiry under each
/// class's current policy, and when the last of them goes.
pub fn exposure(
    config: &Config,
    catalog: &Catalog,
    cutoff: Timestamp,
) -> Result<(Vec<ArchiveExposure>, GoneBy)> {
    let archives = catalog.archives(ArchiveFilter::default())?;
    let mut candidates = Vec::with_capacity(archives.len());
    for a in &archives {
        candidates.push((a.class.as_str(), candidate(catalog, a)?));
    }
    let mut out = Vec::new();
    for (class, c) in candidates.iter().filter(|(_, c)| c.created < cutoff) {
        let same: Vec<Candidate> = candidates
            .iter()
            .filter(|(k, _)| k == class)
            .map(|(_, c)| c.clone())
            .collect();
        out.push(ArchiveExposure {
            archive_id: c.id.clone(),
            class: (*class).to_owned(),
            created: c.created,
            expires: expiry(config.policy(class), c, &same),
            held: c.hold.clone(),
            unverified: c.verified == Verified::Unverified,
        });
    }
    let held: Vec<String> = out.iter().filter_map(|a| a.held.clone()).collect();
    let gone = if out.is_empty() {
        GoneBy::Gone
    } else if !held.is_empty() {
        GoneBy::Held { reasons: held }
    } else if out.iter().any(|a| a.unverified) {
        GoneBy::Unverified
    } else {
        GoneBy::At(out.iter().filter_map(|a| a.expires).max().unwrap_or(cutoff))
    };
    Ok((out, gone))
}

/// `coffer erasure status KIND SUBJECT_ID`.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectStatus {
    pub kind: String,
    /// The subject's requests, oldest first (empty: never requested).
    pub requests: Vec<Entry>,
    /// Archives created before the latest request was recorded.
    pub archives: Vec<ArchiveExposure>,
    pub gone_by: Option<GoneBy>,
}

/// The subject's requests (found by keyed hash) and, for the latest one, the
/// archives that may still hold the subject and when the last one expires.
pub fn status(
    vault: &Vault,
    keys: Option<&Keys>,
    kind: &str,
    subject: &str,
) -> Result<SubjectStatus> {
    // Verify the chain first: a status read off a tampered ledger is worthless.
    ledger::entries(vault)?;
    let hmac = ledger::lookup_hmac(vault, keys, kind, subject)?;
    let rows = vault.catalog.ledger_by_subject(kind, &hmac)?;
    let mut requests = Vec::with_capacity(rows.len());
    for r in rows {
        requests.push(
            serde_json::from_str::<Entry>(r.entry.trim_end())
                .map_err(|e| crate::error::Error::Ledger(format!("ledger entry {}: {e}", r.seq)))?,
        );
    }
    let (archives, gone_by) = match requests.last() {
        Some(e) => {
            let (a, g) = exposure(&vault.config, &vault.catalog, e.cutoff()?)?;
            (a, Some(g))
        }
        None => (Vec::new(), None),
    };
    Ok(SubjectStatus {
        kind: kind.to_owned(),
        requests,
        archives,
        gone_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retention::{BackupHealth, Decision, apply};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn cand(t: Timestamp) -> Candidate {
        Candidate {
            id: format!("{}-00000000", t.strftime("%Y%m%dT%H%M%SZ")),
            created: t,
            verified: Verified::Ok,
            hold: None,
            offsite_pending: false,
        }
    }

    /// The archives that exist at `now`: those of `existing` created by
    /// then, and one a night after the newest of them.
    fn world(existing: &[Candidate], now: Timestamp) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = existing
            .iter()
            .filter(|c| c.created <= now)
            .cloned()
            .collect();
        let Some(mut t) = existing.iter().map(|c| c.created).max() else {
            return out;
        };
        loop {
            t += DAY;
            if t > now {
                return out;
            }
            out.push(cand(t));
        }
    }

    fn kept_at(policy: &Policy, existing: &[Candidate], id: &str, now: Timestamp) -> bool {
        // Gaps in the simulated past must not block deletions: expiry
        // assumes backups are on time.
        let policy = Policy {
            max_backup_age: SignedDuration::from_hours(24 * 365 * 100),
            ..policy.clone()
        };
        let plan = apply(
            &policy,
            &world(existing, now),
            &BackupHealth::default(),
            now,
            false,
        );
        assert_eq!(plan.blocked, None);
        plan.items
            .iter()
            .find(|i| i.id == id)
            .is_some_and(|i| i.decision == Decision::Keep)
    }

    /// For every archive of `existing`: kept by `retention::apply` a day
    /// before the computed expiry (nightly archives continuing), deleted a
    /// day after it.
    fn check_against_apply(policy: &Policy, existing: &[Candidate]) {
        for a in existing {
            let Some(e) = expiry(policy, a, existing) else {
                panic!("{} has an expiry", a.id);
            };
            let before = e - DAY;
            if before >= a.created {
                assert!(
                    kept_at(policy, existing, &a.id, before),
                    "{} is kept at {before} (expiry {e})",
                    a.id
                );
            }
            assert!(
                !kept_at(policy, existing, &a.id, e + DAY),
                "{} is deleted at {} (expiry {e})",
                a.id,
                e + DAY
            );
        }
    }

    fn nightly(from: &str, days: i64) -> Vec<Candidate> {
        (0..days).map(|d| cand(at(from) + DAY * d as i32)).collect()
    }

    #[test]
    fn expiry_agrees_with_apply_for_the_default_policy() {
        // Sixty nights ending on a Wednesday in mid-month, and a year of them.
        check_against_apply(&Policy::default(), &nightly("2026-03-20T02:00:00Z", 60));
        let year = nightly("2025-06-01T02:00:00Z", 400);
        // Every 7th archive keeps the test fast; the first and last always.
        let sample: Vec<Candidate> = year
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 == 0 || *i == year.len() - 1)
            .map(|(_, c)| c.clone())
            .collect();
        for a in &sample {
            check_against_apply(&Policy::default(), std::slice::from_ref(a));
        }
        check_against_apply(&Policy::default(), &year[380..]);
    }

    #[test]
    fn expiry_agrees_with_apply_for_other_policies_and_irregular_archives() {
        let mut irregular = nightly("2026-01-25T02:00:00Z", 10);
        // Two more on one day, a gap of a week, one at another hour.
        irregular.push(cand(at("2026-02-03T14:00:00Z")));
        irregular.push(cand(at("2026-02-03T20:00:00Z")));
        irregular.push(cand(at("2026-02-11T09:30:00Z")));
        for policy in [
            Policy {
                keep_last: 0,
                keep_daily: 3,
                keep_weekly: 2,
                keep_monthly: 2,
                keep_yearly: 1,
                ..Policy::default()
            },
            Policy {
                keep_last: 5,
                keep_daily: 0,
                keep_weekly: 0,
                keep_monthly: 0,
                keep_yearly: 0,
                keep_within: Some(SignedDuration::from_hours(24 * 10)),
                ..Policy::default()
            },
            Policy {
                keep_last: 1,
                keep_daily: 7,
                keep_weekly: 4,
                keep_monthly: 0,
                keep_yearly: 0,
                ..Policy::default()
            },
        ] {
            check_against_apply(&policy, &irregular);
        }
    }

    #[test]
    fn worked_examples() {
        let p = Policy::default();
        // 2026-11-24 is a Tuesday: daily keeps it 30 days; Sunday's archive of
        // that week then holds the weekly slot, so daily decides.
        let tue = cand(at("2026-11-24T02:00:00Z"));
        assert_eq!(
            expiry(&p, &tue, std::slice::from_ref(&tue)),
            Some(at("2026-12-24T02:00:00Z"))
        );
        // 2026-12-31 (Thursday) is the newest of its year: kept while its year
        // is one of the newest 7 with archives, until the first one of 2033.
        let eoy = cand(at("2026-12-31T02:00:00Z"));
        assert_eq!(
            expiry(&p, &eoy, std::slice::from_ref(&eoy)),
            Some(at("2033-01-01T02:00:00Z"))
        );
        // A hold or a missing verification: no date. A failed one: the next prune.
        let mut held = tue.clone();
        held.hold = Some("litigation".into());
        assert_eq!(expiry(&p, &held, std::slice::from_ref(&held)), None);
        let mut failed = tue.clone();
        failed.verified = Verified::Failed;
        assert_eq!(
            expiry(&p, &failed, std::slice::from_ref(&failed)),
            Some(failed.created)
        );
    }
}
