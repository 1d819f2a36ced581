//! Generates the test vectors of `testdata/vectors/` (layout and meaning in
//! `testdata/vectors/README.md`) and the seed corpus of the reader fuzz target
//! (`fuzz/corpus/reader/`).
//!
//! ```text
//! cargo run --example make_vectors              # every vector, and the corpus
//! cargo run --example make_vectors -- good-age  # only the vectors named
//! ```
//!
//! Keys under `testdata/vectors/keys/` are made once and reused, so that
//! re-running does not churn them; the OpenPGP key is made by the real `gpg`
//! (a second implementation's key, not sequoia's). Archive ids, created
//! times, payloads, tar and zstd bytes are fixed; only the encryption layer is
//! randomised (age and OpenPGP draw fresh file keys and nonces), so a vector's
//! `archive` changes on every run while everything inside it stays the same.
//! The fuzz corpus holds no ciphertext and is byte-for-byte reproducible.
//!
//! Good vectors are written by coffer's own writer (`pack_to_path`). Bad
//! vectors that break the inside of an archive are built here by hand (ustar
//! headers, CBOR, zstd), then encrypted and sealed correctly, so that only the
//! one check under test can catch them (README "Checking an implementation").
#![forbid(unsafe_code)]

use std::error::Error;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use ciborium::Value;
use coffer::crypto::sign::SigningKey;
use coffer::crypto::{self, Encryption, Keys, Mode};
use coffer::digest::Digest;
use coffer::format::seal::{Ciphertext, SEAL_FORMAT_ID, SEAL_VERSION};
use coffer::format::{Header, Seal, SignedSeal, WriteOptions, names};
use coffer::pipeline::loose::{self, PackRequest};

type Result<T = (), E = Box<dyn Error>> = std::result::Result<T, E>;
/// Builds the decrypted tar of a crafted vector from its archive id.
type Build<'a> = Box<dyn Fn(&str) -> Result<Vec<u8>> + 'a>;

/// Every archive of the vectors was "created" at this second.
const CREATED: &str = "2026-11-24T11:35:00Z";
const CLASS: &str = "general";
/// The stream name of every vector (as a pg custom-format backup would use).
const STREAM: &str = "dump";
/// The smallest part size the spec allows: keeps multi-part vectors small.
const SMALL_PART: u64 = 64 * 1024;

fn main() -> Result {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let only: Vec<String> = std::env::args().skip(1).collect();
    let kit = Kit::load_or_create(&root.join("testdata/vectors/keys"))?;
    let mut g = Gen {
        dir: root.join("testdata/vectors"),
        kit,
        only,
        made: Vec::new(),
    };
    g.all()?;
    for name in &g.only {
        if !g.made.contains(name) {
            return Err(format!("no vector named {name:?}").into());
        }
    }
    if g.only.is_empty() {
        corpus(&g.kit, &root.join("fuzz/corpus/reader"))?;
    }
    println!("{} vectors written under {}", g.made.len(), g.dir.display());
    Ok(())
}

// ---------------------------------------------------------------------------
// Keys

/// The test keys. None of them protects anything: they are published.
struct Kit {
    dir: PathBuf,
    /// The age recipient of most vectors (`age.key` / `age.pub`).
    age: age::x25519::Recipient,
    /// A second identity: the wrong key of `wrong-key`.
    other: age::x25519::Recipient,
    /// A third recipient, for `good-age-multi-recipient`.
    third: age::x25519::Recipient,
    signing: SigningKey,
    other_signing: SigningKey,
}

impl Kit {
    fn load_or_create(dir: &Path) -> Result<Kit> {
        std::fs::create_dir_all(dir)?;
        for name in ["age", "other", "third"] {
            let key = dir.join(format!("{name}.key"));
            if !key.exists() {
                let (text, recipient) = crypto::generate_age_identity();
                use age::secrecy::ExposeSecret;
                std::fs::write(&key, text.expose_secret())?;
                std::fs::write(dir.join(format!("{name}.pub")), format!("{recipient}\n"))?;
            }
        }
        for name in ["signing", "other-signing"] {
            let key = dir.join(name);
            if !key.exists() {
                let k = SigningKey::generate(&format!("coffer test vectors ({name})"))?;
                std::fs::write(&key, k.to_openssh()?)?;
                std::fs::write(
                    dir.join(format!("{name}.pub")),
                    format!("{}\n", k.verifying_key().to_openssh()),
                )?;
            }
        }
        for (name, text) in [
            (
                "passphrase.txt",
                "correct horse battery staple (coffer test vectors)\n",
            ),
            ("other-passphrase.txt", "not the passphrase of any vector\n"),
        ] {
            if !dir.join(name).exists() {
                std::fs::write(dir.join(name), text)?;
            }
        }
        if !dir.join("pgp.sec.asc").exists() || !dir.join("pgp.pub.asc").exists() {
            gpg_keygen(dir)?;
        }
        let recipient = |name: &str| -> Result<age::x25519::Recipient> {
            let mut rs = crypto::read_recipients_file(&dir.join(format!("{name}.pub")))?;
            rs.pop()
                .ok_or_else(|| format!("{name}.pub is empty").into())
        };
        Ok(Kit {
            dir: dir.to_path_buf(),
            age: recipient("age")?,
            other: recipient("other")?,
            third: recipient("third")?,
            signing: SigningKey::load(&dir.join("signing"))?,
            other_signing: SigningKey::load(&dir.join("other-signing"))?,
        })
    }

    fn age(&self, rs: &[&age::x25519::Recipient]) -> Encryption {
        Encryption::Age(rs.iter().map(|r| (*r).clone()).collect())
    }

    fn scrypt(&self) -> Result<Encryption> {
        Ok(Encryption::AgePassphrase(crypto::read_passphrase_file(
            &self.dir.join("passphrase.txt"),
        )?))
    }

    fn openpgp(&self) -> Result<Encryption> {
        Ok(Encryption::OpenPgp(crypto::read_pgp_certs(
            &self.dir.join("pgp.pub.asc"),
        )?))
    }

    fn openpgp_symmetric(&self) -> Result<Encryption> {
        Ok(Encryption::OpenPgpPassphrase(crypto::read_passphrase_file(
            &self.dir.join("passphrase.txt"),
        )?))
    }

