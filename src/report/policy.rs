//! The procedures document (`coffer policy render`): the backup policy as
//! it runs, generated from the live coffer.toml and catalog, so the SOC 2
//! documentation never drifts from the configuration. What is backed up,
//! when, how it is encrypted and who holds which key, where the copies go,
//! how long each is kept, how to restore, how erasure requests are
//! handled, the monitoring thresholds, the last drill, whom to call.

use std::fmt::Write;

use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use super::{class_fingerprints, fmt_ms};
use crate::catalog::{ArchiveFilter, RunKind};
use crate::config::{Contact, StoreSection};
use crate::error::Result;
use crate::format::names;
use crate::pipeline::vault::Vault;
use crate::retention::{Policy, fmt_duration};

const TEMPLATE: &str = include_str!("templates/policy.html");

#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    pub generated_at: String,
    pub coffer_version: &'static str,
    pub config_path: String,
    pub config_sha256: String,
    pub organization: Option<String>,
    pub owner: Option<String>,
    pub rto_target: Option<String>,
    pub rpo_target: Option<String>,
    pub database: String,
    pub dump_format: String,
    pub row_counts: String,
    pub compression_level: i32,
    pub schedule: Schedule,
    pub classes: Vec<ClassDoc>,
    pub signing_key: String,
    pub stores: Vec<StoreDoc>,
    pub erasure: Vec<ErasureKind>,
    pub monitoring: Monitoring,
    pub last_drill: Option<LastDrill>,
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// `[policy] schedule`, in words.
    pub described: Option<String>,
    /// `[policy] timer`: the file and its schedule lines.
    pub timer_file: Option<String>,
    pub timer_lines: Vec<String>,
    /// Why the timer file could not be read, if so.
    pub timer_problem: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassDoc {
    pub class: String,
    /// Table patterns (none for the general class: every other table).
    pub table_patterns: Vec<String>,
    /// Tables the newest backup put in the class.
    pub tables: Vec<String>,
    pub recipients: Vec<Recipient>,
    pub primary_store: String,
    pub offsite: Vec<String>,
    pub copies_required: u32,
    pub retention: Policy,
    pub retention_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub recipient: String,
    pub fingerprint: String,
    /// Who holds the matching identity (`[policy.custodians]`).
    pub custodian: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoreDoc {
    pub name: String,
    pub kind: String,
    /// A local path, or bucket/prefix (and endpoint) of an S3 store.
    pub location: String,
    pub object_lock: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErasureKind {
    pub kind: String,
    pub statements: Vec<String>,
    pub check: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monitoring {
    /// Per class: prune stops (and a backup is stale) past this age.
    pub max_backup_age: Vec<(String, String)>,
    pub size_window: usize,
    pub size_band: [f64; 2],
    /// The other `[check]` and `[run]` thresholds, in words.
    pub thresholds: Vec<String>,
    pub alerts: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LastDrill {
    pub archive_id: String,
    pub at: String,
    pub ok: bool,
    pub restore: String,
    pub total: String,
    pub tables_checked: u64,
    pub error: Option<String>,
}

fn retention_text(p: &Policy) -> String {
    let mut s = format!(
        "the newest archive of each of the last {} days, {} ISO weeks, {} months and {} years that have archives, and the {} newest",
        p.keep_daily, p.keep_weekly, p.keep_monthly, p.keep_yearly, p.keep_last
    );
    if let Some(w) = p.keep_within {
        let _ = write!(s, ", and everything younger than {}", fmt_duration(w));
    }
    s
}

/// The schedule lines of a systemd timer (`OnCalendar=`) or of a crontab
/// (lines that run coffer).
fn timer_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("OnCalendar=")
                || l.starts_with("RandomizedDelaySec=")
                || l.starts_with("Persistent=")
                || (!l.starts_with('#') && l.contains("coffer") && !l.contains('='))
        })
        .map(str::to_owned)
        .collect()
}

pub fn build(vault: &Vault) -> Result<Doc> {
    let cfg = &vault.config;
    let p = &cfg.policy;
    let config_bytes = std::fs::read(&cfg.path).map_err(|e| {
        crate::error::Error::Config(format!("cannot read {}: {e}", cfg.path.display()))
    })?;
    let archives = vault.catalog.archives(ArchiveFilter::default())?;

    let timer_file = p.timer.as_ref().map(|t| cfg.resolve(t));
    let (timer_lines, timer_problem) = match &timer_file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(t) => (timer_lines(&t), None),
            Err(e) => (
                Vec::new(),
                Some(format!("cannot read {}: {e}", f.display())),
            ),
        },
        None => (Vec::new(), None),
    };

    // The recipient's own `custodian` (coffer.toml), else `[policy.custodians]`.
    let custodian = |class: &str, r: &str, fp: &str| {
        cfg.class_recipient_entries(class)
            .ok()
            .and_then(|es| es.into_iter().find(|e| e.key() == r.trim()))
            .and_then(|e| e.custodian)
            .or_else(|| {
                p.custodians
                    .get(r.trim())
                    .or_else(|| p.custodians.get(fp))
                    .cloned()
            })
    };
    let mut class_names = vec![names::GENERAL.to_owned()];
    class_names.extend(cfg.classes.keys().cloned());
    let mut classes = Vec::new();
    for class in &class_names {
        let recipient_strings: Vec<String> = match cfg.classes.get(class) {
            Some(c) => crate::config::recipients::keys(&c.recipients),
            None => cfg
                .recipients()
                .map(|rs| rs.iter().map(|r| r.to_string()).collect())
                .unwrap_or_else(|_| crate::config::recipients::keys(&cfg.vault.recipients)),
        };
        let fps = class_fingerprints(vault, class);
        let recipients = recipient_strings
            .iter()
            .zip(fps.iter())
            .map(|(r, fp)| Recipient {
                recipient: r.clone(),
                fingerprint: fp.clone(),
                custodian: custodian(class, r, fp),
            })
            .collect();
        let tables: Vec<String> = archives
            .iter()
            .rev()
            .find(|a| &a.class == class)
            .and_then(|a| a.facts.get("row_counts").and_then(|r| r.as_object()))
            .map(|rc| rc.keys().cloned().collect())
            .unwrap_or_default();
        let retention = cfg.policy(class).clone();
        classes.push(ClassDoc {
            class: class.clone(),
            table_patterns: cfg
                .classes
                .get(class)
                .map(|c| c.tables.clone())
                .unwrap_or_default(),
            tables,
            recipients,
            primary_store: cfg.primary_store_name(class),
            offsite: cfg.class_offsite(class).to_vec(),
            copies_required: cfg.copies_required(class),
            retention_text: retention_text(&retention),
            retention,
        });
    }

    let mut stores = vec![StoreDoc {
        name: "local".into(),
        kind: "local".into(),
        location: cfg.store_dir().display().to_string(),
        object_lock: None,
    }];
    for (name, s) in &cfg.stores {
        stores.push(match s {
            StoreSection::Local { path } => StoreDoc {
                name: name.clone(),
                kind: "local".into(),
                location: cfg.resolve(path).display().to_string(),
                object_lock: None,
            },
            StoreSection::S3(s3) => StoreDoc {
                name: name.clone(),
                kind: "s3".into(),
                location: format!(
                    "bucket {}, prefix {:?}{}",
                    s3.bucket,
                    s3.prefix,
                    s3.endpoint
                        .as_deref()
                        .map(|e| format!(", endpoint {e}"))
                        .unwrap_or_default()
                ),
                object_lock: s3.object_lock.clone(),
            },
        });
    }

    let last_drill = match vault.catalog.last_run(RunKind::Drill)? {
        Some(run) => match run.archive_id.as_deref() {
            Some(id) => vault.catalog.drills(id)?.pop().map(|d| LastDrill {
                archive_id: d.archive_id,
                at: d.at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                ok: d.ok,
                restore: fmt_ms(d.restore_ms),
                total: fmt_ms(d.total_ms),
                tables_checked: d.tables_checked,
                error: d.error,
            }),
            None => None,
        },
        None => None,
    };

    let n = &cfg.notify;
    let mut alerts = Vec::new();
    for (what, c) in [
        ("on failure", &n.on_failure),
        ("on warning", &n.on_warning),
        ("on success", &n.on_success),
    ] {
        if let Some(c) = c {
            alerts.push(format!("{what}: runs {}", c.argv.join(" ")));
        }
    }
    if n.webhook.is_some() {
        alerts.push("a signed JSON webhook ([notify.webhook])".into());
    }

    Ok(Doc {
        generated_at: crate::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        coffer_version: env!("CARGO_PKG_VERSION"),
        config_path: cfg.path.display().to_string(),
        config_sha256: crate::digest::Digest::of(&config_bytes).to_hex(),
        organization: p.organization.clone(),
        owner: p.owner.clone(),
        rto_target: p.rto_target.map(|i| i.to_string()),
        rpo_target: p.rpo_target.map(|i| i.to_string()),
        database: cfg
            .database
            .url
            .clone()
            .unwrap_or_else(|| "from the PG* environment variables".into()),
        dump_format: cfg.backup.format.as_str().to_owned(),
        row_counts: cfg.backup.row_counts.clone(),
        compression_level: cfg.backup.compression_level,
        schedule: Schedule {
            described: p.schedule.clone(),
            timer_file: timer_file.map(|f| f.display().to_string()),
            timer_lines,
            timer_problem,
        },
        classes,
        signing_key: vault
            .signer()
            .map(|k| k.fingerprint())
            .unwrap_or_else(|e| format!("not readable: {e}")),
        stores,
        erasure: cfg
            .erasure
            .iter()
            .map(|(k, r)| ErasureKind {
                kind: k.clone(),
                statements: r.statements.clone(),
                check: r.check.clone(),
            })
            .collect(),
        monitoring: Monitoring {
            max_backup_age: class_names
                .iter()
                .map(|c| (c.clone(), fmt_duration(cfg.policy(c).max_backup_age)))
                .collect(),
            size_window: cfg.check.size_window,
            size_band: cfg.check.size_band,
            thresholds: thresholds(cfg),
            alerts,
        },
        last_drill,
        contacts: p.contacts.clone(),
    })
}

