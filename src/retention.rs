//! Grandfather-father-son retention (spec/retention.md): a pure function
//! from archives and `now` to a plan with a reason for every decision.
//! Planning is apart from executing, so `prune --dry-run` and the audit trail
//! come for free.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp, tz::TimeZone};
use serde::{Deserialize, Serialize};

/// A retention policy, per class. Defaults are the seed's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub keep_last: u32,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
    pub keep_yearly: u32,
    /// Keep everything younger than this (e.g. "7d", "48h").
    #[serde(with = "opt_duration")]
    pub keep_within: Option<SignedDuration>,
    /// Deleting stops when the newest good backup is older than this.
    #[serde(with = "duration")]
    pub max_backup_age: SignedDuration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            keep_last: 3,
            keep_daily: 30,
            keep_weekly: 12,
            keep_monthly: 12,
            keep_yearly: 7,
            keep_within: None,
            max_backup_age: SignedDuration::from_hours(36),
        }
    }
}

/// What verification says of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verified {
    /// The last verification passed.
    Ok,
    /// The last verification failed.
    Failed,
    /// Never verified.
    Unverified,
}

/// One archive as retention sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub created: Timestamp,
    pub verified: Verified,
    /// The reason of an active legal hold.
    pub hold: Option<String>,
    /// The archive lacks the offsite copies its class requires.
    pub offsite_pending: bool,
}

/// Facts about backups that gate any deletion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupHealth {
    /// The most recent backup run failed.
    pub newest_run_failed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Keep,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    #[serde(with = "ts")]
    pub created: Timestamp,
    pub decision: Decision,
    pub reasons: Vec<String>,
}

/// The plan: every archive, newest first, with its decision and reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub items: Vec<Item>,
    /// Why nothing may be deleted (a failed or stale newest backup), if so.
    pub blocked: Option<String>,
    /// `--force` overrode `blocked`.
    pub forced: bool,
}

impl Plan {
    pub fn deletions(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.decision == Decision::Delete)
    }
}

fn utc(t: Timestamp) -> jiff::ZonedDateTime {
    t.to_zoned_datetime(TimeZone::UTC)
}

/// The bucket of each keep-rule, in UTC (ISO weeks for weekly).
fn bucket(rule: &str, t: Timestamp) -> String {
    let z = utc(t);
    match rule {
        "daily" => z.strftime("%Y-%m-%d").to_string(),
        "weekly" => z.strftime("%G-W%V").to_string(),
        "monthly" => z.strftime("%Y-%m").to_string(),
        _ => z.strftime("%Y").to_string(),
    }
}

/// The start of the bucket `n` periods after the bucket of `t` (UTC).
fn bucket_start_after(rule: &str, t: Timestamp, n: u32) -> Option<Timestamp> {
    use jiff::ToSpan;
    let d = utc(t).date();
    let n = i64::from(n);
    let start = match rule {
        "daily" => d.checked_add(n.days()).ok()?,
        "weekly" => {
            let monday = d
                .checked_sub(i64::from(d.weekday().to_monday_zero_offset()).days())
                .ok()?;
            monday.checked_add((7 * n).days()).ok()?
        }
        "monthly" => d.first_of_month().checked_add(n.months()).ok()?,
        _ => d.first_of_year().checked_add(n.years()).ok()?,
    };
    TimeZone::UTC.to_timestamp(start.at(0, 0, 0, 0)).ok()
}