    /// The decryption key of the `age.key` identity.
    fn age_keys(&self) -> Result<Keys> {
        let mut k = Keys::new();
        k.add_identity_file(&self.dir.join("age.key"))?;
        Ok(k)
    }
}

/// Makes the OpenPGP key pair with the real gpg, in a throw-away GNUPGHOME:
/// Ed25519 primary, Curve25519 encryption subkey, no passphrase, no expiry.
fn gpg_keygen(dir: &Path) -> Result {
    let home = std::env::temp_dir().join(format!("coffer-vectors-gnupg-{}", std::process::id()));
    std::fs::create_dir_all(&home)?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700))?;
    }
    let uid = "coffer test vectors <vectors@coffer.invalid>";
    let gpg = |args: &[&str]| -> Result<Vec<u8>> {
        let out = Command::new("gpg")
            .env("GNUPGHOME", &home)
            .args(["--batch", "--pinentry-mode", "loopback", "--passphrase", ""])
            .args(args)
            .output()
            .map_err(|e| format!("cannot run gpg (needed once, to make keys/pgp.*.asc): {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "gpg {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(out.stdout)
    };
    gpg(&["--quick-gen-key", uid, "future-default", "default", "never"])?;
    let sec = gpg(&["--armor", "--export-secret-keys", uid])?;
    let public = gpg(&["--armor", "--export", uid])?;
    std::fs::write(dir.join("pgp.sec.asc"), sec)?;
    std::fs::write(dir.join("pgp.pub.asc"), public)?;
    let _ = std::fs::remove_dir_all(&home);
    Ok(())
}

// ---------------------------------------------------------------------------
// Payloads

/// Deterministic pg_dump-like text (COPY rows), about 3-4x compressible.
fn payload(len: usize, seed: u64) -> Vec<u8> {
    const WORDS: [&str; 16] = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = Vec::with_capacity(len + 128);
    let mut row = 0u64;
    while out.len() < len {
        row += 1;
        let r = next();
        let line = format!(
            "{row}\t{} {}\t{}@example.org\t2026-{:02}-{:02} {:02}:{:02}:{:02}\t{}.{:02}\n",
            WORDS[(r & 15) as usize],
            WORDS[((r >> 4) & 15) as usize],
            WORDS[((r >> 8) & 15) as usize],
            1 + (r >> 12) % 12,
            1 + (r >> 16) % 28,
            (r >> 20) % 24,
            (r >> 26) % 60,
            (r >> 32) % 60,
            (r >> 38) % 100_000,
            (r >> 56) % 100,
        );
        out.extend_from_slice(line.as_bytes());
    }
    out.truncate(len);
    out
}

// ---------------------------------------------------------------------------
// Hand-built inner layers: ustar, CBOR, zstd

/// A ustar writer that writes exactly the bytes it is told to, including the
/// ones tar-rs would refuse (absolute names, `..`, links).
struct Tar {
    buf: Vec<u8>,
    mtime: u64,
}

impl Tar {
    fn new() -> Result<Tar> {
        let t: jiff::Timestamp = CREATED.parse()?;
        Ok(Tar {
            buf: Vec::new(),
            mtime: t.as_second() as u64,
        })
    }

    /// A regular file entry (typeflag `0`).
    fn file(&mut self, name: &str, data: &[u8]) -> Result {
        self.raw(name, b'0', "", data)
    }

    fn raw(&mut self, name: &str, typeflag: u8, linkname: &str, data: &[u8]) -> Result {
        let h = ustar_header(name, data.len() as u64, self.mtime, typeflag, linkname)?;
        self.buf.extend_from_slice(&h);
        self.buf.extend_from_slice(data);
        self.pad();
        Ok(())
    }

    fn pad(&mut self) {
        let rem = self.buf.len() % 512;
        if rem != 0 {
            self.buf.resize(self.buf.len() + 512 - rem, 0);
        }
    }

    /// The end-of-archive marker: two zero blocks.
    fn finish(mut self) -> Vec<u8> {
        self.buf.resize(self.buf.len() + 1024, 0);
        self.buf
    }
}

/// One ustar header block, laid out as in spec "Layer 3: tar".
fn ustar_header(
    name: &str,
    size: u64,
    mtime: u64,
    typeflag: u8,
    linkname: &str,
) -> Result<[u8; 512]> {
    if name.len() > 100 || linkname.len() > 100 {
        return Err(format!("name too long for a ustar header: {name:?}").into());
    }
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = typeflag;
    h[157..157 + linkname.len()].copy_from_slice(linkname.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum counts its own field as eight spaces.
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..156], sum);
    Ok(h)
}

/// A zero-padded octal number filling all but the last byte, then NUL.
fn octal(field: &mut [u8], v: u64) {
    let w = field.len() - 1;
    let s = format!("{v:0w$o}");
    field[..w].copy_from_slice(&s.as_bytes()[s.len() - w..]);
    field[w] = 0;
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn uint(n: u64) -> Value {
    Value::Integer(n.into())
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (text(k), v)).collect())
}

fn cbor(v: &Value) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(v, &mut out)?;
    Ok(out)
}

/// The header of spec "Header" as a CBOR map, keys in coffer's order.
fn header_value(id: &str, part_size: u64) -> Vec<(&'static str, Value)> {
    vec![
        ("format", text("coffer")),
        ("version", uint(1)),
        ("archive_id", text(id)),
        ("created", text(CREATED)),
        ("class", text(CLASS)),
        ("payload_kind", text("file")),
        ("part_size", uint(part_size)),
        ("source", map(vec![("file", text("vector.dat"))])),
    ]
}

/// The parts of one stream by the part rule.
fn parts(data: &[u8], part_size: u64) -> Vec<(String, &[u8])> {
    if data.is_empty() {
        return vec![(names::part_name(STREAM, 0), data)];
    }
    data.chunks(part_size as usize)
        .enumerate()
        .map(|(i, c)| (names::part_name(STREAM, i as u32), c))
        .collect()
}

