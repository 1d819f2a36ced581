//! `coffer keygen | pack | unpack | verify | inspect` on loose archive files.

use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use age::secrecy::ExposeSecret;
use clap::Args;
use serde_json::json;

use super::KeyArgs;
use super::exit::Exit;
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::crypto::{self, Encryption};
use crate::error::{Error, Result};
use crate::format::{Header, Signer, WriteOptions, names};
use crate::pipeline::loose;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the key to FILE (created 0600; never overwritten). Without -o an
    /// age identity goes to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make a seal signing key pair (Ed25519, OpenSSH format): FILE and FILE.pub.
    #[arg(long)]
    pub signing: bool,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// Encrypt to an age recipient (age1...). Repeatable.
    #[arg(short = 'r', long = "recipient", value_name = "RECIPIENT")]
    pub recipients: Vec<String>,
    /// Encrypt to the age recipients listed in FILE, one per line. Repeatable.
    #[arg(short = 'R', long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,
    /// Encrypt with an age (scrypt) passphrase read from FILE.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Encrypt to the OpenPGP certificate(s) in FILE (gpg-readable). Repeatable.
    #[arg(long = "pgp-cert", value_name = "FILE")]
    pub pgp_certs: Vec<PathBuf>,
    /// Encrypt with OpenPGP AES-256 and a passphrase read from FILE (gpg --symmetric compatible).
    #[arg(long, value_name = "FILE")]
    pub pgp_passphrase_file: Option<PathBuf>,
    /// The signing key that signs the seal (from `coffer keygen --signing`).
    #[arg(long, value_name = "FILE")]
    pub sign_key: PathBuf,
    /// Where to write the archive; the seal goes to OUT.seal and OUT.seal.sig.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// The payload's name inside the archive (default: the input's file name, or "stdin").
    #[arg(long)]
    pub name: Option<String>,
    /// The data class recorded in the header and seal.
    #[arg(long, default_value = "general")]
    pub class: String,
    /// zstd compression level (1-19).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=19))]
    pub level: i32,
    /// zstd worker threads (0: single-threaded; default: the number of cores, at most 4).
    #[arg(long)]
    pub threads: Option<u32>,
    /// Payload part size in bytes (64 KiB to 64 MiB).
    #[arg(long, default_value_t = names::DEFAULT_PART_SIZE as u64)]
    pub part_size: u64,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// The payload: a file, or - for stdin.
    #[arg(value_name = "INPUT", default_value = "-")]
    pub input: PathBuf,
}

#[derive(Debug, Args)]
pub struct UnpackArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Trust only seals signed by this public key (FILE.pub of `keygen --signing`).
    #[arg(long, value_name = "PUBKEY")]
    pub signer: Option<PathBuf>,
    /// Read an archive that has no seal (for example one made with stock tools). Skips the authenticity check.
    #[arg(long)]
    pub no_seal: bool,
    /// Which payload stream to write (default: the first).
    #[arg(long)]
    pub stream: Option<String>,
    /// Where to write the payload (- for stdout). A file appears only after every check passed.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The archive.
    pub archive: PathBuf,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Trust only seals signed by this public key.
    #[arg(long, value_name = "PUBKEY")]
    pub signer: Option<PathBuf>,
    /// Decrypt and check every entry (implied by -i or --passphrase-file).
    #[arg(long)]
    pub deep: bool,
    /// Deep-verify an archive that has no seal.
    #[arg(long)]
    pub no_seal: bool,
    /// Verify every archive of the vault.
    #[arg(long, conflicts_with = "archive")]
    pub all: bool,
    /// Check the copies in this store (an offsite [stores.NAME], or
    /// "local") instead of the primary store; needs no decryption key.
    #[arg(long, value_name = "STORE")]
    pub store: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// An archive file, or a vault archive: an id, a unique prefix, or `latest` (default).
    pub archive: Option<String>,
}

impl VerifyArgs {
    /// The archive file to verify, when the argument names an existing file.
    pub fn loose_file(&self) -> Option<PathBuf> {
        let a = self.archive.as_ref()?;
        let p = PathBuf::from(a);
        (!self.all && self.store.is_none() && p.is_file()).then_some(p)
    }
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub keys: KeyArgs,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// The archive.
    pub archive: PathBuf,
}

