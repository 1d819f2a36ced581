//! The archive format of spec/format.md, version 1: the writer, the reader,
//! the header, the manifest and the seal. Never opens a path, a socket or
//! SQLite: callers hand it readers and writers.

pub mod error;
pub mod meta;
pub mod names;
mod read_threads;
pub mod reader;
pub mod seal;
pub mod writer;

pub use error::{Error, ErrorClass, Result};
pub use meta::{Entry, Header, Imported, Manifest, Stream};
pub use reader::{Contents, read, read_plain, read_plain_threaded, read_tar};
pub use seal::{Seal, SignedSeal, Signer};
pub use writer::{ArchiveWriter, WriteOptions, Written};

/// Entry point for fuzzing and the corpus test: parses `data` as the
/// decrypted layer (zstd + tar), and as a header, a manifest and a seal.
/// Must never panic, whatever `data` holds.
pub fn fuzz_one(data: &[u8]) {
    let mut sink = |_: &str, _: &[u8]| Ok(());
    let _ = read_plain(data, &mut sink);
    let _ = read_tar(data, &mut sink);
    let _ = Header::from_cbor(data);
    let _ = Manifest::from_cbor(data);
    let _ = SignedSeal::parse(data.to_vec(), String::from_utf8_lossy(data).into_owned());
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = names::parse_part_name(s);
    }
}
