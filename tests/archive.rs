//! The archive format's test suite (issue 2 "Tests"): round trips for every
//! encryption mode, boundary sizes and random payloads through the library;
//! a 128 MiB stream through the real binary with its peak RSS measured;
//! interop with the stock age, gpg, zstd, tar and ssh-keygen; damage (flipped
//! bytes, truncation) and hostile archives with their classes and exit codes;
//! keygen's file rules.
//!
//! Everything runs for real: the `coffer` binary via assert_cmd, the stock
//! tools from PATH (a missing tool fails the test, it is never skipped).
#![forbid(unsafe_code)]

mod common_archive;

use std::ffi::OsStr;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use age::secrecy::SecretString;
use coffer::crypto::{self, Encryption, Mode};
use coffer::digest::Digest;
use coffer::format::{
    self, ArchiveWriter, Entry, ErrorClass, Header, Manifest, Stream, WriteOptions, names,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use common_archive::*;

// ---------------------------------------------------------------------------
// Library round trips

/// A writer whose bytes stay readable after `ArchiveWriter` consumed it.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn bytes(&self) -> Vec<u8> {
        self.0.lock().expect("lock").clone()
    }
}

/// An encryption mode with the keys that open it.
struct Cipher {
    mode: Mode,
    encryption: Encryption,
    keys: crypto::Keys,
}

/// Key material for the library tests; the OpenPGP key is gpg's.
struct LibKeys {
    _dir: tempfile::TempDir,
    cert: PathBuf,
    secret: PathBuf,
}

impl LibKeys {
    fn new() -> LibKeys {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = gpg_key();
        let cert = dir.path().join("cert.pgp");
        let secret = dir.path().join("secret.pgp");
        write(&cert, &key.cert);
        write(&secret, &key.secret);
        LibKeys {
            _dir: dir,
            cert,
            secret,
        }
    }

    /// 0: age, one recipient; 1: age, three recipients (the last opens it);
    /// 2: OpenPGP to gpg's certificate; 3: OpenPGP symmetric.
    /// (age-scrypt costs seconds per use by design; it has its own test.)
    fn cipher(&self, which: usize) -> Cipher {
        let mut keys = crypto::Keys::new();
        match which {
            0 | 1 => {
                let ids: Vec<age::x25519::Identity> = (0..if which == 0 { 1 } else { 3 })
                    .map(|_| age::x25519::Identity::generate())
                    .collect();
                let recipients = ids.iter().map(|i| i.to_public()).collect();
                let last = ids.into_iter().last().expect("an identity");
                keys.add_age_identity(last);
                Cipher {
                    mode: Mode::Age,
                    encryption: Encryption::Age(recipients),
                    keys,
                }
            }
            2 => {
                keys.add_identity_file(&self.secret)
                    .expect("gpg secret key loads");
                Cipher {
                    mode: Mode::OpenPgp,
                    encryption: Encryption::OpenPgp(
                        crypto::read_pgp_certs(&self.cert).expect("gpg certificate loads"),
                    ),
                    keys,
                }
            }
            _ => {
                let p = "correct horse battery staple";
                keys.set_passphrase(SecretString::from(p.to_owned()));
                Cipher {
                    mode: Mode::OpenPgpSymmetric,
                    encryption: Encryption::OpenPgpPassphrase(SecretString::from(p.to_owned())),
                    keys,
                }
            }
        }
    }
}

fn header(part_size: u64) -> Header {
    let now = jiff::Timestamp::now();
    Header::new(
        names::new_archive_id(now),
        now,
        "general",
        "file",
        part_size,
    )
}

/// Writes one archive with one stream through the library.
fn lib_pack(c: &Cipher, data: &[u8], part_size: usize) -> (Vec<u8>, format::Written) {
    let out = Shared::default();
    let opts = WriteOptions {
        part_size,
        ..WriteOptions::default()
    };
    let mut w = ArchiveWriter::new(out.clone(), &c.encryption, header(part_size as u64), &opts)
        .expect("writer starts");
    w.copy_stream("data", &mut &data[..], &mut |_| {})
        .expect("stream copies");
    let written = w.finish(serde_json::Map::new()).expect("writer finishes");
    (out.bytes(), written)
}

/// Reads an archive through the library: (payload per stream, contents).
fn lib_read(c: &Cipher, archive: Vec<u8>) -> format::Result<(Vec<u8>, format::Contents)> {
    let mut got = Vec::new();
    let mut sink = |name: &str, bytes: &[u8]| {
        assert_eq!(name, "data");
        got.extend_from_slice(bytes);
        Ok(())
    };
    let contents = format::read(Cursor::new(archive), &c.keys, &mut sink)?;
    Ok((got, contents))
}

/// The round-trip property: the payload comes back byte for byte, and the
/// manifest describes exactly the parts spec/format.md "Tar entries" demands.
fn check_round_trip(c: &Cipher, data: &[u8], part_size: usize) -> (Vec<u8>, format::Written) {
    let (archive, written) = lib_pack(c, data, part_size);
    assert_eq!(written.ciphertext_size, archive.len() as u64);
    assert_eq!(written.ciphertext_sha256, Digest::of(&archive));
    let (got, contents) = lib_read(c, archive.clone())
        .unwrap_or_else(|e| panic!("{:?} archive of {} bytes: {e}", c.mode, data.len()));
    assert!(got == data, "payload differs ({} bytes)", data.len());
    assert_eq!(contents.mode, Some(c.mode));
    let m = &contents.manifest;
    let parts = data.len().div_ceil(part_size).max(1);
    assert_eq!(
        m.streams,
        vec![Stream {
            name: "data".into(),
            size: data.len() as u64,
            parts: parts as u64,
        }]
    );
    assert_eq!(m.entries.len(), parts + 1, "header + parts");
    assert_eq!(m.entries[0].name, names::HEADER_NAME);
    for (i, e) in m.entries[1..].iter().enumerate() {
        let part = &data[(i * part_size).min(data.len())..((i + 1) * part_size).min(data.len())];
        let want = Entry {
            name: names::part_name("data", i as u32),
            size: part.len() as u64,
            sha256: Digest::of(part),
        };
        assert_eq!(e, &want, "part {i} of {}", data.len());
    }
    assert_eq!(contents.header, written.header);
    assert_eq!(m, &written.manifest);
    (archive, written)
}

/// Every boundary the spec names: 0 and 1 byte, age's 64 KiB STREAM chunk
/// ± 1, and exact multiples of the part size ± 1 (two part sizes).
#[test]
fn library_round_trips_at_every_boundary() {
    let keys = LibKeys::new();
    let c = keys.cipher(0);
    for part in [65_536usize, 196_608] {
        let mut sizes = vec![0, 1, 65_535, 65_536, 65_537, 2 * 65_536 + 16];
        for k in 1..=3 {
            sizes.extend([k * part - 1, k * part, k * part + 1]);
        }
        for (i, &n) in sizes.iter().enumerate() {
            check_round_trip(&c, &payload(n, i as u64 + 7, i % 2 == 0), part);
        }
    }
}