/// Creates a new file that must not exist yet, with `mode`.
pub fn create_new(path: &Path, mode: u32) -> Result<std::fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                Error::Input(format!(
                    "{} already exists; coffer never overwrites a key",
                    path.display()
                ))
            } else {
                Error::Store(format!("cannot create {}: {e}", path.display()))
            }
        })
}

fn write_new(path: &Path, mode: u32, bytes: &[u8]) -> Result<()> {
    let mut f = create_new(path, mode)?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::Store(format!("cannot write {}: {e}", path.display())))
}

pub fn keygen(a: KeygenArgs) -> Result<Exit> {
    if a.signing {
        let Some(out) = a.output else {
            return Err(Error::Input(
                "--signing needs -o FILE (the key pair is FILE and FILE.pub)".into(),
            ));
        };
        let key = SigningKey::generate("coffer seal signing key")?;
        let public = key.verifying_key();
        let mut pub_path = out.as_os_str().to_owned();
        pub_path.push(".pub");
        let pub_path = PathBuf::from(pub_path);
        if pub_path.exists() {
            return Err(Error::Input(format!(
                "{} already exists",
                pub_path.display()
            )));
        }
        write_new(&out, 0o600, key.to_openssh()?.as_bytes())?;
        write_new(
            &pub_path,
            0o644,
            format!("{}\n", public.to_openssh()).as_bytes(),
        )?;
        eprintln!(
            "Signing key written to {} (keep it on the backup host, 0600).",
            out.display()
        );
        eprintln!(
            "Public key: {} ({})",
            pub_path.display(),
            public.fingerprint()
        );
        println!("{}", public.to_openssh());
        return Ok(Exit::Ok);
    }
    let (identity, recipient) = crypto::generate_age_identity();
    match a.output {
        Some(out) => {
            write_new(&out, 0o600, identity.expose_secret().as_bytes())?;
            eprintln!(
                "Identity written to {}. Keep it off the backup host: backups need only the recipient.",
                out.display()
            );
            eprintln!("Public key: {recipient}");
            println!("{recipient}");
        }
        None => {
            print!("{}", identity.expose_secret());
            eprintln!("Public key: {recipient}");
        }
    }
    Ok(Exit::Ok)
}

