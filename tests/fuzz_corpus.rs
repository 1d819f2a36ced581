//! Replays the seed corpora of every fuzz target (`fuzz/corpus/NAME/`, see
//! fuzz/README.md) through the target's entry point in src, and a few
//! thousand deterministic mutations of them (bit flips, byte overwrites,
//! truncations, insertions, deletions, splices of two seeds). None may
//! panic: every parser of untrusted input must turn any input into a value
//! or an error (STYLE.md practice 11). Inputs that once crashed a target
//! are kept in its corpus (named `crash-*`), so that they are replayed here.
//!
//! This runs on stable in every `cargo test`; real coverage-guided fuzzing is
//! `./scripts/fuzz [TARGET] [SECONDS]` (cargo-fuzz, see fuzz/README.md).
//! A failing input is saved under `target/fuzz-corpus-failures/` so that it
//! can be replayed with `cargo fuzz run TARGET FILE` or added to the corpus
//! once fixed.
#![forbid(unsafe_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use coffer::crypto::Keys;
use coffer::crypto::sign::VerifyingKey;

/// A fuzz target: its corpus directory under `fuzz/corpus/`, its entry
/// point (what its fuzz_targets/NAME.rs calls) and the mutations per seed
/// (about 1500 to 6000 inputs per target, a few seconds in a debug build).
type Target = (&'static str, fn(&[u8]), usize);

const TARGETS: [Target; 12] = [
    ("reader", coffer::format::fuzz_one, 500),
    ("script", coffer::pg::script::fuzz_one, 500),
    ("header", coffer::format::meta::fuzz_header, 200),
    ("manifest", coffer::format::meta::fuzz_manifest, 200),
    ("seal", seal, 200),
    ("config", config, 500),
    ("ledger", ledger, 400),
    ("audit", audit, 400),
    ("decrypt", decrypt, 120),
    ("ageheader", ageheader, 200),
    ("pgpheader", pgpheader, 200),
    ("chain", chain, 220),
];

fn key(path: &str) -> VerifyingKey {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    VerifyingKey::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The trusted signer of the seal seeds (made from testdata/vectors).
fn vectors_signer() -> &'static VerifyingKey {
    static KEY: OnceLock<VerifyingKey> = OnceLock::new();
    KEY.get_or_init(|| key("testdata/vectors/keys/signing.pub"))
}

/// The trusted signer of the ledger and audit seeds (made by a real vault).
fn seed_vault_signer() -> &'static VerifyingKey {
    static KEY: OnceLock<VerifyingKey> = OnceLock::new();
    KEY.get_or_init(|| key("fuzz/keys/seed-vault.pub"))
}

/// The vectors' identity files `files` and passphrase, scrypt capped at
/// 2^12: the keys the fuzz targets load.
fn vector_keys(files: &[&str]) -> Keys {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vectors/keys");
    let mut k = Keys::new();
    for f in files {
        k.add_identity_file(&dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    let p = coffer::crypto::read_passphrase_file(&dir.join("passphrase.txt"))
        .unwrap_or_else(|e| panic!("passphrase.txt: {e}"));
    k.set_passphrase(p);
    k.set_max_scrypt_work_factor(12);
    k
}

/// The keys of fuzz_targets/decrypt.rs: the vectors' age identity, OpenPGP
/// secret key and passphrase.
fn decrypt_keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| vector_keys(&["age.key", "pgp.sec.asc"]))
}

/// The keys of fuzz_targets/ageheader.rs: the vectors' two age identities
/// (`age.key`, and `other.key` that `good-age-rekeyed` was rekeyed to) and
/// the passphrase.
fn ageheader_keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| vector_keys(&["age.key", "other.key"]))
}

fn ageheader(data: &[u8]) {
    coffer::crypto::rekey::fuzz_age_header(ageheader_keys(), data);
}

/// The keys of fuzz_targets/pgpheader.rs: the vectors' OpenPGP secret
/// key only. Without the passphrase: an OpenPGP passphrase costs gpg's
/// S2K count (65 M bytes hashed) per input, and the `decrypt` target
/// already opens passphrase messages.
fn pgpheader_keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vectors/keys");
        let mut k = Keys::new();
        k.add_identity_file(&dir.join("pgp.sec.asc"))
            .unwrap_or_else(|e| panic!("pgp.sec.asc: {e}"));
        k
    })
}