/// The object-lock date of an archive created at `created` (spec/retention.md
/// "Object lock"): the latest date until which `policy` is sure to keep it,
/// given the class's archives `all` (creation times) at `now`.
///
/// * `keep_within`: `created + keep_within`;
/// * the finest period rule (daily, unless it is 0): its full term, when the
///   archive is the newest of its period so far, on the assumption that it
///   stays so (one backup per period); an archive that a later one of the
///   same period replaces stays locked for that term and prune reports it;
/// * every coarser rule whose period is over and whose newest archive this
///   is: its full term (a yearly archive gets the `keep_yearly` years).
///   `prune` extends the lock when a period closes.
///
/// `None` when no rule is sure to keep the archive past `now`.
pub fn lock_until(
    policy: &Policy,
    all: &[Timestamp],
    created: Timestamp,
    now: Timestamp,
) -> Option<Timestamp> {
    let mut until = policy.keep_within.and_then(|w| created.checked_add(w).ok());
    let newest_in = |rule: &str| {
        let b = bucket(rule, created);
        !all.iter().any(|t| *t > created && bucket(rule, *t) == b)
    };
    let mut finest = true;
    for (rule, n) in [
        ("daily", policy.keep_daily),
        ("weekly", policy.keep_weekly),
        ("monthly", policy.keep_monthly),
        ("yearly", policy.keep_yearly),
    ] {
        if n == 0 {
            continue;
        }
        let closed = bucket_start_after(rule, created, 1).is_some_and(|end| end <= now);
        if (finest || closed) && newest_in(rule) {
            until = until.max(bucket_start_after(rule, created, n));
        }
        finest = false;
    }
    until.filter(|u| *u > now)
}

/// Applies `policy` to `archives` at `now`. Pure and deterministic.
///
/// Invariants no policy can override (spec/retention.md "Safety rules"):
/// the newest archive that passed verification is kept; archives under a
/// legal hold are kept; nothing is deleted when the newest backup run failed
/// or the newest good archive is older than `max_backup_age`, unless `force`;
/// failed or unverified archives never fill a keep slot.
pub fn apply(
    policy: &Policy,
    archives: &[Candidate],
    health: &BackupHealth,
    now: Timestamp,
    force: bool,
) -> Plan {
    let mut sorted: Vec<&Candidate> = archives.iter().collect();
    sorted.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    let mut reasons: BTreeMap<&str, Vec<String>> =
        sorted.iter().map(|c| (c.id.as_str(), Vec::new())).collect();
    let eligible: Vec<&Candidate> = sorted
        .iter()
        .copied()
        .filter(|c| c.verified == Verified::Ok)
        .collect();

    for (i, c) in eligible.iter().take(policy.keep_last as usize).enumerate() {
        push(&mut reasons, c, format!("last {}", i + 1));
    }
    if let Some(within) = policy.keep_within {
        let since = now.checked_sub(within).unwrap_or(Timestamp::MIN);
        for c in eligible.iter().filter(|c| c.created >= since) {
            push(&mut reasons, c, format!("within {}", fmt_duration(within)));
        }
    }
    for (rule, n) in [
        ("daily", policy.keep_daily),
        ("weekly", policy.keep_weekly),
        ("monthly", policy.keep_monthly),
        ("yearly", policy.keep_yearly),
    ] {
        let mut last: Option<String> = None;
        let mut used = 0;
        for c in &eligible {
            if used >= n {
                break;
            }
            let b = bucket(rule, c.created);
            if last.as_ref() != Some(&b) {
                push(&mut reasons, c, format!("{rule} {b}"));
                last = Some(b);
                used += 1;
            }
        }
    }
    if let Some(newest) = eligible.first() {
        push(&mut reasons, newest, "newest verified".into());
    }
    for c in &sorted {
        if let Some(h) = &c.hold {
            push(&mut reasons, c, format!("legal hold: {h}"));
        }
        if c.offsite_pending {
            push(&mut reasons, c, "not yet copied offsite".into());
        }
        if c.verified == Verified::Unverified {
            push(
                &mut reasons,
                c,
                "unverified: run `coffer verify` before it can be pruned".into(),
            );
        }
    }

    let blocked = blocked_reason(policy, &eligible, health, now);
    let mut items = Vec::with_capacity(sorted.len());
    for c in &sorted {
        let mut r = reasons.remove(c.id.as_str()).unwrap_or_default();
        let decision = if !r.is_empty() {
            Decision::Keep
        } else if let (Some(b), false) = (&blocked, force) {
            r.push(format!("safety: {b}"));
            Decision::Keep
        } else {
            r.push(match c.verified {
                Verified::Failed => "failed verification: fills no keep slot".into(),
                _ => "no rule keeps it".into(),
            });
            Decision::Delete
        };
        items.push(Item {
            id: c.id.clone(),
            created: c.created,
            decision,
            reasons: r,
        });
    }
    Plan {
        items,
        forced: force && blocked.is_some(),
        blocked,
    }
}

