//! A 200 MiB streaming upload to the loopback S3 server keeps this process's
//! peak RSS within 64 MiB of where it started. VmHWM is process-wide, so
//! this is the only test of its binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod s3_support;

use std::io::{self, Read};
use std::time::Instant;

use coffer::digest::hash_reader;
use coffer::store::Store;

const MIB: u64 = 1024 * 1024;

/// Peak resident set size so far, in bytes (VmHWM of /proc/self/status).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM in /proc/self/status");
    kib * 1024
}

/// Cheap pseudo-random bytes made as they are read.
struct Gen {
    state: u64,
    remaining: u64,
}

impl Read for Gen {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        for chunk in buf[..n].chunks_mut(8) {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            chunk.copy_from_slice(&self.state.to_le_bytes()[..chunk.len()]);
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

#[test]
fn s3_upload_200_mib_in_constant_memory() {
    let size = 200 * MIB;
    let store = s3_support::bucket("memory");
    // Warm up the client (connection pool, runtime threads) first.
    store.put("warm", &mut &b"up"[..], None).unwrap();
    let before = peak_rss();

    let started = Instant::now();
    let data = || Gen {
        state: 0x1234_5678_9abc_def1,
        remaining: size,
    };
    let info = store.put("big/archive", &mut data(), None).unwrap();
    let upload = started.elapsed();
    let after_put = peak_rss();

    assert_eq!(info.size, size);
    assert_eq!(info.sha256, hash_reader(data()).unwrap().0);

    let started = Instant::now();
    let (digest, len) = hash_reader(store.get("big/archive").unwrap()).unwrap();
    let download = started.elapsed();
    let after_get = peak_rss();
    assert_eq!((digest, len), (info.sha256, size));

    let mb = size as f64 / 1e6;
    eprintln!(
        "200 MiB: upload {:.2} s ({:.0} MB/s), download {:.2} s ({:.0} MB/s); \
         peak RSS {:.1} MiB before, +{:.1} MiB after the upload, +{:.1} MiB after the download",
        upload.as_secs_f64(),
        mb / upload.as_secs_f64(),
        download.as_secs_f64(),
        mb / download.as_secs_f64(),
        before as f64 / MIB as f64,
        (after_put - before) as f64 / MIB as f64,
        (after_get - before) as f64 / MIB as f64,
    );
    assert!(
        after_put - before < 64 * MIB,
        "the upload raised peak RSS by {} MiB",
        (after_put - before) / MIB
    );
    assert!(
        after_get - before < 64 * MIB,
        "the download raised peak RSS by {} MiB",
        (after_get - before) / MIB
    );
}