fn pgpheader(data: &[u8]) {
    coffer::crypto::pgp_rekey::fuzz_pgp_header(pgpheader_keys(), data);
}

fn chain(data: &[u8]) {
    // The pinned first key of the chain seeds is the vectors' signing key.
    coffer::crypto::chain::fuzz_chain(data, vectors_signer());
}

fn seal(data: &[u8]) {
    coffer::format::seal::fuzz_seal(data, vectors_signer());
}

fn config(data: &[u8]) {
    coffer::config::fuzz_config(data);
}

fn ledger(data: &[u8]) {
    coffer::erasure::ledger::fuzz_one(data, seed_vault_signer());
}

fn audit(data: &[u8]) {
    coffer::audit::segments::fuzz_one(data, seed_vault_signer());
}

fn decrypt(data: &[u8]) {
    coffer::crypto::fuzz_decrypt(decrypt_keys(), data);
}

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.expect("corpus entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect();
    // read_dir's order is the file system's; sort so runs are reproducible.
    seeds.sort();
    seeds
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `seed` (with `other` for splices), and what it did.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> (Vec<u8>, String) {
    let mut d = seed.to_vec();
    let len = d.len();
    match rng.below(7) {
        0 if len > 0 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let i = rng.below(len);
                d[i] ^= 1 << rng.below(8);
            }
            (d, format!("{n} bit flip(s)"))
        }
        1 if len > 0 => {
            // Interesting values: tar size/checksum digits, CBOR lengths, zstd headers.
            const VALUES: [u8; 8] = [0x00, 0xff, 0x7f, 0x80, b'0', b'7', b' ', 0x1b];
            let i = rng.below(len);
            let n = 1 + rng.below(8).min(len - i - 1);
            let v = VALUES[rng.below(VALUES.len())];
            d[i..i + n].fill(v);
            (d, format!("{n} byte(s) at {i} set to {v:#04x}"))
        }
        2 => {
            let at = rng.below(len + 1);
            d.truncate(at);
            (d, format!("truncated to {at}"))
        }
        3 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(64);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            d.splice(at..at, bytes);
            (d, format!("{n} random byte(s) inserted at {at}"))
        }
        4 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(600));
            d.drain(at..at + n);
            (d, format!("{n} byte(s) deleted at {at}"))
        }
        5 => {
            let a = rng.below(len + 1);
            let b = rng.below(other.len() + 1);
            d.truncate(a);
            d.extend_from_slice(&other[b..]);
            (d, format!("spliced: seed[..{a}] + other[{b}..]"))
        }
        _ if len >= 512 => {
            // Rewrite a 512-byte block boundary region: the tar header fields.
            let block = rng.below(len / 512) * 512;
            let field = [100usize, 124, 148, 156, 257][rng.below(5)];
            let i = (block + field).min(len - 1);
            d[i] = rng.next() as u8;
            (d, format!("tar header byte {i} randomised"))
        }
        _ => {
            d.push(rng.next() as u8);
            (d, "one byte appended".into())
        }
    }
}

fn save_failure(name: &str, data: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-corpus-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, data);
    path
}

fn run(f: fn(&[u8]), label: &str, data: &[u8], failures: &mut Vec<String>) {
    if catch_unwind(AssertUnwindSafe(|| f(data))).is_err() {
        let file = format!(
            "{:03}-{}",
            failures.len(),
            label.replace(['/', ' ', ':'], "_")
        );
        let path = save_failure(&file, data);
        failures.push(format!("{label} (input saved to {})", path.display()));
    }
}

#[test]
fn corpus_seeds_do_not_panic() {
    for (target, f, _) in TARGETS {
        let seeds = corpus(target);
        assert!(seeds.len() >= 3, "the {target} seed corpus looks empty");
        let mut failures = Vec::new();
        for (name, bytes) in &seeds {
            run(f, &format!("{target}/{name}"), bytes, &mut failures);
        }
        assert!(failures.is_empty(), "fuzz_one panicked on: {failures:#?}");
    }
}