fn blocked_reason(
    policy: &Policy,
    eligible: &[&Candidate],
    health: &BackupHealth,
    now: Timestamp,
) -> Option<String> {
    if health.newest_run_failed {
        return Some(
            "the newest backup run failed; nothing is deleted until a backup succeeds".into(),
        );
    }
    match eligible.first() {
        None => Some("there is no verified archive; nothing is deleted".into()),
        Some(c) if now.duration_since(c.created) > policy.max_backup_age => Some(format!(
            "the newest verified archive ({}) is older than {}; nothing is deleted while backups are stale",
            c.id,
            fmt_duration(policy.max_backup_age)
        )),
        Some(_) => None,
    }
}

fn push(reasons: &mut BTreeMap<&str, Vec<String>>, c: &Candidate, reason: String) {
    if let Some(v) = reasons.get_mut(c.id.as_str()) {
        v.push(reason);
    }
}

/// "36h", "7d", "90m".
pub fn fmt_duration(d: SignedDuration) -> String {
    crate::units::Interval(d).to_string()
}

/// Parses "7d", "36h", "90m", "2w" (a positive length).
pub fn parse_duration(s: &str) -> Option<SignedDuration> {
    s.parse::<crate::units::Interval>()
        .ok()
        .map(|i| i.0)
        .filter(|d| d.is_positive())
}

mod duration {
    use jiff::SignedDuration;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &SignedDuration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::fmt_duration(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SignedDuration, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_duration(&s)
            .ok_or_else(|| D::Error::custom(format!("invalid duration {s:?} (e.g. 36h, 7d, 2w)")))
    }
}

mod opt_duration {
    use jiff::SignedDuration;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &Option<SignedDuration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::fmt_duration(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SignedDuration>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_duration(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("invalid duration {s:?} (e.g. 36h, 7d, 2w)")))
    }
}

mod ts {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn nightly(from: &str, days: i64) -> Vec<Candidate> {
        let start = at(from);
        (0..days)
            .map(|d| {
                let created = start + SignedDuration::from_hours(24 * d);
                Candidate {
                    id: format!("{}-00000000", created.strftime("%Y%m%dT%H%M%SZ")),
                    created,
                    verified: Verified::Ok,
                    hold: None,
                    offsite_pending: false,
                }
            })
            .collect()
    }

    #[test]
    fn seven_years_of_nightly_backups() {
        // 2019-11-25 .. 2026-11-24, one backup a night at 02:00 UTC.
        let archives = nightly("2019-11-25T02:00:00Z", 2557);
        let now = at("2026-11-24T03:00:00Z");
        let plan = apply(
            &Policy::default(),
            &archives,
            &BackupHealth::default(),
            now,
            false,
        );
        assert_eq!(plan.blocked, None);
        let count = |prefix: &str| {
            plan.items
                .iter()
                .filter(|i| i.reasons.iter().any(|r| r.starts_with(prefix)))
                .count()
        };
        assert_eq!(count("daily "), 30);
        assert_eq!(count("weekly "), 12);
        assert_eq!(count("monthly "), 12);
        assert_eq!(count("yearly "), 7);
        assert_eq!(count("last "), 3);
        let kept: Vec<&Item> = plan
            .items
            .iter()
            .filter(|i| i.decision == Decision::Keep)
            .collect();
        // Worked out by hand (2026-11-24 is a Tuesday of ISO week 48):
        // daily keeps 2026-10-26..11-24 (30); weekly W48..W37 adds the
        // Sundays 10-25, 10-18, 10-11, 10-04, 09-27, 09-20, 09-13 (7; W48..W44
        // fall on daily ones); monthly 2026-11..2025-12 adds the last nights of
        // 2026-09..2025-12 (10); yearly 2026..2020 adds 12-31 of 2024..2020
        // (5; 2026 and 2025 are kept already). 2019 falls off.
        assert_eq!(
            kept.len(),
            30 + 7 + 10 + 5,
            "{:#?}",
            kept.iter().map(|i| (&i.id, &i.reasons)).collect::<Vec<_>>()
        );
        assert_eq!(
            kept.first().map(|i| i.id.as_str()),
            Some("20261124T020000Z-00000000")
        );
        assert_eq!(
            kept.last().map(|i| i.id.as_str()),
            Some("20201231T020000Z-00000000")
        );
        assert!(kept[0].reasons.contains(&"newest verified".to_string()));
        assert!(kept[0].reasons.contains(&"yearly 2026".to_string()));
    }

