//! The command line: clap definitions and one handler per subcommand. The
//! only code that prints or prompts.

pub mod archive;
pub mod audit;
pub mod demo;
pub mod docs;
pub mod erasure;
pub mod evidence;
pub mod exit;
pub mod import;
pub mod keys;
pub mod maintain;
pub mod notify;
pub mod offsite;
pub mod report;
pub mod run;
pub mod vault;
pub mod wal;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result};
use exit::Exit;

const AFTER_HELP: &str = "\
Exit codes: 0 ok, 1 failure, 2 usage, 3 bad input or config, 4 no matching key or wrong passphrase,
5 integrity failure, 6 unsupported format version, 7 database error, 8 storage error, 9 lock held,
10 restore check failed, 11 policy breach, 12 erasure replay failed; `wal fetch`: 200 refused
(recovery must stop). See README.md.";

/// coffer: encrypted, sealed, self-describing backups of PostgreSQL.
///
/// Archives are standard files: an age (or OpenPGP) envelope around one zstd
/// stream around a POSIX tar. Each has a signed seal beside it, so anyone can
/// check it without the decryption key. spec/format.md has the details and
/// the recipe to recover an archive with stock tools alone.
#[derive(Debug, Parser)]
#[command(name = "coffer", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// The vault's config file (default: $COFFER_CONFIG, then ./coffer.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Seconds a writer (backup, prune, hold, rebuild) waits for another writer's lock before exit code 9.
    #[arg(long, global = true, default_value_t = 10, value_name = "SECS")]
    pub lock_wait: u64,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the main job on a throwaway PostgreSQL cluster: init, backup, verify, drill,
    /// point-in-time recovery, the nightly job, check, rekey and the audit report.
    ///
    /// Started as root, the demo runs itself again as the `postgres` user: the
    /// server and its archive_command (`coffer wal push`) run as that user and
    /// write into the demo vault, as in production.
    Demo(demo::DemoArgs),
    /// Create a vault: config, store, catalog, signing key and an age identity.
    Init(vault::InitArgs),
    /// The nightly job: backup every class, verify, push offsite, prune, drill when due, check.
    Run(run::RunArgs),
    /// Health: stale or failed backups, size anomalies, space, offsite copies, overdue verify/drill, keys.
    Check(run::CheckArgs),
    /// Back up the configured database into a sealed archive.
    Backup(vault::BackupArgs),
    /// List the vault's archives.
    List(vault::ListArgs),
    /// Show one archive: seal, manifest facts, verification and drill history.
    Show(vault::ShowArgs),
    /// Restore an archive into a database, checking seal, hashes and row counts.
    Restore(vault::RestoreArgs),
    /// Restore into a scratch database, compare, drop, record (a restore test).
    Drill(vault::DrillArgs),
    /// Import existing dump files (.sql, .sql.gz, .gpg, custom) as sealed archives marked imported.
    Import(import::ImportArgs),
    /// Apply the retention policy: print the plan with a reason per archive, then delete.
    Prune(maintain::PruneArgs),
    /// Copy archives to their class's offsite stores, reading each copy back.
    Push(offsite::PushArgs),
    /// Point-in-time recovery: the encrypted WAL archive (archive_command / restore_command).
    #[command(subcommand)]
    Wal(wal::WalCommand),
    /// Legal holds: archives prune never deletes.
    #[command(subcommand)]
    Hold(maintain::HoldCommand),
    /// Catalog maintenance.
    #[command(subcommand)]
    Catalog(maintain::CatalogCommand),
    /// Recipients and their custodians: `keys list` shows who can open which archives.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Rewrite archives' recipients (add, remove) without re-encrypting their payload.
    Rekey(keys::RekeyArgs),
    /// GDPR erasure: the ledger of requests, its replay, and when a subject is gone from every backup.
    #[command(subcommand)]
    Erasure(erasure::ErasureCommand),
    /// The tamper-evident audit log: `audit verify` checks it, `audit log` lists it.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Alerts of `[notify]`: `notify test` sends a sample event through every notifier.
    #[command(subcommand)]
    Notify(notify::NotifyCommand),
    /// The audit report of a period (HTML, Markdown or JSON): inventory, coverage, retention, drills, GDPR, FERPA.
    Report(report::ReportArgs),
    /// A signed evidence bundle for an auditor (report, audit log, seals, records), or its check.
    Evidence(evidence::EvidenceArgs),
    /// The backup policy as a procedures document, rendered from the live config and catalog.
    #[command(subcommand)]
    Policy(report::PolicyCommand),
    /// Generate an age identity (or, with --signing, a seal signing key).
    Keygen(archive::KeygenArgs),
    /// Pack one payload (a file or stdin) into a sealed archive.
    Pack(archive::PackArgs),
    /// Check an archive completely, then write its payload.
    Unpack(archive::UnpackArgs),
    /// Verify an archive file or vault archives: keyless (seal, signature, hash), or deep with -i.
    Verify(archive::VerifyArgs),
    /// Show an archive's seal; with a key also its header and manifest.
    Inspect(archive::InspectArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(docs::CompletionsArgs),
    /// Print the man page, or write one page per subcommand with -o DIR.
    Man(docs::ManArgs),
}

