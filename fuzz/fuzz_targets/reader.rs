//! Fuzzes every parser of the reader (spec/format.md "Layer 3: tar",
//! "Header", "Manifest", "Seal", entry names) through
//! `coffer::format::fuzz_one`, which must never panic: a hostile archive may
//! only ever produce an error. Seeds: `fuzz/corpus/reader/` (made by
//! `cargo run --example make_vectors`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::format::fuzz_one(data);
});