/// `coffer check`'s and `coffer run`'s thresholds, as the document states them.
fn thresholds(cfg: &crate::config::Config) -> Vec<String> {
    let c = &cfg.check;
    let mut out = vec![
        format!(
            "`coffer check`: the newest good backup of a class older than {} is critical",
            c.max_age
        ),
        format!(
            "the newest passed verification of a class older than {} is a warning",
            c.verify_every
        ),
        format!(
            "a local store with less than {} bytes or {}% free, or full within {} days at the growth of the last {} days, is a warning",
            c.min_free_bytes.0, c.min_free_percent, c.min_days_until_full, c.growth_window_days
        ),
    ];
    for (store, q) in &c.quota {
        out.push(format!("store {store}: quota {} bytes", q.0));
    }
    match cfg.run.drill_every {
        Some(d) => out.push(format!(
            "`coffer run` drills the newest set when the last good drill is older than {d}"
        )),
        None => out.push("`coffer run` runs no drill ([run] drill_every is not set)".into()),
    }
    out
}

fn or<'a>(s: &'a Option<String>, d: &'a str) -> &'a str {
    s.as_deref().unwrap_or(d)
}

/// The restore commands, for the document and its reader at 3 a.m.
pub const RESTORE_STEPS: &[&str] = &[
    "coffer list                      # the archives, newest first",
    "coffer verify latest             # seal, signature and hash, without the key",
    "coffer restore latest --to postgresql://USER@HOST/DB --create -i identity.txt",
    "coffer drill latest -i identity.txt   # a restore test into a scratch database",
];