/// Builds the encryption from pack's flags: exactly one kind.
fn encryption_from(a: &PackArgs) -> Result<Encryption> {
    let age_keys = !a.recipients.is_empty() || !a.recipients_files.is_empty();
    let kinds = [
        age_keys,
        a.passphrase_file.is_some(),
        !a.pgp_certs.is_empty(),
        a.pgp_passphrase_file.is_some(),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    if kinds != 1 {
        return Err(Error::Input(
            "choose exactly one encryption: -r/-R (age recipients), --passphrase-file, --pgp-cert or --pgp-passphrase-file".into(),
        ));
    }
    if age_keys {
        let mut rs = Vec::new();
        for r in &a.recipients {
            rs.push(crypto::parse_age_recipient(r)?);
        }
        for f in &a.recipients_files {
            rs.extend(crypto::read_recipients_file(f)?);
        }
        return Ok(Encryption::Age(rs));
    }
    if let Some(f) = &a.passphrase_file {
        return Ok(Encryption::AgePassphrase(crypto::read_passphrase_file(f)?));
    }
    #[cfg(feature = "openpgp")]
    {
        if let Some(f) = &a.pgp_passphrase_file {
            return Ok(Encryption::OpenPgpPassphrase(crypto::read_passphrase_file(
                f,
            )?));
        }
        let mut certs = Vec::new();
        for f in &a.pgp_certs {
            certs.extend(crypto::read_pgp_certs(f)?);
        }
        Ok(Encryption::OpenPgp(certs))
    }
    #[cfg(not(feature = "openpgp"))]
    Err(crypto::Error::OpenPgpDisabled.into())
}

pub fn pack(a: PackArgs) -> Result<Exit> {
    let encryption = encryption_from(&a)?;
    let signing_key = SigningKey::load(&a.sign_key)?;
    if !names::valid_class(&a.class) {
        return Err(Error::Input(format!(
            "invalid class {:?}: lowercase letters, digits, - and _",
            a.class
        )));
    }
    let from_stdin = a.input.as_os_str() == "-";
    let name = match &a.name {
        Some(n) => n.clone(),
        None if from_stdin => "stdin".into(),
        None => a
            .input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "payload".into()),
    };
    if !names::valid_stream_name(&name) {
        return Err(Error::Input(format!(
            "invalid payload name {name:?}: letters, digits, '.', '_' and '-', at most 64, not starting with '.' or '-' (use --name)"
        )));
    }
    if !(names::MIN_PART_SIZE..=names::MAX_PART_SIZE).contains(&a.part_size) {
        return Err(Error::Input(
            "--part-size must be between 65536 and 67108864".into(),
        ));
    }
    let input: Box<dyn Read + Send> = if from_stdin {
        Box::new(io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&a.input)
                .map_err(|e| Error::Input(format!("cannot read {}: {e}", a.input.display())))?,
        )
    };
    let now = crate::now();
    let mut header = Header::new(
        names::new_archive_id(now),
        now,
        &a.class,
        "file",
        a.part_size,
    );
    header.source.insert("file".into(), json!(name));
    let mut options = WriteOptions {
        level: a.level,
        part_size: a.part_size as usize,
        ..WriteOptions::default()
    };
    if let Some(t) = a.threads {
        options.threads = t;
    }
    let req = loose::PackRequest {
        encryption: &encryption,
        signing_key: &signing_key,
        options,
        header,
        stream_name: name,
    };
    let started = Instant::now();
    let mut progress = super::Progress::new("packing");
    let packed = loose::pack_reader(&req, input, &a.output, &mut |n| progress.update(n))?;
    progress.finish();
    let w = &packed.written;
    let secs = started.elapsed().as_secs_f64();
    if a.json {
        println!(
            "{}",
            json!({
                "ok": true,
                "archive": packed.path,
                "archive_id": w.header.archive_id,
                "encryption": packed.seal.seal.encryption,
                "payload_size": w.manifest.payload_size(),
                "ciphertext_size": w.ciphertext_size,
                "ciphertext_sha256": w.ciphertext_sha256.to_hex(),
                "entries": w.manifest.entries.len() + 1,
                "seconds": secs,
            })
        );
    } else {
        eprintln!(
            "packed {} bytes into {} ({} bytes, {}) in {:.1}s; seal: {}.seal",
            w.manifest.payload_size(),
            packed.path.display(),
            w.ciphertext_size,
            packed.seal.seal.encryption,
            secs,
            packed.path.display()
        );
        println!("{}", w.header.archive_id);
    }
    Ok(Exit::Ok)
}

fn trusted(signer: &Option<PathBuf>) -> Result<Option<VerifyingKey>> {
    Ok(match signer {
        Some(p) => Some(VerifyingKey::load(p)?),
        None => None,
    })
}

fn signer_note(s: &Signer) -> String {
    match s {
        Signer::Trusted(f) => format!("signed by {f} (trusted)"),
        Signer::Untrusted(f) => {
            format!("signed by {f} (not checked against a trusted key: pass --signer)")
        }
    }
}

pub fn unpack(a: UnpackArgs) -> Result<Exit> {
    if a.keys.is_empty() {
        return Err(Error::Input(
            "unpack needs -i/--identity or --passphrase-file".into(),
        ));
    }
    let keys = a.keys.load()?;
    let trusted = trusted(&a.signer)?;
    let output = if a.output.as_os_str() == "-" {
        loose::Output::Stdout
    } else {
        loose::Output::File(&a.output)
    };
    let (keyless, contents) = loose::unpack(
        &a.archive,
        &keys,
        trusted.as_ref(),
        a.no_seal,
        a.stream.as_deref(),
        output,
    )?;
    let note = keyless.map_or_else(
        || "no seal checked (--no-seal)".into(),
        |k| signer_note(&k.signer),
    );
    eprintln!(
        "unpacked {} bytes from archive {}; every hash matched; {note}",
        contents.manifest.payload_size(),
        contents.header.archive_id
    );
    Ok(Exit::Ok)
}

