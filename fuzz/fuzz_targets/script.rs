//! Fuzzes the reader of pg_dump's plain SQL scripts (src/pg/script.rs, used
//! by set restores) through `coffer::pg::script::fuzz_one`, which must never
//! panic. Seeds: `fuzz/corpus/script/` (pg_dump output of the rich-types
//! fixture, whole and post-data only, and a hand-made script).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::pg::script::fuzz_one(data);
});
