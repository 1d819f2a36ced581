//! Checks every test vector of `testdata/vectors/` (see the README there)
//! through the library: the full reader (`read_checked`, seal first) must
//! give the recorded payload for `expect: ok`, and fail with exactly the
//! recorded class otherwise. `unpack` of the same vector must agree, and a
//! failed unpack must leave nothing in the output directory.
//!
//! One test per vector, named for it; `every_vector_has_a_test` makes sure no
//! directory goes unchecked. Regenerate with `cargo run --example make_vectors`.
#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use coffer::crypto::sign::VerifyingKey;
use coffer::crypto::{self, Keys};
use coffer::digest::{Digest, Hasher};
use coffer::format::Error;
use coffer::pipeline::loose::{self, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vectors")
}

/// A parsed `vector.txt`: `key: value` lines; `#` comments and empty lines
/// are skipped.
struct Vector {
    name: String,
    dir: PathBuf,
    fields: HashMap<String, String>,
}

impl Vector {
    fn load(name: &str) -> Vector {
        let dir = root().join(name);
        let path = dir.join("vector.txt");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut fields = HashMap::new();
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("{name}: malformed line {line:?}"));
            assert!(
                fields.insert(k.to_owned(), v.to_owned()).is_none(),
                "{name}: key {k:?} twice"
            );
        }
        Vector {
            name: name.to_owned(),
            dir,
            fields,
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    fn need(&self, key: &str) -> &str {
        self.get(key)
            .unwrap_or_else(|| panic!("{}: vector.txt lacks {key:?}", self.name))
    }

    fn keys(&self) -> Keys {
        let mut keys = Keys::new();
        if let Some(id) = self.get("identity") {
            keys.add_identity_file(&root().join(id))
                .unwrap_or_else(|e| panic!("{}: identity {id}: {e}", self.name));
        }
        if let Some(p) = self.get("passphrase-file") {
            let pass = crypto::read_passphrase_file(&root().join(p))
                .unwrap_or_else(|e| panic!("{}: passphrase-file {p}: {e}", self.name));
            keys.set_passphrase(pass);
        }
        assert!(
            !keys.is_empty(),
            "{}: neither identity nor passphrase-file",
            self.name
        );
        keys
    }

    fn signer(&self) -> VerifyingKey {
        let s = self.need("signer");
        VerifyingKey::load(&root().join(s))
            .unwrap_or_else(|e| panic!("{}: signer {s}: {e}", self.name))
    }

    fn no_seal(&self) -> bool {
        match self.get("no-seal") {
            None | Some("false") => false,
            Some("true") => true,
            Some(v) => panic!("{}: no-seal must be true or false, not {v:?}", self.name),
        }
    }
}

/// What the reader must produce for `expect: ok`.
struct Payload {
    stream: String,
    size: u64,
    sha256: Digest,
}

fn expected_payload(v: &Vector) -> Payload {
    Payload {
        stream: v.need("stream").to_owned(),
        size: v
            .need("payload-size")
            .parse()
            .unwrap_or_else(|e| panic!("{}: payload-size: {e}", v.name)),
        sha256: Digest::from_hex(v.need("payload-sha256"))
            .unwrap_or_else(|| panic!("{}: payload-sha256 is not 64 hex digits", v.name)),
    }
}

fn describe(v: &Vector, e: &Error) -> String {
    format!(
        "vector {} ({}): failed with {} ({})",
        v.name,
        v.need("description"),
        e.class.as_str(),
        e
    )
}

fn check(name: &str) {
    let v = Vector::load(name);
    let expect = v.need("expect").to_owned();
    let mode = v.need("mode");
    assert!(
        matches!(mode, "age" | "age-scrypt" | "openpgp" | "openpgp-symmetric"),
        "{name}: unknown mode {mode:?}"
    );
    let keys = v.keys();
    let signer = v.signer();
    let archive = v.dir.join("archive");

    // The full reader, payload bytes hashed per stream.
    let mut seen: HashMap<String, Hasher> = HashMap::new();
    let mut sink = |stream: &str, bytes: &[u8]| -> std::io::Result<()> {
        seen.entry(stream.to_owned()).or_default().update(bytes);
        Ok(())
    };
    let read = loose::read_checked(&archive, &keys, Some(&signer), v.no_seal(), &mut sink);

    // unpack must agree, and leave no file behind when it fails (spec R4).
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("payload");
    let stream = (expect == "ok").then(|| v.need("stream").to_owned());
    let unpacked = loose::unpack(
        &archive,
        &keys,
        Some(&signer),
        v.no_seal(),
        stream.as_deref(),
        Output::File(&out),
    );

    if expect == "ok" {
        let want = expected_payload(&v);
        let (keyless, contents) = read.unwrap_or_else(|e| panic!("{}", describe(&v, &e)));
        if !v.no_seal() {
            assert!(keyless.is_some(), "{name}: the seal was not checked");
        }
        assert_eq!(
            contents.mode.map(|m| m.as_str()),
            Some(mode),
            "{name}: detected mode"
        );
        // An empty stream sends no bytes at all, so it may be absent here;
        // the manifest must still list it (below).
        let (sha256, size) = seen.remove(&want.stream).unwrap_or_default().finish();
        assert_eq!(size, want.size, "{name}: payload size");
        assert_eq!(sha256, want.sha256, "{name}: payload SHA-256");
        let listed = contents
            .manifest
            .streams
            .iter()
            .find(|s| s.name == want.stream)
            .unwrap_or_else(|| panic!("{name}: manifest lacks stream {:?}", want.stream));
        assert_eq!(listed.size, want.size, "{name}: manifest stream size");

        unpacked.unwrap_or_else(|e| panic!("unpack: {}", describe(&v, &e)));
        let bytes = std::fs::read(&out).expect("unpacked payload");
        assert_eq!(bytes.len() as u64, want.size, "{name}: unpacked size");
        assert_eq!(Digest::of(&bytes), want.sha256, "{name}: unpacked SHA-256");
    } else {
        match read {
            Ok(_) => panic!("vector {name}: expected {expect}, but the archive was accepted"),
            Err(e) => assert_eq!(e.class.as_str(), expect, "{}", describe(&v, &e)),
        }
        match unpacked {
            Ok(_) => panic!("vector {name}: expected {expect}, but unpack succeeded"),
            Err(e) => assert_eq!(e.class.as_str(), expect, "unpack: {}", describe(&v, &e)),
        }
        let left: Vec<_> = std::fs::read_dir(out_dir.path())
            .expect("read temp dir")
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .expect("read temp dir");
        assert!(
            left.is_empty(),
            "{name}: a failed unpack left {left:?} in the output directory"
        );
    }
}