pub fn verify(a: VerifyArgs) -> Result<Exit> {
    let Some(archive) = a.loose_file() else {
        return Err(Error::Input("no such archive file".into()));
    };
    let trusted = trusted(&a.signer)?;
    let deep = a.deep || !a.keys.is_empty();
    if a.deep && a.keys.is_empty() {
        return Err(Error::Input(
            "--deep needs -i/--identity or --passphrase-file".into(),
        ));
    }
    let started = Instant::now();
    if !deep {
        if a.no_seal {
            return Err(Error::Input(
                "--no-seal leaves nothing to check without a key; add -i".into(),
            ));
        }
        let k = loose::verify_keyless(&archive, trusted.as_ref())?;
        report_verify(
            &a,
            &k.seal.seal.archive_id,
            false,
            Some(&k.signer),
            None,
            started,
        )?;
        return Ok(Exit::Ok);
    }
    let keys = a.keys.load()?;
    let mut sink = |_: &str, _: &[u8]| Ok(());
    let (keyless, contents) =
        loose::read_checked(&archive, &keys, trusted.as_ref(), a.no_seal, &mut sink)?;
    report_verify(
        &a,
        &contents.header.archive_id,
        true,
        keyless.as_ref().map(|k| &k.signer),
        Some(&contents),
        started,
    )?;
    Ok(Exit::Ok)
}

fn report_verify(
    a: &VerifyArgs,
    id: &str,
    deep: bool,
    signer: Option<&Signer>,
    contents: Option<&crate::format::Contents>,
    started: Instant,
) -> Result<()> {
    let secs = started.elapsed().as_secs_f64();
    if a.json {
        let (fp, trusted) = match signer {
            Some(Signer::Trusted(f)) => (Some(f.clone()), true),
            Some(Signer::Untrusted(f)) => (Some(f.clone()), false),
            None => (None, false),
        };
        println!(
            "{}",
            json!({
                "ok": true,
                "archive": a.archive.as_deref().unwrap_or_default(),
                "archive_id": id,
                "deep": deep,
                "signer": fp,
                "signer_trusted": trusted,
                "entries": contents.map(|c| c.manifest.entries.len() + 1),
                "payload_size": contents.map(|c| c.manifest.payload_size()),
                "seconds": secs,
            })
        );
    } else {
        let what = if deep {
            "deep: seal, signature, ciphertext, every entry hash and the manifest"
        } else {
            "keyless: seal, signature, ciphertext size and SHA-256"
        };
        let who = signer.map_or_else(|| "no seal (--no-seal)".into(), signer_note);
        println!("ok {id} ({what}); {who}");
    }
    Ok(())
}

pub fn inspect(a: InspectArgs) -> Result<Exit> {
    let seal = loose::read_seal(&a.archive).ok();
    let contents = if a.keys.is_empty() {
        None
    } else {
        let keys = a.keys.load()?;
        let mut sink = |_: &str, _: &[u8]| Ok(());
        Some(loose::read_checked(&a.archive, &keys, None, seal.is_none(), &mut sink)?.1)
    };
    if seal.is_none() && contents.is_none() {
        return Err(loose::read_seal(&a.archive)
            .err()
            .map_or_else(|| Error::Other("no seal".into()), Error::from));
    }
    let seal_json = seal
        .as_ref()
        .map(|s| serde_json::to_value(&s.seal).unwrap_or_default());
    let view = json!({
        "archive": a.archive,
        "seal": seal_json,
        "header": contents.as_ref().map(|c| serde_json::to_value(&c.header).unwrap_or_default()),
        "manifest": contents.as_ref().map(|c| manifest_json(&c.manifest)),
    });
    if a.json {
        println!("{view}");
    } else {
        println!(
            "{}",
            serde_json::to_string_pretty(&view).unwrap_or_default()
        );
    }
    Ok(Exit::Ok)
}

/// The manifest with digests as hex, for people and scripts.
pub fn manifest_json(m: &crate::format::Manifest) -> serde_json::Value {
    json!({
        "archive_id": m.archive_id,
        "tool": m.tool,
        "streams": m.streams,
        "entries": m.entries.iter().map(|e| json!({"name": e.name, "size": e.size, "sha256": e.sha256.to_hex()})).collect::<Vec<_>>(),
        "facts": m.facts,
    })
}