/// Keys that open archives: identities and passphrases (never on argv).
#[derive(Debug, Args, Default, Clone)]
pub struct KeyArgs {
    /// An identity file: age (AGE-SECRET-KEY-1...) or an OpenPGP secret key. Repeatable.
    #[arg(short = 'i', long = "identity", value_name = "FILE")]
    pub identities: Vec<PathBuf>,
    /// Read the passphrase of a passphrase-encrypted archive from FILE (first line).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

impl KeyArgs {
    pub fn is_empty(&self) -> bool {
        self.identities.is_empty() && self.passphrase_file.is_none()
    }

    pub fn load(&self) -> Result<crate::crypto::Keys> {
        let mut keys = crate::crypto::Keys::new();
        for p in &self.identities {
            keys.add_identity_file(p)?;
        }
        if let Some(p) = &self.passphrase_file {
            keys.set_passphrase(crate::crypto::read_passphrase_file(p)?);
        }
        Ok(keys)
    }
}

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Exit {
    let json = cli_wants_json(&cli.command);
    let config = cli.config.as_deref();
    let wait = std::time::Duration::from_secs(cli.lock_wait);
    let result = match cli.command {
        Command::Demo(a) => demo::demo(a),
        Command::Init(a) => vault::init(a),
        Command::Run(a) => run::run(config, a),
        Command::Check(a) => return run::check(config, a),
        Command::Backup(a) => vault::backup(config, wait, a),
        Command::Import(a) => import::run(config, wait, a),
        Command::Prune(a) => maintain::prune(config, wait, a),
        Command::Push(a) => offsite::push(config, wait, a),
        Command::Wal(c) => return wal::run(config, c),
        Command::Hold(c) => maintain::hold(config, wait, c),
        Command::Catalog(c) => maintain::catalog(config, wait, c),
        Command::Keys(c) => keys::keys(config, wait, c),
        Command::Rekey(a) => keys::rekey(config, wait, a),
        Command::Erasure(c) => erasure::run(config, wait, c),
        Command::Notify(c) => notify::run(config, c),
        Command::Audit(c) => audit::run(config, c),
        Command::List(a) => vault::list(config, a),
        Command::Show(a) => vault::show(config, a),
        Command::Restore(a) => vault::restore(config, a),
        Command::Drill(a) => vault::drill(config, a),
        Command::Report(a) => report::report(config, a),
        Command::Evidence(a) => evidence::run(config, a),
        Command::Policy(c) => report::policy(config, c),
        Command::Keygen(a) => archive::keygen(a),
        Command::Pack(a) => archive::pack(a),
        Command::Unpack(a) => archive::unpack(a),
        Command::Verify(a) => match a.loose_file() {
            Some(_) => archive::verify(a),
            None if a.deep && a.keys.is_empty() => Err(Error::Input(
                "--deep needs -i/--identity (or --passphrase-file) to decrypt".into(),
            )),
            None => match &a.store {
                Some(store) => offsite::verify_store(
                    config,
                    store,
                    a.archive.as_deref(),
                    a.all,
                    &a.keys,
                    a.json,
                ),
                None => vault::verify(config, a.archive.as_deref(), a.all, &a.keys, a.json),
            },
        },
        Command::Inspect(a) => archive::inspect(a),
        Command::Completions(a) => docs::completions(a),
        Command::Man(a) => docs::man(a),
    };
    // An action whose audit entry failed still stands; the failure is said.
    for w in crate::audit::take_failures() {
        eprintln!("coffer: warning: {w}");
    }
    match result {
        Ok(code) => code,
        Err(e) => report(&e, json),
    }
}

fn cli_wants_json(c: &Command) -> bool {
    match c {
        Command::Pack(a) => a.json,
        Command::Verify(a) => a.json,
        Command::Backup(a) => a.json,
        Command::Run(a) => a.json,
        Command::List(a) => a.json,
        Command::Show(a) => a.json,
        Command::Restore(a) => a.json,
        Command::Drill(a) => a.json,
        Command::Import(a) => a.json,
        Command::Prune(a) => a.json,
        Command::Push(a) => a.json,
        Command::Inspect(a) => a.json,
        Command::Notify(c) => c.json(),
        Command::Wal(c) => c.json(),
        Command::Audit(c) => c.json(),
        Command::Keys(c) => c.json(),
        Command::Rekey(a) => a.json,
        _ => false,
    }
}

/// One line saying what is wrong, one saying what to do, and the exit code.
pub fn report(e: &Error, json: bool) -> Exit {
    let code = exit_for(e);
    if json {
        let v = serde_json::json!({
            "ok": false,
            "error": e.to_string(),
            "class": e.class_name(),
            "exit_code": code.code(),
        });
        println!("{v}");
    }
    eprintln!("coffer: error: {e}");
    if let Some(h) = hint(e) {
        eprintln!("coffer: hint: {h}");
    }
    code
}

pub fn exit_for(e: &Error) -> Exit {
    match e {
        Error::Format(f) => Exit::for_class(f.class),
        Error::Pg(_) => Exit::Database,
        Error::Catalog(c) => match c {
            crate::catalog::Error::NotFound(_) | crate::catalog::Error::Ambiguous { .. } => {
                Exit::BadInput
            }
            crate::catalog::Error::Locked(_) => Exit::LockHeld,
            crate::catalog::Error::Damaged(_) => Exit::Integrity,
            crate::catalog::Error::Full(_) => Exit::Storage,
            _ => Exit::Failure,
        },
        Error::Input(_) | Error::Config(_) => Exit::BadInput,
        Error::Store(_) => Exit::Storage,
        Error::RestoreCheck(_) => Exit::RestoreCheck,
        Error::ErasureReplay(_) => Exit::ErasureReplay,
        Error::Ledger(_) => Exit::Integrity,
        Error::LockHeld(_) => Exit::LockHeld,
        Error::Other(_) => Exit::Failure,
    }
}

/// The next step for the user, as rage does it.
fn hint(e: &Error) -> Option<String> {
    use crate::format::ErrorClass as C;
    let Error::Format(f) = e else {
        return None;
    };
    Some(
        match f.class {
            C::NoMatchingKey => "pass -i/--identity with a key this archive was encrypted to (its seal lists the recipients' fingerprints), or --passphrase-file for a passphrase archive",
            C::SealMissing => "keep FILE.seal and FILE.seal.sig beside the archive; --no-seal reads it without the authenticity check",
            C::SealMismatch | C::Truncated | C::Corrupt | C::DigestMismatch => "the archive is damaged or was modified: restore from another copy",
            C::SignatureInvalid => "check --signer names the vault's signing public key; a bad signature means the seal or archive was forged or altered",
            C::UnsupportedVersion => "this archive was written by a newer coffer: upgrade coffer to read it",
            C::EntryInvalid | C::HeaderInvalid | C::ManifestInvalid => "this is not an archive coffer wrote, or it was altered; nothing was extracted",
            C::NotAnArchive => "coffer archives start with an age header or an OpenPGP packet",
            _ => return None,
        }
        .to_owned(),
    )
}

/// True when progress lines should be drawn (stderr is a terminal).
pub fn progress_enabled() -> bool {
    std::io::stderr().is_terminal()
}

/// A progress line on a terminal (bytes, rate, elapsed); silent otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(what: &str) -> Progress {
        if !progress_enabled() {
            return Progress { bar: None };
        }
        let bar = indicatif::ProgressBar::new_spinner();
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} {msg} {bytes} ({bytes_per_sec}) {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(what.to_owned());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    pub fn update(&mut self, bytes: u64) {
        if let Some(b) = &self.bar {
            b.set_position(bytes);
        }
    }

    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

/// Opens the vault named by `--config` / `COFFER_CONFIG` / `./coffer.toml`,
/// and says on every run when a class may share recipients with another.
pub fn open_vault(config: Option<&std::path::Path>) -> Result<crate::pipeline::vault::Vault> {
    let v = crate::pipeline::vault::Vault::open(&crate::config::locate(config))?;
    for w in v.config.shared_recipient_warnings() {
        eprintln!("coffer: warning: {w}");
    }
    Ok(v)
}
