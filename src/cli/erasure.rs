//! `coffer erasure ...`: the GDPR erasure ledger, its replay, and status.

use std::io::BufRead;
use std::path::Path;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::KeyArgs;
use super::exit::Exit;
use crate::erasure::{self, GoneBy, NewRequest};
use crate::error::{Error, Result};
use crate::pg::ConnTarget;
use crate::pipeline::maintain;
use crate::pipeline::vault::Vault;

const SUBJECT_HELP: &str = "The subject's id, as the rules' `$1` expects it (e.g. a user id); `-` reads it from stdin (keeps it out of the shell history)";

#[derive(Debug, Subcommand)]
pub enum ErasureCommand {
    /// Record an erasure request in the ledger (after the application erased the subject).
    ///
    /// The id is stored only encrypted to the vault's recipients and as a keyed
    /// hash; the reference is stored in the clear and must hold no personal data.
    Request(RequestArgs),
    /// List the ledger's requests and when each subject is gone from every backup.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one request; with -i also its subject id in the clear.
    Show {
        /// The request's number (its sequence number in the ledger).
        request: u64,
        #[command(flatten)]
        keys: KeyArgs,
        #[arg(long)]
        json: bool,
    },
    /// Check the ledger: every entry's hash, the chain, the signatures, catalog against store.
    VerifyLedger {
        #[arg(long)]
        json: bool,
    },
    /// Which archives may still hold a subject, and the date the last of them expires.
    Status {
        /// The subject kind (an [erasure.KIND] table of the config).
        kind: String,
        #[arg(help = SUBJECT_HELP)]
        subject_id: String,
        /// Needed once on a rebuilt host, to recover the ledger's HMAC key from the store.
        #[command(flatten)]
        keys: KeyArgs,
        #[arg(long)]
        json: bool,
    },
    /// Replay the whole ledger on a database (e.g. one restored with stock tools).
    Replay {
        /// The database (libpq URI without a password).
        #[arg(long, value_name = "URL")]
        to: String,
        /// The identity that decrypts the subject ids (the vault's age identity).
        #[command(flatten)]
        keys: KeyArgs,
        /// The archive the database was restored from, for the record.
        #[arg(long, value_name = "ID")]
        archive: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the erasure rules; with --check, prepare each against a database.
    Rules {
        /// Prepare every statement and check (in a transaction that is rolled back).
        #[arg(long)]
        check: bool,
        /// The database to check against (default: the configured one).
        #[arg(long, value_name = "URL")]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The subject kind (an [erasure.KIND] table of the config).
    pub kind: String,
    #[arg(help = SUBJECT_HELP)]
    pub subject_id: String,
    /// The ticket or case this answers (stored in the clear: no personal data).
    #[arg(long)]
    pub reference: String,
    /// When the subject asked (RFC 3339 or YYYY-MM-DD, UTC; default: now).
    #[arg(long, value_name = "TIME")]
    pub requested_at: Option<String>,
    /// Record it although the subject already has a request (e.g. they signed up again).
    #[arg(long)]
    pub again: bool,
    /// Needed once on a rebuilt host, to recover the ledger's HMAC key from the store.
    #[command(flatten)]
    pub keys: KeyArgs,
    #[arg(long)]
    pub json: bool,
}

fn wants_json(c: &ErasureCommand) -> bool {
    match c {
        ErasureCommand::Request(a) => a.json,
        ErasureCommand::List { json }
        | ErasureCommand::Show { json, .. }
        | ErasureCommand::VerifyLedger { json }
        | ErasureCommand::Status { json, .. }
        | ErasureCommand::Replay { json, .. }
        | ErasureCommand::Rules { json, .. } => *json,
    }
}

pub fn run(config: Option<&Path>, wait: Duration, cmd: ErasureCommand) -> Result<Exit> {
    let json = wants_json(&cmd);
    match dispatch(config, wait, cmd) {
        Err(e) if json => Ok(super::report(&e, true)),
        r => r,
    }
}

fn dispatch(config: Option<&Path>, wait: Duration, cmd: ErasureCommand) -> Result<Exit> {
    let v = super::open_vault(config)?;
    match cmd {
        ErasureCommand::Request(a) => request(&v, wait, a),
        ErasureCommand::List { json } => list(&v, json),
        ErasureCommand::Show {
            request,
            keys,
            json,
        } => show(&v, request, &keys, json),
        ErasureCommand::VerifyLedger { json } => verify_ledger(&v, json),
        ErasureCommand::Status {
            kind,
            subject_id,
            keys,
            json,
        } => status(&v, &kind, &subject_id, &keys, json),
        ErasureCommand::Replay {
            to,
            keys,
            archive,
            json,
        } => replay(&v, &to, &keys, archive.as_deref(), json),
        ErasureCommand::Rules { check, to, json } => rules(&v, check, to.as_deref(), json),
    }
}

/// The id from argv, or one line of stdin for `-`.
fn subject(arg: &str) -> Result<zeroize::Zeroizing<String>> {
    if arg != "-" {
        return Ok(zeroize::Zeroizing::new(arg.to_owned()));
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Input(format!("cannot read the subject id from stdin: {e}")))?;
    let trimmed = line.trim_end_matches(['\n', '\r']).to_owned();
    Ok(zeroize::Zeroizing::new(trimmed))
}

fn optional_keys(k: &KeyArgs) -> Result<Option<crate::crypto::Keys>> {
    if k.is_empty() {
        Ok(None)
    } else {
        k.load().map(Some)
    }
}

fn parse_time(s: &str) -> Result<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    s.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            Error::Input(format!(
                "--requested-at {s:?}: expected RFC 3339 (2026-11-20T09:30:00Z) or a date (2026-11-20)"
            ))
        })
}