/// The manifest of spec "Manifest" for `entries` (header and parts, in
/// order) holding the one stream `data`, keys in coffer's order.
fn manifest_value(
    id: &str,
    entries: &[(String, &[u8])],
    data: &[u8],
) -> Vec<(&'static str, Value)> {
    let entry = |(name, bytes): &(String, &[u8])| {
        map(vec![
            ("name", text(name)),
            ("size", uint(bytes.len() as u64)),
            ("sha256", Value::Bytes(Digest::of(bytes).0.to_vec())),
        ])
    };
    vec![
        ("format", text("coffer-manifest")),
        ("version", uint(1)),
        ("archive_id", text(id)),
        ("entries", Value::Array(entries.iter().map(entry).collect())),
        (
            "streams",
            Value::Array(vec![map(vec![
                ("name", text(STREAM)),
                ("size", uint(data.len() as u64)),
                ("parts", uint(entries.len().saturating_sub(1) as u64)),
                ("sha256", Value::Bytes(Digest::of(data).0.to_vec())),
            ])]),
        ),
        (
            "facts",
            map(vec![("generator", text("examples/make_vectors.rs"))]),
        ),
        ("tool", text("coffer make_vectors")),
    ]
}

/// A complete, valid coffer tar for one stream, built by hand. `edit` may
/// change the header and manifest maps before they are encoded.
fn coffer_tar(
    id: &str,
    data: &[u8],
    edit_header: impl FnOnce(&mut Vec<(&'static str, Value)>),
    edit_manifest: impl FnOnce(&mut Vec<(&'static str, Value)>),
) -> Result<Vec<u8>> {
    let mut h = header_value(id, SMALL_PART);
    edit_header(&mut h);
    let header = cbor(&map(h))?;
    let mut entries = vec![(names::HEADER_NAME.to_owned(), header.as_slice())];
    entries.extend(parts(data, SMALL_PART));
    let mut m = manifest_value(id, &entries, data);
    edit_manifest(&mut m);
    let manifest = cbor(&map(m))?;
    let mut tar = Tar::new()?;
    for (name, bytes) in &entries {
        tar.file(name, bytes)?;
    }
    tar.file(names::MANIFEST_NAME, &manifest)?;
    Ok(tar.finish())
}

fn set(m: &mut [(&'static str, Value)], key: &str, v: Value) {
    for (k, old) in m.iter_mut() {
        if *k == key {
            *old = v;
            return;
        }
    }
}

/// One zstd frame with the content checksum, as coffer's writer makes it.
fn zstd(plain: &[u8]) -> Result<Vec<u8>> {
    let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3)?;
    e.include_checksum(true)?;
    e.write_all(plain)?;
    Ok(e.finish()?)
}

fn encrypt(enc: &Encryption, plain: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = enc.wrap(&mut out)?;
    w.write_all(plain)?;
    w.finish()?;
    Ok(out)
}

/// The decrypted layer (zstd) of an archive encrypted to `age.key`.
fn decrypt(kit: &Kit, archive: &[u8]) -> Result<Vec<u8>> {
    let (_, mut r) = kit.age_keys()?.decrypt(Cursor::new(archive.to_vec()))?;
    let mut out = Vec::new();
    r.read_to_end(&mut out)?;
    Ok(out)
}

/// A fresh archive id for each vector, fixed by its name: the created second
/// and the first 32 bits of SHA-256(name).
fn archive_id(name: &str) -> String {
    format!(
        "20261124T113500Z-{}",
        &Digest::of(name.as_bytes()).to_hex()[..8]
    )
}

/// The archive id of a vector created at `t` (an imported archive's id
/// carries its source's time).
fn archive_id_at(name: &str, t: jiff::Timestamp) -> String {
    format!(
        "{}-{}",
        t.strftime("%Y%m%dT%H%M%SZ"),
        &Digest::of(name.as_bytes()).to_hex()[..8]
    )
}

/// A seal for `ciphertext` as coffer's writer makes it (spec "Seal").
fn seal_of(id: &str, enc: &Encryption, ciphertext: &[u8], key: &SigningKey) -> Result<SignedSeal> {
    let seal = Seal {
        format: SEAL_FORMAT_ID.into(),
        version: SEAL_VERSION,
        archive_id: id.to_owned(),
        class: CLASS.into(),
        created: CREATED.into(),
        encryption: enc.mode(),
        recipients: enc.fingerprints(),
        ciphertext: Ciphertext {
            size: ciphertext.len() as u64,
            sha256: Digest::of(ciphertext).to_hex(),
        },
        signer: key.verifying_key().fingerprint(),
        payload_kind: Some("file".into()),
        facts: None,
        rekeyed: None,
    };
    Ok(seal.sign(key)?)
}

/// Packs `data` with coffer's own writer into `dir/archive` (+ seal).
fn pack(
    kit: &Kit,
    dir: &Path,
    name: &str,
    enc: &Encryption,
    data: &[u8],
    part_size: u64,
) -> Result<loose::Packed> {
    let t: jiff::Timestamp = CREATED.parse()?;
    let mut header = Header::new(archive_id(name), t, CLASS, "file", part_size);
    header.source.insert(
        "file".into(),
        serde_json::Value::String("vector.dat".into()),
    );
    let req = PackRequest {
        encryption: enc,
        signing_key: &kit.signing,
        options: WriteOptions {
            level: 3,
            threads: 0,
            part_size: part_size as usize,
        },
        header,
        stream_name: STREAM.into(),
    };
    Ok(loose::pack_to_path(
        &req,
        &mut &data[..],
        &dir.join("archive"),
        &mut |_| {},
    )?)
}

// ---------------------------------------------------------------------------
// Vectors

/// What `vector.txt` says (README "vector.txt").
struct Meta {
    expect: &'static str,
    mode: Mode,
    /// `identity: keys/<file>` (age, openpgp) or `passphrase-file:` (the others).
    key: &'static str,
    description: &'static str,
    /// The payload, for `expect: ok`.
    payload: Option<Vec<u8>>,
}

impl Meta {
    fn bad(expect: &'static str, description: &'static str) -> Meta {
        Meta {
            expect,
            mode: Mode::Age,
            key: "age.key",
            description,
            payload: None,
        }
    }

    fn text(&self) -> String {
        let mut s = format!("expect: {}\nmode: {}\n", self.expect, self.mode);
        let key_kind = match self.mode {
            Mode::Age | Mode::OpenPgp => "identity",
            Mode::AgeScrypt | Mode::OpenPgpSymmetric => "passphrase-file",
        };
        s += &format!("{key_kind}: keys/{}\nsigner: keys/signing.pub\n", self.key);
        if let Some(p) = &self.payload {
            s += &format!(
                "stream: {STREAM}\npayload-size: {}\npayload-sha256: {}\n",
                p.len(),
                Digest::of(p).to_hex()
            );
        }
        s += &format!("description: {}\n", self.description);
        s
    }
}

struct Gen {
    dir: PathBuf,
    kit: Kit,
    only: Vec<String>,
    made: Vec<String>,
}

impl Gen {
    /// Starts vector `name`: `None` if it is not to be made in this run,
    /// else its fresh, empty directory.
    fn start(&mut self, name: &str) -> Result<Option<PathBuf>> {
        if !self.only.is_empty() && !self.only.iter().any(|o| o == name) {
            return Ok(None);
        }
        let dir = self.dir.join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        self.made.push(name.to_owned());
        println!("{name}");
        Ok(Some(dir))
    }

    fn meta(dir: &Path, meta: &Meta) -> Result {
        std::fs::write(dir.join("vector.txt"), meta.text())?;
        Ok(())
    }

    fn pack(
        &self,
        dir: &Path,
        name: &str,
        enc: &Encryption,
        data: &[u8],
        part_size: u64,
    ) -> Result<loose::Packed> {
        pack(&self.kit, dir, name, enc, data, part_size)
    }

    /// Writes a crafted archive: `plain` (the decrypted layer) encrypted to
    /// `age.pub` and sealed with the vault key.
    fn crafted(&self, dir: &Path, name: &str, plain: &[u8]) -> Result {
        let enc = self.kit.age(&[&self.kit.age]);
        let ct = encrypt(&enc, plain)?;
        write_sealed(
            dir,
            &ct,
            &seal_of(&archive_id(name), &enc, &ct, &self.kit.signing)?,
        )
    }

    fn good(
        &mut self,
        name: &str,
        enc: Result<Encryption>,
        key: &'static str,
        data: Vec<u8>,
        part_size: u64,
        description: &'static str,
    ) -> Result {
        let Some(dir) = self.start(name)? else {
            return Ok(());
        };
        let enc = enc?;
        self.pack(&dir, name, &enc, &data, part_size)?;
        Self::meta(
            &dir,
            &Meta {
                expect: "ok",
                mode: enc.mode(),
                key,
                description,
                payload: Some(data),
            },
        )
    }

    fn all(&mut self) -> Result {
        let big = names::DEFAULT_PART_SIZE as u64;
        let k = &self.kit;
        let (age1, multi) = (k.age(&[&k.age]), k.age(&[&k.third, &k.age, &k.other]));
        let (scrypt, pgp, pgp_sym) = (k.scrypt(), k.openpgp(), k.openpgp_symmetric());

        self.good(
            "good-age",
            Ok(age1),
            "age.key",
            payload(200_000, 1),
            big,
            "one X25519 recipient, one stream of 200000 bytes in a single part",
        )?;
        self.good("good-age-multi-recipient", Ok(multi), "age.key", payload(5_000, 2), big,
            "three X25519 recipients (third.pub, age.pub, other.pub); decrypted with the second recipient's identity")?;
        self.good("good-age-scrypt", scrypt, "passphrase.txt", payload(5_000, 3), big,
            "age scrypt passphrase recipient (work factor as calibrated by the age crate, at most 22)")?;
        self.good(
            "good-openpgp",
            pgp,
            "pgp.sec.asc",
            payload(5_000, 4),
            big,
            "OpenPGP PKESK v3 to one gpg-made certificate (Curve25519 subkey), SEIPD v1, AES-256",
        )?;
        self.good(
            "good-openpgp-symmetric",
            pgp_sym,
            "passphrase.txt",
            payload(5_000, 5),
            big,
            "OpenPGP SKESK v4 (AES-256, iterated+salted S2K), SEIPD v1",
        )?;
        self.good(
            "good-empty-payload",
            Ok(self.kit.age(&[&self.kit.age])),
            "age.key",
            Vec::new(),
            big,
            "a 0-byte stream: exactly one part of 0 bytes",
        )?;
        self.good(
            "good-two-parts",
            Ok(self.kit.age(&[&self.kit.age])),
            "age.key",
            payload(2 * SMALL_PART as usize + 1, 6),
            SMALL_PART,
            "part_size 65536 and a stream of 131073 bytes: parts of 65536, 65536 and 1 bytes",
        )?;

        self.imported()?;
        self.rekeyed()?;
        self.rekeyed_openpgp()?;
        self.outer()?;
        self.seals()?;
        self.inner()?;
        Ok(())
    }

    /// A rekeyed archive (spec "Rekey", the seal's `rekeyed`, a version 1
    /// addition): packed to `age.pub`, its header rewritten to `other.pub`
    /// in front of the same payload, re-sealed naming the previous seal.
    /// `good-age-rekeyed` opens it with `other.key`; `rekeyed-removed-key`
    /// is the same archive, which `age.key` no longer opens.
    fn rekeyed(&mut self) -> Result {
        let enc = self.kit.age(&[&self.kit.age]);
        self.rekeyed_pair(
            ["good-age-rekeyed", "rekeyed-removed-key"],
            &enc,
            8,
            "2027-01-15T09:00:00Z",
            |kit, old| {
                let header = crypto::rekey::AgeHeader::read(&mut Cursor::new(old))?;
                let file_key = kit.age_keys()?.age_file_key(&header)?;
                let head = crypto::rekey::new_header(&file_key, std::slice::from_ref(&kit.other))?;
                Ok((head, header.bytes.len(), Encryption::Age(vec![kit.other.clone()])))
            },
            Meta {
                expect: "ok",
                mode: Mode::Age,
                key: "other.key",
                description: "rekeyed from age.pub to other.pub: a new header (one X25519 stanza, a new MAC) in front of the payload packed for age.pub; the seal's rekeyed names the previous seal",
                payload: None,
            },
            Meta::bad(
                "no_matching_key",
                "good-age-rekeyed's archive with age.key, the recipient its rekey removed",
            ),
        )
    }

    /// A rekeyed OpenPGP archive (spec "Rekey"): packed with
    /// `passphrase.txt` (SKESK v4), its session key recovered with the
    /// passphrase and wrapped to `pgp.pub.asc` as a PKESK v3 in front of
    /// the same SEIPD packet, re-sealed naming the previous seal.
    /// `good-openpgp-rekeyed` opens it with `pgp.sec.asc`;
    /// `openpgp-rekeyed-passphrase` is the same archive, which the
    /// passphrase no longer opens.
    fn rekeyed_openpgp(&mut self) -> Result {
        let enc = self.kit.openpgp_symmetric()?;
        self.rekeyed_pair(
            ["good-openpgp-rekeyed", "openpgp-rekeyed-passphrase"],
            &enc,
            9,
            "2027-01-15T09:30:00Z",
            |kit, old| {
                let header = crypto::pgp_rekey::PgpHeader::read(&mut Cursor::new(old))?;
                let mut keys = Keys::new();
                keys.set_passphrase(crypto::read_passphrase_file(&kit.dir.join("passphrase.txt"))?);
                let key = keys.pgp_session_key(Cursor::new(old.to_vec()))?;
                let certs = crypto::read_pgp_certs(&kit.dir.join("pgp.pub.asc"))?;
                let head = crypto::pgp_rekey::new_header(&key, &certs)?;
                Ok((head, header.bytes.len(), Encryption::OpenPgp(certs)))
            },
            Meta {
                expect: "ok",
                mode: Mode::OpenPgp,
                key: "pgp.sec.asc",
                description: "packed with passphrase.txt (SKESK v4), rekeyed to pgp.pub.asc: one PKESK v3 wrapping the same session key in front of the same SEIPD v1 packet; the seal's rekeyed names the previous seal",
                payload: None,
            },
            Meta {
                expect: "no_matching_key",
                mode: Mode::OpenPgpSymmetric,
                key: "passphrase.txt",
                description: "good-openpgp-rekeyed's archive with passphrase.txt: the passphrase its rekey removed (no SKESK is left)",
                payload: None,
            },
        )
    }

    /// A good vector and a bad one sharing one rekeyed archive: a 5,000-byte
    /// payload (`seed`) packed with `enc`, its recipients rewritten by
    /// `rekey` (the new head, how many bytes of the old head it replaces,
    /// the new encryption) in front of the same payload, re-sealed at `at`
    /// naming the previous seal. `good` gets the payload; `bad` is the
    /// same archive opened with the key the rekey removed.
    #[allow(clippy::too_many_arguments)]
    fn rekeyed_pair(
        &mut self,
        names: [&str; 2],
        enc: &Encryption,
        seed: u64,
        at: &str,
        rekey: impl FnOnce(&Kit, &[u8]) -> Result<(Vec<u8>, usize, Encryption)>,
        mut good: Meta,
        bad: Meta,
    ) -> Result {
        let mut dirs = Vec::new();
        for n in names {
            if let Some(d) = self.start(n)? {
                dirs.push((n, d));
            }
        }
        if dirs.is_empty() {
            return Ok(());
        }
        let data = payload(5_000, seed);
        let scratch = tempfile::tempdir()?;
        let packed = self.pack(
            scratch.path(),
            names[0],
            enc,
            &data,
            names::DEFAULT_PART_SIZE as u64,
        )?;
        let old = std::fs::read(&packed.path)?;
        let (mut new, replaced, new_enc) = rekey(&self.kit, &old)?;
        new.extend_from_slice(&old[replaced..]);
        let mut seal = packed.seal.seal.clone();
        seal.encryption = new_enc.mode();
        seal.recipients = new_enc.fingerprints();
        seal.ciphertext = Ciphertext {
            size: new.len() as u64,
            sha256: Digest::of(&new).to_hex(),
        };
        seal.rekeyed = Some(coffer::format::seal::Rekeyed {
            at: at.into(),
            previous_seal_sha256: Digest::of(&packed.seal.bytes).to_hex(),
            previous_sha256: Digest::of(&old).to_hex(),
            retained: Vec::new(),
        });
        let signed = seal.sign(&self.kit.signing)?;
        good.payload = Some(data);
        for (n, dir) in dirs {
            write_sealed(&dir, &new, &signed)?;
            Self::meta(&dir, if n == names[0] { &good } else { &bad })?;
        }
        Ok(())
    }

    /// A `coffer import` archive (spec "Header", `imported`, a version 1
    /// addition): the header carries the optional `imported` marker, which
    /// readers of version 1 without it ignore like any unknown key.
    fn imported(&mut self) -> Result {
        let name = "good-imported";
        let Some(dir) = self.start(name)? else {
            return Ok(());
        };
        let enc = self.kit.age(&[&self.kit.age]);
        let mut data = b"PGDMP".to_vec();
        data.extend(payload(3_000, 7));
        let t: jiff::Timestamp = "2024-02-06T12:00:00Z".parse()?;
        let mut header = Header::new(
            archive_id_at(name, t),
            t,
            CLASS,
            "pg_dump/custom",
            names::DEFAULT_PART_SIZE as u64,
        );
        header.source.insert(
            "file".into(),
            serde_json::Value::String("fis_learn_20240206_120000.dump".into()),
        );
        header.imported = Some(coffer::format::Imported {
            file: "fis_learn_20240206_120000.dump".into(),
            layers: Vec::new(),
            created_from: "name".into(),
        });
        let req = PackRequest {
            encryption: &enc,
            signing_key: &self.kit.signing,
            options: WriteOptions {
                level: 3,
                threads: 0,
                part_size: names::DEFAULT_PART_SIZE,
            },
            header,
            stream_name: STREAM.into(),
        };
        loose::pack_to_path(&req, &mut &data[..], &dir.join("archive"), &mut |_| {})?;
        Self::meta(
            &dir,
            &Meta {
                expect: "ok",
                mode: enc.mode(),
                key: "age.key",
                description: "an imported custom-format dump: the header has the optional imported marker (file, layers, created_from), created from the file name",
                payload: Some(data),
            },
        )
    }

    /// Damage to the ciphertext, and keys that do not open it.
    fn outer(&mut self) -> Result {
        let age1 = self.kit.age(&[&self.kit.age]);

        if let Some(dir) = self.start("truncated")? {
            self.pack(&dir, "truncated", &age1, &payload(20_000, 10), SMALL_PART)?;
            let a = std::fs::read(dir.join("archive"))?;
            std::fs::write(dir.join("archive"), &a[..a.len() / 2])?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "truncated",
                    "the archive is cut to half its length; the seal is the original one, so the file is shorter than the seal's size",
                ),
            )?;
        }
        if let Some(dir) = self.start("flipped-ciphertext")? {
            self.pack(
                &dir,
                "flipped-ciphertext",
                &age1,
                &payload(20_000, 11),
                SMALL_PART,
            )?;
            let mut a = std::fs::read(dir.join("archive"))?;
            let i = a.len() / 2;
            a[i] ^= 0x01;
            std::fs::write(dir.join("archive"), &a)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "seal_mismatch",
                    "one bit of the archive flipped in the middle of the file; the seal is the original one",
                ),
            )?;
        }
        if let Some(dir) = self.start("wrong-key")? {
            self.pack(&dir, "wrong-key", &age1, &payload(2_000, 12), SMALL_PART)?;
            let mut m = Meta::bad(
                "no_matching_key",
                "sealed correctly and encrypted to age.pub only, but the identity given is other.key",
            );
            m.key = "other.key";
            Self::meta(&dir, &m)?;
        }
        if let Some(dir) = self.start("wrong-passphrase")? {
            self.pack(
                &dir,
                "wrong-passphrase",
                &self.kit.scrypt()?,
                &payload(2_000, 13),
                SMALL_PART,
            )?;
            let mut m = Meta::bad(
                "no_matching_key",
                "age-scrypt archive made with passphrase.txt; the passphrase given is other-passphrase.txt",
            );
            m.mode = Mode::AgeScrypt;
            m.key = "other-passphrase.txt";
            Self::meta(&dir, &m)?;
        }
        if let Some(dir) = self.start("not-an-archive")? {
            // A valid coffer zstd+tar stream, as the writer makes it, but
            // without the encryption layer: it starts 28 b5 2f fd.
            let tmp = tempfile::tempdir()?;
            let packed = self.pack(
                tmp.path(),
                "not-an-archive",
                &age1,
                &payload(2_000, 14),
                SMALL_PART,
            )?;
            let plain = decrypt(&self.kit, &std::fs::read(&packed.path)?)?;
            write_sealed(
                &dir,
                &plain,
                &seal_of(
                    &archive_id("not-an-archive"),
                    &age1,
                    &plain,
                    &self.kit.signing,
                )?,
            )?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "not_an_archive",
                    "the archive is a valid coffer zstd+tar stream without encryption (starts 28 b5 2f fd), validly sealed as age",
                ),
            )?;
        }
        if let Some(dir) = self.start("zstd-window-too-large")? {
            let tmp = tempfile::tempdir()?;
            let packed = self.pack(
                tmp.path(),
                "zstd-window-too-large",
                &age1,
                &payload(2_000, 16),
                SMALL_PART,
            )?;
            let tar = zstd::stream::decode_all(Cursor::new(decrypt(
                &self.kit,
                &std::fs::read(&packed.path)?,
            )?))?;
            // The same tar in one frame that declares a 32 MiB window (no
            // content size, so the window descriptor is what it says).
            let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3)?;
            e.include_checksum(true)?;
            e.include_contentsize(false)?;
            e.window_log(25)?;
            e.write_all(&tar)?;
            self.crafted(&dir, "zstd-window-too-large", &e.finish()?)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "corrupt",
                    "the age layer is valid and sealed, and the tar inside is a good archive's, but its zstd frame declares a 32 MiB window (window log 25): above the 16 MiB limit, refused before the window is allocated",
                ),
            )?;
        }
        if let Some(dir) = self.start("corrupt-zstd")? {
            let tmp = tempfile::tempdir()?;
            let packed = self.pack(
                tmp.path(),
                "corrupt-zstd",
                &age1,
                &payload(2_000, 15),
                SMALL_PART,
            )?;
            let mut plain = decrypt(&self.kit, &std::fs::read(&packed.path)?)?;
            // The frame's last 4 bytes are its content checksum (XXH64, low half).
            let last = plain.len() - 1;
            plain[last] ^= 0x01;
            self.crafted(&dir, "corrupt-zstd", &plain)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "corrupt",
                    "the age layer is valid and sealed, but the zstd frame's content checksum is wrong (last byte flipped)",
                ),
            )?;
        }
        Ok(())
    }

    /// Seals that do not vouch for their archive.
    fn seals(&mut self) -> Result {
        let age1 = self.kit.age(&[&self.kit.age]);
        let rewrite = |dir: &Path, s: &SignedSeal| write_seal(dir, s);

        if let Some(dir) = self.start("bad-signature")? {
            let p = self.pack(
                &dir,
                "bad-signature",
                &age1,
                &payload(2_000, 20),
                SMALL_PART,
            )?;
            // A seal that is right in every field but made by a rogue key:
            // the signature verifies against the key inside it, not against signer.
            let mut seal = p.seal.seal.clone();
            seal.signer = self.kit.other_signing.verifying_key().fingerprint();
            rewrite(&dir, &seal.sign(&self.kit.other_signing)?)?;
            let mut m = Meta::bad(
                "signature_invalid",
                "the seal is correct but signed by other-signing (and names it as signer); the trusted signer is signing.pub",
            );
            m.key = "age.key";
            Self::meta(&dir, &m)?;
        }
        if let Some(dir) = self.start("seal-other-archive")? {
            self.pack(
                &dir,
                "seal-other-archive",
                &age1,
                &payload(4_000, 21),
                SMALL_PART,
            )?;
            let tmp = tempfile::tempdir()?;
            // The other archive is smaller, so the check fails on the hash
            // (SealMismatch), not on the size (Truncated).
            let other = self.pack(
                tmp.path(),
                "seal-other-archive-b",
                &age1,
                &payload(1_000, 22),
                SMALL_PART,
            )?;
            let size = std::fs::metadata(dir.join("archive"))?.len();
            if other.written.ciphertext_size >= size {
                return Err("seal-other-archive: the other archive must be smaller".into());
            }
            rewrite(&dir, &other.seal)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "seal_mismatch",
                    "archive.seal and its signature belong to another, validly sealed (smaller) archive",
                ),
            )?;
        }
        if let Some(dir) = self.start("seal-archive-id-mismatch")? {
            let p = self.pack(
                &dir,
                "seal-archive-id-mismatch",
                &age1,
                &payload(2_000, 23),
                SMALL_PART,
            )?;
            let mut seal = p.seal.seal.clone();
            seal.archive_id = archive_id("seal-archive-id-mismatch-other");
            rewrite(&dir, &seal.sign(&self.kit.signing)?)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "seal_mismatch",
                    "the seal matches the ciphertext and is validly signed, but names another archive id than the header",
                ),
            )?;
        }
        if let Some(dir) = self.start("seal-missing")? {
            self.pack(&dir, "seal-missing", &age1, &payload(2_000, 24), SMALL_PART)?;
            std::fs::remove_file(dir.join("archive.seal"))?;
            std::fs::remove_file(dir.join("archive.seal.sig"))?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "seal_missing",
                    "a valid archive whose archive.seal and archive.seal.sig are absent",
                ),
            )?;
        }
        if let Some(dir) = self.start("seal-invalid")? {
            self.pack(&dir, "seal-invalid", &age1, &payload(2_000, 25), SMALL_PART)?;
            let bytes = b"{\n  \"format\": \"coffer-seal\",\n  \"version\": 1,\n".to_vec();
            let signature = self.kit.signing.sign(&bytes)?;
            std::fs::write(dir.join("archive.seal"), &bytes)?;
            std::fs::write(dir.join("archive.seal.sig"), signature)?;
            Self::meta(
                &dir,
                &Meta::bad(
                    "seal_invalid",
                    "archive.seal is validly signed by the vault key but is not valid JSON (cut after the version)",
                ),
            )?;
        }
        Ok(())
    }

    /// Valid encryption and seal around a broken inside (zstd, tar, CBOR).
    fn inner(&mut self) -> Result {
        let data = payload(3_000, 30);

        let cases: Vec<(&str, &str, &str, Build)> = vec![
            (
                "unsupported-version",
                "unsupported_version",
                "header version is 3 (newer than the highest, 2), and the rest of the header is not v1-shaped (no class, part_size or payload_kind; a new key layers)",
                Box::new(|id: &str| {
                    coffer_tar(
                        id,
                        &data,
                        |h| {
                            set(h, "version", uint(3));
                            h.retain(|(k, _)| {
                                !matches!(*k, "class" | "part_size" | "payload_kind")
                            });
                            h.push((
                                "layers",
                                Value::Array(vec![text("age"), text("zstd"), text("tar")]),
                            ));
                        },
                        |_| {},
                    )
                }),
            ),
            (
                "header-invalid",
                "header_invalid",
                "the header lacks the required key class",
                Box::new(|id: &str| {
                    coffer_tar(id, &data, |h| h.retain(|(k, _)| *k != "class"), |_| {})
                }),
            ),
            (
                "manifest-invalid",
                "manifest_invalid",
                "the manifest lacks the required key streams",
                Box::new(|id: &str| {
                    coffer_tar(id, &data, |_| {}, |m| m.retain(|(k, _)| *k != "streams"))
                }),
            ),
            (
                "manifest-digest-mismatch",
                "digest_mismatch",
                "the manifest's SHA-256 of payload/dump/00000000 differs from the part's data (it is the SHA-256 of the empty string)",
                Box::new(|id: &str| {
                    coffer_tar(
                        id,
                        &data,
                        |_| {},
                        |m| {
                            for (k, v) in m.iter_mut() {
                                if *k == "entries"
                                    && let Value::Array(es) = v
                                    && let Some(Value::Map(e)) = es.get_mut(1)
                                {
                                    for (ek, ev) in e.iter_mut() {
                                        if ek.as_text() == Some("sha256") {
                                            *ev = Value::Bytes(Digest::of(b"").0.to_vec());
                                        }
                                    }
                                }
                            }
                        },
                    )
                }),
            ),
            (
                "hostile-absolute-path",
                "entry_invalid",
                "a part entry named /payload/dump/00000000 (absolute); the manifest lists it under that name",
                Box::new(|id: &str| {
                    hostile(id, &data, |tar, parts| {
                        for (name, bytes) in parts {
                            tar.file(&format!("/{name}"), bytes)?;
                        }
                        Ok(parts.iter().map(|(n, b)| (format!("/{n}"), *b)).collect())
                    })
                }),
            ),
            (
                "hostile-dotdot",
                "entry_invalid",
                "an entry named payload/../../etc/coffer-test between the header and the parts",
                Box::new(|id: &str| {
                    hostile(id, &data, |tar, parts| {
                        let evil = b"written outside the target\n";
                        tar.file("payload/../../etc/coffer-test", evil)?;
                        let mut listed =
                            vec![("payload/../../etc/coffer-test".to_owned(), &evil[..])];
                        for (name, bytes) in parts {
                            tar.file(name, bytes)?;
                            listed.push((name.clone(), *bytes));
                        }
                        Ok(listed)
                    })
                }),
            ),
            (
                "hostile-symlink",
                "entry_invalid",
                "the stream's only part payload/dump/00000000 is a symbolic link (typeflag 2) to /etc/passwd, not a regular file",
                Box::new(|id: &str| {
                    let h = cbor(&map(header_value(id, SMALL_PART)))?;
                    let entries = vec![
                        (names::HEADER_NAME.to_owned(), h.as_slice()),
                        (names::part_name(STREAM, 0), &b""[..]),
                    ];
                    let m = cbor(&map(manifest_value(id, &entries, b"")))?;
                    let mut tar = Tar::new()?;
                    tar.file(names::HEADER_NAME, &h)?;
                    tar.raw(&names::part_name(STREAM, 0), b'2', "/etc/passwd", b"")?;
                    tar.file(names::MANIFEST_NAME, &m)?;
                    Ok(tar.finish())
                }),
            ),
            (
                "duplicate-entry",
                "entry_invalid",
                "payload/dump/00000000 appears twice with the same data; the manifest lists both",
                Box::new(|id: &str| {
                    hostile(id, &data, |tar, parts| {
                        let mut listed = Vec::new();
                        for _ in 0..2 {
                            for (name, bytes) in parts {
                                tar.file(name, bytes)?;
                                listed.push((name.clone(), *bytes));
                            }
                        }
                        Ok(listed)
                    })
                }),
            ),
            (
                "oversized-manifest",
                "entry_invalid",
                "the manifest entry declares 16 MiB + 1 bytes (16777217 zero bytes, which zstd makes small)",
                Box::new(|id: &str| {
                    let h = cbor(&map(header_value(id, SMALL_PART)))?;
                    let mut tar = Tar::new()?;
                    tar.file(names::HEADER_NAME, &h)?;
                    for (name, bytes) in parts(&data, SMALL_PART) {
                        tar.file(&name, bytes)?;
                    }
                    tar.file(
                        names::MANIFEST_NAME,
                        &vec![0u8; names::MAX_MANIFEST_SIZE as usize + 1],
                    )?;
                    Ok(tar.finish())
                }),
            ),
            (
                "trailing-garbage",
                "entry_invalid",
                "a complete, valid tar, then non-zero bytes after its end-of-archive marker (inside the zstd and age layers)",
                Box::new(|id: &str| {
                    let mut t = coffer_tar(id, &data, |_| {}, |_| {})?;
                    t.extend_from_slice(b"trailing garbage after the end-of-archive marker\n");
                    t.resize(t.len().div_ceil(512) * 512, 0);
                    Ok(t)
                }),
            ),
            (
                "missing-manifest",
                "manifest_invalid",
                "the header and the parts, then the end-of-archive marker: no coffer/manifest.cbor",
                Box::new(|id: &str| {
                    let h = cbor(&map(header_value(id, SMALL_PART)))?;
                    let mut tar = Tar::new()?;
                    tar.file(names::HEADER_NAME, &h)?;
                    for (name, bytes) in parts(&data, SMALL_PART) {
                        tar.file(&name, bytes)?;
                    }
                    Ok(tar.finish())
                }),
            ),
        ];
        for (name, expect, description, build) in cases {
            let Some(dir) = self.start(name)? else {
                continue;
            };
            let tar = build(&archive_id(name))?;
            self.crafted(&dir, name, &zstd(&tar)?)?;
            Self::meta(&dir, &Meta::bad(expect, description))?;
        }
        Ok(())
    }
}

