//! Fuzzes the archive header parser (spec/format.md "Header") through
//! `coffer::format::meta::fuzz_header`: CBOR decoding, the format/version
//! check, validation, and the round trip of a header that validates. Seeds:
//! `fuzz/corpus/header/` (the header.cbor of the test vectors' archives).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::format::meta::fuzz_header(data);
});