    #[test]
    fn held_failed_and_stale() {
        let mut a = nightly("2026-01-01T02:00:00Z", 100);
        a[0].hold = Some("litigation 42".into());
        a[99].verified = Verified::Failed;
        let now = a[99].created + SignedDuration::from_hours(1);
        let p = apply(&Policy::default(), &a, &BackupHealth::default(), now, false);
        let item = |id: &str| p.items.iter().find(|i| i.id == id).cloned();
        let held = item(&a[0].id).map(|i| (i.decision, i.reasons));
        assert_eq!(
            held,
            Some((Decision::Keep, vec!["legal hold: litigation 42".into()]))
        );
        let failed = item(&a[99].id).map(|i| i.decision);
        assert_eq!(failed, Some(Decision::Delete));
        // The newest verified is the one before the failed one.
        assert!(item(&a[98].id).is_some_and(|i| i.reasons.contains(&"newest verified".into())));

        // Stale: a week later nothing is deleted unless forced.
        let later = now + SignedDuration::from_hours(24 * 7);
        let p = apply(
            &Policy::default(),
            &a,
            &BackupHealth::default(),
            later,
            false,
        );
        assert!(p.blocked.is_some() && p.deletions().count() == 0);
        let p = apply(
            &Policy::default(),
            &a,
            &BackupHealth::default(),
            later,
            true,
        );
        assert!(p.forced && p.deletions().count() > 0);
        // A failed newest run blocks too.
        let health = BackupHealth {
            newest_run_failed: true,
        };
        let p = apply(&Policy::default(), &a, &health, now, false);
        assert_eq!(p.deletions().count(), 0);
    }

    #[test]
    fn lock_terms() {
        let p = Policy::default(); // 30 daily, 12 weekly, 12 monthly, 7 yearly
        let day1 = at("2026-03-10T02:00:00Z");
        // A fresh archive: its day's term only (30 days from its day).
        assert_eq!(
            lock_until(&p, &[day1], day1, day1),
            Some(at("2026-04-09T00:00:00Z"))
        );
        // Known to be replaced by a later archive of the same day: no rule
        // is sure to keep it.
        let later = at("2026-03-10T14:00:00Z");
        assert_eq!(lock_until(&p, &[day1, later], day1, later), None);
        // Once its year is over, the year's newest archive gets 7 years.
        let dec = at("2026-12-31T02:00:00Z");
        let all = [day1, dec];
        assert_eq!(
            lock_until(&p, &all, dec, at("2027-01-02T00:00:00Z")),
            Some(at("2033-01-01T00:00:00Z"))
        );
        // keep_within alone.
        let w = Policy {
            keep_daily: 0,
            keep_weekly: 0,
            keep_monthly: 0,
            keep_yearly: 0,
            keep_within: Some(SignedDuration::from_hours(48)),
            ..Policy::default()
        };
        assert_eq!(
            lock_until(&w, &[day1], day1, day1),
            Some(at("2026-03-12T02:00:00Z"))
        );
        // Past every term: nothing to lock.
        assert_eq!(
            lock_until(&w, &[day1], day1, at("2027-01-01T00:00:00Z")),
            None
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("36h"), Some(SignedDuration::from_hours(36)));
        assert_eq!(parse_duration("2w").map(fmt_duration), Some("14d".into()));
        for bad in ["", "h", "5y", "-3d", "0d"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
