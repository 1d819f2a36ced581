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

use std::sync::OnceLock;

use coffer::crypto::Keys;

#[path = "vector_keys.rs"]
mod vector_keys;

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| vector_keys::load(&["pgp.sec.asc"], false))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::pgp_rekey::fuzz_pgp_header(keys(), data);
});