/// Random payloads in every mode (age-scrypt aside: see its CLI test), with a
/// random truncation and a random flipped byte of each archive.
#[test]
fn library_round_trips_are_a_property_of_every_mode() {
    let keys = LibKeys::new();
    let mut runner = TestRunner::new(Config {
        cases: 16,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        0usize..4,
        prop_oneof![Just(65_536usize), Just(131_072usize)],
        0usize..24,
        0usize..400_000,
        any::<u64>(),
        any::<bool>(),
        any::<u64>(),
        any::<u64>(),
    );
    let result = runner.run(
        &strategy,
        |(which, part, pick, random_len, seed, compressible, cut, flip)| {
            // Half the cases at a boundary, half anywhere up to 3 parts.
            let boundaries = [0, 1, 65_535, 65_536, 65_537, part - 1, part, part + 1];
            let len = if pick < boundaries.len() {
                boundaries[pick]
            } else if pick < 12 {
                (pick - 7) * part + (seed % 3) as usize - 1
            } else {
                random_len % (3 * part + 8)
            };
            let c = keys.cipher(which);
            let data = payload(len, seed, compressible);
            let (archive, _) = check_round_trip(&c, &data, part);

            // Truncation anywhere is an error, never a short payload.
            let at = (cut % archive.len() as u64) as usize;
            let err = lib_read(&c, archive[..at].to_vec())
                .err()
                .unwrap_or_else(|| panic!("{:?} archive cut at {at} was accepted", c.mode));
            prop_assert!(
                !matches!(err.class, ErrorClass::Io | ErrorClass::KeyInvalid),
                "cut at {at}: {err} ({:?})",
                err.class
            );

            // A flipped byte is an error, except in the (unauthenticated)
            // key id of an OpenPGP PKESK, where the payload must still come
            // back exact.
            let at = (flip % archive.len() as u64) as usize;
            let mut bad = archive.clone();
            bad[at] ^= 0x10;
            match lib_read(&c, bad) {
                Ok((got, _)) => prop_assert!(
                    c.mode == Mode::OpenPgp && pkesk_key_id(&archive).contains(&at) && got == data,
                    "{:?}: flipped byte {at} accepted",
                    c.mode
                ),
                Err(e) => prop_assert!(
                    !matches!(e.class, ErrorClass::Io | ErrorClass::KeyInvalid),
                    "flip at {at}: {e} ({:?})",
                    e.class
                ),
            }
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The bytes of the key id in the first packet, a v3 PKESK (RFC 4880 5.1):
/// OpenPGP does not authenticate them, so flipping one changes nothing.
fn pkesk_key_id(msg: &[u8]) -> std::ops::Range<usize> {
    assert_eq!(msg[0] & 0xC0, 0xC0, "coffer writes new-format packets");
    assert_eq!(msg[0] & 0x3F, 1, "the first packet is a PKESK");
    let len_octets = match msg[1] {
        0..=191 => 1,
        192..=223 => 2,
        255 => 5,
        _ => panic!("a PKESK has no partial length"),
    };
    let version = 1 + len_octets;
    assert_eq!(msg[version], 3, "PKESK v3");
    version + 1..version + 9
}

// ---------------------------------------------------------------------------
// CLI round trips, one per encryption mode

struct Packed {
    keys: Keys,
    data: Vec<u8>,
    input: PathBuf,
    archive: PathBuf,
    out_dir: PathBuf,
}

/// A payload file and an output directory beside fresh keys.
fn setup(len: usize, seed: u64) -> Packed {
    let keys = Keys::new();
    let data = payload(len, seed, true);
    let input = keys.path("payload.bin");
    write(&input, &data);
    let out_dir = keys.path("out");
    std::fs::create_dir(&out_dir).expect("mkdir out");
    let archive = keys.path("a.tar.zst.age");
    Packed {
        keys,
        data,
        input,
        archive,
        out_dir,
    }
}

fn seal_json(archive: &Path) -> serde_json::Value {
    let mut p = archive.as_os_str().to_owned();
    p.push(".seal");
    serde_json::from_slice(&read(Path::new(&p))).expect("the seal is JSON")
}

fn sibling(archive: &Path, suffix: &str) -> PathBuf {
    let mut p = archive.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// `coffer unpack KEYARGS -o OUT ARCHIVE`, asserting success and the payload.
fn unpack_ok(key_args: &[&OsStr], archive: &Path, out: &Path, want: &[u8]) {
    ok(coffer()
        .arg("unpack")
        .args(key_args)
        .arg("-o")
        .arg(out)
        .arg(archive));
    assert!(read(out) == want, "unpacked payload differs");
    std::fs::remove_file(out).expect("rm");
}

/// `coffer unpack` that must fail with `code`, leaving `dir` empty.
fn unpack_fails(key_args: &[&OsStr], archive: &Path, dir: &Path, want: i32, what: &str) {
    let out = run(coffer()
        .arg("unpack")
        .args(key_args)
        .arg("-o")
        .arg(dir.join("payload.out"))
        .arg(archive));
    assert_fails(&out, want, what);
    assert_eq!(
        listing(dir),
        Vec::<String>::new(),
        "{what}: unpack left files behind"
    );
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

#[test]
fn cli_age_multi_recipient_round_trip() {
    let p = setup(300_001, 1);
    let b = Keys::new();
    let c = Keys::new();
    let rfile = p.keys.path("recipients.txt");
    write(&rfile, format!("# third\n{}\n", c.recipient).as_bytes());
    ok(coffer()
        .args(["pack", "-r", &p.keys.recipient, "-r", &b.recipient, "-R"])
        .arg(&rfile)
        .arg("--sign-key")
        .arg(&p.keys.sign_key)
        .args(["--part-size", "65536", "-o"])
        .arg(&p.archive)
        .arg(&p.input));
    let seal = seal_json(&p.archive);
    assert_eq!(seal["encryption"], "age");
    assert_eq!(seal["recipients"].as_array().map(Vec::len), Some(3));
    let out = p.out_dir.join("x");
    for id in [&p.keys.identity, &b.identity, &c.identity] {
        unpack_ok(&[os("-i"), id.as_os_str()], &p.archive, &out, &p.data);
    }
    // Keyless verification against the trusted signer.
    let v = ok(coffer()
        .arg("verify")
        .arg(&p.archive)
        .arg("--signer")
        .arg(&p.keys.sign_pub));
    let text = String::from_utf8_lossy(&v.stdout);
    assert!(
        text.starts_with("ok ") && text.contains("(trusted)"),
        "{text}"
    );
}

#[test]
fn cli_age_scrypt_round_trip_and_wrong_passphrase() {
    let p = setup(70_000, 2);
    let pass = p.keys.path("pass.txt");
    write(&pass, b"a long and correct passphrase\n");
    let wrong = p.keys.path("wrong.txt");
    write(&wrong, b"a long and wrong passphrase\n");
    ok(coffer()
        .args(["pack", "--passphrase-file"])
        .arg(&pass)
        .arg("--sign-key")
        .arg(&p.keys.sign_key)
        .arg("-o")
        .arg(&p.archive)
        .arg(&p.input));
    let seal = seal_json(&p.archive);
    assert_eq!(seal["encryption"], "age-scrypt");
    assert_eq!(seal["recipients"], serde_json::json!(["scrypt"]));
    let out = p.out_dir.join("x");
    unpack_ok(
        &[os("--passphrase-file"), pass.as_os_str()],
        &p.archive,
        &out,
        &p.data,
    );
    unpack_fails(
        &[os("--passphrase-file"), wrong.as_os_str()],
        &p.archive,
        &p.out_dir,
        4,
        "wrong scrypt passphrase",
    );
    // An identity cannot open a passphrase archive: the hint says so.
    let id = p.keys.identity.clone();
    unpack_fails(
        &[os("-i"), id.as_os_str()],
        &p.archive,
        &p.out_dir,
        4,
        "identity for a passphrase archive",
    );
}

#[test]
fn cli_openpgp_cert_round_trip_and_gpg_decrypts() {
    let p = setup(250_000, 3);
    let key = gpg_key();
    let cert = p.keys.path("cert.pgp");
    let secret = p.keys.path("secret.pgp");
    write(&cert, &key.cert);
    write(&secret, &key.secret);
    let archive = p.keys.path("a.tar.zst.gpg");
    ok(coffer()
        .args(["pack", "--pgp-cert"])
        .arg(&cert)
        .arg("--sign-key")
        .arg(&p.keys.sign_key)
        .args(["--part-size", "65536", "--name", "db", "-o"])
        .arg(&archive)
        .arg(&p.input));
    let seal = seal_json(&archive);
    assert_eq!(seal["encryption"], "openpgp");
    let fpr = seal["recipients"][0].as_str().expect("a recipient");
    assert!(fpr.starts_with("openpgp:"), "{fpr}");
    let out = p.out_dir.join("x");
    unpack_ok(&[os("-i"), secret.as_os_str()], &archive, &out, &p.data);
    // An age identity does not open an OpenPGP archive.
    let id = p.keys.identity.clone();
    unpack_fails(
        &[os("-i"), id.as_os_str()],
        &archive,
        &p.out_dir,
        4,
        "age identity on an OpenPGP archive",
    );

    // Stock recovery: gpg --decrypt | zstd -d | tar -xO.
    let home = gpg_home();
    ok(gpg(home.path()).arg("--import").arg(&secret));
    let plain = p.keys.path("plain.tar.zst");
    let dec = run(gpg(home.path())
        .args(["--yes", "-o"])
        .arg(&plain)
        .arg("--decrypt")
        .arg(&archive));
    gpg_kill_agent(home.path());
    assert!(dec.status.success(), "gpg --decrypt: {}", stderr(&dec));
    assert!(
        stock_payload(&plain, "db") == p.data,
        "gpg-decrypted payload differs"
    );
}

#[test]
fn cli_openpgp_symmetric_round_trip_and_gpg_decrypts() {
    let p = setup(140_000, 4);
    let pass = p.keys.path("pass.txt");
    write(&pass, b"gpg symmetric passphrase\n");
    let wrong = p.keys.path("wrong.txt");
    write(&wrong, b"not the passphrase\n");
    let archive = p.keys.path("a.tar.zst.gpg");
    ok(coffer()
        .args(["pack", "--pgp-passphrase-file"])
        .arg(&pass)
        .arg("--sign-key")
        .arg(&p.keys.sign_key)
        .args(["--name", "db", "-o"])
        .arg(&archive)
        .arg(&p.input));
    assert_eq!(seal_json(&archive)["encryption"], "openpgp-symmetric");
    let out = p.out_dir.join("x");
    unpack_ok(
        &[os("--passphrase-file"), pass.as_os_str()],
        &archive,
        &out,
        &p.data,
    );
    unpack_fails(
        &[os("--passphrase-file"), wrong.as_os_str()],
        &archive,
        &p.out_dir,
        4,
        "wrong OpenPGP passphrase",
    );

    let home = gpg_home();
    let plain = p.keys.path("plain.tar.zst");
    let dec = run(gpg(home.path())
        .args(["--pinentry-mode", "loopback", "--passphrase-file"])
        .arg(&pass)
        .args(["--yes", "-o"])
        .arg(&plain)
        .arg("--decrypt")
        .arg(&archive));
    gpg_kill_agent(home.path());
    assert!(dec.status.success(), "gpg --decrypt: {}", stderr(&dec));
    assert!(
        stock_payload(&plain, "db") == p.data,
        "gpg-decrypted payload differs"
    );
}

/// `zstd -d` then `tar -xO --wildcards 'payload/NAME/*'` of a decrypted layer.
fn stock_payload(tar_zst: &Path, name: &str) -> Vec<u8> {
    let tar = tar_zst.with_extension("");
    ok(tool("zstd")
        .args(["-d", "-q", "-f", "-o"])
        .arg(&tar)
        .arg(tar_zst));
    ok(tool("tar")
        .arg("-xOf")
        .arg(&tar)
        .arg("--wildcards")
        .arg(format!("payload/{name}/*")))
    .stdout
}

// ---------------------------------------------------------------------------
// Interop with the stock tools

#[test]
fn stock_age_zstd_tar_recover_the_payload_and_coffer_reads_stock_files() {
    let p = setup(300_000, 5);
    p.keys.pack_age(
        &p.input,
        &p.archive,
        &["--part-size", "65536", "--name", "mydata"],
    );
    let plain = p.keys.path("plain.tar.zst");
    ok(tool("age")
        .arg("-d")
        .arg("-i")
        .arg(&p.keys.identity)
        .arg("-o")
        .arg(&plain)
        .arg(&p.archive));
    assert!(
        stock_payload(&plain, "mydata") == p.data,
        "age|zstd|tar payload differs"
    );

    // `tar -x` gives exactly the spec's entries, in order.
    let tar = p.keys.path("plain.tar");
    let list = ok(tool("tar").arg("-tf").arg(&tar)).stdout;
    let mut want = vec![names::HEADER_NAME.to_owned()];
    want.extend((0..5).map(|i| names::part_name("mydata", i)));
    want.push(names::MANIFEST_NAME.to_owned());
    assert_eq!(
        String::from_utf8_lossy(&list).lines().collect::<Vec<_>>(),
        want
    );
    let x = p.keys.path("x");
    std::fs::create_dir(&x).expect("mkdir");
    ok(tool("tar").arg("-xf").arg(&tar).arg("-C").arg(&x));
    let mut joined = Vec::new();
    for i in 0..5 {
        joined.extend(read(&x.join(names::part_name("mydata", i))));
    }
    assert!(joined == p.data, "extracted parts differ");
    let h = Header::from_cbor(&read(&x.join(names::HEADER_NAME))).expect("header parses");
    let m = Manifest::from_cbor(&read(&x.join(names::MANIFEST_NAME))).expect("manifest parses");
    let seal = seal_json(&p.archive);
    assert_eq!(seal["archive_id"], h.archive_id.as_str());
    assert_eq!(m.archive_id, h.archive_id);
    assert_eq!(m.entries.len(), 6);

    // The real `age -r` around coffer's tar+zstd stream: coffer reads it
    // without a seal, and refuses it (seal missing) without --no-seal.
    let re = p.keys.path("re.tar.zst.age");
    ok(tool("age")
        .arg("-r")
        .arg(&p.keys.recipient)
        .arg("-o")
        .arg(&re)
        .arg(&plain));
    let id = p.keys.identity.as_os_str();
    ok(coffer()
        .args(["verify", "--no-seal", "-i"])
        .arg(id)
        .arg(&re));
    unpack_ok(
        &[os("--no-seal"), os("-i"), id],
        &re,
        &p.out_dir.join("x"),
        &p.data,
    );
    let out = run(coffer().args(["verify", "--json", "-i"]).arg(id).arg(&re));
    assert_fails(&out, 5, "stock age file without a seal");
    assert_eq!(json_class(&out), "seal_missing");
    assert!(stderr(&out).contains("seal"), "{}", stderr(&out));
    unpack_fails(&[os("-i"), id], &re, &p.out_dir, 5, "no seal");

    // A stream recompressed by the stock zstd (another encoder, another
    // frame layout) is read too.
    let recompressed = p.keys.path("stock.tar.zst");
    ok(tool("zstd")
        .args(["-q", "-19", "-f", "-o"])
        .arg(&recompressed)
        .arg(&tar));
    let re2 = p.keys.path("re2.tar.zst.age");
    ok(tool("age")
        .arg("-r")
        .arg(&p.keys.recipient)
        .arg("-o")
        .arg(&re2)
        .arg(&recompressed));
    unpack_ok(
        &[os("--no-seal"), os("-i"), id],
        &re2,
        &p.out_dir.join("x"),
        &p.data,
    );
}

#[test]
fn seal_verifies_with_stock_ssh_keygen_and_sha256sum() {
    let p = setup(10_000, 6);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let seal_path = sibling(&p.archive, ".seal");
    let sig_path = sibling(&p.archive, ".seal.sig");
    let public = String::from_utf8(read(&p.keys.sign_pub)).expect("utf-8");
    let two: Vec<&str> = public.split_whitespace().take(2).collect();
    let allowed = p.keys.path("allowed_signers");
    write(&allowed, format!("coffer {}\n", two.join(" ")).as_bytes());
    let verify = |seal: &Path, namespace: &str| {
        let f = std::fs::File::open(seal).expect("open seal");
        tool("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(&allowed)
            .args(["-I", "coffer", "-n", namespace, "-s"])
            .arg(&sig_path)
            .stdin(f)
            .output()
            .expect("run ssh-keygen")
    };
    let good = verify(&seal_path, "coffer-seal");
    assert!(
        good.status.success(),
        "ssh-keygen -Y verify: {}",
        stderr(&good)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("Good \"coffer-seal\" signature"));
    // The namespace is bound: the same signature is no good for another purpose.
    assert!(!verify(&seal_path, "file").status.success());

    // sha256sum and the size of the archive are what the seal says.
    let seal = seal_json(&p.archive);
    let sum = ok(tool("sha256sum").arg(&p.archive)).stdout;
    let sum = String::from_utf8_lossy(&sum);
    assert_eq!(
        sum.split_whitespace().next(),
        seal["ciphertext"]["sha256"].as_str()
    );
    assert_eq!(
        seal["ciphertext"]["size"].as_u64(),
        Some(std::fs::metadata(&p.archive).expect("stat").len())
    );

    // One changed byte of the seal: ssh-keygen and coffer both refuse it.
    let original = read(&seal_path);
    let at = original
        .windows(7)
        .position(|w| w == b"\"size\":")
        .expect("a size field")
        + 9;
    let mut bad = original.clone();
    bad[at] = if bad[at] == b'1' { b'2' } else { b'1' };
    write(&seal_path, &bad);
    assert!(
        !verify(&seal_path, "coffer-seal").status.success(),
        "ssh-keygen accepted a modified seal"
    );
    let out = run(coffer().args(["verify", "--json"]).arg(&p.archive));
    assert_fails(&out, 5, "modified seal");
    assert_eq!(json_class(&out), "signature_invalid");
}

// ---------------------------------------------------------------------------
// Damage

/// Byte ranges of an age file: the magic line, the first recipient stanza
/// (coffer writes one X25519 stanza, then age's grease stanza), the rest of
/// the header (grease and MAC), and the payload.
struct AgeLayout {
    stanza_end: usize,
    header_end: usize,
}

fn age_layout(bytes: &[u8]) -> AgeLayout {
    let find = |pat: &[u8], from: usize| {
        bytes[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|i| i + from)
            .expect("age header shape")
    };
    let first = find(b"\n-> ", 0);
    let stanza_end = find(b"\n-> ", first + 1) + 1;
    let mac = find(b"\n--- ", 0);
    let header_end = find(b"\n", mac + 1) + 1;
    AgeLayout {
        stanza_end,
        header_end,
    }
}

/// Flipping one byte anywhere, or cutting the file anywhere, fails every
/// check with exit 5 and writes nothing. Without the seal (deep check only)
/// the class says where the damage is.
#[test]
fn damaged_age_archives_fail_every_check_and_write_nothing() {
    let p = setup(300_000, 7);
    p.keys
        .pack_age(&p.input, &p.archive, &["--part-size", "65536"]);
    let good = read(&p.archive);
    let len = good.len();
    let l = age_layout(&good);
    let chunk = l.header_end + 16 + 65_536 + 16; // nonce + first STREAM chunk
    let mut flips = vec![
        0,
        1,
        10,
        21,
        22,
        30,
        60,
        l.stanza_end - 2,
        l.stanza_end + 3,
        l.header_end - 20,
        l.header_end - 1,
        l.header_end,
        l.header_end + 15,
        l.header_end + 16,
        chunk - 1,
        chunk,
        len / 3,
        len / 2,
        2 * len / 3,
    ];
    flips.extend([100, 50, 17, 16, 1].map(|back| len - back));
    let cuts = [
        0,
        1,
        21,
        40,
        l.stanza_end,
        l.header_end - 1,
        l.header_end,
        l.header_end + 16,
        chunk,
        chunk + 1,
        len / 2,
        len - 17,
        len - 16,
        len - 1,
    ];
    let case_dir = p.keys.path("case");
    std::fs::create_dir(&case_dir).expect("mkdir");
    let damaged = case_dir.join("d.tar.zst.age");
    // The seal of the good archive sits beside every damaged copy.
    std::fs::copy(sibling(&p.archive, ".seal"), sibling(&damaged, ".seal")).expect("cp");
    std::fs::copy(
        sibling(&p.archive, ".seal.sig"),
        sibling(&damaged, ".seal.sig"),
    )
    .expect("cp");
    let id = p.keys.identity.clone();
    let cases = flips
        .iter()
        .map(|&at| (format!("flip at {at}"), at, true))
        .chain(cuts.iter().map(|&at| (format!("cut at {at}"), at, false)));
    for (what, at, flip) in cases {
        let bytes = if flip {
            let mut b = good.clone();
            b[at] ^= 0x01;
            b
        } else {
            good[..at].to_vec()
        };
        write(&damaged, &bytes);

        let keyless = run(coffer().args(["verify", "--json"]).arg(&damaged));
        assert_fails(&keyless, 5, &format!("keyless verify, {what}"));
        let want = if flip { "seal_mismatch" } else { "truncated" };
        assert_eq!(json_class(&keyless), want, "keyless verify, {what}");

        let deep = run(coffer()
            .args(["verify", "--json", "-i"])
            .arg(&id)
            .arg(&damaged));
        assert_fails(&deep, 5, &format!("deep verify, {what}"));
        assert_eq!(json_class(&deep), want, "deep verify, {what}");

        unpack_fails(
            &[os("-i"), id.as_os_str()],
            &damaged,
            &p.out_dir,
            5,
            &format!("unpack, {what}"),
        );

        // Without the seal only the layers can tell: each region has its classes.
        let no_seal = run(coffer()
            .args(["verify", "--no-seal", "--json", "-i"])
            .arg(&id)
            .arg(&damaged));
        let class = json_class(&no_seal);
        let allowed: &[&str] = if !flip {
            &["truncated", "corrupt"]
        } else if at < 22 {
            &["not_an_archive"]
        } else if at < l.stanza_end {
            &["no_matching_key", "corrupt"]
        } else {
            &["corrupt"]
        };
        assert!(
            allowed.contains(&class.as_str()),
            "--no-seal, {what}: class {class}, expected one of {allowed:?}"
        );
        let want_code = if class == "no_matching_key" { 4 } else { 5 };
        assert_fails(&no_seal, want_code, &format!("--no-seal verify, {what}"));
        unpack_fails(
            &[os("--no-seal"), os("-i"), id.as_os_str()],
            &damaged,
            &p.out_dir,
            want_code,
            &format!("--no-seal unpack, {what}"),
        );
        assert_eq!(
            listing(&case_dir).len(),
            3,
            "{what}: stray files beside the archive"
        );
    }
}

/// OpenPGP archives: with the seal every damage is exit 5; without it the
/// message's own checks (MDC, session key) catch everything except the
/// PKESK's key id, which OpenPGP does not authenticate: there the payload
/// must come back exact or the key is reported as not matching.
#[test]
fn damaged_openpgp_archives_fail_and_write_nothing() {
    let p = setup(200_000, 8);
    let key = gpg_key();
    let cert = p.keys.path("cert.pgp");
    let secret = p.keys.path("secret.pgp");
    write(&cert, &key.cert);
    write(&secret, &key.secret);
    let pass = p.keys.path("pass.txt");
    write(&pass, b"pgp pass\n");
    for (flag, file, key_flag, key_file) in [
        ("--pgp-cert", &cert, "-i", &secret),
        ("--pgp-passphrase-file", &pass, "--passphrase-file", &pass),
    ] {
        let archive = p.keys.path(&format!("{}.gpg", &flag[2..]));
        ok(coffer()
            .args(["pack", flag])
            .arg(file)
            .arg("--sign-key")
            .arg(&p.keys.sign_key)
            .args(["--part-size", "65536", "-o"])
            .arg(&archive)
            .arg(&p.input));
        let good = read(&archive);
        let len = good.len();
        let damaged = p.keys.path("damaged.gpg");
        std::fs::copy(sibling(&archive, ".seal"), sibling(&damaged, ".seal")).expect("cp");
        std::fs::copy(
            sibling(&archive, ".seal.sig"),
            sibling(&damaged, ".seal.sig"),
        )
        .expect("cp");
        let keys = [os(key_flag), key_file.as_os_str()];
        let offsets = [
            0,
            1,
            2,
            3,
            5,
            11,
            20,
            60,
            300,
            600,
            1000,
            len / 2,
            len - 22,
            len - 1,
        ];
        for (at, flip) in offsets
            .iter()
            .map(|&a| (a, true))
            .chain([0, 1, 10, 100, 1000, len / 2, len - 22, len - 1].map(|a| (a, false)))
        {
            let what = format!("{flag} {} at {at}", if flip { "flip" } else { "cut" });
            let bytes = if flip {
                let mut b = good.clone();
                b[at] ^= 0x01;
                b
            } else {
                good[..at].to_vec()
            };
            write(&damaged, &bytes);
            let deep = run(coffer().arg("verify").args(keys).arg(&damaged));
            assert_fails(&deep, 5, &format!("deep verify, {what}"));
            unpack_fails(&keys, &damaged, &p.out_dir, 5, &format!("unpack, {what}"));

            let out = p.out_dir.join("x");
            let no_seal = run(coffer()
                .args(["unpack", "--no-seal"])
                .args(keys)
                .arg("-o")
                .arg(&out)
                .arg(&damaged));
            match code(&no_seal) {
                0 => {
                    assert!(
                        flag == "--pgp-cert" && flip && pkesk_key_id(&good).contains(&at),
                        "--no-seal accepted {what}"
                    );
                    assert!(read(&out) == p.data, "{what}: payload changed");
                    std::fs::remove_file(&out).expect("rm");
                }
                4 | 5 => {
                    assert_one_line_error(&no_seal, &what);
                    assert_eq!(listing(&p.out_dir), Vec::<String>::new(), "{what}");
                }
                c => panic!("--no-seal unpack, {what}: exit {c}: {}", stderr(&no_seal)),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Clear errors

#[test]
fn wrong_identity_is_exit_4_with_a_hint() {
    let p = setup(1000, 9);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let other = Keys::new();
    let out = run(coffer()
        .args(["verify", "-i"])
        .arg(&other.identity)
        .arg(&p.archive));
    assert_fails(&out, 4, "wrong identity");
    assert!(stderr(&out).contains("coffer: hint: "), "{}", stderr(&out));
    unpack_fails(
        &[os("-i"), other.identity.as_os_str()],
        &p.archive,
        &p.out_dir,
        4,
        "wrong identity",
    );
}

#[test]
fn missing_seal_or_signature_is_exit_5_and_names_the_seal() {
    let p = setup(1000, 10);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let id = p.keys.identity.clone();
    for suffix in [".seal", ".seal.sig"] {
        let f = sibling(&p.archive, suffix);
        let saved = read(&f);
        std::fs::remove_file(&f).expect("rm");
        for args in [
            vec![os("verify")],
            vec![os("verify"), os("-i"), id.as_os_str()],
        ] {
            let out = run(coffer().args(&args).arg(&p.archive));
            assert_fails(&out, 5, &format!("{suffix} missing"));
            let err = stderr(&out);
            assert!(
                err.lines().next().is_some_and(|l| l.contains("seal")),
                "the error must mention the seal: {err}"
            );
        }
        unpack_fails(
            &[os("-i"), id.as_os_str()],
            &p.archive,
            &p.out_dir,
            5,
            suffix,
        );
        write(&f, &saved);
    }
    ok(coffer().arg("verify").arg(&p.archive));
}

#[test]
fn seal_of_another_archive_is_exit_5() {
    let p = setup(5000, 11);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let b = p.keys.path("b.tar.zst.age");
    p.keys.pack_age(&p.input, &b, &[]);
    for suffix in [".seal", ".seal.sig"] {
        std::fs::copy(sibling(&b, suffix), sibling(&p.archive, suffix)).expect("cp");
    }
    // age's grease stanza has a random length, so A may be shorter than the
    // size B's seal records; then the keyless check (which cannot see the
    // archive id) reports truncation, as spec "Verification" orders.
    let size = |f: &Path| std::fs::metadata(f).expect("stat").len();
    let want = if size(&p.archive) < size(&b) {
        "truncated"
    } else {
        "seal_mismatch"
    };
    let id = p.keys.identity.clone();
    for args in [
        vec![os("verify"), os("--json")],
        vec![os("verify"), os("--json"), os("-i"), id.as_os_str()],
    ] {
        let out = run(coffer().args(&args).arg(&p.archive));
        assert_fails(&out, 5, "B's seal beside A");
        assert_eq!(json_class(&out), want);
    }
    unpack_fails(
        &[os("-i"), id.as_os_str()],
        &p.archive,
        &p.out_dir,
        5,
        "B's seal",
    );
}

#[test]
fn untrusted_signer_is_exit_5() {
    let p = setup(1000, 12);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let other = Keys::new();
    let out = run(coffer()
        .args(["verify", "--json", "--signer"])
        .arg(&other.sign_pub)
        .arg(&p.archive));
    assert_fails(&out, 5, "untrusted signer");
    assert_eq!(json_class(&out), "signature_invalid");
    unpack_fails(
        &[
            os("-i"),
            p.keys.identity.as_os_str(),
            os("--signer"),
            other.sign_pub.as_os_str(),
        ],
        &p.archive,
        &p.out_dir,
        5,
        "untrusted signer",
    );
    // A forger re-signs the seal with the stock ssh-keygen and its own key.
    let seal = sibling(&p.archive, ".seal");
    let sig = sibling(&p.archive, ".seal.sig");
    let resign = || {
        std::fs::remove_file(&sig).expect("rm sig");
        ok(tool("ssh-keygen")
            .args(["-q", "-Y", "sign", "-n", "coffer-seal", "-f"])
            .arg(&other.sign_key)
            .arg(&seal));
    };
    resign();
    // The seal still names the vault's key: refused with or without --signer.
    for trusted in [true, false] {
        let mut cmd = coffer();
        cmd.args(["verify", "--json"]);
        if trusted {
            cmd.arg("--signer").arg(&p.keys.sign_pub);
        }
        let out = run(cmd.arg(&p.archive));
        assert_fails(&out, 5, "seal signed by another key");
        assert_eq!(json_class(&out), "signature_invalid");
    }
    // Renamed to the forger's key, only --signer can tell: keyless without
    // it reports the signer as unchecked, with it the seal is refused.
    let text = String::from_utf8(read(&seal)).expect("utf-8");
    let mine = seal_json(&p.archive)["signer"]
        .as_str()
        .expect("signer")
        .to_owned();
    let theirs = String::from_utf8_lossy(
        &ok(tool("ssh-keygen").arg("-l").arg("-f").arg(&other.sign_pub)).stdout,
    )
    .split_whitespace()
    .nth(1)
    .expect("fingerprint")
    .to_owned();
    write(&seal, text.replace(&mine, &theirs).as_bytes());
    resign();
    let out = ok(coffer().arg("verify").arg(&p.archive));
    let note = String::from_utf8_lossy(&out.stdout);
    assert!(
        note.contains(&theirs) && note.contains("pass --signer"),
        "{note}"
    );
    let out = run(coffer()
        .args(["verify", "--json", "--signer"])
        .arg(&p.keys.sign_pub)
        .arg(&p.archive));
    assert_fails(&out, 5, "forged seal, trusted signer given");
    assert_eq!(json_class(&out), "signature_invalid");
    unpack_fails(
        &[
            os("-i"),
            p.keys.identity.as_os_str(),
            os("--signer"),
            p.keys.sign_pub.as_os_str(),
        ],
        &p.archive,
        &p.out_dir,
        5,
        "forged seal",
    );
}

#[test]
fn malformed_key_files_are_exit_3() {
    let p = setup(1000, 13);
    p.keys.pack_age(&p.input, &p.archive, &[]);
    let junk = p.keys.path("junk.txt");
    write(&junk, b"this is not a key\n");
    let out = run(coffer().args(["verify", "-i"]).arg(&junk).arg(&p.archive));
    assert_fails(&out, 3, "junk identity");
    let out = run(coffer()
        .args(["pack", "-r", &p.keys.recipient, "--sign-key"])
        .arg(&junk)
        .arg("-o")
        .arg(p.keys.path("never.age"))
        .arg(&p.input));
    assert_fails(&out, 3, "junk signing key");
    assert!(!p.keys.path("never.age").exists());
    let out = run(coffer()
        .args(["pack", "-r", "age1notarecipient", "--sign-key"])
        .arg(&p.keys.sign_key)
        .arg("-o")
        .arg(p.keys.path("never.age"))
        .arg(&p.input));
    assert_fails(&out, 3, "bad recipient");
}

// ---------------------------------------------------------------------------
// Hand-made archives: unknown version, hostile entries

/// How a hand-made archive deviates from a good one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Hostile {
    None,
    Version3,
    AbsolutePath,
    DotDot,
    Symlink,
    Hardlink,
    Directory,
    PaxHeader,
    GnuLongName,
    Duplicate,
    OversizedHeader,
    OversizedManifest,
    EntryAfterManifest,
    UnknownName,
    TrailingGarbage,
    NoEndMarker,
    HalfEndMarker,
    HeaderNotFirst,
    NoManifest,
    ManifestDigestMismatch,
}

/// A coffer tar built by hand: header, one part of stream "x", manifest,
/// with one deviation.
fn hand_tar(kind: Hostile, evil: &str) -> Vec<u8> {
    let mut h = header(65_536);
    if kind == Hostile::Version3 {
        h.version = 3;
    }
    let mut hbytes = h.to_cbor().expect("cbor");
    if kind == Hostile::OversizedHeader {
        hbytes.resize(names::MAX_HEADER_SIZE as usize + 1, 0);
    }
    let part = payload(1000, 99, true);
    let part_name = names::part_name("x", 0);
    let mut m = Manifest {
        format: "coffer-manifest".into(),
        version: 1,
        archive_id: h.archive_id.clone(),
        entries: vec![
            Entry {
                name: names::HEADER_NAME.into(),
                size: hbytes.len() as u64,
                sha256: Digest::of(&hbytes),
            },
            Entry {
                name: part_name.clone(),
                size: part.len() as u64,
                sha256: Digest::of(&part),
            },
        ],
        streams: vec![Stream {
            name: "x".into(),
            size: part.len() as u64,
            parts: 1,
        }],
        facts: serde_json::Map::new(),
        tool: "hand-made".into(),
    };
    if kind == Hostile::ManifestDigestMismatch {
        m.entries[1].sha256 = Digest::of(b"something else");
    }
    let mut mbytes = m.to_cbor().expect("cbor");
    if kind == Hostile::OversizedManifest {
        mbytes.resize(names::MAX_MANIFEST_SIZE as usize + 1, 0);
    }
    let mut t = Ustar::default();
    if kind == Hostile::HeaderNotFirst {
        t.file(&part_name, &part);
    }
    t.file(names::HEADER_NAME, &hbytes);
    match kind {
        Hostile::AbsolutePath => {
            t.file(evil, b"owned");
        }
        Hostile::DotDot => {
            t.file("payload/x/../../../evil", b"owned");
        }
        Hostile::Symlink => {
            t.entry(&part_name, b'2', evil, b"");
        }
        Hostile::Hardlink => {
            t.entry(&part_name, b'1', evil, b"");
        }
        Hostile::Directory => {
            t.entry("payload/x/", b'5', "", b"");
        }
        Hostile::PaxHeader => {
            // A pax record counts its own length digits.
            let body = format!(" path={evil}\n");
            let digits = (1..5)
                .find(|&d| (body.len() + d).to_string().len() == d)
                .expect("a length");
            let rec = format!("{}{body}", body.len() + digits);
            t.entry("PaxHeaders/x", b'x', "", rec.as_bytes());
        }
        Hostile::GnuLongName => {
            t.entry("././@LongLink", b'L', "", format!("{evil}\0").as_bytes());
        }
        Hostile::UnknownName => {
            t.file("coffer/extra.cbor", b"\xa0");
        }
        _ => {}
    }
    if kind != Hostile::HeaderNotFirst {
        t.file(&part_name, &part);
    }
    if kind == Hostile::Duplicate {
        t.file(&part_name, &part);
    }
    if kind != Hostile::NoManifest {
        t.file(names::MANIFEST_NAME, &mbytes);
    }
    if kind == Hostile::EntryAfterManifest {
        t.file(&names::part_name("x", 1), b"late");
    }
    t.end();
    match kind {
        Hostile::NoEndMarker => t.bytes.truncate(t.bytes.len() - 1024),
        Hostile::HalfEndMarker => t.bytes.truncate(t.bytes.len() - 512),
        _ => {}
    }
    if kind == Hostile::TrailingGarbage {
        t.bytes
            .extend_from_slice(b"garbage after the end of the archive");
        t.bytes.extend(std::iter::repeat_n(0u8, 512));
    }
    t.bytes
}

/// Hand-made archives wrapped by the stock `zstd` and `age -r`: each
/// deviation has its class and exit code, nothing is written, and no file
/// appears where a hostile name points.
#[test]
fn hostile_and_future_archives_are_refused_with_their_class() {
    let keys = Keys::new();
    let root = keys.path("hostile");
    std::fs::create_dir(&root).expect("mkdir");
    let evil = root.join("evil");
    let evil = evil.to_str().expect("utf-8 path");
    let id = keys.identity.clone();
    let table: &[(Hostile, i32, &str)] = &[
        (Hostile::None, 0, "ok"),
        (Hostile::Version3, 6, "unsupported_version"),
        (Hostile::AbsolutePath, 5, "entry_invalid"),
        (Hostile::DotDot, 5, "entry_invalid"),
        (Hostile::Symlink, 5, "entry_invalid"),
        (Hostile::Hardlink, 5, "entry_invalid"),
        (Hostile::Directory, 5, "entry_invalid"),
        (Hostile::PaxHeader, 5, "entry_invalid"),
        (Hostile::GnuLongName, 5, "entry_invalid"),
        (Hostile::Duplicate, 5, "entry_invalid"),
        (Hostile::OversizedHeader, 5, "entry_invalid"),
        (Hostile::OversizedManifest, 5, "entry_invalid"),
        (Hostile::EntryAfterManifest, 5, "entry_invalid"),
        (Hostile::UnknownName, 5, "entry_invalid"),
        (Hostile::TrailingGarbage, 5, "entry_invalid"),
        (Hostile::NoEndMarker, 5, "truncated"),
        (Hostile::HalfEndMarker, 5, "truncated"),
        (Hostile::HeaderNotFirst, 5, "header_invalid"),
        (Hostile::NoManifest, 5, "manifest_invalid"),
        (Hostile::ManifestDigestMismatch, 5, "digest_mismatch"),
    ];
    for &(kind, want_code, want_class) in table {
        let what = format!("{kind:?}");
        let dir = root.join(&what);
        let out_dir = dir.join("out");
        std::fs::create_dir_all(&out_dir).expect("mkdir");
        let tar = dir.join("a.tar");
        write(&tar, &hand_tar(kind, evil));
        // The stock tar must see what we built (for the good one: the payload).
        let listed = run(tool("tar").arg("-tf").arg(&tar));
        if kind == Hostile::None {
            assert!(listed.status.success(), "tar -tf: {}", stderr(&listed));
        }
        let zst = dir.join("a.tar.zst");
        ok(tool("zstd").args(["-q", "-f", "-o"]).arg(&zst).arg(&tar));
        let archive = dir.join("a.tar.zst.age");
        ok(tool("age")
            .arg("-r")
            .arg(&keys.recipient)
            .arg("-o")
            .arg(&archive)
            .arg(&zst));
        let out = run(coffer()
            .args(["verify", "--no-seal", "--json", "-i"])
            .arg(&id)
            .arg(&archive));
        if want_code == 0 {
            assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
            unpack_ok(
                &[os("--no-seal"), os("-i"), id.as_os_str()],
                &archive,
                &out_dir.join("x"),
                &payload(1000, 99, true),
            );
            continue;
        }
        assert_fails(&out, want_code, &what);
        assert_eq!(json_class(&out), want_class, "{what}");
        unpack_fails(
            &[os("--no-seal"), os("-i"), id.as_os_str()],
            &archive,
            &out_dir,
            want_code,
            &what,
        );
        assert!(!Path::new(evil).exists(), "{what}: wrote {evil}");
        assert!(!root.parent().expect("parent").join("evil").exists());
    }
}

// ---------------------------------------------------------------------------
// Keygen

#[test]
fn keygen_files_are_private_never_overwritten_and_load_in_ssh_keygen() {
    use std::os::unix::fs::PermissionsExt;
    let keys = Keys::new();
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&keys.identity), 0o600);
    assert_eq!(mode(&keys.sign_key), 0o600);

    let before = read(&keys.identity);
    let out = run(coffer().arg("keygen").arg("-o").arg(&keys.identity));
    assert_fails(&out, 3, "keygen over an existing identity");
    assert_eq!(read(&keys.identity), before, "identity overwritten");
    assert!(out.stdout.is_empty(), "no recipient printed on failure");

    let before = (read(&keys.sign_key), read(&keys.sign_pub));
    let out = run(coffer()
        .args(["keygen", "--signing", "-o"])
        .arg(&keys.sign_key));
    assert_fails(&out, 3, "keygen --signing over an existing key");
    assert_eq!((read(&keys.sign_key), read(&keys.sign_pub)), before);
    // A stray FILE.pub also stops it, before the private key is written.
    let fresh = keys.path("fresh.key");
    write(&sibling(&fresh, ".pub"), b"occupied\n");
    let out = run(coffer().args(["keygen", "--signing", "-o"]).arg(&fresh));
    assert_fails(&out, 3, "keygen --signing with FILE.pub present");
    assert!(!fresh.exists(), "private key written beside a foreign .pub");

    // The stock ssh-keygen reads both halves and agrees on the fingerprint
    // that seals name.
    let l = ok(tool("ssh-keygen").arg("-l").arg("-f").arg(&keys.sign_pub)).stdout;
    let l = String::from_utf8_lossy(&l);
    assert!(l.contains("(ED25519)"), "{l}");
    let y = ok(tool("ssh-keygen").arg("-y").arg("-f").arg(&keys.sign_key)).stdout;
    let public = String::from_utf8(read(&keys.sign_pub)).expect("utf-8");
    let key_of = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert_eq!(key_of(&String::from_utf8_lossy(&y)), key_of(&public));
    let input = keys.path("p");
    write(&input, b"x");
    let archive = keys.path("a.age");
    keys.pack_age(&input, &archive, &[]);
    let signer = seal_json(&archive)["signer"]
        .as_str()
        .expect("signer")
        .to_owned();
    assert!(
        l.contains(&signer),
        "seal signer {signer} vs ssh-keygen {l}"
    );
}

// ---------------------------------------------------------------------------
// Large streams in constant memory

/// Peak RSS allowed for pack and unpack (issue 2 "Performance").
const RSS_LIMIT_KIB: u64 = 64 * 1024;
const BIG: usize = 128 << 20;

fn big_input() -> &'static [u8] {
    static DATA: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DATA.get_or_init(|| payload(BIG, 0xC0FFEE, true))
}

/// `coffer pack` of 128 MiB from stdin and `coffer unpack -o -` stay under
/// 64 MiB of peak RSS, and the bytes come back exact. age with two zstd
/// workers (fixed, so the figure does not depend on the machine's cores),
/// and OpenPGP-symmetric for the reading side.
#[test]
fn big_stream_round_trips_in_constant_memory() {
    let keys = Keys::new();
    let data = big_input();
    let want = Digest::of(data);
    let pass = keys.path("pass.txt");
    write(&pass, b"big\n");
    for (mode, enc) in [
        ("age", vec![os("-r"), os(&keys.recipient)]),
        (
            "openpgp-symmetric",
            vec![os("--pgp-passphrase-file"), pass.as_os_str()],
        ),
    ] {
        let archive = keys.path(&format!("big-{mode}"));
        let mut args = vec![os("pack"), os("--threads"), os("2"), os("--sign-key")];
        args.push(keys.sign_key.as_os_str());
        args.extend(enc);
        args.extend([
            os("--name"),
            os("big"),
            os("-o"),
            archive.as_os_str(),
            os("-"),
        ]);
        let (pack_kib, status, err) = with_peak_rss(&args, Some(data), |_| {});
        assert!(status.success(), "{mode} pack: {err}");
        eprintln!("{mode}: pack peak RSS {pack_kib} KiB");
        if mode == "age" {
            assert!(
                pack_kib < RSS_LIMIT_KIB,
                "{mode} pack of 128 MiB peaked at {pack_kib} KiB"
            );
        }
        assert!(
            std::fs::metadata(&archive).expect("stat").len() < (BIG as u64) * 3 / 4,
            "the semi-compressible input was not compressed"
        );

        let key_args: Vec<&OsStr> = if mode == "age" {
            vec![os("-i"), keys.identity.as_os_str()]
        } else {
            vec![os("--passphrase-file"), pass.as_os_str()]
        };
        let mut args = vec![os("unpack")];
        args.extend(key_args);
        args.extend([os("-o"), os("-"), archive.as_os_str()]);
        let mut got = coffer::digest::Hasher::new();
        let (unpack_kib, status, err) = with_peak_rss(&args, None, |out| {
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = out.read(&mut buf).expect("read stdout");
                if n == 0 {
                    break;
                }
                got.update(&buf[..n]);
            }
        });
        assert!(status.success(), "{mode} unpack: {err}");
        eprintln!("{mode}: unpack peak RSS {unpack_kib} KiB");
        assert_eq!(got.finish(), (want, BIG as u64), "{mode}: payload differs");
        assert!(
            unpack_kib < RSS_LIMIT_KIB,
            "{mode} unpack of 128 MiB peaked at {unpack_kib} KiB"
        );
        std::fs::remove_file(&archive).expect("rm");
    }
}