fn request(v: &Vault, wait: Duration, a: RequestArgs) -> Result<Exit> {
    let keys = optional_keys(&a.keys)?;
    let subject = subject(&a.subject_id)?;
    let requested_at = a.requested_at.as_deref().map(parse_time).transpose()?;
    let _lock = maintain::lock(v, "erasure request", wait)?;
    let e = erasure::request(
        v,
        keys.as_ref(),
        &NewRequest {
            kind: &a.kind,
            subject: &subject,
            reference: &a.reference,
            requested_at,
            again: a.again,
        },
    )?;
    if a.json {
        println!("{}", json!({"ok": true, "entry": e}));
    } else {
        println!(
            "recorded erasure request #{} ({} {}, reference {:?}); ledger head {}",
            e.seq,
            e.kind,
            short(&e.subject_hmac),
            e.reference,
            short(&e.hash)
        );
        println!(
            "every restore and drill now replays it; `coffer erasure status {} ...` says when the last backup holding the subject expires",
            e.kind
        );
    }
    Ok(Exit::Ok)
}

fn short(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

fn list(v: &Vault, as_json: bool) -> Result<Exit> {
    let entries = erasure::ledger::entries(v)?;
    let mut rows = Vec::with_capacity(entries.len());
    for e in &entries {
        let (_, gone) = erasure::exposure(&v.config, &v.catalog, e.cutoff()?)?;
        rows.push((e, gone));
    }
    if as_json {
        let items: Vec<_> = rows
            .iter()
            .map(|(e, g)| json!({"entry": e, "gone_by": g, "gone_from_backups": g.to_string()}))
            .collect();
        println!("{}", json!(items));
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        println!("no erasure requests");
        return Ok(Exit::Ok);
    }
    println!(
        "{:>5}  {:<12} {:<12} {:<20} {:<20} {:<20} GONE FROM BACKUPS",
        "#", "KIND", "SUBJECT", "REQUESTED", "RECORDED", "REFERENCE"
    );
    for (e, g) in rows {
        println!(
            "{:>5}  {:<12} {:<12} {:<20} {:<20} {:<20} {g}",
            e.seq,
            e.kind,
            short(&e.subject_hmac),
            e.requested_at,
            e.recorded_at,
            e.reference
        );
    }
    Ok(Exit::Ok)
}

fn show(v: &Vault, seq: u64, keys: &KeyArgs, as_json: bool) -> Result<Exit> {
    let entries = erasure::ledger::entries(v)?;
    let e = entries
        .iter()
        .find(|e| e.seq == seq)
        .ok_or_else(|| Error::Input(format!("no erasure request #{seq} in the ledger")))?;
    let (archives, gone) = erasure::exposure(&v.config, &v.catalog, e.cutoff()?)?;
    let clear = match optional_keys(keys)? {
        Some(k) => erasure::decrypt_subjects(std::slice::from_ref(e), &k)?
            .into_iter()
            .next(),
        None => None,
    };
    if as_json {
        let mut out = json!({"entry": e, "archives": archives, "gone_by": gone});
        if let Some(c) = &clear {
            out["subject_id"] = json!(c.subject.as_str());
        }
        println!("{out}");
        return Ok(Exit::Ok);
    }
    println!("erasure request #{}", e.seq);
    println!("  kind:          {}", e.kind);
    match &clear {
        Some(c) => println!("  subject id:    {}", c.subject.as_str()),
        None => println!(
            "  subject:       {} (keyed hash; -i shows the id)",
            e.subject_hmac
        ),
    }
    println!("  reference:     {}", e.reference);
    println!("  requested at:  {}", e.requested_at);
    println!("  recorded at:   {} by {}", e.recorded_at, e.recorded_by);
    println!("  entry hash:    {}", e.hash);
    println!("  previous:      {}", e.prev);
    print_exposure(&archives, &gone);
    Ok(Exit::Ok)
}

fn print_exposure(archives: &[erasure::ArchiveExposure], gone: &GoneBy) {
    if archives.is_empty() {
        println!("  no archive taken before the request remains: the subject is in no backup");
        return;
    }
    println!("  archives taken before the request (they may hold the subject):");
    for a in archives {
        let when = match (&a.held, a.expires, a.unverified) {
            (Some(r), _, _) => format!("held: no expiry ({r})"),
            (None, _, true) => "unverified: no expiry until `coffer verify` passes".into(),
            (None, Some(t), false) => format!("expires {}", t.strftime("%Y-%m-%d %H:%M UTC")),
            (None, None, false) => "no expiry".into(),
        };
        println!(
            "    {}  created {}  {when}",
            a.archive_id,
            a.created.strftime("%Y-%m-%d %H:%M UTC")
        );
    }
    println!("  gone from every backup: {gone}");
}

fn verify_ledger(v: &Vault, as_json: bool) -> Result<Exit> {
    let r = erasure::verify_ledger(v)?;
    if as_json {
        println!("{}", json!({"ok": r.problems.is_empty(), "report": r}));
    } else if r.problems.is_empty() {
        match &r.head {
            Some((seq, hash)) => println!(
                "ledger ok: {} entries, chain and signatures verified in the catalog and the store; head #{seq} {hash}",
                r.catalog_entries
            ),
            None => println!("ledger ok: no entries"),
        }
    } else {
        for p in &r.problems {
            println!("PROBLEM {p}");
        }
    }
    match r.problems.first() {
        None => Ok(Exit::Ok),
        Some(_) if as_json => Ok(Exit::Integrity),
        Some(p) => Err(Error::Ledger(format!(
            "the erasure ledger fails verification: {p}{}",
            if r.problems.len() > 1 {
                format!(" (and {} more)", r.problems.len() - 1)
            } else {
                String::new()
            }
        ))),
    }
}

fn status(v: &Vault, kind: &str, subject_id: &str, keys: &KeyArgs, as_json: bool) -> Result<Exit> {
    let keys = optional_keys(keys)?;
    let id = subject(subject_id)?;
    let s = erasure::status(v, keys.as_ref(), kind, &id)?;
    if as_json {
        println!("{}", json!({"ok": true, "status": s}));
        return Ok(Exit::Ok);
    }
    let Some(last) = s.requests.last() else {
        println!("no erasure request for this {kind}");
        return Ok(Exit::Ok);
    };
    let numbers: Vec<String> = s.requests.iter().map(|e| format!("#{}", e.seq)).collect();
    println!(
        "{kind}: erasure requested ({}); latest #{} recorded {} (reference {:?})",
        numbers.join(", "),
        last.seq,
        last.recorded_at,
        last.reference
    );
    if let Some(g) = &s.gone_by {
        print_exposure(&s.archives, g);
    }
    Ok(Exit::Ok)
}

fn replay(
    v: &Vault,
    to: &str,
    keys: &KeyArgs,
    archive: Option<&str>,
    as_json: bool,
) -> Result<Exit> {
    if keys.is_empty() {
        return Err(Error::Input(
            "erasure replay needs -i/--identity: the subject ids are encrypted to the vault's recipients".into(),
        ));
    }
    let target = ConnTarget::new(Some(to))?;
    let keys = keys.load()?;
    let r = erasure::replay_vault(v, &keys, &target, archive)?;
    if as_json {
        println!("{}", json!({"ok": true, "report": r}));
        return Ok(Exit::Ok);
    }
    println!(
        "replayed {} erasure request(s) on {} in {} ms; every check counted 0",
        r.requests_applied,
        target.database(),
        r.duration_ms
    );
    for s in &r.statements {
        println!("  {} statement {}: {} row(s)", s.kind, s.index, s.rows);
    }
    for (t, c) in &r.tables {
        println!(
            "  {t}: {} deleted, {} updated, {} inserted",
            c.deleted, c.updated, c.inserted
        );
    }
    Ok(Exit::Ok)
}

fn rules(v: &Vault, check: bool, to: Option<&str>, as_json: bool) -> Result<Exit> {
    let rules = &v.config.erasure;
    if !check {
        if as_json {
            println!("{}", json!(rules));
        } else if rules.is_empty() {
            println!("no erasure rules: add [erasure.KIND] tables to the config");
        } else {
            for (kind, r) in rules {
                println!("[erasure.{kind}]");
                for (i, s) in r.statements.iter().enumerate() {
                    println!("  statement {}: {s}", i + 1);
                }
                println!("  check:       {}", r.check);
            }
        }
        return Ok(Exit::Ok);
    }
    let target = match to {
        Some(u) => ConnTarget::new(Some(u))?,
        None => v.target()?,
    };
    let mut client = target.connect()?;
    let results = erasure::check_rules(&mut client, rules)?;
    let bad = results.iter().filter(|r| r.error.is_some()).count();
    if as_json {
        println!("{}", json!({"ok": bad == 0, "results": results}));
    } else {
        for r in &results {
            match &r.error {
                None => println!("ok     {} {}", r.kind, r.part),
                Some(e) => println!("FAILED {} {}: {e}\n       {}", r.kind, r.part, r.sql),
            }
        }
    }
    if bad > 0 {
        let e = Error::Config(format!(
            "{bad} of {} erasure rule statements do not prepare against {}",
            results.len(),
            target.database()
        ));
        return if as_json {
            Ok(super::report(&e, true))
        } else {
            Err(e)
        };
    }
    if !as_json {
        println!(
            "all {} statements and checks prepare against {}",
            results.len(),
            target.database()
        );
    }
    Ok(Exit::Ok)
}