/// The stock-tool recipe of spec/format.md "Recovery with stock tools".
pub const STOCK_RECIPE: &str = "age -d -i identity.txt ARCHIVE | zstd -d | tar -xO --wildcards 'payload/dump/*' \\\n    | pg_restore --single-transaction --exit-on-error -d DB";

pub fn markdown(d: &Doc) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(
        w,
        "# Backup policy and procedures{}\n",
        d.organization
            .as_deref()
            .map(|x| format!(": {x}"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        w,
        "Generated {} by coffer {} from `{}` (SHA-256 `{}`) and its catalog. Owner: {}. Do not edit: change coffer.toml and render again.\n",
        d.generated_at,
        d.coffer_version,
        d.config_path,
        d.config_sha256,
        or(&d.owner, "not set")
    );
    let _ = writeln!(
        w,
        "Targets: RTO {}, RPO {}.\n",
        or(&d.rto_target, "not set"),
        or(&d.rpo_target, "not set")
    );

    let _ = writeln!(w, "## 1. What is backed up\n");
    let _ = writeln!(
        w,
        "Database `{}`, dumped with pg_dump ({} format), row counts {}, zstd level {}. One archive per class:\n",
        d.database, d.dump_format, d.row_counts, d.compression_level
    );
    for c in &d.classes {
        let what = if c.table_patterns.is_empty() {
            "every table not in another class".to_owned()
        } else {
            format!("tables {}", c.table_patterns.join(", "))
        };
        let _ = writeln!(
            w,
            "- class **{}**: {what}{}",
            c.class,
            if c.tables.is_empty() || c.table_patterns.is_empty() {
                String::new()
            } else {
                format!(" (the newest backup: {})", c.tables.join(", "))
            }
        );
    }
    let _ = writeln!(w, "\n## 2. When\n");
    match &d.schedule.described {
        Some(s) => {
            let _ = writeln!(w, "{s}.\n");
        }
        None => {
            let _ = writeln!(w, "No schedule is described in `[policy] schedule`.\n");
        }
    }
    if let Some(f) = &d.schedule.timer_file {
        let _ = writeln!(w, "The nightly job's timer `{f}`:\n\n```");
        for l in &d.schedule.timer_lines {
            let _ = writeln!(w, "{l}");
        }
        let _ = writeln!(w, "```\n");
        if let Some(p) = &d.schedule.timer_problem {
            let _ = writeln!(w, "**Problem:** {p}\n");
        }
    }

    let _ = writeln!(w, "## 3. Encryption and keys\n");
    let _ = writeln!(
        w,
        "Every archive is encrypted on the backup host to public recipients (age X25519); the private identities are kept off the host. Each archive's seal is signed by the vault's signing key `{}`.\n",
        d.signing_key
    );
    let _ = writeln!(w, "| class | recipient | fingerprint | key custodian |");
    let _ = writeln!(w, "|---|---|---|---|");
    for c in &d.classes {
        for r in &c.recipients {
            let _ = writeln!(
                w,
                "| {} | `{}` | `{}` | {} |",
                c.class,
                r.recipient,
                r.fingerprint,
                or(&r.custodian, "not named")
            );
        }
    }
    let _ = writeln!(w, "\n## 4. Where copies go\n");
    let _ = writeln!(w, "| class | primary store | offsite | copies required |");
    let _ = writeln!(w, "|---|---|---|---|");
    for c in &d.classes {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            c.class,
            c.primary_store,
            if c.offsite.is_empty() {
                "none".into()
            } else {
                c.offsite.join(", ")
            },
            c.copies_required
        );
    }
    let _ = writeln!(w, "\n| store | kind | location | object lock |");
    let _ = writeln!(w, "|---|---|---|---|");
    for s in &d.stores {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            s.name,
            s.kind,
            s.location,
            or(&s.object_lock, "none")
        );
    }
    let _ = writeln!(w, "\n## 5. How long each is kept\n");
    for c in &d.classes {
        let _ = writeln!(w, "- class **{}**: {}.", c.class, c.retention_text);
    }
    let _ = writeln!(
        w,
        "\nLegal holds (`coffer hold add ID --reason ...`) keep an archive whatever the rules say. Prune never deletes the newest verified archive, an archive not yet copied offsite, or anything while the newest backup failed or is stale. An offsite copy under object lock is not deleted before its lock ends.\n"
    );
    let _ = writeln!(w, "## 6. How to restore\n\n```sh");
    for s in RESTORE_STEPS {
        let _ = writeln!(w, "{s}");
    }
    let _ = writeln!(
        w,
        "```\n\nWithout coffer, with stock tools only (spec/format.md):\n\n```sh\n{STOCK_RECIPE}\n```\n"
    );
    let _ = writeln!(
        w,
        "A restore through coffer replays every GDPR erasure request on the restored database before it reports success.\n"
    );
    let _ = writeln!(w, "## 7. Erasure requests (GDPR)\n");
    let _ = writeln!(
        w,
        "After the application erased a subject, record it: `coffer erasure request KIND ID --reference TICKET`. The id is stored encrypted and as a keyed hash; the reference holds no personal data. `coffer erasure status KIND ID` gives the date by which the last backup holding the subject expires.\n"
    );
    if d.erasure.is_empty() {
        let _ = writeln!(w, "No `[erasure.KIND]` rule is configured.\n");
    }
    for e in &d.erasure {
        let _ = writeln!(w, "Kind **{}**:\n\n```sql", e.kind);
        for s in &e.statements {
            let _ = writeln!(w, "{s};");
        }
        let _ = writeln!(w, "-- check (must return 0):\n{};\n```\n", e.check);
    }
    let _ = writeln!(w, "## 8. Monitoring\n");
    for (c, a) in &d.monitoring.max_backup_age {
        let _ = writeln!(w, "- class {c}: a backup older than {a} is stale");
    }
    let _ = writeln!(
        w,
        "- archive size outside {}x-{}x the median of the previous {} archives is an anomaly",
        d.monitoring.size_band[0], d.monitoring.size_band[1], d.monitoring.size_window
    );
    for t in &d.monitoring.thresholds {
        let _ = writeln!(w, "- {t}");
    }
    if d.monitoring.alerts.is_empty() {
        let _ = writeln!(w, "- alerts: none configured (`[notify]`)");
    }
    for a in &d.monitoring.alerts {
        let _ = writeln!(w, "- alert {a}");
    }
    let _ = writeln!(w, "\n## 9. Last restore drill\n");
    match &d.last_drill {
        Some(l) => {
            let _ = writeln!(
                w,
                "{} of archive `{}`: {}, restore {} (total {}), {} tables checked{}.\n",
                l.at,
                l.archive_id,
                if l.ok { "passed" } else { "FAILED" },
                l.restore,
                l.total,
                l.tables_checked,
                l.error
                    .as_deref()
                    .map(|e| format!(": {e}"))
                    .unwrap_or_default()
            );
        }
        None => {
            let _ = writeln!(w, "No drill has run yet: run `coffer drill latest`.\n");
        }
    }
    let _ = writeln!(w, "## 10. Emergency contacts\n");
    if d.contacts.is_empty() {
        let _ = writeln!(w, "None configured (`[[policy.contacts]]`).");
    }
    for c in &d.contacts {
        let _ = writeln!(
            w,
            "- {}{}{}{}",
            c.name,
            c.role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default(),
            c.phone
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default(),
            c.email
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default()
        );
    }
    o
}

pub fn html(d: &Doc) -> Result<String> {
    let mut env = super::html::environment();
    env.add_template("policy.html", TEMPLATE)
        .map_err(super::html::template_err)?;
    let t = env
        .get_template("policy.html")
        .map_err(super::html::template_err)?;
    let out = t
        .render(minijinja::context! {
            d => Value::from(Serde(d)),
            css => Value::from_safe_string(include_str!("templates/report.css").to_owned()),
            restore_steps => Value::from(Serde(RESTORE_STEPS)),
            stock_recipe => STOCK_RECIPE,
        })
        .map_err(super::html::template_err)?;
    Ok(super::html::defang(out))
}