macro_rules! vectors {
    ($($test:ident => $name:literal,)*) => {
        /// Every vector that has a test.
        const VECTORS: &[&str] = &[$($name),*];
        $(
            #[test]
            fn $test() {
                check($name);
            }
        )*
    };
}

vectors! {
    good_age => "good-age",
    good_age_multi_recipient => "good-age-multi-recipient",
    good_age_scrypt => "good-age-scrypt",
    good_openpgp => "good-openpgp",
    good_openpgp_symmetric => "good-openpgp-symmetric",
    good_empty_payload => "good-empty-payload",
    good_two_parts => "good-two-parts",
    good_imported => "good-imported",
    good_age_rekeyed => "good-age-rekeyed",
    rekeyed_removed_key => "rekeyed-removed-key",
    good_openpgp_rekeyed => "good-openpgp-rekeyed",
    openpgp_rekeyed_passphrase => "openpgp-rekeyed-passphrase",
    truncated => "truncated",
    flipped_ciphertext => "flipped-ciphertext",
    wrong_key => "wrong-key",
    wrong_passphrase => "wrong-passphrase",
    not_an_archive => "not-an-archive",
    corrupt_zstd => "corrupt-zstd",
    zstd_window_too_large => "zstd-window-too-large",
    bad_signature => "bad-signature",
    seal_other_archive => "seal-other-archive",
    seal_archive_id_mismatch => "seal-archive-id-mismatch",
    seal_missing => "seal-missing",
    seal_invalid => "seal-invalid",
    unsupported_version => "unsupported-version",
    header_invalid => "header-invalid",
    manifest_invalid => "manifest-invalid",
    manifest_digest_mismatch => "manifest-digest-mismatch",
    hostile_absolute_path => "hostile-absolute-path",
    hostile_dotdot => "hostile-dotdot",
    hostile_symlink => "hostile-symlink",
    duplicate_entry => "duplicate-entry",
    oversized_manifest => "oversized-manifest",
    trailing_garbage => "trailing-garbage",
    missing_manifest => "missing-manifest",
}

/// No vector directory goes unchecked, and no test names a missing vector.
#[test]
fn every_vector_has_a_test() {
    let mut dirs: Vec<String> = std::fs::read_dir(root())
        .expect("testdata/vectors")
        .map(|e| e.expect("directory entry"))
        .filter(|e| e.path().is_dir() && e.file_name() != "keys")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut tested: Vec<String> = VECTORS.iter().map(|s| (*s).to_owned()).collect();
    tested.sort();
    assert_eq!(
        dirs, tested,
        "every directory of testdata/vectors needs a line in the vectors! macro of tests/vectors.rs"
    );
}

/// The README promises at least one vector per failure class, and good
/// vectors for every mode.
#[test]
fn every_class_and_mode_is_covered() {
    let vectors: Vec<Vector> = VECTORS.iter().map(|n| Vector::load(n)).collect();
    for class in [
        "not_an_archive",
        "no_matching_key",
        "truncated",
        "corrupt",
        "header_invalid",
        "manifest_invalid",
        "entry_invalid",
        "digest_mismatch",
        "unsupported_version",
        "seal_missing",
        "seal_invalid",
        "seal_mismatch",
        "signature_invalid",
    ] {
        assert!(
            vectors.iter().any(|v| v.get("expect") == Some(class)),
            "no vector expects {class}"
        );
    }
    for mode in ["age", "age-scrypt", "openpgp", "openpgp-symmetric"] {
        assert!(
            vectors
                .iter()
                .any(|v| v.get("expect") == Some("ok") && v.get("mode") == Some(mode)),
            "no good vector for mode {mode}"
        );
    }
}

/// The `imported` marker of spec "Header" (a version 1 addition) is read
/// back from its vector, and the archive's times are its source's.
#[test]
fn good_imported_header_carries_the_imported_marker() {
    let v = Vector::load("good-imported");
    let mut sink = |_: &str, _: &[u8]| -> std::io::Result<()> { Ok(()) };
    let (_, contents) = loose::read_checked(
        &v.dir.join("archive"),
        &v.keys(),
        Some(&v.signer()),
        false,
        &mut sink,
    )
    .unwrap_or_else(|e| panic!("{}", describe(&v, &e)));
    let h = contents.header;
    assert_eq!(h.payload_kind, "pg_dump/custom");
    assert_eq!(h.created, "2024-02-06T12:00:00Z");
    assert!(h.archive_id.starts_with("20240206T120000Z-"));
    let m = h.imported.unwrap_or_else(|| panic!("no imported marker"));
    assert_eq!(m.file, "fis_learn_20240206_120000.dump");
    assert_eq!(m.created_from, "name");
    assert!(m.layers.is_empty());
}
