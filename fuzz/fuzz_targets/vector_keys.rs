//! The test vectors' keys (testdata/vectors/keys) as the fuzz targets load
//! them, included by each target with `#[path]` (not a target itself).

use std::path::Path;

use coffer::crypto::Keys;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors/keys");

/// The identity files `files` and, with `passphrase`, `passphrase.txt`
/// with the age scrypt work factor capped at 2^12 (a fuzzed file must
/// cost milliseconds; coffer itself accepts the age crate's bound).
pub fn load(files: &[&str], passphrase: bool) -> Keys {
    let dir = Path::new(KEYS);
    let mut k = Keys::new();
    for f in files {
        k.add_identity_file(&dir.join(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    if passphrase {
        let p = coffer::crypto::read_passphrase_file(&dir.join("passphrase.txt"))
            .unwrap_or_else(|e| panic!("passphrase.txt: {e}"));
        k.set_passphrase(p);
        k.set_max_scrypt_work_factor(12);
    }
    k
}