#[test]
fn corpus_mutations_do_not_panic() {
    let mut rng = Rng(0x636f_6666_6572_2d66); // "coffer-f"
    let mut failures = Vec::new();
    for (target, f, per_seed) in TARGETS {
        let seeds = corpus(target);
        let mut inputs = 0;
        for (i, (name, bytes)) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1) % seeds.len()].1;
            for m in 0..per_seed {
                let (data, what) = mutate(&mut rng, bytes, other);
                run(
                    f,
                    &format!("{target}/{name} #{m}: {what}"),
                    &data,
                    &mut failures,
                );
                inputs += 1;
                if failures.len() >= 10 {
                    break;
                }
            }
        }
        // Ten failures stop the target early: those are reported below.
        assert!(
            inputs >= 1500 || failures.len() >= 10,
            "only {inputs} mutated inputs for {target}"
        );
    }
    assert!(
        failures.is_empty(),
        "fuzz_one panicked on {} mutated inputs: {failures:#?}",
        failures.len()
    );
}

/// The seeds are real: the good ones get past validation (and, for seals,
/// the signature check), so the fuzzer starts deep in each parser.
#[test]
fn good_seeds_are_valid() {
    let good = |target: &str| -> Vec<(String, Vec<u8>)> {
        corpus(target)
            .into_iter()
            .filter(|(n, _)| n.starts_with("good-"))
            .collect()
    };
    for (name, bytes) in good("header") {
        let h = coffer::format::Header::from_cbor(&bytes);
        assert!(h.is_ok(), "header/{name}: {h:?}");
    }
    for (name, bytes) in good("manifest") {
        let m = coffer::format::Manifest::from_cbor(&bytes);
        assert!(m.is_ok(), "manifest/{name}: {m:?}");
    }
    let seals = good("seal");
    assert!(seals.len() >= 4, "{} good seal seeds", seals.len());
    for (name, bytes) in seals {
        let at = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        let sig = String::from_utf8_lossy(bytes.get(at + 1..).unwrap_or_default()).into_owned();
        let s = coffer::format::SignedSeal::parse(bytes[..at].to_vec(), sig);
        let verified = s
            .as_ref()
            .map(|s| s.verify_signature(Some(vectors_signer())));
        assert!(
            matches!(verified, Ok(Ok(coffer::format::Signer::Trusted(_)))),
            "seal/{name}: {verified:?}"
        );
    }
    let headers = good("ageheader");
    assert!(
        headers.len() >= 4,
        "{} good age header seeds",
        headers.len()
    );
    for (name, bytes) in headers {
        let h = coffer::crypto::rekey::AgeHeader::read(&mut std::io::Cursor::new(&bytes[..]));
        let key = h
            .as_ref()
            .map(|h| ageheader_keys().age_file_key(h).map(|_| ()));
        assert!(matches!(key, Ok(Ok(()))), "ageheader/{name}: {key:?}");
    }
    // The OpenPGP seeds that pgpheader's key opens reach the rewrite (a
    // key that stopped opening them would leave it untested).
    let messages = good("pgpheader");
    let opened: Vec<&String> = messages
        .iter()
        .filter(|(_, bytes)| {
            pgpheader_keys()
                .pgp_session_key(std::io::Cursor::new(bytes.clone()))
                .is_ok()
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        opened.len() >= 2,
        "only {opened:?} of the good pgpheader seeds open with pgp.sec.asc"
    );
    let chains = good("chain");
    assert!(chains.len() >= 3, "{} good chain seeds", chains.len());
    for (name, bytes) in chains {
        // Parsed as fuzz_chain parses them: every statement, and the chain
        // resolves from the vectors' signing key to the last rotation's key.
        let f: Vec<&[u8]> = bytes.split(|b| *b == 0).collect();
        let s = |i: usize| String::from_utf8_lossy(f[i]).into_owned();
        let (mut rot, mut rev, mut i) = (Vec::new(), Vec::new(), 0);
        while i < f.len() {
            if f.len() > i + 2
                && let Ok(r) =
                    coffer::crypto::chain::SignedRotation::parse(f[i].to_vec(), s(i + 1), s(i + 2))
            {
                rot.push(r);
                i += 3;
            } else {
                let r = coffer::crypto::chain::SignedRevocation::parse(f[i].to_vec(), s(i + 1));
                assert!(r.is_ok(), "chain/{name}: field {i}: {:?}", r.err());
                rev.extend(r.ok());
                i += 2;
            }
        }
        let last = rot
            .iter()
            .max_by_key(|r| r.statement.seq)
            .map(|r| r.statement.next.clone());
        let head = VerifyingKey::parse(&last.unwrap_or_default());
        let resolved = head
            .as_ref()
            .map(|h| coffer::crypto::chain::resolve(vectors_signer(), h, &rot, &rev).map(|_| ()));
        assert!(matches!(resolved, Ok(Ok(()))), "chain/{name}: {resolved:?}");
    }
    let configs = corpus("config");
    assert!(configs.len() >= 3);
    for (name, bytes) in configs.iter().filter(|(n, _)| n.ends_with(".toml")) {
        let text = String::from_utf8_lossy(bytes);
        let c =
            coffer::config::Config::parse(&text, Path::new("/nonexistent/coffer-fuzz/coffer.toml"));
        assert!(c.is_ok(), "config/{name}: {:?}", c.err());
    }
}

/// What a reader made of an input: Ok with each stream's bytes, or the
/// error class.
type Outcome = Result<Vec<(String, Vec<u8>)>, coffer::format::ErrorClass>;

fn read_with(threaded: bool, data: &[u8]) -> Outcome {
    let mut got: Vec<(String, Vec<u8>)> = Vec::new();
    let mut sink = |s: &str, d: &[u8]| -> std::io::Result<()> {
        match got.last_mut() {
            Some((name, buf)) if name == s => buf.extend_from_slice(d),
            _ => got.push((s.to_owned(), d.to_vec())),
        }
        Ok(())
    };
    let r = if threaded {
        coffer::format::read_plain_threaded(
            Box::new(std::io::Cursor::new(data.to_vec())),
            &mut sink,
        )
    } else {
        coffer::format::read_plain(data, &mut sink)
    };
    r.map(|_| got).map_err(|e| e.class)
}

/// The threaded reader of `format::read` (decryption, decompression and
/// hashing on threads of their own) decides every reader seed and mutation
/// exactly as the single-threaded one: the same payload when it accepts,
/// the same failure class when it refuses. The tar seeds are compressed
/// first, so that their hostile entries reach the tar checks of both.
#[test]
fn threaded_reader_agrees_with_the_single_threaded_one() {
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, bytes) in corpus("reader") {
        if name.ends_with(".tar") {
            let z = zstd::stream::encode_all(&bytes[..], 3).expect("zstd compresses");
            seeds.push((format!("{name}.zst"), z));
        }
        seeds.push((name, bytes));
    }
    let mut rng = Rng(0x7468_7265_6164_6564); // "threaded"
    let (mut inputs, mut accepted) = (0, 0);
    for (i, (name, seed)) in seeds.iter().enumerate() {
        let other = &seeds[(i + 1) % seeds.len()].1;
        let mut cases = vec![(seed.clone(), "the seed".to_owned())];
        for _ in 0..60 {
            cases.push(mutate(&mut rng, seed, other));
        }
        for (data, what) in cases {
            let single = catch_unwind(|| read_with(false, &data));
            let Ok(single) = single else {
                // corpus_mutations_do_not_panic reports it.
                continue;
            };
            let threaded = read_with(true, &data);
            assert!(
                single == threaded,
                "reader/{name} ({what}): single-threaded {:?}, threaded {:?}",
                single.as_ref().map(|s| s.len()),
                threaded.as_ref().map(|s| s.len())
            );
            inputs += 1;
            accepted += usize::from(single.is_ok());
        }
    }
    assert!(inputs >= 600, "only {inputs} inputs");
    assert!(
        accepted >= 3,
        "only {accepted} inputs were accepted: the seeds are not reaching the end"
    );
}