/// A tar with a valid header and manifest around payload entries written by
/// `body`, which returns the (name, data) list the manifest is to hold.
fn hostile<'d>(
    id: &str,
    data: &'d [u8],
    body: impl FnOnce(&mut Tar, &[(String, &'d [u8])]) -> Result<Vec<(String, &'d [u8])>>,
) -> Result<Vec<u8>> {
    let h = cbor(&map(header_value(id, SMALL_PART)))?;
    let mut tar = Tar::new()?;
    tar.file(names::HEADER_NAME, &h)?;
    let listed = body(&mut tar, &parts(data, SMALL_PART))?;
    let mut entries = vec![(names::HEADER_NAME.to_owned(), h.as_slice())];
    entries.extend(listed);
    let m = cbor(&map(manifest_value(id, &entries, data)))?;
    tar.file(names::MANIFEST_NAME, &m)?;
    Ok(tar.finish())
}

fn write_seal(dir: &Path, s: &SignedSeal) -> Result {
    std::fs::write(dir.join("archive.seal"), &s.bytes)?;
    std::fs::write(dir.join("archive.seal.sig"), s.signature.as_bytes())?;
    Ok(())
}

fn write_sealed(dir: &Path, archive: &[u8], s: &SignedSeal) -> Result {
    std::fs::write(dir.join("archive"), archive)?;
    write_seal(dir, s)
}

// ---------------------------------------------------------------------------
// Fuzz corpus

/// Seeds for `fuzz/fuzz_targets/reader.rs` (`coffer::format::fuzz_one`):
/// decrypted zstd+tar streams from coffer's writer, bare tars (valid and
/// hostile), header and manifest CBOR, a seal. No ciphertext, so the files
/// are the same on every run.
fn corpus(kit: &Kit, dir: &Path) -> Result {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes);
    let age1 = kit.age(&[&kit.age]);
    let tmp = tempfile::tempdir()?;
    // Streams exactly as the writer makes them.
    for (name, len, part) in [
        ("writer-small", 3_000, SMALL_PART),
        ("writer-empty", 0, SMALL_PART),
        ("writer-two-parts", SMALL_PART as usize + 100, SMALL_PART),
    ] {
        let d = tmp.path().join(name);
        std::fs::create_dir_all(&d)?;
        let p = pack(kit, &d, name, &age1, &payload(len, 40), part)?;
        put(
            &format!("{name}.tar.zst"),
            &decrypt(kit, &std::fs::read(&p.path)?)?,
        )?;
        if name == "writer-small" {
            // The seal is deterministic apart from the ciphertext hash.
            put("seal.json", &p.seal.bytes)?;
            put("seal.sig", p.seal.signature.as_bytes())?;
        }
    }
    // Bare tars: fuzz_one also reads its input as an uncompressed tar.
    let data = payload(700, 41);
    let good = coffer_tar(&archive_id("corpus"), &data, |_| {}, |_| {})?;
    put("good.tar", &good)?;
    put("good.tar.zst", &zstd(&good)?)?;
    let symlink = {
        let mut tar = Tar::new()?;
        tar.file(
            names::HEADER_NAME,
            &cbor(&map(header_value(&archive_id("corpus"), SMALL_PART)))?,
        )?;
        tar.raw("payload/dump/00000000", b'2', "/etc/passwd", b"")?;
        tar.raw("payload/dump/00000001", b'1', "payload/dump/00000000", b"")?;
        tar.finish()
    };
    put("symlink.tar", &symlink)?;
    let dotdot = hostile(&archive_id("corpus"), &data, |tar, parts| {
        tar.file("/payload/dump/00000000", b"x")?;
        tar.file("payload/../../etc/coffer-test", b"x")?;
        Ok(parts.to_vec())
    })?;
    put("dotdot.tar", &dotdot)?;
    put(
        "header.cbor",
        &cbor(&map(header_value(&archive_id("corpus"), SMALL_PART)))?,
    )?;
    let entries = vec![
        (names::HEADER_NAME.to_owned(), &b"h"[..]),
        (names::part_name(STREAM, 0), &data[..]),
    ];
    put(
        "manifest.cbor",
        &cbor(&map(manifest_value(&archive_id("corpus"), &entries, &data)))?,
    )?;
    put("part-name.txt", b"payload/dump.sql/00000007")?;
    Ok(())
}
