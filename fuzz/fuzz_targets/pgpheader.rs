//! Fuzzes the OpenPGP session-key packet reader of `coffer rekey`
//! (spec/format.md "Rekey") through
//! `coffer::crypto::pgp_rekey::fuzz_pgp_header`: an input is an OpenPGP
//! message. Session-key packets that parse must parse again from their own
//! bytes; a message that opens with the test vectors' OpenPGP secret key
//! (testdata/vectors/keys/pgp.sec.asc) is rewritten to a new certificate,
//! and must open with it to the same plaintext. No passphrase: gpg's S2K
//! count (65 M bytes hashed) per input would starve the fuzzer, and the
//! `decrypt` target opens passphrase messages. Seeds: `fuzz/corpus/pgpheader/` (vector archives, messages
//! made by gpg, cuts).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use coffer::crypto::Keys;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors/keys");

fn keys() -> &'static Keys {
    static KEYS_: OnceLock<Keys> = OnceLock::new();
    KEYS_.get_or_init(|| {
        let dir = Path::new(KEYS);
        let mut k = Keys::new();
        k.add_identity_file(&dir.join("pgp.sec.asc"))
            .unwrap_or_else(|e| panic!("pgp.sec.asc: {e}"));
        k
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::pgp_rekey::fuzz_pgp_header(keys(), data);
});
